"""Every write to the agency tree, and the loading of the reference agencies."""

import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from dxnet.core import audit
from dxnet.core.csvdata import read_csv
from dxnet.core.errors import Conflict, delete_or_conflict
from dxnet.core.models import check_period
from dxnet.core.reference import upsert
from dxnet.core.services import require_role, save_in_scope
from dxnet.core.text import fold
from dxnet.core.versioning import lock_for_change
from dxnet.geo.models import AdminUnit, AdminUnitName
from dxnet.geo.services import REORGANISATION_BASIS, REORGANISED_ON

from .access import get_agency_for_user
from .models import Agency, AgencyDecision, AgencyName, AgencyParent

NATIONAL_AGENCIES_CSV = Path(__file__).parent / "data" / "national_agencies.csv"
AGENCY_PARENTS_CSV = Path(__file__).parent / "data" / "agency_parents.csv"
NATIONAL_COORDINATOR_CODE = "cuc-chuyen-doi-so-quoc-gia"
ROOT_CODE = "chinh-phu"


def people_committee_name(unit: AdminUnit) -> str:
    """"Ủy ban nhân dân tỉnh Lào Cai", "Ủy ban nhân dân phường Hoàn Kiếm"."""
    return f"Ủy ban nhân dân {unit.name[0].lower()}{unit.name[1:]}"


def department_name(department: str, unit: AdminUnit) -> str:
    """"Sở Nội vụ tỉnh Lào Cai", "Sở Khoa học và Công nghệ thành phố Hà Nội"."""
    return f"{department} {unit.name[0].lower()}{unit.name[1:]}"


def _date(text: str) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def _agency_row(code, name, kind, parent_path, parent_id, unit_id=None, **extra) -> dict:
    path = f"{parent_path}{code}/"
    return {
        "code": code, "name": name, "kind": kind, "parent_id": parent_id, "path": path,
        "depth": path.count("/") - 1, "admin_unit_id": unit_id, "search_name": fold(name),
        "valid_from": None, "valid_to": None, **extra,
    }


def _paths_and_ids(codes) -> dict[str, tuple[str, int]]:
    return {code: (path, pk) for code, path, pk in
            Agency.objects.filter(code__in=codes).values_list("code", "path", "id")}


def _load_national(actor) -> tuple[int, int]:
    rows = read_csv(NATIONAL_AGENCIES_CSV)
    created = updated = 0
    # Parents first, then successors (which are siblings loaded in the first pass).
    for with_successor in (False, True):
        for row in rows:
            if bool(row["successor"]) != with_successor:
                continue
            parents = _paths_and_ids([row["parent"]]) if row["parent"] else {}
            parent_path, parent_id = parents.get(row["parent"], ("", None))
            successor_id = _paths_and_ids([row["successor"]])[row["successor"]][1] if with_successor else None
            flags = row["flags"].split()
            c, u = upsert(Agency, [_agency_row(
                row["code"], row["name"], row["kind"], parent_path, parent_id,
                valid_from=_date(row["valid_from"]), valid_to=_date(row["valid_to"]),
                successor_id=successor_id, succession_basis=row["basis"],
                is_network_coordinator="network_coordinator" in flags,
            )], key="code", actor=actor)
            created, updated = created + c, updated + u
    return created, updated


@transaction.atomic
def load_reference_agencies(*, acting_user=None) -> dict[str, tuple[int, int]]:
    """The national tier, each province's People's Committee and DX lead department, each commune's PC."""
    result = {"national": _load_national(acting_user)}
    root_path, root_id = _paths_and_ids([ROOT_CODE])[ROOT_CODE]
    provinces = list(AdminUnit.objects.provinces().filter(valid_to__isnull=True).order_by("code"))
    result["provinces"] = upsert(Agency, [
        _agency_row(f"ubnd-{p.key}", people_committee_name(p), Agency.Kind.PROVINCIAL_PC, root_path, root_id,
                    p.id, valid_from=REORGANISED_ON)
        for p in provinces
    ], key="code", actor=acting_user)
    pcs = _paths_and_ids([f"ubnd-{p.key}" for p in provinces])
    result["dx_lead_departments"] = upsert(Agency, [
        _agency_row(f"skhcn-{p.key}", department_name("Sở Khoa học và Công nghệ", p), Agency.Kind.PROVINCIAL_DEPARTMENT,
                    *pcs[f"ubnd-{p.key}"], p.id, valid_from=REORGANISED_ON, is_dx_lead=True)
        for p in provinces
    ], key="code", actor=acting_user)
    # Named by the seeds' plans ("Sở Nội vụ chủ trì"): every province has its home-affairs department.
    result["home_affairs_departments"] = upsert(Agency, [
        _agency_row(f"snv-{p.key}", department_name("Sở Nội vụ", p), Agency.Kind.PROVINCIAL_DEPARTMENT,
                    *pcs[f"ubnd-{p.key}"], p.id, valid_from=REORGANISED_ON)
        for p in provinces
    ], key="code", actor=acting_user)
    communes = AdminUnit.objects.communes().filter(valid_to__isnull=True).select_related("parent")
    result["communes"] = upsert(Agency, [
        _agency_row(f"ubnd-{c.key}", people_committee_name(c), Agency.Kind.COMMUNE_PC,
                    *pcs[f"ubnd-{c.parent.key}"], c.id, valid_from=REORGANISED_ON)
        for c in communes.order_by("code")
    ], key="code", actor=acting_user)
    former = AdminUnit.objects.provinces().filter(valid_to__isnull=False).select_related("successor")
    result["former_provinces"] = upsert(Agency, [
        _agency_row(f"ubnd-{u.key}", people_committee_name(u), Agency.Kind.PROVINCIAL_PC, root_path, root_id,
                    u.id, valid_from=u.valid_from, valid_to=u.valid_to,
                    successor_id=pcs[f"ubnd-{u.successor.key}"][1],
                    succession_basis=REORGANISATION_BASIS)
        for u in former.order_by("code")
    ], key="code", actor=acting_user)
    result["former_departments"] = _load_former_departments(former, acting_user)
    result["names"] = _load_names_from_units(acting_user)
    result["parents"] = _load_parent_history(acting_user)
    return result


# The departments the plans of 2021-2025 assign in each of the 63 former provinces, and the current department
# that carries on each one's work. The information and communications department merged into the science and
# technology department in the spring of 2025 (Nghị định 45/2025/NĐ-CP); that day is not sourced province by
# province, so each former department is kept until its province ended (30/6/2025).
FORMER_DEPARTMENTS = (
    ("sttt", "Sở Thông tin và Truyền thông", "skhcn", True),
    ("snv", "Sở Nội vụ", "snv", False),
)


def _load_former_departments(former, actor) -> tuple[int, int]:
    pcs = _paths_and_ids([f"ubnd-{u.key}" for u in former])
    heirs = _paths_and_ids([f"{heir}-{u.successor.key}" for u in former for _, _, heir, _ in FORMER_DEPARTMENTS])
    return upsert(Agency, [
        _agency_row(f"{prefix}-{u.key}", department_name(label, u), Agency.Kind.PROVINCIAL_DEPARTMENT,
                    *pcs[f"ubnd-{u.key}"], u.id, valid_from=u.valid_from, valid_to=u.valid_to, is_dx_lead=dx_lead,
                    successor_id=heirs[f"{heir}-{u.successor.key}"][1], succession_basis=REORGANISATION_BASIS)
        for u in former.order_by("code") for prefix, label, heir, dx_lead in FORMER_DEPARTMENTS
    ], key="code", actor=actor)


_NAMED_AFTER_UNIT = {"ubnd": people_committee_name,
                     **{prefix: (lambda unit, label=label: department_name(label, unit))
                        for prefix, label, _, _ in FORMER_DEPARTMENTS}}


def _load_names_from_units(actor) -> tuple[int, int]:
    """A unit renamed renames the committee and departments that serve it, on the same days, on the same act."""
    rows = []
    for dated in AdminUnitName.objects.select_related("unit"):
        for agency in Agency.objects.filter(admin_unit=dated.unit, kind__in=(
                Agency.Kind.PROVINCIAL_PC, Agency.Kind.PROVINCIAL_DEPARTMENT)):
            prefix = agency.code.split("-", 1)[0]
            if prefix in _NAMED_AFTER_UNIT:
                rows.append({"agency_id": agency.pk, "name": _NAMED_AFTER_UNIT[prefix](dated),
                             "valid_from": dated.valid_from, "valid_to": dated.valid_to, "basis": dated.basis})
    return upsert(AgencyName, rows, key=("agency_id", "valid_to"), actor=actor)


def _load_parent_history(actor) -> tuple[int, int]:
    """Bodies that moved from one parent to another (agency_parents.csv); the tree keeps today's parent."""
    rows = read_csv(AGENCY_PARENTS_CSV)
    ids = dict(Agency.objects.filter(code__in={r["agency"] for r in rows} | {r["parent"] for r in rows})
               .values_list("code", "id"))
    return upsert(AgencyParent, [
        {"agency_id": ids[r["agency"]], "parent_id": ids[r["parent"]], "valid_from": _date(r["valid_from"]),
         "valid_to": _date(r["valid_to"]), "basis": r["basis"]}
        for r in rows
    ], key=("agency_id", "parent_id"), actor=actor)


# --- Writes by people -------------------------------------------------------------------------

EDITABLE_FIELDS = ("name", "kind", "valid_from", "valid_to", "is_dx_lead", "headcount", "is_dedicated_dx_unit",
                   "has_dx_division")


def check_can_manage(user, agency: Agency) -> None:
    """Raise unless `user` may change `agency` (scope is checked by the caller's lookup)."""
    get_agency_for_user(user, agency.pk, action="change")


@transaction.atomic
def do_create_agency(parent: Agency, *, code: str, name: str, kind: str, acting_user,
                     valid_from=None, valid_to=None, is_dx_lead=False) -> Agency:
    """Add a unit under `parent`; it serves the same territory as its parent."""
    check_can_manage(acting_user, parent)
    check_period(valid_from, valid_to)
    if Agency.objects.filter(code=code).exists():
        raise ValidationError({"code": f"Mã cơ quan “{code}” đã được dùng."})
    agency = Agency.objects.create(
        code=code, name=name, kind=kind, parent=parent, path=Agency.path_for(parent, code),
        depth=parent.depth + 1, admin_unit=parent.admin_unit, valid_from=valid_from, valid_to=valid_to,
        is_dx_lead=is_dx_lead, search_name=fold(name),
    )
    audit.record_create(agency, actor=acting_user)
    return agency


@transaction.atomic
def do_update_agency(agency: Agency, *, acting_user, seen_version=None, **changes) -> Agency:
    """Change an agency's editable fields; with `seen_version`, only if nobody changed it since (`StaleEdit`)."""
    check_can_manage(acting_user, agency)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"Không sửa được các trường: {', '.join(sorted(unknown))}.")
    before = audit.snapshot(lock_for_change(agency, seen_version))
    for name, value in changes.items():
        setattr(agency, name, value)
    check_period(agency.valid_from, agency.valid_to)
    agency.search_name = fold(agency.name)
    agency.save()
    audit.record_update(agency, before, actor=acting_user)
    return agency


@transaction.atomic
def do_delete_agency(agency: Agency, *, acting_user) -> None:
    """Remove an agency entered by mistake; one with units or accounts under it is closed instead."""
    check_can_manage(acting_user, agency)
    if agency.children.exists() or agency.users.exists():
        raise Conflict("Không xóa được cơ quan còn đơn vị trực thuộc hoặc tài khoản; hãy ghi ngày hết hiệu lực.")
    audit.record_delete(agency, actor=acting_user)
    delete_or_conflict(agency, acting_user)


def do_add_agency_decision(agency: Agency, *, acting_user, **fields) -> AgencyDecision:
    """Record a decision restructuring the agency or reinforcing its DX staffing."""
    require_role(acting_user.can_manage_agencies)
    return save_in_scope(AgencyDecision(agency=agency), acting_user=acting_user, **fields)
