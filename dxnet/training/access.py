"""Who reaches a course, a plan, a session or a participation: `get_<x>_for_user(user, pk, action)`.

Missing and out of scope answer 404; seen but not changeable (the role, or a national course for anyone but the
national administrator), 403.
"""

from django.core.exceptions import PermissionDenied

from dxnet.core.scoping import get_for_user

from .models import Course, TrainingPlan, TrainingRecord, TrainingSession
from .services import NATIONAL_ONLY, require_course_change, require_manage


def _require_change(user, action: str) -> None:
    if action == "change" and not user.can_manage_registry:
        raise PermissionDenied("Vai trò của bạn không được thay đổi dữ liệu này.")


def get_course_for_user(user, pk, action: str = "view") -> Course:
    course = get_for_user(Course.objects.select_related("agency"), user, pk=pk)
    if action == "change":
        if course.is_national and not user.sees_everything:
            raise PermissionDenied(NATIONAL_ONLY)
        require_course_change(course, course.agency, user)
    return course


def get_plan_for_user(user, pk, action: str = "view") -> TrainingPlan:
    plan = get_for_user(TrainingPlan.objects.select_related("agency"), user, pk=pk)
    _require_change(user, action)
    return plan


def get_session_for_user(user, pk, action: str = "view") -> TrainingSession:
    session = get_for_user(TrainingSession.objects.select_related("plan__agency", "course", "organiser"), user, pk=pk)
    if action == "change":  # its organiser sees it; the plan's side writes it
        require_manage(session.plan.agency, user)
    return session


def get_record_for_user(user, pk, action: str = "view") -> TrainingRecord:
    record = get_for_user(TrainingRecord.objects.select_related("agency", "person", "session"), user, pk=pk)
    _require_change(user, action)
    return record
