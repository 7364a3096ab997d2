"""The consolidated report of a round: completeness, the compliance tables, the targets (computed beside declared)
and the reports' texts grouped by area, as an official DOCX and as an XLSX of the same figures."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from dxnet.core import documents, numbers, spreadsheets
from dxnet.core.documents import paragraph
from dxnet.core.routing import reading_from_replica
from dxnet.core.services import require_role
from dxnet.monitoring import services as monitoring
from dxnet.monitoring import targets

from . import access, services
from .models import Consolidation, ReportRound, Submission

MILESTONES = ("steering-committee", "dx-resolution", "dx-plan-{year}", "plan-1690", "dx-network")


@dataclass(frozen=True)
class Table:
    """A table an app above reporting adds to every consolidated report (security, training, budget…):
    `build(scope)` gives the header and the rows for the agencies that were asked, on the report's day."""

    title: str  # heading in the DOCX, sheet name in the XLSX (at most 31 characters)
    build: Callable[[targets.Scope], tuple[list[str], list[list]]]


TABLES: list[Table] = []


def register_table(table: Table) -> None:
    """Called from an app's AppConfig.ready()."""
    if all(t.title != table.title for t in TABLES):
        TABLES.append(table)


@dataclass
class Figures:
    """Everything the two files show, computed once."""

    round: ReportRound
    on: datetime.date
    state: services.Completeness
    compliance: list[monitoring.Compliance]
    goals: list[tuple[targets.Target, float | None, int]]  # target, declared sum, reports that declared it
    tables: list[tuple[str, list[str], list[list]]]  # the registered tables: title, header, rows

    @property
    def received(self) -> list[Submission]:
        return self.state.received


def _tiers(round_: ReportRound) -> list[str]:
    kinds = set(round_.submissions.values_list("agency__kind", flat=True))
    return [tier for tier, spec in monitoring.TIERS.items() if kinds & set(spec.kinds)]


def gather(round_: ReportRound, on: datetime.date) -> Figures:
    state = services.completeness(round_)
    compliance = [monitoring.compliance(code.format(year=round_.year), tier, on)
                  for code in MILESTONES for tier in _tiers(round_)]
    scope = targets.Scope(None, on, roots=tuple(round_.submissions.values_list("agency__path", flat=True)))
    declared_fields = {spec["prefill"].split(":", 1)[1]: spec["code"] for spec in round_.form.fields
                       if spec.get("prefill", "").startswith("target:")}
    rows = []
    for target in targets.compute(scope) + targets.indicators(scope):
        values = [s.answers.get(declared_fields[target.code]) for s in state.received
                  if target.code in declared_fields]
        numbers = [v for v in values if isinstance(v, int | float)]
        rows.append((target, sum(numbers) if numbers else None, len(numbers)))
    tables = [(table.title, *table.build(scope)) for table in TABLES]
    return Figures(round_, on, state, compliance, rows, [t for t in tables if t[2]])


def _short(agency_name: str) -> str:
    return agency_name.removeprefix("Ủy ban nhân dân ")


def _filled(text: str, round_: ReportRound) -> str:
    """A form's label as the round's year reads it ("năm {year}" → "năm 2026")."""
    return text.replace("{year}", str(round_.year))


def _compliance_section(document, tables: list[monitoring.Compliance]) -> None:
    if not tables:
        paragraph(document, "Các cơ quan được yêu cầu báo cáo không thuộc cấp nào có mốc theo dõi.")
    for table in tables:
        paragraph(document, f"{table.label} ({table.tier.label.lower()}): "
                            f"{numbers.ratio(len(table.reached), table.total)}", bold=True)
        if table.earliest:
            documents.table(document, [f"{len(table.earliest)} đơn vị thực hiện sớm nhất", "Thời gian"],
                            [[_short(m.agency.name), f"{m.achieved_on:%d/%m/%Y}"] for m in table.earliest])
        missing = ", ".join(_short(a.name) for a in table.missing) or "không còn đơn vị nào"
        paragraph(document, f"Chưa thực hiện ({numbers.ratio(len(table.missing), table.total)}): {missing}.")


def _text_sections(document, data: Figures) -> None:
    """Every text field some agency answered, grouped by its area (or its section), with what each agency wrote;
    a question nobody answered is left out, and a report with no text says so."""
    groups: dict[str, list[dict]] = {}
    for section in data.round.form.document["sections"]:
        for spec in section["fields"]:
            if spec["type"] == "text" and not spec.get("prefill"):
                groups.setdefault(spec.get("area") or section["heading"], []).append(spec)
    written = False
    for area, specs in groups.items():
        answered = [(spec, [(s.agency.name, s.answers.get(spec["code"])) for s in data.received
                            if s.answers.get(spec["code"])]) for spec in specs]
        answered = [(spec, answers) for spec, answers in answered if answers]
        if not answered:
            continue
        written = True
        paragraph(document, _filled(area, data.round), bold=True)
        for spec, answers in answered:
            paragraph(document, _filled(spec["label"], data.round), italic=True)
            for name, answer in answers:
                paragraph(document, f"- {name}: {answer}")
    for spec in (s for s in data.round.form.fields if s["type"] == "table"):
        rows = [[s.agency.name, *row] for s in data.received for row in s.answers.get(spec["code"]) or []]
        if rows:
            written = True
            paragraph(document, _filled(spec["label"], data.round), bold=True)
            documents.table(document, ["Cơ quan", *spec["columns"]], rows, size=10)
    if not written:
        paragraph(document, "Chưa có báo cáo nào ghi nội dung.")


def consolidated_docx(data: Figures, progress: Callable[[int], None] = lambda _: None) -> bytes:
    round_, state = data.round, data.state
    heading = documents.Heading(agency=round_.agency, kind="Báo cáo",
                                summary=_filled(f"Tổng hợp {round_.title[:1].lower()}{round_.title[1:]} "
                                                f"({round_.period})", round_),
                                day=data.on, recipients=_recipients(round_))
    document = documents.start(heading)
    paragraph(document, "I. TÌNH HÌNH GỬI BÁO CÁO", bold=True, indent=False)
    paragraph(document, f"Đã nhận {numbers.ratio(len(state.received), state.total)} báo cáo "
                        f"({numbers.number(state.on_time)} đúng hạn, {numbers.number(state.late)} gửi muộn; "
                        f"hạn nộp {round_.due_date:%d/%m/%Y}).")
    missing = ", ".join(s.agency.name for s in state.missing)
    paragraph(document, f"Chưa gửi ({numbers.ratio(len(state.missing), state.total)}): "
                        f"{missing or 'không còn cơ quan nào'}.")
    progress(25)
    paragraph(document, "II. KẾT QUẢ THEO CÁC MỐC", bold=True, indent=False)
    _compliance_section(document, data.compliance)
    progress(50)
    paragraph(document, "III. MỤC TIÊU CỦA ĐỀ ÁN 1690 (SỐ LIỆU HỆ THỐNG VÀ SỐ LIỆU BÁO CÁO)", bold=True, indent=False)
    documents.table(document, ["Mục tiêu", "Hệ thống tính", "Tỷ lệ", "Các báo cáo khai", "Chênh lệch"], [
        [t.heading, numbers.ratio(t.value, t.total), numbers.percent(t.percent),
         "—" if declared is None else f"{numbers.number(declared)} ({numbers.number(count)} báo cáo)",
         numbers.signed(None if declared is None else declared - t.value)] for t, declared, count in data.goals])
    progress(75)
    number = "IV"
    if data.tables:
        paragraph(document, "IV. AN TOÀN THÔNG TIN, BỒI DƯỠNG, KINH PHÍ VÀ CÁC CHỈ TIÊU KHÁC (SỐ LIỆU HỆ THỐNG)",
                  bold=True, indent=False)
        for title, header, rows in data.tables:
            paragraph(document, title, bold=True)
            documents.table(document, header, rows, size=10)
        number = "V"
    paragraph(document, f"{number}. NỘI DUNG CÁC BÁO CÁO THEO LĨNH VỰC", bold=True, indent=False)
    _text_sections(document, data)
    content = documents.finish(document, heading)
    progress(90)
    return content


def _recipients(round_: ReportRound) -> list[str]:
    """The body above the requester (to report to) and the bodies that were asked; no "Như trên": a report has
    no "Kính gửi" line."""
    above = [f"{round_.agency.parent.name} (để báo cáo)"] if round_.agency.parent_id else []
    return [*above, "Các cơ quan, đơn vị được yêu cầu báo cáo"]


def consolidated_xlsx(data: Figures) -> bytes:
    round_ = data.round
    fields = [s for s in round_.form.fields if s["type"] != "file"]
    submissions = round_.submissions.select_related("agency", "round").order_by("agency__name")

    def answer(value):
        return "\n".join(" | ".join(row) for row in value) if isinstance(value, list) else value

    return spreadsheets.workbook({
        "Báo cáo": (["Cơ quan", "Mã cơ quan", "Trạng thái", "Gửi lúc", "Đúng hạn", *(s["label"] for s in fields)],
                    [[s.agency.name, s.agency.code, s.get_status_display(),
                      timezone.localtime(s.submitted_at).strftime("%d/%m/%Y %H:%M") if s.submitted_at else "",
                      {True: "Đúng hạn", False: "Muộn", None: ""}[s.on_time],
                      *(answer(s.answers.get(f["code"])) for f in fields)] for s in submissions]),
        "Mục tiêu": (["Mục tiêu", "Đạt", "Tổng số", "Tỷ lệ (%)", "Các báo cáo khai", "Chênh lệch"],
                     [[t.heading, t.value, t.total, t.percent, declared,
                       None if declared is None else declared - t.value] for t, declared, _ in data.goals]),
        "Tuân thủ": (["Mốc", "Cấp", "Đã thực hiện", "Tổng số", "Sớm nhất", "Chưa thực hiện"],
                     [[c.label, c.tier.label, len(c.reached), c.total,
                       "; ".join(f"{_short(m.agency.name)} ({m.achieved_on:%d/%m/%Y})" for m in c.earliest),
                       "; ".join(_short(a.name) for a in c.missing)] for c in data.compliance]),
        **{title[:31]: (header, rows) for title, header, rows in data.tables},
    })


# --- The background job -------------------------------------------------------------------------

def do_request(round_: ReportRound, *, acting_user) -> Consolidation:
    """Queue the consolidated report of a round; a worker builds it while the page shows its progress."""
    require_role(access.may_manage_round(round_, acting_user), "Chỉ cơ quan yêu cầu báo cáo được tổng hợp.")
    job = Consolidation.objects.create(round=round_, requested_by=acting_user)
    transaction.on_commit(lambda: build_consolidation.enqueue(job.pk))
    return job


def build(job: Consolidation, on: datetime.date | None = None) -> Consolidation:
    jobs = Consolidation.objects.filter(pk=job.pk)
    jobs.update(status=Consolidation.Status.RUNNING, percent=5)
    try:
        # An official report as of now: from the standby only once it has replayed the newest write.
        with reading_from_replica(only_if_caught_up=True):
            data = gather(job.round, on or timezone.localdate())
        docx = consolidated_docx(data, progress=lambda percent: jobs.update(percent=percent))
        xlsx = consolidated_xlsx(data)
    except Exception:
        jobs.update(status=Consolidation.Status.FAILED, finished_at=timezone.now())
        raise
    name = f"tong-hop-{job.round_id}-{job.pk}"
    job.docx.save(f"{name}.docx", ContentFile(docx), save=False)
    job.xlsx.save(f"{name}.xlsx", ContentFile(xlsx), save=False)
    job.status, job.percent, job.finished_at = Consolidation.Status.DONE, 100, timezone.now()
    job.save()
    return job


@task()
def build_consolidation(job_id: int) -> None:
    build(Consolidation.objects.select_related("round__form", "round__agency").get(pk=job_id))
