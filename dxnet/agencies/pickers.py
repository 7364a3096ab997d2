"""What an agency field offers: the agencies of the user's scope (of some kinds, when the field says so)."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q, Subquery

from dxnet.core.pickers import PickerSource

from .models import Agency


def as_list(params: dict, name: str) -> list[str]:
    values = params.get(name) or []
    return [values] if isinstance(values, str) else list(values)


def agency_choices(user, params: dict):
    """The agencies of the user's scope; of some kinds (`loai`), under one agency (`thuoc`, itself included), in
    force on a day (`ngay`), when asked."""
    kinds = as_list(params, "loai")
    if any(kind not in Agency.Kind.values for kind in kinds):
        raise ValidationError("Loại cơ quan không hợp lệ.")
    agencies = Agency.objects.visible_to(user)
    if kinds:
        agencies = agencies.filter(kind__in=kinds)
    for under in as_list(params, "thuoc")[:1]:
        if not (under.isascii() and under.isdigit() and int(under) < 2**63):
            raise ValidationError("Cơ quan cấp trên không hợp lệ.")
        # A subquery, not a query now: a page with several of these fields asks nothing until it is searched.
        agencies = agencies.filter(path__startswith=Subquery(
            Agency.objects.visible_to(user).filter(pk=under).values("path")[:1]))
    for day in as_list(params, "ngay")[:1]:
        try:
            agencies = agencies.valid_on(datetime.date.fromisoformat(day))
        except ValueError:
            raise ValidationError("Ngày không hợp lệ (yyyy-mm-dd).") from None
    return agencies


def agency_hint(agency: Agency) -> str:
    parts = [agency.parent.name] if agency.parent_id else []
    if agency.valid_to:
        parts.append(f"đến {agency.valid_to:%d/%m/%Y}")
    return " · ".join(parts)


def by_code(text: str) -> Q:
    return Q(code=text.lower())


AGENCY_PICKER = PickerSource("co-quan", agency_choices, hint=agency_hint, exact=by_code, related=("parent",),
                             params=("loai", "thuoc", "ngay"))
