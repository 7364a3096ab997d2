"""Plans from the seeds' templates: loading, turning into a province's plan, reporting, roll-ups, overdue, exports."""

import datetime
import io
import json
import re
import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import Q
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dxnet.agencies.models import Agency
from dxnet.plans import exports, services
from dxnet.plans.models import Plan, PlanTemplate, Task

from .conftest import client_for

SEEDS = Path(__file__).resolve().parent / "seeds"


def seed_text(number: str) -> str:
    """A seed file with its line breaks and spacing folded, as a sentence reads."""
    path = next(SEEDS.glob(f"{number}_*.txt"))
    return " ".join(path.read_text(encoding="utf-8").replace("*", "").split())


def template(code: str) -> PlanTemplate:
    return PlanTemplate.objects.get(code=code)


def titles(doc: dict) -> list[str]:
    return [t["title"] for g in doc["groups"] for t in g["tasks"]]


# (template code, seed, groups, top-level tasks, texts that must appear in the seed as written)
TEMPLATES = [
    ("de-an-1690", "000", 7, 12, [
        "Hình thành Mạng lưới chuyển đổi số rộng khắp từ trung ương đến cơ sở",
        "Rà soát, bổ sung chức năng, nhiệm vụ, quyền hạn về chuyển đổi số cho các cơ quan quản lý nhà nước tại "
        "địa phương",
        "Bảo đảm nguồn lực, nhân lực, biên chế kịp thời để tổ chức triển khai nhiệm vụ chuyển đổi số địa phương",
    ]),
    ("ke-hoach-tinh-1690", "001", 7, 15, [
        "Rà soát làm rõ cách thức thực hiện nhiệm vụ chuyển đổi số tại địa phương theo hình thức thuê ngoài hoặc xã "
        "hội hoá",
        "Hoàn thiện, phê duyệt vị trí việc làm chuyên ngành thông tin và truyền thông trong các cơ quan, đơn vị, "
        "tăng cường thực hiện nhiệm vụ chuyển đổi số tại các cơ quan, đơn vị",
        "Sở Nội vụ chủ trì, phối hợp với Sở Thông tin và Truyền thông, Ủy ban nhân dân cấp huyện.",
    ]),
    ("phu-luc-i-cds-cap-tinh", "004", 12, 36, [
        "Rà soát, xóa các vùng lõm sóng trên địa bàn, bảo đảm tốc độ mạng viễn thông di động",
        "Mỗi người dân trưởng thành có một chữ ký số cá nhân",
        "Thiết lập Kho dữ liệu điện tử trực tuyến của người dân, tổ chức",
    ]),
    ("phu-luc-ii-cds-cap-bo", "004", 7, 13, [
        "Thiết lập, mở rộng Cổng dữ liệu mở",
        "Phát triển các nền tảng số quốc gia, ngành, lĩnh vực",
    ]),
    ("phu-luc-iii-khung-ke-hoach-nam", "004", 10, 0, [
        "Chia sẻ bài toán, sáng kiến, cách làm về chuyển đổi số",
        "Xác định nguồn kinh phí, dự kiến tổng kinh phí thực hiện Kế hoạch.",
    ]),
]


@pytest.mark.parametrize(("code", "seed", "groups", "tasks", "samples"), TEMPLATES, ids=[t[0] for t in TEMPLATES])
def test_each_template_matches_its_seed(code, seed, groups, tasks, samples, db):
    loaded = template(code)
    assert (loaded.group_count, loaded.task_count) == (groups, tasks)
    assert len(loaded.document["groups"]) == groups and len(titles(loaded.document)) == tasks
    text = seed_text(seed)
    document = json.dumps(loaded.document, ensure_ascii=False)
    for sample in samples:
        assert sample in text, sample
        assert sample in document, sample


def test_the_seed_files_say_the_counts_the_templates_hold(db):
    appendix_i = seed_text("004")
    assert "hoàn thành 36 nhiệm vụ cụ thể thuộc 12 nhóm" in appendix_i
    assert "nhiệm vụ cụ thể thuộc 07 nhóm" in appendix_i
    assert "03 QUAN ĐIỂM" in seed_text("000") and "07 NHIỆM VỤ CƠ BẢN" in seed_text("000")
    doc = template("de-an-1690").document
    viewpoints, targets = doc["sections"][0]["paragraphs"], doc["sections"][1]["paragraphs"]
    assert (len(viewpoints), len(targets)) == (3, 5)


def test_the_annual_frame_carries_the_assessment_areas_and_the_project_columns(db):
    doc = template("phu-luc-iii-khung-ke-hoach-nam").document
    items = [i for area in doc["assessment"]["areas"] for i in (area["items"] or [area])]
    assert len(items) == 13
    headings = [s["heading"] for s in doc["sections"]]
    assert headings[1:] == ["I. CĂN CỨ LẬP KẾ HOẠCH", "II. MỤC TIÊU", "III. NHIỆM VỤ", "IV. GIẢI PHÁP",
                            "V. KINH PHÍ THỰC HIỆN", "VI. TỔ CHỨC THỰC HIỆN", "VII. DANH MỤC NHIỆM VỤ, DỰ ÁN"]
    assert list(exports.PROJECT_HEADERS[2:]) == ["Đơn vị chủ trì", "Mới/chuyển tiếp", "Mục tiêu", "Quy mô",
                                                 "Nội dung", "Thời gian", "Kinh phí (triệu đồng)", "Nguồn vốn"]


def test_reloading_the_templates_changes_nothing(db):
    assert services.load_reference_templates() == (0, 0)


# --- Turning the province template into plans ---------------------------------------------------

@pytest.fixture
def province_plan(actors):
    return services.do_create_plan(template("ke-hoach-tinh-1690"), Agency.objects.get(code="ubnd-tinh-15"), 2026,
                                   acting_user=actors["coordinator"])


def _agencies_of(plan: Plan) -> set[Agency]:
    agencies = set()
    for task in plan.tasks.select_related("lead").prefetch_related("cooperating"):
        agencies |= set(task.cooperating.all()) | ({task.lead} if task.lead else set())
    return agencies


def test_the_task_list_finds_what_each_user_may_see_and_nothing_else(province_plan, actors):
    """Task lists read a scope's tasks by their ids (Task.objects.listed_for): the same tasks as visible_to, for
    every role, on the page, the API and the timeline."""
    hanoi = services.do_create_plan(template("ke-hoach-tinh-1690"), Agency.objects.get(code="ubnd-tinh-01"), 2026,
                                    acting_user=actors["outsider"])
    for role, user in actors.items():
        if user is None:
            continue
        visible = set(Task.objects.visible_to(user).values_list("pk", flat=True))
        assert set(Task.objects.listed_for(user).values_list("pk", flat=True)) == visible, role
        listed = client_for(user).get("/api/v1/tasks/?page_size=500").json()
        assert {row["id"] for row in listed["results"]} == visible and listed["count"] == len(visible), role
    outsider = client_for(actors["outsider"])
    assert outsider.get(reverse("plans:tasks")).context["paginator"].count == hanoi.tasks.count()
    months = outsider.get(reverse("plans:timeline")).context["months"]
    assert {task.plan_id for _, tasks in months for task in tasks} <= {hanoi.pk}


def test_task_lists_turn_page_by_page_through_the_whole_list_in_order(province_plan, actors):
    """The task pages find their order by ids and read each page's rows afterwards (core.pagination.IdPaginator):
    page after page, the page and the API give every task once, in the list's order, with the list's count."""
    from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator

    from dxnet.core.pagination import IdPaginator

    services.do_create_plan(template("ke-hoach-tinh-1690"), province_plan.agency, 2027,
                            acting_user=actors["coordinator"])
    coordinator = client_for(actors["coordinator"])
    listed = Task.objects.listed_for(actors["coordinator"]).order_by("-plan__year", "plan_id", "order")
    expected = list(listed.values_list("pk", flat=True))
    assert len(expected) > 25 and Plan.objects.filter(tasks__in=expected).values("year").distinct().count() == 2
    pages = [coordinator.get(reverse("plans:tasks"), {"page_size": 25, "page": n}) for n in (1, 2)]
    assert [task.pk for page in pages for task in page.context["object_list"]] == expected[:50]
    assert pages[0].context["paginator"].count == len(expected)
    assert coordinator.get(reverse("plans:tasks"), {"page_size": 25, "page": 99}).status_code == 404
    api, url = [], "/api/v1/tasks/?page_size=7"
    while url:
        answer = coordinator.get(url).json()
        assert answer["count"] == len(expected)
        api += [row["id"] for row in answer["results"]]
        url = answer["next"]
    assert api == sorted(expected)
    # The same pages as Django's own paginator, orphans included, and each row comes with its related rows.
    for per_page, orphans in ((7, 0), (7, 3), (100, 0)):
        ours, django = (kind(listed.select_related("plan", "lead"), per_page, orphans=orphans)
                        for kind in (IdPaginator, Paginator))
        for number in django.page_range:
            assert list(ours.page(number)) == list(django.page(number)) and ours.count == django.count
        with pytest.raises(EmptyPage):
            IdPaginator(listed, per_page, orphans=orphans).page(django.num_pages + 1)
    with pytest.raises(PageNotAnInteger):
        IdPaginator(listed, 7).page("x")
    page = IdPaginator(listed.select_related("plan", "lead"), 7).page(1)
    with CaptureQueriesContext(connection) as queries:
        assert [task.plan.year for task in page] and [task.lead for task in page]
    assert not queries.captured_queries
    assert list(IdPaginator(Task.objects.none(), 7).page(1)) == []


def test_two_provinces_get_their_own_agencies(province_plan, actors):
    hanoi = services.do_create_plan(template("ke-hoach-tinh-1690"), Agency.objects.get(code="ubnd-tinh-01"), 2026,
                                    acting_user=actors["outsider"])
    for plan, code in ((province_plan, "15"), (hanoi, "01")):
        task = plan.tasks.get(code="1.1")
        assert task.lead.code == f"snv-tinh-{code}"  # "Sở Nội vụ chủ trì"
        assert f"skhcn-tinh-{code}" in set(task.cooperating.values_list("code", flat=True))
        assert plan.tasks.get(code="1.2").lead.code == f"skhcn-tinh-{code}"  # "Sở TTTT" → the DX lead today
        assert all(a.path.startswith(plan.agency.path) for a in _agencies_of(plan))
        assert services.unresolved_roles(plan) == []


def test_a_2026_plan_gives_district_tasks_to_the_communes_and_says_so(province_plan):
    communes = Agency.objects.filter(parent__code="ubnd-tinh-15", kind=Agency.Kind.COMMUNE_PC)
    task = province_plan.tasks.get(code="2.1")  # "phối hợp với … Ủy ban nhân dân cấp huyện"
    assert set(task.cooperating.filter(kind=Agency.Kind.COMMUNE_PC)) == set(communes)
    assert not any(a.kind == Agency.Kind.DISTRICT_PC for a in _agencies_of(province_plan))
    assert province_plan.notes == ["Từ 01/07/2025 không còn cấp huyện: việc giao “Ủy ban nhân dân cấp huyện” được "
                                   "giao cho “Ủy ban nhân dân cấp xã”."]


@pytest.fixture
def former_province(db):
    """A 2024 province (before the reform) with its DX department, home affairs and two districts."""
    pc = Agency.objects.get(code="ubnd-tinh-cu-60")
    end = datetime.date(2025, 6, 30)

    def child(code, name, kind, **flags):
        return Agency.objects.create(code=code, name=name, kind=kind, parent=pc, path=f"{pc.path}{code}/", depth=2,
                                     valid_to=end, **flags)

    # Its Sở Thông tin và Truyền thông and Sở Nội vụ come with the reference data (sttt-/snv-tinh-cu-60).
    districts = [child(f"ubnd-huyen-60-{n}", name, "district_pc")
                 for n, name in enumerate(["Ủy ban nhân dân huyện Tuy Phong", "Ủy ban nhân dân huyện Bắc Bình"])]
    return pc, districts


def test_a_2024_plan_assigns_district_tasks_to_the_districts(former_province, actors):
    pc, districts = former_province
    plan = services.do_create_plan(template("ke-hoach-tinh-1690"), pc, 2024, acting_user=actors["national_admin"])
    task = plan.tasks.get(code="1.1")
    assert task.lead.code == "snv-tinh-cu-60"
    assert set(task.cooperating.all()) == {Agency.objects.get(code="sttt-tinh-cu-60"), *districts}
    assert plan.notes == []
    assert plan.tasks.get(code="1.1").due_date == datetime.date(2024, 12, 31)  # "Trong năm 2024"
    assert plan.tasks.get(code="2.4").due_date == datetime.date(2024, 9, 30)  # "Quý III/2024"


def test_an_agency_cannot_have_a_plan_for_a_year_before_it_existed(actors):
    with pytest.raises(ValidationError, match="chỉ hoạt động từ 01/07/2025"):
        services.do_create_plan(template("ke-hoach-tinh-1690"), Agency.objects.get(code="ubnd-tinh-15"), 2024,
                                acting_user=actors["coordinator"])
    with pytest.raises(ValidationError, match="dùng cho cấp"):
        services.do_create_plan(template("phu-luc-ii-cds-cap-bo"), Agency.objects.get(code="ubnd-tinh-15"), 2026,
                                acting_user=actors["coordinator"])
    assert not Plan.objects.exists()


def test_only_planners_of_the_subtree_create_plans(actors):
    lao_cai = Agency.objects.get(code="ubnd-tinh-15")
    with pytest.raises(PermissionDenied):
        services.do_create_plan(template("de-an-1690"), lao_cai, 2026, acting_user=actors["focal_point"])
    with pytest.raises(ValidationError, match="ngoài phạm vi"):
        services.do_create_plan(template("de-an-1690"), lao_cai, 2026, acting_user=actors["outsider"])


def test_unresolved_roles_block_the_issue_until_a_person_names_the_agency(actors):
    lao_cai = Agency.objects.get(code="ubnd-tinh-15")
    Agency.objects.filter(code="snv-tinh-15").update(valid_to=datetime.date(2025, 12, 31))  # no home affairs in 2026
    plan = services.do_create_plan(template("ke-hoach-tinh-1690"), lao_cai, 2026, acting_user=actors["coordinator"])
    waiting = services.unresolved_roles(plan)
    assert [(w["label"], w["tasks"]) for w in waiting] == [("Sở Nội vụ", 5)]
    issue = {"number": "12/KH-UBND", "issued_on": datetime.date(2026, 2, 1), "place": "Lào Cai",
             "signer_title": "CHỦ TỊCH", "signer_name": "Nguyễn Văn A"}
    with pytest.raises(ValidationError, match="Sở Nội vụ"):
        services.do_issue_plan(plan, acting_user=actors["coordinator"], **issue)
    finance = Agency.objects.create(code="stc-15", name="Sở Tài chính tỉnh Lào Cai", kind="provincial_department",
                                    parent=lao_cai, path=f"{lao_cai.path}stc-15/", depth=2)
    assert services.do_settle_role(plan, "so-noi-vu", finance, acting_user=actors["coordinator"]) == 5
    assert plan.tasks.get(code="1.1").lead == finance
    services.do_issue_plan(plan, acting_user=actors["coordinator"], **issue)
    plan.refresh_from_db()
    assert (plan.status, plan.number) == (Plan.Status.ISSUED, "12/KH-UBND")


# --- Reporting, roll-ups, overdue --------------------------------------------------------------

def test_a_report_with_a_status_moves_the_task_and_its_group(province_plan, actors):
    coordinator = actors["coordinator"]
    tasks = list(province_plan.tasks.filter(group__code="1"))
    services.do_record_update(tasks[0], acting_user=coordinator, text="Đã trình quyết định", status="done",
                              document_number="45/QĐ-UBND", document_date=datetime.date(2026, 4, 20))
    services.do_record_update(tasks[1], acting_user=coordinator, text="Đang soạn quy định", status="doing",
                              progress=40)
    groups, total = services.rollup(list(province_plan.tasks.all()), list(province_plan.groups.all()),
                                    timezone.localdate())
    first = groups[0]
    assert (first.done, first.doing, first.todo, first.progress, first.symbol) == (1, 1, 0, 70, "Đ")
    assert total.done == 1 and total.progress == round(140 / 15)
    with pytest.raises(ValidationError, match="từ 1 đến 99"):
        services.do_record_update(tasks[1], acting_user=coordinator, text="x", status="doing", progress=100)


def test_a_cooperating_agency_reports_results_but_not_the_status(province_plan, actors):
    task = province_plan.tasks.get(code="2.5")  # led by the DX department; the commune is among those who act
    commune = actors["focal_point"]
    update = services.do_record_update(task, acting_user=commune, text="Xã đã phân công đầu mối",
                                       document_number="3/QĐ-UBND", document_date=datetime.date(2026, 5, 2))
    assert update.agency == commune.agency
    with pytest.raises(ValidationError, match="cơ quan chủ trì"):
        services.do_record_update(task, acting_user=commune, text="Xong", status="done")
    task.refresh_from_db()
    assert task.status == Task.Status.TODO


def test_a_bulk_status_update_changes_all_or_nothing(province_plan, actors):
    led_by_dx = list(province_plan.tasks.filter(lead__code="skhcn-tinh-15"))
    other = province_plan.tasks.get(code="1.1")  # led by home affairs
    with pytest.raises(ValidationError, match="1.1"):
        services.do_bulk_status([*led_by_dx, other], "doing", acting_user=actors["sibling"])
    assert not province_plan.tasks.exclude(status="todo").exists()
    assert services.do_bulk_status(led_by_dx, "doing", acting_user=actors["sibling"]) == len(led_by_dx)
    assert set(province_plan.tasks.filter(lead__code="skhcn-tinh-15").values_list("status", flat=True)) == {"doing"}


def test_sub_tasks_roll_up_into_their_parent(actors):
    plan = services.do_create_plan(template("phu-luc-i-cds-cap-tinh"), Agency.objects.get(code="ubnd-tinh-15"), 2027,
                                   acting_user=actors["coordinator"])
    parent = plan.tasks.get(code="7")
    first, second = parent.subtasks.order_by("order")
    # the 2024 guidance's "Tháng 6/2024" and "30/11/2024", moved to the plan's year (they stayed in 2024 before)
    assert (first.due_date, second.due_date) == (datetime.date(2027, 6, 30), datetime.date(2027, 11, 30))
    services.do_record_update(first, acting_user=actors["coordinator"], text="Đã phê duyệt hồ sơ", status="done")
    parent.refresh_from_db()
    assert (parent.status, parent.progress) == (Task.Status.DOING, 50)
    with pytest.raises(ValidationError, match="nhiệm vụ con"):
        services.do_record_update(parent, acting_user=actors["coordinator"], text="x", status="done")


def test_a_recurring_task_is_judged_period_by_period(actors):
    plan = services.do_create_plan(template("phu-luc-i-cds-cap-tinh"), Agency.objects.get(code="ubnd-tinh-15"), 2026,
                                   acting_user=actors["coordinator"], until_year=2027)
    task = plan.tasks.get(code="1.6")  # "trước ngày 30 tháng 11 hàng năm"
    assert [(p.year, p.due_date) for p in task.periods.all()] == [(2026, datetime.date(2026, 11, 30)),
                                                                  (2027, datetime.date(2027, 11, 30))]
    services.do_record_update(task, acting_user=actors["coordinator"], text="Đã gửi báo cáo năm 2026",
                              status="done")
    task.refresh_from_db()
    assert (task.due_date, task.status) == (datetime.date(2027, 11, 30), Task.Status.TODO)
    assert task.periods.get(year=2026).status == Task.Status.DONE


def test_a_task_overdue_by_one_day_shows_as_overdue_everywhere(province_plan, actors):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    task = province_plan.tasks.get(code="1.2")
    services.do_save_task(task, acting_user=actors["coordinator"], deadline_text=f"{yesterday:%d/%m/%Y}")
    on_time = province_plan.tasks.get(code="1.1")
    services.do_save_task(on_time, acting_user=actors["coordinator"],
                          deadline_text=f"{timezone.localdate():%d/%m/%Y}")
    client = client_for(actors["sibling"])  # the DX department leads 1.2

    plan_page = client.get(reverse("plans:detail", args=[province_plan.pk])).content.decode()
    assert re.search(r'class="task-row overdue" data-code="1\.2"', plan_page)
    assert 'class="task-row" data-code="1.1"' in plan_page
    agency_page = client.get(reverse("agencies:detail", args=[task.lead_id])).content.decode()
    task_link = reverse("plans:task", args=[task.pk])
    row = re.search(rf'<tr class="overdue">\s*<td><a href="{task_link}">', agency_page)
    shown = re.search(r'<span class="tag">(\d+) quá hạn</span></h2>', agency_page)
    dx = task.lead
    expected = Task.objects.filter(plan=province_plan).overdue(timezone.localdate()).filter(
        Q(lead=dx) | Q(cooperating=dx)).distinct().count()
    assert row and shown and int(shown[1]) == expected
    rows = client.get(reverse("task-list"), {"plan": province_plan.pk}).json()["results"]
    overdue = {r["code"]: r["overdue"] for r in rows}
    assert overdue["1.2"] is True and overdue["1.1"] is False
    listed = [r["code"] for r in client.get(reverse("task-list"), {"overdue": "true"}).json()["results"]]
    assert "1.2" in listed and "1.1" not in listed


def test_the_plan_page_filters_and_rolls_up(province_plan, actors):
    services.do_record_update(province_plan.tasks.get(code="1.1"), acting_user=actors["coordinator"], text="Xong",
                              status="done")
    client = client_for(actors["coordinator"])
    page = client.get(reverse("plans:detail", args=[province_plan.pk]), {"status": "done"}).content.decode()
    assert page.count('class="task-row') == 1 and 'data-code="1.1"' in page
    assert "✓ 1 · Đ 0 · ✗ 1" in page  # group 1 still counts both of its tasks
    assert '<b id="plan-progress">7%</b>' in page


def test_my_tasks_lists_what_the_agency_leads_and_cooperates_on(province_plan, actors):
    page = client_for(actors["focal_point"]).get(reverse("plans:my-tasks")).content.decode()
    assert "Chủ trì (0)" in page and "Phối hợp, thực hiện (14)" in page
    page = client_for(actors["sibling"]).get(reverse("plans:my-tasks")).content.decode()
    assert "Chủ trì (9)" in page


def test_the_timeline_orders_tasks_by_deadline(province_plan, actors):
    page = client_for(actors["coordinator"]).get(reverse("plans:timeline"), {"plan": province_plan.pk})
    html = page.content.decode()
    assert re.findall(r"Tháng (\d\d/\d{4})", html) == ["09/2024", "12/2024", "06/2025", "12/2026"]


def test_the_timeline_turns_page_by_page_through_every_dated_task(province_plan, actors, monkeypatch):
    """No task is cut off the timeline: past its first page, the next pages carry on in date order."""
    from dxnet.plans.views import TimelineView

    monkeypatch.setattr(TimelineView, "paginate_by", 4)
    client = client_for(actors["coordinator"])
    expected = list(province_plan.tasks.filter(due_date__isnull=False).order_by("due_date", "order")
                    .values_list("pk", flat=True))
    pages = [client.get(reverse("plans:timeline"), {"plan": province_plan.pk, "page": n})
             for n in range(1, len(expected) // 4 + 2)]
    assert [task.pk for page in pages for _, tasks in page.context["months"] for task in tasks] == expected
    assert "trang 2/" in pages[1].content.decode() and len(expected) > 8
    assert client.get(reverse("plans:timeline"), {"page": "x"}).status_code == 400


# --- Exports -----------------------------------------------------------------------------------

def test_the_xlsx_has_one_row_per_task_with_every_column(province_plan, actors):
    response = client_for(actors["coordinator"]).get(reverse("plans:export", args=[province_plan.pk, "xlsx"]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:5] == ("Nhóm", "Số thứ tự", "Nhiệm vụ", "Nội dung thực hiện", "Cơ quan chủ trì")
    assert len(rows) == 1 + province_plan.tasks.count()
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Cơ quan chủ trì"] == "Sở Nội vụ tỉnh Lào Cai" and first["Hạn hoàn thành"] == "31/12/2024"
    assert first["Thời hạn (theo văn bản)"] == "Trong năm 2024" and first["Hiện trạng"] == "✗ Chưa làm"


def _libreoffice(docx: bytes, to: str, tmp_path) -> Path:
    source = tmp_path / "ke-hoach.docx"
    source.write_bytes(docx)
    done = subprocess.run(["libreoffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                           "--convert-to", to, "--outdir", str(tmp_path), str(source)],
                          capture_output=True, text=True, timeout=120)
    target = tmp_path / f"ke-hoach.{to.split(':')[0]}"
    assert done.returncode == 0 and target.exists(), done.stderr
    return target


def test_the_docx_opens_in_libreoffice_and_holds_every_task(province_plan, actors, tmp_path):
    services.do_issue_plan(province_plan, acting_user=actors["coordinator"], number="125/KH-UBND",
                           issued_on=datetime.date(2026, 3, 5), place="Lào Cai",
                           signer_title="KT. CHỦ TỊCH/PHÓ CHỦ TỊCH", signer_name="Nguyễn Văn A")
    docx = client_for(actors["coordinator"]).get(reverse("plans:export", args=[province_plan.pk, "docx"])).content
    assert _libreoffice(docx, "pdf", tmp_path).read_bytes().startswith(b"%PDF")
    text = " ".join(_libreoffice(docx, "txt:Text", tmp_path).read_text(encoding="utf-8-sig").split())
    for task in province_plan.tasks.all():
        assert task.title in text, task.title
    for part in ("ỦY BAN NHÂN DÂN TỈNH LÀO CAI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 "Số: 125/KH-UBND", "Lào Cai, ngày 05 tháng 3 năm 2026", "KẾ HOẠCH", "I. MỤC ĐÍCH VÀ YÊU CẦU",
                 "III. NỘI DUNG", "IV. KINH PHÍ THỰC HIỆN", "V. TỔ CHỨC THỰC HIỆN", "- Nội dung thực hiện:",
                 "- Cơ quan thực hiện: Sở Nội vụ tỉnh Lào Cai chủ trì", "Ủy ban nhân dân cấp xã (99 cơ quan)",
                 "- Thời gian: Quý II/2025", "Nơi nhận:", "PHÓ CHỦ TỊCH",
                 # the departments the 2024 source names, as they are in this plan's year
                 "V. TỔ CHỨC THỰC HIỆN 1. Sở Khoa học và Công nghệ tỉnh Lào Cai", "2. Sở Nội vụ tỉnh Lào Cai"):
        assert part in text, part
    assert "Sở Thông tin và Truyền thông" not in text


def test_the_annual_frame_exports_its_assessment_and_project_list(actors, tmp_path):
    plan = services.do_create_plan(template("phu-luc-iii-khung-ke-hoach-nam"), Agency.objects.get(code="ubnd-tinh-15"),
                                   2026, acting_user=actors["coordinator"])
    entry = plan.assessment.get(code="1.1")
    services.do_save_assessment(entry, acting_user=actors["coordinator"], achieved="Tổ chức Ngày Chuyển đổi số",
                                shortcomings="Chưa đều ở cấp xã")
    services.do_save_task(Task(plan=plan), acting_user=actors["coordinator"], group=plan.groups.get(code="5"),
                          title="Nâng cấp nền tảng tích hợp, chia sẻ dữ liệu tỉnh", deadline_text="Năm 2026",
                          lead=Agency.objects.get(code="skhcn-tinh-15"), novelty="new",
                          objective="Kết nối 100% hệ thống", scale="Toàn tỉnh", budget=1500,
                          funding_source="Ngân sách tỉnh", cooperating=[])
    text = " ".join(_libreoffice(exports.plan_docx(plan), "txt:Text", tmp_path).read_text(encoding="utf-8-sig")
                    .split())
    for part in ("Phần I. ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NĂM 2025", "2. Thể chế số 2.1. Ban hành Nghị quyết",
                 "a) Kết quả đạt được: Tổ chức Ngày Chuyển đổi số", "b) Tồn tại, hạn chế: Chưa đều ở cấp xã",
                 "Phần II. NỘI DUNG KẾ HOẠCH NĂM 2026", "VII. DANH MỤC NHIỆM VỤ, DỰ ÁN", "Đơn vị chủ trì",
                 "Nâng cấp nền tảng tích hợp, chia sẻ dữ liệu tỉnh", "1.500,0", "Ngân sách tỉnh"):
        assert part in text, part


# --- Templates added by an administrator --------------------------------------------------------

def test_an_administrator_adds_a_template_in_the_shipped_format(actors):
    doc = dict(template("ke-hoach-tinh-1690").document, code="ke-hoach-xa", version="2026", title="Kế hoạch xã",
               tier="any")
    upload = SimpleUploadedFile("mau.json", json.dumps(doc, ensure_ascii=False).encode(), "application/json")
    response = client_for(actors["national_admin"]).post(reverse("plans:template-import"), {"file": upload})
    added = PlanTemplate.objects.get(code="ke-hoach-xa")
    assert response.status_code == 302 and (added.group_count, added.task_count) == (7, 15)

    broken = dict(doc, code="hong")
    broken["groups"] = [dict(doc["groups"][0], tasks=[dict(doc["groups"][0]["tasks"][0], deadline="Sớm nhất có thể",
                                                            lead="so-khong-co")])]
    upload = SimpleUploadedFile("hong.json", json.dumps(broken, ensure_ascii=False).encode())
    page = client_for(actors["national_admin"]).post(reverse("plans:template-import"), {"file": upload})
    html = page.content.decode()
    assert page.status_code == 200 and "Không hiểu thời hạn “Sớm nhất có thể”" in html
    assert "vai trò “so-khong-co” chưa khai báo" in html
    assert not PlanTemplate.objects.filter(code="hong").exists()
    upload = SimpleUploadedFile("x.json", b"{not json")
    html = client_for(actors["national_admin"]).post(reverse("plans:template-import"), {"file": upload}).content
    assert "không phải JSON hợp lệ" in html.decode()


def test_a_commune_sees_the_plan_but_lists_only_its_own_tasks(province_plan, actors):
    commune = actors["focal_point"]
    html = client_for(commune).get(reverse("plans:detail", args=[province_plan.pk])).content.decode()
    assert html.count('class="task-row') == 14  # every task but 1.2, which names no commune
    assert 'data-code="1.2"' not in html and "1 nhiệm vụ không thuộc phạm vi của bạn" in html
    table = client_for(commune).get(reverse("plans:export", args=[province_plan.pk, "xlsx"])).content
    assert len(list(load_workbook(io.BytesIO(table)).active.iter_rows())) == 1 + 14
    hidden = province_plan.tasks.get(code="1.2")
    assert client_for(commune).get(reverse("plans:task", args=[hidden.pk])).status_code == 404
    with pytest.raises(Http404):
        services.do_record_update(hidden, acting_user=commune, text="Không phải việc của xã")
    assert client_for(actors["outsider"]).get(reverse("plans:detail", args=[province_plan.pk])).status_code == 404


def test_evidence_is_a_document_or_an_image_not_a_program(province_plan, actors):
    task = province_plan.tasks.get(code="1.1")
    program = SimpleUploadedFile("cai-dat.exe", b"MZ\x90\x00")
    response = client_for(actors["coordinator"]).post(reverse("plans:task-report", args=[task.pk]),
                                                      {"text": "Kèm tệp", "file": program})
    assert response.status_code == 200 and "Không nhận tệp đuôi “exe”; chỉ nhận: pdf, doc" in response.content.decode()
    assert not task.updates.exists()
    scan = SimpleUploadedFile("quyet-dinh.pdf", b"%PDF-1.4 quyet dinh")
    response = client_for(actors["coordinator"]).post(reverse("plans:task-report", args=[task.pk]),
                                                      {"text": "Kèm quyết định", "file": scan})
    assert response.status_code == 302 and task.updates.get().file.name.endswith(".pdf")


def test_the_task_filters_pick_a_plan_and_a_lead_by_typing_among_what_the_user_sees(province_plan, actors):
    """A province sees thousands of plans: the task filters are pickers, not lists of every plan and agency."""
    from .test_pickers import pick

    hanoi = services.do_create_plan(template("ke-hoach-tinh-1690"), Agency.objects.get(code="ubnd-tinh-01"), 2026,
                                    acting_user=actors["outsider"])
    coordinator, commune = actors["coordinator"], actors["focal_point"]
    html = client_for(coordinator).get(reverse("plans:tasks")).content.decode()
    assert 'data-picker="/chon/ke-hoach/"' in html and 'data-picker="/chon/chu-tri/"' in html
    assert '<select name="plan"' not in html and '<select name="lead"' not in html  # no list of every plan
    assert [row["id"] for row in pick(coordinator, "ke-hoach", "ke hoach")] == [province_plan.pk]
    assert [row["id"] for row in pick(actors["outsider"], "ke-hoach", "ke hoach")] == [hanoi.pk]
    # A commune picks among the agencies leading the tasks it sees, though they stand outside its own scope.
    leads = {task.lead for task in Task.objects.visible_to(commune).select_related("lead") if task.lead}
    assert {row["id"] for row in pick(commune, "chu-tri")} == {lead.pk for lead in leads} != set()
    # Who sees every task is offered every agency that leads one (MAX_RESULTS at most, so searched by name).
    every_lead = {task.lead for task in Task.objects.select_related("lead") if task.lead}
    for lead in every_lead:
        assert lead.pk in {row["id"] for row in pick(actors["national_admin"], "chu-tri", lead.name)}
    unused = Agency.objects.exclude(led_tasks__isnull=False).first()
    assert unused.pk not in {row["id"] for row in pick(actors["national_admin"], "chu-tri", unused.name)}
    lead = leads.pop()
    page = client_for(commune).get(reverse("plans:tasks"), {"lead": lead.pk})
    assert {task.lead_id for task in page.context["object_list"]} == {lead.pk}
    outside = client_for(commune).get(reverse("plans:tasks"), {"plan": hanoi.pk})
    assert outside.context["filter"].errors["plan"] and hanoi.title not in outside.context["filter"].form.as_p()
    assert not {task.plan_id for task in outside.context["object_list"]} & {hanoi.pk}
    api = client_for(commune).get("/api/v1/tasks/", {"plan": hanoi.pk})
    assert api.status_code == 400 and str(hanoi.pk) not in api.content.decode()  # outside its scope: refused
