"""Who reaches a plan's objects and who may change them: `get_<x>_for_user(user, pk, action="view"|"change")`.

A plan is seen by its subtree and by the agencies it gives a task (`visible_to`); it is changed by its own agency,
or one above it, with a planning role. Missing and out of scope both answer 404; seen but not changeable, 403.
"""

from django.core.exceptions import PermissionDenied, ValidationError

from dxnet.agencies.models import Agency
from dxnet.core.scoping import get_for_user, scope_of

from .models import AssessmentEntry, BudgetDeclaration, Indicator, Plan, PlanTemplate, Project, Task, TaskUpdate


def may_manage_plan(plan: Plan, user) -> bool:
    """The plan's own agency (or above) with a planning role: edits tasks, settles roles, issues, assesses."""
    return user.can_manage_plans and scope_of(user).covers(plan.agency.path)


def require_manage(plan: Plan, user) -> None:
    if not may_manage_plan(plan, user):
        raise PermissionDenied("Chỉ cơ quan ban hành kế hoạch được thay đổi kế hoạch này.")


def require_in_subtree(agency: Agency, user) -> None:
    if not scope_of(user).covers(agency.path):
        raise ValidationError({"agency": "Cơ quan này nằm ngoài phạm vi quản lý của bạn."})


def get_template_for_user(user, pk, action: str = "view") -> PlanTemplate:
    template = get_for_user(PlanTemplate.objects, user, pk=pk)
    if action == "change" and not user.sees_everything:
        raise PermissionDenied("Chỉ quản trị quốc gia được sửa mẫu kế hoạch.")
    return template


def get_plan_for_user(user, pk, action: str = "view") -> Plan:
    plan = get_for_user(Plan.objects.select_related("agency", "agency__parent", "agency__admin_unit"), user, pk=pk)
    if action == "change":
        require_manage(plan, user)
    return plan


def get_task_for_user(user, pk, action: str = "view") -> Task:
    """A task; changing it (title, agencies, deadline) is its plan's business. Reporting on it is the role's."""
    task = get_for_user(Task.objects.select_related("plan__agency", "lead"), user, pk=pk)
    if action == "change":
        require_manage(task.plan, user)
    return task


def get_assessment_entry_for_user(user, pk, action: str = "view") -> AssessmentEntry:
    entry = get_for_user(AssessmentEntry.objects.select_related("plan__agency"), user, pk=pk)
    if action == "change":
        require_manage(entry.plan, user)
    return entry


def get_task_update_for_user(user, pk) -> TaskUpdate:
    """A report on a task, with its evidence: for those who may see the task. Reports are never changed."""
    return get_for_user(TaskUpdate.objects, user, pk=pk)


def get_indicator_for_user(user, pk, action: str = "view") -> Indicator:
    """An indicator of a plan the user sees; declaring its values or changing it is the plan's business."""
    indicator = get_for_user(Indicator.objects.select_related("plan__agency"), user, pk=pk)
    if action == "change":
        require_manage(indicator.plan, user)
    return indicator


def get_project_for_user(user, pk, action: str = "view") -> Project:
    """A project of a plan the user sees; its figures and disbursements are changed by the plan's agency."""
    project = get_for_user(Project.objects.select_related("task__plan__agency", "task__lead"), user, pk=pk)
    if action == "change":
        require_manage(project.task.plan, user)
    return project


def get_budget_declaration_for_user(user, pk) -> BudgetDeclaration:
    return get_for_user(BudgetDeclaration.objects.select_related("agency"), user, pk=pk)
