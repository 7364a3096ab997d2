import contextlib
import datetime
import decimal
import re

from django import template
from django.core.exceptions import ObjectDoesNotExist

from dxnet.core import numbers
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
    if isinstance(value, int | float | decimal.Decimal):
        # A year is a name, not a quantity: 2026, never 2.026.
        return str(value) if path.endswith("year") else numbers.number(value)
    return value


@register.filter
def vn_number(value) -> str:
    """`{{ total|vn_number }}`: 1.234 and 0,5 as official documents write them (the same as the DOCX); "—" when
    empty."""
    return numbers.number(value)


@register.filter
def vn_signed(value) -> str:
    """`{{ difference|vn_signed }}`: "+2", "-1,5"."""
    return numbers.signed(value)


@register.filter
def vn_percent(value) -> str:
    """`{{ target.percent|vn_percent }}`: "0,1%"; "—" when there is no figure."""
    return numbers.percent(value)


# "30/3/2024", "30-03-2024" or "ngày 30 tháng 3 năm 2024".
_WRITTEN_DATE = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"
                           r"|ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)


def _written_dates(words: str) -> set[datetime.date]:
    days = set()
    for match in _WRITTEN_DATE.finditer(words):
        groups = match.groups()
        day, month, year = (int(part) for part in (groups[:3] if match[1] else groups[3:]))
        with contextlib.suppress(ValueError):
            days.add(datetime.date(year, month, day))
    return days


@register.filter
def deadline(words: str, due: datetime.date | None) -> str:
    """`{{ task.deadline_text|deadline:task.due_date }}`: the deadline in the plan's words, its due date added only
    when the words do not already name that day — "30/3/2024" once, "Quý II/2025 (hạn 30/06/2025)"."""
    words = (words or "").strip()
    if due is None:
        return words or "Chưa xác định"
    if not words:
        return due.strftime("%d/%m/%Y")
    return words if due in _written_dates(words) else f"{words} (hạn {due:%d/%m/%Y})"
