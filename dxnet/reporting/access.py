"""Who reaches a round, a report and their files, and who may act on them:
`get_<x>_for_user(user, pk, action="view"|"change")`. Missing and out of scope answer 404; seen but not
allowed, 403."""

from django.core.exceptions import PermissionDenied

from dxnet.agencies.models import Agency
from dxnet.core.scoping import get_for_user, scope_of

from .models import Consolidation, ReportRound, Submission, SubmissionFile


def in_scope(agency: Agency, user) -> bool:
    return scope_of(user).covers(agency.path)


def may_manage_round(round_: ReportRound, user) -> bool:
    """The side that asked: a planner whose scope holds the round's agency (reviews, reminders, consolidation)."""
    return user.can_manage_plans and in_scope(round_.agency, user)


def may_answer(submission: Submission, user) -> bool:
    return user.can_manage_registry and in_scope(submission.agency, user)


def may_review(submission: Submission, user) -> bool:
    return may_manage_round(submission.round, user)


def get_round_for_user(user, pk, action: str = "view") -> ReportRound:
    """A round; to change it (remind, consolidate) one must be the side that asked."""
    round_ = get_for_user(ReportRound.objects.select_related("agency"), user, pk=pk)
    if action == "change" and not may_manage_round(round_, user):
        raise PermissionDenied("Chỉ cơ quan yêu cầu báo cáo được thực hiện việc này.")
    return round_


def get_submission_for_user(user, pk, action: str = "view") -> Submission:
    """A report; to change it (answer, send) one must be of the reporting agency."""
    submission = get_for_user(Submission.objects.select_related("round__form", "round__agency", "agency"), user,
                              pk=pk)
    if action == "change" and not may_answer(submission, user):
        raise PermissionDenied("Chỉ cơ quan báo cáo được sửa báo cáo này.")
    return submission


def get_submission_file_for_user(user, pk) -> SubmissionFile:
    return get_for_user(SubmissionFile.objects.select_related("submission"), user, pk=pk)


def get_consolidation_for_user(user, pk) -> Consolidation:
    return get_for_user(Consolidation.objects, user, pk=pk)
