"""Who reaches a story: `get_story_for_user(user, pk, action="view"|"change"|"publish")`.

Missing and out of scope answer 404; seen but not writable (the role), 403.
"""

from django.core.exceptions import PermissionDenied

from dxnet.core.scoping import get_for_user

from .models import SuccessStory
from .services import MAY_PUBLISH, MAY_WRITE, may_publish


def get_story_for_user(user, pk, action: str = "view") -> SuccessStory:
    story = get_for_user(SuccessStory.objects.select_related("agency", "area"), user, pk=pk)
    if action == "change" and not user.can_manage_registry:
        raise PermissionDenied(MAY_WRITE)
    if action == "publish" and not may_publish(user, story):
        raise PermissionDenied(MAY_PUBLISH)
    return story
