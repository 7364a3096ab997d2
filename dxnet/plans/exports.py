"""A plan as an official document (DOCX, Nghị định 30/2020/NĐ-CP) and as a table (XLSX, one row per task)."""

from itertools import groupby

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from docx.enum.text import WD_ALIGN_PARAGRAPH

from dxnet.agencies.models import Agency
from dxnet.core import documents, spreadsheets
from dxnet.core.documents import paragraph
from dxnet.core.spreadsheets import Column
from dxnet.core.text import fold

from .models import Plan, Project, Task
from .services import fill
from .services.budget import amount_text, with_disbursed
from .services.measures import figure_text, plan_statuses

DOCX = documents.DOCX
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Above this many agencies of one kind, a task names the kind and the count rather than every agency.
NAMED_AGENCIES = 5


def _tasks(plan: Plan) -> list[Task]:
    return list(plan.tasks.select_related("lead", "group", "project").prefetch_related("cooperating")
                .order_by("order"))


def _project(task: Task) -> Project | None:
    return getattr(task, "project", None)


def agencies_text(task: Task) -> str:
    """"Sở Nội vụ tỉnh Lào Cai chủ trì, phối hợp với: Sở KH&CN…; Ủy ban nhân dân cấp xã (99 cơ quan)"."""
    parts = []
    cooperating = sorted(task.cooperating.all(), key=lambda a: (a.kind, a.name))
    for kind, agencies in groupby(cooperating, key=lambda a: a.kind):
        agencies = list(agencies)
        parts += ([f"{Agency.Kind(kind).label} ({len(agencies)} cơ quan)"] if len(agencies) > NAMED_AGENCIES
                  else [a.name for a in agencies])
    parts += [task.external] if task.external else []
    parts += [f"{item['label']} (chưa xác định)" for item in task.unresolved if item["as"] == "cooperating"]
    lead = task.lead.name if task.lead else next(
        (f"{item['label']} (chưa xác định)" for item in task.unresolved if item["as"] == "lead"), "")
    if lead:
        return f"{lead} chủ trì" + (f", phối hợp với: {'; '.join(parts)}." if parts else ".")
    return "; ".join(parts) + "." if parts else ""


# --- XLSX --------------------------------------------------------------------------------------

class PlanTaskSheet(spreadsheets.Sheet):
    kind = "plan-tasks"
    title = "Nhiệm vụ"
    model = Task
    columns = [
        Column("Nhóm", "group", width=30), Column("Số thứ tự", "code", width=10), Column("Nhiệm vụ", "title", width=60),
        Column("Nội dung thực hiện", "content", width=60), Column("Cơ quan chủ trì", "lead", width=35),
        Column("Cơ quan phối hợp, thực hiện", "cooperating", width=50),
        Column("Vai trò chưa xác định", "unresolved", width=30), Column("Thời hạn (theo văn bản)", "deadline_text"),
        Column("Hạn hoàn thành", "due_date", width=14), Column("Lặp lại", "recurrence", width=14),
        Column("Hiện trạng", "status", width=12), Column("Tiến độ (%)", "progress", width=10),
        Column("Quá hạn", "overdue", width=10), Column("Mới hay chuyển tiếp", "novelty", width=14),
        Column("Mục tiêu", "objective", width=40), Column("Quy mô", "scale"),
        Column("Dự kiến kinh phí (triệu đồng)", "budget", width=16), Column("Nguồn vốn", "funding_source"),
        Column("Đơn vị đầu mối hỗ trợ", "support", width=30),
    ]

    def values(self, task: Task) -> dict:
        today = timezone.localdate()
        project = _project(task)
        return {
            "group": str(task.group) if task.group else "", "code": task.code, "title": task.title,
            "content": task.content, "lead": task.lead.name if task.lead else "",
            "cooperating": "; ".join(sorted(a.name for a in task.cooperating.all())),
            "unresolved": "; ".join(item["label"] for item in task.unresolved), "deadline_text": task.deadline_text,
            "due_date": task.due_date, "recurrence": task.get_recurrence_display() if task.recurrence else "",
            "status": f"{task.symbol} {task.get_status_display()}", "progress": task.progress,
            "overdue": "Quá hạn" if task.is_overdue(today) else "", "novelty": task.get_novelty_display()
            if task.novelty else "", "objective": task.objective, "scale": task.scale,
            "budget": float(project.approved_total) if project and project.approved_total is not None else None,
            "funding_source": project.funding_text if project else "",
            "support": task.support,
        }


INDICATOR_HEADERS = ("TT", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Giá trị nền", "Ngày của giá trị nền",
                     "Giá trị mục tiêu", "Hạn đạt mục tiêu", "Tần suất theo dõi", "Nguồn số liệu", "Giá trị mới nhất",
                     "Số liệu đến ngày", "Tiến độ (%)", "Tiến độ dự kiến (%)", "Đánh giá")
PROJECT_SHEET_HEADERS = ("TT", "Tên nhiệm vụ, dự án", "Loại", "Đơn vị chủ trì", "Mới/chuyển tiếp", "Mục tiêu",
                         "Quy mô", "Nội dung", "Thời gian", "Tổng mức đầu tư/dự toán (triệu đồng)", "Nguồn vốn",
                         "Tình trạng", "Đã giải ngân (triệu đồng)", "Giải ngân theo năm", "Cảnh báo")


def _number(value):
    return float(value) if value is not None else None


def indicator_rows(plan: Plan, day) -> list[list]:
    """The plan's objectives as Appendix III, II asks: each with its baseline, target, latest value and track."""
    rows = []
    for index, row in enumerate(plan_statuses(plan, day), 1):
        i = row.indicator
        rows.append([index, i.code, i.name, i.unit, _number(i.baseline_value), i.baseline_on, _number(i.target_value),
                     i.target_on, i.get_frequency_display(), i.get_source_display(), _number(row.value),
                     row.value_on, row.progress, row.expected, row.track_label])
    return rows


def projects_of(plan: Plan) -> list[Project]:
    return list(with_disbursed(Project.objects.filter(task__plan=plan)).select_related("task__lead")
                .prefetch_related("disbursements").order_by("task__order"))


def project_rows(plan: Plan) -> list[list]:
    """Appendix III, VII in its column order, then what was disbursed (by year) and the warning if over."""
    from .services.budget import over_warning

    rows = []
    for index, project in enumerate(projects_of(plan), 1):
        task = project.task
        rows.append([index, task.title, project.get_kind_display(), task.lead.name if task.lead else "",
                     task.get_novelty_display() if task.novelty else "", task.objective, task.scale, task.content,
                     project.period or task.deadline_text, _number(project.approved_total), project.funding_text,
                     project.get_stage_display(), _number(project.disbursed),
                     "; ".join(f"{d.year}: {amount_text(d.amount)}" for d in project.disbursements.all()),
                     over_warning(project, project.disbursed or 0)])
    return rows


def plan_xlsx(plan: Plan, user) -> bytes:
    """The tracking table (one row per task the user may open), then the plan's indicators and its projects."""
    visible = set(Task.objects.visible_to(user).filter(plan=plan).values_list("pk", flat=True))
    sheet = PlanTaskSheet(user)
    tasks = [[sheet.values(t).get(c.name) for c in sheet.columns] for t in _tasks(plan) if t.pk in visible]
    return spreadsheets.workbook({
        sheet.title: ([c.header for c in sheet.columns], tasks),
        "Mục tiêu, chỉ tiêu": (list(INDICATOR_HEADERS), indicator_rows(plan, timezone.localdate())),
        "Danh mục nhiệm vụ, dự án": (list(PROJECT_SHEET_HEADERS), project_rows(plan)),
    })


# --- DOCX --------------------------------------------------------------------------------------

def _abstract(plan: Plan) -> str:
    """The summary line under the document type: "Kế hoạch triển khai …" becomes "Triển khai …"."""
    kind = plan.document.get("document") or "Kế hoạch"
    title = plan.title
    if title.lower().startswith(kind.lower() + " "):
        title = title[len(kind) + 1:]
    return title[:1].upper() + title[1:]


def _task_block(document, task: Task, heading: str | None) -> None:
    """A task as seed 001 writes it: its title, then "Nội dung thực hiện", "Cơ quan thực hiện", "Thời gian"."""
    if heading:
        paragraph(document, heading, bold=True, italic=bool(task.parent_id))
    if task.content:
        paragraph(document, "- Nội dung thực hiện:")
        for line in task.content.splitlines():
            paragraph(document, f"+ {line}")
    paragraph(document, f"- Cơ quan thực hiện: {agencies_text(task) or task.assignment or 'Chưa phân công.'}")
    if task.support:
        paragraph(document, f"- Đơn vị đầu mối hỗ trợ: {task.support}.")
    # The deadline in the plan's own words, once (a date is not followed by the same date again).
    when = task.deadline_text or (f"{task.due_date:%d/%m/%Y}" if task.due_date else "Chưa xác định")
    paragraph(document, f"- Thời gian: {when.rstrip('.')}.")


def _groups(document, plan: Plan, tasks: list[Task]) -> None:
    by_group = {key: list(items) for key, items in groupby(tasks, key=lambda t: t.group_id)}
    for group in plan.groups.all():
        paragraph(document, f"{group.code}. {group.title}", bold=True)
        if group.guidance:
            paragraph(document, group.guidance)
        if not group.guidance and not by_group.get(group.pk):
            paragraph(document, "Chưa có nhiệm vụ nào trong nhóm này.", italic=True)
        for task in by_group.get(group.pk, []):
            # A group that is its own task ("3. Đẩy mạnh …") does not repeat its title.
            _task_block(document, task, None if task.title == group.title else f"{task.code}. {task.title}")


PROJECT_HEADERS = ("TT", "Tên nhiệm vụ, dự án", "Đơn vị chủ trì", "Mới/chuyển tiếp", "Mục tiêu", "Quy mô",
                   "Nội dung", "Thời gian", "Kinh phí (triệu đồng)", "Nguồn vốn")


def _project_table(document, tasks: list[Task]) -> None:
    """Appendix III, VII: every task of the list with its project row's figures (cost, funding, period)."""
    rows = []
    for index, task in enumerate(tasks, 1):
        project = _project(task)
        rows.append([str(index), task.title, task.lead.name if task.lead else "",
                     task.get_novelty_display() if task.novelty else "", task.objective, task.scale, task.content,
                     (project.period if project else "") or task.deadline_text,
                     amount_text(project.approved_total) if project else "", project.funding_text if project else ""])
    documents.table(document, list(PROJECT_HEADERS), rows)


DOCX_INDICATOR_HEADERS = ("TT", "Chỉ tiêu", "Đơn vị tính", "Giá trị nền", "Mục tiêu", "Nguồn số liệu",
                          "Giá trị mới nhất", "Đánh giá")


def _indicator_table(document, plan: Plan) -> None:
    """Appendix III, II: the objectives, quantified, each with its baseline and dated target."""
    rows = []
    for index, row in enumerate(plan_statuses(plan, timezone.localdate()), 1):
        i = row.indicator
        latest = f"{figure_text(row.value)} ({row.value_on:%d/%m/%Y})" if row.value is not None else "Chưa có số liệu"
        judged = (f"{row.track_label}: {figure_text(row.progress)}%/{figure_text(row.expected)}%"
                  if row.progress is not None else "")
        rows.append([str(index), i.name, i.unit, f"{figure_text(i.baseline_value)} ({i.baseline_on:%d/%m/%Y})",
                     f"{figure_text(i.target_value)} ({i.target_on:%d/%m/%Y})", i.get_source_display(), latest, judged])
    documents.table(document, list(DOCX_INDICATOR_HEADERS), rows, size=10)


def _assessment(document, plan: Plan, spec: dict) -> None:
    paragraph(document, fill(spec["heading"], plan), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for text in spec.get("paragraphs", []):
        paragraph(document, fill(text, plan))
    paragraph(document, fill(spec["goals_heading"], plan), bold=True)
    paragraph(document, fill(spec["tasks_heading"], plan), bold=True)
    entries = list(plan.assessment.all())
    for area in spec["areas"]:
        paragraph(document, f"{area['code']}. {area['title']}", bold=True)
        for entry in entries:
            if entry.code == area["code"] or entry.code.startswith(f"{area['code']}."):
                if entry.code != area["code"]:
                    paragraph(document, f"{entry.code}. {entry.title}", italic=True)
                paragraph(document, f"a) Kết quả đạt được: {entry.achieved or '……'}")
                paragraph(document, f"b) Tồn tại, hạn chế: {entry.shortcomings or '……'}")
    paragraph(document, fill(spec["budget_heading"], plan), bold=True)
    paragraph(document, fill(spec["budget_guidance"], plan), italic=True)


def _is_objectives(section: dict) -> bool:
    """Appendix III's part "II. MỤC TIÊU" (or a section so named): where the indicator table goes."""
    return bool(section.get("indicators")) or fold(section["heading"]).split(". ", 1)[-1] == "muc tieu"


def _sections(document, plan: Plan, tasks: list[Task]) -> None:
    sections = plan.document.get("sections") or [{"heading": "NỘI DUNG", "tasks": True}]
    # A plan whose template has no objectives part or project list (a programme's plan) gets them as appendices.
    has_indicators = plan.indicators.exists()
    has_projects = Project.objects.filter(task__plan=plan).exists()
    if has_indicators and not any(_is_objectives(s) for s in sections):
        sections = [*sections, {"heading": "PHỤ LỤC: MỤC TIÊU, CHỈ TIÊU", "indicators": True}]
    if has_projects and not any(s.get("project_list") for s in sections):
        sections = [*sections, {"heading": "PHỤ LỤC: DANH MỤC NHIỆM VỤ, DỰ ÁN", "project_list": True,
                                "projects_only": True}]
    for section in sections:
        paragraph(document, fill(section["heading"], plan), bold=True, indent=False)
        for text in section.get("paragraphs", []):
            paragraph(document, fill(text, plan))
        for part in section.get("parts", []):
            paragraph(document, fill(part["heading"], plan), bold=True)
            for text in part.get("paragraphs", []):
                paragraph(document, f"- {fill(text, plan)}")
        if has_indicators and _is_objectives(section):
            _indicator_table(document, plan)
        if section.get("tasks"):
            _groups(document, plan, tasks)
        if section.get("project_list"):
            listed = [t for t in tasks if _project(t)] if section.get("projects_only") else [
                t for t in tasks if t.parent_id is None or _project(t)]
            if listed:
                _project_table(document, listed)
            else:
                paragraph(document, "Chưa có nhiệm vụ, dự án nào.", italic=True)
        if section.get("closing"):
            paragraph(document, fill(section["closing"], plan))


def plan_docx(plan: Plan) -> bytes:
    heading = documents.Heading(
        agency=plan.agency, kind=plan.document.get("document") or "Kế hoạch", summary=_abstract(plan),
        number=plan.number, place=plan.place, day=plan.issued_on, year=plan.year, signer_title=plan.signer_title,
        signer_name=plan.signer_name)
    document = documents.start(heading)
    for text in plan.document.get("preamble", []):
        paragraph(document, fill(text, plan))
    tasks = _tasks(plan)
    if plan.document.get("assessment"):
        _assessment(document, plan, plan.document["assessment"])
    _sections(document, plan, tasks)
    return documents.finish(document, heading)


def response(plan: Plan, fmt: str, user) -> HttpResponse:
    """The plan as issued (DOCX, the whole document) or its tracking table (XLSX, the tasks the user may open)."""
    if fmt == "docx":
        content, content_type = plan_docx(plan), DOCX
    elif fmt == "xlsx":
        content, content_type = plan_xlsx(plan, user), XLSX
    else:
        raise Http404
    name = slugify(f"ke-hoach-{plan.year}-{plan.agency.code}-{plan.pk}")
    answer = HttpResponse(content, content_type=content_type)
    answer["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return answer
