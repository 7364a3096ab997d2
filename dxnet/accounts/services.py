"""Accounts: creation by operators and coordinators, API tokens."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from rest_framework.authtoken.models import Token

from dxnet.agencies.models import Agency
from dxnet.core import audit
from dxnet.core.scoping import get_for_user

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


def check_can_create_user(acting_user, agency: Agency, role: str) -> None:
    if acting_user is None:  # an operator at the command line
        return
    if not acting_user.can_manage_users:
        raise PermissionDenied("Vai trò của bạn không được tạo tài khoản.")
    get_for_user(Agency.objects, acting_user, pk=agency.pk)
    if role == Role.NATIONAL_ADMIN and not acting_user.sees_everything:
        raise PermissionDenied("Chỉ quản trị quốc gia được tạo tài khoản quản trị quốc gia.")


@transaction.atomic
def do_create_user(username: str, *, agency: Agency, role: str, password: str, acting_user,
                   full_name: str = "", email: str = "") -> User:
    check_can_create_user(acting_user, agency, role)
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
def issue_token(user: User, *, acting_user) -> str:
    """The user's API token, created on first request."""
    token, created = Token.objects.get_or_create(user=user)
    if created:
        audit.record_change(user, {"api_token": [None, "đã cấp"]}, actor=acting_user)
    return token.key
