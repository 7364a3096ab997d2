"""The Đề án 1690 targets computed from the registry, for a scope and a day, with the rows behind each number.

Numbers are never typed: each target is two querysets over the same scope, the rows counted and all the rows it
is counted against; the page shows the ratio and lists both. The five targets are those of the approved Đề án
(Quyết định 1690/QĐ-TTg, seed 000); a figure from elsewhere (training, from the draft of seed 002) is an indicator
of its own, labelled with its source, never one of the five.
"""

import datetime
import operator
from dataclasses import dataclass
from functools import cached_property, reduce

from django.db.models import Exists, OuterRef, Q, QuerySet, Sum

from dxnet.agencies.models import Agency, AgencyDecision
from dxnet.network.models import VoluntaryMember
from dxnet.people.models import DxDuty, FocalPoint, Person
from dxnet.people.services import focal_point_required_kinds
from dxnet.platforms.models import PlatformUsage, SharedPlatform
from dxnet.training.models import TrainingRecord

PROGRAMME_START = datetime.date(2023, 12, 26)  # Quyết định 1690/QĐ-TTg: restructuring counts from here
DX_STAFF_RATIO_2022 = "2,19% năm 2022; hơn 10% ở các nước phát triển"
APPROVED = "Quyết định 1690/QĐ-TTg ngày 26/12/2023"
DRAFT = "Dự thảo Đề án do Bộ Thông tin và Truyền thông lấy ý kiến (không có trong Quyết định 1690/QĐ-TTg)"


def percent(value: int, total: int) -> float | None:
    return round(100 * value / total, 1) if total else None


@dataclass
class Part:
    """One kind of row a target counts (agencies, people, voluntary members)."""

    label: str
    counted: QuerySet
    universe: QuerySet

    @property
    def missing(self) -> QuerySet:
        return self.universe.exclude(pk__in=self.counted.values("pk"))

    @cached_property
    def counted_count(self) -> int:
        return self.counted.count()

    @cached_property
    def universe_count(self) -> int:
        return self.universe.count()

    @property
    def missing_count(self) -> int:
        return self.universe_count - self.counted_count


@dataclass
class Target:
    """A target (or an indicator) as a ratio of rows, with the document that sets it."""

    code: str
    title: str
    goal: str
    parts: list[Part]
    source: str = APPROVED
    number: int | None = None  # its place among the Đề án's five targets; None for an indicator

    @property
    def value(self) -> int:
        return sum(part.counted_count for part in self.parts)

    @property
    def total(self) -> int:
        return sum(part.universe_count for part in self.parts)

    @property
    def percent(self) -> float | None:
        return percent(self.value, self.total)

    @property
    def heading(self) -> str:
        """How a report names it: a target by its place among the five, an indicator with its source."""
        if self.number:
            return f"Mục tiêu {self.number}. {self.title}"
        return f"{self.title} (chỉ số; nguồn: {self.source})"


@dataclass(frozen=True)
class Scope:
    """Whose rows on a day: what a user may see (narrowed to a province when asked), or some agencies' subtrees."""

    user: object
    as_of: datetime.date
    province_path: str | None = None
    roots: tuple[str, ...] = ()  # agency paths; when given, they replace the user's scope

    def visible(self, model) -> QuerySet:
        if self.roots:
            return model.objects.filter(self.under("" if model is Agency else "agency"))
        return model.objects.visible_to(self.user)

    def under(self, agency: str) -> Q:
        """Rows whose agency (reached through the lookup `agency`; "" for agencies) lies under the roots, in force
        on the day or not."""
        lookup = f"{agency}__path__startswith" if agency else "path__startswith"
        return reduce(operator.or_, (Q(**{lookup: root}) for root in self.roots))

    def agencies(self) -> QuerySet:
        agencies = self.visible(Agency).valid_on(self.as_of)
        if self.province_path:
            agencies = agencies.filter(admin_unit__path__startswith=self.province_path)
        return agencies

    def people(self) -> QuerySet:
        return self.visible(Person).filter(agency__in=self.agencies()).select_related("agency")


def _decided(purpose: str, scope: Scope) -> Part:
    units = scope.agencies().filter(is_dedicated_dx_unit=True)
    decisions = AgencyDecision.objects.filter(agency=OuterRef("pk"), purpose=purpose,
                                              issued_on__range=(PROGRAMME_START, scope.as_of))
    return Part("Đơn vị chuyên trách CNTT/CĐS", units.filter(Exists(decisions)), units)


def restructured(scope: Scope) -> Target:
    return Target("restructured", "Đơn vị chuyên trách CNTT được kiện toàn tổ chức bộ máy để thực hiện nhiệm vụ, "
                  "giải pháp mới về chuyển đổi số", "100% đến năm 2025",
                  [_decided(AgencyDecision.Purpose.RESTRUCTURING, scope)], number=1)


def staffed(scope: Scope) -> Target:
    return Target("staffed", "Đơn vị chuyên trách CNTT được tăng cường bố trí biên chế để đáp ứng yêu cầu triển "
                  "khai nhiệm vụ, giải pháp mới về chuyển đổi số", "100% đến năm 2025",
                  [_decided(AgencyDecision.Purpose.STAFFING, scope)], number=2)


def focal_points(scope: Scope) -> Target:
    """By tier: each kind of agency that must have a focal point is a part of its own."""
    active = FocalPoint.objects.valid_on(scope.as_of).filter(agency=OuterRef("pk"))
    parts = []
    for kind in focal_point_required_kinds():
        agencies = scope.agencies().filter(kind=kind)
        parts.append(Part(Agency.Kind(kind).label, agencies.filter(Exists(active)), agencies))
    return Target("focal-points", "Cơ quan, đơn vị của bộ, tỉnh bố trí bộ phận hoặc cán bộ đầu mối thực hiện "
                  "nhiệm vụ chuyển đổi số tại cơ quan mình", "100% đến năm 2025", parts, number=3)


def network_platforms(scope: Scope) -> Target:
    """Members of the DX Network: the people designated focal points, and the voluntary members."""
    in_use = PlatformUsage.objects.valid_on(scope.as_of).filter(  # an ended platform stops counting
        platform__in=SharedPlatform.objects.valid_on(scope.as_of))
    people = scope.people().filter(pk__in=FocalPoint.objects.valid_on(scope.as_of).values("person"))
    voluntary = scope.visible(VoluntaryMember).valid_on(scope.as_of).filter(
        agency__in=scope.agencies()).select_related("agency")
    return Target("network-platforms", "Thành viên Mạng lưới chuyển đổi số được sử dụng nền tảng số và bộ công cụ "
                  "thống nhất toàn quốc phục vụ chuyển đổi số", "100% đến năm 2025", [
                      Part("Thành viên bắt buộc (đầu mối)", people.filter(pk__in=in_use.values("person")), people),
                      Part("Thành viên tự nguyện", voluntary.filter(pk__in=in_use.values("voluntary_member")),
                           voluntary)], number=4)


def platforms(scope: Scope) -> Target:
    """The catalogue's platforms and toolkits in use by a member of the scope's network on the day: what is built
    and spread shows in what is used, and an unused one is the gap to close."""
    in_use = scope.visible(PlatformUsage).valid_on(scope.as_of).filter(agency__in=scope.agencies(),
                                                                         platform=OuterRef("pk"))
    # National platforms in force on the day, and provincial ones of a province the scope reaches.
    province_reached = scope.agencies().filter(admin_unit__path__startswith=OuterRef("province__path"))
    catalogue = SharedPlatform.objects.valid_on(scope.as_of).filter(
        Q(province__isnull=True) | Exists(province_reached))
    return Target("platforms", "Xây dựng, phát triển và phổ biến các nền tảng số và bộ công cụ phục vụ quản lý nhà "
                  "nước và thực thi chuyển đổi số",
                  "đến năm 2025; tính bằng tỷ lệ nền tảng, bộ công cụ trong danh mục đang được sử dụng",
                  [Part("Nền tảng số, bộ công cụ dùng chung", catalogue.filter(Exists(in_use)), catalogue)], number=5)


def dx_staff(scope: Scope) -> QuerySet:
    return scope.people().filter(pk__in=DxDuty.objects.valid_on(scope.as_of).values("person"))


def trained(scope: Scope) -> Target:
    """An indicator, not a target of the Đề án: the 80% figure is the draft's (seed 002), which the approved
    decision did not keep."""
    staff = dx_staff(scope)
    year = TrainingRecord.objects.completed_in_year(scope.as_of)  # a participation counts once completed
    return Target("trained", f"Nhân lực chuyển đổi số được bồi dưỡng, tập huấn trong năm {scope.as_of.year}",
                  "80% năm 2025 (theo dự thảo)",
                  [Part("Cán bộ làm chuyển đổi số", staff.filter(pk__in=year.values("person")), staff)],
                  source=DRAFT)


TARGETS = {"restructured": restructured, "staffed": staffed, "focal-points": focal_points,
           "network-platforms": network_platforms, "platforms": platforms}
INDICATORS = {"trained": trained}
EVERY = {**TARGETS, **INDICATORS}  # what a drill-down page or a report's pre-filled field may name

# The models each figure reads besides the agencies and their territories ("app.model"): a dashboard keeps it until
# one of them is written in its part of the country (dxnet.monitoring.dashboard; a test holds these to the queries).
STAFF_READS = ("people.person", "people.dxduty")
PLATFORM_READS = ("platforms.platformusage", "platforms.sharedplatform")
READS = {"restructured": ("agencies.agencydecision",), "staffed": ("agencies.agencydecision",),
         "focal-points": ("people.focalpoint",),
         "network-platforms": ("people.person", "people.focalpoint", "network.voluntarymember", *PLATFORM_READS),
         "platforms": PLATFORM_READS, "trained": (*STAFF_READS, "training.trainingrecord")}
# Figures whose rows count once however many parts of the country share them (a platform used in two provinces): the
# country's figure is not the sum of its parts'.
COUNTED_ONCE = {"platforms"}


def compute(scope: Scope) -> list[Target]:
    """The five targets of the Đề án, in its order."""
    return [build(scope) for build in TARGETS.values()]


def indicators(scope: Scope) -> list[Target]:
    """Figures shown beside the targets, each with its own source."""
    return [build(scope) for build in INDICATORS.values()]


@dataclass
class StaffRatio:
    """DX staff (dedicated or concurrent) over the headcount of the agencies that declare one."""

    staff: int
    headcount: int
    counted_agencies: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.staff / self.headcount, 2) if self.headcount else None


def staff_ratio(scope: Scope) -> StaffRatio:
    """Only agencies that declared a headcount count, on both sides, so a missing figure cannot inflate it."""
    agencies = scope.agencies().filter(headcount__isnull=False)
    staff = dx_staff(scope).filter(agency__in=agencies).count()
    return StaffRatio(staff, agencies.aggregate(total=Sum("headcount"))["total"] or 0, agencies.count())

