"""A plan's measurable objectives (Appendix III, II): indicators, their values, progress and whether on track.

The rule for "on track" on a day D (documented for the people who read the plan page):
- progress = (latest value on or before D − baseline) / (target − baseline), as a percentage: 0% at the baseline,
  100% at the target, whichever way the target goes (a rate to raise or a delay to cut);
- expected = the share of the time from the baseline's day to the target's day that has passed on D (0% before
  the baseline's day, 100% from the target's day on): progress is expected to be linear;
- an indicator is on track when its progress is at least the expected share, off track when below, and "no data"
  when it has no value on or before D (counted as not on track in the plan's roll-up, shown apart).

A computed indicator's value on D is dxnet's own figure for the plan's agency subtree on D (a percentage, from
`dxnet.monitoring.targets`, or the share of villages with a team); a declared indicator's value is the latest
declared value dated on or before D. Declared values are never overwritten: a second value for the same day is
a new row that must say why (the history stays on the indicator's page).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from dxnet.core import audit
from dxnet.core.versioning import lock_for_change
from dxnet.monitoring import targets

from ..access import require_manage
from ..models import Indicator, IndicatorValue, Plan


def figure_text(value) -> str:
    """85.50 → "85,5", 40.00 → "40", 1234567 → "1234567": a declared figure as a person writes it."""
    if value is None:
        return ""
    text = format(Decimal(str(value)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _target_percent(build):
    def compute(plan: Plan, day: datetime.date) -> Decimal | None:
        percent = build(targets.Scope(None, day, roots=(plan.agency.path,))).percent
        return None if percent is None else Decimal(str(percent))
    return compute


def team_coverage(plan: Plan, day: datetime.date) -> Decimal | None:
    """Villages and residential groups of the plan's subtree that have a Community Digital Technology Team."""
    from dxnet.network.models import CommunityTeam, Village

    villages = Village.objects.valid_on(day).filter(agency__path__startswith=plan.agency.path)
    total = villages.count()
    if not total:
        return None
    covered = villages.filter(Exists(CommunityTeam.objects.valid_on(day).filter(village=OuterRef("pk")))).count()
    return Decimal(str(round(100 * covered / total, 1)))


# The figures dxnet computes itself, by the code an indicator names in `computed_from`: (label, function).
COMPUTED_SOURCES = {
    "focal-points": ("Tỷ lệ cơ quan có đầu mối chuyển đổi số (%)", _target_percent(targets.focal_points)),
    "teams": ("Tỷ lệ thôn, tổ dân phố có Tổ công nghệ số cộng đồng (%)", team_coverage),
    "trained": ("Tỷ lệ cán bộ làm chuyển đổi số được bồi dưỡng trong năm (%)", _target_percent(targets.trained)),
    "network-platforms": ("Tỷ lệ thành viên Mạng lưới dùng nền tảng số (%)",
                          _target_percent(targets.network_platforms)),
}
COMPUTED_CHOICES = [("", "—"), *((code, label) for code, (label, _) in COMPUTED_SOURCES.items())]


# How long a declared value stays current, by the indicator's frequency (a month, a quarter, half a year, a year).
FREQUENCY_DAYS = {Indicator.Frequency.MONTHLY: 31, Indicator.Frequency.QUARTERLY: 92,
                  Indicator.Frequency.HALF_YEARLY: 183, Indicator.Frequency.YEARLY: 366}


def days_after(day: datetime.date, days: int) -> datetime.date:
    """`day` plus `days`, at most the calendar's last day: a row stored before the bounds on its dates (31/12/9999)
    must not make a page fail."""
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:
        return datetime.date.max


class Track:
    ON, OFF, NO_DATA = "on", "off", "no-data"
    LABELS = {ON: "Đúng tiến độ", OFF: "Chậm tiến độ", NO_DATA: "Chưa có số liệu"}


@dataclass
class IndicatorStatus:
    """Where an indicator stands on a day."""

    indicator: Indicator
    day: datetime.date
    value: Decimal | None
    value_on: datetime.date | None
    progress: float | None  # percent of the way from baseline to target
    expected: float  # percent of the way expected by the day

    @property
    def track(self) -> str:
        if self.progress is None:
            return Track.NO_DATA
        return Track.ON if self.progress >= self.expected else Track.OFF

    @property
    def track_label(self) -> str:
        return Track.LABELS[self.track]

    @property
    def on_track(self) -> bool:
        return self.track == Track.ON

    @property
    def next_value_due(self) -> datetime.date | None:
        """When a declared indicator's next value is due: one period (its frequency) after its latest value, or
        after its baseline when it has none; None for a computed one (always current) or a target day passed."""
        indicator = self.indicator
        if indicator.source == Indicator.Source.COMPUTED:
            return None
        period = FREQUENCY_DAYS.get(indicator.frequency, 92)
        return min(days_after(self.value_on or indicator.baseline_on, period), days_after(indicator.target_on, period))

    @property
    def value_overdue(self) -> bool:
        due = self.next_value_due
        return due is not None and due < self.day


def expected_share(indicator: Indicator, day: datetime.date) -> float:
    """The percent of the baseline→target time passed on `day`, between 0 and 100."""
    span = (indicator.target_on - indicator.baseline_on).days
    passed = (day - indicator.baseline_on).days
    return round(100 * min(max(passed / span, 0.0), 1.0), 1) if span > 0 else 100.0


def progress_of(indicator: Indicator, value: Decimal | None) -> float | None:
    if value is None:
        return None
    distance = indicator.target_value - indicator.baseline_value
    if not distance:
        return None
    return round(float(100 * (Decimal(value) - indicator.baseline_value) / distance), 1)


# A plan's whole document and its notes: not read when indicators are listed with their plan (ten thousand rows
# would parse the same JSON once each).
PLAN_TEXT = ("plan__document", "plan__notes")


def latest_values(indicators: list[Indicator], day: datetime.date) -> dict[int, IndicatorValue]:
    """The latest declared value of each indicator on or before `day`: the newest row per indicator is chosen in the
    database (an indexed subquery each), so only those rows are read, not every value ever declared."""
    newest = (IndicatorValue.objects.filter(indicator=OuterRef("pk"), on__lte=day)
              .order_by("-on", "-declared_at", "-pk").values("pk")[:1])
    chosen = Indicator.objects.filter(pk__in=[i.pk for i in indicators]).values_list(Subquery(newest), flat=True)
    return {row.indicator_id: row for row in IndicatorValue.objects.filter(pk__in=[pk for pk in chosen if pk])}


def statuses(indicators: list[Indicator], day: datetime.date) -> list[IndicatorStatus]:
    """Each indicator's value, progress and track on `day`."""
    declared = latest_values([i for i in indicators if i.source == Indicator.Source.DECLARED], day)
    result = []
    for indicator in indicators:
        if indicator.source == Indicator.Source.COMPUTED:
            compute = COMPUTED_SOURCES.get(indicator.computed_from, (None, None))[1]
            value, value_on = (compute(indicator.plan, day), day) if compute else (None, None)
            if value is None:
                value_on = None
        else:
            row = declared.get(indicator.pk)
            value, value_on = (row.value, row.on) if row else (None, None)
        result.append(IndicatorStatus(indicator, day, value, value_on, progress_of(indicator, value),
                                      expected_share(indicator, day)))
    return result


@dataclass
class PlanTrack:
    """A plan's indicators rolled up on a day: x of N on track."""

    on: int
    off: int
    no_data: int

    @property
    def total(self) -> int:
        return self.on + self.off + self.no_data


def roll_up(rows: list[IndicatorStatus]) -> PlanTrack:
    tracks = [row.track for row in rows]
    return PlanTrack(tracks.count(Track.ON), tracks.count(Track.OFF), tracks.count(Track.NO_DATA))


def plan_statuses(plan: Plan, day: datetime.date) -> list[IndicatorStatus]:
    return statuses(list(plan.indicators.select_related("plan__agency")), day)


def comparison(code: str, user, day: datetime.date, year: int | None = None) -> list[IndicatorStatus]:
    """The indicators of one code across the plans the user sees (one per plan), best progress first."""
    indicators = (Indicator.objects.visible_to(user).filter(code=code).exclude(plan__status=Plan.Status.WITHDRAWN)
                  .select_related("plan__agency").defer(*PLAN_TEXT))
    if year:
        indicators = indicators.filter(plan__year__lte=year, plan__until_year__gte=year)
    rows = statuses(list(indicators), day)
    return sorted(rows, key=lambda r: (r.progress is None, -(r.progress or 0), r.indicator.plan.agency.name))


# --- Writes ---------------------------------------------------------------------------------------

@transaction.atomic
def do_save_indicator(indicator: Indicator, *, acting_user, seen_version=None, **fields) -> Indicator:
    """Add an indicator to a plan, or change one: the plan's own agency (or above) with a planning role."""
    creating = indicator._state.adding
    plan = fields.get("plan") or indicator.plan
    if not creating and plan.pk != indicator.plan_id:
        raise ValidationError({"plan": "Không chuyển chỉ tiêu sang kế hoạch khác được."})
    require_manage(plan, acting_user)
    before = {} if creating else audit.snapshot(lock_for_change(indicator, seen_version))
    for name, value in fields.items():
        setattr(indicator, name, value)
    if not creating and before.get("code") != indicator.code and Indicator.objects.filter(
            plan=plan, code=indicator.code).exclude(pk=indicator.pk).exists():
        raise ValidationError({"code": f"Kế hoạch đã có chỉ tiêu mã “{indicator.code}”."})
    if creating:
        if Indicator.objects.filter(plan=plan, code=indicator.code).exists():
            raise ValidationError({"code": f"Kế hoạch đã có chỉ tiêu mã “{indicator.code}”."})
        indicator.order = (plan.indicators.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    indicator.full_clean(validate_constraints=False)
    indicator.save()
    if creating:
        audit.record_create(indicator, actor=acting_user)
    else:
        audit.record_update(indicator, before, actor=acting_user)
    return indicator


def check_indicator_value(indicator: Indicator, on: datetime.date, value, note: str = "") -> IndicatorValue:
    """The value row as it would be written, or the reasons it cannot be (Vietnamese, by field)."""
    if indicator.source == Indicator.Source.COMPUTED:
        raise ValidationError({"value": "Chỉ tiêu này tính từ dữ liệu của dxnet; không kê khai giá trị."})
    row = IndicatorValue(indicator=indicator, on=on, value=value, note=(note or "").strip())
    row.full_clean(exclude=["indicator", "declared_by"])
    earlier = IndicatorValue.objects.filter(indicator=indicator, on=on).order_by("-declared_at", "-pk").first()
    if earlier is not None and Decimal(value) != earlier.value and not row.note:
        raise ValidationError({"note": f"Ngày {on:%d/%m/%Y} đã có giá trị {figure_text(earlier.value)} kê khai ngày "
                                       f"{timezone.localtime(earlier.declared_at):%d/%m/%Y}; ghi lý do điều chỉnh "
                                       "để kê khai giá trị mới (giá trị cũ vẫn được lưu)."})
    return row


@transaction.atomic
def do_declare_indicator_value(indicator: Indicator, *, acting_user, on: datetime.date, value,
                               note: str = "") -> IndicatorValue:
    """Declare a value as of `on`; the history keeps every value, who declared it and when."""
    require_manage(indicator.plan, acting_user)
    row = check_indicator_value(indicator, on, value, note)
    row.declared_by, row.declared_at = acting_user, timezone.now()
    row.save()
    audit.record_create(row, actor=acting_user)
    return row
