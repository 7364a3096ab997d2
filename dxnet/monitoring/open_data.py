"""Open data (data.gov.vn style): per-province aggregates anyone may read. Counts only: no names of people, no
phones, no documents; milestones show the day an agency reached them (official documents are public)."""

import datetime
from collections import Counter, defaultdict

from django.core.cache import cache
from django.db.models import Count, Exists, F, OuterRef, Q, Sum

from dxnet.agencies.models import Agency
from dxnet.core import audit, scopes
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


def province_figures(on: datetime.date) -> list[dict]:
    """One row per province in force on `on`. Each row is cached with its province's versions (dxnet.core.scopes):
    a fact recorded now (an issued plan's milestone) shows at once, and a write in one province recomputes that
    province's row alone; the rows to compute take a dozen grouped queries however many they are."""
    pcs = {pc.pk: pc for pc in Agency.objects.provincial_pcs().valid_on(on).select_related("admin_unit")}
    parts = {pk: {scopes.NATIONAL, scopes.agency_key(pc.path), scopes.unit_key(pc.admin_unit.path)}
             for pk, pc in pcs.items()}
    versions = scopes.versions(set().union(*parts.values()))
    keys = {pk: f"open-data:{','.join(f'{versions[key]}' for key in sorted(part))}:{pcs[pk].path}:{on.isoformat()}"
            for pk, part in parts.items()}
    found = cache.get_many(keys.values())
    computed = _rows(on, {pk: pc for pk, pc in pcs.items() if keys[pk] not in found})
    cache.set_many({keys[pk]: row for pk, row in computed.items()}, CACHE_SECONDS)
    return [computed[pk] if pk in computed else found[keys[pk]]
            for pk in sorted(pcs, key=lambda pk: pcs[pk].admin_unit.code)]


def _rows(on: datetime.date, pcs: dict) -> dict:
    """The rows of the provinces whose People's Committees are `pcs` (by pk)."""
    if not pcs:
        return {}
    communes = Counter(AdminUnit.objects.communes().valid_on(on).filter(
        parent__in=[pc.admin_unit_id for pc in pcs.values()]).values_list("parent_id", flat=True))
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
    staff: Counter = Counter()
    for _, agency_id, parent_id in DxDuty.objects.valid_on(on).filter(
            Q(person__agency__in=pcs.keys()) | Q(person__agency__parent__in=pcs.keys())).values_list(
            "person", "person__agency", "person__agency__parent").distinct():
        staff[agency_id if agency_id in pcs else parent_id] += 1
    province = F("agency__parent")  # villages, teams, members and activities belong to a commune under its PC
    under = {"agency__parent__in": pcs.keys()}
    villages = _by_province(Village.objects.valid_on(on).filter(**under).values(province=province)
                            .annotate(n=Count("id")))
    covered = _by_province(CommunityTeam.objects.valid_on(on).filter(**under).values(province=province)
                           .annotate(n=Count("id")))
    members = _by_province(TeamMember.objects.valid_on(on).filter(**under).values(province=province)
                           .annotate(n=Count("id")))
    helped = _by_province(TeamActivity.objects.filter(date__lte=on, **under).values(province=province)
                          .annotate(n=Sum("people_helped")))
    tasks, done, overdue = Counter(), Counter(), Counter()
    for plan_agency, status, due in Task.objects.in_force().filter(plan__agency__in=pcs.keys()).values_list(
            "plan__agency", "status", "due_date"):
        tasks[plan_agency] += 1
        done[plan_agency] += status == Task.Status.DONE
        overdue[plan_agency] += bool(due and due < on and status != Task.Status.DONE)
    milestones = defaultdict(list)
    for agency_id, code, year, day in Milestone.objects.filter(agency__in=pcs.keys(), achieved_on__lte=on) \
            .order_by("achieved_on").values_list("agency", "kind__code", "year", "achieved_on"):
        milestones[agency_id].append(f"{code}-{year}: {day:%d/%m/%Y}" if year else f"{code}: {day:%d/%m/%Y}")
    return {pk: {
        "province_code": pc.admin_unit.code, "province": pc.admin_unit.name,
        "communes": communes[pc.admin_unit_id], "agencies_required": agencies_required[pk],
        "agencies_with_focal_point": agencies_with_focal[pk], "dx_staff": staff[pk],
        "villages": villages[pk], "villages_with_team": covered[pk], "team_members": members[pk],
        "people_helped": helped[pk] or 0, "tasks": tasks[pk], "tasks_done": done[pk],
        "tasks_overdue": overdue[pk], "milestones": "; ".join(milestones[pk]),
    } for pk, pc in pcs.items()}


def national_totals(rows: list[dict]) -> dict:
    return {key: sum(row[key] for row in rows) for key, _ in FIELDS
            if key not in ("province_code", "province", "milestones")}


def published_stories() -> dict:
    """Success stories a coordinator published (seed 004, part 4): the latest and the count per province; titles,
    agencies, areas, days and links only. The stories app lies above monitoring: imported when used."""
    from dxnet.stories.services import public_stories

    key = f"open-data-stories:{audit.data_version()}"
    cached = cache.get(key)
    if cached is None:
        cached = public_stories()
        cache.set(key, cached, CACHE_SECONDS)
    return cached
