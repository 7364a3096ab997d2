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
    national card is computed over the whole country at each change."""

    name: str
    template: str
    compute: Callable[[Scope, bool], dict | None]
    add_up: Callable[[list[dict]], dict] | None = None


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


# --- The whole dashboard as plain data, cached until the data it reads changes -------------------

data_version = audit.data_version
CACHED_FOR = 24 * 3600  # seconds; a day's figures, until the data they read changes


def _version(scope: Scope, national: bool) -> str:
    """The national page, or any page of a user who sees everything, moves with every write; a province's or a
    ministry's official's page only with writes in its own part of the country and in none (dxnet.core.scopes)."""
    keys = None if national else scopes.keys_for(scope.user, scope.province_path, scope.roots)
    return str(data_version()) if keys is None else scopes.version_of(keys)


def _scope_key(scope: Scope) -> str:
    seen = scope_of(scope.user)
    who = "all" if seen.everything else seen.agency_path
    return f"{who}|{scope.province_path}|{','.join(scope.roots)}|{scope.as_of.isoformat()}"


def summary(scope: Scope, national: bool) -> dict:
    """Everything the dashboard shows, computed once per scope and day until the data it reads changes; the national
    page is added up from its parts (`_national`)."""
    key = f"dashboard:{_version(scope, national)}:{national}:{_scope_key(scope)}"
    cached = cache.get(key)
    if cached is None:
        cached = _national(scope) if national else _compute(scope, national)
        cache.set(key, cached, CACHED_FOR)
    return cached


def _card(t: targets.Target, counts: list[tuple[int, int]] | None = None) -> dict:
    """A target's card; with `counts` (counted, universe for each of its parts), from those instead of its rows."""
    value, total = (t.value, t.total) if counts is None else (sum(c for c, _ in counts), sum(u for _, u in counts))
    return {"code": t.code, "number": t.number, "title": t.title, "goal": t.goal, "source": t.source,
            "value": value, "total": total, "percent": targets.percent(value, total)}


def _compute(scope: Scope, national: bool) -> dict:
    ratio = targets.staff_ratio(scope)
    return {
        "targets": [_card(t) for t in targets.compute(scope)],  # the Đề án's five
        "indicators": [_card(t) for t in targets.indicators(scope)],  # beside them, each with its source
        "ratio": {"staff": ratio.staff, "headcount": ratio.headcount, "percent": ratio.percent},
        "overdue": overdue_tasks(scope),
        "trend": focal_point_trend(scope),
        "ranking": province_ranking(scope.as_of) if national else None,
        "compliance": _compliance(scope.as_of) if national else None,
        "own_milestones": None if national else [
            {"name": kind.name, "year": year, "pk": reached.pk if reached else None,
             "day": reached.achieved_on if reached else None} for kind, year, reached in own_milestones(scope)],
        "rounds": _rounds(scope),
        "steering": steering_compliance(scope),
        "inspections": inspection_coverage(scope.as_of) if national else None,
        "obstacles": obstacle_counts(scope),
        "cards": [{"name": c.name, "template": c.template, "data": data} for c in CARDS
                  if (data := c.compute(scope, national)) is not None],
    }


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


def inspection_coverage(on: datetime.date) -> list[dict]:
    """Provinces and ministries inspected in the year up to the day: x/N each (two queries per tier)."""
    from dxnet.inspections.services import TIERS, coverage

    return [{"tier": tier, "label": label, "covered": len(c.covered), "total": c.total, "year": c.year}
            for tier, label in TIERS.items() for c in [coverage(tier, on.year, today=on)]]


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
# everything under it: one cached piece each, with its part's version (dxnet.core.scopes). A write in Lào Cai
# recomputes Lào Cai's piece alone; the page adds up the others from the cache. A piece holds only counts, which add
# up; shares are worked out once added. What is not a count of one part's rows (a platform used in several parts,
# the milestone tables of seed 003, reporting rounds, steering and inspection coverage) is computed over the country,
# cached by the versions of the apps it reads; a card without `add_up`, at each change.


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


def _piece(scope: Scope) -> dict:
    """What one part adds to the national page (`scope` is its subtree)."""
    ratio = targets.staff_ratio(scope)
    return {
        "targets": {t.code: [(p.counted_count, p.universe_count) for p in t.parts]
                    for t in [*targets.compute(scope), *targets.indicators(scope)] if t.additive},
        "ratio": (ratio.staff, ratio.headcount),
        "overdue": overdue_tasks(scope),
        "trend": focal_point_counts(scope),
        "obstacles": obstacle_counts(scope),
        "cards": {c.name: data for c in CARDS if c.add_up and (data := c.compute(scope, False)) is not None},
    }


# The apps the country-wide sections read: their figures stand until a write in one of them.
COUNTRYWIDE_APPS = ("agencies", "monitoring", "platforms", "reporting", "steering", "inspections")


def _pieces(scope: Scope, parts: list[tuple[str, ...]]) -> tuple[dict[tuple[str, ...], dict], dict]:
    """Each part's piece, and the country-wide sections: from the cache when none of the top agencies (of the apps)
    they read has changed, else computed and cached."""
    part_keys = {part: [scopes.agency_key(path) for path in part] for part in parts}
    apps = [f"app:{label}" for label in COUNTRYWIDE_APPS]
    versions = scopes.versions({scopes.NATIONAL, *apps, *(key for keys in part_keys.values() for key in keys)})
    keys = {}
    for part, part_key in part_keys.items():
        moved = sum(versions[key] for key in part_key)  # versions only grow: the sum moves when any of them does
        name = part[0] if len(part) == 1 else hashlib.sha256("|".join(part).encode()).hexdigest()[:16]
        keys[part] = f"dashboard-part:{versions[scopes.NATIONAL]}.{moved}:{name}:{scope.as_of.isoformat()}"
    moved = ",".join(str(versions[key]) for key in [scopes.NATIONAL, *apps])
    country = f"dashboard-country:{moved}:{_scope_key(scope)}"
    found = cache.get_many([*keys.values(), country])
    computed = {keys[part]: _piece(Scope(scope.user, scope.as_of, roots=part)) for part in parts
                if keys[part] not in found}
    if country not in found:
        computed[country] = _countrywide(scope)
    cache.set_many(computed, CACHED_FOR)
    everything = {**found, **computed}
    return {part: everything[key] for part, key in keys.items()}, everything[country]


def _countrywide(scope: Scope) -> dict:
    """The national page's sections that are not counts of one part's rows."""
    return {
        "targets": {t.code: _card(t) for t in [*targets.compute(scope), *targets.indicators(scope)] if not t.additive},
        "compliance": _compliance(scope.as_of),
        "rounds": _rounds(scope),
        "steering": steering_compliance(scope),
        "inspections": inspection_coverage(scope.as_of),
    }


def _national(scope: Scope) -> dict:
    """The national page (as `_compute` would give it) from the parts' pieces and the country-wide sections."""
    pieces, country = _pieces(scope, parts_of_country(scope.as_of))
    added = list(pieces.values())
    staff, headcount = (sum(p["ratio"][n] for p in added) for n in (0, 1))
    trend = [tuple(sum(p["trend"][month][n] for p in added) for n in (0, 1)) for month in range(TREND_MONTHS)]

    def card(t: targets.Target) -> dict:
        if not t.additive:
            return country["targets"][t.code]
        return _card(t, [tuple(sum(p["targets"][t.code][n][side] for p in added) for side in (0, 1))
                         for n in range(len(t.parts))])

    return {
        "targets": [card(t) for t in targets.compute(scope)],
        "indicators": [card(t) for t in targets.indicators(scope)],
        "ratio": {"staff": staff, "headcount": headcount,
                  "percent": targets.StaffRatio(staff, headcount, 0).percent},
        "overdue": sum(p["overdue"] for p in added),
        "trend": trend_points(scope.as_of, trend),
        "ranking": _ranking(scope.as_of, pieces),
        "compliance": country["compliance"],
        "own_milestones": None,
        "rounds": country["rounds"],
        "steering": country["steering"],
        "inspections": country["inspections"],
        "obstacles": {name: sum(p["obstacles"][name] for p in added) for name in ("waiting", "overdue", "beyond")},
        "cards": [{"name": c.name, "template": c.template, "data": data} for c in CARDS
                  if (data := _national_card(c, scope, added)) is not None],
    }


def _national_card(card: Card, scope: Scope, pieces: list[dict]) -> dict | None:
    if card.add_up is None:
        return card.compute(scope, True)
    parts = [piece["cards"][card.name] for piece in pieces if card.name in piece["cards"]]
    return card.add_up(parts) if parts else None


def _ranking(on: datetime.date, pieces: dict[tuple[str, ...], dict]) -> list[Point]:
    """Provinces by the share of their agencies with a DX focal point."""
    points = []
    for pc in Agency.objects.provincial_pcs().valid_on(on).select_related("admin_unit"):
        having, total = (sum(part[side] for part in pieces[(pc.path,)]["targets"]["focal-points"]) for side in (0, 1))
        points.append(Point(pc.admin_unit.name, round(100 * having / total, 1) if total else 0.0,
                            f"{having}/{total}", f"province={pc.admin_unit_id}&as_of={on.isoformat()}"))
    return sorted(points, key=lambda p: (-p.percent, fold(p.label)))
