"""Who reaches an inspection: `get_<x>_for_user(user, pk, action="view"|"change")`.

An inspection is seen by the inspecting body's subtree and by the subtrees of the agencies it inspected (each of
those sees only its own row); it is changed by the inspecting side's coordinators and national administrators.
Missing and out of scope answer 404; seen but not changeable, 403.
"""

from dxnet.core.scoping import get_for_user

from .models import InspectedAgency, Inspection
from .services import require_change


def get_inspection_for_user(user, pk, action: str = "view") -> Inspection:
    inspection = get_for_user(Inspection.objects.select_related("agency"), user, pk=pk)
    if action == "change":
        require_change(inspection, user)
    return inspection


def get_inspected_agency_for_user(user, pk, action: str = "view") -> InspectedAgency:
    target = get_for_user(InspectedAgency.objects.select_related("agency", "inspection__agency"), user, pk=pk)
    if action == "change":
        require_change(target.inspection, user)
    return target
