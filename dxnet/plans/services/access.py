"""Who may change a plan: its own agency or one above it with a planning role."""

from django.core.exceptions import PermissionDenied, ValidationError

from dxnet.agencies.models import Agency
from dxnet.core.scoping import scope_of

from ..models import Plan


def require_in_subtree(agency: Agency, user) -> None:
    if not scope_of(user).covers(agency.path):
        raise ValidationError({"agency": "Cơ quan này nằm ngoài phạm vi quản lý của bạn."})


def may_manage_plan(plan: Plan, user) -> bool:
    """The plan's own agency (or above) with a planning role: edits tasks, settles roles, issues."""
    return user.can_manage_plans and scope_of(user).covers(plan.agency.path)


def require_manage(plan: Plan, user) -> None:
    if not may_manage_plan(plan, user):
        raise PermissionDenied("Chỉ cơ quan ban hành kế hoạch được thay đổi kế hoạch này.")
