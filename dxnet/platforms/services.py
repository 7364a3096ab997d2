from pathlib import Path

from django.core.exceptions import ValidationError

from dxnet.core.csvdata import read_csv
from dxnet.core.reference import upsert
from dxnet.core.services import require_role, save_in_scope

from .models import PlatformUsage, SharedPlatform

PLATFORMS_CSV = Path(__file__).parent / "data" / "shared_platforms.csv"


def load_shared_platforms(*, acting_user=None) -> tuple[int, int]:
    return upsert(SharedPlatform, read_csv(PLATFORMS_CSV), key="code", actor=acting_user)


def do_record_usage(usage: PlatformUsage, *, acting_user, **fields) -> PlatformUsage:
    """A network member starts (or stops) using a platform; the record belongs to the member's agency."""
    require_role(acting_user.can_manage_registry)
    person = fields.get("person", usage.person if usage.person_id else None)
    member = fields.get("voluntary_member", usage.voluntary_member if usage.voluntary_member_id else None)
    if bool(person) == bool(member):
        raise ValidationError("Chọn đúng một thành viên: một cán bộ hoặc một thành viên tự nguyện.")
    fields["agency"] = person.agency if person else member.agency
    return save_in_scope(usage, acting_user=acting_user, **fields)
