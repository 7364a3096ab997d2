"""Deadlines a yearly template moved to the plan's year: the author confirms them before the plan is issued."""

from django.core.exceptions import ValidationError
from django.db import transaction

from dxnet.core import audit

from ..access import require_manage
from ..models import Plan
from .building import _deadline
from .updates import _follow_current_period


def unconfirmed_deadlines(plan: Plan) -> int:
    """How many tasks of `plan` carry a moved deadline nobody has confirmed yet."""
    return plan.tasks.filter(deadline_to_confirm=True).count()


def check_deadlines_confirmed(plan: Plan) -> None:
    count = unconfirmed_deadlines(plan)
    if count:
        raise ValidationError(f"Còn {count} nhiệm vụ có thời hạn đã chuyển theo năm kế hoạch chưa được xác nhận; "
                              "hãy kiểm tra rồi bấm “Xác nhận các thời hạn đã chuyển” (hoặc sửa thời hạn từng "
                              "nhiệm vụ) trước khi ban hành.")


@transaction.atomic
def do_confirm_deadlines(plan: Plan, *, acting_user) -> int:
    """The author accepts every moved deadline of the plan as written; a date that had passed on the day the plan
    was made becomes its due date again. Returns how many tasks were confirmed."""
    require_manage(plan, acting_user)
    tasks = list(plan.tasks.select_for_update().filter(deadline_to_confirm=True))
    if not tasks:
        raise ValidationError("Không còn thời hạn nào chờ xác nhận.")
    for task in tasks:
        before = audit.snapshot(task)
        task.due_date, task.recurrence, _ = _deadline(task.deadline_text, plan.year, plan.until_year)
        task.deadline_to_confirm = False
        task.save(update_fields=["due_date", "recurrence", "deadline_to_confirm"])
        if task.recurrence:
            _follow_current_period(task)
        audit.record_update(task, before, actor=acting_user)
    return len(tasks)
