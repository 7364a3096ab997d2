"""The table “Bồi dưỡng, tập huấn” of every consolidated report: per agency asked, its plan of the year and the two
seed-004 rules (for a ministry or a province), its DX staff trained in the year and the year's average scores."""

from django.db.models import Q

from dxnet.agencies.models import Agency

from .models import TrainingPlan, TrainingRecord
from .services import LABELS, averages, plan_standing

HEADER = ["Cơ quan", "Kế hoạch năm (phê duyệt)", "Triển khai (lớp đã học xong)", "Cán bộ CĐS được bồi dưỡng",
          "Đánh giá TB (1–5)", "Điểm kiểm tra TB (0–100)"]


def consolidated_table(scope) -> tuple[list[str], list[list]]:
    """Rows for the agencies that were asked (the scope's roots), on the report's day; none when they have no plan
    and no completion in the year."""
    from dxnet.monitoring.targets import Scope, trained  # the dashboards' indicator, computed where the others are

    rows = []
    asked = Agency.objects.filter(path__in=scope.roots).order_by("name")
    plans = {p.agency_id: p for p in TrainingPlan.objects.filter(agency__in=asked, year=scope.as_of.year)
             .select_related("agency")}
    roots = Q()
    for path in scope.roots:
        roots |= Q(agency__path__startswith=path)
    if not plans and not TrainingRecord.objects.filter(roots).completed_in_year(scope.as_of).exists():
        return HEADER, []  # no training recorded for those asked: the report leaves the table out
    for agency in asked:
        plan = plans.get(agency.pk)
        if plan is None:
            approval = carried = "Chưa có kế hoạch" if agency.kind in (*Agency.MINISTRY_LEVEL_KINDS,
                                                                       Agency.Kind.PROVINCIAL_PC) else "—"
        else:
            standing = plan_standing(plan, scope.as_of)
            approved = f" ({plan.approved_on:%d/%m/%Y})" if plan.approved_on else ""
            approval = f"{LABELS[standing.approval]}{approved}"
            carried = f"{LABELS[standing.carried_out]} ({standing.held}/{standing.sessions})"
        own = Scope(None, scope.as_of, roots=(agency.path,))
        target = trained(own)
        scores = averages(TrainingRecord.objects.filter(agency__path__startswith=agency.path)
                          .completed_in_year(scope.as_of))
        rows.append([agency.name, approval, carried, f"{target.value}/{target.total}",
                     scores["evaluation"] if scores["evaluation"] is not None else "—",
                     scores["post_test"] if scores["post_test"] is not None else "—"])
    return HEADER, rows
