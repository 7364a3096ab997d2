"""Accounts: creation by operators and coordinators, API tokens."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from rest_framework.authtoken.models import Token

from dxnet.agencies.access import get_agency_for_user
from dxnet.agencies.models import Agency
from dxnet.core import audit
from dxnet.core.versioning import lock_for_change

from .access import get_account_for_user
from .models import Role, User


def find_agency(code_or_name: str) -> Agency:
    """The agency with this code, or else with exactly this name; a clear error otherwise."""
    agency = Agency.objects.filter(code=code_or_name).first()
    if agency:
        return agency
    matches = list(Agency.objects.filter(name=code_or_name)[:5])
    if not matches:
        raise ValidationError(f"Không tìm thấy cơ quan có mã hoặc tên “{code_or_name}”.")
    if len(matches) > 1:
        codes = ", ".join(a.code for a in matches)
        raise ValidationError(f"Có nhiều cơ quan tên “{code_or_name}”; hãy dùng mã: {codes}.")
    return matches[0]


def acting_user_for_cli(username: str | None) -> User:
    """The account a command acts as: the named one, or the operator, who sees everything and is not saved."""
    from django.core.management.base import CommandError

    if username is None:
        return User(username="", role=Role.NATIONAL_ADMIN)
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"Không có tài khoản đang hoạt động tên “{username}”.")
    return user


def check_can_manage_user(acting_user, agency: Agency, role: str, account: User | None = None) -> None:
    """Raise unless `acting_user` may give an account at `agency` the `role` (an operator at the CLI may)."""
    if acting_user is None:
        return
    if not acting_user.can_manage_users:
        raise PermissionDenied("Vai trò của bạn không được quản lý tài khoản.")
    if account is not None:
        get_account_for_user(acting_user, account.pk, action="change")
    get_agency_for_user(acting_user, agency.pk)
    if role == Role.NATIONAL_ADMIN and not acting_user.sees_everything:
        raise PermissionDenied("Chỉ quản trị quốc gia được cấp vai trò quản trị quốc gia.")


@transaction.atomic
def do_create_user(username: str, *, agency: Agency, role: str, password: str, acting_user,
                   full_name: str = "", email: str = "") -> User:
    check_can_manage_user(acting_user, agency, role)
    if role not in Role.values:
        raise ValidationError(f"Vai trò “{role}” không hợp lệ; chọn một trong: {', '.join(Role.values)}.")
    if User.objects.filter(username=username).exists():
        raise ValidationError(f"Tên đăng nhập “{username}” đã tồn tại.")
    user = User(username=username, agency=agency, role=role, full_name=full_name, email=email)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    audit.record_create(user, actor=acting_user)
    return user


@transaction.atomic
def issue_token(user: User, *, acting_user, rotate: bool = False) -> str:
    """The user's API token, created on first request; `rotate` replaces it (the old one stops working at once)."""
    if rotate:
        revoke_token(user, acting_user=acting_user)
    token, created = Token.objects.get_or_create(user=user)
    if created:
        audit.record_change(user, {"api_token": [None, "đã cấp"]}, actor=acting_user)
    return token.key


def revoke_token(user: User, *, acting_user) -> None:
    """The user's API token stops working (a new password, a locked account, a rotation): a token is never revived,
    a reactivated account asks for a new one."""
    deleted, _ = Token.objects.filter(user=user).delete()
    if deleted:
        audit.record_change(user, {"api_token": ["đã cấp", "đã thu hồi"]}, actor=acting_user)


@transaction.atomic
def do_update_user(account: User, *, acting_user, agency: Agency, role: str, full_name: str, email: str,
                   is_active: bool, seen_version=None) -> User:
    check_can_manage_user(acting_user, agency, role, account)
    if account.pk == acting_user.pk and (not is_active or role != account.role or agency != account.agency):
        raise ValidationError("Không tự khóa, đổi vai trò hay đổi cơ quan của chính mình.")
    before = audit.snapshot(lock_for_change(account, seen_version))
    account.agency, account.role, account.full_name, account.email, account.is_active = (
        agency, role, full_name, email, is_active)
    account.save()
    audit.record_update(account, before, actor=acting_user)
    if not is_active:
        revoke_token(account, acting_user=acting_user)
    return account


@transaction.atomic
def do_set_password(account: User, password: str, *, acting_user) -> None:
    check_can_manage_user(acting_user, account.agency, account.role, account)
    validate_password(password, account)
    before = audit.snapshot(account)
    account.set_password(password)
    account.save(update_fields=["password"])
    audit.record_update(account, before, actor=acting_user)
    revoke_token(account, acting_user=acting_user)  # as the password's sessions end, so does its token
