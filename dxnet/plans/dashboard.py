"""The dashboard card "Kinh phí, dự án": money approved and disbursed, projects over their approved total, and
indicators on and off track, for the dashboard's scope and day (registered in PlansConfig.ready)."""

import operator
from functools import reduce

from django.db.models import Count, OuterRef, Q, Subquery, Sum

from .models import Disbursement, Indicator, Plan, Project
from .services.budget import over_approved
from .services.measures import PLAN_TEXT, roll_up, statuses


def _in_scope(queryset, scope, plan_path: str):
    """The rows of plans of the scope (the user's, or some agencies' subtrees), in force."""
    if scope.roots:
        # Each row's plan looked up by itself: joined to the tasks and filtered on their plans' paths, PostgreSQL
        # walks the tasks in id order until it passes the last project's (all of them when a part's tasks are new).
        agency_path = Plan.objects.filter(pk=OuterRef(f"{plan_path}_id")).values("agency__path")[:1]
        queryset = queryset.alias(plan_agency_path=Subquery(agency_path)).filter(
            reduce(operator.or_, (Q(plan_agency_path__startswith=root) for root in scope.roots)))
    else:
        queryset = queryset.visible_to(scope.user)
    if scope.province_path:
        queryset = queryset.filter(**{f"{plan_path}__agency__admin_unit__path__startswith": scope.province_path})
    return queryset.exclude(**{f"{plan_path}__status": Plan.Status.WITHDRAWN})


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
