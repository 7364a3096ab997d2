"""Information systems by security level (seed 004 task group 7): the rules on fixed days, the milestone that follows
the register, scope, and bad input refused with the same Vietnamese message through the form, the API and the
sheet."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from dxnet.agencies.models import Agency
from dxnet.infosec import rules, services
from dxnet.infosec.models import LEVEL_MESSAGE, InformationSystem, SecurityAssessment, SecurityDrill, TrustLabel
from dxnet.monitoring.models import Milestone, MilestoneKind
from dxnet.monitoring.services import do_record_milestone
from dxnet.monitoring.targets import Scope

from .conftest import client_for

d = datetime.date
NAME_MESSAGE = "Hãy ghi tên hệ thống thông tin."


@pytest.fixture
def lao_cai():
    return Agency.objects.get(code="ubnd-tinh-15")


@pytest.fixture
def ha_noi():
    return Agency.objects.get(code="ubnd-tinh-01")


def register(user, agency, name, level=None, approved_on=None, **fields) -> InformationSystem:
    fields.setdefault("valid_from", d(2023, 1, 1))
    return services.do_register_system(InformationSystem(), acting_user=user, agency=agency, name=name,
                                       proposed_level=level, approved_level=level if approved_on else None,
                                       dossier_date=approved_on, dossier_number="1/QĐ" if approved_on else "",
                                       **fields)


def assess(user, system, day) -> SecurityAssessment:
    return services.do_record_assessment(SecurityAssessment(), acting_user=user, system=system, assessed_on=day,
                                         assessor="Trung tâm giám sát", result="passed")


# --- The cycle of assessments ----------------------------------------------------------------------------------

def test_a_level_5_system_is_due_every_six_months_and_keeps_the_leap_day():
    assert rules.next_assessment_due(5, d(2027, 1, 10), d(2027, 8, 31)) == d(2028, 2, 29)
    assert rules.next_assessment_due(5, d(2026, 1, 10), d(2026, 8, 31)) == d(2027, 2, 28)
    assert rules.next_assessment_due(5, d(2028, 2, 29), None) == d(2028, 8, 29)


def test_levels_1_and_2_are_due_after_two_years_levels_3_and_4_after_one():
    assert rules.next_assessment_due(1, d(2024, 2, 29), None) == d(2026, 2, 28)
    assert rules.next_assessment_due(2, d(2023, 3, 1), d(2024, 5, 2)) == d(2026, 5, 2)
    assert rules.next_assessment_due(3, d(2024, 2, 29), None) == d(2025, 2, 28)
    assert rules.next_assessment_due(4, d(2023, 3, 1), d(2024, 6, 30)) == d(2025, 6, 30)
    assert rules.next_assessment_due(3, None, None) is None  # not approved: no cycle yet


def test_the_overdue_test_in_the_database_agrees_with_the_due_date_on_every_day():
    """`_cutoff` turns "due before the day" into one comparison; it must agree with `add_months` on month ends."""
    for months in (6, 12, 24):
        for as_of in (d(2028, 2, 28), d(2028, 2, 29), d(2028, 3, 1), d(2027, 3, 31), d(2028, 3, 31), d(2026, 9, 30)):
            cutoff = rules._cutoff(as_of, months)
            for offset in range(-40, 40):
                base = rules.add_months(as_of, -months) + datetime.timedelta(days=offset)
                assert (rules.add_months(base, months) < as_of) == (base < cutoff), (months, as_of, base)


def test_a_system_is_overdue_a_cycle_after_its_last_assessment_or_its_approval(coordinator, lao_cai_commune):
    level_5 = register(coordinator, lao_cai_commune, "Cổng dịch vụ công", 5, d(2023, 2, 1))
    assess(coordinator, level_5, d(2023, 8, 31))
    level_3 = register(coordinator, lao_cai_commune, "Quản lý văn bản", 3, d(2023, 5, 15))
    level_1 = register(coordinator, lao_cai_commune, "Thư điện tử", 1, d(2022, 6, 1))
    register(coordinator, lao_cai_commune, "Chưa phê duyệt", 4)
    systems = InformationSystem.objects.all()

    def overdue(day):
        return sorted(s.name for s in rules.overdue_systems(systems, day))

    assert overdue(d(2024, 2, 29)) == []  # 31/08/2023 + 6 months = 29/02/2024, the leap day: due, not late
    assert overdue(d(2024, 3, 1)) == ["Cổng dịch vụ công"]
    assert overdue(d(2024, 5, 16)) == ["Cổng dịch vụ công", "Quản lý văn bản"]  # a year from approval
    assert overdue(d(2024, 6, 2)) == ["Cổng dịch vụ công", "Quản lý văn bản", "Thư điện tử"]
    assess(coordinator, level_3, d(2024, 6, 10))
    assert overdue(d(2024, 6, 20)) == ["Cổng dịch vụ công", "Thư điện tử"]
    assert overdue(d(2024, 6, 5)) == ["Cổng dịch vụ công", "Quản lý văn bản", "Thư điện tử"]  # any day: as it was
    services.do_end_system(level_1, acting_user=coordinator, valid_to=d(2024, 6, 15))
    assert overdue(d(2024, 6, 20)) == ["Cổng dịch vụ công"]  # retired systems are not assessed any more
    page = client_for(coordinator).get(reverse("infosec:overdue"), {"as_of": "2024-06-20"}).content.decode()
    assert "Cổng dịch vụ công" in page and "Quản lý văn bản" not in page and "29/02/2024" in page


# --- The table per province or ministry ------------------------------------------------------------------------

@pytest.fixture
def two_provinces(actors, lao_cai, ha_noi, lao_cai_commune):
    coordinator, outsider = actors["coordinator"], actors["outsider"]
    department = Agency.objects.get(code="skhcn-tinh-15")
    portal = register(coordinator, lao_cai, "Cổng thông tin điện tử tỉnh", 3, d(2024, 3, 1), public_facing=True,
                      protection_implemented_on=d(2024, 10, 1))
    data = register(coordinator, department, "Trung tâm dữ liệu", 4, d(2024, 7, 5),
                    protection_implemented_on=d(2024, 12, 20))
    register(coordinator, lao_cai_commune, "Một cửa điện tử xã", 2, d(2024, 6, 1))
    assess(coordinator, portal, d(2024, 9, 1))
    services.do_record_trust_label(TrustLabel(), acting_user=coordinator, system=portal, number="TN-1",
                                   issued_on=d(2024, 9, 10), expires_on=d(2026, 9, 9))
    services.do_record_drill(SecurityDrill(), acting_user=coordinator, agency=lao_cai, date=d(2025, 10, 3),
                             scenario="Tấn công mã độc tống tiền", systems=[portal, data])
    services.do_record_drill(SecurityDrill(), acting_user=coordinator, agency=lao_cai, date=d(2025, 4, 3),
                             live_fire=False, scenario="Diễn tập trên bàn")
    register(outsider, ha_noi, "Cổng thông tin Hà Nội", 2, d(2024, 1, 10), public_facing=True)
    return {"portal": portal, "data": data}


def _row(table, code):
    return next(row for row in table.rows if row.body.code == code)


def test_the_summary_counts_each_rule_per_province_on_a_day(two_provinces, actors):
    table = rules.summary(actors["national_admin"], tier="province", as_of=d(2025, 12, 31))
    assert len(table.rows) == 34
    lao_cai = _row(table, "ubnd-tinh-15")
    assert (lao_cai.systems, lao_cai.approved, lao_cai.approved_by_deadline) == (3, 3, 2)
    assert lao_cai.dossiers_met and not lao_cai.dossiers_on_time  # the data centre was approved after 30/6/2024
    assert (lao_cai.protected, lao_cai.protected_by_deadline, lao_cai.protection_met) == (2, 1, False)
    assert (lao_cai.drills, lao_cai.live_fire_drills, lao_cai.drill_met) == (2, 1, True)
    assert (lao_cai.priority, lao_cai.priority_drilled) == (2, 2)  # both level 3+ systems took part
    assert (lao_cai.public, lao_cai.public_compliant, lao_cai.labels_met) == (1, 1, True)
    assert lao_cai.overdue == 2  # the portal (level 3, assessed 01/09/2024) and the data centre (level 4, 05/07/2024)
    ha_noi = _row(table, "ubnd-tinh-01")
    assert (ha_noi.systems, ha_noi.live_fire_drills, ha_noi.drill_met, ha_noi.labels_met) == (1, 0, False, False)
    assert table.totals["systems"] == 4 and table.as_dict()["national"]["bodies_meeting"]["drill"] == 1
    # The same day a year later: the label has expired, and no live-fire drill yet in 2026.
    later = _row(rules.summary(actors["national_admin"], tier="province", as_of=d(2026, 9, 10)), "ubnd-tinh-15")
    assert (later.public_labelled, later.live_fire_drills, later.drill_met) == (0, 0, False)
    # Before the systems were approved, none was (the province of today was formed in 2025: its subtree counts).
    early = rules.figures(InformationSystem.objects.filter(agency__path__startswith=_row(table, "ubnd-tinh-15")
                                                           .body.path), d(2024, 2, 1))
    assert (early["systems"], early["approved"]) == (3, 0)


def test_the_summary_shows_only_the_bodies_within_the_users_scope(two_provinces, actors):
    day = d(2025, 12, 31)
    assert [row.body.code for row in rules.summary(actors["coordinator"], tier="province", as_of=day).rows] == [
        "ubnd-tinh-15"]
    assert [row.body.code for row in rules.summary(actors["outsider"], tier="province", as_of=day).rows] == [
        "ubnd-tinh-01"]
    # The DX department's coordinator sees its province's row, counting its own subtree only.
    sibling = rules.summary(actors["sibling"], tier="province", as_of=day).rows
    assert [(row.body.code, row.systems) for row in sibling] == [("ubnd-tinh-15", 1)]
    assert rules.summary(actors["coordinator"], tier="ministry", as_of=day).rows == []
    body = client_for(actors["outsider"]).get(reverse("infosec-summary"), {"tier": "province",
                                                                           "as_of": "2025-12-31"}).json()
    assert [row["code"] for row in body["rows"]] == ["ubnd-tinh-01"] and body["national"]["systems"] == 1


def test_the_summary_costs_the_same_queries_for_one_province_as_for_many(two_provinces, actors, ha_noi):
    admin = actors["national_admin"]
    with CaptureQueriesContext(connection) as few:
        rules.summary(admin, tier="province", as_of=d(2025, 12, 31))
    for index in range(6):
        system = register(actors["outsider"], ha_noi, f"Hệ thống {index}", 1 + index % 5, d(2024, 1, 1))
        assess(actors["outsider"], system, d(2025, 1, 1))
    services.do_record_drill(SecurityDrill(), acting_user=actors["outsider"], agency=ha_noi, date=d(2025, 5, 5),
                             scenario="Tấn công từ chối dịch vụ")
    with CaptureQueriesContext(connection) as many:
        table = rules.summary(admin, tier="province", as_of=d(2025, 12, 31))
    assert len(few) == len(many) <= 7  # six, and the data version the cache is keyed on
    with CaptureQueriesContext(connection) as again:  # unchanged data: from the cache
        assert rules.summary(admin, tier="province", as_of=d(2025, 12, 31)).as_dict() == table.as_dict()
    assert len(again) == 1
    register(actors["outsider"], ha_noi, "Hệ thống mới", 2, d(2024, 1, 1))  # a write: computed afresh
    assert rules.summary(admin, tier="province", as_of=d(2025, 12, 31)).totals["systems"] == table.totals["systems"] + 1


def test_the_summary_api_and_page_refuse_a_bad_tier_or_day(actors):
    client = client_for(actors["coordinator"])
    body = client.get(reverse("infosec-summary"), {"tier": "xa"}).json()
    assert body["code"] == "invalid" and "province" in body["errors"]["tier"][0]["message"]
    assert client.get(reverse("infosec-summary"), {"as_of": "0001-01-01"}).status_code == 400
    page = client.get(reverse("infosec:summary"), {"tier": "province", "as_of": "0001-01-01"})
    assert page.status_code == 200 and "01/01/2000" in page.content.decode()


# --- The milestone follows the register --------------------------------------------------------------------------

def test_the_security_dossiers_milestone_follows_the_register(actors, lao_cai, lao_cai_commune):
    coordinator = actors["coordinator"]

    def milestone():
        return Milestone.objects.filter(agency=lao_cai, kind__code="security-dossiers").first()

    first = register(coordinator, lao_cai, "Cổng thông tin", 3, d(2024, 3, 1))
    second = register(coordinator, lao_cai_commune, "Một cửa xã", 2)
    assert milestone() is None  # one system waits for its dossier
    services.do_approve_level(second, acting_user=coordinator, approved_level=2, dossier_date=d(2024, 6, 20),
                              dossier_number="88/QĐ-UBND")
    reached = milestone()
    assert reached.derived and reached.achieved_on == d(2024, 6, 20) and "100%" in reached.document
    third = register(coordinator, lao_cai_commune, "Hệ thống mới", 1)
    assert milestone() is None  # no longer 100%: withdrawn
    services.do_approve_level(third, acting_user=coordinator, approved_level=1, dossier_date=d(2025, 2, 1))
    assert milestone().achieved_on == d(2025, 2, 1)
    services.do_end_system(third, acting_user=coordinator, valid_to=d(2025, 3, 1))
    assert milestone() is not None and first.pk
    # Hà Nội registered nothing: not achieved.
    assert not Milestone.objects.filter(agency__code="ubnd-tinh-01", kind__code="security-dossiers").exists()


def test_the_security_dossiers_milestone_is_never_entered_by_hand(actors, lao_cai):
    kind = MilestoneKind.objects.get(code="security-dossiers")
    with pytest.raises(ValidationError, match="ghi nhận tự động từ sổ hệ thống thông tin"):
        do_record_milestone(Milestone(), acting_user=actors["coordinator"], agency=lao_cai, kind=kind,
                            achieved_on=d(2024, 6, 28), document="Quyết định 900/QĐ-UBND")
    response = client_for(actors["coordinator"]).post(reverse("milestone-list"), {
        "agency": lao_cai.pk, "kind": kind.pk, "achieved_on": "2024-06-28"}, format="json")
    assert response.status_code == 400 and "không nhập tay được" in str(response.json())
    assert not Milestone.objects.exists()


# --- Bad input: the same Vietnamese message through the form, the API and the sheet -----------------------------

def _sheet(rows) -> SimpleUploadedFile:
    book = Workbook()
    book.active.append(["Mã cơ quan", "Tên hệ thống", "Cấp độ đề xuất", "Cấp độ được phê duyệt", "Ngày phê duyệt"])
    for row in rows:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    return SimpleUploadedFile("he-thong.xlsx", data.getvalue())


def _import(user, rows) -> tuple[list[tuple[int, str, str]], str]:
    """The import's errors (row, column, message) and its page."""
    from dxnet.core.models import ImportJob

    client = client_for(user)
    response = client.post(reverse("exchange:import", args=["information-systems"]), {"file": _sheet(rows)})
    job = ImportJob.objects.latest("pk")
    page = client.get(response["Location"]).content.decode()
    return [(e["row"], e["column"], e["message"]) for e in job.errors], page


def test_level_6_is_refused_the_same_way_everywhere(actors, lao_cai_commune):
    coordinator = actors["coordinator"]
    client = client_for(coordinator)
    page = client.post(reverse("infosec:create"), {"agency": lao_cai_commune.code, "name": "Cổng xã",
                                                   "proposed_level": 6}).content.decode()
    assert LEVEL_MESSAGE in page
    body = client.post(reverse("information-system-list"), {"agency": lao_cai_commune.pk, "name": "Cổng xã",
                                                            "approved_level": 6, "dossier_date": "2024-01-01"},
                       format="json").json()
    assert body["errors"]["approved_level"][0]["message"] == LEVEL_MESSAGE
    errors, shown = _import(coordinator, [[lao_cai_commune.code, "Cổng xã", 6, None, None]])
    assert errors == [(2, "Cấp độ đề xuất", LEVEL_MESSAGE)] and LEVEL_MESSAGE in shown
    assert not InformationSystem.objects.exists()


def test_an_empty_name_and_a_day_to_come_are_refused_the_same_way_everywhere(actors, lao_cai_commune):
    client = client_for(actors["coordinator"])
    future = "2099-01-01"
    page = client.post(reverse("infosec:create"), {"agency": lao_cai_commune.code, "name": " ", "approved_level": 2,
                                                   "dossier_date": future}).content.decode()
    assert NAME_MESSAGE in page and "Ngày 01/01/2099 chưa đến; chỉ ghi ngày đã diễn ra." in page
    body = client.post(reverse("information-system-list"), {"agency": lao_cai_commune.pk, "name": ""},
                       format="json").json()
    assert body["errors"]["name"][0]["message"] == NAME_MESSAGE
    body = client.post(reverse("information-system-list"), {"agency": lao_cai_commune.pk, "name": "Cổng",
                                                            "approved_level": 2, "dossier_date": future},
                       format="json").json()
    assert body["errors"]["dossier_date"][0]["message"] == "Ngày 01/01/2099 chưa đến; chỉ ghi ngày đã diễn ra."
    errors, _ = _import(actors["coordinator"], [[lao_cai_commune.code, "", 2, 2, "01/01/2099"]])
    assert errors == [(2, "Ngày phê duyệt", "Ngày 01/01/2099 chưa đến; chỉ ghi ngày đã diễn ra."),
                      (2, "Tên hệ thống", NAME_MESSAGE)]
    assert not InformationSystem.objects.exists()


def test_an_assessment_file_too_large_or_of_a_wrong_type_is_refused(actors, lao_cai_commune):
    coordinator = actors["coordinator"]
    system = register(coordinator, lao_cai_commune, "Cổng xã", 2, d(2024, 1, 5))
    client = client_for(coordinator)
    wrong = SimpleUploadedFile("virus.exe", b"MZ")
    page = client.post(reverse("infosec:assessment-create", args=[system.pk]), {
        "assessed_on": "2025-01-10", "assessor": "Sở", "result": "passed", "file": wrong}).content.decode()
    assert "Không nhận tệp đuôi “exe”" in page
    big = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4" + b"0" * (21 * 1024 * 1024))
    body = client.post(reverse("security-assessment-list"), {
        "system": system.pk, "assessed_on": "2025-01-10", "assessor": "Sở", "result": "passed", "file": big},
        format="multipart").json()
    assert "vượt quá 20 MB" in str(body)
    future = client.post(reverse("security-assessment-list"), {
        "system": system.pk, "assessed_on": "2099-01-10", "assessor": "Sở", "result": "passed"}, format="json")
    assert future.json()["errors"]["assessed_on"][0]["message"].startswith("Ngày 10/01/2099 chưa đến")
    assert not SecurityAssessment.objects.exists()


def test_a_trust_label_needs_a_public_site_and_a_drill_systems_of_its_own_province(actors, lao_cai, ha_noi,
                                                                                   lao_cai_commune):
    coordinator, outsider = actors["coordinator"], actors["outsider"]
    internal = register(coordinator, lao_cai_commune, "Quản lý văn bản", 2, d(2024, 1, 5))
    with pytest.raises(ValidationError, match="không phải trang, cổng thông tin công khai"):
        services.do_record_trust_label(TrustLabel(), acting_user=coordinator, system=internal, number="TN",
                                       issued_on=d(2025, 1, 1), expires_on=d(2027, 1, 1))
    hanoi_system = register(outsider, ha_noi, "Cổng Hà Nội", 3, d(2024, 1, 5))
    with pytest.raises(ValidationError, match="không thuộc"):
        services.do_record_drill(SecurityDrill(), acting_user=actors["national_admin"], agency=lao_cai,
                                 date=d(2025, 5, 1), scenario="Tấn công", systems=[internal, hanoi_system])
    response = client_for(coordinator).post(reverse("security-drill-list"), {
        "agency": lao_cai_commune.pk, "date": "2025-05-01", "scenario": "Tấn công"}, format="json")
    assert "Ủy ban nhân dân cấp tỉnh" in str(response.json())
    assert not SecurityDrill.objects.exists() and not TrustLabel.objects.exists()


# --- Import, API, pages, the dashboard card --------------------------------------------------------------------

def test_an_import_with_one_bad_row_writes_nothing_and_a_good_one_derives_the_milestone(actors, lao_cai,
                                                                                        lao_cai_commune):
    coordinator = actors["coordinator"]
    errors, _ = _import(coordinator, [[lao_cai.code, "Cổng tỉnh", 3, 3, "01/03/2024"],
                                      ["ubnd-tinh-01", "Cổng Hà Nội", 2, None, None],
                                      [lao_cai_commune.code, "Một cửa", 2, 2, "31/02/2024"]])
    assert errors == [(3, "Mã cơ quan", "Không có cơ quan mã “ubnd-tinh-01” trong phạm vi của bạn."),
                      (4, "Ngày phê duyệt", "Ngày “31/02/2024” không đúng dạng dd/mm/yyyy.")]
    assert not InformationSystem.objects.exists()
    _import(coordinator, [[lao_cai.code, "Cổng tỉnh", 3, 3, "01/03/2024"],
                          [lao_cai_commune.code, "Một cửa", 2, 2, "20/06/2024"]])
    assert InformationSystem.objects.count() == 2
    assert Milestone.objects.get(agency=lao_cai, kind__code="security-dossiers").achieved_on == d(2024, 6, 20)
    exported = client_for(coordinator).get(reverse("exchange:export", args=["information-systems"]))
    assert exported.status_code == 200


def test_the_api_lists_systems_with_their_due_date_and_filters_them(two_provinces, actors):
    client = client_for(actors["coordinator"])
    rows = client.get(reverse("information-system-list"), {"as_of": "2025-12-31"}).json()["results"]
    by_name = {row["name"]: row for row in rows}
    assert set(by_name) == {"Cổng thông tin điện tử tỉnh", "Trung tâm dữ liệu", "Một cửa điện tử xã"}
    portal = by_name["Cổng thông tin điện tử tỉnh"]
    assert (portal["level"], portal["next_assessment_due"], portal["assessment_overdue"]) == (3, "2025-09-01", True)
    assert by_name["Một cửa điện tử xã"]["next_assessment_due"] == "2026-06-01"
    overdue = client.get(reverse("information-system-list"), {"as_of": "2025-12-31", "assessment_overdue": "true"})
    assert sorted(row["name"] for row in overdue.json()["results"]) == ["Cổng thông tin điện tử tỉnh",
                                                                          "Trung tâm dữ liệu"]
    level = client.get(reverse("information-system-list"), {"level": 4}).json()["results"]
    assert [row["name"] for row in level] == ["Trung tâm dữ liệu"]
    assert client.get(reverse("information-system-list"), {"level": 6}).status_code == 400
    outsider = client_for(actors["outsider"]).get(reverse("information-system-detail",
                                                          args=[two_provinces["portal"].pk]))
    assert outsider.status_code == 404


def test_the_api_registers_and_approves_through_the_service(actors, lao_cai_commune):
    client = client_for(actors["focal_point"])
    created = client.post(reverse("information-system-list"), {"agency": lao_cai_commune.pk, "name": "Cổng xã",
                                                               "proposed_level": 2, "public_facing": True},
                          format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    approved = client.patch(reverse("information-system-detail", args=[pk]), {
        "approved_level": 2, "dossier_date": "2024-05-05", "dossier_number": "12/QĐ-UBND"}, format="json")
    assert approved.status_code == 200 and approved.json()["next_assessment_due"] == "2026-05-05"
    assert client_for(actors["viewer"]).post(reverse("information-system-list"), {
        "agency": lao_cai_commune.pk, "name": "Khác"}, format="json").status_code == 403


def test_the_pages_show_a_system_and_record_its_assessment(two_provinces, actors):
    portal = two_provinces["portal"]
    client = client_for(actors["coordinator"])
    page = client.get(reverse("infosec:detail", args=[portal.pk])).content.decode()
    assert "Cấp độ 3" in page and "TN-1" in page and "01/09/2025" in page
    response = client.post(reverse("infosec:assessment-create", args=[portal.pk]), {
        "assessed_on": "2025-11-20", "assessor": "Cục An toàn thông tin", "result": "passed"})
    assert response.status_code == 302
    assert "20/11/2026" in client.get(reverse("infosec:detail", args=[portal.pk])).content.decode()
    listing = client.get(reverse("infosec:list"), {"level": 3}).content.decode()
    assert "Cổng thông tin điện tử tỉnh" in listing and "Trung tâm dữ liệu" not in listing


def test_the_dashboard_card_links_each_number_to_its_rows(two_provinces, actors):
    from dxnet.infosec.dashboard import compute

    card = compute(Scope(actors["coordinator"], d(2025, 12, 31)), False)
    assert (card["systems"], card["approved"], card["approved_percent"], card["overdue"], card["drills"],
            card["live_fire_drills"]) == (3, 3, 100.0, 2, 2, 1)
    assert compute(Scope(actors["coordinator"], d(2022, 1, 1)), False) is None
    page = client_for(actors["coordinator"]).get(reverse("monitoring:dashboard"), {"as_of": "2025-12-31"})
    html = page.content.decode()
    assert 'data-card="infosec"' in html
    assert f'href="{reverse("infosec:overdue")}?as_of=2025-12-31"><b>2</b>' in html


def test_the_demo_has_every_level_one_overdue_assessment_and_the_milestone_in_lao_cai_only(db):
    from django.utils import timezone

    from dxnet.demo import load_demo

    load_demo()
    today = timezone.localdate()
    for code in ("ubnd-tinh-15", "ubnd-tinh-01"):
        levels = InformationSystem.objects.filter(agency__path__startswith=Agency.objects.get(code=code).path)
        assert set(levels.values_list("proposed_level", flat=True)) == {1, 2, 3, 4, 5}
    overdue = rules.overdue_systems(InformationSystem.objects.all(), today)
    assert [s.name for s in overdue] == ["Hệ thống giám sát an toàn thông tin (SOC)"]
    reached = Milestone.objects.filter(kind__code="security-dossiers").values_list("agency__code", flat=True)
    assert list(reached) == ["ubnd-tinh-15"]
    assert SecurityDrill.objects.filter(agency__code="ubnd-tinh-15", live_fire=True).exists()
    assert TrustLabel.objects.filter(system__agency__code="ubnd-tinh-01").exists()
    count = InformationSystem.objects.count()
    load_demo()
    assert InformationSystem.objects.count() == count


def test_a_merged_commune_hands_its_systems_in_the_register_to_its_successor(actors, lao_cai_commune, lao_cai):
    from dxnet.agencies.reorganisation import do_apply_event, do_create_event, preview_event

    coordinator, admin = actors["coordinator"], actors["national_admin"]
    receiver = Agency.objects.filter(kind=Agency.Kind.COMMUNE_PC, parent=lao_cai).order_by("code")[5]
    running = register(coordinator, lao_cai_commune, "Một cửa điện tử xã", 2, d(2024, 6, 1))
    retired = register(coordinator, lao_cai_commune, "Phần mềm cũ", 1, d(2024, 6, 1))
    services.do_end_system(retired, acting_user=coordinator, valid_to=d(2025, 6, 30))
    event = do_create_event(kind="merge", effective_on=d(2026, 11, 1), basis="Nghị quyết 9/NQ-HĐND",
                            predecessors=[lao_cai_commune], successors=[receiver], acting_user=admin)
    assert preview_event(event).counts["information_systems"] == 1
    do_apply_event(event, acting_user=admin)
    running.refresh_from_db()
    retired.refresh_from_db()
    assert (running.agency, retired.agency) == (receiver, lao_cai_commune)
    assert Milestone.objects.filter(agency=lao_cai, kind__code="security-dossiers").exists()


def test_a_coordinator_approves_a_dossier_and_records_a_drill_on_the_pages(actors, lao_cai, lao_cai_commune):
    coordinator = actors["coordinator"]
    client = client_for(coordinator)
    system = register(coordinator, lao_cai_commune, "Cổng thông tin xã", 3, public_facing=True)
    page = client.post(reverse("infosec:approve", args=[system.pk]), {"approved_level": "", "dossier_date": ""})
    assert "cần cả cấp độ được phê duyệt và ngày phê duyệt" in page.content.decode()
    response = client.post(reverse("infosec:approve", args=[system.pk]), {
        "approved_level": 3, "dossier_number": "15/QĐ-UBND", "dossier_date": "2024-06-12",
        "dossier_file": SimpleUploadedFile("ho-so.pdf", b"%PDF-1.4 ho so")})
    assert response.status_code == 302
    system.refresh_from_db()
    assert (system.approved_level, system.dossier_date) == (3, d(2024, 6, 12))
    assert client.get(reverse("infosec:file", args=[system.pk, "ho-so"])).status_code == 200
    assert Milestone.objects.get(agency=lao_cai, kind__code="security-dossiers").achieved_on == d(2024, 6, 12)
    response = client.post(reverse("infosec:drill-create"), {
        "agency": lao_cai.code, "date": "2026-09-15", "live_fire": "on", "scenario": "Tấn công vào cổng xã",
        "systems": [system.pk]})
    assert response.status_code == 302
    drill = SecurityDrill.objects.get()
    assert list(drill.systems.all()) == [system]
    assert "Cổng thông tin xã" in client.get(reverse("infosec:drill", args=[drill.pk])).content.decode()
    refused = client.post(reverse("infosec:drill-create"), {"agency": lao_cai_commune.code, "date": "2026-09-15",
                                                            "scenario": "Khác"})
    assert refused.status_code == 200 and SecurityDrill.objects.count() == 1
    summary = client.get(reverse("infosec:summary"), {"tier": "province", "as_of": "2026-11-01"}).content.decode()
    assert "Ủy ban nhân dân tỉnh Lào Cai" in summary and f"?agency={lao_cai.pk}&as_of=2026-11-01" in summary
    listed = client.get(reverse("infosec:list"), {"agency": lao_cai.pk}).content.decode()
    assert "Cổng thông tin xã" in listed  # a province's systems include its communes'


def test_the_api_records_a_drill_with_its_systems_and_a_trust_label(actors, lao_cai, lao_cai_commune):
    coordinator = actors["coordinator"]
    client = client_for(coordinator)
    portal = register(coordinator, lao_cai_commune, "Cổng xã", 2, d(2024, 1, 5), public_facing=True)
    drill = client.post(reverse("security-drill-list"), {"agency": lao_cai.pk, "date": "2026-03-01",
                                                         "scenario": "Tấn công", "systems": [portal.pk]},
                        format="json")
    assert drill.status_code == 201 and drill.json()["systems"] == [portal.pk]
    label = client.post(reverse("trust-label-list"), {"system": portal.pk, "number": "TN-9", "issued_on": "2026-01-05",
                                                      "expires_on": "2026-01-01"}, format="json")
    assert label.json()["errors"]["expires_on"][0]["message"] == "Ngày hết hạn phải sau ngày cấp."
    outsider = client_for(actors["outsider"]).post(reverse("trust-label-list"), {
        "system": portal.pk, "number": "TN-9", "issued_on": "2026-01-05", "expires_on": "2028-01-01"}, format="json")
    assert outsider.status_code == 400 and not TrustLabel.objects.exists()  # a system out of scope is not a choice


def test_the_register_list_costs_the_same_queries_for_few_and_many_systems(actors, lao_cai_commune):
    coordinator = actors["coordinator"]
    client = client_for(coordinator)

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"page_size": 100}).status_code == 200
        return len(queries)

    register(coordinator, lao_cai_commune, "Hệ thống 0", 2, d(2024, 1, 5))
    few = [count(reverse("infosec:list")), count(reverse("information-system-list"))]
    for index in range(1, 8):
        system = register(coordinator, lao_cai_commune, f"Hệ thống {index}", 1 + index % 5, d(2024, 1, 5))
        assess(coordinator, system, d(2025, 1, 5))
    assert [count(reverse("infosec:list")), count(reverse("information-system-list"))] == few


def test_records_are_corrected_through_the_api_with_the_same_rules(actors, lao_cai, lao_cai_commune):
    coordinator = actors["coordinator"]
    client = client_for(coordinator)
    portal = register(coordinator, lao_cai_commune, "Cổng xã", 5, d(2024, 1, 5), public_facing=True)
    assessment = assess(coordinator, portal, d(2025, 1, 10))
    fixed = client.patch(reverse("security-assessment-detail", args=[assessment.pk]), {"assessed_on": "2025-02-10"},
                         format="json")
    assert fixed.status_code == 200 and fixed.json()["assessed_on"] == "2025-02-10"
    shown = client.get(reverse("information-system-detail", args=[portal.pk])).json()
    assert (shown["last_assessed_on"], shown["next_assessment_due"]) == ("2025-02-10", "2025-08-10")
    drill = services.do_record_drill(SecurityDrill(), acting_user=coordinator, agency=lao_cai, date=d(2026, 3, 1),
                                     scenario="Tấn công", systems=[portal])
    changed = client.patch(reverse("security-drill-detail", args=[drill.pk]), {"result": "Đạt"}, format="json")
    assert changed.status_code == 200 and changed.json()["systems"] == [portal.pk]
    level = client.patch(reverse("information-system-detail", args=[portal.pk]), {"approved_level": 0},
                         format="json")
    assert level.json()["errors"]["approved_level"][0]["message"] == LEVEL_MESSAGE


def test_the_consolidated_report_gains_a_security_table_for_the_agencies_asked(two_provinces, lao_cai, ha_noi):
    from dxnet.reporting.consolidation import TABLES

    table = next(t for t in TABLES if t.title == "An toàn thông tin theo cấp độ")
    header, rows = table.build(Scope(None, d(2025, 12, 31), roots=(lao_cai.path, ha_noi.path,
                                                                   Agency.objects.get(code="ubnd-tinh-79").path)))
    assert header[:2] == ["Cơ quan", "Hệ thống thông tin"]
    assert rows == [["Ủy ban nhân dân thành phố Hà Nội", 1, "1/1", "0/1", 0, "0/1", 0],
                    ["Ủy ban nhân dân tỉnh Lào Cai", 3, "3/3", "2/3", 2, "1/1", 1]]


def test_the_register_opens_without_any_filter(two_provinces, actors):
    client = client_for(actors["coordinator"])
    for name in ("infosec:list", "infosec:overdue"):
        assert client.get(reverse(name)).status_code == 200
    assert client.get(reverse("information-system-list")).json()["count"] == 3
    export = client.get(reverse("exchange:export", args=["information-systems"]))
    assert export.status_code == 200


# --- Probe 13: duplicates, implausible days, deadlines judged on their day, a part of a province, filters, files --

RANGE_MESSAGE = "Ngày phải trong khoảng 01/01/2000 đến 31/12/2100."


def _messages(response, field="non_field_errors") -> list[str]:
    return [error["message"] for error in response.json()["errors"][field]]


def test_a_system_submitted_twice_is_refused_the_same_way_everywhere(actors, lao_cai_commune):
    from dxnet.infosec.models import DUPLICATE_SYSTEM

    client = client_for(actors["focal_point"])
    payload = {"agency": lao_cai_commune.pk, "name": "Cổng xã", "proposed_level": 2}
    assert client.post(reverse("information-system-list"), payload, format="json").status_code == 201
    again = client.post(reverse("information-system-list"), payload, format="json")
    assert again.status_code == 400 and _messages(again) == [DUPLICATE_SYSTEM]
    page = client.post(reverse("infosec:create"), {"agency": lao_cai_commune.code, "name": "Cổng xã",
                                                   "proposed_level": 2})
    assert page.status_code == 200 and DUPLICATE_SYSTEM in page.content.decode()
    errors, _ = _import(actors["coordinator"], [[lao_cai_commune.code, "Cổng xã", 2, None, None],
                                                [lao_cai_commune.code, "Cổng xã", 3, None, None]])
    assert errors == [(3, "Mã cơ quan", "Trùng với dòng 2 trong cùng tệp.")]
    assert InformationSystem.objects.count() == 1
    # The sheet's row for the system already there updates it: still one, with the import approving it.
    _import(actors["coordinator"], [[lao_cai_commune.code, "Cổng xã", 2, 2, "01/03/2024"]])
    assert InformationSystem.objects.get().approved_level == 2


def test_an_assessment_a_drill_and_a_trust_label_submitted_twice_are_refused(actors, lao_cai, lao_cai_commune):
    from dxnet.infosec.models import DUPLICATE_ASSESSMENT, DUPLICATE_DRILL, DUPLICATE_LABEL

    coordinator = actors["coordinator"]
    portal = register(coordinator, lao_cai_commune, "Cổng xã", 2, d(2024, 1, 5), public_facing=True)
    client = client_for(coordinator)
    for url, payload, message in (
            ("security-assessment-list", {"system": portal.pk, "assessed_on": "2025-01-10", "assessor": "Sở",
                                          "result": "passed"}, DUPLICATE_ASSESSMENT),
            ("security-drill-list", {"agency": lao_cai.pk, "date": "2025-05-01", "scenario": "Tấn công"},
             DUPLICATE_DRILL),
            ("trust-label-list", {"system": portal.pk, "number": "TN-1", "issued_on": "2025-01-05",
                                  "expires_on": "2027-01-05"}, DUPLICATE_LABEL)):
        assert client.post(reverse(url), payload, format="json").status_code == 201
        again = client.post(reverse(url), payload, format="json")
        assert again.status_code == 400 and _messages(again) == [message], url
    pages = ((reverse("infosec:assessment-create", args=[portal.pk]),
              {"assessed_on": "2025-01-10", "assessor": "Sở", "result": "passed"}, DUPLICATE_ASSESSMENT),
             (reverse("infosec:drill-create"), {"agency": lao_cai.code, "date": "2025-05-01", "live_fire": "on",
                                                "scenario": "Tấn công"}, DUPLICATE_DRILL),
             (reverse("infosec:label-create", args=[portal.pk]),
              {"number": "TN-1", "issued_on": "2025-01-05", "expires_on": "2027-01-05"}, DUPLICATE_LABEL))
    for url, data, message in pages:
        page = client.post(url, data)
        assert page.status_code == 200 and message in page.content.decode(), url
    assert (SecurityAssessment.objects.count(), SecurityDrill.objects.count(), TrustLabel.objects.count()) == (1, 1, 1)


def test_days_outside_2000_to_2100_are_refused_the_same_way_everywhere(actors, lao_cai, lao_cai_commune):
    coordinator = actors["coordinator"]
    client = client_for(coordinator)
    body = client.post(reverse("information-system-list"), {"agency": lao_cai_commune.pk, "name": "Cổng",
                                                            "approved_level": 2, "dossier_date": "0001-01-01"},
                       format="json")
    assert _messages(body, "dossier_date") == [RANGE_MESSAGE]
    page = client.post(reverse("infosec:create"), {"agency": lao_cai_commune.code, "name": "Cổng",
                                                   "approved_level": 2, "dossier_date": "0001-01-01"})
    assert RANGE_MESSAGE in page.content.decode()
    errors, _ = _import(coordinator, [[lao_cai_commune.code, "Cổng", 2, 2, "01/01/0001"]])
    assert errors == [(2, "Ngày phê duyệt", RANGE_MESSAGE)]
    far = client.post(reverse("information-system-list"), {"agency": lao_cai_commune.pk, "name": "Cổng",
                                                           "approved_level": 2, "dossier_date": "9999-12-31"},
                      format="json")
    assert _messages(far, "dossier_date") == [RANGE_MESSAGE]  # one message, not the range's and the future's
    assert not InformationSystem.objects.exists()

    portal = register(coordinator, lao_cai_commune, "Cổng xã", 2, d(2024, 1, 5), public_facing=True)
    assessment = client.post(reverse("security-assessment-list"), {
        "system": portal.pk, "assessed_on": "0001-01-01", "assessor": "Sở", "result": "passed"}, format="json")
    assert _messages(assessment, "assessed_on") == [RANGE_MESSAGE]
    page = client.post(reverse("infosec:assessment-create", args=[portal.pk]), {
        "assessed_on": "0001-01-01", "assessor": "Sở", "result": "passed"})
    assert RANGE_MESSAGE in page.content.decode()
    drill = client.post(reverse("security-drill-list"), {"agency": lao_cai.pk, "date": "0001-01-01",
                                                         "scenario": "Tấn công"}, format="json")
    assert _messages(drill, "date") == [RANGE_MESSAGE]
    page = client.post(reverse("infosec:drill-create"), {"agency": lao_cai.code, "date": "0001-01-01",
                                                         "scenario": "Tấn công"})
    assert RANGE_MESSAGE in page.content.decode()
    for issued, expires, field in (("0001-01-01", "2027-01-01", "issued_on"), ("2025-01-01", "9999-12-31",
                                                                                "expires_on")):
        label = client.post(reverse("trust-label-list"), {"system": portal.pk, "number": "TN", "issued_on": issued,
                                                          "expires_on": expires}, format="json")
        assert _messages(label, field) == [RANGE_MESSAGE]
        page = client.post(reverse("infosec:label-create", args=[portal.pk]), {
            "number": "TN", "issued_on": issued, "expires_on": expires})
        assert RANGE_MESSAGE in page.content.decode()
    with pytest.raises(ValidationError, match="01/01/2000 đến 31/12/2100"):
        services.do_end_system(portal, acting_user=coordinator, valid_to=d(9999, 12, 31))
    assert not (SecurityAssessment.objects.exists() or SecurityDrill.objects.exists() or TrustLabel.objects.exists())


def test_a_system_registered_after_the_dossier_deadline_does_not_fail_it(actors, lao_cai, lao_cai_commune):
    coordinator = actors["coordinator"]
    register(coordinator, lao_cai, "Cổng thông tin", 3, d(2024, 3, 1), protection_implemented_on=d(2024, 5, 1))
    register(coordinator, lao_cai_commune, "Một cửa xã", 2, d(2024, 6, 20), protection_implemented_on=d(2024, 7, 1))
    late = register(coordinator, lao_cai_commune, "Hệ thống mới", 1, valid_from=d(2025, 1, 2))
    services.do_approve_level(late, acting_user=coordinator, approved_level=1, dossier_date=d(2025, 2, 1))

    def row(day):
        return _row(rules.summary(coordinator, tier="province", as_of=day), "ubnd-tinh-15")

    today = row(d(2025, 12, 31))
    assert (today.systems, today.at_dossier_deadline, today.approved_by_deadline) == (3, 2, 2)
    assert today.dossiers_met and today.dossiers_on_time
    assert (today.at_protection_deadline, today.protected_by_deadline, today.protection_on_time) == (2, 2, True)
    before = rules.figures(InformationSystem.objects.all(), d(2024, 6, 10))  # the deadline to come: judged that day
    assert (before["systems"], before["at_dossier_deadline"], before["approved_by_deadline"]) == (2, 2, 1)
    body = client_for(coordinator).get(reverse("infosec-summary"), {"as_of": "2025-12-31"}).json()
    assert body["rows"][0]["rules"]["dossiers_on_time"] is True


def test_a_system_registered_on_the_deadline_and_retired_since_still_counts_for_it(actors, lao_cai_commune):
    coordinator = actors["coordinator"]
    register(coordinator, lao_cai_commune, "Cổng xã", 2, d(2024, 3, 1))
    never = register(coordinator, lao_cai_commune, "Phần mềm cũ", 1)
    services.do_end_system(never, acting_user=coordinator, valid_to=d(2024, 12, 31))
    row = _row(rules.summary(coordinator, tier="province", as_of=d(2025, 12, 31)), "ubnd-tinh-15")
    assert (row.systems, row.dossiers_met) == (1, True)
    assert (row.at_dossier_deadline, row.approved_by_deadline, row.dossiers_on_time) == (2, 1, False)


def test_a_commune_sees_its_part_of_the_province_labelled_so_without_the_provinces_drills(two_provinces, actors):
    focal_point = actors["focal_point"]  # a Lào Cai commune's
    (row,) = rules.summary(focal_point, tier="province", as_of=d(2025, 12, 31)).rows
    assert row.part is not None and row.label.startswith("Ủy ban nhân dân tỉnh Lào Cai (chỉ phần thuộc ")
    assert (row.systems, row.drills, row.live_fire_drills, row.drill_met) == (1, 0, 0, None)
    body = client_for(focal_point).get(reverse("infosec-summary"), {"as_of": "2025-12-31"}).json()
    (shown,) = body["rows"]
    assert shown["name"] == row.label and shown["part"]["code"] == row.part.code
    assert (shown["drills"], shown["rules"]["drill"]) == (0, None)
    page = client_for(focal_point).get(reverse("infosec:summary"), {"tier": "province", "as_of": "2025-12-31"})
    html = page.content.decode()
    assert row.label in html and f"?agency={row.part.pk}&" in html
    # The province's coordinator still sees the whole province, with its drills.
    whole = _row(rules.summary(actors["coordinator"], tier="province", as_of=d(2025, 12, 31)), "ubnd-tinh-15")
    assert (whole.part, whole.label, whole.live_fire_drills, whole.drill_met) == (
        None, "Ủy ban nhân dân tỉnh Lào Cai", 1, True)


def test_a_yes_no_filter_with_another_word_is_refused(two_provinces, actors):
    client = client_for(actors["coordinator"])
    for url, name in (("information-system-list", "assessment_overdue"), ("information-system-list", "approved"),
                      ("information-system-list", "public_facing"), ("security-drill-list", "live_fire")):
        response = client.get(reverse(url), {name: "maybe"})
        assert response.status_code == 400, name
        assert response.json()["errors"][name][0]["message"] == "Chỉ nhận “true” (có) hoặc “false” (không)."
    assert client.get(reverse("information-system-list"), {"assessment_overdue": "false"}).status_code == 200
    page = client.get(reverse("infosec:list"), {"assessment_overdue": "maybe"})
    assert "Chỉ nhận “true” (có) hoặc “false” (không)." in page.content.decode(), page.status_code
    export = client.get(reverse("exchange:export", args=["information-systems"]), {"approved": "maybe"})
    assert export.status_code == 400, export.status_code


def test_the_api_links_files_to_the_page_that_checks_scope(actors, lao_cai_commune):
    coordinator = actors["coordinator"]
    client = client_for(coordinator)
    system = register(coordinator, lao_cai_commune, "Cổng xã", 2, d(2024, 1, 5))
    approved = client.patch(reverse("information-system-detail", args=[system.pk]), {
        "dossier_file": SimpleUploadedFile("ho-so.pdf", b"%PDF-1.4 ho so")}, format="multipart")
    assert approved.status_code == 200, approved.json()
    link = approved.json()["dossier_file"]
    assert "/media/" not in link and link.endswith(reverse("infosec:file", args=[system.pk, "ho-so"]))
    assert client.get(link).status_code == 200
    assert client_for(actors["outsider"]).get(link).status_code == 404
    created = client.post(reverse("security-assessment-list"), {
        "system": system.pk, "assessed_on": "2025-01-10", "assessor": "Sở", "result": "passed",
        "file": SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 bao cao")}, format="multipart")
    link = created.json()["file"]
    assert link.endswith(reverse("infosec:file", args=[system.pk, created.json()["id"]]))
    assert client.get(link).status_code == 200
    shown = client.get(reverse("information-system-detail", args=[register(
        coordinator, lao_cai_commune, "Không tệp", 1).pk])).json()
    assert shown["dossier_file"] is None
