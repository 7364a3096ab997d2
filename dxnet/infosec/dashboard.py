"""The dashboard card “An toàn thông tin”: systems, approved %, overdue assessments, drills of the year (each number
opens its rows)."""

from django.db.models import Count, Q

from dxnet.monitoring.dashboard import summed

from . import rules
from .models import InformationSystem, SecurityDrill


def compute(scope, national: bool) -> dict | None:
    """Two queries over the scope's agencies on its day; None when the scope has neither systems nor drills."""
    agencies = scope.agencies()
    counts = rules.figures(scope.visible(InformationSystem).filter(agency__in=agencies), scope.as_of)
    drills = scope.visible(SecurityDrill).filter(rules.drills_of_year(scope.as_of), agency__in=agencies).aggregate(
        drills=Count("pk"), live_fire_drills=Count("pk", filter=Q(live_fire=True)))
    if not counts["systems"] and not drills["drills"]:
        return None
    return {"as_of": scope.as_of, "systems": counts["systems"], "approved": counts["approved"],
            "approved_percent": rules.percent(counts["approved"], counts["systems"]), "overdue": counts["overdue"],
            **drills}


def add_up(parts: list[dict]) -> dict:
    """The country's card from its parts' cards."""
    total = summed("systems", "approved", "overdue", "drills", "live_fire_drills")(parts)
    return {**total, "approved_percent": rules.percent(total["approved"], total["systems"])}
