"""Who reaches a catalogue entry: `get_platform_for_user(user, pk, action="view"|"change")`.

Missing and out of scope (another province's platform) answer 404; seen but not editable, 403.
"""

from django.core.exceptions import PermissionDenied

from dxnet.core.scoping import get_for_user

from .models import SharedPlatform
from .services import may_edit_platform


def get_platform_for_user(user, pk, action: str = "view") -> SharedPlatform:
    platform = get_for_user(SharedPlatform.objects.select_related("province", "owner"), user, pk=pk)
    if action == "change" and not may_edit_platform(user, platform):
        raise PermissionDenied("Chỉ Quản trị quốc gia sửa nền tảng quốc gia; nền tảng cấp tỉnh do điều phối của "
                               "chính tỉnh đó cập nhật.")
    return platform
