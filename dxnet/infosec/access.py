"""Who reaches a system, a drill: `get_system_for_user`, `get_drill_for_user` (user, pk, action="view"|"change").

Missing and out of scope answer 404; seen but not writable (the role), 403.
"""

from dxnet.core.scoping import get_for_user
from dxnet.core.services import require_role

from .models import InformationSystem, SecurityDrill
from .services import NOT_ALLOWED


def _require_change(user, action: str) -> None:
    if action == "change":
        require_role(user.can_manage_registry, NOT_ALLOWED)


def get_system_for_user(user, pk, action: str = "view") -> InformationSystem:
    system = get_for_user(InformationSystem.objects.select_related("agency"), user, pk=pk)
    _require_change(user, action)
    return system


def get_drill_for_user(user, pk, action: str = "view") -> SecurityDrill:
    drill = get_for_user(SecurityDrill.objects.select_related("agency"), user, pk=pk)
    _require_change(user, action)
    return drill
