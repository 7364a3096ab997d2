"""Milestones and the compliance tables built on them: who reached a milestone by a day, the earliest, the rest."""

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction

from dxnet.agencies import lineage
from dxnet.agencies.models import Agency
from dxnet.core import audit
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


# Kinds only the platform records, from their source (code → the source's name): an app above monitoring registers
# its own in AppConfig.ready(); a hand entry of such a kind is refused whatever is stored.
DERIVED_ONLY: dict[str, str] = {}


def check_hand_kind(kind: MilestoneKind) -> None:
    source = DERIVED_ONLY.get(kind.code)
    if source:
        raise ValidationError(f"Mốc “{kind.name}” được ghi nhận tự động từ {source}, không nhập tay được.")


def check_hand_entry(stored: Milestone | None) -> None:
    """A person may enter a milestone by hand (facts older than the platform), never over one the platform derived
    from its source: that one changes, or goes, with its source. The form, the API and the sheet all ask here."""
    if stored is None or not stored.derived:
        return
    reference = stored.document.split(":", 1)[0]  # a derived document reads “reference: subject”
    raise ValidationError(
        f"Mốc “{stored.kind_label}” của {stored.agency.name} đã được ghi nhận tự động từ {stored.source_type.name} "
        f"({reference}), không nhập tay được. Hãy sửa hoặc thu hồi văn bản nguồn.")


@transaction.atomic
def do_record_milestone(milestone: Milestone, *, acting_user, **fields) -> Milestone:
    """Record (or correct) an agency's milestone by hand; the agency must be in the author's scope."""
    require_role(acting_user.can_manage_registry, "Vai trò của bạn không được ghi nhận mốc.")
    kind = fields["kind"] if "kind" in fields else milestone.kind
    check_hand_kind(kind)
    fields["year"] = (fields.get("year", milestone.year) or 0) if kind.yearly else 0
    if kind.yearly and not fields["year"]:
        raise ValidationError({"year": f"Mốc “{kind.name}” cần ghi năm."})
    if milestone.pk:
        check_hand_entry(Milestone.objects.select_related("agency", "kind").get(pk=milestone.pk))
    agency = fields.get("agency") or getattr(milestone, "agency", None)
    if agency is not None:
        check_hand_entry(Milestone.objects.select_related("agency", "kind").filter(
            agency=agency, kind=kind, year=fields["year"]).exclude(pk=milestone.pk).first())
    return save_in_scope(milestone, acting_user=acting_user, **fields)


def _source_of(source: models.Model) -> dict:
    return {"source_type": ContentType.objects.get_for_model(source), "source_id": source.pk}


@transaction.atomic
def do_derive_milestone(source: models.Model, *, agency: Agency, code: str, achieved_on: datetime.date,
                        document: str, issuer: str = "", acting_user) -> Milestone:
    """Record the milestone a write of `source` achieves (an issued plan, a network's decision), in the source's
    transaction: it replaces a hand entry for the same agency and milestone; an earlier source keeps it.
    `document` reads “reference: subject” (“Kế hoạch số 125/KH-UBND ngày 05/03/2026: …”)."""
    kind, year = parse_milestone_code(code)
    origin = _source_of(source)
    stored = Milestone.objects.select_for_update().filter(agency=agency, kind=kind, year=year).first()
    if (stored is not None and stored.derived and stored.achieved_on <= achieved_on
            and (stored.source_type_id, stored.source_id) != (origin["source_type"].pk, origin["source_id"])):
        return stored  # achieved first by another source, which keeps it
    milestone = stored or Milestone(agency=agency, kind=kind, year=year)
    before = audit.snapshot(stored) if stored else {}
    milestone.achieved_on, milestone.document_date = achieved_on, achieved_on
    milestone.document, milestone.issuer = document[:300], issuer[:300]
    milestone.source_type, milestone.source_id = origin["source_type"], origin["source_id"]
    milestone.file = ""  # the hand entry's file was the proof of another document
    milestone.full_clean()
    milestone.save()
    if stored is None:
        audit.record_create(milestone, actor=acting_user)
    else:
        audit.record_update(milestone, before, actor=acting_user)
    return milestone


@transaction.atomic
def do_withdraw_derived(source: models.Model, *, acting_user) -> list[Milestone]:
    """Remove the milestones `source` achieved (it was withdrawn, deleted or emptied); returns what went."""
    gone = list(Milestone.objects.select_for_update().filter(**_source_of(source)).select_related("agency", "kind"))
    for milestone in gone:
        audit.record_delete(milestone, actor=acting_user)
        milestone.delete()
    return gone


def withdraw_when_source_deleted(sender, instance, **kwargs) -> None:
    """Deleting a source (wherever it happens: a shell, the admin) withdraws its milestones, audited, in the
    deletion's transaction."""
    do_withdraw_derived(instance, acting_user=None)


# --- Compliance tables -------------------------------------------------------------------------

def _place(agency: Agency) -> str:
    """The key people sort a list of provinces or ministries by: the place or body, not "Ủy ban nhân dân"."""
    return re.sub(r"^uy ban nhan dan (tinh|thanh pho) ", "", fold(agency.name))


# How a body that came out of a reorganisation counts what the bodies before it achieved.
CARRY_RULES = {
    "none": "Chỉ tính mốc do chính cơ quan đang hoạt động vào ngày này đạt được; mốc của cơ quan trước sắp xếp "
            "không được tính.",
    "any": "Cơ quan hình thành sau sắp xếp được tính là đã thực hiện nếu ít nhất một cơ quan trước sắp xếp đã thực "
           "hiện trước ngày sắp xếp.",
    "all": "Cơ quan hình thành sau sắp xếp được tính là đã thực hiện nếu tất cả cơ quan trước sắp xếp đều đã thực "
           "hiện trước ngày sắp xếp.",
}


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
    carry: str = "none"

    @property
    def rule(self) -> str:
        return CARRY_RULES[self.carry]

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
            "tier": self.tier.code, "as_of": self.as_of.isoformat(), "carry": self.carry, "rule": self.rule,
            "achieved": len(self.reached), "total": self.total,
            "earliest": [{"agency": m.agency.name, "code": m.agency.code, "date": m.achieved_on.isoformat(),
                          **({"carried_from": [a.code for a in m.carried_from]} if m.pk is None else {})}
                         for m in self.earliest],
            "missing": [{"agency": a.name, "code": a.code} for a in self.missing],
        }


def _predecessors(agency: Agency, before: datetime.date) -> list[tuple[Agency, datetime.date]]:
    """The bodies whose work passed to `agency` on or before `before`, each with the day it passed: the stated
    successors and the applied reorganisation events (agencies.lineage). A link without a day (a body that never
    ended) cannot have been reached "before the event" and is left out."""
    return [(link.predecessor, link.effective_on) for link in lineage.predecessor_links(agency, before)
            if link.effective_on is not None]


def _carried(agency: Agency, on: datetime.date, rule: str, own: dict[int, Milestone], walked: frozenset[int]
             ) -> tuple[datetime.date, list[Agency]] | None:
    """When `agency` counts as having reached the milestone by the day `on` (inclusive) under the rule, and from
    which bodies before it; None when it does not. A predecessor counts if it reached it before its event, by its
    own entry or, in turn, by its own predecessors."""
    mine = own.get(agency.pk)
    if mine is not None and mine.achieved_on <= on:
        return mine.achieved_on, []
    if rule == "none" or agency.pk in walked:
        return None
    found = []
    for body, event in _predecessors(agency, on):
        reached = _carried(body, event - datetime.timedelta(days=1), rule, own, walked | {agency.pk})
        if reached is None and rule == "all":
            return None
        if reached is not None:
            found.append((reached[0], body))
    if not found:
        return None
    found.sort(key=lambda pair: (pair[0], _place(pair[1])))
    day = found[0][0] if rule == "any" else found[-1][0]  # "all" is reached when the last one did
    return day, [body for _, body in found]


def compliance(code: str, tier: str, as_of: datetime.date, earliest: int = 5, carry: str = "none") -> Compliance:
    """The table of seed 003 for any milestone and day, over the bodies of the tier in force on that day; with
    `carry` "any" or "all", a body formed by a reorganisation also counts what any or all of the bodies before it
    reached before the event."""
    kind, year = parse_milestone_code(code)
    if tier not in TIERS:
        raise ValidationError(f"Cấp “{tier}” không có; dùng “province” hoặc “ministry”.")
    if not 0 <= earliest <= 100:
        raise ValidationError("Số đơn vị sớm nhất phải từ 0 đến 100.")
    if carry not in CARRY_RULES:
        raise ValidationError(f"Quy tắc kế thừa “{carry}” không có; dùng “none”, “any” hoặc “all”.")
    bodies = list(Agency.objects.filter(kind__in=TIERS[tier].kinds).valid_on(as_of).prefetch_related("names"))
    for body in bodies:  # the table speaks of each body by the name it bore that day (never saved)
        body.name = body.name_on(as_of)
    by_pk = {body.pk: body for body in bodies}
    reached = {m.agency_id: m for m in Milestone.objects.filter(
        kind=kind, year=year, achieved_on__lte=as_of, agency__in=bodies)}
    for milestone in reached.values():
        milestone.agency = by_pk[milestone.agency_id]
    if carry != "none" and len(reached) < len(bodies):
        own = {m.agency_id: m for m in Milestone.objects.filter(kind=kind, year=year, achieved_on__lte=as_of)}
        for body in bodies:
            found = None if body.pk in reached else _carried(body, as_of, carry, own, frozenset())
            if found is not None:
                reached[body.pk] = Milestone(agency=body, kind=kind, year=year, achieved_on=found[0])
                reached[body.pk].carried_from = found[1]  # shown beside it; not a stored row
    return Compliance(
        kind, year, TIERS[tier], as_of,
        reached=sorted(reached.values(), key=lambda m: (m.achieved_on, _place(m.agency))),
        missing=sorted((a for a in bodies if a.pk not in reached), key=_place), earliest_count=earliest,
        carry=carry)
