"""The pieces of the dashboard: each a few grouped queries over the same scope as the targets."""

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Exists, F, OuterRef, Q

from dxnet.agencies.models import Agency
from dxnet.core import audit, scopes
from dxnet.core.models import in_force
from dxnet.core.scoping import scope_of
from dxnet.core.text import fold
from dxnet.geo.models import AdminUnit
from dxnet.people.models import FocalPoint
from dxnet.people.services import focal_point_required_kinds
from dxnet.plans.models import Task
from dxnet.reporting.models import ReportRound, Submission

from . import open_data, services, targets
from .models import Milestone, MilestoneKind
from .targets import Scope

KEY_MILESTONES = ("steering-committee", "dx-resolution", "dx-plan-{year}", "plan-1690", "dx-network")


@dataclass
class Point:
    """One bar of a chart: its label, its value in percent, where it leads."""

    label: str
    percent: float
    detail: str
    query: str = ""

    @property
    def top(self) -> float:
        """Where the bar starts in a 0-100 high chart drawn from the top."""
        return round(100 - self.percent, 1)


def compliance_rows(on: datetime.date) -> list[tuple[services.Compliance, ...]]:
    """For each key milestone, the ministry-level and the provincial table on the day."""
    return [tuple(services.compliance(code.format(year=on.year), tier, on, earliest=0)
                  for tier in ("ministry", "province")) for code in KEY_MILESTONES]


def own_milestones(scope: Scope) -> list[tuple[MilestoneKind, int, Milestone | None]]:
    """The milestones the scope's top agencies reached (a province's committee, a ministry)."""
    top = scope.agencies().order_by("depth").first()
    if top is None:
        return []
    reached = {(m.kind_id, m.year): m for m in Milestone.objects.filter(agency=top, achieved_on__lte=scope.as_of)}
    rows = []
    for kind in MilestoneKind.objects.all():
        year = scope.as_of.year if kind.yearly else 0
        rows.append((kind, year, reached.get((kind.pk, year))))
    return rows


def rounds(user, on: datetime.date, limit: int = 5):
    """The year's rounds the user sees, each with how many of its reports (that the user may see) came in, late."""
    mine = Q(submissions__in=Submission.objects.visible_to(user).values("pk"))
    received = mine & Q(submissions__status__in=[Submission.Status.SUBMITTED, Submission.Status.ACCEPTED])
    return (ReportRound.objects.visible_to(user).filter(due_date__gte=on - datetime.timedelta(days=365))
            .annotate(total=Count("submissions", filter=mine), received=Count("submissions", filter=received),
                      late=Count("submissions", filter=received & Q(submissions__submitted_at__date__gt=F("due_date"))))
            .order_by("-due_date", "-pk")[:limit])


def overdue_tasks(scope: Scope) -> int:
    tasks = Task.objects.filter(scope.under("plan__agency")) if scope.roots else Task.objects.visible_to(scope.user)
    if scope.province_path:
        tasks = tasks.filter(plan__agency__admin_unit__path__startswith=scope.province_path)
    return tasks.in_force().overdue(scope.as_of).count()


def _month_ends(on: datetime.date, count: int) -> list[datetime.date]:
    ends, day = [], on
    for _ in range(count):
        ends.append(day)
        day = day.replace(day=1) - datetime.timedelta(days=1)
    return list(reversed(ends))


TREND_MONTHS = 12


def focal_point_counts(scope: Scope, months: int = TREND_MONTHS) -> list[tuple[int, int]]:
    """At the end of each recent month: how many agencies that must have a focal point had one, of how many (one
    query)."""
    agencies = scope.visible(Agency).filter(kind__in=focal_point_required_kinds())
    if scope.province_path:
        agencies = agencies.filter(admin_unit__path__startswith=scope.province_path)
    figures = {}
    for n, day in enumerate(_month_ends(scope.as_of, months)):
        having = Exists(FocalPoint.objects.valid_on(day).filter(agency=OuterRef("pk")))
        figures |= {f"total{n}": Count("pk", filter=in_force(day)),
                    f"having{n}": Count("pk", filter=in_force(day) & Q(having))}
    row = agencies.aggregate(**figures)
    return [(row[f"having{n}"], row[f"total{n}"]) for n in range(months)]


def trend_points(on: datetime.date, counts: list[tuple[int, int]]) -> list[Point]:
    """The trend's bars: the share at the end of each month up to `on`."""
    return [Point(f"{day:%m/%Y}", round(100 * having / total, 1) if total else 0.0, f"{having}/{total}",
                  f"as_of={day.isoformat()}") for day, (having, total) in zip(_month_ends(on, len(counts)), counts,
                                                                               strict=True)]


def focal_point_trend(scope: Scope, months: int = TREND_MONTHS) -> list[Point]:
    """Share of the agencies that must have a focal point and had one, at the end of each recent month."""
    return trend_points(scope.as_of, focal_point_counts(scope, months))


def province_ranking(on: datetime.date) -> list[Point]:
    """Provinces by the share of their agencies with a DX focal point (the open-data figures, cached)."""
    rows = open_data.province_figures(on)
    ids = dict(AdminUnit.objects.provinces().valid_on(on).values_list("code", "pk"))
    points = [Point(row["province"], round(100 * row["agencies_with_focal_point"] / row["agencies_required"], 1)
                    if row["agencies_required"] else 0.0,
                    f"{row['agencies_with_focal_point']}/{row['agencies_required']}",
                    f"province={ids.get(row['province_code'], '')}&as_of={on.isoformat()}")
              for row in rows]
    return sorted(points, key=lambda p: (-p.percent, fold(p.label)))


@dataclass(frozen=True)
class Card:
    """A dashboard card of an app above monitoring: `compute(scope, national)` returns plain, cacheable data (None:
    nothing to show in that scope), which `template` renders as `card`. With `add_up`, the national card is the
    parts' cards added up (`add_up(parts)`, see `summed`), each cached with its part's version; without it, the
    national card is computed over the whole country at each change. `reads` names the models it reads ("app.model")
    besides the agencies and their territories: a page of a part keeps the card until one of them is written there
    (None: until anything is)."""

    name: str
    template: str
    compute: Callable[[Scope, bool], dict | None]
    add_up: Callable[[list[dict]], dict] | None = None
    reads: tuple[str, ...] | None = None


def summed(*counts: str) -> Callable[[list[dict]], dict]:
    """An `add_up` for cards whose fields `counts` add up and whose other fields are the same in every part."""
    def add_up(parts: list[dict]) -> dict:
        return {**parts[0], **{name: sum(part[name] for part in parts) for name in counts}}
    return add_up


CARDS: list[Card] = []


def register_card(card: Card) -> None:
    """Called from an app's AppConfig.ready(): its card joins every dashboard, after the built-in ones."""
    if all(c.name != card.name for c in CARDS):
        CARDS.append(card)


# --- The dashboard as plain data, section by section ----------------------------------------------
# Each section is cached with the versions of the models it reads in the parts of the country a page reads
# (dxnet.core.scopes): a member added in Lào Cai recomputes the network's target on Lào Cai's page, not its budget
# nor its training. The national page adds up each section's figures over the parts: a write in Lào Cai recomputes
# the sections of Lào Cai's part that read what was written, and the page adds up the others from the cache.

data_version = audit.data_version
CACHED_FOR = 24 * 3600  # seconds; a day's figures, until the data they read changes


@dataclass(frozen=True)
class Section:
    """A part of a dashboard computed and cached on its own: `compute(scope, national)` gives plain data; `reads`
    names the models ("app.model") whose writes move it, besides those of `SCOPE_READS` (None: any write). With
    `add_up`, the national figures are its figures in each part of the country added up (their Nones left out);
    without it, they are computed over the country."""

    name: str
    compute: Callable[[Scope, bool], object]
    reads: tuple[str, ...] | None
    add_up: Callable[[list], object] | None = None


SCOPE_READS = ("agencies.agency", "geo.adminunit")  # every section counts the scope's agencies


def _added(pairs: list[tuple[int, ...]]) -> tuple[int, ...]:
    """(2, 3) and (4, 5) added up: (6, 8)."""
    return tuple(sum(side) for side in zip(*pairs, strict=True))


def _pairs(parts: list[list[tuple[int, ...]]]) -> list[tuple[int, ...]]:
    """Lists of pairs added up place by place."""
    return [_added(same) for same in zip(*parts, strict=True)]


def _target(scope: Scope, build: Callable[[Scope], targets.Target]) -> dict:
    """A target's heading and its (counted, universe) for each of its parts."""
    t = build(scope)
    return {"code": t.code, "number": t.number, "title": t.title, "goal": t.goal, "source": t.source,
            "counts": [(part.counted_count, part.universe_count) for part in t.parts]}


def _targets_added(parts: list[dict]) -> dict:
    return {**parts[0], "counts": _pairs([part["counts"] for part in parts])}


def sections() -> list[Section]:
    """The sections of the dashboard, the apps' cards last (they register when their apps are ready)."""
    def target(build):
        return lambda scope, national: _target(scope, build)

    def of_scope(compute):  # the same for the national page as for any other
        return lambda scope, national: compute(scope)

    def national_only(compute):
        return lambda scope, national: compute(scope.as_of) if national else None

    return [
        *(Section(f"target:{code}", target(build), targets.READS[code],
                  None if code in targets.COUNTED_ONCE else _targets_added)
          for code, build in targets.EVERY.items()),
        Section("ratio", of_scope(_ratio), targets.STAFF_READS, _added),
        Section("overdue", of_scope(overdue_tasks), ("plans.plan", "plans.task"), sum),
        Section("trend", of_scope(focal_point_counts), ("people.focalpoint",), _pairs),
        Section("obstacles", of_scope(obstacle_counts), ("obstacles.obstacle",),
                summed("waiting", "overdue", "beyond")),
        Section("own_milestones", _own_milestones, ("monitoring.milestone", "monitoring.milestonekind")),
        Section("rounds", of_scope(_rounds), ("reporting.reportround", "reporting.submission")),
        Section("steering", of_scope(steering_compliance), STEERING_READS),
        Section("compliance", national_only(_compliance), COMPLIANCE_READS),
        Section("inspections", national_only(inspection_coverage), INSPECTION_READS),
        *(Section(f"card:{card.name}", card.compute, card.reads, card.add_up) for card in CARDS),
    ]


def _scope_key(scope: Scope) -> str:
    seen = scope_of(scope.user)
    who = "all" if seen.everything else seen.agency_path
    return f"{who}|{scope.province_path}|{','.join(scope.roots)}|{scope.as_of.isoformat()}"


def _keys(section: Section, parts: set[str]) -> set[str]:
    """The versions a section depends on, of the parts `parts` a page reads."""
    if section.reads is None:
        return parts | {scopes.NATIONAL}
    labels = (*SCOPE_READS, *section.reads)
    return {scopes.NATIONAL} | {scopes.model_key(part, label) for part in parts - {scopes.NATIONAL} for label in labels}


def _app_keys(section: Section) -> set[str] | None:
    """The versions a country-wide section depends on: the apps it reads (None: any write)."""
    if section.reads is None:
        return None
    return {scopes.NATIONAL} | {f"app:{label.split('.')[0]}" for label in (*SCOPE_READS, *section.reads)}


def _cached(wanted: dict, depends: dict, compute: Callable[[object], object], name: Callable[[object], str]) -> dict:
    """The value of each of `wanted` (an id: how to compute it), from the cache under its versions (`depends`: id ->
    keys; None: every write) when there, else computed and cached. `name(id)` tells ids apart in the cache."""
    versions = scopes.versions(set().union(*(keys for keys in depends.values() if keys is not None)))
    newest = data_version() if None in depends.values() else 0
    # Versions only grow: their sum moves when any of them does.
    keys = {key: f"dashboard:{f'd{newest}' if depends[key] is None else f'v{sum(versions[k] for k in depends[key])}'}"
                 f":{name(key)}" for key in wanted}
    found = cache.get_many(keys.values())
    computed = {keys[key]: compute(key) for key in wanted if keys[key] not in found}
    cache.set_many(computed, CACHED_FOR)
    return {key: computed[cache_key] if cache_key in computed else found[cache_key] for key, cache_key in keys.items()}


def summary(scope: Scope, national: bool) -> dict:
    """Everything the dashboard shows, each section from the cache until the data it reads changes; the national page
    added up from the parts of the country (`_national`), and kept whole until the next write."""
    if national:
        key = f"dashboard:{data_version()}:{_scope_key(scope)}"
        page = cache.get(key)
        if page is None:
            page = _national(scope)
            cache.set(key, page, CACHED_FOR)
        return page
    every = {section.name: section for section in sections()}
    parts = scopes.keys_for(scope.user, scope.province_path, scope.roots)  # None: the page spans the country
    depends = {name: None if parts is None else _keys(section, parts) for name, section in every.items()}
    found = _cached(every, depends, lambda name: every[name].compute(scope, False),
                    lambda name: f"page:{name}:{_scope_key(scope)}")
    return _assemble(scope, found, ranking=None)


def _compute(scope: Scope, national: bool) -> dict:
    """The whole page computed afresh, the national one over the whole country at once (what the cached pages
    equal)."""
    found = {section.name: section.compute(scope, national) for section in sections()}
    return _assemble(scope, found, ranking=province_ranking(scope.as_of) if national else None)


def _card(target: dict) -> dict:
    """A target's card: its heading, its value of its total and the share."""
    heading = {name: field for name, field in target.items() if name != "counts"}
    value, total = _added(target["counts"]) if target["counts"] else (0, 0)
    return {**heading, "value": value, "total": total, "percent": targets.percent(value, total)}


def _assemble(scope: Scope, found: dict[str, object], ranking: list[Point] | None) -> dict:
    """The page from its sections' figures."""
    staff, headcount = found["ratio"]
    return {
        "targets": [_card(found[f"target:{code}"]) for code in targets.TARGETS],
        "indicators": [_card(found[f"target:{code}"]) for code in targets.INDICATORS],
        "ratio": {"staff": staff, "headcount": headcount, "percent": targets.StaffRatio(staff, headcount, 0).percent},
        "overdue": found["overdue"],
        "trend": trend_points(scope.as_of, found["trend"]),
        "ranking": ranking,
        "compliance": found["compliance"],
        "own_milestones": found["own_milestones"],
        "rounds": found["rounds"],
        "steering": found["steering"],
        "inspections": found["inspections"],
        "obstacles": found["obstacles"],
        "cards": [{"name": card.name, "template": card.template, "data": data} for card in CARDS
                  if (data := found[f"card:{card.name}"]) is not None],
    }


def _ratio(scope: Scope) -> tuple[int, int]:
    ratio = targets.staff_ratio(scope)
    return ratio.staff, ratio.headcount


def _own_milestones(scope: Scope, national: bool) -> list[dict] | None:
    return None if national else [
        {"name": kind.name, "year": year, "pk": reached.pk if reached else None,
         "day": reached.achieved_on if reached else None} for kind, year, reached in own_milestones(scope)]


COMPLIANCE_READS = ("monitoring.milestone", "monitoring.milestonekind", "agencies.agencyname")


def _compliance(on: datetime.date) -> list[list[dict]]:
    return [[{"label": c.label, "kind": c.kind.pk, "year": c.year, "reached": len(c.reached), "total": c.total}
             for c in row] for row in compliance_rows(on)]


def _rounds(scope: Scope) -> list[dict]:
    return [{"pk": r.pk, "title": r.title, "due": r.due_date, "received": r.received, "total": r.total,
             "late": r.late} for r in rounds(scope.user, scope.as_of)]


def obstacle_counts(scope: Scope) -> dict:
    """Obstacles the user sees still waiting for an answer, and how many are past their SLA (one query)."""
    from dxnet.obstacles.models import Obstacle  # the app above monitoring, imported when used

    rows = scope.visible(Obstacle).waiting()
    if scope.province_path:
        rows = rows.filter(agency__admin_unit__path__startswith=scope.province_path)
    return rows.aggregate(waiting=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=scope.as_of)),
                          beyond=Count("pk", filter=Q(beyond_authority=True)))


INSPECTION_READS = ("inspections.inspection", "inspections.inspectedagency")


def inspection_coverage(on: datetime.date) -> list[dict]:
    """Provinces and ministries inspected in the year up to the day: x/N each (two queries per tier)."""
    from dxnet.inspections.services import TIERS, coverage

    return [{"tier": tier, "label": label, "covered": len(c.covered), "total": c.total, "year": c.year}
            for tier, label in TIERS.items() for c in [coverage(tier, on.year, today=on)]]


STEERING_READS = ("steering.steeringcommittee", "steering.committeemember", "steering.meeting", "steering.attendance")


def steering_compliance(scope: Scope) -> list[dict]:
    """Steering committees that met with heads of agencies in the last ended quarter (seed 000): x/N per tier
    within the user's scope (a fixed number of queries whatever the number of committees)."""
    from dxnet.steering import services as steering  # the app above monitoring, imported when used

    quarter = steering.last_quarter(scope.as_of)
    return [{"tier": tier, "label": label, "quarter": quarter.label, "code": str(quarter),
             "complying": table.complying, "total": table.total}
            for tier, label in steering.TIERS.items()
            for table in [steering.compliance(scope.user, tier=tier, quarter=quarter)] if table.total]


# --- The national page, added up from the parts of the country ------------------------------------
# A part is a top agency under the Government (a province's People's Committee, a ministry, a central body) with
# everything under it. A section that adds up is cached per part with the versions of the models it reads there;
# its figures are counts, which add up, and shares are worked out once added. What is not a count of one part's rows
# (a platform used in several parts, the milestone tables of seed 003, reporting rounds, steering and inspection
# coverage) is computed over the country, cached by the versions of the apps it reads.


def parts_of_country(on: datetime.date) -> list[tuple[str, ...]]:
    """The parts, as tuples of top agencies' paths: one part per top agency in force at one of the trend's month ends
    or later; and one for all those dissolved before (a page of any day counts some rows of bodies since dissolved,
    an obstacle or a plan's task, as the country computed at once does)."""
    since = _month_ends(on, TREND_MONTHS)[0]
    live, dissolved = [], []
    for path, valid_to in Agency.objects.filter(parent__isnull=False, parent__parent__isnull=True).order_by(
            "path").values_list("path", "valid_to"):
        (dissolved if valid_to and valid_to < since else live).append(path)
    return [(path,) for path in live] + ([tuple(dissolved)] if dissolved else [])




def _national(scope: Scope) -> dict:
    """The national page (as `_compute` would give it), from each part's figures and the country-wide sections."""
    every = {section.name: section for section in sections()}
    parts = parts_of_country(scope.as_of)
    wanted = {(part, name): section for part in parts for name, section in every.items() if section.add_up}
    wanted |= {((), name): section for name, section in every.items() if not section.add_up}
    depends = {(part, name): _keys(section, {scopes.agency_key(path) for path in part}) if part
               else _app_keys(section) for (part, name), section in wanted.items()}

    def compute(key):
        part, name = key
        return every[name].compute(Scope(scope.user, scope.as_of, roots=part), False) if part else every[name].compute(
            scope, True)

    def cache_name(key):
        part, name = key
        if not part:
            return f"country:{name}:{_scope_key(scope)}"
        named = part[0] if len(part) == 1 else hashlib.sha256("|".join(part).encode()).hexdigest()[:16]
        return f"part:{name}:{named}:{scope.as_of.isoformat()}"

    figures = _cached(wanted, depends, compute, cache_name)
    found = {name: figures[((), name)] for name, section in every.items() if not section.add_up}
    for name, section in every.items():
        if section.add_up:
            added = [value for part in parts if (value := figures[(part, name)]) is not None]
            found[name] = section.add_up(added) if added else None
    return _assemble(scope, found, ranking=_ranking(scope.as_of, figures))


def _ranking(on: datetime.date, figures: dict[tuple[tuple[str, ...], str], object]) -> list[Point]:
    """Provinces by the share of their agencies with a DX focal point, from each part's figures."""
    points = []
    for pc in Agency.objects.provincial_pcs().valid_on(on).select_related("admin_unit"):
        having, total = _added(figures[((pc.path,), "target:focal-points")]["counts"])
        points.append(Point(pc.admin_unit.name, round(100 * having / total, 1) if total else 0.0,
                            f"{having}/{total}", f"province={pc.admin_unit_id}&as_of={on.isoformat()}"))
    return sorted(points, key=lambda p: (-p.percent, fold(p.label)))
