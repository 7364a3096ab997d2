"""What the task filters offer: the plans of the user's scope, and the agencies leading the tasks the user sees."""

from django.db.models import Exists, OuterRef

from dxnet.agencies.models import Agency
from dxnet.agencies.pickers import agency_hint, by_code
from dxnet.core.pickers import PickerSource
from dxnet.core.scoping import scope_of

from .models import Plan, Task


def plan_choices(user, params: dict):
    return Plan.objects.visible_to(user)


def lead_choices(user, params: dict):
    """A commune sees tasks that province departments lead: those departments, though outside its own scope. Who
    sees every task is offered every agency that leads one, asked agency by agency (the distinct leads of 1.8
    million tasks would be read on every keystroke)."""
    if scope_of(user).everything:
        return Agency.objects.filter(Exists(Task.objects.filter(lead=OuterRef("pk"))))
    return Agency.objects.filter(pk__in_array=Task.objects.listed_for(user).values("lead_id").distinct())


PLAN_PICKER = PickerSource("ke-hoach", plan_choices, label=lambda plan: f"{plan.title} ({plan.years})",
                           hint=lambda plan: plan.agency.name, related=("agency",))
LEAD_PICKER = PickerSource("chu-tri", lead_choices, hint=agency_hint, exact=by_code, related=("parent",))
