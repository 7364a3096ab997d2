"""The pieces of the dashboard: each a few grouped queries over the same scope as the targets."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Exists, F, OuterRef, Q

from dxnet.core import audit, scopes
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
    tasks = Task.objects.visible_to(scope.user) if not scope.roots else Task.objects.filter(
        plan__agency__in=scope.agencies())
    if scope.province_path:
        tasks = tasks.filter(plan__agency__admin_unit__path__startswith=scope.province_path)
    return tasks.in_force().overdue(scope.as_of).count()


def _month_ends(on: datetime.date, count: int) -> list[datetime.date]:
    ends, day = [], on
    for _ in range(count):
        ends.append(day)
        day = day.replace(day=1) - datetime.timedelta(days=1)
    return list(reversed(ends))


def focal_point_trend(scope: Scope, months: int = 12) -> list[Point]:
    """Share of the agencies that must have a focal point and had one, at the end of each recent month."""
    points = []
    for day in _month_ends(scope.as_of, months):
        at = Scope(scope.user, day, scope.province_path, scope.roots)
        agencies = at.agencies().filter(kind__in=focal_point_required_kinds())
        total = agencies.count()
        having = agencies.filter(Exists(FocalPoint.objects.valid_on(day).filter(agency=OuterRef("pk")))).count()
        points.append(Point(f"{day:%m/%Y}", round(100 * having / total, 1) if total else 0.0, f"{having}/{total}",
                            f"as_of={day.isoformat()}"))
    return points


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
    nothing to show in that scope), which `template` renders as `card`."""

    name: str
    template: str
    compute: Callable[[Scope, bool], dict | None]


CARDS: list[Card] = []


def register_card(card: Card) -> None:
    """Called from an app's AppConfig.ready(): its card joins every dashboard, after the built-in ones."""
    if all(c.name != card.name for c in CARDS):
        CARDS.append(card)


# --- The whole dashboard as plain data, cached until the data it reads changes -------------------

data_version = audit.data_version


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
    """Everything the dashboard shows, computed once per scope and day until the data it reads changes."""
    key = f"dashboard:{_version(scope, national)}:{national}:{_scope_key(scope)}"
    cached = cache.get(key)
    if cached is None:
        cached = _compute(scope, national)
        cache.set(key, cached, 24 * 3600)
    return cached


def _card(t: targets.Target) -> dict:
    return {"code": t.code, "number": t.number, "title": t.title, "goal": t.goal, "source": t.source,
            "value": t.value, "total": t.total, "percent": t.percent}


def _compute(scope: Scope, national: bool) -> dict:
    ratio = targets.staff_ratio(scope)
    return {
        "targets": [_card(t) for t in targets.compute(scope)],  # the Đề án's five
        "indicators": [_card(t) for t in targets.indicators(scope)],  # beside them, each with its source
        "ratio": {"staff": ratio.staff, "headcount": ratio.headcount, "percent": ratio.percent},
        "overdue": overdue_tasks(scope),
        "trend": focal_point_trend(scope),
        "ranking": province_ranking(scope.as_of) if national else None,
        "compliance": [[{"label": c.label, "kind": c.kind.pk, "year": c.year, "reached": len(c.reached),
                         "total": c.total} for c in row] for row in compliance_rows(scope.as_of)] if national else None,
        "own_milestones": None if national else [
            {"name": kind.name, "year": year, "pk": reached.pk if reached else None,
             "day": reached.achieved_on if reached else None} for kind, year, reached in own_milestones(scope)],
        "rounds": [{"pk": r.pk, "title": r.title, "due": r.due_date, "received": r.received, "total": r.total,
                    "late": r.late} for r in rounds(scope.user, scope.as_of)],
        "steering": steering_compliance(scope),
        "inspections": inspection_coverage(scope.as_of) if national else None,
        "obstacles": obstacle_counts(scope),
        "cards": [{"name": c.name, "template": c.template, "data": data} for c in CARDS
                  if (data := c.compute(scope, national)) is not None],
    }


def obstacle_counts(scope: Scope) -> dict:
    """Obstacles the user sees still waiting for an answer, and how many are past their SLA (one query)."""
    from dxnet.obstacles.models import Obstacle  # the app above monitoring, imported when used

    rows = Obstacle.objects.visible_to(scope.user).waiting()
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
