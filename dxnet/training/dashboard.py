"""The dashboard card “Bồi dưỡng, tập huấn”: plans on time per tier, DX staff trained this year, average scores."""

from dxnet.monitoring.dashboard import summed
from dxnet.monitoring.targets import READS as TARGET_READS
from dxnet.monitoring.targets import percent, trained  # trained: the dashboards' own indicator

from .services import SCORES, TIERS, build_summary, means, score_totals

# What the card reads besides the agencies: the trained indicator's rows, the training plans and their sessions.
READS = (*TARGET_READS["trained"], "training.trainingplan", "training.trainingsession")


def compute_card(scope, national: bool) -> dict | None:
    """Plain, cacheable figures for the scope; each one links to the rows behind it on the page."""
    figures = build_summary(scope, trained(scope), scores=score_totals)
    tiers = [{"tier": tier, "label": row["label"], "total": row["total"], "approved": row["approved_in_time"],
              "carried_out": row["carried_out_in_time"], "laggards": len(row["laggards"])}
             for tier, row in figures["plans"].items() if row["total"]]
    return {"as_of": scope.as_of, "year": figures["year"], "tiers": tiers, "dx_staff": figures["dx_staff"],
            "trained": figures["dx_staff_trained"], "percent": figures["coverage_percent"],
            **figures["scores"], **means(figures["scores"])}


def add_up(parts: list[dict]) -> dict:
    """The country's card from its parts' cards: counts add up, then the shares and means are worked out."""
    counts = ["dx_staff", "trained", "participants", *(f"{score}_{n}" for score in SCORES for n in ("sum", "count"))]
    total = summed(*counts)(parts)
    tiers = [summed("total", "approved", "carried_out", "laggards")(same) for tier in TIERS
             if (same := [t for part in parts for t in part["tiers"] if t["tier"] == tier])]
    return {**total, "tiers": tiers, "percent": percent(total["trained"], total["dx_staff"]), **means(total)}
