"""Milestones and compliance tables: seed 003's report rebuilt from data, for 2022 and for today."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from dxnet.agencies.models import Agency
from dxnet.monitoring import services
from dxnet.monitoring.models import Milestone, MilestoneKind
from dxnet.people.models import Person

from .conftest import client_for

REPORT_DAY = "2022-03-07"


@pytest.fixture
def seed_003(db):
    """The dataset written from seed 003's tables, loaded with the command an operator would use."""
    out = io.StringIO()
    call_command("import", "milestones", str(services.SEED_003_CSV), stdout=out)
    assert "Đã nhập 166 dòng: 166 thêm mới" in out.getvalue()


def table(client, milestone, tier, as_of=REPORT_DAY, earliest=5) -> dict:
    response = client.get(reverse("compliance"), {"milestone": milestone, "tier": tier, "as_of": as_of,
                                                  "earliest": earliest})
    assert response.status_code == 200, response.content
    return response.json()


def names(rows) -> list[str]:
    return [row["agency"].removeprefix("Ủy ban nhân dân ") for row in rows]


def test_the_2022_report_comes_out_of_the_data(seed_003, actors):
    client = client_for(actors["viewer"])
    steering = table(client, "steering-committee", "province")
    assert (steering["achieved"], steering["total"]) == (58, 63)
    assert names(steering["earliest"]) == ["tỉnh Bến Tre", "tỉnh Lào Cai", "tỉnh Thái Nguyên",
                                           "tỉnh Bà Rịa - Vũng Tàu", "tỉnh Ninh Thuận"]
    assert [row["date"] for row in steering["earliest"]] == ["2021-01-11", "2021-02-25", "2021-04-13", "2021-05-20",
                                                             "2021-06-18"]
    assert names(steering["missing"]) == ["tỉnh Bình Định", "tỉnh Bình Thuận", "thành phố Hồ Chí Minh",
                                          "tỉnh Lai Châu", "tỉnh Phú Thọ"]
    ministries = table(client, "steering-committee", "ministry")
    assert (ministries["achieved"], ministries["total"], ministries["missing"]) == (30, 30, [])
    assert names(ministries["earliest"]) == ["Bộ Thông tin và Truyền thông", "Bộ Nông nghiệp và Phát triển nông thôn",
                                             "Bộ Công Thương", "Đài Truyền hình Việt Nam", "Bộ Nội vụ"]

    resolutions = table(client, "dx-resolution", "province")
    assert (resolutions["achieved"], resolutions["total"], len(resolutions["missing"])) == (46, 63, 17)
    assert names(resolutions["earliest"]) == ["tỉnh Bến Tre", "tỉnh Hậu Giang", "tỉnh Thái Nguyên", "tỉnh Tây Ninh",
                                              "tỉnh Hải Dương"]
    assert names(resolutions["missing"])[:4] == ["tỉnh An Giang", "tỉnh Bắc Ninh", "tỉnh Bình Dương",
                                                 "tỉnh Bình Thuận"]

    plans = table(client, "dx-plan-2022", "province")
    assert (plans["achieved"], plans["total"], len(plans["missing"])) == (25, 63, 38)
    assert names(plans["earliest"]) == ["tỉnh Điện Biên", "tỉnh Bắc Giang", "tỉnh Trà Vinh", "tỉnh Cao Bằng",
                                        "tỉnh Hải Dương"]
    ministry_plans = table(client, "dx-plan-2022", "ministry")
    assert (ministry_plans["achieved"], ministry_plans["total"], len(ministry_plans["missing"])) == (7, 30, 23)
    # Two bodies share 31/12/2021: by date, then by name, as the report lists them.
    assert [(r["agency"], r["date"]) for r in ministry_plans["earliest"][3:]] == [
        ("Bộ Nông nghiệp và Phát triển nông thôn", "2021-12-31"), ("Bộ Tư pháp", "2021-12-31")]
    assert {"agency": "Bộ Quốc phòng", "code": "bo-quoc-phong"} in ministry_plans["missing"]


def test_the_same_question_today_counts_the_34_provinces_and_22_ministry_level_bodies(seed_003, actors):
    client = client_for(actors["viewer"])
    today = timezone.localdate().isoformat()
    provinces = table(client, "steering-committee", "province", as_of=today)
    assert (provinces["achieved"], provinces["total"]) == (0, 34)
    assert all(row["code"].startswith("ubnd-tinh-") and "-cu-" not in row["code"] for row in provinces["missing"])
    services.do_record_milestone(Milestone(), acting_user=actors["coordinator"],
                                 agency=Agency.objects.get(code="ubnd-tinh-15"),
                                 kind=MilestoneKind.objects.get(code="steering-committee"),
                                 achieved_on=datetime.date(2025, 8, 15), document="Quyết định 1500/QĐ-UBND")
    provinces = table(client, "steering-committee", "province", as_of=today, earliest=1)
    assert (provinces["achieved"], provinces["earliest"]) == (1, [
        {"agency": "Ủy ban nhân dân tỉnh Lào Cai", "code": "ubnd-tinh-15", "date": "2025-08-15"}])
    assert table(client, "steering-committee", "ministry", as_of=today)["total"] == 22
    before = table(client, "steering-committee", "province", as_of="2025-08-14")
    assert before["achieved"] == 0  # counted from the day it was reached


def test_a_question_the_data_cannot_answer_gets_a_clear_answer(actors):
    client = client_for(actors["viewer"])
    wrong = client.get(reverse("compliance"), {"milestone": "dx-plan"}).json()
    assert wrong["errors"]["milestone"][0]["message"] == (
        "Mốc “dx-plan” theo từng năm: ghi kèm năm, ví dụ “dx-plan-2024”.")
    wrong = client.get(reverse("compliance"), {"milestone": "ban-chi-dao"}).json()
    assert "Không có mốc mã “ban-chi-dao”" in wrong["errors"]["milestone"][0]["message"]
    assert client.get(reverse("compliance"), {"milestone": "dx-plan-2024", "tier": "commune"}).status_code == 400
    assert client_for(None).get(reverse("compliance"), {"milestone": "dx-resolution"}).status_code == 401


def _csv(rows: list[str]) -> bytes:
    return ("agency,milestone,achieved_on,document\n" + "\n".join(rows) + "\n").encode()


def test_a_milestone_file_with_one_bad_row_imports_nothing(actors, tmp_path):
    path = tmp_path / "moc.csv"
    path.write_bytes(_csv(["ubnd-tinh-15,plan-1690,15/5/2024,Kế hoạch 1379/KH-UBND",
                           "Ủy ban nhân dân tỉnh Lào Cai,dx-plan-2026,2026-01-10,Kế hoạch 12/KH-UBND",
                           "ubnd-tinh-01,dx-network,01/02/2025,",
                           "ubnd-tinh-15,dx-plan,01/02/2025,",
                           "ubnd-tinh-15,steering-committee,31/02/2025,"]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="3 lỗi; không nhập dòng nào"):
        call_command("import", "milestones", str(path), "--user", actors["coordinator"].username, stderr=err)
    assert "Dòng 4, cột Cơ quan: Không có cơ quan mã hoặc tên “ubnd-tinh-01” trong phạm vi của bạn." in err.getvalue()
    assert "Dòng 5, cột Mốc: Mốc “dx-plan” theo từng năm" in err.getvalue()
    assert "Dòng 6, cột Ngày đạt: Ngày “31/02/2025” không đúng dạng dd/mm/yyyy." in err.getvalue()
    assert not Milestone.objects.exists()
    path.write_bytes(_csv(["ubnd-tinh-15,plan-1690,15/5/2024,Kế hoạch 1379/KH-UBND",
                           "Ủy ban nhân dân tỉnh Lào Cai,dx-plan-2026,2026-01-10,Kế hoạch 12/KH-UBND"]))
    call_command("import", "milestones", str(path), "--user", actors["coordinator"].username, stdout=io.StringIO())
    assert sorted(m.code for m in Milestone.objects.all()) == ["dx-plan-2026", "plan-1690"]


def test_a_coordinator_imports_milestones_from_excel_in_the_ui(actors):
    book = Workbook()
    book.active.append(["Cơ quan", "Mốc", "Ngày đạt", "Văn bản"])
    book.active.append(["skhcn-tinh-15", "policy-sme-dx", "28/06/2024", "Quyết định 900/QĐ-UBND"])
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "moc.xlsx"
    response = client_for(actors["coordinator"]).post(reverse("exchange:import", args=["milestones"]),
                                                       {"file": data})
    assert response.status_code == 302
    milestone = Milestone.objects.get()
    assert (milestone.agency.code, milestone.code, milestone.achieved_on) == (
        "skhcn-tinh-15", "policy-sme-dx", datetime.date(2024, 6, 28))


def test_the_compliance_page_lays_out_the_report_tables(seed_003, actors):
    kind = MilestoneKind.objects.get(code="dx-plan")
    page = client_for(actors["coordinator"]).get(reverse("monitoring:compliance"), {
        "kind": kind.pk, "year": 2022, "as_of": REPORT_DAY, "earliest": 5}).content.decode()
    assert "Ban hành Kế hoạch chuyển đổi số năm 2022 — tính đến ngày 07/03/2022" in page
    assert "<b>7/30</b>" in page and "<b>25/63</b>" in page
    assert "5 tỉnh thực hiện sớm nhất" in page and "<td>18/10/2021</td>" in page
    assert "Chưa thực hiện (38/63)" in page
    page = client_for(actors["coordinator"]).get(reverse("monitoring:compliance"), {
        "kind": kind.pk, "as_of": REPORT_DAY, "earliest": 5}).content.decode()
    assert "cần ghi năm" in page


def test_milestones_stay_within_scope(actors, lao_cai_commune):
    kind = MilestoneKind.objects.get(code="dx-network")
    with pytest.raises(Exception) as refused:
        services.do_record_milestone(Milestone(), acting_user=actors["outsider"], agency=lao_cai_commune, kind=kind,
                                     achieved_on=datetime.date(2025, 9, 1))
    assert refused.type.__name__ == "Http404"
    services.do_record_milestone(Milestone(), acting_user=actors["focal_point"], agency=lao_cai_commune, kind=kind,
                                 achieved_on=datetime.date(2025, 9, 1))
    outsider = client_for(actors["outsider"]).get(reverse("milestone-list")).json()
    assert outsider["count"] == 0
    assert client_for(actors["coordinator"]).get(reverse("milestone-list")).json()["count"] == 1


# --- Targets computed from data ------------------------------------------------------------------

@pytest.fixture
def dx_dataset(registry, actors):
    """The registry's Lào Cai commune (a focal point, a voluntary member) plus decisions, usage and training."""
    from dxnet.agencies.models import AgencyDecision
    from dxnet.platforms.models import PlatformUsage, SharedPlatform
    from dxnet.training.models import TrainingRecord

    d = datetime.date
    Agency.objects.filter(code__in=["skhcn-tinh-15", "skhcn-tinh-01"]).update(is_dedicated_dx_unit=True)
    Agency.objects.filter(pk=registry["agency"].pk).update(headcount=20)
    dx = Agency.objects.get(code="skhcn-tinh-15")
    AgencyDecision.objects.create(agency=dx, purpose="restructuring", number="1/QĐ-UBND", issued_on=d(2024, 5, 1),
                                  issuer="Ủy ban nhân dân tỉnh Lào Cai")
    AgencyDecision.objects.create(agency=dx, purpose="staffing", number="2/QĐ-UBND", issued_on=d(2023, 6, 1),
                                  issuer="Ủy ban nhân dân tỉnh Lào Cai")  # before Đề án 1690: not counted
    person = registry["person"]
    PlatformUsage.objects.create(platform=SharedPlatform.objects.get(code="hoc-truc-tuyen-mo"), agency=person.agency,
                                 person=person, valid_from=d(2024, 3, 1))
    TrainingRecord.objects.create(agency=person.agency, person=person, course="Chuyển đổi số cho cán bộ cấp xã",
                                  completed_on=d(2026, 4, 10), hours=16)
    return registry


def computed(user, as_of, province=None) -> dict:
    from dxnet.monitoring import targets

    scope = targets.Scope(user, as_of, province.path if province else None)
    return {t.code: [(p.counted_count, p.universe_count) for p in t.parts]
            for t in targets.compute(scope) + targets.indicators(scope)}


def test_each_target_is_computed_from_the_registry(dx_dataset, actors):
    coordinator = actors["coordinator"]
    day = datetime.date(2026, 11, 26)
    figures = computed(coordinator, day)
    assert figures["restructured"] == [(1, 1)]
    assert figures["staffed"] == [(0, 1)]
    # provincial PC, 2 departments (DX lead, home affairs), 99 communes of which one has a focal point
    assert dict(zip(["ministry_department", "provincial_pc", "provincial_department", "district_pc", "commune_pc"],
                    figures["focal-points"], strict=True)) == {
        "ministry_department": (0, 0), "provincial_pc": (0, 1), "provincial_department": (0, 2),
        "district_pc": (0, 0), "commune_pc": (1, 99)}
    assert figures["network-platforms"] == [(1, 1), (0, 1)]
    assert figures["platforms"] == [(1, 15)]  # one of the catalogue's fifteen platforms is in use in Lào Cai
    assert figures["trained"] == [(1, 1)]  # an indicator beside the five targets
    assert computed(coordinator, datetime.date(2025, 12, 31))["trained"] == [(0, 1)]  # no course in 2025
    # Before the 2025 reform the commune (and the province's agencies) did not exist: nothing to count.
    assert computed(coordinator, datetime.date(2024, 2, 15))["network-platforms"] == [(0, 0), (0, 0)]
    outsider = computed(actors["outsider"], day)
    assert outsider["restructured"] == [(0, 1)] and outsider["trained"] == [(0, 0)]
    assert outsider["platforms"] == [(0, 15)]


def test_the_staff_ratio_counts_agencies_that_declared_a_headcount(dx_dataset, actors):
    from dxnet.monitoring import targets

    ratio = targets.staff_ratio(targets.Scope(actors["coordinator"], datetime.date(2026, 11, 26)))
    assert (ratio.staff, ratio.headcount, ratio.counted_agencies, ratio.percent) == (1, 20, 1, 5.0)


def test_a_target_lists_exactly_the_rows_it_counted(dx_dataset, actors):
    client = client_for(actors["coordinator"])
    page = client.get(reverse("monitoring:targets"), {"as_of": "2026-11-26"}).content.decode()
    assert 'data-target="focal-points">\n    <b>1/102</b>' in page
    assert "Tỷ lệ cán bộ làm chuyển đổi số trên biên chế (1/20" in page
    rows = client.get(reverse("monitoring:target", args=["focal-points"]), {"as_of": "2026-11-26"}).content.decode()
    commune = dx_dataset["agency"]
    counted = re.findall(r'<ul class="counted">(.*?)</ul>', rows, re.S)
    assert [re.findall(r'href="([^"]+)"', block) for block in counted] == [
        [], [], [], [], [reverse("agencies:detail", args=[commune.pk])]]
    missing = re.findall(r'<ul class="missing">(.*?)</ul>', rows, re.S)
    assert missing[4].count("<li>") == 98 and commune.name not in missing[4]
    people = client.get(reverse("monitoring:target", args=["trained"]), {"as_of": "2026-11-26"}).content.decode()
    assert reverse("people:detail", args=[dx_dataset["person"].pk]) in people
    assert client.get(reverse("monitoring:target", args=["khong-co"])).status_code == 404


def test_usage_and_training_records_import_from_a_spreadsheet(registry, actors, tmp_path):
    from dxnet.platforms.models import PlatformUsage
    from dxnet.training.models import TrainingRecord

    commune = registry["agency"].code
    path = tmp_path / "boi-duong.csv"
    path.write_text("Mã cơ quan,Điện thoại,Khóa bồi dưỡng,Ngày hoàn thành,Số giờ\n"
                    f"{commune},0988000001,Kỹ năng số cơ bản,12/03/2026,8\n"
                    f"{commune},0912345678,Kỹ năng số cơ bản,12/03/2026,8\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", "trainings", str(path), "--user", actors["coordinator"].username, stderr=err)
    assert "không có cán bộ số điện thoại 0912345678" in err.getvalue() and not TrainingRecord.objects.exists()
    path.write_text("agency,phone,course,completed_on,hours\n"
                    f"{commune},0988000001,Kỹ năng số cơ bản,12/03/2026,8\n", encoding="utf-8")
    call_command("import", "trainings", str(path), "--user", actors["coordinator"].username, stdout=io.StringIO())
    assert TrainingRecord.objects.get().person == registry["person"]

    path = tmp_path / "nen-tang.csv"
    path.write_text("agency,phone,platform,valid_from\n"
                    f"{registry['network_member'].agency.code},0988000002,Cổng dữ liệu quốc gia,01/06/2026\n"
                    f"{commune},0988000001,ky-so,2026-02-01\n", encoding="utf-8")
    call_command("import", "platform-usages", str(path), "--user", actors["coordinator"].username,
                 stdout=io.StringIO())
    assert sorted(str(u.member) for u in PlatformUsage.objects.all()) == ["Hoàng Thị Hoa", "Viettel Lào Cai"]


# --- Open data -------------------------------------------------------------------------------------

def test_open_data_gives_everyone_counts_per_province_and_nothing_personal(registry, actors):
    from django.core.cache import cache

    cache.clear()
    anonymous = client_for(None)
    figures = anonymous.get(reverse("open-data")).json()
    assert len(figures["provinces"]) == 34
    lao_cai = next(row for row in figures["provinces"] if row["province_code"] == "15")
    # The registry: 2 communes of Lào Cai with 4 villages, 3 teams, 6 members, 26 people helped; one focal point.
    assert (lao_cai["villages"], lao_cai["villages_with_team"], lao_cai["team_members"], lao_cai["people_helped"],
            lao_cai["agencies_with_focal_point"], lao_cai["dx_staff"], lao_cai["communes"]) == (5, 3, 6, 26, 1, 1, 99)
    assert figures["national"]["communes"] == 3321
    page = anonymous.get(reverse("open-data-page"))
    assert page.status_code == 200 and "Tỉnh Lào Cai" in page.content.decode()
    csv_file = anonymous.get(reverse("open-data-file", args=["csv"])).content.decode("utf-8-sig")
    assert csv_file.splitlines()[0].startswith('Mã tỉnh,"Tỉnh, thành phố","Số xã, phường, đặc khu"')
    everything = page.content.decode() + csv_file + str(figures)
    person = registry["person"]
    assert person.full_name not in everything and person.phone not in everything
    assert "Lò Văn An" not in everything and registry["network_member"].phone not in everything


# --- Dashboards ------------------------------------------------------------------------------------

def test_each_dashboard_counts_its_own_scope(dx_dataset, actors):
    national = client_for(actors["national_admin"]).get(reverse("monitoring:dashboard")).content.decode()
    assert "Xếp hạng tỉnh, thành phố" in national and "Các mốc (tính đến" in national
    ranking = re.findall(r'<li><a href="[^"]+">([^<]+)</a>', national)
    assert ranking[0] == "Tỉnh Lào Cai" and len(ranking) == 34  # the only province with a focal point leads
    province = client_for(actors["coordinator"]).get(reverse("monitoring:dashboard")).content.decode()
    assert "Xếp hạng tỉnh, thành phố" not in province and "Các mốc của cơ quan" in province
    assert re.search(r'data-target="focal-points">\s*<b>1.0%</b>', province)  # 1 of 102 Lào Cai agencies
    hanoi = client_for(actors["outsider"]).get(reverse("monitoring:dashboard")).content.decode()
    assert re.search(r'data-target="focal-points">\s*<b>0.0%</b>', hanoi)
    from dxnet.people.services import focal_point_required_kinds

    own = Agency.objects.filter(path__startswith=actors["outsider"].agency.path, kind__in=focal_point_required_kinds(),
                                valid_to__isnull=True).count()
    assert f"(0/{own} · mục tiêu" in hanoi and "1/102" not in hanoi  # its own agencies only


def test_a_ministry_dashboard_counts_the_ministry(dx_dataset, actors):
    health = Agency.objects.get(code="bo-y-te")
    page = client_for(actors["national_admin"]).get(reverse("monitoring:dashboard"), {
        "as_of": "2026-11-26", "ministry": health.pk}).content.decode()
    assert "Xếp hạng tỉnh, thành phố" not in page and "Các mốc của cơ quan" in page
    assert re.search(r'data-target="focal-points">\s*<b>—</b>', page)  # no agency under it must have one yet
    other = client_for(actors["coordinator"]).get(reverse("monitoring:dashboard"), {"ministry": health.pk,
                                                                                     "as_of": "2026-11-26"})
    html = other.content.decode()  # a ministry outside a province's scope is not a choice: no figures at all
    assert 'class="errors" role="alert"' in html and "data-target=" not in html


def test_a_province_user_cannot_open_another_province_dashboard(dx_dataset, actors):
    from dxnet.geo.models import AdminUnit

    hanoi = AdminUnit.objects.get(key="tinh-01")
    page = client_for(actors["coordinator"]).get(reverse("monitoring:dashboard"), {"province": hanoi.pk,
                                                                                    "as_of": "2026-11-26"})
    html = page.content.decode()
    assert 'class="errors" role="alert"' in html and "data-target=" not in html
    rows = client_for(actors["coordinator"]).get(reverse("monitoring:target", args=["focal-points"]),
                                                 {"province": hanoi.pk, "as_of": "2026-11-26"}).content.decode()
    assert "Hà Nội" not in rows.split("</form>", 1)[1]


def test_the_cached_dashboard_moves_as_soon_as_someone_changes_the_data(dx_dataset, actors):
    from dxnet.monitoring import targets
    from dxnet.people.services import do_designate_focal_point, do_save_person

    coordinator = actors["coordinator"]
    url = reverse("monitoring:dashboard")

    def shown() -> str:
        html = client_for(coordinator).get(url, {"as_of": "2026-11-26"}).content.decode()
        return re.search(r'data-target="focal-points">\s*<b>[^<]*</b>[^(]*\((\d+/\d+)', html)[1]

    def direct() -> str:
        target = targets.focal_points(targets.Scope(coordinator, datetime.date(2026, 11, 26)))
        return f"{target.value}/{target.total}"

    assert shown() == direct() == "1/102"
    assert shown() == "1/102"  # served from the cache
    other = dx_dataset["other_lao_cai"]
    person = do_save_person(Person(), acting_user=coordinator, agency=other, full_name="Vi Văn Khánh",
                            phone="0977000111")
    do_designate_focal_point(other, person, decision_number="3/QĐ-UBND", decision_date=datetime.date(2025, 9, 1),
                             valid_from=datetime.date(2025, 9, 1), acting_user=coordinator)
    assert shown() == direct() == "2/102"
