"""One write path: the same bad row sent through the form, the API and the spreadsheet gets the same answer,
because every rule lives once, in the model or the service."""

import datetime
import io

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from dxnet.core.phone import normalise_stored_phones
from dxnet.core.text import fold
from dxnet.network.models import TeamActivity, TeamMember
from dxnet.people.models import DxDuty, FocalPoint, Person

from .conftest import client_for
from .test_imports import MEMBER_HEADERS, run, workbook

pytestmark = pytest.mark.django_db

ACTIVITY_HEADERS = ["Mã xã", "Tên thôn, tổ dân phố", "Ngày", "Kỹ năng", "Số người được hỗ trợ"]
PEOPLE_HEADERS = ["Mã cơ quan", "Họ và tên", "Điện thoại", "Hình thức làm CĐS", "Từ ngày"]


def errors_of(response) -> str:
    """Every message a door answered with, as one text (form page or API body)."""
    if response["Content-Type"].startswith("application/json"):
        return str(response.json())
    return response.content.decode()


def through_every_door(user, team, activity: dict) -> dict[str, str]:
    """One activity row sent through the page form, the API and the spreadsheet; what each answered."""
    client = client_for(user)
    form = client.post(reverse("network:activity-create", args=[team.pk]), {
        "date": activity["date"].isoformat(), "skill_area": activity["skill_area"].pk,
        "people_helped": activity["people_helped"], "households_helped": 0, "notes": ""})
    api = client.post("/api/v1/team-activities/", {
        "team": team.pk, "date": activity["date"].isoformat(), "skill_area": activity["skill_area"].pk,
        "people_helped": activity["people_helped"]}, format="json")
    sheet = run("team-activities", user, workbook(ACTIVITY_HEADERS, [[
        team.agency.admin_unit.code, team.village.name, activity["date"].strftime("%d/%m/%Y"),
        activity["skill_area"].name, activity["people_helped"]]]))
    assert form.status_code == 200 and api.status_code == 400 and not sheet.ok
    return {"form": errors_of(form), "api": errors_of(api), "sheet": " ".join(e.message for e in sheet.errors)}


@pytest.mark.parametrize(("change", "message"), [
    ({"date": timezone.localdate() + datetime.timedelta(days=1)}, "Ngày hoạt động không được sau hôm nay."),
    ({"people_helped": 10**12}, "Một tổ không hỗ trợ quá 10.000 người trong một ngày, một kỹ năng."),
    ({"date": datetime.date(2023, 2, 1)}, "Ngày hoạt động không được trước ngày thành lập tổ (01/03/2023)."),
])
def test_the_same_bad_activity_gets_the_same_error_through_form_api_and_sheet(coordinator, registry, change,
                                                                              message):
    team = registry["team"]
    activity = {"date": datetime.date(2025, 9, 1), "skill_area": registry["activity"].skill_area,
                "people_helped": 12, **change}
    before = TeamActivity.objects.count()
    answers = through_every_door(coordinator, team, activity)
    assert {door: message in text for door, text in answers.items()} == {"form": True, "api": True, "sheet": True}
    assert TeamActivity.objects.count() == before


def test_a_phone_held_in_another_province_is_refused_everywhere_without_naming_the_holder(coordinator, registry):
    hanoi_member = TeamMember.objects.get(agency=registry["hoan_kiem"], full_name="Nguyễn Văn Giang")
    team = registry["team"]
    typed = f"+84 {hanoi_member.phone[1:4]} {hanoi_member.phone[4:7]} {hanoi_member.phone[7:]}"
    client = client_for(coordinator)
    form = client.post(reverse("network:team-member-create", args=[team.pk]),
                       {"full_name": "Lò Văn Mới", "phone": typed, "role": "volunteer"})
    api = client.post("/api/v1/team-members/", {"team": team.pk, "full_name": "Lò Văn Mới", "phone": typed,
                                                "role": "volunteer"}, format="json")
    sheet = run("team-members", coordinator, workbook(MEMBER_HEADERS, [
        [team.agency.admin_unit.code, team.village.name, "Lò Văn Mới", typed, "Tình nguyện viên"]]))
    answers = {"form": errors_of(form), "api": errors_of(api), "sheet": str([vars(e) for e in sheet.errors])}
    for door, text in answers.items():
        assert "Số điện thoại đã được dùng ở đơn vị khác." in text, door
        assert "Nguyễn Văn Giang" not in text and "Tổ dân phố 1" not in text, door
    assert not TeamMember.objects.filter(full_name="Lò Văn Mới").exists()


def test_a_phone_held_in_the_users_own_scope_names_its_holder(coordinator, registry):
    holder = registry["team_member"]
    other_team = TeamMember.objects.get(full_name="Giàng Seo Dũng").team
    response = client_for(coordinator).post("/api/v1/team-members/", {
        "team": other_team.pk, "full_name": "Lò Văn Mới", "phone": holder.phone, "role": "volunteer"}, format="json")
    assert response.status_code == 400
    assert f"Số điện thoại đã thuộc {holder.full_name}, thành viên Tổ CNSCĐ Thôn Một." in str(response.json())


def test_phones_are_stored_in_one_form_whatever_the_door(coordinator, registry):
    team = registry["team"]
    response = client_for(coordinator).post("/api/v1/team-members/", {
        "team": team.pk, "full_name": "Lò Văn Mới", "phone": "+84 988 000 111", "role": "volunteer"}, format="json")
    assert response.status_code == 201, response.content
    assert TeamMember.objects.get(full_name="Lò Văn Mới").phone == "0988000111"
    assert response.json()["phone"] == "0988000111"
    # A lookup typed the same way finds it.
    assert TeamMember.objects.filter(phone="+84 988.000.111").count() == 1
    bad = client_for(coordinator).post("/api/v1/team-members/", {
        "team": team.pk, "full_name": "Lò Văn Sai", "phone": "12345", "role": "volunteer"}, format="json")
    assert bad.status_code == 400 and "không hợp lệ" in str(bad.json())


def test_a_name_too_long_or_with_a_nul_byte_is_refused_by_every_door(coordinator, registry):
    team = registry["team"]
    code, village = team.agency.admin_unit.code, team.village.name
    client = client_for(coordinator)
    for name in ("A" * 100_000, "Lò Văn\x00 Mới"):
        form = client.post(reverse("network:team-member-create", args=[team.pk]),
                           {"full_name": name, "phone": "0977000111", "role": "volunteer"})
        api = client.post("/api/v1/team-members/", {"team": team.pk, "full_name": name, "phone": "0977000111",
                                                    "role": "volunteer"}, format="json")
        csv = io.BytesIO(f"commune,village,full_name,phone,role\n{code},{village},{name},0977000111,volunteer\n"
                         .encode())
        csv.name = "thanh-vien.csv"  # a CSV carries any byte, a workbook cannot
        sheet = run("team-members", coordinator, csv)
        assert form.status_code == 200 and api.status_code == 400 and not sheet.ok
        if "\x00" not in name:  # a NUL byte is refused with the whole file, before any row is read
            assert [e.column for e in sheet.errors] == ["Họ và tên"], sheet.errors
    assert not TeamMember.objects.filter(phone="0977000111").exists()


def test_an_imported_duty_ends_the_open_one_as_the_form_does(coordinator, registry):
    person = registry["person"]  # concurrent since 1/1/2024, still open
    result = run("people", coordinator, workbook(PEOPLE_HEADERS, [
        [person.agency.code, person.full_name, person.phone, "Chuyên trách", "01/07/2025"]]))
    assert result.ok, result.errors
    duties = list(DxDuty.objects.filter(person=person).order_by("valid_from").values_list(
        "kind", "valid_from", "valid_to"))
    assert duties == [("concurrent", datetime.date(2024, 1, 1), datetime.date(2025, 6, 30)),
                      ("dedicated", datetime.date(2025, 7, 1), None)]
    again = run("people", coordinator, workbook(PEOPLE_HEADERS, [
        [person.agency.code, person.full_name, person.phone, "Chuyên trách", "01/07/2025"]]))
    assert again.ok and (again.created, again.updated) == (0, 0)
    assert DxDuty.objects.filter(person=person).count() == 2


def test_a_period_that_ends_before_it_starts_gets_the_models_message_from_the_sheet(coordinator, registry):
    person = registry["person"]
    result = run("focal-points", coordinator, workbook(
        ["Mã cơ quan", "Điện thoại người được giao", "Số quyết định", "Ngày quyết định", "Từ ngày", "Đến ngày"],
        [[person.agency.code, person.phone, "9/QĐ-UBND", "01/03/2025", "01/03/2025", "01/01/2025"]]))
    assert [(e.column, e.message) for e in result.errors] == [
        ("Đến ngày", "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.")]
    assert not FocalPoint.objects.filter(decision_number="9/QĐ-UBND").exists()


def test_the_search_name_follows_the_name_on_every_save(registry):
    person = Person.objects.create(agency=registry["agency"], full_name="Đặng Thị Ánh", phone="0966000001")
    assert person.search_name == "dang thi anh"
    person.full_name = "Đặng Thị Ánh Dương"
    person.save(update_fields=["full_name"])
    person.refresh_from_db()
    assert person.search_name == fold("Đặng Thị Ánh Dương")


def test_stored_phones_are_rewritten_once_and_collisions_reported(registry):
    team = registry["team"]
    first, second = team.members.order_by("pk")[:2]
    with connection.cursor() as cursor:  # as an older version stored them, typed
        cursor.execute("UPDATE network_teammember SET phone = %s WHERE id = %s", ["+84 911 222 333", first.pk])
        cursor.execute("UPDATE network_teammember SET phone = %s WHERE id = %s", ["0911.222.333", second.pk])
    reported = []
    assert normalise_stored_phones(TeamMember, ("team_id",), report=reported.append) == 1
    phones = dict(TeamMember.objects.filter(pk__in=[first.pk, second.pk]).values_list("pk", "phone"))
    assert "0911222333" in phones.values() and set(phones.values()) & {"+84 911 222 333", "0911.222.333"}
    assert len(reported) == 1 and "trùng với 0911222333" in reported[0]


@pytest.mark.skipif(connection.vendor == "postgresql", reason="PostgreSQL refuses NUL bytes on write")
def test_a_row_stored_with_a_control_character_still_exports(coordinator, registry):
    member = registry["team_member"]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE network_teammember SET full_name = %s WHERE id = %s", ["Lò\x00 Văn An", member.pk])
    response = client_for(coordinator).get(reverse("exchange:export", args=["team-members"]))
    assert response.status_code == 200


def test_a_duty_older_than_the_open_one_ends_where_the_open_one_begins_by_form_and_sheet(coordinator, registry):
    person = registry["person"]  # concurrent since 1/1/2024, still open
    response = client_for(coordinator).post(reverse("people:duty", args=[person.pk]),
                                            {"kind": "dedicated", "valid_from": "2023-03-01"})
    assert response.status_code == 302
    result = run("people", coordinator, workbook(PEOPLE_HEADERS, [
        [person.agency.code, person.full_name, person.phone, "Chuyên trách", "01/06/2022"]]))
    assert result.ok, result.errors
    duties = list(DxDuty.objects.filter(person=person).order_by("valid_from").values_list(
        "kind", "valid_from", "valid_to"))
    assert duties == [("dedicated", datetime.date(2022, 6, 1), datetime.date(2023, 2, 28)),
                      ("dedicated", datetime.date(2023, 3, 1), datetime.date(2023, 12, 31)),
                      ("concurrent", datetime.date(2024, 1, 1), None)]


def test_a_duty_recorded_twice_on_the_same_day_is_corrected_not_doubled(coordinator, registry):
    person = registry["person"]
    response = client_for(coordinator).post(reverse("people:duty", args=[person.pk]),
                                            {"kind": "dedicated", "valid_from": "2024-01-01"})
    assert response.status_code == 302
    assert list(DxDuty.objects.filter(person=person).values_list("kind", "valid_to")) == [("dedicated", None)]


@pytest.mark.parametrize("people", [-1, 10_001])
def test_a_number_out_of_either_bound_gets_one_message_from_the_api(coordinator, registry, people):
    """A field bounded on both sides: the API answers with the model's one message, not DRF's own beside it."""
    team = registry["team"]
    answer = client_for(coordinator).post("/api/v1/team-activities/", {
        "team": team.pk, "date": "2025-09-01", "skill_area": registry["activity"].skill_area.pk,
        "people_helped": people}, format="json")
    assert answer.status_code == 400
    assert len(answer.json()["errors"]["people_helped"]) == 1
