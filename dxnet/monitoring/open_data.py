"""Open data (data.gov.vn style): per-province aggregates anyone may read. Counts only: no names of people, no
phones, no documents; milestones show the day an agency reached them (official documents are public)."""

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Exists, F, OuterRef, Q, Sum

from dxnet.agencies.models import Agency
from dxnet.core import scopes
from dxnet.geo.models import AdminUnit
from dxnet.network.models import CommunityTeam, TeamActivity, TeamMember, Village
from dxnet.people.models import DxDuty, FocalPoint
from dxnet.people.services import focal_point_required_kinds
from dxnet.plans.models import Task

from .models import Milestone

CACHE_SECONDS = 300
FIELDS = [  # (key, Vietnamese header) in the order of the CSV columns
    ("province_code", "Mã tỉnh"), ("province", "Tỉnh, thành phố"), ("communes", "Số xã, phường, đặc khu"),
    ("agencies_required", "Cơ quan phải có đầu mối CĐS"), ("agencies_with_focal_point", "Cơ quan đã có đầu mối CĐS"),
    ("dx_staff", "Cán bộ làm chuyển đổi số"), ("villages", "Thôn, tổ dân phố"),
    ("villages_with_team", "Thôn, tổ dân phố có Tổ CNSCĐ"), ("team_members", "Thành viên Tổ CNSCĐ"),
    ("people_helped", "Lượt người dân được hỗ trợ"), ("tasks", "Nhiệm vụ theo kế hoạch"),
    ("tasks_done", "Nhiệm vụ đã làm"), ("tasks_overdue", "Nhiệm vụ quá hạn"),
    ("milestones", "Mốc đã đạt (mã: ngày)"),
]


def _by_province(rows, key="province") -> Counter:
    counts: Counter = Counter()
    for row in rows:
        counts[row[key]] += row["n"]
    return counts


@dataclass(frozen=True)
class Figures:
    """Columns of the open data, computed for many provinces at once (`compute(day, PCs by pk)` -> {pk: {column:
    value}}), and cached for each province on the versions of the models it `reads` there: an obstacle raised in Lào
    Cai recomputes nothing, a team member recomputes Lào Cai's member count alone."""

    name: str
    compute: Callable[[datetime.date, dict], dict]
    reads: tuple[str, ...]


def province_figures(on: datetime.date) -> list[dict]:
    """One row per province in force on `on`. A fact recorded now (an issued plan's milestone) shows at once; the
    figures to compute take one grouped query each however many provinces they are for."""
    pcs = {pc.pk: pc for pc in Agency.objects.provincial_pcs().valid_on(on).select_related("admin_unit")}
    parts = {pk: (scopes.agency_key(pc.path), scopes.unit_key(pc.admin_unit.path)) for pk, pc in pcs.items()}
    depends = {(figures.name, pk): {scopes.NATIONAL} | {scopes.model_key(part, label) for part in parts[pk]
                                                         for label in figures.reads}
               for figures in FIGURES for pk in pcs}
    versions = scopes.versions(set().union(*depends.values()))
    # Versions only grow: their sum moves when any of them does.
    keys = {(name, pk): f"open-data:{name}:v{sum(versions[key] for key in depends[name, pk])}:{pcs[pk].path}:{on}"
            for name, pk in depends}
    found = cache.get_many(keys.values())
    rows = {pk: {"province_code": pc.admin_unit.code, "province": pc.admin_unit.name} for pk, pc in pcs.items()}
    for figures in FIGURES:
        missing = {pk: pc for pk, pc in pcs.items() if keys[figures.name, pk] not in found}
        computed = figures.compute(on, missing) if missing else {}
        cache.set_many({keys[figures.name, pk]: values for pk, values in computed.items()}, CACHE_SECONDS)
        for pk, row in rows.items():
            row.update(computed[pk] if pk in computed else found[keys[figures.name, pk]])
    return [{key: rows[pk][key] for key, _ in FIELDS} for pk in sorted(pcs, key=lambda pk: pcs[pk].admin_unit.code)]


def _communes(on: datetime.date, pcs: dict) -> dict:
    communes = Counter(AdminUnit.objects.communes().valid_on(on).filter(
        parent__in=[pc.admin_unit_id for pc in pcs.values()]).values_list("parent_id", flat=True))
    return {pk: {"communes": communes[pc.admin_unit_id]} for pk, pc in pcs.items()}


def _focal_points(on: datetime.date, pcs: dict) -> dict:
    required = Agency.objects.valid_on(on).filter(Q(pk__in=pcs.keys()) | Q(parent__in=pcs.keys()),
                                                  kind__in=focal_point_required_kinds())
    with_focal = Exists(FocalPoint.objects.valid_on(on).filter(agency=OuterRef("pk")))
    agencies_required: Counter = Counter()
    agencies_with_focal: Counter = Counter()
    for pk, parent_id, has_focal in required.annotate(has_focal=with_focal).values_list("pk", "parent_id",
                                                                                          "has_focal"):
        province = pk if pk in pcs else parent_id  # the PC itself, or a department or commune under it
        agencies_required[province] += 1
        agencies_with_focal[province] += has_focal
    return {pk: {"agencies_required": agencies_required[pk], "agencies_with_focal_point": agencies_with_focal[pk]}
            for pk in pcs}


def _staff(on: datetime.date, pcs: dict) -> dict:
    staff: Counter = Counter()
    for _, agency_id, parent_id in DxDuty.objects.valid_on(on).filter(
            Q(person__agency__in=pcs.keys()) | Q(person__agency__parent__in=pcs.keys())).values_list(
            "person", "person__agency", "person__agency__parent").distinct():
        staff[agency_id if agency_id in pcs else parent_id] += 1
    return {pk: {"dx_staff": staff[pk]} for pk in pcs}


def _in_communes(column: str, queryset, total) -> Callable[[datetime.date, dict], dict]:
    """Figures of rows that belong to a commune under a province's PC (villages, teams, members, activities)."""
    def compute(on: datetime.date, pcs: dict) -> dict:
        rows = queryset(on).filter(agency__parent__in=pcs.keys()).values(province=F("agency__parent"))
        counts = _by_province(rows.annotate(n=total))
        return {pk: {column: counts[pk] or 0} for pk in pcs}
    return compute


def _tasks(on: datetime.date, pcs: dict) -> dict:
    tasks, done, overdue = Counter(), Counter(), Counter()
    for plan_agency, status, due in Task.objects.in_force().filter(plan__agency__in=pcs.keys()).order_by() \
            .values_list("plan__agency", "status", "due_date"):
        tasks[plan_agency] += 1
        done[plan_agency] += status == Task.Status.DONE
        overdue[plan_agency] += bool(due and due < on and status != Task.Status.DONE)
    return {pk: {"tasks": tasks[pk], "tasks_done": done[pk], "tasks_overdue": overdue[pk]} for pk in pcs}


def _milestones(on: datetime.date, pcs: dict) -> dict:
    milestones = defaultdict(list)
    for agency_id, code, year, day in Milestone.objects.filter(agency__in=pcs.keys(), achieved_on__lte=on) \
            .order_by("achieved_on").values_list("agency", "kind__code", "year", "achieved_on"):
        milestones[agency_id].append(f"{code}-{year}: {day:%d/%m/%Y}" if year else f"{code}: {day:%d/%m/%Y}")
    return {pk: {"milestones": "; ".join(milestones[pk])} for pk in pcs}


FIGURES = (
    Figures("communes", _communes, ("geo.adminunit",)),
    Figures("focal-points", _focal_points, ("agencies.agency", "people.focalpoint")),
    Figures("staff", _staff, ("agencies.agency", "people.person", "people.dxduty")),
    Figures("villages", _in_communes("villages", lambda on: Village.objects.valid_on(on), Count("id")),
            ("agencies.agency", "network.village")),
    Figures("teams", _in_communes("villages_with_team", lambda on: CommunityTeam.objects.valid_on(on), Count("id")),
            ("agencies.agency", "network.communityteam", "network.village")),
    Figures("members", _in_communes("team_members", lambda on: TeamMember.objects.valid_on(on), Count("id")),
            ("agencies.agency", "network.teammember")),
    Figures("helped", _in_communes("people_helped", lambda on: TeamActivity.objects.filter(date__lte=on),
                                   Sum("people_helped")), ("agencies.agency", "network.teamactivity")),
    Figures("tasks", _tasks, ("plans.plan", "plans.task")),
    Figures("milestones", _milestones, ("monitoring.milestone", "monitoring.milestonekind")),
)


def national_totals(rows: list[dict]) -> dict:
    return {key: sum(row[key] for row in rows) for key, _ in FIELDS
            if key not in ("province_code", "province", "milestones")}


STORY_READS = ("agencies.agency", "geo.adminunit", "stories.storyarea", "stories.successstory")


def published_stories() -> dict:
    """Success stories a coordinator published (seed 004, part 4): the latest and the count per province; titles,
    agencies, areas, days and links only. The stories app lies above monitoring: imported when used."""
    from dxnet.stories.services import public_stories

    apps = {scopes.NATIONAL} | {f"app:{label.split('.')[0]}" for label in STORY_READS}
    key = f"open-data-stories:{scopes.version_of(apps)}"
    cached = cache.get(key)
    if cached is None:
        cached = public_stories()
        cache.set(key, cached, CACHE_SECONDS)
    return cached
