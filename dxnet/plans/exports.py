"""A plan as an official document (DOCX, Nghị định 30/2020/NĐ-CP) and as a table (XLSX, one row per task)."""

import io
from itertools import groupby

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from dxnet.agencies.models import Agency
from dxnet.core import spreadsheets
from dxnet.core.spreadsheets import Column

from .models import Plan, Task
from .services import fill

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Above this many agencies of one kind, a task names the kind and the count rather than every agency.
NAMED_AGENCIES = 5


def _tasks(plan: Plan) -> list[Task]:
    return list(plan.tasks.select_related("lead", "group").prefetch_related("cooperating").order_by("order"))


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
        return {
            "group": str(task.group) if task.group else "", "code": task.code, "title": task.title,
            "content": task.content, "lead": task.lead.name if task.lead else "",
            "cooperating": "; ".join(sorted(a.name for a in task.cooperating.all())),
            "unresolved": "; ".join(item["label"] for item in task.unresolved), "deadline_text": task.deadline_text,
            "due_date": task.due_date, "recurrence": task.get_recurrence_display() if task.recurrence else "",
            "status": f"{task.symbol} {task.get_status_display()}", "progress": task.progress,
            "overdue": "Quá hạn" if task.is_overdue(today) else "", "novelty": task.get_novelty_display()
            if task.novelty else "", "objective": task.objective, "scale": task.scale,
            "budget": float(task.budget) if task.budget is not None else None, "funding_source": task.funding_source,
            "support": task.support,
        }


def plan_xlsx(plan: Plan, user) -> bytes:
    """The tracking table: one row per task the user may open."""
    visible = set(Task.objects.visible_to(user).filter(plan=plan).values_list("pk", flat=True))
    content, _ = spreadsheets.export(PlanTaskSheet(user), [t for t in _tasks(plan) if t.pk in visible])
    return content


# --- DOCX --------------------------------------------------------------------------------------

FONT = "Times New Roman"


def _paragraph(container, text: str = "", *, bold=False, italic=False, size=14, align=None, indent=True,
               space_after=6):
    paragraph = container.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    paragraph.paragraph_format.space_after = Pt(space_after)
    paragraph.paragraph_format.first_line_indent = Mm(10) if indent and align is None else None
    if align is not None:
        paragraph.alignment = align
    else:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    return paragraph


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _cell_lines(cell, lines: list[tuple[str, dict]]) -> None:
    cell.paragraphs[0].text = ""
    for index, (text, style) in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        run.bold, run.italic = style.get("bold", False), style.get("italic", False)
        run.underline = style.get("underline", False)
        run.font.size = Pt(style.get("size", 13))


def _issuer_lines(agency: Agency) -> list[tuple[str, dict]]:
    """The issuing body block: its parent body (when any) above it, in capitals (Nghị định 30/2020, mục I.1)."""
    lines = []
    if agency.kind in (Agency.Kind.PROVINCIAL_DEPARTMENT, Agency.Kind.MINISTRY_DEPARTMENT,
                       Agency.Kind.PUBLIC_SERVICE_UNIT, Agency.Kind.DISTRICT_OFFICE) and agency.parent:
        lines.append((agency.parent.name.upper(), {"size": 13}))
    if agency.kind in (Agency.Kind.PROVINCIAL_PC, Agency.Kind.COMMUNE_PC, Agency.Kind.DISTRICT_PC):
        head, _, place = agency.name.partition(" nhân dân ")
        return [(f"{head} NHÂN DÂN".upper(), {"bold": True, "size": 13}),
                (place.upper(), {"bold": True, "underline": True, "size": 13})]
    return [*lines, (agency.name.upper(), {"bold": True, "underline": True, "size": 13})]


def _date_line(plan: Plan) -> str:
    day = plan.issued_on
    place = plan.place or "……"
    if day is None:
        return f"{place}, ngày …… tháng …… năm {plan.year}"
    # Days below 10 and months below 3 take a leading zero (Nghị định 30/2020/NĐ-CP, Phụ lục I).
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def _abstract(plan: Plan) -> str:
    """The summary line under the document type: "Kế hoạch triển khai …" becomes "Triển khai …"."""
    kind = plan.document.get("document") or "Kế hoạch"
    title = plan.title
    if title.lower().startswith(kind.lower() + " "):
        title = title[len(kind) + 1:]
    return title[:1].upper() + title[1:]


def _header(document, plan: Plan) -> None:
    table = document.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    for index, width in enumerate((Mm(62), Mm(108))):
        table.columns[index].width = width
        for cell in table.columns[index].cells:
            cell.width = width
    _cell_lines(table.cell(0, 0), _issuer_lines(plan.agency))
    _cell_lines(table.cell(0, 1), [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", {"bold": True, "size": 12}),
                                   ("Độc lập - Tự do - Hạnh phúc", {"bold": True, "underline": True, "size": 13})])
    _cell_lines(table.cell(1, 0), [(f"Số: {plan.number or '……'}", {"size": 13})])
    _cell_lines(table.cell(1, 1), [(_date_line(plan), {"italic": True, "size": 14})])


def _task_block(document, task: Task, heading: str | None) -> None:
    """A task as seed 001 writes it: its title, then "Nội dung thực hiện", "Cơ quan thực hiện", "Thời gian"."""
    if heading:
        _paragraph(document, heading, bold=True, italic=bool(task.parent_id))
    if task.content:
        _paragraph(document, "- Nội dung thực hiện:")
        for line in task.content.splitlines():
            _paragraph(document, f"+ {line}")
    _paragraph(document, f"- Cơ quan thực hiện: {agencies_text(task) or task.assignment or 'Chưa phân công.'}")
    if task.support:
        _paragraph(document, f"- Đơn vị đầu mối hỗ trợ: {task.support}.")
    _paragraph(document, f"- Thời gian: {task.deadline_text or 'Chưa xác định'}"
                         + (f" (hạn {task.due_date:%d/%m/%Y})." if task.due_date else "."))


def _groups(document, plan: Plan, tasks: list[Task]) -> None:
    by_group = {key: list(items) for key, items in groupby(tasks, key=lambda t: t.group_id)}
    for group in plan.groups.all():
        _paragraph(document, f"{group.code}. {group.title}", bold=True)
        if group.guidance:
            _paragraph(document, group.guidance)
        for task in by_group.get(group.pk, []):
            # A group that is its own task ("3. Đẩy mạnh …") does not repeat its title.
            _task_block(document, task, None if task.title == group.title else f"{task.code}. {task.title}")


PROJECT_HEADERS = ("TT", "Tên nhiệm vụ, dự án", "Đơn vị chủ trì", "Mới/chuyển tiếp", "Mục tiêu", "Quy mô",
                   "Nội dung", "Thời gian", "Kinh phí (triệu đồng)", "Nguồn vốn")


def _project_table(document, tasks: list[Task]) -> None:
    table = document.add_table(rows=1, cols=len(PROJECT_HEADERS))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, PROJECT_HEADERS, strict=True):
        cell.text = header
        cell.paragraphs[0].runs[0].bold = True
    for index, task in enumerate(tasks, 1):
        values = (str(index), task.title, task.lead.name if task.lead else "",
                  task.get_novelty_display() if task.novelty else "", task.objective, task.scale, task.content,
                  task.deadline_text, f"{task.budget:,.1f}".replace(",", "X").replace(".", ",").replace("X", ".")
                  if task.budget is not None else "", task.funding_source)
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(11)


def _assessment(document, plan: Plan, spec: dict) -> None:
    _paragraph(document, fill(spec["heading"], plan), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for text in spec.get("paragraphs", []):
        _paragraph(document, fill(text, plan))
    _paragraph(document, fill(spec["goals_heading"], plan), bold=True)
    _paragraph(document, fill(spec["tasks_heading"], plan), bold=True)
    entries = list(plan.assessment.all())
    for area in spec["areas"]:
        _paragraph(document, f"{area['code']}. {area['title']}", bold=True)
        for entry in entries:
            if entry.code == area["code"] or entry.code.startswith(f"{area['code']}."):
                if entry.code != area["code"]:
                    _paragraph(document, f"{entry.code}. {entry.title}", italic=True)
                _paragraph(document, f"a) Kết quả đạt được: {entry.achieved or '……'}")
                _paragraph(document, f"b) Tồn tại, hạn chế: {entry.shortcomings or '……'}")
    _paragraph(document, fill(spec["budget_heading"], plan), bold=True)
    _paragraph(document, fill(spec["budget_guidance"], plan), italic=True)


def _sections(document, plan: Plan, tasks: list[Task]) -> None:
    sections = plan.document.get("sections") or [{"heading": "NỘI DUNG", "tasks": True}]
    for section in sections:
        _paragraph(document, fill(section["heading"], plan), bold=True, indent=False)
        for text in section.get("paragraphs", []):
            _paragraph(document, fill(text, plan))
        for part in section.get("parts", []):
            _paragraph(document, fill(part["heading"], plan), bold=True)
            for text in part.get("paragraphs", []):
                _paragraph(document, f"- {fill(text, plan)}")
        if section.get("tasks"):
            _groups(document, plan, tasks)
        if section.get("project_list"):
            _project_table(document, [t for t in tasks if t.parent_id is None])
        if section.get("closing"):
            _paragraph(document, fill(section["closing"], plan))


def _signature(document, plan: Plan) -> None:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    recipients = table.cell(0, 0)
    recipients.paragraphs[0].text = ""
    run = recipients.paragraphs[0].add_run("Nơi nhận:")
    run.bold, run.italic, run.font.size = True, True, Pt(12)
    for line in ("- Như trên;", f"- Lưu: VT, {plan.agency.code.split('-')[0].upper()}."):
        p = recipients.add_paragraph()
        p.add_run(line).font.size = Pt(11)
    _cell_lines(table.cell(0, 1), [(line, {"bold": True, "size": 14}) for line in
                                   (plan.signer_title or "").upper().split("/") if line.strip()]
                + [("", {}), ("", {}), (plan.signer_name, {"bold": True, "size": 14})])


def plan_docx(plan: Plan) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    _header(document, plan)
    _paragraph(document, "")
    _paragraph(document, (plan.document.get("document") or "Kế hoạch").upper(), bold=True,
               align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    _paragraph(document, _abstract(plan), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for text in plan.document.get("preamble", []):
        _paragraph(document, fill(text, plan))
    tasks = _tasks(plan)
    if plan.document.get("assessment"):
        _assessment(document, plan, plan.document["assessment"])
    _sections(document, plan, tasks)
    _signature(document, plan)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


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
