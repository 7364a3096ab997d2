"""Reporting rounds: forms, recipients, drafts pre-filled from the platform's data, submission, review, reminders."""

import datetime
import decimal
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from dxnet.accounts.models import Role, User
from dxnet.agencies.models import Agency
from dxnet.core import audit
from dxnet.core.services import require_role
from dxnet.core.versioning import lock_for_change
from dxnet.monitoring import targets
from dxnet.notifications.models import Kind as NoticeKind
from dxnet.notifications.services import do_notify
from dxnet.plans.models import Task

from .access import in_scope, may_answer, may_review
from .models import Reminder, ReportForm, ReportRound, Submission, SubmissionFile

FORMS_DIR = Path(__file__).parent / "data" / "forms"
FIELD_TYPES = {"text", "number", "date", "choice", "table", "file"}
REMIND_DAYS_BEFORE = 3


def load_report_forms(*, acting_user=None) -> tuple[int, int]:
    """The ready forms shipped in `data/forms` (the yearly assessment, the inspection questions)."""
    created = updated = 0
    for path in sorted(FORMS_DIR.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        check_form_document(document)
        fields = {"version": document["version"], "title": document["title"], "source": document["source"],
                  "document": document}
        form, new = ReportForm.objects.get_or_create(code=document["code"], defaults=fields)
        if new:
            audit.record_create(form, actor=acting_user)
            created += 1
        elif form.document != document:
            before = audit.snapshot(form)
            for name, value in fields.items():
                setattr(form, name, value)
            form.save()
            audit.record_update(form, before, actor=acting_user)
            updated += 1
    return created, updated


def check_form_document(document: dict) -> None:
    codes = [f["code"] for s in document["sections"] for f in s["fields"]]
    problems = [f"Trường “{c}” trùng mã." for c in {c for c in codes if codes.count(c) > 1}]
    problems += [f"Trường “{f['code']}” có loại “{f['type']}” không dùng được." for s in document["sections"]
                 for f in s["fields"] if f["type"] not in FIELD_TYPES]
    if problems:
        raise ValidationError(problems)


# --- Rounds ------------------------------------------------------------------------------------

def recipients_of(choice: str, sender: Agency, on: datetime.date):
    """"provinces", "ministries" or "children" (the sender's own units), in force on a day."""
    agencies = Agency.objects.valid_on(on)
    if choice == "provinces":
        return agencies.filter(kind=Agency.Kind.PROVINCIAL_PC)
    if choice == "ministries":
        return agencies.ministry_level()
    return agencies.filter(parent=sender)


@transaction.atomic
def do_create_round(form: ReportForm, *, acting_user, agency: Agency, title: str, period: str, year: int,
                    due_date: datetime.date, recipients: list[Agency]) -> ReportRound:
    """A round sent by `agency` to `recipients`; each gets a draft pre-filled with what the platform knows."""
    require_role(acting_user.can_manage_plans, "Vai trò của bạn không được yêu cầu báo cáo.")
    if not in_scope(agency, acting_user):
        raise ValidationError({"agency": "Cơ quan yêu cầu báo cáo phải thuộc phạm vi của bạn."})
    if not recipients:
        raise ValidationError({"recipients": "Chọn ít nhất một cơ quan báo cáo."})
    outside = [a.name for a in recipients if not in_scope(a, acting_user)]
    if outside:
        raise ValidationError({"recipients": "Ngoài phạm vi của bạn: " + ", ".join(outside[:5]) + "."})
    round_ = ReportRound.objects.create(form=form, agency=agency, title=title, period=period, year=year,
                                        due_date=due_date, created_by=acting_user)
    submissions = Submission.objects.bulk_create([Submission(round=round_, agency=a) for a in recipients])
    for submission in submissions:
        prefill(submission)
    Submission.objects.bulk_update(submissions, ["answers", "computed"])
    audit.record_create(round_, actor=acting_user)
    for submission in submissions:
        do_notify(officers_of(submission.agency), kind=NoticeKind.ROUND_OPENED,
                  title=f"Yêu cầu báo cáo: {round_.title}",
                  body=f"{agency} yêu cầu {submission.agency} báo cáo “{round_.title}” ({round_.period}), "
                       f"hạn nộp {round_.due_date:%d/%m/%Y}.",
                  url=reverse("reporting:submission", args=[submission.pk]), key=f"round-opened:{submission.pk}")
    return round_


def officers_of(agency: Agency):
    """Who answers an agency's reports: its own active coordinators and focal points."""
    return User.objects.filter(agency=agency, is_active=True, role__in=[Role.COORDINATOR, Role.FOCAL_POINT])


def _task_summary(agency: Agency, on: datetime.date) -> str:
    tasks = Task.objects.filter(plan__agency__path__startswith=agency.path) | Task.objects.filter(lead=agency)
    counts = {s: tasks.filter(status=s).count() for s in Task.Status.values}
    overdue = tasks.overdue(on).count()
    return (f"{sum(counts.values())} nhiệm vụ: {counts['done']} đã làm, {counts['doing']} đang làm, "
            f"{counts['todo']} chưa làm; {overdue} quá hạn (tính đến {on:%d/%m/%Y}).")


def computed_values(submission: Submission, on: datetime.date) -> dict:
    """What the platform itself says for each pre-filled field of this agency's report."""
    scope = targets.Scope(None, on, roots=(submission.agency.path,))
    values = {}
    for spec in submission.round.form.fields:
        source = spec.get("prefill", "")
        if source.startswith("target:"):
            target = targets.EVERY[source.split(":", 1)[1]](scope)
            values[spec["code"]] = {"value": target.value, "total": target.total}
        elif source == "tasks":
            values[spec["code"]] = {"text": _task_summary(submission.agency, on)}
    return values


def prefill(submission: Submission, on: datetime.date | None = None) -> None:
    """Fill the fields nobody has typed yet with the platform's figures, and keep those figures beside them."""
    submission.computed = computed_values(submission, on or timezone.localdate())
    for code, value in submission.computed.items():
        submission.answers.setdefault(code, value.get("value", value.get("text")))


# --- Answers, submission, review ---------------------------------------------------------------

def _clean(spec: dict, raw):
    kind, label = spec["type"], spec["label"]
    if raw in (None, "", []):
        return None
    if kind == "number":
        try:
            number = decimal.Decimal(str(raw).replace(".", "").replace(",", ".")) if isinstance(raw, str) \
                else decimal.Decimal(raw)
        except decimal.InvalidOperation:
            raise ValidationError({spec["code"]: f"“{label}”: “{raw}” không phải là số."}) from None
        return int(number) if number == number.to_integral_value() else float(number)
    if kind == "date":
        try:
            return (raw if isinstance(raw, datetime.date) else datetime.date.fromisoformat(str(raw))).isoformat()
        except ValueError:
            raise ValidationError({spec["code"]: f"“{label}”: ngày không hợp lệ."}) from None
    if kind == "choice" and raw not in spec.get("choices", []):
        raise ValidationError({spec["code"]: f"“{label}”: chọn một trong {', '.join(spec['choices'])}."})
    if kind == "table":
        rows = raw if isinstance(raw, list) else [
            [cell.strip() for cell in line.split("|")] for line in str(raw).splitlines() if line.strip()]
        width = len(spec["columns"])
        if any(len(row) > width for row in rows):
            raise ValidationError({spec["code"]: f"“{label}”: mỗi dòng có tối đa {width} cột, cách nhau bởi “|”."})
        return [row + [""] * (width - len(row)) for row in rows]
    return str(raw).strip()


@transaction.atomic
def do_save_answers(submission: Submission, answers: dict, *, acting_user, files: dict | None = None,
                    seen_version=None) -> Submission:
    """Keep a draft (or a returned report being corrected); an accepted or submitted report does not change.

    The answers go on top of the stored ones, read under lock; with `seen_version`, only if nobody saved since.
    """
    if not may_answer(submission, acting_user):
        raise PermissionDenied("Chỉ cơ quan báo cáo được soạn báo cáo này.")
    stored = lock_for_change(submission, seen_version)
    if stored.status not in (Submission.Status.DRAFT, Submission.Status.RETURNED):
        raise ValidationError(f"Báo cáo đang ở trạng thái “{stored.get_status_display()}”: không sửa được.")
    before = audit.snapshot(stored)
    submission.answers = dict(stored.answers)
    specs = {f["code"]: f for f in submission.round.form.fields}
    errors: dict[str, list[str]] = {}
    for code, raw in answers.items():
        if code in specs and specs[code]["type"] != "file":
            try:
                submission.answers[code] = _clean(specs[code], raw)
            except ValidationError as error:
                for key, messages in error.message_dict.items():
                    errors.setdefault(key, []).extend(messages)
    rule = SubmissionFile._meta.get_field("file")  # type and size, as the form shows them
    for code, uploads in (files or {}).items():
        for upload in uploads if code in specs else ():
            try:
                rule.run_validators(upload)
            except ValidationError as error:
                errors.setdefault(code, []).extend(error.messages)
    if errors:
        raise ValidationError(errors)
    for code, uploads in (files or {}).items():
        if code in specs and specs[code]["type"] == "file":
            for upload in uploads:
                SubmissionFile.objects.create(submission=submission, field=code, file=upload)
    submission.save(update_fields=["answers"])
    audit.record_update(submission, before, actor=acting_user)
    return submission


@transaction.atomic
def do_submit(submission: Submission, *, acting_user) -> Submission:
    if not may_answer(submission, acting_user):
        raise PermissionDenied("Chỉ cơ quan báo cáo được gửi báo cáo này.")
    if submission.status not in (Submission.Status.DRAFT, Submission.Status.RETURNED):
        raise ValidationError(f"Báo cáo đang ở trạng thái “{submission.get_status_display()}”.")
    missing = [f["label"].replace("{year}", str(submission.round.year)) for f in submission.round.form.fields
               if f.get("required") and submission.answers.get(f["code"]) in (None, "", [])]
    if missing:
        raise ValidationError("Chưa điền: " + "; ".join(missing[:10]) + ("…" if len(missing) > 10 else "."))
    before = audit.snapshot(submission)
    submission.status, submission.submitted_at, submission.comment = Submission.Status.SUBMITTED, timezone.now(), ""
    submission.save(update_fields=["status", "submitted_at", "comment"])
    audit.record_update(submission, before, actor=acting_user)
    return submission


@transaction.atomic
def do_review(submission: Submission, *, acting_user, accept: bool, comment: str = "") -> Submission:
    """Accept (the report locks) or return it to draft with a comment saying what to fix."""
    if not may_review(submission, acting_user):
        raise PermissionDenied("Chỉ cơ quan yêu cầu báo cáo được tiếp nhận hoặc trả lại.")
    if submission.status != Submission.Status.SUBMITTED:
        raise ValidationError("Chỉ xem xét được báo cáo đã gửi.")
    if not accept and not comment.strip():
        raise ValidationError({"comment": "Trả lại báo cáo cần ghi rõ ý kiến."})
    before = audit.snapshot(submission)
    submission.status = Submission.Status.ACCEPTED if accept else Submission.Status.RETURNED
    submission.comment, submission.reviewer, submission.reviewed_at = comment.strip(), acting_user, timezone.now()
    submission.save(update_fields=["status", "comment", "reviewer", "reviewed_at"])
    audit.record_update(submission, before, actor=acting_user)
    if not accept:
        do_notify(officers_of(submission.agency), kind=NoticeKind.ROUND_RETURNED,
                  title=f"Báo cáo bị trả lại: {submission.round.title}",
                  body=f"Ý kiến của {submission.round.agency}: {submission.comment}",
                  url=reverse("reporting:submission", args=[submission.pk]),
                  key=f"round-returned:{submission.pk}:{submission.reviewed_at:%Y%m%d%H%M%S%f}")
    return submission


# --- Completeness and reminders ----------------------------------------------------------------

@dataclass
class Completeness:
    """x/N in, how many on time and late, and who has not sent."""

    total: int = 0
    received: list[Submission] = field(default_factory=list)
    missing: list[Submission] = field(default_factory=list)

    @property
    def on_time(self) -> int:
        return sum(1 for s in self.received if s.on_time)

    @property
    def late(self) -> int:
        return len(self.received) - self.on_time


def completeness(round_: ReportRound, user=None) -> Completeness:
    submissions = round_.submissions.select_related("agency", "round")
    if user is not None:
        submissions = submissions.filter(pk__in=Submission.objects.visible_to(user).values("pk"))
    result = Completeness()
    for submission in submissions.order_by("agency__name"):
        result.total += 1
        (result.received if submission.is_in else result.missing).append(submission)
    return result


def _reminder_kind(submission: Submission, today: datetime.date) -> str | None:
    if submission.is_in:
        return None
    days_left = (submission.round.due_date - today).days
    if days_left < 0:
        return Reminder.Kind.AFTER
    return Reminder.Kind.BEFORE if days_left <= REMIND_DAYS_BEFORE else None


@transaction.atomic
def do_send_reminders(today: datetime.date, rounds=None) -> int:
    """Remind every agency whose report is due within a few days or late, once a day: a notice to its officers (by
    e-mail too as each chose). The daily source of reporting in `dxnet notify`; `dxnet remind` runs it alone."""
    submissions = Submission.objects.exclude(status__in=[Submission.Status.SUBMITTED, Submission.Status.ACCEPTED])
    if rounds is not None:
        submissions = submissions.filter(round__in=rounds)
    sent = 0
    for submission in submissions.select_related("round", "agency"):
        kind = _reminder_kind(submission, today)
        if kind is None or Reminder.objects.filter(submission=submission, kind=kind, sent_on=today).exists():
            continue
        subject = f"{'Quá hạn' if kind == Reminder.Kind.AFTER else 'Sắp đến hạn'} báo cáo: {submission.round.title}"
        body = (f"{submission.agency}: báo cáo “{submission.round.title}” ({submission.round.period}) hạn nộp "
                f"{submission.round.due_date:%d/%m/%Y}, hiện ở trạng thái “{submission.get_status_display()}”.")
        people = list(officers_of(submission.agency))
        do_notify(people, kind=NoticeKind.ROUND_DUE, title=subject, body=body,
                  url=reverse("reporting:submission", args=[submission.pk]),
                  key=f"round-due:{submission.pk}:{kind}:{today:%Y%m%d}")
        Reminder.objects.create(submission=submission, kind=kind, sent_on=today, recipients=len(people))
        sent += 1
    return sent

