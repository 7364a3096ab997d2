"""Who reaches a community team and who may record its work: `get_team_for_user(user, pk, action)`.

Missing and out of scope answer 404; seen but not changeable (the role), 403.
"""

from django.core.exceptions import PermissionDenied

from dxnet.core.scoping import get_for_user

from .models import CommunityTeam


def get_team_for_user(user, pk, action: str = "view") -> CommunityTeam:
    """A team; "change" records its members and activities (team leaders and those who manage the registry)."""
    team = get_for_user(CommunityTeam.objects.select_related("village"), user, pk=pk)
    if action == "change" and not user.can_record_team_work:
        raise PermissionDenied("Vai trò của bạn không được thay đổi dữ liệu này.")
    return team
