import datetime

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.utils.formats import number_format

from dxnet.core.privacy import mask_phone, shown_phone

register = template.Library()


@register.filter
def phone_for(phone: str, user) -> str:
    """`{{ person.phone|phone_for:user }}`: the number, masked for a user who may not see contacts."""
    return shown_phone(phone, user) if phone else "—"


@register.filter
def masked_phone(value) -> str:
    """A cell already shown ("—" when empty), masked."""
    return value if value in ("—", "", None) else mask_phone(str(value))


@register.filter
def cell(obj, path: str):
    """The value at a dotted path, with choice labels, dd/mm/yyyy dates and grouped numbers; "—" when empty."""
    value = obj
    for part in path.split("."):
        if value is None:
            break
        display = getattr(value, f"get_{part}_display", None)
        try:
            value = display() if display else getattr(value, part)
        except ObjectDoesNotExist:  # a missing one-to-one (a village without a team)
            value = None
    if callable(value):
        value = value()
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    return value
