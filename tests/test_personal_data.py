"""Personal data (Nghị định 13/2023/NĐ-CP): national IDs never in clear outside their field, phones masked for
viewers everywhere, bulk reads logged and reviewed."""

import datetime
import importlib
import io
import json
from types import SimpleNamespace

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dxnet.core.models import AuditEntry
from dxnet.core.text import fold
from dxnet.people.models import Person

from .conftest import client_for

pytestmark = pytest.mark.django_db

STORED = "001234567890"  # the registry person's national ID
NEW = "009876543210"


def _html(client, url, **query) -> str:
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def _person_audit(person) -> str:
    return json.dumps([e.changes for e in AuditEntry.objects.for_object(person)], ensure_ascii=False)


# --- National IDs ------------------------------------------------------------------------------------------------

def test_a_national_id_set_through_the_api_is_a_changed_marker_in_the_audit_and_the_history(actors, registry):
    person = registry["person"]
    response = client_for(actors["coordinator"]).patch(reverse("person-detail", args=[person.pk]),
                                                      {"national_id": NEW}, format="json")
    assert response.status_code == 200 and NEW not in response.content.decode()
    person.refresh_from_db()
    assert person.national_id == NEW
    assert AuditEntry.objects.for_object(person).first().changes["national_id"] == ["***", "***"]
    assert NEW not in _person_audit(person) and STORED not in _person_audit(person)
    page = _html(client_for(actors["viewer"]), reverse("people:detail", args=[person.pk]))
    assert "Số định danh cá nhân: *** → ***" in page
    assert NEW not in page and STORED not in page


def test_creating_a_person_records_only_that_a_national_id_was_given(actors, registry):
    data = {"agency": registry["agency"].pk, "full_name": "Lường Văn Mới", "phone": "0977000111",
            "national_id": NEW}
    response = client_for(actors["coordinator"]).post(reverse("person-list"), data, format="json")
    assert response.status_code == 201, response.content
    person = Person.objects.get(pk=response.json()["id"])
    assert AuditEntry.objects.for_object(person).get().changes["national_id"] == ["***", "***"]
    assert NEW not in _person_audit(person)


def test_any_write_to_the_audit_reduces_a_national_id_to_the_marker(coordinator, registry):
    from dxnet.core import audit

    entry = audit.record_change(registry["person"], {"national_id": [STORED, NEW]}, actor=coordinator)
    assert entry.changes == {"national_id": ["***", "***"]}


def test_history_written_in_clear_before_is_still_shown_masked(actors, registry):
    person = registry["person"]
    AuditEntry.objects.create(actor_name="dieuphoi", via="web", action="update", object_id=str(person.pk),
                              content_type=ContentType.objects.get_for_model(Person), object_repr=str(person),
                              changes={"national_id": [STORED, NEW]})
    page = _html(client_for(actors["viewer"]), reverse("people:detail", args=[person.pk]))
    assert "Số định danh cá nhân: *** → ***" in page and STORED not in page and NEW not in page


def _form_data(response) -> dict:
    return {field.html_name: "" if field.value() is None else field.value() for field in response.context["form"]}


def test_the_edit_form_does_not_prefill_the_national_id_and_an_empty_field_keeps_it(coordinator, registry):
    person = registry["person"]
    client, url = client_for(coordinator), reverse("people:update", args=[person.pk])
    response = client.get(url)
    html = response.content.decode()
    assert STORED not in html and "để trống nếu không đổi" in html and "•••••••••890" in html

    assert client.post(url, {**_form_data(response), "position": "Công chức"}).status_code == 302
    person.refresh_from_db()
    assert (person.position, person.national_id) == ("Công chức", STORED)

    assert client.post(url, {**_form_data(client.get(url)), "national_id": NEW}).status_code == 302
    person.refresh_from_db()
    assert person.national_id == NEW
    assert AuditEntry.objects.for_object(person).first().changes == {"national_id": ["***", "***"]}


def test_a_bulk_import_records_national_ids_as_changed_only(coordinator, registry):
    from dxnet.core import spreadsheets
    from dxnet.core.exchange import sheet_for

    person = registry["person"]
    row = {"agency": registry["agency"].code, "full_name": person.full_name, "phone": person.phone,
           "national_id": NEW}
    result = spreadsheets.import_records(sheet_for("people", coordinator), [row], acting_user=coordinator)
    assert result.ok and result.updated == 1, result.errors
    person.refresh_from_db()
    assert person.national_id == NEW
    assert AuditEntry.objects.for_object(person).first().changes["national_id"] == ["***", "***"]
    assert NEW not in _person_audit(person)


def test_the_api_never_answers_a_national_id_in_clear(actors, registry):
    client = client_for(actors["national_admin"])
    assert STORED not in client.get(reverse("person-list")).content.decode()
    detail = client.get(reverse("person-detail", args=[registry["person"].pk])).json()
    assert "national_id" not in detail and detail["national_id_masked"] == "•••••••••890"


# --- The one sanctioned rewrite of the audit -----------------------------------------------------------------------

def test_the_migration_redacts_national_ids_already_in_the_audit_and_records_it(registry):
    """Called directly: the migration executor needs a transactional test, whose flush the audit's triggers
    refuse (and which would wipe the reference data shared by the session)."""
    migration = importlib.import_module("dxnet.people.migrations.0003_redact_national_ids_in_audit")
    person = registry["person"]
    person_type = ContentType.objects.get_for_model(Person)
    clear = [AuditEntry.objects.create(actor_name="dieuphoi", via="api", action=action, content_type=person_type,
                                       object_id=str(person.pk), object_repr=str(person), changes=changes)
             for action, changes in [("create", {"national_id": [None, STORED], "full_name": [None, "Hoa"]}),
                                     ("update", {"national_id": [STORED, NEW]}),
                                     ("update", {"national_id": ["***", "***"]}),
                                     ("delete", {"national_id": [NEW, None]})]]
    untouched = AuditEntry.objects.create(actor_name="x", via="web", action="update", content_type=person_type,
                                          object_id=str(person.pk), object_repr="x", changes={"phone": ["1", "2"]})
    state = MigrationExecutor(connection).loader.project_state(
        ("people", "0003_redact_national_ids_in_audit"), at_end=True)
    schema_editor = SimpleNamespace(connection=connection, execute=lambda sql: connection.cursor().execute(sql))

    assert migration.redact(state.apps, schema_editor) == 3

    changes = [AuditEntry.objects.get(pk=e.pk).changes for e in clear]
    assert changes == [{"national_id": ["***", "***"], "full_name": [None, "Hoa"]}, {"national_id": ["***", "***"]},
                       {"national_id": ["***", "***"]}, {"national_id": ["***", "***"]}]
    assert AuditEntry.objects.get(pk=untouched.pk).changes == {"phone": ["1", "2"]}
    record = AuditEntry.objects.order_by("-id").first()
    assert (record.action, record.actor, record.actor_name, record.via) == ("update", None, "Hệ thống", "system")
    assert record.changes == {"redacted_rows": [None, 3]} and "3 mục" in record.object_repr
    # The triggers are back: the audit is append-only again.
    from django.db import DatabaseError, transaction
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET actor_name = 'x'")
    assert migration.redact(state.apps, schema_editor) == 0


# --- Phones masked for viewers -------------------------------------------------------------------------------------

def _phones(registry) -> dict[str, str]:
    person, member, network_member = registry["person"], registry["team_member"], registry["network_member"]
    return {person.phone: "0988•••001", member.phone: f"{member.phone[:4]}•••{member.phone[-3:]}",
            network_member.phone: "0988•••002"}


PAGES = [("people:list", None), ("people:detail", "person"), ("people:focal-points", None),
         ("people:focal-point", "focal_point"), ("network:team-members", None), ("network:team-member", "team_member"),
         ("network:members", None), ("network:member", "network_member"), ("network:team", "team"),
         ("network:detail", "network"), ("agencies:detail", "agency")]
APIS = [("person-list", None), ("person-detail", "person"), ("team-member-list", None),
        ("team-member-detail", "team_member"), ("network-member-list", None),
        ("network-member-detail", "network_member")]
EXPORTS = ["people", "focal-points", "team-members", "network-members"]


def _everything_shown(client, registry) -> str:
    texts = []
    for name, target in PAGES + APIS:
        texts.append(_html(client, reverse(name, args=[registry[target].pk] if target else [])))
    for kind in EXPORTS:
        response = client.get(reverse("exchange:export", args=[kind]))
        assert response.status_code == 200
        texts.append(json.dumps([row for row in load_workbook(io.BytesIO(response.content)).active
                                 .iter_rows(values_only=True)], default=str, ensure_ascii=False))
    return "\n".join(texts)


def test_a_viewer_never_sees_a_full_phone_or_national_id_on_a_page_in_the_api_or_an_export(actors, registry):
    shown = _everything_shown(client_for(actors["viewer"]), registry)
    for phone, masked in _phones(registry).items():
        assert phone not in shown and masked in shown
    assert STORED not in shown


def test_a_viewer_reads_the_change_history_with_phones_masked(actors, registry):
    member = registry["team_member"]
    old = member.phone
    response = client_for(actors["coordinator"]).patch(f"/api/v1/team-members/{member.pk}/", {"phone": "0977123456"},
                                                       format="json")
    assert response.status_code == 200
    page = client_for(actors["viewer"]).get(reverse("network:team-member", args=[member.pk])).content.decode()
    assert "Lịch sử thay đổi" in page
    assert old not in page and "0977123456" not in page
    assert old[:4] + "•••" + old[-3:] in page and "0977•••456" in page
    coordinator_page = client_for(actors["coordinator"]).get(reverse("network:team-member", args=[member.pk]))
    assert old in coordinator_page.content.decode()


def test_a_coordinator_sees_the_phones_in_full(actors, registry):
    shown = _everything_shown(client_for(actors["coordinator"]), registry)
    assert all(phone in shown for phone in _phones(registry))


# --- The access log ------------------------------------------------------------------------------------------------

@pytest.fixture
def thousand_members(registry):
    from dxnet.network.models import TeamMember

    team = registry["team"]
    TeamMember.objects.bulk_create(
        TeamMember(team=team, agency=team.agency, full_name=f"Thành viên {n}", search_name=fold(f"Thành viên {n}"),
                   phone=f"03{n:08d}", role="volunteer") for n in range(1000))
    return team


def test_a_bulk_api_read_of_a_thousand_rows_is_logged_and_a_ten_row_page_is_not(coordinator, thousand_members):
    from dxnet.core.models import AccessLog

    client = client_for(coordinator)
    assert len(client.get(reverse("team-member-list"), {"page_size": 10}).json()["results"]) == 10
    assert not AccessLog.objects.exists()
    page = client.get(reverse("team-member-list"), {"page_size": 1000, "search": "thanh vien"}).json()
    assert len(page["results"]) == 1000
    log = AccessLog.objects.get()
    assert (log.actor, log.kind, log.row_count, log.channel, log.filters) == (
        coordinator, "team-members", 1000, "api", {"search": "thanh vien"})
    assert log.actor_path == coordinator.agency.path


def test_a_long_list_page_is_logged_and_the_default_page_is_not(coordinator, thousand_members):
    from dxnet.core.models import AccessLog

    client = client_for(coordinator)
    _html(client, reverse("network:team-members"))
    _html(client, reverse("people:list"), page_size=500)  # one person: a long page that reads one row
    assert list(AccessLog.objects.values_list("kind", "row_count")) == [("people", 1)]
    _html(client, reverse("network:team-members"), page_size=500)
    log = AccessLog.objects.first()
    assert (log.kind, log.row_count, log.channel) == ("team-members", 500, "web")


def test_lists_without_personal_data_are_not_logged(coordinator, registry):
    from dxnet.core.models import AccessLog

    _html(client_for(coordinator), reverse("network:villages"), page_size=500)
    client_for(coordinator).get(reverse("agency-list"), {"page_size": 1000})
    assert not AccessLog.objects.exists()


def test_the_access_log_is_append_only(coordinator):
    from django.db import DatabaseError, transaction

    from dxnet.core.models import AccessLog, AppendOnlyError
    from dxnet.core.privacy import record_access

    log = record_access(coordinator, kind="people", rows=60, filters={}, channel="web")
    with pytest.raises(AppendOnlyError):
        log.save()
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.all().delete()
    for statement in ("UPDATE core_accesslog SET row_count = 1", "DELETE FROM core_accesslog"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AccessLog.objects.get().row_count == 60


@pytest.fixture
def reads(actors):
    """Bulk reads made in Lào Cai (a viewer, a commune's focal point) and in Hà Nội (its coordinator)."""
    from dxnet.core.privacy import record_access

    return {name: record_access(actors[name], kind=kind, rows=rows, filters={"search": name}, channel=channel)
            for name, kind, rows, channel in [("viewer", "people", 60, "web"),
                                              ("focal_point", "team-members", 800, "api"),
                                              ("outsider", "people", 100, "export")]}


def test_a_coordinator_reviews_the_reads_of_their_subtree_and_the_national_admin_everything(actors, reads):
    url = reverse("access-log")
    lao_cai = _html(client_for(actors["coordinator"]), url)
    assert "xem" in lao_cai and "daumoi.xa" in lao_cai and "dieuphoi.hanoi" not in lao_cai
    national = _html(client_for(actors["national_admin"]), url)
    assert all(name in national for name in ("xem", "daumoi.xa", "dieuphoi.hanoi"))
    assert "Cán bộ làm chuyển đổi số" in national and "Thành viên Tổ CNSCĐ" in national
    assert "search=viewer" in national


@pytest.mark.parametrize("actor", ["viewer", "member", "focal_point", "team_leader"])
def test_other_roles_cannot_open_the_access_log(actor, actors, reads):
    client = client_for(actors[actor])
    assert client.get(reverse("access-log")).status_code == 403
    assert client.get(reverse("access-log-export")).status_code == 403
    assert "Nhật ký truy cập" not in _html(client, reverse("home"))


def test_the_access_log_filters_by_user_dates_and_kind(actors, reads):
    client, url = client_for(actors["national_admin"]), reverse("access-log")
    by_user = client.get(url, {"actor_name": "daumoi"}).context["object_list"]
    assert [log.actor_name for log in by_user] == ["daumoi.xa"]
    by_kind = client.get(url, {"kind": "people"}).context["object_list"]
    assert sorted(log.actor_name for log in by_kind) == ["dieuphoi.hanoi", "xem"]
    today = timezone.localdate()
    assert len(client.get(url, {"since": today.isoformat(), "until": today.isoformat()}).context["object_list"]) == 3
    tomorrow = (today + datetime.timedelta(days=2)).isoformat()
    assert len(client.get(url, {"since": tomorrow}).context["object_list"]) == 0
    assert "Nhật ký truy cập" in _html(client, reverse("home"))


def test_the_access_log_exports_to_excel_and_the_export_is_logged(actors, reads):
    from dxnet.core.models import AccessLog

    coordinator = actors["coordinator"]
    response = client_for(coordinator).get(reverse("access-log-export"), {"kind": "people"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("Thời điểm", "Tên đăng nhập")
    assert [row[1] for row in rows[1:]] == ["xem"]
    log = AccessLog.objects.first()
    assert (log.actor, log.kind, log.channel, log.row_count, log.filters) == (
        coordinator, "access-log", "export", 1, {"kind": "people"})
