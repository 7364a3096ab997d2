"""Who reaches a committee or a meeting: `get_committee_for_user`, `get_meeting_for_user` (user, pk, action).

Missing and out of scope answer 404; seen but not changeable (the role), 403.
"""

from django.core.exceptions import PermissionDenied

from dxnet.core.scoping import get_for_user

from .models import Meeting, SteeringCommittee


def _require_change(user, action: str) -> None:
    if action == "change" and not user.can_manage_registry:
        raise PermissionDenied("Vai trò của bạn không được thay đổi dữ liệu này.")


def get_committee_for_user(user, pk, action: str = "view") -> SteeringCommittee:
    committee = get_for_user(SteeringCommittee.objects.select_related("agency", "chair"), user, pk=pk)
    _require_change(user, action)
    return committee


def get_meeting_for_user(user, pk, action: str = "view") -> Meeting:
    meeting = get_for_user(Meeting.objects.select_related("committee__agency"), user, pk=pk)
    _require_change(user, action)
    return meeting
