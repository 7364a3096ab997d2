"""What an administrative-unit field offers: the units of the user's territory; a former one says until when."""

from django.db.models import Q

from dxnet.core.pickers import PickerSource

from .models import AdminUnit


def unit_choices(user, params: dict):
    return AdminUnit.objects.visible_to(user)


def unit_hint(unit: AdminUnit) -> str:
    parts = [unit.parent.name] if unit.parent_id else [unit.get_level_display()]
    if unit.valid_to:
        parts.append(f"đến {unit.valid_to:%d/%m/%Y}")
    return " · ".join(parts)


def by_official_code(text: str) -> Q | None:
    return Q(code=text) if text.isdigit() else None


UNIT_PICKER = PickerSource("don-vi", unit_choices, hint=unit_hint, exact=by_official_code, related=("parent",))
