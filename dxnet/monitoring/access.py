"""Who reaches a milestone record and its document: `get_milestone_for_user(user, pk)` (404 otherwise)."""

from dxnet.core.scoping import get_for_user

from .models import Milestone


def get_milestone_for_user(user, pk) -> Milestone:
    return get_for_user(Milestone.objects, user, pk=pk)
