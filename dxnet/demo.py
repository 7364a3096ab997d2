"""Demo data for `make run`: a few accounts and departments; loading it twice changes nothing."""

from django.db import transaction

from dxnet.accounts.models import Role, User
from dxnet.accounts.services import do_create_user
from dxnet.agencies.models import Agency
from dxnet.agencies.services import NATIONAL_COORDINATOR_CODE, do_create_agency

DEMO_PASSWORD = "Demo@CDS-2025"

# (province code, departments added under its People's Committee)
DEMO_DEPARTMENTS = {
    "15": ["Sở Nội vụ", "Sở Tài chính", "Văn phòng Ủy ban nhân dân"],
    "01": ["Sở Nội vụ", "Sở Tài chính", "Văn phòng Ủy ban nhân dân"],
}


def _first_commune_pc(province_code: str) -> Agency:
    return Agency.objects.filter(kind=Agency.Kind.COMMUNE_PC, parent__code=f"ubnd-tinh-{province_code}") \
        .order_by("code").first()


def demo_accounts() -> list[tuple[str, str, str, str]]:
    """(username, role, agency code, full name) of every demo account."""
    lao_cai_commune = _first_commune_pc("15")
    return [
        ("quantri", Role.NATIONAL_ADMIN, NATIONAL_COORDINATOR_CODE, "Nguyễn Văn Quản"),
        ("dieuphoi.laocai", Role.COORDINATOR, "ubnd-tinh-15", "Trần Thị Lan"),
        ("daumoi.laocai", Role.FOCAL_POINT, "skhcn-tinh-15", "Lê Văn Minh"),
        ("daumoi.xa.laocai", Role.FOCAL_POINT, lao_cai_commune.code, "Hoàng Thị Hoa"),
        ("dieuphoi.hanoi", Role.COORDINATOR, "ubnd-tinh-01", "Phạm Quốc Hùng"),
        ("xem.hanoi", Role.VIEWER, "ubnd-tinh-01", "Đỗ Thu Trang"),
    ]


@transaction.atomic
def load_demo() -> list[tuple[str, str, str, str]]:
    accounts = demo_accounts()
    for username, role, agency_code, full_name in accounts:
        if not User.objects.filter(username=username).exists():
            do_create_user(username, agency=Agency.objects.get(code=agency_code), role=role,
                           password=DEMO_PASSWORD, full_name=full_name, acting_user=None)
    admin = User.objects.get(username="quantri")
    for province_code, names in DEMO_DEPARTMENTS.items():
        pc = Agency.objects.get(code=f"ubnd-tinh-{province_code}")
        for index, name in enumerate(names, start=1):
            code = f"demo-{province_code}-{index}"
            if not Agency.objects.filter(code=code).exists():
                full = f"{name} {pc.admin_unit.name[0].lower()}{pc.admin_unit.name[1:]}"
                do_create_agency(pc, code=code, name=full, kind=Agency.Kind.PROVINCIAL_DEPARTMENT,
                                 valid_from=pc.valid_from, acting_user=admin)
    return accounts
