"""No lost update: two people editing the same object never silently undo each other's changes."""

import pytest
from django.db.models import QuerySet
from django.urls import reverse

from dxnet.accounts.models import Role
from dxnet.core.models import AuditEntry
from dxnet.core.versioning import version_of

from .conftest import LAO_CAI, client_for, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_coordinator(actors):
    """Another coordinator of the same province, editing the same people."""
    return make_user("dieuphoi2", Role.COORDINATOR, LAO_CAI)


def form_data(response) -> dict:
    """What the browser would send back: the form as shown, hidden version included."""
    form = response.context["form"]
    data = {}
    for field in form:
        value = field.value()
        data[field.html_name] = "" if value is None else value
    return data


def open_form(client, url) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    return form_data(response)


# --- Pages ----------------------------------------------------------------------------------------------------

def test_an_edit_form_carries_the_version_it_was_opened_at(coordinator, registry):
    person = registry["person"]
    response = client_for(coordinator).get(reverse("people:update", args=[person.pk]))
    assert f'<input type="hidden" name="version" value="{version_of(person)}"' in response.content.decode()


def test_the_second_save_of_the_same_person_shows_what_changed_and_overwrites_nothing(
        coordinator, second_coordinator, registry):
    person = registry["person"]
    url = reverse("people:update", args=[person.pk])
    first, second = client_for(coordinator), client_for(second_coordinator)
    first_form, second_form = open_form(first, url), open_form(second, url)

    assert first.post(url, {**first_form, "position": "Phó Chủ tịch"}).status_code == 302
    response = second.post(url, {**second_form, "position": "Công chức văn hóa - xã hội"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "người khác đã lưu thay đổi dữ liệu này nên thay đổi của bạn chưa được lưu" in html
    assert "Chức vụ: — → Phó Chủ tịch — dieuphoi," in html
    person.refresh_from_db()
    assert person.position == "Phó Chủ tịch"
    assert AuditEntry.objects.for_object(person).filter(actor=second_coordinator).count() == 0


def test_saving_again_after_seeing_the_changes_goes_through(coordinator, second_coordinator, registry):
    person = registry["person"]
    url = reverse("people:update", args=[person.pk])
    first, second = client_for(coordinator), client_for(second_coordinator)
    first_form, second_form = open_form(first, url), open_form(second, url)
    first.post(url, {**first_form, "position": "Phó Chủ tịch"})
    shown_again = second.post(url, {**second_form, "position": "Công chức văn hóa - xã hội"})

    assert second.post(url, form_data(shown_again)).status_code == 302
    person.refresh_from_db()
    assert person.position == "Công chức văn hóa - xã hội"


def test_a_form_posted_without_a_version_still_saves(coordinator, registry):
    person = registry["person"]
    url = reverse("people:update", args=[person.pk])
    client = client_for(coordinator)
    data = open_form(client, url)
    del data["version"]
    assert client.post(url, {**data, "position": "Phó Chủ tịch"}).status_code == 302
    person.refresh_from_db()
    assert person.position == "Phó Chủ tịch"


def test_a_stale_agency_edit_is_refused_too(coordinator, second_coordinator, registry):
    agency = registry["agency"]
    url = reverse("agencies:update", args=[agency.pk])
    first, second = client_for(coordinator), client_for(second_coordinator)
    first_form, second_form = open_form(first, url), open_form(second, url)
    assert first.post(url, {**first_form, "name": "Ủy ban nhân dân xã Mới"}).status_code == 302
    response = second.post(url, {**second_form, "name": "Ủy ban nhân dân xã Khác"})
    assert response.status_code == 200 and "chưa được lưu" in response.content.decode()
    agency.refresh_from_db()
    assert agency.name == "Ủy ban nhân dân xã Mới"


def test_ending_a_focal_point_checks_the_version(coordinator, second_coordinator, registry):
    designation = registry["focal_point"]
    url = reverse("people:focal-point-end", args=[designation.pk])
    first, second = client_for(coordinator), client_for(second_coordinator)
    first_form, second_form = open_form(first, url), open_form(second, url)
    assert first.post(url, {**first_form, "ended_on": "2025-03-01"}).status_code == 302
    response = second.post(url, {**second_form, "ended_on": "2025-06-01"})
    assert response.status_code == 200
    designation.refresh_from_db()
    assert designation.valid_to.isoformat() == "2025-02-28"


def test_a_form_that_creates_carries_no_version(coordinator, registry):
    response = client_for(coordinator).get(reverse("people:duty", args=[registry["person"].pk]))
    assert 'name="version"' not in response.content.decode()


# --- API ------------------------------------------------------------------------------------------------------

def person_url(person) -> str:
    return reverse("person-detail", args=[person.pk])


def test_the_api_answers_an_objects_version_as_its_etag(coordinator, registry):
    person = registry["person"]
    response = client_for(coordinator).get(person_url(person))
    assert response.status_code == 200
    assert response["ETag"] == f'"{version_of(person)}"'


def test_the_etag_changes_after_a_write_and_the_write_answers_the_new_one(coordinator, registry):
    person = registry["person"]
    client = client_for(coordinator)
    before = client.get(person_url(person))["ETag"]
    response = client.patch(person_url(person), {"position": "Phó Chủ tịch"}, format="json", HTTP_IF_MATCH=before)
    assert response.status_code == 200
    assert response["ETag"] != before
    assert client.get(person_url(person))["ETag"] == response["ETag"]


def test_a_patch_over_a_version_someone_changed_answers_412_stale(coordinator, second_coordinator, registry):
    person = registry["person"]
    first, second = client_for(coordinator), client_for(second_coordinator)
    seen = first.get(person_url(person))["ETag"]
    assert second.get(person_url(person))["ETag"] == seen

    assert first.patch(person_url(person), {"position": "Phó Chủ tịch"}, format="json",
                       HTTP_IF_MATCH=seen).status_code == 200
    response = second.patch(person_url(person), {"position": "Công chức"}, format="json", HTTP_IF_MATCH=seen)

    assert response.status_code == 412
    assert response.json()["code"] == "stale"
    assert "người khác thay đổi" in response.json()["detail"]
    person.refresh_from_db()
    assert person.position == "Phó Chủ tịch"


def test_a_put_over_a_stale_version_is_refused_as_well(coordinator, registry):
    person = registry["person"]
    client = client_for(coordinator)
    body = client.get(person_url(person)).json()
    body.pop("national_id_masked", None)
    response = client.put(person_url(person), {**body, "position": "Phó Chủ tịch"}, format="json",
                          HTTP_IF_MATCH='"999999999"')
    assert response.status_code == 412
    person.refresh_from_db()
    assert person.position != "Phó Chủ tịch"


@pytest.mark.parametrize("if_match", [None, "*"])
def test_without_if_match_or_with_a_star_old_clients_still_write(coordinator, registry, if_match):
    person = registry["person"]
    headers = {} if if_match is None else {"HTTP_IF_MATCH": if_match}
    response = client_for(coordinator).patch(person_url(person), {"position": "Phó Chủ tịch"}, format="json",
                                             **headers)
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.position == "Phó Chủ tịch"


def test_a_tag_weakened_on_the_way_still_names_its_version(coordinator, registry):
    person = registry["person"]
    client = client_for(coordinator)
    seen = client.get(person_url(person))["ETag"]
    response = client.patch(person_url(person), {"position": "Phó Chủ tịch"}, format="json",
                            HTTP_IF_MATCH=f"W/{seen}")
    assert response.status_code == 200


def test_agencies_answer_etags_and_refuse_stale_writes(coordinator, registry):
    agency = registry["agency"]
    client = client_for(coordinator)
    url = reverse("agency-detail", args=[agency.pk])
    seen = client.get(url)["ETag"]
    assert seen == f'"{version_of(agency)}"'
    assert client.patch(url, {"name": "Ủy ban nhân dân xã Mới"}, format="json", HTTP_IF_MATCH=seen).status_code == 200
    response = client.patch(url, {"name": "Ủy ban nhân dân xã Khác"}, format="json", HTTP_IF_MATCH=seen)
    assert response.status_code == 412 and response.json()["code"] == "stale"
    agency.refresh_from_db()
    assert agency.name == "Ủy ban nhân dân xã Mới"


# --- The service ----------------------------------------------------------------------------------------------

def test_the_audits_before_comes_from_the_stored_row_not_from_the_callers_copy(coordinator, registry):
    from dxnet.people.services import do_save_person

    person = registry["person"]
    stored_position = person.position
    person.position = "Đã sửa trong bộ nhớ"  # a caller that changed its instance before calling the service
    do_save_person(person, acting_user=coordinator, email="hoa@laocai.gov.vn")
    entry = AuditEntry.objects.for_object(person).latest("id")
    assert entry.changes["position"] == [stored_position, "Đã sửa trong bộ nhớ"]
    assert entry.changes["email"][1] == "hoa@laocai.gov.vn"


def test_the_stored_row_is_locked_before_its_version_and_before_values_are_read(coordinator, registry, monkeypatch):
    from dxnet.people.services import do_save_person

    locked = []
    original = QuerySet.select_for_update

    def recording(queryset, *args, **kwargs):
        locked.append(queryset.model)
        return original(queryset, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "select_for_update", recording)
    person = registry["person"]
    do_save_person(person, acting_user=coordinator, seen_version=version_of(person), position="Phó Chủ tịch")
    assert type(person) in locked


def test_a_stale_service_call_writes_nothing_and_names_the_changes_since(coordinator, registry):
    from dxnet.core.versioning import StaleEdit
    from dxnet.people.services import do_save_person

    person = registry["person"]
    seen = version_of(person)
    do_save_person(person, acting_user=coordinator, position="Phó Chủ tịch")
    with pytest.raises(StaleEdit) as stale:
        do_save_person(person, acting_user=coordinator, seen_version=seen, position="Công chức")
    assert [entry.changes["position"] for entry in stale.value.entries()] == [["", "Phó Chủ tịch"]]
    person.refresh_from_db()
    assert person.position == "Phó Chủ tịch"


def test_on_postgresql_the_version_is_read_after_for_update(coordinator, registry):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dxnet.people.services import do_save_person

    if connection.vendor != "postgresql":
        pytest.skip("SQLite locks the whole database; FOR UPDATE exists on PostgreSQL")
    person = registry["person"]
    seen = version_of(person)
    with CaptureQueriesContext(connection) as captured:
        do_save_person(person, acting_user=coordinator, seen_version=seen, position="Phó Chủ tịch")
    sql = [query["sql"] for query in captured]
    lock = next(i for i, s in enumerate(sql) if "FOR UPDATE" in s)
    version = next(i for i, s in enumerate(sql) if "MAX(" in s and "audit" in s.lower())
    assert lock < version


# --- Every other edit form and API object ---------------------------------------------------------------------

def _task(actors):
    from dxnet.agencies.models import Agency
    from dxnet.plans.models import PlanTemplate
    from dxnet.plans.services import do_create_plan

    plan = do_create_plan(PlanTemplate.objects.get(code="ke-hoach-tinh-1690"), Agency.objects.get(code=LAO_CAI), 2026,
                          acting_user=actors["coordinator"])
    return plan.tasks.order_by("order").first()


def _assessment_entry(actors):
    from dxnet.agencies.models import Agency
    from dxnet.plans.models import PlanTemplate
    from dxnet.plans.services import do_create_plan

    plan = do_create_plan(PlanTemplate.objects.get(code="phu-luc-iii-khung-ke-hoach-nam"),
                          Agency.objects.get(code=LAO_CAI), 2026, acting_user=actors["coordinator"])
    return plan.assessment.get(code="1.1")


EDITS = {
    # what is edited: (URL name, the object, field changed, first value, second value, value as stored)
    "task": ("plans:task-update", _task, "title", "Việc thứ nhất", "Việc thứ hai", lambda o: o.title),
    "assessment": ("plans:assessment", _assessment_entry, "achieved", "Đã làm A", "Đã làm B", lambda o: o.achieved),
    "account": ("accounts:update", lambda actors: actors["focal_point"], "full_name", "Lò Văn Một", "Lò Văn Hai",
                lambda o: o.full_name),
    "team member": ("network:team-member-update", None, "full_name", "Lò Thị Một", "Lò Thị Hai",
                    lambda o: o.full_name),
}


@pytest.mark.parametrize("kind", list(EDITS))
def test_every_edit_form_refuses_a_stale_save(kind, actors, second_coordinator, registry):
    url_name, make, field, first_value, second_value, stored = EDITS[kind]
    obj = registry["team_member"] if make is None else make(actors)
    url = reverse(url_name, args=[obj.pk])
    first, second = client_for(actors["coordinator"]), client_for(second_coordinator)
    first_form, second_form = open_form(first, url), open_form(second, url)
    assert "version" in first_form

    assert first.post(url, {**first_form, field: first_value}).status_code == 302
    response = second.post(url, {**second_form, field: second_value})

    assert response.status_code == 200 and "chưa được lưu" in response.content.decode()
    assert f"→ {first_value} — dieuphoi," in response.content.decode()
    obj.refresh_from_db()
    assert stored(obj) == first_value


@pytest.mark.parametrize("basename, key", [
    ("focal-point", "focal_point"), ("team", "team"), ("team-member", "team_member"), ("team-activity", "activity"),
    ("village", "village"), ("network-member", "network_member"),
])
def test_every_api_object_answers_an_etag_and_refuses_a_stale_if_match(coordinator, registry, basename, key):
    obj = registry[key]
    url = reverse(f"{basename}-detail", args=[obj.pk])
    client = client_for(coordinator)
    response = client.get(url)
    assert response["ETag"] == f'"{version_of(obj)}"'
    stale = client.patch(url, {}, format="json", HTTP_IF_MATCH=f'"{version_of(obj) + 1}"')
    assert stale.status_code == 412 and stale.json()["code"] == "stale"
    assert client.patch(url, {}, format="json", HTTP_IF_MATCH=response["ETag"]).status_code == 200


def test_a_read_only_api_object_answers_an_etag_too(coordinator, actors):
    task = _task(actors)
    response = client_for(coordinator).get(reverse("task-detail", args=[task.pk]))
    assert response.status_code == 200 and response["ETag"] == f'"{version_of(task)}"'


def test_two_officers_saving_the_same_report_draft(actors, second_coordinator):
    import re

    from django.utils import timezone

    from dxnet.agencies.models import Agency
    from dxnet.reporting import services as reporting
    from dxnet.reporting.models import ReportForm

    today = timezone.localdate()
    round_ = reporting.do_create_round(
        ReportForm.objects.get(code="inspection"), acting_user=actors["national_admin"],
        agency=Agency.objects.get(code="cuc-chuyen-doi-so-quoc-gia"), title="Kiểm tra", period="Năm",
        year=today.year, due_date=today, recipients=[Agency.objects.get(code=LAO_CAI)])
    submission = round_.submissions.get()
    url = reverse("reporting:submission", args=[submission.pk])
    first, second = client_for(actors["coordinator"]), client_for(second_coordinator)

    def version(client) -> str:
        return re.search(r'name="version" value="(\d+)"', client.get(url).content.decode())[1]

    first_seen, second_seen = version(first), version(second)
    assert first.post(url, {"complete": "Đã làm đủ", "version": first_seen, "save": ""}).status_code == 302
    response = second.post(url, {"complete": "Chưa làm", "version": second_seen, "save": ""})

    assert response.status_code == 200
    assert "người khác đã lưu báo cáo này" in response.content.decode()
    submission.refresh_from_db()
    assert submission.answers["complete"] == "Đã làm đủ"
    current = re.search(r'name="version" value="(\d+)"', response.content.decode())[1]
    assert second.post(url, {"complete": "Chưa làm", "version": current, "save": ""}).status_code == 302


def test_saving_an_object_deleted_meanwhile_answers_not_found(coordinator, registry):
    from django.http import Http404

    from dxnet.core.versioning import lock_for_change
    from dxnet.network.models import TeamActivity

    activity = TeamActivity.objects.get(pk=registry["activity"].pk)
    TeamActivity.objects.filter(pk=activity.pk).delete()
    with pytest.raises(Http404):
        lock_for_change(activity)


@pytest.fixture
def save_while_reading_the_version(second_coordinator, registry, monkeypatch):
    """Another coordinator's save lands just as a form or an API client reads the person's version."""
    from dxnet.core import api, views
    from dxnet.people.models import Person
    from dxnet.people.services import do_save_person

    person, done = registry["person"], []

    def patch(module):
        real = module.version_of

        def concurrent_save_then_version(obj):
            if not done:
                done.append(do_save_person(Person.objects.get(pk=person.pk), acting_user=second_coordinator,
                                           position="Phó Chủ tịch"))
            return real(obj)

        monkeypatch.setattr(module, "version_of", concurrent_save_then_version)

    return lambda: (patch(views), patch(api))


def test_a_save_landing_while_a_form_opens_is_never_undone(coordinator, registry, save_while_reading_the_version,
                                                           monkeypatch):
    person = registry["person"]
    url = reverse("people:update", args=[person.pk])
    client = client_for(coordinator)
    save_while_reading_the_version()
    data = open_form(client, url)
    monkeypatch.undo()
    client.post(url, {**data, "email": "hoa@laocai.gov.vn"})
    person.refresh_from_db()
    assert person.position == "Phó Chủ tịch"


def test_a_save_landing_while_the_api_reads_is_never_undone(coordinator, registry, save_while_reading_the_version,
                                                            monkeypatch):
    person = registry["person"]
    client = client_for(coordinator)
    save_while_reading_the_version()
    response = client.get(person_url(person))
    monkeypatch.undo()
    body = {key: value for key, value in response.json().items() if key not in ("id", "national_id_masked")}
    client.put(person_url(person), {**body, "email": "hoa@laocai.gov.vn"}, format="json",
               HTTP_IF_MATCH=response["ETag"])
    person.refresh_from_db()
    assert person.position == "Phó Chủ tịch"


def test_a_report_shown_again_after_an_error_keeps_the_version_it_was_opened_at(actors, second_coordinator):
    import re

    from django.utils import timezone

    from dxnet.agencies.models import Agency
    from dxnet.reporting import services as reporting
    from dxnet.reporting.models import ReportForm

    today = timezone.localdate()
    round_ = reporting.do_create_round(
        ReportForm.objects.get(code="annual-assessment"), acting_user=actors["national_admin"],
        agency=Agency.objects.get(code="cuc-chuyen-doi-so-quoc-gia"), title="Báo cáo năm", period="Năm",
        year=today.year, due_date=today, recipients=[Agency.objects.get(code=LAO_CAI)])
    submission = round_.submissions.get()
    url = reverse("reporting:submission", args=[submission.pk])
    client = client_for(actors["coordinator"])
    seen = re.search(r'name="version" value="(\d+)"', client.get(url).content.decode())[1]

    wrong = client.post(url, {"focal-points": "năm", "version": seen, "save": ""})
    assert "không phải là số" in wrong.content.decode()
    shown_again = re.search(r'name="version" value="(\d+)"', wrong.content.decode())[1]
    assert shown_again == seen
    reporting.do_save_answers(submission, {"focal-points": "7"}, acting_user=second_coordinator)
    assert "chưa được lưu" in client.post(url, {"focal-points": "3", "version": shown_again,
                                                "save": ""}).content.decode()
    submission.refresh_from_db()
    assert submission.answers["focal-points"] == 7
