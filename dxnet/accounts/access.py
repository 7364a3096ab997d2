"""Who reaches an account and who may change it: `get_account_for_user(user, pk, action)`.

Missing and out of scope answer 404; seen but not changeable (the role), 403.
"""

from django.core.exceptions import PermissionDenied

from dxnet.core.scoping import get_for_user

from .models import User


def get_account_for_user(user, pk, action: str = "view") -> User:
    account = get_for_user(User.objects, user, pk=pk)
    if action == "change" and not user.can_manage_users:
        raise PermissionDenied("Vai trò của bạn không được quản lý tài khoản.")
    return account
