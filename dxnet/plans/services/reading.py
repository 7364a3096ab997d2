"""Reading plans: roll-ups by group, tasks of an agency, agencies a task may go to."""

import datetime
from dataclasses import dataclass

from django.db.models import Q

from dxnet.agencies.models import Agency

from ..models import Plan, PlanGroup, Task


@dataclass
class GroupRollup:
    """A group's tasks and what they add up to: how many done, doing, not started, and mean progress."""

    group: PlanGroup | None
    tasks: list
    done: int = 0
    doing: int = 0
    todo: int = 0
    overdue: int = 0
    progress: int = 0

    @property
    def symbol(self) -> str:
        if self.tasks and self.done == len(self.tasks):
            return "✓"
        return "Đ" if self.done or self.doing else "✗"


def rollup(tasks: list[Task], groups: list[PlanGroup], today: datetime.date) -> tuple[list[GroupRollup], GroupRollup]:
    """Per group and for the whole plan, over top-level tasks (a parent already sums up its sub-tasks)."""
    by_group: dict[int | None, GroupRollup] = {g.pk: GroupRollup(g, []) for g in groups}
    total = GroupRollup(None, [])
    for task in tasks:
        task.overdue = task.is_overdue(today)
        row = by_group.setdefault(task.group_id, GroupRollup(None, []))
        row.tasks.append(task)
        if task.parent_id is not None:
            continue
        for r in (row, total):
            setattr(r, task.status, getattr(r, task.status) + 1)
            r.overdue += task.overdue
            r.progress += task.progress
    for r in [*by_group.values(), total]:
        top = r.done + r.doing + r.todo
        r.progress = round(r.progress / top) if top else 0
    return list(by_group.values()), total


def tasks_of_agency(agency: Agency, user):
    """The tasks an agency leads and those it cooperates on, among those the user may see."""
    visible = Task.objects.visible_to(user).select_related("plan", "lead").order_by("due_date", "plan", "order")
    cooperating = Task.cooperating.through.objects.filter(agency=agency).values("task")
    # A subquery rather than a join: the two querysets can be OR-ed without counting a task twice.
    return visible.filter(lead=agency), visible.filter(pk__in=cooperating).exclude(lead=agency)


def agency_section(agency: Agency, user, today: datetime.date) -> dict:
    """The agency page's tasks: those it leads and those it cooperates on, with how many are overdue."""
    leading, cooperating = tasks_of_agency(agency, user)
    return {"leading": leading[:20], "leading_count": leading.count(), "cooperating": cooperating[:20],
            "cooperating_count": cooperating.count(), "overdue_count": (leading | cooperating).overdue(today).count()}


def assignable_agencies(plan: Plan):
    """Agencies a plan may assign: its own agency and those below it, in force on the plan's day."""
    return Agency.objects.filter(Q(pk=plan.agency_id) | Q(path__startswith=plan.agency.path)).valid_on(
        plan.resolved_on).order_by("depth", "name")
