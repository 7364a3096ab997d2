"""Working days: Monday to Friday minus the national holidays of data/holidays.csv (sourced in the file)."""

import datetime
from functools import cache
from pathlib import Path

from dxnet.core.csvdata import read_csv

HOLIDAYS_CSV = Path(__file__).parent / "data" / "holidays.csv"


@cache
def holidays() -> frozenset[datetime.date]:
    return frozenset(datetime.date.fromisoformat(row["date"]) for row in read_csv(HOLIDAYS_CSV))


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in holidays()


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The `days`-th working day after `start` (a case received on a Friday with 1 day is due Monday)."""
    day = start
    while days > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to `end` (negative when `end` is before `start`)."""
    sign, (low, high) = (1, (start, end)) if start <= end else (-1, (end, start))
    count, day = 0, low
    while day < high:
        day += datetime.timedelta(days=1)
        count += is_working_day(day)
    return sign * count
