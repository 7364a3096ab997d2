"""Projects and budgeted tasks of a plan (Appendix III, VII), their disbursements, and the IT spending ratio (I.11).

Each figure has one place: the task is the project (name, lead, content, novelty, objective, scale); its
`Project` row holds the approved total, the funding source, the period and the stage; a `Disbursement` holds what
was disbursed in one year; a `BudgetDeclaration` holds a body's total state budget for one year.

Disbursed more than approved is not refused (money already spent is a fact to record), it is a warning every door
shows. A negative amount is refused, with the model's message.

The IT spending ratio of a body B in a year Y (shown on the "Kinh phí" page):
    IT spending = the amounts disbursed in Y by the projects and budgeted tasks of B's plans
                + the expected cost (approved total) of B's budgeted tasks ("nhiệm vụ có kinh phí") of a plan for Y
                  alone that have no disbursement recorded (their budget is the year's spending);
    ratio = IT spending / the total state budget B declared for Y, in percent (none without a declaration).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, Sum

from dxnet.agencies.models import Agency
from dxnet.core import audit
from dxnet.core.scoping import scope_of
from dxnet.core.services import require_role
from dxnet.core.text import fold
from dxnet.core.versioning import lock_for_change

from ..access import require_manage
from ..models import BUDGET_BODY_KINDS, BudgetDeclaration, Disbursement, Plan, Project, Task

PROJECT_FIELDS = ("kind", "start_year", "end_year", "approved_total", "funding_source", "funding_detail", "stage",
                  "approval")


def amount_text(value) -> str:
    """1500 → "1.500,0" (triệu đồng), as Vietnamese documents write amounts."""
    if value is None:
        return ""
    return f"{Decimal(value):,.1f}".replace(",", "X").replace(".", ",").replace("X", ".")


def funding_from_words(words: str) -> tuple[str, str]:
    """(kind of source, the words kept as detail) for a source a plan wrote in its own words."""
    folded = fold(words or "")
    if not folded:
        return "", ""
    if "dau tu cong" in folded:
        kind = Project.Funding.PUBLIC_INVESTMENT
    elif "thuong xuyen" in folded:
        kind = Project.Funding.RECURRENT
    else:
        kind = Project.Funding.OTHER
    label = str(Project.Funding(kind).label)
    return kind, "" if fold(label) == folded else words


def over_by(project: Project, disbursed: Decimal | None = None) -> Decimal | None:
    """How much more than approved the project disbursed in all (None when within, or nothing approved)."""
    if project.approved_total is None:
        return None
    if disbursed is None:
        disbursed = project.disbursements.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    return disbursed - project.approved_total if disbursed > project.approved_total else None


def over_warning(project: Project, disbursed: Decimal | None = None) -> str:
    excess = over_by(project, disbursed)
    if excess is None:
        return ""
    total = project.approved_total + excess
    return (f"Cảnh báo: đã giải ngân {amount_text(total)} triệu đồng, vượt tổng mức được duyệt "
            f"{amount_text(project.approved_total)} triệu đồng ({amount_text(excess)} triệu đồng); hãy kiểm tra "
            "số liệu hoặc quyết định điều chỉnh.")


def with_disbursed(projects):
    """The projects with `disbursed` (all years) annotated."""
    return projects.annotate(disbursed=Sum("disbursements__amount"))


def over_approved(projects):
    """The projects that disbursed more than their approved total."""
    return with_disbursed(projects).filter(approved_total__isnull=False, disbursed__gt=F("approved_total"))


# --- Writes ---------------------------------------------------------------------------------------

@transaction.atomic
def do_save_project(task: Task, *, acting_user, seen_version=None, **fields) -> Project:
    """Give a task its project row, or change it: the plan's own agency (or above) with a planning role."""
    require_manage(task.plan, acting_user)
    project = getattr(task, "project", None) if task.pk else None
    creating = project is None
    if creating:
        project = Project(task=task)
    before = {} if creating else audit.snapshot(lock_for_change(project, seen_version))
    unknown = set(fields) - set(PROJECT_FIELDS)
    if unknown:
        raise TypeError(f"Không có trường {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(project, name, value if value is not None or name in ("approved_total", "start_year", "end_year")
                else "")
    project.full_clean(exclude=["task"])
    project.save()
    if creating:
        audit.record_create(project, actor=acting_user)
    else:
        audit.record_update(project, before, actor=acting_user)
    return project


def save_task_budget(task: Task, *, acting_user, budget=None, funding_source: str | None = None) -> Project | None:
    """A task's "expected cost" and "funding source" as a plan's task form writes them: kept on its project row
    (created as a budgeted task when it has none), never on the task."""
    if budget is None and not funding_source and not hasattr(task, "project"):
        return None
    kind, detail = funding_from_words(funding_source or "")
    fields = {"approved_total": budget, "funding_source": kind, "funding_detail": detail}
    if not hasattr(task, "project"):
        fields["kind"] = Project.Kind.PROJECT if "du an" in fold(task.title) else Project.Kind.TASK
    return do_save_project(task, acting_user=acting_user, **fields)


def check_disbursement(project: Project, year: int, amount, declared_on: datetime.date) -> Disbursement:
    """The year's row as it would be written (new, or the stored one changed), or the reasons it cannot be."""
    row = Disbursement.objects.filter(project=project, year=year).first() or Disbursement(project=project, year=year)
    row.amount, row.declared_on = amount, declared_on
    row.full_clean(exclude=["project", "declared_by"], validate_constraints=False)
    return row


@transaction.atomic
def do_record_disbursement(project: Project, *, acting_user, year: int, amount,
                           declared_on: datetime.date) -> tuple[Disbursement, str]:
    """Record what the project disbursed in `year` (a second figure for the year replaces the first, audited);
    returns the row and the warning to show when the project has now disbursed more than approved."""
    require_manage(project.task.plan, acting_user)
    row = check_disbursement(project, year, amount, declared_on)
    creating = row._state.adding
    before = {} if creating else audit.snapshot(lock_for_change(row))
    row.declared_by = acting_user
    row.save()
    if creating:
        audit.record_create(row, actor=acting_user)
    else:
        audit.record_update(row, before, actor=acting_user)
    return row, over_warning(project)


def check_budget_declaration(agency: Agency, year: int, total, declared_on: datetime.date,
                             document: str = "") -> BudgetDeclaration:
    row = BudgetDeclaration.objects.filter(agency=agency, year=year).first() or BudgetDeclaration(agency=agency,
                                                                                                  year=year)
    row.total, row.declared_on, row.document = total, declared_on, document or ""
    row.full_clean(exclude=["agency", "declared_by"], validate_constraints=False)
    return row


@transaction.atomic
def do_declare_budget(agency: Agency, *, acting_user, year: int, total, declared_on: datetime.date,
                      document: str = "") -> BudgetDeclaration:
    """A body's total state budget for a year, declared by a planner whose scope holds the body; a new figure for
    the same year replaces the old one (the audit keeps it)."""
    require_role(acting_user.can_manage_plans, "Vai trò của bạn không được kê khai ngân sách.")
    if not scope_of(acting_user).covers(agency.path):
        raise ValidationError({"agency": "Cơ quan này nằm ngoài phạm vi quản lý của bạn."})
    row = check_budget_declaration(agency, year, total, declared_on, document)
    creating = row._state.adding
    before = {} if creating else audit.snapshot(lock_for_change(row))
    row.declared_by = acting_user
    row.save()
    if creating:
        audit.record_create(row, actor=acting_user)
    else:
        audit.record_update(row, before, actor=acting_user)
    return row


# --- The IT spending ratio ------------------------------------------------------------------------

@dataclass
class Spending:
    """A body's IT spending in a year against its declared total state budget."""

    agency: Agency
    year: int
    disbursed: Decimal
    budgeted_tasks: Decimal
    declaration: BudgetDeclaration | None

    @property
    def spending(self) -> Decimal:
        return self.disbursed + self.budgeted_tasks

    @property
    def percent(self) -> float | None:
        if self.declaration is None or not self.declaration.total:
            return None
        return round(float(100 * self.spending / self.declaration.total), 2)


def spending(user, year: int) -> list[Spending]:
    """Every body the user sees that has a plan with projects covering the year or a declaration for it, with its
    figures (a fixed number of queries)."""
    return spending_of(Plan.objects.visible_to(user), BudgetDeclaration.objects.visible_to(user), year)


def spending_of(plans, declarations, year: int) -> list[Spending]:
    """The figures of the bodies of `plans` and `declarations` (querysets) for the year."""
    plans = plans.exclude(status=Plan.Status.WITHDRAWN)
    # A declaration stored for another body before the rule (a commune's) is no denominator of anybody's ratio.
    declarations = declarations.filter(year=year, agency__kind__in=BUDGET_BODY_KINDS).select_related("agency")
    disbursed: dict[int, Decimal] = defaultdict(Decimal)
    for agency_id, total in (Disbursement.objects.filter(project__task__plan__in=plans, year=year)
                             .values_list("project__task__plan__agency").annotate(total=Sum("amount"))):
        disbursed[agency_id] += total or Decimal(0)
    budgeted: dict[int, Decimal] = defaultdict(Decimal)
    for agency_id, total in (Project.objects.filter(task__plan__in=plans, kind=Project.Kind.TASK,
                                                    task__plan__year=year, task__plan__until_year=year,
                                                    approved_total__isnull=False, disbursements__isnull=True)
                             .values_list("task__plan__agency").annotate(total=Sum("approved_total"))):
        budgeted[agency_id] += total or Decimal(0)
    by_agency = {d.agency_id: d for d in declarations}
    ids = set(disbursed) | set(budgeted) | set(by_agency)
    ids |= set(plans.filter(Q(year__lte=year, until_year__gte=year), Q(tasks__project__isnull=False))
               .values_list("agency", flat=True))
    bodies = Agency.objects.filter(pk__in=ids).order_by("name")
    return [Spending(agency, year, disbursed[agency.pk], budgeted[agency.pk], by_agency.get(agency.pk))
            for agency in bodies]
