"""Projects and budgeted tasks of a plan (Appendix III, VII): one place for each figure, yearly disbursements,
over-approved as a warning (never an error), negative amounts refused alike everywhere, and the IT spending ratio
of a body and year (I.11)."""

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
from dxnet.monitoring import dashboard
from dxnet.monitoring.targets import Scope
from dxnet.plans import exports, services
from dxnet.plans.models import (
    BUDGET_BODY,
    FUTURE_DAY,
    NEGATIVE_AMOUNT,
    YEAR_RANGE,
    ZERO_BUDGET,
    BudgetDeclaration,
    Disbursement,
    Project,
    Task,
)
from dxnet.plans.services.budget import funding_from_words

from .conftest import client_for
from .test_indicators import TODAY, annual_plan
from .test_plans import _libreoffice


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)


@pytest.fixture
def lao_cai_plan(actors):
    return annual_plan("ubnd-tinh-15", actors["coordinator"])


def task(plan, user, title: str, **fields) -> Task:
    return services.do_save_task(Task(plan=plan), acting_user=user, group=plan.groups.get(code="5"), title=title,
                                 deadline_text="Năm 2026", lead=Agency.objects.get(code="skhcn-tinh-15"),
                                 cooperating=[], **fields)


@pytest.fixture
def data_platform(lao_cai_plan, actors):
    """A project approved at 1.500 million đồng, public investment, 2026-2027."""
    coordinator = actors["coordinator"]
    platform = task(lao_cai_plan, coordinator, "Dự án nền tảng tích hợp, chia sẻ dữ liệu tỉnh", novelty="new",
                    objective="Kết nối 100% hệ thống", scale="Toàn tỉnh")
    return services.do_save_project(platform, acting_user=coordinator, kind="project", start_year=2026,
                                    end_year=2027, approved_total=Decimal(1500), funding_source="public-investment",
                                    funding_detail="Ngân sách tỉnh", stage="implementing")


# --- One place for each figure --------------------------------------------------------------------

def test_a_tasks_budget_and_funding_live_on_its_project_row(lao_cai_plan, actors):
    training = task(lao_cai_plan, actors["coordinator"], "Bồi dưỡng kỹ năng số cho cán bộ", budget=300,
                    funding_source="Chi thường xuyên ngân sách tỉnh")
    project = Project.objects.get(task=training)
    assert (project.kind, project.approved_total, project.funding_source) == ("task", Decimal(300), "recurrent")
    assert project.funding_text == "Chi thường xuyên (Chi thường xuyên ngân sách tỉnh)"
    assert not hasattr(Task, "budget") and not any(f.name == "funding_source" for f in Task._meta.fields)
    # Saving the task's budget again changes the same row: no second entry.
    services.do_save_task(training, acting_user=actors["coordinator"], budget=350, funding_source="Đầu tư công")
    project = Project.objects.get(task=training)
    assert (Project.objects.count(), project.approved_total, project.funding_source, project.funding_detail) == (
        1, Decimal(350), "public-investment", "")


@pytest.mark.parametrize(("words", "kind"), [("Vốn đầu tư công trung hạn", "public-investment"),
                                             ("chi thuong xuyen", "recurrent"), ("Vốn ODA", "other"), ("", "")])
def test_a_funding_source_in_a_plans_own_words_is_sorted_into_appendix_iiis_three(words, kind):
    assert funding_from_words(words)[0] == kind


def test_the_migration_moves_each_task_budget_to_one_project_row():
    from importlib import import_module

    migration = import_module("dxnet.plans.migrations.0006_indicators_projects_budget")
    assert migration._funding("Ngân sách tỉnh") == ("other", "Ngân sách tỉnh")
    assert migration._funding("Đầu tư công") == ("public-investment", "")
    operations = [type(op).__name__ for op in migration.Migration.operations]
    # the rows are moved before the task's columns go
    assert operations.index("RunPython") < operations.index("RemoveField")


# --- Disbursements --------------------------------------------------------------------------------

def test_disbursing_more_than_approved_is_a_warning_shown_not_an_error(data_platform, actors):
    client = client_for(actors["coordinator"])
    first = client.post(reverse("plans:disbursement-create", args=[data_platform.pk]),
                        {"year": 2026, "amount": "1200", "declared_on": "2026-11-20"}, follow=True)
    assert first.status_code == 200 and "vượt tổng mức" not in first.content.decode()
    services.do_record_disbursement(data_platform, acting_user=actors["coordinator"], year=2025,
                                    amount=Decimal(0), declared_on=datetime.date(2025, 12, 31))
    api = client.post(reverse("project-disbursements", args=[data_platform.pk]),
                      {"year": 2025, "amount": "500", "declared_on": "2025-12-31"}, format="json")
    assert api.status_code == 200
    warning = ("Cảnh báo: đã giải ngân 1.700,0 triệu đồng, vượt tổng mức được duyệt 1.500,0 triệu đồng "
               "(200,0 triệu đồng)")
    assert api.json()["warning"].startswith(warning) and api.json()["disbursed"] == 1700.0
    assert [d["year"] for d in api.json()["disbursements"]] == [2025, 2026]
    page = client.get(reverse("plans:project", args=[data_platform.pk])).content.decode()
    assert warning in page and 'id="disbursed">1.700,0<' in page
    plan_page = client.get(reverse("plans:detail", args=[data_platform.task.plan_id])).content.decode()
    assert "Vượt tổng mức được duyệt" in plan_page
    assert Disbursement.objects.filter(project=data_platform).count() == 2


def test_a_second_figure_for_a_year_replaces_the_first_and_is_audited(data_platform, actors):
    coordinator = actors["coordinator"]
    row, _ = services.do_record_disbursement(data_platform, acting_user=coordinator, year=2026, amount=Decimal(100),
                                             declared_on=datetime.date(2026, 6, 30))
    services.do_record_disbursement(data_platform, acting_user=coordinator, year=2026, amount=Decimal(400),
                                    declared_on=datetime.date(2026, 9, 30))
    row.refresh_from_db()
    assert (Disbursement.objects.count(), row.amount) == (1, Decimal(400))
    assert "amount" in AuditEntry.objects.for_object(row).first().changes


def _disbursement_file(rows) -> io.BytesIO:
    book = Workbook()
    book.active.append(["Mã dự án", "Năm giải ngân", "Số đã giải ngân (triệu đồng)", "Số liệu đến ngày"])
    for row in rows:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "giai-ngan.xlsx"
    return data


def _import(user, rows):
    return spreadsheets.import_file(sheet_for("disbursements", user), _disbursement_file(rows), acting_user=user)


def test_a_negative_amount_is_refused_alike_by_form_api_and_sheet(data_platform, actors):
    coordinator = actors["coordinator"]
    client = client_for(coordinator)
    form = client.post(reverse("plans:disbursement-create", args=[data_platform.pk]),
                       {"year": 2026, "amount": "-5", "declared_on": "2026-11-20"})
    assert form.status_code == 200 and NEGATIVE_AMOUNT in form.content.decode()
    api = client.post(reverse("project-disbursements", args=[data_platform.pk]),
                      {"year": 2026, "amount": "-5", "declared_on": "2026-11-20"}, format="json")
    assert api.status_code == 400 and api.json()["errors"]["amount"][0]["message"] == NEGATIVE_AMOUNT
    sheet = _import(coordinator, [[data_platform.pk, 2026, "-5", "20/11/2026"]])
    assert [(e.row, e.column, e.message) for e in sheet.errors] == [
        (2, "Số đã giải ngân (triệu đồng)", NEGATIVE_AMOUNT)]
    budget = client.post(reverse("plans:project-edit", args=[data_platform.task_id]), {
        "kind": "project", "approved_total": "-1", "stage": "implementing"})
    assert budget.status_code == 200 and NEGATIVE_AMOUNT in budget.content.decode()
    patched = client.patch(reverse("project-detail", args=[data_platform.pk]), {"approved_total": "-1"},
                           format="json")
    assert patched.status_code == 400 and patched.json()["errors"]["approved_total"][0]["message"] == NEGATIVE_AMOUNT
    assert not Disbursement.objects.exists()
    data_platform.refresh_from_db()
    assert data_platform.approved_total == Decimal(1500)


def test_a_disbursement_dated_in_the_future_is_refused_alike(data_platform, actors):
    client = client_for(actors["coordinator"])
    form = client.post(reverse("plans:disbursement-create", args=[data_platform.pk]),
                       {"year": 2026, "amount": "5", "declared_on": "2027-01-05"})
    assert form.status_code == 200 and FUTURE_DAY in form.content.decode()
    api = client.post(reverse("project-disbursements", args=[data_platform.pk]),
                      {"year": 2026, "amount": "5", "declared_on": "2027-01-05"}, format="json")
    assert api.json()["errors"]["declared_on"][0]["message"] == FUTURE_DAY
    sheet = _import(actors["coordinator"], [[data_platform.pk, 2027, 5, "20/11/2026"]])
    assert sheet.errors[0].column == "Năm giải ngân" and "Chưa đến năm 2027" in sheet.errors[0].message
    assert not Disbursement.objects.exists()


def test_the_disbursement_sheet_imports_all_or_nothing_and_warns_over_approved(data_platform, actors):
    coordinator = actors["coordinator"]
    bad = _import(coordinator, [[data_platform.pk, 2026, 900, "20/11/2026"], [data_platform.pk + 99, 2026, 1,
                                                                              "20/11/2026"]])
    assert [(e.row, e.column) for e in bad.errors] == [(3, "Mã dự án")] and not Disbursement.objects.exists()
    good = _import(coordinator, [[data_platform.pk, 2026, 900, "20/11/2026"],
                                 [data_platform.pk, 2025, "700,5", "31/12/2025"]])
    assert good.ok and (good.created, good.updated) == (2, 0)
    assert [(w.row, w.column) for w in good.warnings] == [(3, "Số đã giải ngân (triệu đồng)")]
    assert "vượt tổng mức được duyệt 1.500,0" in good.warnings[0].message
    again = _import(coordinator, [[data_platform.pk, 2026, 100, "21/11/2026"]])
    assert (again.created, again.updated, again.warnings) == (0, 1, [])
    assert Disbursement.objects.get(year=2026).amount == Decimal(100)


def test_the_plans_agency_alone_records_disbursements(data_platform, actors):
    # The province's DX department leads the project: it sees it, and may not record its money.
    sibling = actors["sibling"]
    assert client_for(sibling).get(reverse("plans:project", args=[data_platform.pk])).status_code == 200
    assert client_for(sibling).get(reverse("plans:disbursement-create", args=[data_platform.pk])).status_code == 403
    refused = _import(sibling, [[data_platform.pk, 2026, 10, "20/11/2026"]])
    assert refused.errors[0].message == "Chỉ cơ quan ban hành kế hoạch được kê khai số liệu của kế hoạch này."
    assert not Disbursement.objects.exists()
    outsider = client_for(actors["outsider"]).post(reverse("project-disbursements", args=[data_platform.pk]),
                                                   {"year": 2026, "amount": 1, "declared_on": "2026-11-20"})
    assert outsider.status_code == 404


# --- The IT spending ratio --------------------------------------------------------------------------

def test_the_it_spending_ratio_is_disbursed_plus_budgeted_tasks_over_the_declared_total(data_platform, actors):
    coordinator = actors["coordinator"]
    plan = data_platform.task.plan
    task(plan, coordinator, "Bồi dưỡng kỹ năng số", budget=500, funding_source="Chi thường xuyên")
    services.do_record_disbursement(data_platform, acting_user=coordinator, year=2026, amount=Decimal(3000),
                                    declared_on=datetime.date(2026, 11, 20))
    assert services.spending(coordinator, 2026)[0].percent is None  # no total declared yet
    services.do_declare_budget(plan.agency, acting_user=coordinator, year=2026, total=Decimal(1_000_000),
                               declared_on=datetime.date(2026, 1, 10), document="Quyết định 12/QĐ-UBND")
    (row,) = services.spending(coordinator, 2026)
    assert (row.disbursed, row.budgeted_tasks, row.spending, row.percent) == (3000, 500, 3500, 0.35)
    html = client_for(coordinator).get(reverse("plans:spending"), {"year": 2026}).content.decode()
    assert '<b class="ratio">0,35%</b>' in html and "3.500,0" in html and "Quyết định 12/QĐ-UBND" in html
    assert services.spending(coordinator, 2025) == []  # no plan, project or declaration for 2025
    assert services.spending(actors["outsider"], 2026) == []


def test_a_budget_declaration_is_one_per_body_and_year_and_never_negative_nor_future(lao_cai_plan, actors):
    coordinator = actors["coordinator"]
    client = client_for(coordinator)
    data = {"agency": "ubnd-tinh-15", "year": 2026, "total": "-1", "declared_on": "2026-01-10"}
    form = client.post(reverse("plans:budget-declare"), data)
    assert NEGATIVE_AMOUNT in form.content.decode()
    api = client.post(reverse("budget-declaration-list"), {**data, "agency": lao_cai_plan.agency_id}, format="json")
    assert api.json()["errors"]["total"][0]["message"] == NEGATIVE_AMOUNT
    future = client.post(reverse("plans:budget-declare"), {**data, "total": "10", "declared_on": "2027-01-01"})
    assert FUTURE_DAY in future.content.decode()
    assert client.post(reverse("plans:budget-declare"), {**data, "total": "900000"}).status_code == 302
    again = client.post(reverse("budget-declaration-list"), {**data, "agency": lao_cai_plan.agency_id,
                                                             "total": "950000"}, format="json")
    assert again.status_code == 201
    assert BudgetDeclaration.objects.get().total == Decimal(950000)
    listed = client.get(reverse("budget-declaration-list"), {"year": 2026}).json()
    assert listed["count"] == 1 and listed["results"][0]["agency_name"] == "Ủy ban nhân dân tỉnh Lào Cai"
    assert client_for(actors["outsider"]).get(reverse("budget-declaration-list")).json()["count"] == 0
    assert client_for(actors["viewer"]).get(reverse("plans:budget-declare")).status_code == 403


# --- API, exports, dashboard ---------------------------------------------------------------------

def test_the_api_lists_projects_with_yearly_disbursements_and_filters(data_platform, actors):
    coordinator = actors["coordinator"]
    services.do_record_disbursement(data_platform, acting_user=coordinator, year=2026, amount=Decimal(200),
                                    declared_on=datetime.date(2026, 11, 20))
    plan = data_platform.task.plan
    client = client_for(coordinator)
    (row,) = client.get(reverse("project-list"), {"plan": plan.pk, "agency": plan.agency_id,
                                                  "year": 2026}).json()["results"]
    assert row["name"] == "Dự án nền tảng tích hợp, chia sẻ dữ liệu tỉnh" and row["novelty"] == "new"
    assert row["disbursements"] == [{"year": 2026, "amount": "200.0", "declared_on": "2026-11-20"}]
    assert (row["approved_total"], row["funding_source"], row["warning"]) == ("1500.0", "public-investment", "")
    assert client.get(reverse("project-list"), {"year": 2024}).json()["count"] == 0
    assert client_for(actors["outsider"]).get(reverse("project-list")).json()["count"] == 0
    other = task(plan, coordinator, "Số hóa hồ sơ lưu trữ")
    created = client.post(reverse("project-list"), {"task": other.pk, "kind": "task", "approved_total": "80"},
                          format="json")
    assert created.status_code == 201 and Project.objects.get(task=other).approved_total == Decimal(80)


def test_the_plan_exports_list_projects_in_appendix_iiis_order(data_platform, actors, tmp_path):
    coordinator = actors["coordinator"]
    services.do_record_disbursement(data_platform, acting_user=coordinator, year=2026, amount=Decimal(1600),
                                    declared_on=datetime.date(2026, 11, 20))
    plan = data_platform.task.plan
    book = load_workbook(io.BytesIO(exports.plan_xlsx(plan, coordinator)))
    rows = list(book["Danh mục nhiệm vụ, dự án"].iter_rows(values_only=True))
    assert rows[0][:11] == ("TT", "Tên nhiệm vụ, dự án", "Loại", "Đơn vị chủ trì", "Mới/chuyển tiếp", "Mục tiêu",
                            "Quy mô", "Nội dung", "Thời gian", "Tổng mức đầu tư/dự toán (triệu đồng)", "Nguồn vốn")
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Thời gian"] == "2026 - 2027" and first["Nguồn vốn"] == "Đầu tư công (Ngân sách tỉnh)"
    assert first["Đã giải ngân (triệu đồng)"] == 1600 and first["Giải ngân theo năm"] == "2026: 1.600,0"
    assert first["Cảnh báo"].startswith("Cảnh báo: đã giải ngân 1.600,0")
    tasks_sheet = list(book["Nhiệm vụ"].iter_rows(values_only=True))
    by_header = dict(zip(tasks_sheet[0], tasks_sheet[1], strict=True))
    assert by_header["Dự kiến kinh phí (triệu đồng)"] == 1500
    text = " ".join(_libreoffice(exports.plan_docx(plan), "txt:Text", tmp_path).read_text(encoding="utf-8-sig")
                    .split())
    listed = text.index("VII. DANH MỤC NHIỆM VỤ, DỰ ÁN")
    for part in ("Dự án nền tảng tích hợp, chia sẻ dữ liệu tỉnh", "1.500,0", "Đầu tư công (Ngân sách tỉnh)",
                 "2026 - 2027", "Kết nối 100% hệ thống"):
        assert text.index(part, listed) > listed, part


def test_the_dashboard_card_counts_money_and_indicators_and_links_to_their_rows(data_platform, actors):
    coordinator = actors["coordinator"]
    services.do_record_disbursement(data_platform, acting_user=coordinator, year=2026, amount=Decimal(1600),
                                    declared_on=datetime.date(2026, 11, 20))
    from .test_indicators import indicator

    indicator(data_platform.task.plan, coordinator)
    card = next(c for c in dashboard.CARDS if c.name == "budget")
    data = card.compute(Scope(coordinator, TODAY), False)
    assert (data["projects"], data["approved"], data["disbursed"], data["over"]) == (1, 1500, 1600, 1)
    assert (data["on"], data["off"], data["no_data"], data["indicators"]) == (0, 0, 1, 1)
    assert card.compute(Scope(actors["outsider"], TODAY), False) is None
    html = client_for(coordinator).get(reverse("monitoring:dashboard")).content.decode()
    assert 'data-card="budget"' in html and f'href="{reverse("plans:projects")}?over=1"><b>1</b>' in html
    over = client_for(coordinator).get(reverse("plans:projects"), {"over": "1"}).content.decode()
    assert f'href="{data_platform.get_absolute_url()}"' in over
    within = client_for(coordinator).get(reverse("plans:projects"), {"over": "1", "year": 2025}).content.decode()
    assert f'href="{data_platform.get_absolute_url()}"' not in within


def test_the_demo_has_indicators_on_and_off_track_and_a_project_over_its_approved_total(db):
    from dxnet.demo import load_demo
    from dxnet.plans.models import Indicator

    load_demo()
    load_demo()  # twice: nothing doubles
    lao_cai = Agency.objects.get(code="ubnd-tinh-15")
    rows = services.statuses(list(Indicator.objects.filter(plan__agency=lao_cai).select_related("plan__agency")),
                             TODAY)
    tracks = {row.indicator.code: row.track for row in rows}
    assert tracks["dvc-toan-trinh"] == "on" and tracks["ho-so-so-hoa"] == "off" and "dau-moi-cds" in tracks
    projects = list(Project.objects.filter(task__plan__agency=lao_cai))
    assert len(projects) == 3 and Disbursement.objects.filter(project__in=projects).count() == 4
    assert [p.task.code for p in projects if services.over_warning(p)] == ["6"]
    assert Indicator.objects.filter(plan__agency__code="ubnd-tinh-01", code="dvc-toan-trinh").exists()
    (row,) = [r for r in services.spending(lao_cai_user(), 2026) if r.agency == lao_cai]
    assert row.percent == round(100 * (1200 + 1350 + 200) / 18_500_000, 2)


def lao_cai_user():
    from dxnet.accounts.models import User

    return User.objects.get(username="dieuphoi.laocai")


def test_the_consolidated_report_gains_a_table_of_indicators_projects_and_spending(data_platform, actors):
    from dxnet.reporting.consolidation import TABLES

    from .test_indicators import indicator

    coordinator = actors["coordinator"]
    plan = data_platform.task.plan
    indicator(plan, coordinator)
    services.do_record_disbursement(data_platform, acting_user=coordinator, year=2026, amount=Decimal(1600),
                                    declared_on=datetime.date(2026, 11, 20))
    services.do_declare_budget(plan.agency, acting_user=coordinator, year=2026, total=Decimal(800_000),
                               declared_on=datetime.date(2026, 1, 10))
    table = next(t for t in TABLES if t.title == "Chỉ tiêu, dự án và kinh phí")
    asked = (plan.agency.path, Agency.objects.get(code="ubnd-tinh-01").path)
    header, rows = table.build(Scope(None, TODAY, roots=asked))
    assert header[0] == "Cơ quan" and [row[0] for row in rows] == ["Ủy ban nhân dân thành phố Hà Nội",
                                                                   "Ủy ban nhân dân tỉnh Lào Cai"]
    assert rows[1][1:] == ["0/1", 0, 1, "1.500,0", "1.600,0", 1, "0,2%"]
    assert rows[0][7] == "Chưa kê khai tổng vốn"
    assert table.build(Scope(None, TODAY, roots=(Agency.objects.get(code="ubnd-tinh-01").path,)))[1] == []


def test_a_project_keeps_its_task_and_a_task_has_one_project(data_platform, actors):
    client = client_for(actors["coordinator"])
    again = client.post(reverse("project-list"), {"task": data_platform.task_id, "approved_total": "5"},
                        format="json")
    assert again.status_code == 400 and "đã có thông tin dự án" in str(again.json())
    other = task(data_platform.task.plan, actors["coordinator"], "Nhiệm vụ khác")
    moved = client.patch(reverse("project-detail", args=[data_platform.pk]), {"task": other.pk}, format="json")
    assert moved.status_code == 400 and Project.objects.get(pk=data_platform.pk).task_id == data_platform.task_id
    renamed = client.patch(reverse("project-detail", args=[data_platform.pk]), {"stage": "finished"}, format="json")
    assert renamed.status_code == 200 and renamed.json()["stage"] == "finished"
    declaration = services.do_declare_budget(data_platform.task.plan.agency, acting_user=actors["coordinator"],
                                             year=2026, total=Decimal(1), declared_on=TODAY)
    assert client.patch(reverse("budget-declaration-detail", args=[declaration.pk]), {"total": 2},
                        format="json").status_code == 405


def test_a_programme_plan_without_a_project_list_gets_one_as_an_appendix(actors):
    import docx

    from dxnet.plans.models import Indicator, PlanTemplate

    coordinator = actors["coordinator"]
    plan = services.do_create_plan(PlanTemplate.objects.get(code="ke-hoach-tinh-1690"),
                                   Agency.objects.get(code="ubnd-tinh-15"), 2026, acting_user=coordinator)
    services.do_save_project(plan.tasks.get(code="5.4"), acting_user=coordinator, approved_total=Decimal(2500))
    services.do_save_indicator(Indicator(plan=plan), acting_user=coordinator, plan=plan, code="dvc", name="DVC",
                               unit="%", baseline_value=1, baseline_on=datetime.date(2026, 1, 1), target_value=2,
                               target_on=datetime.date(2026, 12, 31))
    document = docx.Document(io.BytesIO(exports.plan_docx(plan)))
    headings = [p.text for p in document.paragraphs if p.text.startswith("PHỤ LỤC")]
    assert headings == ["PHỤ LỤC: DANH MỤC NHIỆM VỤ, DỰ ÁN"]  # its "II. MỤC TIÊU" holds the indicators
    cells = [c.text for table in document.tables for row in table.rows for c in row.cells]
    assert "2.500,0" in cells and "DVC" in cells


# --- Implausible days, years and totals (probe 13, items 1 and 9) -----------------------------------

@pytest.mark.parametrize(("year", "sheet_year"), [(-1, -1), (1999, 1999), (2101, 2101)])
def test_a_disbursement_year_out_of_range_gets_one_vietnamese_message_from_form_api_and_sheet(
        data_platform, actors, year, sheet_year):
    client = client_for(actors["coordinator"])
    form = client.post(reverse("plans:disbursement-create", args=[data_platform.pk]),
                       {"year": year, "amount": "5", "declared_on": "2026-11-20"})
    html = form.content.decode()
    assert form.status_code == 200 and html.count(YEAR_RANGE) == 1 and "Đảm bảo" not in html
    api = client.post(reverse("project-disbursements", args=[data_platform.pk]),
                      {"year": year, "amount": "5", "declared_on": "2026-11-20"}, format="json")
    assert api.status_code == 400 and [e["message"] for e in api.json()["errors"]["year"]] == [YEAR_RANGE]
    sheet = _import(actors["coordinator"], [[data_platform.pk, sheet_year, 5, "20/11/2026"]])
    assert [(e.row, e.column, e.message) for e in sheet.errors] == [(2, "Năm giải ngân", YEAR_RANGE)]
    patched = client.patch(reverse("project-detail", args=[data_platform.pk]), {"start_year": year}, format="json")
    assert [e["message"] for e in patched.json()["errors"]["start_year"]] == [YEAR_RANGE]
    assert not Disbursement.objects.exists()


def test_a_disbursement_dated_in_year_one_is_refused_alike_by_form_api_and_sheet(data_platform, actors):
    client = client_for(actors["coordinator"])
    form = client.post(reverse("plans:disbursement-create", args=[data_platform.pk]),
                       {"year": 2026, "amount": "5", "declared_on": "0001-01-01"})
    assert form.status_code == 200 and form.content.decode().count(DAY_RANGE_MESSAGE) == 1
    api = client.post(reverse("project-disbursements", args=[data_platform.pk]),
                      {"year": 2026, "amount": "5", "declared_on": "0001-01-01"}, format="json")
    assert api.status_code == 400 and api.json()["errors"] == {
        "declared_on": [{"message": DAY_RANGE_MESSAGE, "code": "out_of_range"}]}
    sheet = _import(actors["coordinator"], [[data_platform.pk, 2026, 5, "01/01/0001"]])
    assert [(e.row, e.column, e.message) for e in sheet.errors] == [(2, "Số liệu đến ngày", DAY_RANGE_MESSAGE)]
    assert not Disbursement.objects.exists()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("declared_on", "0001-01-01", DAY_RANGE_MESSAGE),
    ("total", "0", ZERO_BUDGET),
    ("year", "1999", YEAR_RANGE),
])
def test_a_budget_declaration_in_year_one_of_zero_or_out_of_range_is_refused_alike(lao_cai_plan, actors, field,
                                                                                   value, message):
    client = client_for(actors["coordinator"])
    data = {"agency": "ubnd-tinh-15", "year": 2026, "total": "900000", "declared_on": "2026-01-10", field: value}
    form = client.post(reverse("plans:budget-declare"), data)
    assert form.status_code == 200 and form.content.decode().count(message) == 1
    api = client.post(reverse("budget-declaration-list"), {**data, "agency": lao_cai_plan.agency_id}, format="json")
    assert api.status_code == 400 and [e["message"] for e in api.json()["errors"][field]] == [message]
    assert not BudgetDeclaration.objects.exists()


def test_only_a_provincial_peoples_committee_or_a_ministry_declares_a_total_budget(lao_cai_plan, actors,
                                                                                   lao_cai_commune):
    client = client_for(actors["coordinator"])
    data = {"agency": lao_cai_commune.code, "year": 2026, "total": "1000", "declared_on": "2026-01-10"}
    form = client.post(reverse("plans:budget-declare"), data)
    assert form.status_code == 200 and form.content.decode().count(BUDGET_BODY) == 1
    api = client.post(reverse("budget-declaration-list"), {**data, "agency": lao_cai_commune.pk}, format="json")
    assert api.status_code == 400 and [e["message"] for e in api.json()["errors"]["agency"]] == [BUDGET_BODY]
    department = client.post(reverse("budget-declaration-list"), {
        **data, "agency": Agency.objects.get(code="skhcn-tinh-15").pk}, format="json")
    assert department.status_code == 400
    assert not BudgetDeclaration.objects.exists()
    national = client_for(actors["national_admin"]).post(reverse("budget-declaration-list"), {
        **data, "agency": Agency.objects.filter(kind=Agency.Kind.MINISTRY).first().pk}, format="json")
    assert national.status_code == 201
    assert client.post(reverse("plans:budget-declare"), {**data, "agency": "ubnd-tinh-15"}).status_code == 302


def test_a_commune_declaration_stored_before_the_rule_is_no_denominator(data_platform, actors, lao_cai_commune):
    coordinator = actors["coordinator"]
    services.do_record_disbursement(data_platform, acting_user=coordinator, year=2026, amount=Decimal(3000),
                                    declared_on=datetime.date(2026, 11, 20))
    BudgetDeclaration.objects.create(agency=lao_cai_commune, year=2026, total=Decimal("0.1"),
                                     declared_on=datetime.date(2026, 1, 10))
    assert [(row.agency.code, row.percent) for row in services.spending(coordinator, 2026)] == [
        ("ubnd-tinh-15", None)]
