"""Who reaches an obstacle: `get_obstacle_for_user(user, pk, action="view"|"handle"|"accept")`.

Seen by the raising agency's subtree and every agency that handled it (404 elsewhere, like a missing one); handled
by the current handler's people (403 for others who see it).
"""

from django.core.exceptions import PermissionDenied

from dxnet.core.scoping import get_for_user

from . import services
from .models import Obstacle


def get_obstacle_for_user(user, pk, action: str = "view") -> Obstacle:
    obstacle = get_for_user(Obstacle.objects.select_related("agency", "handler", "category", "answered_by"),
                            user, pk=pk)
    if action == "handle":
        services.check_handler(obstacle, user)
    elif action == "accept" and not services.may_accept(obstacle, user):
        raise PermissionDenied("Chỉ cơ quan nêu vướng mắc được chấp nhận trả lời.")
    return obstacle
