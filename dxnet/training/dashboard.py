"""The dashboard card “Bồi dưỡng, tập huấn”: plans on time per tier, DX staff trained this year, average scores."""

from .services import build_summary


def compute_card(scope, national: bool) -> dict | None:
    """Plain, cacheable figures for the scope; each one links to the rows behind it on the page."""
    from dxnet.monitoring.targets import trained  # the dashboards' own indicator, computed where the others are

    figures = build_summary(scope, trained(scope))
    tiers = [{"tier": tier, "label": row["label"], "total": row["total"], "approved": row["approved_in_time"],
              "carried_out": row["carried_out_in_time"], "laggards": len(row["laggards"])}
             for tier, row in figures["plans"].items() if row["total"]]
    return {"as_of": scope.as_of, "year": figures["year"], "tiers": tiers, "dx_staff": figures["dx_staff"],
            "trained": figures["dx_staff_trained"], "percent": figures["coverage_percent"],
            "evaluation": figures["scores"]["evaluation"], "post_test": figures["scores"]["post_test"],
            "participants": figures["scores"]["participants"]}
