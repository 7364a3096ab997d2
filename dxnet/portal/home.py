"""What each audience's home page holds: first the user's next actions (what to add, what is due, what waits on
them), then the figures of their own scope. A commune sees its commune, a province its province, the national level
today's dashboard. Every part starts from `visible_to(user)` and costs one or two queries whatever the number of rows.
"""

import datetime

from django.db.models import Count, Q, Sum

from dxnet.accounts.models import Role
from dxnet.agencies.models import Agency
from dxnet.geo.models import AdminUnit
from dxnet.monitoring import dashboard
from dxnet.monitoring.targets import DX_STAFF_RATIO_2022, Scope
from dxnet.network.models import CommunityTeam, TeamActivity, TeamMember
from dxnet.notifications.models import Notification
from dxnet.obstacles.models import Level, Obstacle
from dxnet.people.services import agencies_without_focal_point, focal_point_required_kinds
from dxnet.plans.models import Task
from dxnet.plans.notices import DUE_SOON_DAYS
from dxnet.reporting.models import ReportRound, Submission

from .navigation import COMMUNE, NATIONAL, audience

SHOWN = 5  # rows of each list on the first screen; the rest is one link away
IN = (Submission.Status.SUBMITTED, Submission.Status.ACCEPTED)


def context_for(user, today: datetime.date) -> dict:
    who = audience(user)
    parts = {"audience": who, "today": today}
    if who == COMMUNE:
        return parts | commune_home(user, today)
    return parts | scope_figures(user, today, national=who == NATIONAL) | awaiting(user, today)


# --- The parts ----------------------------------------------------------------------------------------------------

def due_tasks(user, today: datetime.date) -> dict:
    """The agency's tasks (led or shared) not done and due within a week or overdue, soonest first."""
    agency_id = user.agency_id or 0
    shared = Task.cooperating.through.objects.filter(agency_id=agency_id).values("task")
    rows = (Task.objects.visible_to(user).in_force().exclude(status=Task.Status.DONE)
            .filter(Q(lead_id=agency_id) | Q(pk__in=shared),
                    due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))
            .select_related("plan").order_by("due_date", "pk"))
    tasks = list(rows[:SHOWN])
    for task in tasks:
        task.overdue = task.due_date < today
    return {"due_tasks": tasks, "due_task_count": rows.count()}


def reports_due(user) -> dict:
    """The reports the user's own agency is asked for and has not sent (drafted or returned), earliest due first."""
    rows = (Submission.objects.visible_to(user).filter(agency_id=user.agency_id or 0).exclude(status__in=IN)
            .select_related("round").order_by("round__due_date", "pk"))
    reports = list(rows[:SHOWN])
    return {"reports_due": reports, "report_due_count": rows.count()}


def awaited_reports(user) -> dict:
    """Rounds the user's subtree sent whose reports are not all in: how many are still awaited, latest due first."""
    rounds = ReportRound.objects.visible_to(user)
    if user.agency_id and not user.sees_everything:  # not the rounds asking the user's agency: see `reports_due`
        rounds = rounds.filter(agency__path__startswith=user.agency.path)
    rounds = (rounds.annotate(missing=Count("submissions", filter=~Q(submissions__status__in=IN)))
              .filter(missing__gt=0).order_by("-due_date", "-pk"))
    return {"awaited_rounds": list(rounds[:SHOWN])}


def unread_notices(user) -> dict:
    rows = Notification.objects.visible_to(user).unread()
    notices = list(rows[:3])
    return {"notices": notices, "notice_count": rows.count()}


def obstacles_waiting_on(user) -> dict:
    """Obstacles the user's agency must answer (as services.may_handle decides), and answers it has to accept."""
    if user.role == Role.VIEWER or user.agency_id is None:
        return {"waiting_obstacles": [], "waiting_obstacle_count": 0}
    if user.role == Role.NATIONAL_ADMIN:
        handle = Q(level=Level.NATIONAL)
    elif user.role == Role.COORDINATOR:
        handle = Q(handler__path__startswith=user.agency.path)
    elif user.role == Role.FOCAL_POINT:
        handle = Q(handler_id=user.agency_id)
    else:
        handle = Q(pk__in=[])
    mine = (Q(status__in=Obstacle.WAITING) & handle) | Q(status=Obstacle.Status.ANSWERED, agency_id=user.agency_id)
    rows = Obstacle.objects.visible_to(user).filter(mine).select_related("agency").order_by("due_on", "pk")
    obstacles = list(rows[:SHOWN])
    return {"waiting_obstacles": obstacles,
            "waiting_obstacle_count": rows.count()}


def awaiting(user, today: datetime.date) -> dict:
    """A province's or the national level's first screen: what waits on it today."""
    overdue = (Task.objects.visible_to(user).in_force().overdue(today).select_related("plan", "lead")
               .order_by("due_date", "pk"))
    tasks = list(overdue[:SHOWN])
    return {"overdue_tasks": tasks, "overdue_task_count": overdue.count(),
            **awaited_reports(user), **reports_due(user),
            **obstacles_waiting_on(user), **unread_notices(user)}


def scope_figures(user, today: datetime.date, national: bool) -> dict:
    """The cards of a province (or ministry) or of the country, and the dashboard's targets for that scope."""
    units = AdminUnit.objects.visible_to(user).valid_on(today)
    agencies = Agency.objects.visible_to(user).valid_on(today)
    return {
        "focal_point_required": agencies.filter(kind__in=focal_point_required_kinds()).count(),
        "focal_point_missing": agencies_without_focal_point(user, today).count(),
        "team_count": CommunityTeam.objects.visible_to(user).valid_on(today).count(),
        "member_count": TeamMember.objects.visible_to(user).valid_on(today).count(),
        "agency_count": agencies.count(),
        "province_count": units.provinces().count() if national else None,
        "commune_count": units.communes().count(),
        "commune_pc_count": agencies.filter(kind=Agency.Kind.COMMUNE_PC).count(),
        **dashboard.summary(Scope(user, today), national=national),
        "ratio_reference": DX_STAFF_RATIO_2022,
        "task_count": Task.objects.visible_to(user).count(),
        "overdue_count": Task.objects.visible_to(user).overdue(today).count(),
    }


def commune_home(user, today: datetime.date) -> dict:
    """A commune's first screen: add a member, record an activity, tasks and reports due, notices, obstacles; then
    its own figures (teams, members, activities this month). Nothing national."""
    teams = list(CommunityTeam.objects.visible_to(user).valid_on(today).select_related("village")
                 .order_by("village__name", "pk"))
    month = (TeamActivity.objects.visible_to(user).filter(date__gte=today.replace(day=1), date__lte=today)
             .aggregate(count=Count("pk"), people=Sum("people_helped")))
    return {
        "teams": teams,
        "may_record": user.can_record_team_work,
        "may_found_team": user.can_manage_registry,
        **due_tasks(user, today), **reports_due(user), **unread_notices(user), **obstacles_waiting_on(user),
        "team_count": len(teams),
        "member_count": TeamMember.objects.visible_to(user).valid_on(today).count(),
        "month_activity_count": month["count"],
        "month_people_helped": month["people"] or 0,
    }
