"""What an agency field offers: the agencies of the user's scope (of some kinds, when the field says so)."""

from django.core.exceptions import ValidationError
from django.db.models import Q

from dxnet.core.pickers import PickerSource

from .models import Agency


def as_list(params: dict, name: str) -> list[str]:
    values = params.get(name) or []
    return [values] if isinstance(values, str) else list(values)


def agency_choices(user, params: dict):
    kinds = as_list(params, "loai")
    if any(kind not in Agency.Kind.values for kind in kinds):
        raise ValidationError("Loại cơ quan không hợp lệ.")
    agencies = Agency.objects.visible_to(user)
    return agencies.filter(kind__in=kinds) if kinds else agencies


def agency_hint(agency: Agency) -> str:
    parts = [agency.parent.name] if agency.parent_id else []
    if agency.valid_to:
        parts.append(f"đến {agency.valid_to:%d/%m/%Y}")
    return " · ".join(parts)


def by_code(text: str) -> Q:
    return Q(code=text.lower())


AGENCY_PICKER = PickerSource("co-quan", agency_choices, hint=agency_hint, exact=by_code, related=("parent",),
                             params=("loai",))
