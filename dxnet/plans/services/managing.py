"""Managing a plan: its agency settles roles, issues it and edits its tasks."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from dxnet.agencies.models import Agency
from dxnet.core import audit
from dxnet.core.deadlines import DeadlineError
from dxnet.core.versioning import lock_for_change
from dxnet.monitoring import services as milestones

from ..access import require_manage
from ..models import Plan, PlanTemplate, Task, TaskPeriod
from .budget import save_task_budget
from .building import _deadline, unresolved_roles
from .redating import check_deadlines_confirmed
from .updates import _follow_current_period


@transaction.atomic
def do_settle_role(plan: Plan, role: str, agency: Agency, *, acting_user) -> int:
    """Give every task waiting on `role` the agency a person chose; returns how many tasks changed."""
    require_manage(plan, acting_user)
    if not agency.path.startswith(plan.agency.path):
        raise ValidationError({"agency": f"Cơ quan phải thuộc {plan.agency}."})
    changed = 0
    for task in plan.tasks.exclude(unresolved=[]):
        waiting = [item for item in task.unresolved if item["role"] == role]
        if not waiting:
            continue
        before = audit.snapshot(task)
        if any(item["as"] == "lead" for item in waiting) and task.lead is None:
            task.lead = agency
        else:
            task.cooperating.add(agency)
        task.unresolved = [item for item in task.unresolved if item["role"] != role]
        task.save(update_fields=["lead", "unresolved"])
        audit.record_update(task, before, actor=acting_user)
        changed += 1
    if not changed:
        raise ValidationError("Không còn nhiệm vụ nào chờ xác định vai trò này.")
    return changed


# The milestone issuing a plan of each kind achieves (monitoring's codes); "other" plans achieve none.
MILESTONE_OF_KIND = {PlanTemplate.Kind.DX_PLAN: "dx-plan-{year}", PlanTemplate.Kind.PLAN_1690: "plan-1690"}


def _derive_milestone(plan: Plan, *, acting_user) -> None:
    code = MILESTONE_OF_KIND.get(plan.kind)
    if code:
        milestones.do_derive_milestone(
            plan, agency=plan.agency, code=code.format(year=plan.year), achieved_on=plan.issued_on,
            document=f"Kế hoạch số {plan.number} ngày {plan.issued_on:%d/%m/%Y}: {plan.title}",
            issuer=plan.agency.name, acting_user=acting_user)


def _refuse_unless_draft(plan: Plan) -> None:
    if plan.status == Plan.Status.ISSUED:
        raise ValidationError(f"Kế hoạch đã ban hành (số {plan.number} ngày {plan.issued_on:%d/%m/%Y}), không "
                              "ban hành lại được. Nếu văn bản có sai sót, hãy thu hồi rồi lập kế hoạch mới.")
    if plan.status == Plan.Status.WITHDRAWN:
        raise ValidationError("Kế hoạch đã bị thu hồi, không ban hành lại được; hãy lập kế hoạch mới.")


@transaction.atomic
def do_issue_plan(plan: Plan, *, acting_user, number: str, issued_on: datetime.date, place: str,
                  signer_title: str, signer_name: str) -> Plan:
    """Record the issuing document, and the milestone the plan's kind achieves; a plan is issued once, and not
    while tasks still wait for an agency."""
    require_manage(plan, acting_user)
    stored = lock_for_change(plan)
    _refuse_unless_draft(stored)
    waiting = unresolved_roles(plan)
    if waiting:
        raise ValidationError("Còn vai trò chưa xác định cơ quan thực hiện: "
                              + ", ".join(f"“{w['label']}”" for w in waiting) + ".")
    check_deadlines_confirmed(plan)
    before = audit.snapshot(stored)
    plan.number, plan.issued_on, plan.place = number, issued_on, place
    plan.signer_title, plan.signer_name, plan.status = signer_title, signer_name, Plan.Status.ISSUED
    plan.full_clean()
    plan.save()
    audit.record_update(plan, before, actor=acting_user)
    _derive_milestone(plan, acting_user=acting_user)
    return plan


@transaction.atomic
def do_withdraw_plan(plan: Plan, *, acting_user, reason: str) -> Plan:
    """Withdraw an issued plan (status “withdrawn”, with the reason): the milestone it achieved goes with it, or
    passes to another issued plan of the same agency and kind."""
    require_manage(plan, acting_user)
    stored = lock_for_change(plan)
    if stored.status != Plan.Status.ISSUED:
        raise ValidationError(f"Chỉ thu hồi được kế hoạch đã ban hành; kế hoạch này đang ở trạng thái "
                              f"“{stored.get_status_display()}”.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Hãy ghi lý do thu hồi kế hoạch."})
    before = audit.snapshot(stored)
    plan.status, plan.withdrawn_reason = Plan.Status.WITHDRAWN, reason
    plan.full_clean()
    plan.save()
    audit.record_update(plan, before, actor=acting_user)
    if milestones.do_withdraw_derived(plan, acting_user=acting_user):
        others = Plan.objects.filter(agency=plan.agency, status=Plan.Status.ISSUED, template__kind=plan.kind)
        if plan.kind == PlanTemplate.Kind.DX_PLAN:
            others = others.filter(year=plan.year)
        successor = others.exclude(pk=plan.pk).order_by("issued_on", "pk").first()
        if successor is not None:
            _derive_milestone(successor, acting_user=acting_user)
    return plan


@transaction.atomic
def do_save_task(task: Task, *, acting_user, cooperating=None, seen_version=None, **fields) -> Task:
    """Add a task to a plan or change one (title, agencies, deadline, project columns; `budget` and
    `funding_source` go to its project row); a change made over an older version than `seen_version` raises
    `StaleEdit`."""
    plan = task.plan
    require_manage(plan, acting_user)
    # A task's cost and funding are its project row's: given here (as Appendix III's task columns), kept there.
    budget_given = "budget" in fields or "funding_source" in fields
    budget, funding_source = fields.pop("budget", None), fields.pop("funding_source", None)
    creating = task._state.adding
    before = {} if creating else audit.snapshot(lock_for_change(task, seen_version))
    for name, value in fields.items():
        setattr(task, name, value)
    for agency in [task.lead, *(cooperating or [])]:
        if agency is not None and not agency.path.startswith(plan.agency.path):
            raise ValidationError({"lead": f"Cơ quan thực hiện phải thuộc {plan.agency}."})
    try:
        due, recurrence, periods = _deadline(task.deadline_text, plan.year, plan.until_year)
    except DeadlineError as error:
        raise ValidationError({"deadline_text": str(error)}) from None
    task.due_date, task.recurrence = due, recurrence
    if creating or before.get("deadline_text") != task.deadline_text:
        task.deadline_to_confirm = False  # a deadline a person typed is confirmed by typing it
    if creating:
        task.order = (plan.tasks.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    task.full_clean()
    task.save()
    if cooperating is not None:
        task.cooperating.set(cooperating)
    if not recurrence:  # no longer recurring: periods nobody reported on go
        task.periods.filter(updates__isnull=True).delete()
    else:
        kept = {p.year for p in task.periods.all()}
        TaskPeriod.objects.bulk_create([TaskPeriod(task=task, year=y, due_date=d) for y, d in periods if y not in kept])
        for period in task.periods.all():
            period.due_date = dict(periods).get(period.year, period.due_date)
            period.save(update_fields=["due_date"])
        _follow_current_period(task)
    if creating:
        audit.record_create(task, actor=acting_user)
    else:
        audit.record_update(task, before, actor=acting_user)
    if budget_given:
        save_task_budget(task, acting_user=acting_user, budget=budget, funding_source=funding_source)
    return task
