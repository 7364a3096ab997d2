"""Deadlines in the seeds' own words: one parser, one formatter.

"Quý II/2025" is due 30/06/2025, "Năm 2024" 31/12/2024, "2024 - 2025" 31/12/2025, "Thường xuyên" is judged in
every reporting period, "trước ngày 30 tháng 11 hàng năm" falls due on 30/11 each year. A phrase the parser does not
know is an error that names it: a deadline is never guessed.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from .text import fold


class DeadlineError(ValueError):
    """A deadline phrase that is not understood."""


ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
QUARTER_NAMES = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Deadline:
    """When a task is due: once (`due`), every reporting period (`recurring`), or yearly on a day and month."""

    due: datetime.date | None = None
    recurring: bool = False
    yearly_day: int | None = None
    yearly_month: int | None = None
    words: str = ""

    @property
    def is_yearly(self) -> bool:
        return self.yearly_month is not None

    def due_in_year(self, year: int) -> datetime.date:
        """The date a yearly deadline falls on in `year`."""
        if not self.is_yearly:
            raise DeadlineError("Thời hạn này không lặp lại hằng năm.")
        return datetime.date(year, self.yearly_month, self.yearly_day)

    def is_overdue(self, on: datetime.date) -> bool:
        """A one-off deadline passed before `on` (recurring ones are judged per period, not here)."""
        return self.due is not None and on > self.due

    def __str__(self) -> str:
        return describe(self)


def _end_of_month(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _date(day: int, month: int, year: int, words: str) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise DeadlineError(f"Thời hạn “{words}” không phải là một ngày có thật.") from None


_YEAR = r"(\d{4})"
_RULES: list[tuple[re.Pattern, object]] = [
    (re.compile(r"^thuong xuyen$"), lambda m, w: Deadline(recurring=True, words=w)),
    (re.compile(rf"^quy (i|ii|iii|iv) ?/ ?{_YEAR}$"),
     lambda m, w: Deadline(due=_end_of_month(int(m[2]), 3 * ROMAN_QUARTERS[m[1]]), words=w)),
    # "Năm 2024", "Trong năm 2024", and a sentence ending "… trong năm 2024"
    (re.compile(rf"^(?:(?:.* )?trong )?nam {_YEAR}$"), lambda m, w: Deadline(due=datetime.date(int(m[1]), 12, 31),
                                                                             words=w)),
    (re.compile(rf"^{_YEAR}$"), lambda m, w: Deadline(due=datetime.date(int(m[1]), 12, 31), words=w)),
    (re.compile(rf"^thang (\d{{1,2}}) ?/ ?{_YEAR}$"), lambda m, w: _month(int(m[1]), int(m[2]), w)),
    (re.compile(rf"^(?:truoc ngay )?(\d{{1,2}}) ?/ ?(\d{{1,2}}) ?/ ?{_YEAR}$"),
     lambda m, w: Deadline(due=_date(int(m[1]), int(m[2]), int(m[3]), w), words=w)),
    (re.compile(rf"^(?:giai doan )?{_YEAR} ?(?:-|–|den) ?{_YEAR}$"), lambda m, w: _span(int(m[1]), int(m[2]), w)),
    (re.compile(r"^(?:truoc )?ngay (\d{1,2}) thang (\d{1,2}) hang nam$"),
     lambda m, w: _yearly(int(m[1]), int(m[2]), w)),
]


def _month(month: int, year: int, words: str) -> Deadline:
    if not 1 <= month <= 12:
        raise DeadlineError(f"Thời hạn “{words}” có tháng không hợp lệ.")
    return Deadline(due=_end_of_month(year, month), words=words)


def _span(first: int, last: int, words: str) -> Deadline:
    if last < first:
        raise DeadlineError(f"Thời hạn “{words}” có năm kết thúc trước năm bắt đầu.")
    return Deadline(due=datetime.date(last, 12, 31), words=words)


def _yearly(day: int, month: int, words: str) -> Deadline:
    _date(day, month, 2024, words)  # a real day (29/02 allowed: 2024 is a leap year)
    return Deadline(yearly_day=day, yearly_month=month, words=words)


def parse(words: str) -> Deadline:
    """The deadline that `words` say; DeadlineError naming them when they say none we know."""
    text = fold(words).strip(" .;")  # "hàng năm" and "hằng năm" both fold to "hang nam"
    for pattern, build in _RULES:
        match = pattern.match(text)
        if match:
            return build(match, " ".join(words.split()).strip(" .;"))
    raise DeadlineError(f"Không hiểu thời hạn “{words.strip()}”. Dùng một trong các dạng: “Quý II/2025”, "
                        "“Năm 2024”, “Tháng 6/2024”, “30/3/2024”, “2024 - 2025”, “Thường xuyên”, "
                        "“trước ngày 30 tháng 11 hàng năm”.")


_DAY_MONTH_YEAR = re.compile(r"^(\D*?)(\d{1,2})( ?/ ?)(\d{1,2})( ?/ ?)(\d{4})$")
_ANY_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def shift(words: str, years: int) -> str:
    """`words` moved `years` years on: "30/3/2024" by 3 is "30/3/2027", "Quý II/2025" by 3 is "Quý II/2028";
    "Thường xuyên" and "… hàng năm" do not move. A day that does not exist in the new year (29/2) becomes the last
    day of its month. DeadlineError when `words` are no deadline we know."""
    deadline = parse(words)
    if not years or deadline.recurring or deadline.is_yearly:
        return words
    dated = _DAY_MONTH_YEAR.match(words.strip())
    if dated:
        year, month = int(dated[6]) + years, int(dated[4])
        day = min(int(dated[2]), calendar.monthrange(year, month)[1]) if 1 <= month <= 12 else int(dated[2])
        return f"{dated[1]}{day}{dated[3]}{dated[4]}{dated[5]}{year}"
    return _ANY_YEAR.sub(lambda m: str(int(m[1]) + years), words)


def describe(deadline: Deadline) -> str:
    """The deadline for people: its due date as dd/mm/yyyy, or how it recurs."""
    if deadline.recurring:
        return "Thường xuyên (đánh giá trong mỗi kỳ báo cáo)"
    if deadline.is_yearly:
        return f"Hằng năm, trước ngày {deadline.yearly_day:02d}/{deadline.yearly_month:02d}"
    return f"Hạn {deadline.due:%d/%m/%Y}"


def quarter_of(day: datetime.date) -> str:
    """"Quý II/2025" for a day in April–June 2025."""
    return f"Quý {QUARTER_NAMES[(day.month - 1) // 3 + 1]}/{day.year}"
