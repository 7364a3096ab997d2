"""Bad input is the caller's error (400, or the page with a validation message), never a 500.

The URLs come from the resolver, so a new list page or endpoint is swept too: every query parameter that names an
id, a province, a year or a date, and the paging, is sent with values a careless user or an attacker would type.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from dxnet.core.parsers import MAX_DEPTH
from dxnet.core.spreadsheets import SHEETS

from .conftest import client_for

HUGE = "99999999999999999999999"  # past any 64-bit id
BAD = {
    "parent": HUGE, "province": "abc", "commune": HUGE, "agency": "1e5", "team": "-3", "plan": HUGE, "lead": "abc",
    "kind": HUGE, "skill_area": "abc", "job_position": HUGE, "platform": "1.5", "ministry": HUGE, "milestone": "\x00",
    "as_of": "2024-13-45", "date_from": "2024-02-30", "date_to": "abc", "year": HUGE, "search": "a\x00b",
    "tier": "abc", "earliest": HUGE, "template": HUGE, "overdue": "abc", "status": "abc", "group": "\x00",
    "role": "abc", "level": HUGE, "duty": "abc", "has_team": "abc", "format": "abc",
}
DAYS = ("as_of", "date_from", "date_to", "since", "until", "day")  # valid dates at the edges of the calendar
LENIENT = {"overdue", "has_team"}  # a yes/no filter reads anything but yes or no as "either", like an empty box
PAGING = {"page": ["abc", "0", "-1", HUGE], "page_size": ["-1", "abc", HUGE]}
SKIP = {"logout", "readyz"}  # a GET on logout is a 405 by design; a probe answers 503 until a worker runs


def _argless_urls(patterns=None, prefix="", namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _argless_urls(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.regex.groupindex \
                and "(?P" not in str(pattern.pattern) and "<" not in str(pattern.pattern):
            name = f"{namespace}{pattern.name}"
            if name not in SKIP and "format" not in str(pattern.pattern):
                yield name, pattern.callback


def _declared(callback) -> set[str]:
    """The query parameters the view's filter set declares (pages and API alike), and paging when it pages."""
    if "get" not in (getattr(callback, "actions", None) or {"get": ""}):
        return set()  # a POST-only action of a viewset (mark-read) filters nothing: its GET is a 405
    view = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    filterset = getattr(view, "filterset_class", None)
    declared = set(filterset.base_filters) if filterset else set()
    api_pages = hasattr(view, "list") and getattr(view, "pagination_class", None)
    if api_pages or getattr(view, "paginate_by", None):
        declared |= {"page"} if not api_pages else set(PAGING)  # pages ignore a page size they do not offer
    return declared


URLS = sorted(_argless_urls(), key=lambda item: item[0])


@pytest.fixture
def admin(actors):
    client = client_for(actors["national_admin"])
    client.raise_request_exception = False  # a crash must show up as a 500 to assert on, not as an error
    return client


@pytest.mark.parametrize(("name", "callback"), URLS, ids=[name for name, _ in URLS])
def test_bad_query_values_never_answer_500(name, callback, admin):
    url = reverse(name)
    declared = _declared(callback)
    api = url.startswith("/api/")
    for param in DAYS:
        for day in ("0001-01-01", "9999-12-31"):
            assert admin.get(url, {param: day}).status_code < 500, (url, param, day)
    for param, value in [*BAD.items(), *((p, v) for p, values in PAGING.items() for v in values)]:
        response = admin.get(url, {param: value})
        assert response.status_code < 500, (url, param, value, response.status_code)
        if param in declared - LENIENT:
            if api:
                assert response.status_code == 400, (url, param, value, response.status_code)
                body = response.json()
                assert body["code"] == "invalid" and param in body["errors"], (url, param, body)
            else:
                shown = "Giá trị không hợp lệ đã bị bỏ qua" in response.content.decode()
                assert response.status_code == 400 or shown, (url, param, value, response.status_code)


API_LISTS = [(name, callback) for name, callback in URLS if reverse(name).startswith("/api/")]


@pytest.mark.parametrize(("name", "callback"), API_LISTS, ids=[name for name, _ in API_LISTS])
def test_a_body_that_is_not_json_or_nests_too_deep_is_a_400(name, callback, admin):
    url = reverse(name)
    for body in ("{khong phai json", "[" * 100_000 + "]" * 100_000, "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1),
                 '{"a": ' * 50 + "1" + "}" * 50):
        response = admin.post(url, body, content_type="application/json")
        assert response.status_code in (400, 403, 405), (url, body[:20], response.status_code)
        if response.status_code == 400:
            assert response.json()["code"] == "invalid"
            assert "JSON" in response.json()["detail"]
    response = admin.post(url, "name=x", content_type="text/plain")
    assert response.status_code in (403, 405, 415), (url, response.status_code)


def test_a_page_number_that_is_not_a_number_is_a_400_page_and_past_the_end_a_404(admin):
    assert admin.get(reverse("agencies:list"), {"page": "abc"}).status_code == 400
    assert admin.get(reverse("agencies:list"), {"page": "99999"}).status_code == 404
    assert admin.get(reverse("agency-list"), {"page": "99999"}).json()["code"] == "not_found"


def test_an_id_too_large_for_the_database_is_a_validation_error(admin):
    response = admin.get(reverse("agency-list"), {"parent": HUGE})
    assert response.status_code == 400
    assert response.json()["errors"]["parent"] == [{"message": "Mã (id) quá lớn.", "code": "max_value"}]
    page = admin.get(reverse("agencies:list"), {"parent": HUGE})
    assert page.status_code == 200 and "Mã (id) quá lớn." in page.content.decode()


def test_the_team_statistics_refuse_a_province_that_is_not_an_id(admin):
    assert admin.get(reverse("network:statistics"), {"province": "abc"}).status_code == 400
    assert admin.get(reverse("network:statistics"), {"commune": HUGE}).status_code == 400
    assert admin.get(reverse("network:statistics"), {"province": "1"}).status_code == 200


def test_a_deep_json_body_is_refused_before_it_reaches_the_serializer(admin):
    response = admin.post(reverse("agency-list"), "[" * 5000 + "]" * 5000, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": f"Nội dung JSON lồng nhau quá {MAX_DEPTH} cấp.", "code": "invalid",
                               "errors": {}}


def _sweep(client, url: str, declared: set[str]) -> None:
    for param, value in BAD.items():
        response = client.get(url, {param: value})
        assert response.status_code < 500, (url, param, value, response.status_code)
        if param in declared - LENIENT:
            shown = "Giá trị không hợp lệ đã bị bỏ qua" in response.content.decode()
            assert response.status_code == 400 or shown, (url, param, value, response.status_code)


@pytest.mark.parametrize("kind", sorted(SHEETS))
def test_an_export_with_a_bad_filter_is_a_400(kind, admin):
    _sweep(admin, reverse("exchange:export", args=[kind]), set(SHEETS[kind].filterset_class.base_filters))


def test_a_plans_task_filter_refuses_bad_values(actors, admin):
    from dxnet.agencies.models import Agency
    from dxnet.plans import services
    from dxnet.plans.filters import TaskFilterSet
    from dxnet.plans.models import PlanTemplate

    plan = services.do_create_plan(PlanTemplate.objects.get(code="ke-hoach-tinh-1690"),
                                   Agency.objects.get(code="ubnd-tinh-15"), 2026, acting_user=actors["coordinator"])
    on_the_page = TaskFilterSet.for_plan(plan, None, plan.tasks.all(), None).filters
    _sweep(admin, reverse("plans:detail", args=[plan.pk]), set(on_the_page))
    assert "Cơ quan chủ trì: " in admin.get(reverse("plans:detail", args=[plan.pk]), {"lead": HUGE}).content.decode()


@pytest.mark.parametrize("next_url", ["javascript:alert(1)", "//evil.example/", "https://evil.example/", "\\\\evil"])
def test_a_next_address_off_the_site_is_not_followed(next_url, actors, lao_cai_commune):
    client = client_for(actors["coordinator"])
    page = client.get(reverse("people:create"), {"next": next_url}).content.decode()
    assert "evil" not in page and "javascript:" not in page
    assert 'href="/">Hủy</a>' in page
    assert client.get(reverse("people:create"), {"next": "/can-bo/"}).content.decode().count('href="/can-bo/">Hủy') == 1


def _urls_with_one_pk(patterns=None, namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _urls_with_one_pk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and list(pattern.pattern.converters) == ["pk"]:
            yield f"{namespace}{pattern.name}"


PK_URLS = sorted(set(_urls_with_one_pk()))


@pytest.mark.parametrize("name", PK_URLS)
def test_an_id_past_any_row_in_the_path_is_a_404(name, admin):
    response = admin.get(reverse(name, kwargs={"pk": int(HUGE)}))
    assert response.status_code in (403, 404, 405), (name, response.status_code)
    if name.endswith("-detail"):
        assert response.json()["code"] == "not_found"


def test_no_filter_set_takes_an_unbounded_number():
    """django-filter's NumberFilter takes any decimal: an id past 64 bits reached the database (a 500). Filter sets
    use IdFilter and YearFilter (dxnet.core.filters), declared or generated from `Meta.fields`."""
    import django_filters

    filtersets = {_filterset(callback) for _, callback in URLS} | {sheet.filterset_class for sheet in SHEETS.values()}
    for filterset in filtersets - {None}:
        for name, declared in filterset.base_filters.items():
            assert type(declared) is not django_filters.NumberFilter, (filterset.__name__, name)


def _filterset(callback):
    view = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    return getattr(view, "filterset_class", None)
