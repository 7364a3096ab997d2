"""Reporting on tasks: status, progress, periods, evidence, roll-up to the parent."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404

from dxnet.core import audit
from dxnet.core.scoping import scope_of
from dxnet.core.services import require_role
from dxnet.core.versioning import lock_for_change

from ..access import require_manage
from ..models import AssessmentEntry, Task, TaskPeriod, TaskUpdate


def _require_visible(tasks: list[Task], user) -> None:
    visible = set(Task.objects.visible_to(user).filter(pk__in=[t.pk for t in tasks]).values_list("pk", flat=True))
    if any(t.pk not in visible for t in tasks):
        raise Http404


def may_set_status(task: Task, user) -> bool:
    """The lead (or the plan's agency) reports status and progress; cooperating agencies add results and evidence."""
    scope = scope_of(user)
    paths = [task.plan.agency.path] + ([task.lead.path] if task.lead else [])
    return user.can_manage_registry and any(scope.covers(path) for path in paths)


def _consistent(status: str, progress: int | None, previous: int) -> int:
    if status == Task.Status.DONE:
        return 100
    if status == Task.Status.TODO:
        return 0
    value = previous if progress is None else progress
    if not 1 <= value <= 99:
        raise ValidationError({"progress": "Nhiệm vụ đang làm có tiến độ từ 1 đến 99%."})
    return value


def _follow_current_period(task: Task) -> None:
    """A recurring task shows its first open period: its due date, status and progress."""
    periods = list(task.periods.all())
    current = next((p for p in periods if p.status != Task.Status.DONE), periods[-1] if periods else None)
    if current is not None:
        task.due_date, task.status, task.progress = current.due_date, current.status, current.progress
        task.save(update_fields=["due_date", "status", "progress"])


def _roll_up_parent(task: Task, actor) -> None:
    parent = task.parent
    if parent is None:
        return
    before = audit.snapshot(parent)
    children = list(parent.subtasks.all())
    parent.progress = round(sum(c.progress for c in children) / len(children))
    parent.status = (Task.Status.DONE if all(c.status == Task.Status.DONE for c in children)
                     else Task.Status.TODO if all(c.status == Task.Status.TODO for c in children)
                     else Task.Status.DOING)
    parent.save(update_fields=["progress", "status"])
    audit.record_update(parent, before, actor=actor)


def _set_status(task: Task, status: str, progress: int | None, acting_user) -> TaskPeriod | None:
    before = audit.snapshot(task)
    period = None
    if task.recurrence:
        period = next((p for p in task.periods.all() if p.status != Task.Status.DONE), None)
    target = period or task
    target.progress = _consistent(status, progress, target.progress)
    target.status = status
    target.save(update_fields=["status", "progress"])
    if period is not None:
        _follow_current_period(task)
    audit.record_update(task, before, actor=acting_user)
    _roll_up_parent(task, acting_user)
    return period


@transaction.atomic
def do_record_update(task: Task, *, acting_user, text: str, status: str = "", progress: int | None = None,
                     document_number: str = "", document_date=None, document_title: str = "", file=None) -> TaskUpdate:
    """A report on a task; with a status it moves the task (or its current period) and rolls up to its parent."""
    require_role(acting_user.can_manage_registry, "Vai trò của bạn không được báo cáo nhiệm vụ.")
    _require_visible([task], acting_user)
    if task.subtasks.exists() and status:
        raise ValidationError({"status": "Hiện trạng của nhiệm vụ này tính từ các nhiệm vụ con; hãy cập nhật "
                                         "từng nhiệm vụ con."})
    if status and not may_set_status(task, acting_user):
        raise ValidationError({"status": "Chỉ cơ quan chủ trì hoặc cơ quan ban hành kế hoạch cập nhật hiện trạng; "
                                         "cơ quan phối hợp báo cáo kết quả và minh chứng."})
    if document_number and not document_date:
        raise ValidationError({"document_date": "Văn bản minh chứng cần có ngày ban hành."})
    period = _set_status(task, status, progress, acting_user) if status else None
    update = TaskUpdate(task=task, period=period, author=acting_user, agency=acting_user.agency, text=text,
                        status=status, progress=task.progress if status else None, document_number=document_number,
                        document_date=document_date, document_title=document_title, file=file or "")
    update.full_clean()
    update.save()
    audit.record_create(update, actor=acting_user)
    return update


@transaction.atomic
def do_bulk_status(tasks: list[Task], status: str, *, acting_user) -> int:
    """Set one status on many tasks: all of them, or none when any may not be changed by this user."""
    require_role(acting_user.can_manage_registry, "Vai trò của bạn không được báo cáo nhiệm vụ.")
    if status not in Task.Status.values:
        raise ValidationError("Hiện trạng không hợp lệ.")
    _require_visible(tasks, acting_user)
    refused = [t for t in tasks if not may_set_status(t, acting_user) or t.subtasks.exists()]
    if refused:
        raise ValidationError("Không cập nhật được các nhiệm vụ: " + ", ".join(t.code or t.title for t in refused)
                              + " (không do cơ quan bạn chủ trì, hoặc có nhiệm vụ con). Không nhiệm vụ nào thay đổi.")
    for task in tasks:
        # Started in bulk without a figure: 1%, so a roll-up never overstates what was reported.
        _set_status(task, status, 1 if status == Task.Status.DOING and not 1 <= task.progress <= 99 else None,
                    acting_user)
    return len(tasks)


@transaction.atomic
def do_save_assessment(entry: AssessmentEntry, *, acting_user, achieved: str, shortcomings: str,
                       seen_version=None) -> AssessmentEntry:
    require_manage(entry.plan, acting_user)
    before = audit.snapshot(lock_for_change(entry, seen_version))
    entry.achieved, entry.shortcomings = achieved, shortcomings
    entry.save()
    audit.record_update(entry, before, actor=acting_user)
    return entry
