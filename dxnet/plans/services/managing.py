"""Managing a plan: its agency settles roles, issues it and edits its tasks."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from dxnet.agencies.models import Agency
from dxnet.core import audit
from dxnet.core.deadlines import DeadlineError
from dxnet.core.versioning import lock_for_change

from ..access import require_manage
from ..models import Plan, Task, TaskPeriod
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


@transaction.atomic
def do_issue_plan(plan: Plan, *, acting_user, number: str, issued_on: datetime.date, place: str,
                  signer_title: str, signer_name: str) -> Plan:
    """Record the issuing document; a plan with tasks still waiting for an agency cannot be issued."""
    require_manage(plan, acting_user)
    waiting = unresolved_roles(plan)
    if waiting:
        raise ValidationError("Còn vai trò chưa xác định cơ quan thực hiện: "
                              + ", ".join(f"“{w['label']}”" for w in waiting) + ".")
    check_deadlines_confirmed(plan)
    before = audit.snapshot(plan)
    plan.number, plan.issued_on, plan.place = number, issued_on, place
    plan.signer_title, plan.signer_name, plan.status = signer_title, signer_name, Plan.Status.ISSUED
    plan.full_clean()
    plan.save()
    audit.record_update(plan, before, actor=acting_user)
    return plan


@transaction.atomic
def do_save_task(task: Task, *, acting_user, cooperating=None, seen_version=None, **fields) -> Task:
    """Add a task to a plan or change one (title, agencies, deadline, project columns); a change made over an
    older version than `seen_version` raises `StaleEdit`."""
    plan = task.plan
    require_manage(plan, acting_user)
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
    return task
