"""The consolidated report's table of indicators, projects and IT spending (registered in PlansConfig.ready):
one row per agency that was asked, from its own plans, on the report's day."""

from dxnet.agencies.models import Agency

from .models import BudgetDeclaration, Disbursement, Indicator, Plan, Project
from .services.budget import amount_text, over_approved, spending_of, with_disbursed
from .services.measures import PLAN_TEXT, figure_text, roll_up, statuses

HEADER = ["Cơ quan", "Chỉ tiêu đúng tiến độ", "Chỉ tiêu chậm tiến độ", "Dự án, nhiệm vụ có kinh phí",
          "Tổng mức được duyệt (triệu đồng)", "Đã giải ngân trong năm (triệu đồng)", "Giải ngân vượt tổng mức",
          "Tỷ lệ chi cho CNTT/tổng vốn NSNN"]


def consolidated_table(scope) -> tuple[list[str], list[list]]:
    """None when those asked have neither indicators nor projects: the report leaves the table out."""
    year = scope.as_of.year
    asked = list(Agency.objects.filter(path__in=scope.roots).order_by("name"))
    plans = Plan.objects.filter(agency__in=asked, year__lte=year, until_year__gte=year).exclude(
        status=Plan.Status.WITHDRAWN)
    indicators = list(Indicator.objects.filter(plan__in=plans).select_related("plan__agency").defer(*PLAN_TEXT))
    projects = Project.objects.filter(task__plan__in=plans)
    if not indicators and not projects.exists():
        return HEADER, []
    by_agency: dict[int, list] = {}
    for row in statuses(indicators, scope.as_of):
        by_agency.setdefault(row.indicator.plan.agency_id, []).append(row)
    ratios = {row.agency.pk: row.percent for row in spending_of(plans, BudgetDeclaration.objects.filter(
        agency__in=asked), year)}
    rows = []
    for agency in asked:
        track = roll_up(by_agency.get(agency.pk, []))
        own = projects.filter(task__plan__agency=agency)
        approved = sum((p.approved_total or 0 for p in with_disbursed(own)), start=0)
        disbursed = sum(Disbursement.objects.filter(project__in=own, year=year).values_list("amount", flat=True),
                        start=0)
        ratio = ratios.get(agency.pk)
        rows.append([agency.name, f"{track.on}/{track.total}", track.off, own.count(), amount_text(approved),
                     amount_text(disbursed), over_approved(own).count(),
                     f"{figure_text(ratio)}%" if ratio is not None else "Chưa kê khai tổng vốn"])
    return HEADER, rows
