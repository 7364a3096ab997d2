"""Milestones and the compliance tables built on them: who reached a milestone by a day, the earliest, the rest."""

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from dxnet.agencies.models import Agency
from dxnet.core.csvdata import read_csv
from dxnet.core.reference import upsert
from dxnet.core.services import require_role, save_in_scope
from dxnet.core.text import fold

from .models import Milestone, MilestoneKind

KINDS_CSV = Path(__file__).parent / "data" / "milestone_kinds.csv"
SEED_003_CSV = Path(__file__).parent / "data" / "seed_003_milestones.csv"  # demo data: the 2022 report's tables


@dataclass(frozen=True)
class Tier:
    """The bodies a compliance table counts: the provinces, or the ministry-level bodies."""

    code: str
    label: str
    kinds: tuple[str, ...]


TIERS = {
    "province": Tier("province", "Tỉnh, thành phố trực thuộc Trung ương", (Agency.Kind.PROVINCIAL_PC,)),
    "ministry": Tier("ministry", "Bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ", Agency.MINISTRY_LEVEL_KINDS),
}


def load_milestone_kinds(*, acting_user=None) -> tuple[int, int]:
    rows = [{"code": r["code"], "name": r["name"], "yearly": r["yearly"] == "yes", "description": r["description"]}
            for r in read_csv(KINDS_CSV)]
    return upsert(MilestoneKind, rows, key="code", actor=acting_user)


def parse_milestone_code(code: str, kinds: dict[str, MilestoneKind] | None = None) -> tuple[MilestoneKind, int]:
    """("dx-plan-2022") → (the yearly kind dx-plan, 2022); ("steering-committee") → (that kind, 0)."""
    kinds = kinds if kinds is not None else {k.code: k for k in MilestoneKind.objects.all()}
    code = (code or "").strip()
    kind = kinds.get(code)
    if kind is not None and not kind.yearly:
        return kind, 0
    match = re.fullmatch(r"(.+)-(\d{4})", code)
    if match and match[1] in kinds and kinds[match[1]].yearly:
        return kinds[match[1]], int(match[2])
    if kind is not None:
        raise ValidationError(f"Mốc “{code}” theo từng năm: ghi kèm năm, ví dụ “{code}-2024”.")
    known = ", ".join(f"{k.code}-NĂM" if k.yearly else k.code for k in kinds.values())
    raise ValidationError(f"Không có mốc mã “{code}”. Các mã: {known}.")


@transaction.atomic
def do_record_milestone(milestone: Milestone, *, acting_user, **fields) -> Milestone:
    """Record (or correct) an agency's milestone; the agency must be in the author's scope."""
    require_role(acting_user.can_manage_registry, "Vai trò của bạn không được ghi nhận mốc.")
    kind = fields["kind"] if "kind" in fields else milestone.kind
    fields["year"] = (fields.get("year", milestone.year) or 0) if kind.yearly else 0
    if kind.yearly and not fields["year"]:
        raise ValidationError({"year": f"Mốc “{kind.name}” cần ghi năm."})
    return save_in_scope(milestone, acting_user=acting_user, **fields)


# --- Compliance tables -------------------------------------------------------------------------

def _place(agency: Agency) -> str:
    """The key people sort a list of provinces or ministries by: the place or body, not "Ủy ban nhân dân"."""
    return re.sub(r"^uy ban nhan dan (tinh|thanh pho) ", "", fold(agency.name))


@dataclass
class Compliance:
    """How many bodies of a tier had reached a milestone by a day; the earliest; the missing."""

    kind: MilestoneKind
    year: int
    tier: Tier
    as_of: datetime.date
    reached: list[Milestone] = field(default_factory=list)
    missing: list[Agency] = field(default_factory=list)
    earliest_count: int = 5

    @property
    def total(self) -> int:
        return len(self.reached) + len(self.missing)

    @property
    def earliest(self) -> list[Milestone]:
        return self.reached[:self.earliest_count]

    @property
    def label(self) -> str:
        return f"{self.kind.name} {self.year}" if self.year else self.kind.name

    def as_dict(self) -> dict:
        return {
            "milestone": f"{self.kind.code}-{self.year}" if self.year else self.kind.code, "name": self.label,
            "tier": self.tier.code, "as_of": self.as_of.isoformat(), "achieved": len(self.reached),
            "total": self.total,
            "earliest": [{"agency": m.agency.name, "code": m.agency.code, "date": m.achieved_on.isoformat()}
                         for m in self.earliest],
            "missing": [{"agency": a.name, "code": a.code} for a in self.missing],
        }


def compliance(code: str, tier: str, as_of: datetime.date, earliest: int = 5) -> Compliance:
    """The table of seed 003 for any milestone and day, over the bodies of the tier in force on that day."""
    kind, year = parse_milestone_code(code)
    if tier not in TIERS:
        raise ValidationError(f"Cấp “{tier}” không có; dùng “province” hoặc “ministry”.")
    if not 0 <= earliest <= 100:
        raise ValidationError("Số đơn vị sớm nhất phải từ 0 đến 100.")
    bodies = list(Agency.objects.filter(kind__in=TIERS[tier].kinds).valid_on(as_of))
    reached = {m.agency_id: m for m in Milestone.objects.filter(
        kind=kind, year=year, achieved_on__lte=as_of, agency__in=bodies).select_related("agency")}
    return Compliance(
        kind, year, TIERS[tier], as_of,
        reached=sorted(reached.values(), key=lambda m: (m.achieved_on, _place(m.agency))),
        missing=sorted((a for a in bodies if a.pk not in reached), key=_place), earliest_count=earliest)
