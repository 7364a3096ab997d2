"""A plan's measurable objectives (Appendix III, II): indicators with a baseline and a dated target, values with
their history, progress on a straight line, on/off track, the plan's roll-up, and the comparison across provinces."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from dxnet.agencies.models import Agency
from dxnet.core import spreadsheets
from dxnet.core.exchange import sheet_for
from dxnet.core.models import AuditEntry
from dxnet.core.validators import DAY_RANGE_MESSAGE
from dxnet.monitoring import targets
from dxnet.plans import exports, services
from dxnet.plans.filters import UNPRINTABLE_CODE
from dxnet.plans.models import FUTURE_DAY, Indicator, IndicatorValue, PlanTemplate

from .conftest import client_for
from .test_plans import _libreoffice

TODAY = datetime.date(2026, 11, 26)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """Every rule reads the day from `timezone.localdate()`: here it is 26/11/2026 whatever the clock says."""
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)


def annual_plan(agency_code: str, user):
    template = PlanTemplate.objects.get(code="phu-luc-iii-khung-ke-hoach-nam")
    return services.do_create_plan(template, Agency.objects.get(code=agency_code), 2026, acting_user=user)


def indicator(plan, user, code="dvc-toan-trinh", **fields) -> Indicator:
    values = {"name": "Tỷ lệ dịch vụ công trực tuyến toàn trình", "unit": "%", "baseline_value": Decimal(40),
              "baseline_on": datetime.date(2026, 1, 1), "target_value": Decimal(90),
              "target_on": datetime.date(2026, 12, 31), "frequency": "quarterly", "source": "declared"}
    return services.do_save_indicator(Indicator(plan=plan), acting_user=user, plan=plan, code=code,
                                      **{**values, **fields})


@pytest.fixture
def lao_cai_plan(actors):
    return annual_plan("ubnd-tinh-15", actors["coordinator"])


@pytest.fixture
def online_services(lao_cai_plan, actors):
    return indicator(lao_cai_plan, actors["coordinator"])


def status_on(ind: Indicator, day: datetime.date):
    return services.statuses([Indicator.objects.get(pk=ind.pk)], day)[0]


# --- Progress and track ---------------------------------------------------------------------------

def test_progress_runs_from_baseline_to_target_and_is_judged_against_a_straight_line(online_services, actors):
    services.do_declare_indicator_value(online_services, acting_user=actors["coordinator"],
                                        on=datetime.date(2026, 6, 30), value=Decimal(65))
    # 65 is half way from 40 to 90; on 2 July half of 2026's 364 days from 1 January to 31 December have passed.
    on_time = status_on(online_services, datetime.date(2026, 7, 2))
    assert (on_time.progress, on_time.expected, on_time.track) == (50.0, 50.0, "on")
    late = status_on(online_services, datetime.date(2026, 7, 3))
    assert (late.progress, late.expected, late.track) == (50.0, 50.3, "off")
    assert status_on(online_services, datetime.date(2027, 3, 1)).expected == 100.0


def test_a_target_that_goes_down_is_progress_too(lao_cai_plan, actors):
    days = indicator(lao_cai_plan, actors["coordinator"], code="thoi-gian-giai-quyet", name="Thời gian giải quyết",
                     unit="ngày", baseline_value=Decimal(20), target_value=Decimal(5))
    services.do_declare_indicator_value(days, acting_user=actors["coordinator"], on=datetime.date(2026, 8, 31),
                                        value=Decimal(10))
    row = status_on(days, datetime.date(2026, 8, 31))
    assert row.progress == 66.7 and row.expected == 66.5 and row.on_track


def test_the_expected_share_counts_the_29th_of_february_of_a_leap_year(lao_cai_plan, actors):
    leap = indicator(lao_cai_plan, actors["coordinator"], code="nam-nhuan", baseline_on=datetime.date(2024, 1, 1),
                     target_on=datetime.date(2024, 12, 31))
    # 2024 has 366 days: 1 July is day 182 of a 365-day span (one day less than half of a common year's share).
    assert services.measures.expected_share(leap, datetime.date(2024, 7, 1)) == 49.9
    assert services.measures.expected_share(leap, datetime.date(2024, 3, 1)) == round(100 * 60 / 365, 1)


def test_an_indicator_without_a_value_has_no_data_and_the_plan_counts_x_of_n_on_track(lao_cai_plan, actors):
    coordinator = actors["coordinator"]
    on_track = indicator(lao_cai_plan, coordinator, code="dung")
    off_track = indicator(lao_cai_plan, coordinator, code="cham")
    indicator(lao_cai_plan, coordinator, code="chua-co")
    services.do_declare_indicator_value(on_track, acting_user=coordinator, on=datetime.date(2026, 11, 1),
                                        value=Decimal(90))
    services.do_declare_indicator_value(off_track, acting_user=coordinator, on=datetime.date(2026, 11, 1),
                                        value=Decimal(45))
    track = services.roll_up(services.plan_statuses(lao_cai_plan, TODAY))
    assert (track.on, track.off, track.no_data, track.total) == (1, 1, 1, 3)
    html = client_for(coordinator).get(reverse("plans:detail", args=[lao_cai_plan.pk])).content.decode()
    assert '<b id="indicators-on-track">1/3</b>' in html and "1 chậm tiến độ" in html and "1 chưa có số liệu" in html
    assert 'data-code="cham" data-track="off"' in html


def test_a_computed_indicator_reads_the_focal_point_coverage_of_the_plans_subtree(lao_cai_plan, actors, registry):
    focal = indicator(lao_cai_plan, actors["coordinator"], code="dau-moi", source="computed",
                      computed_from="focal-points", baseline_value=Decimal(0), target_value=Decimal(100))
    expected = targets.focal_points(targets.Scope(None, TODAY, roots=(lao_cai_plan.agency.path,))).percent
    row = status_on(focal, TODAY)
    assert expected is not None and row.value == Decimal(str(expected)) and row.value_on == TODAY
    with pytest.raises(services.measures.ValidationError) as refused:
        services.do_declare_indicator_value(focal, acting_user=actors["coordinator"], on=TODAY, value=5)
    assert "tính từ dữ liệu của dxnet" in str(refused.value)


def test_a_computed_indicator_must_name_its_figure(lao_cai_plan, actors):
    with pytest.raises(services.measures.ValidationError) as refused:
        indicator(lao_cai_plan, actors["coordinator"], code="khong-ro", source="computed", computed_from="")
    assert "phải chọn một số liệu" in str(refused.value)
    assert not lao_cai_plan.indicators.exists()


def test_a_target_before_its_baseline_or_equal_to_it_is_refused(lao_cai_plan, actors):
    with pytest.raises(services.measures.ValidationError) as refused:
        indicator(lao_cai_plan, actors["coordinator"], target_on=datetime.date(2025, 12, 31))
    assert "Hạn đạt mục tiêu phải sau ngày của giá trị nền." in str(refused.value)
    with pytest.raises(services.measures.ValidationError):
        indicator(lao_cai_plan, actors["coordinator"], target_value=Decimal(40))


# --- Values: history, bad input -------------------------------------------------------------------

def test_a_value_is_never_overwritten_silently(online_services, actors):
    coordinator = actors["coordinator"]
    day = datetime.date(2026, 9, 30)
    services.do_declare_indicator_value(online_services, acting_user=coordinator, on=day, value=Decimal(70))
    with pytest.raises(services.measures.ValidationError) as refused:
        services.do_declare_indicator_value(online_services, acting_user=coordinator, on=day, value=Decimal(72))
    assert "đã có giá trị 70" in str(refused.value) and "ghi lý do điều chỉnh" in str(refused.value)
    services.do_declare_indicator_value(online_services, acting_user=coordinator, on=day, value=Decimal(72),
                                        note="Số liệu Cổng DVC quốc gia cập nhật")
    assert list(online_services.values.values_list("value", flat=True)) == [Decimal(72), Decimal(70)]
    assert status_on(online_services, TODAY).value == Decimal(72)
    page = client_for(coordinator).get(reverse("plans:indicator", args=[online_services.pk])).content.decode()
    assert "Số liệu Cổng DVC quốc gia cập nhật" in page
    assert page.count('<td data-label="Tính đến ngày">30/09/2026</td>') == 2
    assert AuditEntry.objects.for_object(online_services.values.first()).exists()


def _values_file(rows) -> io.BytesIO:
    book = Workbook()
    book.active.append(["Mã cơ quan ban hành kế hoạch", "Năm kế hoạch", "Mã chỉ tiêu", "Tính đến ngày", "Giá trị",
                        "Ghi chú, lý do điều chỉnh"])
    for row in rows:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "gia-tri.xlsx"
    return data


def _import(user, rows):
    return spreadsheets.import_file(sheet_for("indicator-values", user), _values_file(rows), acting_user=user)


def test_a_value_dated_in_the_future_is_refused_alike_by_form_api_and_sheet(online_services, actors):
    coordinator = actors["coordinator"]
    client = client_for(coordinator)
    form = client.post(reverse("plans:indicator-declare", args=[online_services.pk]),
                       {"on": "2026-12-15", "value": "70"})
    assert form.status_code == 200 and FUTURE_DAY in form.content.decode()
    api = client.post(reverse("indicator-values", args=[online_services.pk]), {"on": "2026-12-15", "value": "70"},
                      format="json")
    assert api.status_code == 400 and api.json()["errors"]["on"][0]["message"] == FUTURE_DAY
    result = _import(coordinator, [["ubnd-tinh-15", 2026, "dvc-toan-trinh", "15/12/2026", 70, None]])
    assert [(e.row, e.column, e.message) for e in result.errors] == [(2, "Tính đến ngày", FUTURE_DAY)]
    assert not IndicatorValue.objects.exists()


def test_a_value_for_an_indicator_that_does_not_exist_is_refused_everywhere(online_services, actors):
    coordinator = actors["coordinator"]
    api = client_for(coordinator).post(reverse("indicator-values", args=[online_services.pk + 999]),
                                       {"on": "2026-10-01", "value": "70"}, format="json")
    assert api.status_code == 404
    form = client_for(coordinator).get(reverse("plans:indicator-declare", args=[online_services.pk + 999]))
    assert form.status_code == 404
    result = _import(coordinator, [["ubnd-tinh-15", 2026, "khong-co", "01/10/2026", 70, None]])
    assert result.errors[0].column == "Mã chỉ tiêu"
    assert result.errors[0].message.startswith("Không có chỉ tiêu mã “khong-co” trong kế hoạch năm 2026")
    assert not IndicatorValue.objects.exists()


def test_the_values_sheet_imports_all_rows_or_none(online_services, lao_cai_plan, actors):
    coordinator = actors["coordinator"]
    other = indicator(lao_cai_plan, coordinator, code="ho-so-so-hoa")
    bad = _import(coordinator, [["ubnd-tinh-15", 2026, "dvc-toan-trinh", "30/09/2026", 70, None],
                                ["ubnd-tinh-15", 2026, "ho-so-so-hoa", "30/09/2026", "bảy mươi", None]])
    assert [(e.row, e.column) for e in bad.errors] == [(3, "Giá trị")] and not IndicatorValue.objects.exists()
    good = _import(coordinator, [["ubnd-tinh-15", 2026, "dvc-toan-trinh", "30/09/2026", 70, None],
                                 ["ubnd-tinh-15", 2026, "ho-so-so-hoa", "30/09/2026", "55,5", None]])
    assert good.ok and good.created == 2
    assert other.values.get().value == Decimal("55.5")
    assert online_services.values.get().declared_by == coordinator


def test_only_the_plans_agency_declares_values(online_services, actors):
    commune = actors["focal_point"]  # sees the plan (the commune cooperates on nothing here, but it is a subtree)
    response = client_for(actors["sibling"]).post(reverse("plans:indicator-declare", args=[online_services.pk]),
                                                  {"on": "2026-10-01", "value": "70"})
    assert response.status_code in (403, 404)
    result = _import(commune, [["ubnd-tinh-15", 2026, "dvc-toan-trinh", "01/10/2026", 70, None]])
    assert not result.ok and not IndicatorValue.objects.exists()


# --- Pages, comparison, API, exports --------------------------------------------------------------

def test_provinces_compare_on_the_same_indicator_code(online_services, actors):
    hanoi_user = actors["outsider"]  # Hà Nội's coordinator
    hanoi = indicator(annual_plan("ubnd-tinh-01", hanoi_user), hanoi_user)
    services.do_declare_indicator_value(hanoi, acting_user=hanoi_user, on=datetime.date(2026, 11, 1),
                                        value=Decimal(88))
    services.do_declare_indicator_value(online_services, acting_user=actors["coordinator"],
                                        on=datetime.date(2026, 11, 1), value=Decimal(60))
    page = client_for(actors["national_admin"]).get(reverse("plans:indicator-compare"), {"code": "dvc-toan-trinh"})
    html = page.content.decode()
    assert html.index("Ủy ban nhân dân thành phố Hà Nội") < html.index("Ủy ban nhân dân tỉnh Lào Cai")
    assert html.count('class="indicator-row') == 2
    own = client_for(actors["coordinator"]).get(reverse("plans:indicator-compare"), {"code": "dvc-toan-trinh"})
    assert own.content.decode().count('class="indicator-row') == 1


def test_the_api_lists_indicators_with_values_and_filters_within_scope(online_services, lao_cai_plan, actors):
    services.do_declare_indicator_value(online_services, acting_user=actors["coordinator"],
                                        on=datetime.date(2026, 10, 1), value=Decimal(90))
    client = client_for(actors["coordinator"])
    body = client.get(reverse("indicator-list"), {"plan": lao_cai_plan.pk, "year": 2026,
                                                  "agency": lao_cai_plan.agency_id, "code": "dvc-toan-trinh"}).json()
    (row,) = body["results"]
    assert row["values"][0]["value"] == "90.00" and row["values"][0]["declared_by"] == "dieuphoi"
    assert (row["track"], row["progress"], row["expected"]) == ("on", 100.0, 90.4)
    assert row["agency"] == lao_cai_plan.agency_id
    assert client.get(reverse("indicator-list"), {"year": 2025}).json()["count"] == 0
    assert client_for(actors["outsider"]).get(reverse("indicator-list")).json()["count"] == 0
    created = client.post(reverse("indicator-list"), {
        "plan": lao_cai_plan.pk, "code": "dvc-toan-trinh", "name": "Trùng", "unit": "%", "baseline_value": 1,
        "baseline_on": "2026-01-01", "target_value": 2, "target_on": "2026-12-31"}, format="json")
    assert created.status_code == 400 and "đã có chỉ tiêu mã “dvc-toan-trinh”" in str(created.json())
    outsider = client_for(actors["outsider"]).post(reverse("indicator-values", args=[online_services.pk]),
                                                   {"on": "2026-10-01", "value": 1}, format="json")
    assert outsider.status_code == 404


def test_a_planner_adds_an_indicator_from_the_plan_page(lao_cai_plan, actors):
    client = client_for(actors["coordinator"])
    response = client.post(reverse("plans:indicator-create", args=[lao_cai_plan.pk]), {
        "code": "ho-so-so-hoa", "name": "Tỷ lệ hồ sơ được số hóa", "unit": "%", "baseline_value": "30",
        "baseline_on": "2026-01-01", "target_value": "80", "target_on": "2026-12-31", "frequency": "yearly",
        "source": "declared"})
    added = lao_cai_plan.indicators.get()
    assert response.status_code == 302 and response["Location"] == added.get_absolute_url()
    edited = client.post(reverse("plans:indicator-update", args=[added.pk]), {
        "code": "ho-so-so-hoa", "name": "Tỷ lệ hồ sơ được số hóa", "unit": "%", "baseline_value": "30",
        "baseline_on": "2026-01-01", "target_value": "-", "target_on": "2026-12-31", "frequency": "yearly",
        "source": "declared"})
    assert edited.status_code == 200
    list_page = client.get(reverse("plans:indicators"), {"track": "no-data"}).content.decode()
    assert f'href="{added.get_absolute_url()}"' in list_page
    assert client.get(reverse("plans:indicators"), {"track": "xyz"}).status_code == 400


def test_the_plan_exports_carry_the_indicator_table(online_services, lao_cai_plan, actors, tmp_path):
    services.do_declare_indicator_value(online_services, acting_user=actors["coordinator"],
                                        on=datetime.date(2026, 10, 1), value=Decimal(90))
    book = load_workbook(io.BytesIO(exports.plan_xlsx(lao_cai_plan, actors["coordinator"])))
    rows = list(book["Mục tiêu, chỉ tiêu"].iter_rows(values_only=True))
    assert rows[0][:4] == ("TT", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính")
    assert rows[1][1:3] == ("dvc-toan-trinh", "Tỷ lệ dịch vụ công trực tuyến toàn trình") and rows[1][-1] == \
        "Đúng tiến độ"
    text = " ".join(_libreoffice(exports.plan_docx(lao_cai_plan), "txt:Text", tmp_path)
                    .read_text(encoding="utf-8-sig").split())
    objectives, tasks = text.index("II. MỤC TIÊU"), text.index("III. NHIỆM VỤ")
    table = text.index("Tỷ lệ dịch vụ công trực tuyến toàn trình")
    assert objectives < table < tasks
    for part in ("Giá trị nền", "40 (01/01/2026)", "90 (31/12/2026)", "90 (01/10/2026)", "Đúng tiến độ: 100%/90,4%"):
        assert part in text, part


def test_the_generator_gives_comparable_indicators_with_values_and_projects(actors):
    import random

    from dxnet.plans.generate_indicators import generate
    from dxnet.plans.models import BudgetDeclaration, Disbursement, Project

    plans = [annual_plan("ubnd-tinh-15", actors["coordinator"]), annual_plan("ubnd-tinh-01", actors["outsider"])]
    for plan in plans:
        for n in range(5):
            services.do_save_task(services.managing.Task(plan=plan), acting_user=actors["national_admin"],
                                  title=f"Nhiệm vụ {n}", cooperating=[])
    counts = generate(random.Random(7), plans, TODAY)
    assert counts["chỉ tiêu"] == Indicator.objects.count() > 9_000
    assert counts["giá trị chỉ tiêu"] == IndicatorValue.objects.count() > 0
    assert counts["dự án"] == Project.objects.count() >= 4 and Disbursement.objects.exists()
    assert BudgetDeclaration.objects.count() == counts["kê khai ngân sách"] == 2
    same_code = Indicator.objects.filter(code="dvc-toan-trinh-02").values_list("plan", flat=True)
    assert sorted(same_code) == sorted(p.pk for p in plans)
    track = services.roll_up(services.plan_statuses(plans[0], TODAY))
    assert track.on and track.off and track.no_data


def test_an_indicator_stays_in_its_plan_and_its_code_stays_unique(online_services, lao_cai_plan, actors):
    client = client_for(actors["coordinator"])
    other_plan = annual_plan("ubnd-tinh-15", actors["coordinator"])
    moved = client.patch(reverse("indicator-detail", args=[online_services.pk]), {"plan": other_plan.pk},
                         format="json")
    assert moved.status_code == 400 and "Không chuyển chỉ tiêu sang kế hoạch khác được." in str(moved.json())
    second = indicator(lao_cai_plan, actors["coordinator"], code="thu-hai")
    clash = client.patch(reverse("indicator-detail", args=[second.pk]), {"code": "dvc-toan-trinh"}, format="json")
    assert clash.status_code == 400 and "đã có chỉ tiêu mã" in str(clash.json())
    renamed = client.patch(reverse("indicator-detail", args=[second.pk]), {"name": "Tên mới"}, format="json")
    assert renamed.status_code == 200 and renamed.json()["name"] == "Tên mới"


def test_a_declared_value_is_due_again_one_period_after_the_last(online_services, actors):
    assert status_on(online_services, datetime.date(2026, 4, 2)).next_value_due == datetime.date(2026, 4, 3)
    assert status_on(online_services, datetime.date(2026, 4, 4)).value_overdue  # a quarter without any value
    services.do_declare_indicator_value(online_services, acting_user=actors["coordinator"],
                                        on=datetime.date(2026, 9, 30), value=Decimal(70))
    row = status_on(online_services, TODAY)
    assert row.next_value_due == datetime.date(2026, 12, 31) and not row.value_overdue
    monthly = services.do_save_indicator(online_services, acting_user=actors["coordinator"], frequency="monthly")
    late = status_on(monthly, TODAY)
    assert late.next_value_due == datetime.date(2026, 10, 31) and late.value_overdue
    page = client_for(actors["coordinator"]).get(reverse("plans:detail", args=[online_services.plan_id]))
    assert "Quá hạn cập nhật (hạn 31/10/2026)" in page.content.decode()


# --- Implausible days (probe 13, items 1, 7 and 9) ------------------------------------------------

def _indicator_body(plan, **fields) -> dict:
    return {"plan": plan.pk, "code": "ngay-la", "name": "Tỷ lệ hồ sơ số hóa", "unit": "%", "baseline_value": "30",
            "baseline_on": "2026-01-01", "target_value": "80", "target_on": "2026-12-31", "frequency": "quarterly",
            "source": "declared", **fields}


@pytest.mark.parametrize(("field", "day", "message"), [
    ("target_on", "9999-12-31", DAY_RANGE_MESSAGE),
    ("target_on", "3000-01-01", DAY_RANGE_MESSAGE),
    ("baseline_on", "0001-01-01", DAY_RANGE_MESSAGE),
    ("target_on", "2040-12-31", "Ngày phải trong khoảng 01/01/2016 đến 31/12/2031: từ 10 năm trước năm đầu đến 5 năm "
                                "sau năm cuối của kế hoạch (2026)."),
    ("baseline_on", "2010-01-01", "Ngày phải trong khoảng 01/01/2016 đến 31/12/2031: từ 10 năm trước năm đầu đến 5 "
                                  "năm sau năm cuối của kế hoạch (2026)."),
])
def test_an_indicator_day_far_from_its_plans_years_is_refused_alike_by_form_and_api(lao_cai_plan, actors, field,
                                                                                     day, message):
    client = client_for(actors["coordinator"])
    api = client.post(reverse("indicator-list"), _indicator_body(lao_cai_plan, **{field: day}), format="json")
    assert api.status_code == 400 and api.json()["errors"][field] == [{"message": message, "code": api.json()[
        "errors"][field][0]["code"]}]
    form_data = {k: v for k, v in _indicator_body(lao_cai_plan, **{field: day}).items() if k != "plan"}
    form = client.post(reverse("plans:indicator-create", args=[lao_cai_plan.pk]), form_data)
    assert form.status_code == 200 and form.content.decode().count(message) == 1
    assert not Indicator.objects.exists()


def test_a_stored_indicator_dated_at_the_calendars_end_never_breaks_the_pages(online_services, lao_cai_plan,
                                                                              actors):
    # A row saved before the bounds existed (the probe's 9999-12-31, quarterly): pages and API answer, due is capped.
    Indicator.objects.filter(pk=online_services.pk).update(target_on=datetime.date(9999, 12, 31))
    Indicator.objects.filter(pk=online_services.pk).update(baseline_on=datetime.date(9999, 12, 30))
    assert status_on(online_services, TODAY).next_value_due == datetime.date.max
    client = client_for(actors["coordinator"])
    assert client.get(reverse("plans:indicators")).status_code == 200
    assert client.get(reverse("plans:detail", args=[lao_cai_plan.pk])).status_code == 200
    assert client.get(reverse("plans:indicator", args=[online_services.pk])).status_code == 200
    assert client.get(reverse("plans:indicator-compare"), {"code": "dvc-toan-trinh"}).status_code == 200
    assert client.get(reverse("indicator-list")).status_code == 200


@pytest.mark.parametrize(("day", "sheet_day", "message"), [
    ("2025-12-31", "31/12/2025", "Ngày của số liệu không được trước ngày của giá trị nền (01/01/2026)."),
    ("0001-01-01", "01/01/0001", DAY_RANGE_MESSAGE),
])
def test_a_value_before_the_baseline_or_in_year_one_is_refused_alike_by_form_api_and_sheet(online_services, actors,
                                                                                           day, sheet_day, message):
    coordinator = actors["coordinator"]
    client = client_for(coordinator)
    form = client.post(reverse("plans:indicator-declare", args=[online_services.pk]), {"on": day, "value": "70"})
    assert form.status_code == 200 and form.content.decode().count(message) == 1
    api = client.post(reverse("indicator-values", args=[online_services.pk]), {"on": day, "value": "70"},
                      format="json")
    assert api.status_code == 400 and [e["message"] for e in api.json()["errors"]["on"]] == [message]
    result = _import(coordinator, [["ubnd-tinh-15", 2026, "dvc-toan-trinh", sheet_day, 70, None]])
    assert [(e.row, e.column, e.message) for e in result.errors] == [(2, "Tính đến ngày", message)]
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize("name", ["plans:indicators", "plans:indicator-compare"])
def test_a_control_character_in_the_code_filter_is_a_400_saying_why(online_services, actors, name):
    client = client_for(actors["coordinator"])
    for code in ("\x00", "dvc\x00", "a\x1fb"):
        page = client.get(reverse(name), {"code": code})
        assert page.status_code == 400 and UNPRINTABLE_CODE in page.content.decode()
    assert client.get(reverse(name), {"code": "dvc-toan-trinh"}).status_code == 200
    api = client.get(reverse("indicator-list"), {"code": "\x00"})
    assert api.status_code == 400 and api.json()["errors"]["code"][0]["message"] == UNPRINTABLE_CODE
