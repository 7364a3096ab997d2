"""The rules of seed 004 task group 7, computed from the register for any scope and any day.

- the level dossier approved for 100% of the systems before 30/6/2024;
- the protection plan fully implemented for 100% of the systems before 30/11/2024;
- a periodic assessment at least every 2 years (levels 1–2), every year (levels 3–4), every 6 months (level 5),
  counted from the last assessment, or from the dossier's approval when there is none;
- at least one live-fire drill a year per province and per ministry, priority to systems of level 3 and above;
- every government website or portal assessed and carrying a valid network trust label.

Each figure is a conditional count in SQL, so a table of 34 provinces over ~30k systems costs a few grouped queries,
not one per body or per system.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from dxnet.agencies.models import Agency
from dxnet.core import audit
from dxnet.core.scoping import scope_of

from .models import InformationSystem, SecurityAssessment, SecurityDrill, TrustLabel

DOSSIER_DEADLINE = datetime.date(2024, 6, 30)
PROTECTION_DEADLINE = datetime.date(2024, 11, 30)
# Months between two assessments, by level (seed 004: 1 lần/2 năm, 1 lần/1 năm, 1 lần/06 tháng).
CYCLE_MONTHS = {1: 24, 2: 24, 3: 12, 4: 12, 5: 6}
DRILLS_PER_YEAR = 1
PRIORITY_LEVEL = 3  # "ưu tiên hệ thống thông tin cấp độ 3 trở lên"

TIERS = {"province": "Tỉnh, thành phố", "ministry": "Bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ"}
TIER_KINDS = {"province": (Agency.Kind.PROVINCIAL_PC,), "ministry": Agency.MINISTRY_LEVEL_KINDS}


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it has none (31/08 + 6 months → 28 or 29/02)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_assessment_due(level: int | None, approved_on: datetime.date | None,
                        last_assessed_on: datetime.date | None) -> datetime.date | None:
    """When the next assessment is due: a cycle after the last one, or after approval when there is none (or only
    ones before the approval: the approved level's cycle starts with it); None before approval."""
    if not level or approved_on is None:
        return None
    return add_months(max(last_assessed_on or approved_on, approved_on), CYCLE_MONTHS[level])


def _cutoff(as_of: datetime.date, months: int) -> datetime.date:
    """The first start of a cycle that is not yet over on `as_of`: a system is overdue when its cycle started before
    it (what `next_assessment_due(…) < as_of` says, as one comparison the database can make)."""
    day = add_months(as_of, -months)
    while add_months(day - datetime.timedelta(days=1), months) >= as_of:
        day -= datetime.timedelta(days=1)
    while add_months(day, months) < as_of:
        day += datetime.timedelta(days=1)
    return day


def registered_on(as_of: datetime.date) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=as_of)) & (Q(valid_to__isnull=True) | Q(valid_to__gte=as_of))


def approved_on(as_of: datetime.date) -> Q:
    return Q(approved_level__isnull=False, dossier_date__lte=as_of)


def deadline_days(as_of: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The days each deadline is judged on: the deadline itself, or `as_of` while it has not come."""
    return min(as_of, DOSSIER_DEADLINE), min(as_of, PROTECTION_DEADLINE)


def in_view(as_of: datetime.date) -> Q:
    """The systems a day's figures read: those registered on the day, and those registered on each deadline's day
    (a deadline is judged against the register of its own day: a system registered later cannot fail it)."""
    dossier_day, protection_day = deadline_days(as_of)
    return registered_on(as_of) | registered_on(dossier_day) | registered_on(protection_day)


def with_overdue(systems: QuerySet, as_of: datetime.date) -> QuerySet:
    """Each system with `is_overdue` on the day: registered and approved, approved before the start of the cycle
    still open on the day (`cycle_start`, by level), and no assessment since it. One index probe per system."""
    cycle_start = Case(*(When(approved_level__in=levels, then=Value(_cutoff(as_of, months)))
                         for levels, months in (((1, 2), 24), ((3, 4), 12), ((5,), 6))), output_field=DateField())
    recent = SecurityAssessment.objects.filter(system=OuterRef("pk"), assessed_on__lte=as_of,
                                               assessed_on__gte=OuterRef("cycle_start"))
    overdue = registered_on(as_of) & approved_on(as_of) & Q(dossier_date__lt=F("cycle_start")) & ~Exists(recent)
    return systems.annotate(cycle_start=cycle_start).annotate(
        is_overdue=Case(When(overdue, then=True), default=False, output_field=BooleanField()))


def with_assessment(systems: QuerySet, as_of: datetime.date) -> QuerySet:
    """`with_overdue`, and each system's `last_assessed_on` up to the day (for its next due date)."""
    last = (SecurityAssessment.objects.filter(system=OuterRef("pk"), assessed_on__lte=as_of)
            .order_by("-assessed_on").values("assessed_on")[:1])
    return with_overdue(systems, as_of).annotate(last_assessed_on=Subquery(last))


def labelled_on(as_of: datetime.date) -> Exists:
    return Exists(TrustLabel.objects.filter(system=OuterRef("pk"), issued_on__lte=as_of, expires_on__gte=as_of))


def assessed_by(as_of: datetime.date) -> Exists:
    return Exists(SecurityAssessment.objects.filter(system=OuterRef("pk"), assessed_on__lte=as_of))


def overdue_systems(systems: QuerySet, as_of: datetime.date) -> QuerySet:
    """The systems of `systems` whose periodic assessment is overdue on the day, the longest overdue first."""
    return with_overdue(systems, as_of).filter(is_overdue=True).order_by("dossier_date", "pk")


def figures(systems: QuerySet, as_of: datetime.date) -> dict:
    """The counts behind every rule, as conditional aggregates: two queries for the whole set."""
    systems = with_overdue(systems.filter(in_view(as_of)), as_of)
    sites = systems.filter(registered_on(as_of), public_facing=True)
    return {**systems.aggregate(**_counts(as_of)), **sites.aggregate(**_site_counts(as_of))}


def _counts(as_of: datetime.date) -> dict:
    """Over the systems `in_view(as_of)`: those of the day, and those of each deadline's day for its rule."""
    now = registered_on(as_of)
    dossier_day, protection_day = deadline_days(as_of)
    at_dossier_deadline, at_protection_deadline = registered_on(dossier_day), registered_on(protection_day)
    return {
        "systems": Count("pk", filter=now),
        "approved": Count("pk", filter=now & approved_on(as_of)),
        "at_dossier_deadline": Count("pk", filter=at_dossier_deadline),
        "approved_by_deadline": Count("pk", filter=at_dossier_deadline & approved_on(dossier_day)),
        "protected": Count("pk", filter=now & Q(protection_implemented_on__lte=as_of)),
        "at_protection_deadline": Count("pk", filter=at_protection_deadline),
        "protected_by_deadline": Count("pk", filter=at_protection_deadline
                                       & Q(protection_implemented_on__lte=protection_day)),
        "overdue": Count("pk", filter=Q(is_overdue=True)),  # registered on the day (with_overdue says so)
        "priority": Count("pk", filter=now & approved_on(as_of) & Q(approved_level__gte=PRIORITY_LEVEL)),
    }


def _site_counts(as_of: datetime.date) -> dict:
    """Over the websites and portals only (a tenth of the systems): assessed, labelled, both."""
    return {"public": Count("pk"), "public_assessed": Count("pk", filter=Q(assessed_by(as_of))),
            "public_labelled": Count("pk", filter=Q(labelled_on(as_of))),
            "public_compliant": Count("pk", filter=Q(assessed_by(as_of)) & Q(labelled_on(as_of)))}


def drills_of_year(as_of: datetime.date) -> Q:
    return Q(date__year=as_of.year, date__lte=as_of)


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class BodyFigures:
    """A province or a ministry on a day: its register's counts, its drills, and each rule met or not."""

    body: Agency
    # The user's own agency when the body lies above the user's scope: the row counts that part only.
    part: Agency | None = None
    systems: int = 0
    approved: int = 0
    at_dossier_deadline: int = 0  # registered on the dossier deadline's day
    approved_by_deadline: int = 0
    protected: int = 0
    at_protection_deadline: int = 0
    protected_by_deadline: int = 0
    overdue: int = 0
    priority: int = 0
    public: int = 0
    public_assessed: int = 0
    public_labelled: int = 0
    public_compliant: int = 0
    drills: int = 0
    live_fire_drills: int = 0
    priority_drilled: int = 0  # level 3+ systems that took part in a live-fire drill of the year

    @property
    def dossiers_met(self) -> bool:
        """100% approved on the day (none registered: not met)."""
        return self.systems > 0 and self.approved == self.systems

    @property
    def dossiers_on_time(self) -> bool:
        """100% of the systems registered on 30/6/2024 approved by then (a system registered later is judged by
        `dossiers_met`, never against a deadline passed before it existed)."""
        return self.at_dossier_deadline > 0 and self.approved_by_deadline == self.at_dossier_deadline

    @property
    def protection_met(self) -> bool:
        return self.systems > 0 and self.protected == self.systems

    @property
    def protection_on_time(self) -> bool:
        return self.at_protection_deadline > 0 and self.protected_by_deadline == self.at_protection_deadline

    @property
    def drill_met(self) -> bool | None:
        """None on a part of a body: drills are the province's or the ministry's, not judged on a part of it."""
        if self.part is not None:
            return None
        return self.live_fire_drills >= DRILLS_PER_YEAR

    @property
    def agency(self) -> Agency:
        """The agency whose systems the row counts (its link opens them)."""
        return self.part or self.body

    @property
    def label(self) -> str:
        if self.part is None:
            return self.body.name
        return f"{self.body.name} (chỉ phần thuộc {self.part.name})"

    @property
    def labels_met(self) -> bool:
        return self.public_compliant == self.public

    @property
    def approved_percent(self) -> float | None:
        return percent(self.approved, self.systems)

    def as_dict(self) -> dict:
        return {"agency": self.body.pk, "code": self.body.code, "name": self.label,
                "part": {"agency": self.part.pk, "code": self.part.code, "name": self.part.name} if self.part else None,
                **{name: getattr(self, name) for name in COUNTS},
                "approved_percent": self.approved_percent,
                "rules": {"dossiers": self.dossiers_met, "dossiers_on_time": self.dossiers_on_time,
                          "protection": self.protection_met, "protection_on_time": self.protection_on_time,
                          "drill": self.drill_met, "trust_labels": self.labels_met}}


COUNTS = ("systems", "approved", "at_dossier_deadline", "approved_by_deadline", "protected", "at_protection_deadline",
          "protected_by_deadline", "overdue", "priority",
          "public", "public_assessed", "public_labelled", "public_compliant", "drills", "live_fire_drills",
          "priority_drilled")


@dataclass
class Summary:
    tier: str
    as_of: datetime.date
    rows: list[BodyFigures] = field(default_factory=list)

    @property
    def totals(self) -> dict:
        return {name: sum(getattr(row, name) for row in self.rows) for name in COUNTS}

    def met(self, rule: str) -> int:
        return sum(1 for row in self.rows if getattr(row, rule))

    def as_dict(self) -> dict:
        totals = self.totals
        return {"tier": self.tier, "as_of": self.as_of.isoformat(), "bodies": len(self.rows),
                "rows": [row.as_dict() for row in self.rows],
                "national": {**totals, "approved_percent": percent(totals["approved"], totals["systems"]),
                             "bodies_meeting": {rule: self.met(f"{rule}_met") for rule in
                                                ("dossiers", "protection", "drill", "labels")}}}


def check_tier(tier: str) -> str:
    if tier not in TIERS:
        raise ValidationError({"tier": "Cấp phải là “province” (tỉnh, thành phố) hoặc “ministry” (bộ, ngành)."})
    return tier


def bodies_for(user, tier: str, as_of: datetime.date) -> list[Agency]:
    """The provinces or ministries in force on the day that the user's scope reaches: within it, or above it (a
    department's coordinator sees its province's row, counting its own subtree)."""
    scope = scope_of(user)
    if scope.nothing:
        return []
    found = Agency.objects.filter(kind__in=TIER_KINDS[tier]).valid_on(as_of).prefetch_related("names")
    bodies = [body for body in found if scope.everything or body.path.startswith(scope.agency_path)
              or scope.agency_path.startswith(body.path)]
    for body in bodies:  # named as on that day (never saved)
        body.name = body.name_on(as_of)
    return sorted(bodies, key=lambda body: body.name)


def summary(user, *, tier: str, as_of: datetime.date) -> Summary:
    """Per province or ministry in the user's scope: systems, approved, protected, overdue, drills of the year.
    A body above the user's scope (a department's, a commune's) is the user's part of it, labelled so, with the
    drills the user may see. Six queries whatever the number of bodies and systems, computed once per scope, tier
    and day until the data changes (every write moves the audit's data version, as the dashboard's cache does)."""
    check_tier(tier)
    seen = scope_of(user)
    key = (f"infosec-summary:{audit.data_version()}:{'all' if seen.everything else seen.agency_path}:{tier}:"
           f"{as_of.isoformat()}")
    table = cache.get(key)
    if table is None:
        table = _summary(user, tier=tier, as_of=as_of)
        cache.set(key, table, 24 * 3600)
    return table


def _summary(user, *, tier: str, as_of: datetime.date) -> Summary:
    bodies = bodies_for(user, tier, as_of)
    scope = scope_of(user)
    part = None
    if any(not scope.covers(body.path) for body in bodies):
        part = Agency.objects.filter(path=scope.agency_path).first()
        if part is not None:
            part.name = part.name_on(as_of)
    rows = {body.path: BodyFigures(body, part=None if scope.covers(body.path) else part) for body in bodies}
    if not rows:
        return Summary(tier, as_of)
    systems = InformationSystem.objects.visible_to(user)
    if not scope_of(user).everything:  # a national administrator's rows are all bodies: no filter needed
        prefix = Q()
        for path in rows:
            prefix |= Q(agency__path__startswith=path)
        systems = systems.filter(prefix)
    fill(rows, systems, as_of, drills=SecurityDrill.objects.visible_to(user))
    return Summary(tier, as_of, list(rows.values()))


def fill(rows: dict[str, BodyFigures], systems: QuerySet, as_of: datetime.date, drills: QuerySet | None = None
         ) -> None:
    """Add to each row (by its agency's path) the counts of `systems` in its subtree and its drills of the year
    among `drills` (those the reader may see): four grouped queries whatever the number of rows."""
    systems = with_overdue(systems.filter(in_view(as_of)), as_of)
    sites = systems.filter(registered_on(as_of), public_facing=True)
    for counts, queryset in ((_counts(as_of), systems), (_site_counts(as_of), sites)):
        for group in queryset.values("agency__path").annotate(**counts).order_by():
            row = _row_of(group.pop("agency__path"), rows)
            if row is not None:
                for name, value in group.items():
                    setattr(row, name, getattr(row, name) + value)
    by_id = {row.body.pk: row for row in rows.values()}
    drills = (SecurityDrill.objects.all() if drills is None else drills).filter(drills_of_year(as_of),
                                                                                 agency__in=list(by_id))
    for group in drills.values("agency_id").annotate(n=Count("pk"), live=Count("pk", filter=Q(live_fire=True))
                                                     ).order_by():
        by_id[group["agency_id"]].drills, by_id[group["agency_id"]].live_fire_drills = group["n"], group["live"]
    drilled = SecurityDrill.systems.through.objects.filter(
        securitydrill__in=drills.filter(live_fire=True),
        informationsystem__approved_level__gte=PRIORITY_LEVEL).values("securitydrill__agency_id").annotate(
        n=Count("informationsystem_id", distinct=True)).order_by()
    for group in drilled:
        by_id[group["securitydrill__agency_id"]].priority_drilled = group["n"]


def _row_of(path: str, rows: dict[str, BodyFigures]) -> BodyFigures | None:
    """The body whose subtree holds the agency at `path` (the nearest one above it)."""
    parts = path.strip("/").split("/")
    for end in range(len(parts), 0, -1):
        row = rows.get("/".join(parts[:end]) + "/")
        if row is not None:
            return row
    return None


def body_of(agency: Agency) -> Agency | None:
    """The province (its People's Committee) or the ministry-level body whose subtree holds the agency."""
    kinds = (Agency.Kind.PROVINCIAL_PC, *Agency.MINISTRY_LEVEL_KINDS)
    if agency.kind in kinds:
        return agency
    for above in reversed(agency.ancestors()):
        if above.kind in kinds:
            return above
    return None
