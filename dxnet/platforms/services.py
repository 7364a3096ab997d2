"""Shared platforms: the catalogue's writes (the national administrator for national platforms, a province's
coordinators for their province's), its reference load, and recording who uses a platform."""

import datetime
import secrets
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify

from dxnet.accounts.models import Role
from dxnet.agencies.models import Agency
from dxnet.core.csvdata import read_csv
from dxnet.core.reference import upsert
from dxnet.core.scoping import scope_of
from dxnet.core.services import require_role, save_in_scope
from dxnet.core.text import fold
from dxnet.geo.models import AdminUnit

from .models import PlatformUsage, SharedPlatform, province_path_of

PLATFORMS_CSV = Path(__file__).parent / "data" / "shared_platforms.csv"
MAY_ADD = "Chỉ Quản trị quốc gia và điều phối cấp tỉnh được thêm nền tảng số dùng chung."
_CSV_FIELDS = ("code", "name", "address", "owner_name", "source")


def load_shared_platforms(*, acting_user=None) -> tuple[int, int]:
    """Create the reference platforms the catalogue lacks; a platform already there is left as its editors made
    it (renamed, moved, ended), so loading again never undoes their work. Returns (created, 0)."""
    rows = [{name: row.get(name) or "" for name in _CSV_FIELDS} | {"owner_id": _agency_id(row.get("owner", ""))}
            for row in read_csv(PLATFORMS_CSV)]
    known = set(SharedPlatform.objects.filter(code__in=[r["code"] for r in rows]).values_list("code", flat=True))
    missing = [row | {"level": SharedPlatform.Level.NATIONAL} for row in rows if row["code"] not in known]
    return upsert(SharedPlatform, missing, key="code", actor=acting_user)


def _agency_id(code: str) -> int | None:
    return Agency.objects.filter(code=code).values_list("pk", flat=True).first() if code else None


def user_province(user) -> AdminUnit | None:
    """The province a user's agency serves as a whole (a provincial people's committee or department); None for
    a national body or a commune."""
    unit_path = scope_of(user).unit_path
    if not unit_path or unit_path != province_path_of(unit_path):
        return None
    return AdminUnit.objects.filter(path=unit_path, level=AdminUnit.Level.PROVINCE).first()


def may_edit_platform(user, platform: SharedPlatform) -> bool:
    """National platforms: the national administrator. A provincial one: also its province's coordinators."""
    if user.role == Role.NATIONAL_ADMIN:
        return True
    if user.role != Role.COORDINATOR or platform.level != SharedPlatform.Level.PROVINCIAL:
        return False
    province = user_province(user)
    return province is not None and province.pk == platform.province_id


def may_add_platform(user) -> bool:
    return user.role == Role.NATIONAL_ADMIN or (user.role == Role.COORDINATOR and user_province(user) is not None)


def _require_edit(platform: SharedPlatform, user) -> None:
    if not may_edit_platform(user, platform):
        raise PermissionDenied("Chỉ Quản trị quốc gia sửa nền tảng quốc gia; nền tảng cấp tỉnh do điều phối của "
                               "chính tỉnh đó cập nhật.")


def new_code(name: str, province: AdminUnit | None = None) -> str:
    """A stable code from the name, made unique; it never changes afterwards.

    A provincial platform's code starts with its province's key (tinh-15-…), so it can only meet codes its author
    sees (their province's and the national ones): the code never tells that another province has a platform of
    that name. A code already taken gains a random suffix, the same whoever holds it."""
    base = slugify(fold(name)).strip("-") or "nen-tang"
    if province is not None:
        base = f"{province.key}-{base}"
    code = base[:60].strip("-")
    while SharedPlatform.objects.filter(code=code).exists():
        code = f"{base[:55].strip('-')}-{secrets.token_hex(2)}"
    return code


@transaction.atomic
def do_save_platform(platform: SharedPlatform, *, acting_user, **fields) -> SharedPlatform:
    """Add or change a catalogue entry. A coordinator's new platform is provincial, in their own province."""
    fields.pop("code", None)  # the code is stable: set once, from the name
    creating = platform._state.adding
    if creating:
        require_role(may_add_platform(acting_user), MAY_ADD)
        if acting_user.role != Role.NATIONAL_ADMIN:
            fields.update(level=SharedPlatform.Level.PROVINCIAL, province=user_province(acting_user))
        provincial = fields.get("level", platform.level) == SharedPlatform.Level.PROVINCIAL
        platform.code = new_code(fields.get("name") or platform.name,
                                 fields.get("province", platform.province) if provincial else None)
    else:
        _require_edit(platform, acting_user)
        if acting_user.role != Role.NATIONAL_ADMIN:  # a coordinator cannot move it out of their province
            fields.update(level=SharedPlatform.Level.PROVINCIAL, province=platform.province)
    if fields.get("level", platform.level) == SharedPlatform.Level.NATIONAL:
        fields["province"] = None
    platform = save_in_scope(platform, acting_user=acting_user, **fields)
    if not may_edit_platform(acting_user, platform):  # e.g. a coordinator's platform moved to another province
        raise PermissionDenied("Nền tảng sau khi lưu phải thuộc phạm vi bạn được cập nhật.")
    return platform


@transaction.atomic
def do_end_platform(platform: SharedPlatform, *, acting_user, valid_to: datetime.date, **fields) -> SharedPlatform:
    """A platform stops being offered: it stays in the catalogue as history and stops counting after the day."""
    _require_edit(platform, acting_user)
    if platform.valid_to is not None:
        raise ValidationError({"valid_to": f"Nền tảng đã kết thúc từ ngày {platform.valid_to:%d/%m/%Y}."})
    return save_in_scope(platform, acting_user=acting_user, valid_to=valid_to, **fields)


def do_record_usage(usage: PlatformUsage, *, acting_user, **fields) -> PlatformUsage:
    """A network member starts (or stops) using a platform; the record belongs to the member's agency."""
    require_role(acting_user.can_manage_registry)
    person = fields.get("person", usage.person if usage.person_id else None)
    member = fields.get("voluntary_member", usage.voluntary_member if usage.voluntary_member_id else None)
    if bool(person) == bool(member):
        raise ValidationError("Chọn đúng một thành viên: một cán bộ hoặc một thành viên tự nguyện.")
    fields["agency"] = person.agency if person else member.agency
    return save_in_scope(usage, acting_user=acting_user, **fields)
