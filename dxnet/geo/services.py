"""Loading the administrative units: the 34 provinces and 3,321 communes in force, the 63 former provinces."""

import datetime
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db import transaction
from vietnam_provinces import Province, VietNamDivisionType, Ward

from dxnet.core.csvdata import read_csv
from dxnet.core.reference import upsert
from dxnet.core.text import fold

from .models import AdminUnit, AdminUnitName

REORGANISED_ON = datetime.date(2025, 7, 1)
REORGANISATION_BASIS = "Nghị quyết 202/2025/QH15"
FORMER_PROVINCES_CSV = Path(__file__).parent / "data" / "former_provinces.csv"
UNIT_NAMES_CSV = Path(__file__).parent / "data" / "unit_names.csv"

_KINDS = {
    VietNamDivisionType.TINH: AdminUnit.Kind.PROVINCE,
    VietNamDivisionType.THANH_PHO_TRUNG_UONG: AdminUnit.Kind.MUNICIPALITY,
    VietNamDivisionType.XA: AdminUnit.Kind.COMMUNE,
    VietNamDivisionType.PHUONG: AdminUnit.Kind.WARD,
    VietNamDivisionType.DAC_KHU: AdminUnit.Kind.SPECIAL_ZONE,
}


def province_key(code: str) -> str:
    return f"tinh-{code}"


def former_province_key(code: str) -> str:
    return f"tinh-cu-{code}"


def commune_key(code: str) -> str:
    return f"xa-{code}"


def _official_name(name: str, kind: str) -> str:
    """The package writes "Lào Cai" for a province; official usage is "Tỉnh Lào Cai"."""
    return name if kind != AdminUnit.Kind.PROVINCE or name.startswith("Tỉnh ") else f"Tỉnh {name}"


def _unit_row(key, code, name, kind, level, parent_path, parent_id, valid_from, valid_to=None, **extra):
    return {
        "key": key, "code": code, "name": name, "kind": kind, "level": level,
        "parent_id": parent_id, "path": f"{parent_path}{key}/", "valid_from": valid_from,
        "valid_to": valid_to, "search_name": fold(name), **extra,
    }


@transaction.atomic
def load_admin_units(*, acting_user=None) -> dict[str, tuple[int, int]]:
    """Load or refresh every unit; returns (created, updated) per level."""
    provinces = sorted(Province.iter_all(), key=lambda p: p.code)
    province_rows = []
    for p in provinces:
        code = f"{p.code:02d}"
        kind = _KINDS[p.division_type]
        province_rows.append(_unit_row(
            province_key(code), code, _official_name(p.name, kind), kind, AdminUnit.Level.PROVINCE,
            "", None, REORGANISED_ON,
        ))
    result = {"provinces": upsert(AdminUnit, province_rows, key="key", actor=acting_user)}

    province_ids = dict(AdminUnit.objects.provinces().filter(key__in=[r["key"] for r in province_rows])
                        .values_list("key", "id"))
    commune_rows = []
    for w in sorted(Ward.iter_all(), key=lambda w: w.code):
        parent = province_key(f"{w.province_code:02d}")
        code = f"{w.code:05d}"
        commune_rows.append(_unit_row(
            commune_key(code), code, w.name, _KINDS[w.division_type], AdminUnit.Level.COMMUNE,
            f"{parent}/", province_ids[parent], REORGANISED_ON,
        ))
    result["communes"] = upsert(AdminUnit, commune_rows, key="key", actor=acting_user)

    former_rows = [
        _unit_row(
            former_province_key(row["code"]), row["code"], row["name"], row["kind"], AdminUnit.Level.PROVINCE,
            "", None, _day(row["valid_from"]), datetime.date.fromisoformat(row["valid_to"]),
            successor_id=province_ids[province_key(row["successor_code"])],
            succession_basis=REORGANISATION_BASIS,
        )
        for row in read_csv(FORMER_PROVINCES_CSV)
    ]
    result["former_provinces"] = upsert(AdminUnit, former_rows, key="key", actor=acting_user)
    result["names"] = load_unit_names(acting_user)
    return result


def _day(text: str) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def load_unit_names(actor=None) -> tuple[int, int]:
    """The dated names of units renamed before their last name (unit_names.csv)."""
    rows = read_csv(UNIT_NAMES_CSV)
    ids = dict(AdminUnit.objects.filter(key__in={r["unit"] for r in rows}).values_list("key", "id"))
    return upsert(AdminUnitName, [
        {"unit_id": ids[r["unit"]], "name": r["name"], "valid_from": _day(r["valid_from"]),
         "valid_to": _day(r["valid_to"]), "basis": r["basis"]}
        for r in rows
    ], key=("unit_id", "valid_to"), actor=actor)


TIERS_CSV = Path(__file__).parent / "data" / "tiers.csv"


@dataclass(frozen=True)
class Tier:
    """A tier of local government (province, district, commune) and when it existed."""

    level: str
    name: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None

    def exists_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


@cache
def tiers() -> dict[str, Tier]:
    """The tiers of local government from the shipped data (the 2025 reform ended the district tier)."""
    def day(text):
        return datetime.date.fromisoformat(text) if text else None

    return {row["level"]: Tier(row["level"], row["name"], day(row["valid_from"]), day(row["valid_to"]))
            for row in read_csv(TIERS_CSV)}
