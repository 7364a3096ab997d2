"""The dashboard card "Kinh phí, dự án": money approved and disbursed, projects over their approved total, and
indicators on and off track, for the dashboard's scope and day (registered in PlansConfig.ready)."""

from django.db.models import Count, OuterRef, Subquery, Sum

from .models import Disbursement, Indicator, Plan, Project
from .services.budget import over_approved
from .services.measures import PLAN_TEXT, roll_up, statuses


def _in_scope(queryset, scope, plan_path: str):
    """The rows of plans of the scope (the user's, or some agencies' subtrees), in force. `plan_path` reaches the
    plan from a row ("plan", or "task__plan")."""
    plans = Plan.objects.filter(scope.under("agency")) if scope.roots else Plan.objects.visible_to(scope.user)
    if scope.province_path:
        plans = plans.filter(agency__admin_unit__path__startswith=scope.province_path)
    plans = plans.exclude(status=Plan.Status.WITHDRAWN).values("pk")
    if "__" not in plan_path:
        return queryset.filter(**{f"{plan_path}__in_array": plans})
    # Each row's plan looked up by itself: joined to the tasks and filtered on their plans, PostgreSQL walks the
    # tasks in id order until it passes the last project's (all of them when the scope's tasks are the newest).
    step, rest = plan_path.split("__", 1)
    step_model = queryset.model._meta.get_field(step).related_model
    row_plan = Subquery(step_model.objects.filter(pk=OuterRef(f"{step}_id")).values(f"{rest}_id")[:1])
    return queryset.alias(row_plan=row_plan).filter(row_plan__in_array=plans)


def budget_card(scope, national: bool) -> dict | None:
    projects = _in_scope(Project.objects.all(), scope, "task__plan")
    indicators = list(_in_scope(Indicator.objects.all(), scope, "plan").select_related("plan__agency")
                      .defer(*PLAN_TEXT))
    year = scope.as_of.year
    money = projects.aggregate(approved=Sum("approved_total"), count=Count("pk"))
    if not money["count"] and not indicators:
        return None
    disbursed = Disbursement.objects.filter(project__in=projects, year=year).aggregate(total=Sum("amount"))["total"]
    track = roll_up(statuses(indicators, scope.as_of))
    return {"year": year, "projects": money["count"] or 0, "approved": money["approved"] or 0,
            "disbursed": disbursed or 0, "over": over_approved(projects).count(), "on": track.on, "off": track.off,
            "no_data": track.no_data, "indicators": track.total}
