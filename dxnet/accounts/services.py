"""Accounts: creation by operators and coordinators, API tokens, one's own password, inactive accounts."""

import datetime

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
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


def token_expires_at(token: Token) -> datetime.datetime:
    """A token works DXNET_TOKEN_DAYS after it was issued; then its owner asks for a new one."""
    return token.created + datetime.timedelta(days=settings.DXNET_TOKEN_DAYS)


def token_is_expired(token: Token, now: datetime.datetime | None = None) -> bool:
    return (now or timezone.now()) >= token_expires_at(token)


TOKEN_USE_RESOLUTION = datetime.timedelta(hours=1)


def record_token_use(user: User, now: datetime.datetime | None = None) -> None:
    """Note API activity (it keeps the account from being disabled as inactive), at most once an hour: a timestamp
    like `last_login`, not an audited change."""
    now = now or timezone.now()
    if user.last_token_use is None or now - user.last_token_use >= TOKEN_USE_RESOLUTION:
        User.objects.filter(pk=user.pk).update(last_token_use=now)
        user.last_token_use = now


@transaction.atomic
def issue_token(user: User, *, acting_user, rotate: bool = False) -> str:
    """The user's API token, created on first request; `rotate` replaces it (the old one stops working at once),
    and so does asking for an expired one."""
    current = Token.objects.filter(user=user).first()
    if rotate or (current is not None and token_is_expired(current)):
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
    if acting_user is not None and acting_user.pk == account.pk:  # would skip the current password asked there
        raise ValidationError("Đổi mật khẩu của chính mình ở trang “Tài khoản của tôi” (cần mật khẩu hiện tại).")
    validate_password(password, account)
    before = audit.snapshot(account)
    account.set_password(password)
    account.save(update_fields=["password"])
    audit.record_update(account, before, actor=acting_user)
    revoke_token(account, acting_user=acting_user)  # as the password's sessions end, so does its token


def check_current_password(account: User, password: str, request=None) -> None:
    """Raise unless `password` is the account's. Given the request, the check is a sign-in attempt: a wrong guess
    counts towards the same lockouts as on the sign-in page (axes, the address limit), and a locked pair gets axes'
    429 page."""
    if request is None:
        if not account.check_password(password):
            raise ValidationError({"current_password": "Mật khẩu hiện tại không đúng."})
        return
    from django.contrib.auth import authenticate

    if authenticate(request, username=account.get_username(), password=password) != account:
        raise ValidationError({"current_password": "Mật khẩu hiện tại không đúng."})


def do_change_own_password(account: User, *, current_password: str, new_password: str, request=None) -> None:
    """A person changes their own password, knowing the current one. As with a reset, their other sessions end (the
    view keeps the current one) and their API token dies."""
    check_current_password(account, current_password, request)  # outside the transaction: a wrong guess stays counted
    if new_password == current_password:
        raise ValidationError({"password1": "Mật khẩu mới phải khác mật khẩu hiện tại."})
    validate_password(new_password, account)
    _set_own_password(account, new_password)


@transaction.atomic
def _set_own_password(account: User, new_password: str) -> None:
    before = audit.snapshot(account)
    account.set_password(new_password)
    account.save(update_fields=["password"])
    audit.record_update(account, before, actor=account)
    revoke_token(account, acting_user=account)


def inactive_since(today: datetime.date) -> datetime.datetime:
    """The start of the day DXNET_INACTIVE_DAYS before `today`: an account with no sign-in and no API use since
    then (or created before it and never used) is inactive."""
    day = today - datetime.timedelta(days=settings.DXNET_INACTIVE_DAYS)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def inactive_accounts(today: datetime.date):
    cutoff = inactive_since(today)
    return (User.objects.filter(is_active=True, date_joined__lt=cutoff)
            .exclude(role=Role.NATIONAL_ADMIN)  # the last resort to unlock the others is never locked by time
            .filter(Q(last_login__isnull=True) | Q(last_login__lt=cutoff))
            .filter(Q(last_token_use__isnull=True) | Q(last_token_use__lt=cutoff)))


@transaction.atomic
def do_disable_inactive_accounts(today: datetime.date) -> int:
    """The daily job: accounts with no sign-in and no API use for DXNET_INACTIVE_DAYS are locked and their token
    revoked, each in the history; how many. An administrator unlocks one by editing it."""
    disabled = 0
    for account in inactive_accounts(today).select_for_update():
        before = audit.snapshot(account)
        account.is_active = False
        account.save(update_fields=["is_active"])
        audit.record_update(account, before, actor=None)
        revoke_token(account, acting_user=None)
        disabled += 1
    return disabled
