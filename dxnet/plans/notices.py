"""Daily notices of plan tasks: due within a week, or overdue (registered with `dxnet notify` in PlansConfig)."""

import datetime

from django.db import transaction
from django.urls import reverse

from dxnet.notifications.models import Kind
from dxnet.notifications.services import do_notify, users_acting_for

from .models import Task

DUE_SOON_DAYS = 7


@transaction.atomic
def do_notify_task_deadlines(today: datetime.date) -> int:
    """Tell the lead agency's acting users once per task and due date: due within 7 days, then overdue."""
    tasks = (Task.objects.in_force().exclude(status=Task.Status.DONE)
             .filter(due_date__isnull=False, lead__isnull=False,
                     due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))
             .select_related("plan", "lead").order_by("due_date", "pk"))
    acting: dict[int, list] = {}
    created = 0
    for task in tasks.iterator(chunk_size=2000):
        if task.lead_id not in acting:
            acting[task.lead_id] = list(users_acting_for(task.lead))
        users = acting[task.lead_id]
        if not users:
            continue
        due = f"{task.due_date:%d/%m/%Y}"
        if task.due_date < today:
            kind, key = Kind.TASK_OVERDUE, f"task-overdue:{task.pk}:{task.due_date:%Y%m%d}"
            title = f"Nhiệm vụ quá hạn ({due}): {task.title}"
        else:
            kind, key = Kind.TASK_DUE_SOON, f"task-due-soon:{task.pk}:{task.due_date:%Y%m%d}"
            days = (task.due_date - today).days
            title = f"Nhiệm vụ {'đến hạn hôm nay' if days == 0 else f'còn {days} ngày đến hạn'} ({due}): {task.title}"
        body = (f"{task.lead} chủ trì nhiệm vụ “{task.title}” của kế hoạch “{task.plan.title}”, hạn {due}, "
                f"hiện ở trạng thái “{task.get_status_display()}”.")
        created += do_notify(users, kind=kind, title=title[:300], body=body,
                             url=reverse("plans:task", args=[task.pk]), key=key)
    return created
