"""Who reaches an agency and its decisions, and who may change them: `get_<x>_for_user(user, pk, action)`.

Missing and out of scope answer 404; seen but not changeable (the role), 403.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from dxnet.core.scoping import get_for_user

from .models import Agency, AgencyDecision, ReorganisationEvent


def get_agency_for_user(user, pk, action: str = "view") -> Agency:
    agency = get_for_user(Agency.objects, user, pk=pk)
    if action == "change" and not user.can_manage_agencies:
        raise PermissionDenied("Vai trò của bạn không được sửa thông tin cơ quan, đơn vị.")
    return agency


def get_decision_for_user(user, pk) -> AgencyDecision:
    """A restructuring decision and its file, for those who may see the agency."""
    return get_for_user(AgencyDecision.objects, user, pk=pk)


def get_event_for_user(user, pk) -> ReorganisationEvent:
    """A reorganisation event, for national administrators only (it changes the whole tree)."""
    if not user.sees_everything:
        raise PermissionDenied("Chỉ quản trị quốc gia được xem và áp dụng sắp xếp tổ chức.")
    return get_object_or_404(ReorganisationEvent, pk=pk)
