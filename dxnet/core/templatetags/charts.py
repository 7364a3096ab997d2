"""Charts drawn on the server: the bars of a monthly chart, with labels a person reads at a glance (T1…T12, the year
once), a height never too small to see, and the values for the hover title and the accessible table."""

import re
from dataclasses import dataclass

from django import template

register = template.Library()

MIN_VISIBLE = 2.5  # percent of the chart's height: a non-zero value below this is drawn this high (about 4 px)
_MONTH = re.compile(r"^(\d{1,2})/(\d{4})$")


@dataclass
class Bar:
    point: object  # label ("mm/yyyy"), percent, detail, query
    month: str  # "T12"
    year: str  # "2025" on the first bar and where the year changes, else ""
    x: int
    top: float
    height: float

    @property
    def title(self) -> str:
        return f"Tháng {self.point.label}: {_percent(self.point.percent)}% ({self.point.detail})"


@dataclass
class MonthChart:
    bars: list[Bar]

    @property
    def width(self) -> int:
        return 10 * len(self.bars)


def _percent(value: float) -> str:
    """66.7 → "66,7"; 40.0 → "40" (Vietnamese decimal comma)."""
    return f"{value:g}".replace(".", ",")


@register.filter
def month_chart(points) -> MonthChart:
    """`{% with chart=trend|month_chart %}`: points labelled "mm/yyyy" as bars 10 units apart in a 0-100 high chart.

    A label that is not a month is shown as it is."""
    bars, last_year = [], None
    for index, point in enumerate(points):
        found = _MONTH.match(str(point.label))
        month, year = (f"T{int(found[1])}", found[2]) if found else (str(point.label), "")
        height = max(float(point.percent), MIN_VISIBLE) if point.percent else 0.0
        bars.append(Bar(point, month, year if year != last_year else "", 10 * index + 1, round(100 - height, 1),
                        round(height, 1)))
        last_year = year
    return MonthChart(bars)


@register.filter
def percent(value) -> str:
    return _percent(float(value))
