"""The day a command runs for: its `--date` option, shared by the daily commands."""

import datetime

from django.core.management.base import CommandError
from django.utils import timezone

DATE_HELP = "Ngày (YYYY-MM-DD); mặc định hôm nay."


def day_of(option: str | None) -> datetime.date:
    """`--date` as typed (YYYY-MM-DD), today when it is not given; anything else is refused in Vietnamese."""
    if not option:
        return timezone.localdate()
    try:
        return datetime.date.fromisoformat(option)
    except ValueError:
        raise CommandError("Ngày không hợp lệ; dùng dạng YYYY-MM-DD.") from None
