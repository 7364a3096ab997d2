"""One error body for the API, in Vietnamese, whatever went wrong; and what holds an object is said, not crashed on.

    {"detail": "…", "code": "…", "errors": {"field": [{"message": "…", "code": "…"}]}}
"""

import datetime
import re

import pytest
from django.core.exceptions import RequestDataTooBig
from django.urls import reverse
from rest_framework import exceptions

from dxnet.agencies.api import AgencyViewSet
from dxnet.agencies.models import Agency
from dxnet.agencies.views import AgencyListView
from dxnet.core.api_errors import exception_handler
from dxnet.core.errors import Conflict, PreconditionFailed, TooLarge
from dxnet.core.models import AuditEntry
from dxnet.people.models import FocalPoint, Person

from . import url_coverage
from .conftest import HA_NOI, client_for

pytestmark = pytest.mark.django_db

HELD = "Không thể xóa: cơ quan, đơn vị này còn 3 cán bộ làm chuyển đổi số, 1 đầu mối chuyển đổi số."

ENGLISH = re.compile(r"\b(invalid|not|object|field|required|this|must|valid|error|found|provided|exist|choice|"
                     r"allowed|unique|method|server)\b", re.IGNORECASE)


def assert_vietnamese(body: dict) -> None:
    messages = [body["detail"], *(e["message"] for errors in body.get("errors", {}).values() for e in errors)]
    for message in messages:
        assert not ENGLISH.search(message), message


def assert_body(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code and isinstance(body["detail"], str) and body["detail"]
    assert set(body) == {"detail", "code", "errors"}
    assert_vietnamese(body)
    return body


@pytest.fixture
def unit(coordinator, lao_cai_commune) -> Agency:
    """A unit under a Lào Cai commune, with no unit or account under it: only its staff hold it."""
    from dxnet.agencies import services

    return services.do_create_agency(lao_cai_commune, code="to-cong-nghe-so", name="Tổ công nghệ số xã",
                                     kind="other", valid_from=datetime.date(2025, 7, 1), acting_user=coordinator)


@pytest.fixture
def staffed(unit) -> Agency:
    people = [Person.objects.create(agency=unit, full_name=name, phone=phone) for name, phone in (
        ("Lò Văn A", "0912000001"), ("Lò Văn B", "0912000002"), ("Lò Văn C", "0912000003"))]
    FocalPoint.objects.create(agency=unit, person=people[0], decision_number="12/QĐ-UBND",
                              decision_date=datetime.date(2025, 7, 2), valid_from=datetime.date(2025, 7, 2))
    return unit


def test_400_names_each_field_with_drf_and_django_codes_in_vietnamese(coordinator, lao_cai_commune):
    response = client_for(coordinator).post(reverse("agency-list"), {
        "name": "x\x00y", "kind": "AAA", "parent": 0, "valid_from": "2025-13-45"}, format="json")
    body = assert_body(response, 400, "invalid")
    codes = {field: [e["code"] for e in errors] for field, errors in body["errors"].items()}
    assert codes == {"code": ["required"], "name": ["null_characters_not_allowed"], "kind": ["invalid_choice"],
                     "parent": ["does_not_exist"], "valid_from": ["invalid"]}
    assert body["errors"]["kind"][0]["message"] == "“AAA” không phải là một lựa chọn hợp lệ."
    assert body["errors"]["parent"][0]["message"] == "Mã (id) “0” không tồn tại hoặc nằm ngoài phạm vi của bạn."


def test_400_from_a_service_and_a_bad_filter_or_page(coordinator, lao_cai_commune):
    client = client_for(coordinator)
    body = assert_body(client.patch(reverse("agency-detail", args=[lao_cai_commune.pk]), {"valid_to": "2025-01-01"},
                                    format="json"), 400, "invalid")
    assert list(body["errors"]) == ["valid_to"]
    for query in ({"as_of": "2024-13-45"}, {"page": "abc"}, {"page_size": "-1"}, {"parent": "abc"},
                  {"search": "a\x00b"}, {"kind": "AAA"}):
        body = assert_body(client.get(reverse("agency-list"), query), 400, "invalid")
        assert list(body["errors"]) == list(query)


def test_400_for_a_body_that_is_not_json(coordinator):
    body = assert_body(client_for(coordinator).post(reverse("agency-list"), "{khong",
                                                    content_type="application/json"), 400, "invalid")
    assert body == {"detail": "Nội dung gửi lên không phải JSON hợp lệ (dòng 1, cột 2).", "code": "invalid",
                    "errors": {}}


def test_401_403_404_405_415(actors, lao_cai_commune):
    assert_body(client_for(None).get(reverse("agency-list")), 401, "not_authenticated")
    viewer = client_for(actors["viewer"])
    assert_body(viewer.patch(reverse("agency-detail", args=[lao_cai_commune.pk]), {"name": "X"}, format="json"),
                403, "permission_denied")
    assert_body(viewer.get(reverse("agency-detail", args=[999_999_999])), 404, "not_found")
    assert_body(viewer.get("/api/v1/khong-co/"), 404, "not_found")  # outside any DRF view
    assert_body(viewer.delete(reverse("agency-list")), 405, "method_not_allowed")
    assert_body(client_for(actors["coordinator"]).post(reverse("agency-list"), "name=x", content_type="text/plain"),
                415, "unsupported_media_type")


@pytest.mark.parametrize(("exc", "status", "code"), [
    (Conflict(), 409, "conflict"), (PreconditionFailed(), 412, "stale"), (TooLarge(), 413, "too_large"),
    (RequestDataTooBig(), 413, "too_large"), (exceptions.Throttled(wait=9.2), 429, "throttled"),
])
def test_the_statuses_other_helpers_raise_have_the_same_body(exc, status, code):
    response = exception_handler(exc, {})
    assert response.status_code == status
    assert response.data["code"] == code and response.data["errors"] == {}
    assert_vietnamese(response.data)


def test_a_stale_write_can_say_what_changed_per_field():
    response = exception_handler(PreconditionFailed({"name": "Tên đã được đổi thành “B”."}), {})
    assert response.status_code == 412
    assert response.data == {"detail": PreconditionFailed.default_message, "code": "stale",
                             "errors": {"name": [{"message": "Tên đã được đổi thành “B”.", "code": "invalid"}]}}


def test_500_answers_the_body_without_internals(coordinator, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("SELECT secret FROM internals")

    monkeypatch.setattr(AgencyViewSet, "list", crash)
    monkeypatch.setattr(AgencyListView, "get_queryset", crash)
    client = client_for(coordinator)
    client.raise_request_exception = False
    response = client.get(reverse("agency-list"))
    body = assert_body(response, 500, "server_error")
    assert "secret" not in response.content.decode() and body["detail"].startswith("Hệ thống gặp lỗi")
    page = client.get(reverse("agencies:list"))
    assert page.status_code == 500 and "Hệ thống gặp lỗi" in page.content.decode()
    assert "secret" not in page.content.decode()


def test_error_pages_are_in_vietnamese(actors):
    client = client_for(actors["viewer"])
    assert "Không tìm thấy trang" in client.get("/khong-co-trang-nay/").content.decode()
    forbidden = client.get(reverse("agencies:create", args=[actors["viewer"].agency_id]))
    assert forbidden.status_code == 403 and "Bạn không có quyền" in forbidden.content.decode()
    assert "Yêu cầu không hợp lệ" in client.get(reverse("agencies:list"), {"page": "abc"}).content.decode()


def test_deleting_an_agency_its_staff_still_hold_is_a_409_saying_what_holds_it(coordinator, staffed):
    before = AuditEntry.objects.count()
    response = client_for(coordinator).delete(reverse("agency-detail", args=[staffed.pk]))
    body = assert_body(response, 409, "conflict")
    assert body["detail"] == HELD
    assert Agency.objects.filter(pk=staffed.pk).exists() and AuditEntry.objects.count() == before


def test_the_delete_page_says_the_same(coordinator, staffed):
    response = client_for(coordinator).post(reverse("agencies:delete", args=[staffed.pk]), follow=True)
    assert HELD in response.content.decode()
    assert Agency.objects.filter(pk=staffed.pk).exists()


def test_what_holds_it_outside_the_users_scope_is_not_named(coordinator, unit):
    Agency.objects.filter(code=HA_NOI).update(successor=unit)  # a Hà Nội body the coordinator cannot see
    response = client_for(coordinator).delete(reverse("agency-detail", args=[unit.pk]))
    body = assert_body(response, 409, "conflict")
    assert body["detail"] == "Không thể xóa: cơ quan, đơn vị này còn dữ liệu khác ngoài phạm vi của bạn."
    assert "Hà Nội" not in response.content.decode()


def test_an_agency_with_units_under_it_is_a_conflict_too(coordinator, lao_cai_commune, unit):
    body = assert_body(client_for(coordinator).delete(reverse("agency-detail", args=[lao_cai_commune.pk])),
                       409, "conflict")
    assert body["detail"].startswith("Không xóa được cơ quan còn đơn vị trực thuộc")


def test_an_unheld_unit_is_deleted(coordinator, unit):
    assert client_for(coordinator).delete(reverse("agency-detail", args=[unit.pk])).status_code == 204
    assert not Agency.objects.filter(pk=unit.pk).exists()


def test_a_unique_set_is_named_in_words(coordinator, lao_cai_commune):
    client = client_for(coordinator)
    person = {"agency": lao_cai_commune.pk, "full_name": "Lò Văn D", "phone": "0912000009"}
    assert client.post(reverse("person-list"), person, format="json").status_code == 201
    body = assert_body(client.post(reverse("person-list"), person, format="json"), 400, "invalid")
    assert body["errors"] == {"non_field_errors": [{"message": "Đã có cán bộ trùng cơ quan và điện thoại.",
                                                    "code": "unique"}]}


API_CREATES = sorted(name for name in url_coverage.all_view_names() if name.endswith("-list"))


@pytest.mark.parametrize("name", API_CREATES)
@pytest.mark.parametrize("value", [{"x": 1}, None, "\x00", [1], "2025-13-45", 10**30])
def test_every_field_error_of_every_endpoint_is_in_vietnamese(name, value, actors):
    """Each writable field gets a value of the wrong kind; whatever DRF or Django answers is translated."""
    client = client_for(actors["national_admin"])
    response = client.options(reverse(name))
    fields = response.json().get("actions", {}).get("POST", {}) if response.status_code == 200 else {}
    body = {field: value for field, spec in fields.items() if not spec.get("read_only")}
    response = client.post(reverse(name), body, format="json")
    assert response.status_code in (400, 403, 405), (name, response.content)
    if response.status_code == 400:
        assert_vietnamese(response.json())
    assert_vietnamese(client.post(reverse(name), {}, format="json").json())


@pytest.mark.parametrize("name", API_CREATES)
def test_a_number_beyond_any_id_in_every_field_is_a_400(name, actors):
    """1e400 is valid JSON (a float that overflows to infinity): as an id it used to reach the query, a 500."""
    client = client_for(actors["national_admin"])
    response = client.options(reverse(name))
    fields = response.json().get("actions", {}).get("POST", {}) if response.status_code == 200 else {}
    writable = [field for field, spec in fields.items() if not spec.get("read_only")]
    if not writable:
        pytest.skip("nothing to write")
    body = "{" + ", ".join(f'"{field}": 1e400' for field in writable) + "}"
    response = client.post(reverse(name), body, content_type="application/json")
    assert response.status_code == 400, (name, response.content)
    assert_vietnamese(response.json())


def test_a_json_body_above_the_form_limit_is_a_413(coordinator, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1048576
    body = '{"name": "' + "A" * 1048576 + '"}'
    response = client_for(coordinator).post(reverse("agency-list"), body, content_type="application/json")
    assert assert_body(response, 413, "too_large")["detail"] == "Dữ liệu gửi lên vượt quá giới hạn 1 MB."


def test_the_json_parser_reads_no_more_than_the_limit(settings):
    import io

    from dxnet.core.parsers import JSONParser

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1048576
    with pytest.raises(TooLarge):
        JSONParser().parse(io.BytesIO(b'"' + b"a" * 1048576 + b'"'), parser_context={})
    assert JSONParser().parse(io.BytesIO('{"tên": "Lào Cai"}'.encode()), parser_context={}) == {"tên": "Lào Cai"}


def test_a_form_posted_without_its_csrf_token_gets_a_vietnamese_page(coordinator):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    response = client.post(reverse("people:create"), {"full_name": "X"})
    assert response.status_code == 403 and "Biểu mẫu đã hết hạn" in response.content.decode()


def test_an_unknown_export_format_is_the_error_body_not_a_broken_file(coordinator):
    from dxnet.plans.models import PlanTemplate
    from dxnet.plans.services import do_create_plan

    plan = do_create_plan(PlanTemplate.objects.get(code="ke-hoach-tinh-1690"), Agency.objects.get(code="ubnd-tinh-15"),
                          2026, acting_user=coordinator)
    client = client_for(coordinator)
    for fmt in ("pdf", "json"):
        assert_body(client.get(f"/api/v1/plans/{plan.pk}/export/?format={fmt}"), 404, "not_found")
    response = client.get(f"/api/v1/plans/{plan.pk}/export/?format=xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    assert client.get(f"/api/v1/plans/{plan.pk}/export/").status_code == 200
