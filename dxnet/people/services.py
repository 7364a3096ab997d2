"""DX staff, their duties and the focal-point designations: every write and rule."""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from dxnet.agencies.models import Agency
from dxnet.core.audit import record_bulk, snapshot
from dxnet.core.csvdata import read_csv
from dxnet.core.reference import upsert
from dxnet.core.services import require_role, save_in_scope

from .models import DxDuty, FocalPoint, JobPosition, Person

JOB_POSITIONS_CSV = Path(__file__).parent / "data" / "job_positions.csv"
JOB_POSITION_SOURCE = "Thông tư 06/2024/TT-BNV"


def load_job_positions(*, acting_user=None) -> tuple[int, int]:
    rows = [{"code": r["code"], "name": r["name"], "group": r["group"], "source": JOB_POSITION_SOURCE}
            for r in read_csv(JOB_POSITIONS_CSV)]
    return upsert(JobPosition, rows, key="code", actor=acting_user)


def focal_point_required_kinds() -> list[str]:
    """The agency kinds that must have a DX focal point (setting DXNET_FOCAL_POINT_KINDS)."""
    return settings.DXNET_FOCAL_POINT_KINDS


def do_save_person(person: Person, *, acting_user, **fields) -> Person:
    require_role(acting_user.can_manage_registry)
    return save_in_scope(person, acting_user=acting_user, **fields)


def do_save_job_position(position: JobPosition, *, acting_user, **fields) -> JobPosition:
    require_role(acting_user.sees_everything, "Chỉ quản trị quốc gia được sửa danh mục vị trí việc làm.")
    return save_in_scope(position, acting_user=acting_user, **fields)


def fit_duty(duties, valid_from: datetime.date, valid_to: datetime.date | None):
    """Where a new duty from `valid_from` goes among a person's `duties`, so that they never overlap and one at most
    is open: an open duty that began earlier ends the day before; a duty that begins later makes the new one end
    the day before it. Returns the (open duty, its new last day) to end and the new duty's last day."""
    day = datetime.timedelta(days=1)
    ended = [(duty, valid_from - day) for duty in duties
             if duty.valid_to is None and (duty.valid_from is None or duty.valid_from < valid_from)]
    later = [duty.valid_from for duty in duties if duty.valid_from and duty.valid_from > valid_from]
    if later and (valid_to is None or valid_to >= min(later)):
        valid_to = min(later) - day
    return ended, valid_to


@transaction.atomic
def do_add_duty(person: Person, *, kind: str, valid_from, valid_to=None, acting_user) -> DxDuty:
    """Record a DX duty (`fit_duty` places it); a duty already starting that day is corrected instead."""
    require_role(acting_user.can_manage_registry)
    duties = list(person.duties.select_for_update())
    ended, valid_to = fit_duty(duties, valid_from, valid_to)
    for duty, last_day in ended:
        save_in_scope(duty, acting_user=acting_user, valid_to=last_day)
    same_day = next((d for d in duties if d.valid_from == valid_from), None)
    return save_in_scope(same_day or DxDuty(person=person), acting_user=acting_user, kind=kind,
                         valid_from=valid_from, valid_to=valid_to)


def do_import_duties(duties: list[tuple[int, str, datetime.date]], *, acting_user) -> None:
    """The duties of an imported people sheet, (person id, kind, from), placed as `do_add_duty` places them (the
    same day re-imported changes nothing). Callers check rights and rows first (a sheet's import)."""
    by_person: dict[int, list[DxDuty]] = {}
    for duty in DxDuty.objects.filter(person_id__in={person_id for person_id, _, _ in duties}):
        by_person.setdefault(duty.person_id, []).append(duty)
    ended, rows = [], []
    for person_id, kind, valid_from in duties:
        to_end, valid_to = fit_duty(by_person.get(person_id, []), valid_from, None)
        for duty, last_day in to_end:
            ended.append((duty, snapshot(duty)))
            duty.valid_to = last_day
        rows.append({"person_id": person_id, "kind": kind, "valid_from": valid_from, "valid_to": valid_to})
    DxDuty.objects.bulk_update([duty for duty, _ in ended], ["valid_to"], batch_size=500)
    record_bulk(updated=ended, actor=acting_user)
    upsert(DxDuty, rows, key=("person_id", "valid_from"), actor=acting_user)


def do_designate_focal_point(agency: Agency, person: Person, *, decision_number: str, decision_date,
                             acting_user, valid_from=None, valid_to=None) -> FocalPoint:
    require_role(acting_user.can_manage_registry)
    valid_from = valid_from or decision_date
    if not Person.objects.visible_to(acting_user).filter(pk=person.pk).exists():
        raise ValidationError({"person": "Không tìm thấy cán bộ này trong phạm vi của bạn."})
    return save_in_scope(FocalPoint(agency=agency, person=person), acting_user=acting_user,
                         decision_number=decision_number, decision_date=decision_date,
                         valid_from=valid_from, valid_to=valid_to)


def do_end_focal_point(designation: FocalPoint, *, ended_on, acting_user, seen_version=None) -> FocalPoint:
    """The person is no longer the focal point from `ended_on`: not a mandatory network member that very day."""
    require_role(acting_user.can_manage_registry)
    last_day = ended_on - datetime.timedelta(days=1)
    if designation.valid_from and last_day < designation.valid_from:
        raise ValidationError({"ended_on": "Ngày thôi giao phải sau ngày bắt đầu giao."})
    return save_in_scope(designation, acting_user=acting_user, seen_version=seen_version, valid_to=last_day)


def do_update_focal_point(designation: FocalPoint, *, acting_user, **fields) -> FocalPoint:
    """Correct a designation's decision or period (the API's update)."""
    require_role(acting_user.can_manage_registry)
    return save_in_scope(designation, acting_user=acting_user, **fields)


def agency_section(agency: Agency, user, today: datetime.date) -> dict:
    """The agency page's DX staff, focal points and, for a province, the agencies still without one."""
    people = Person.objects.visible_to(user).filter(agency=agency)
    staff = DxDuty.objects.visible_to(user).valid_on(today).filter(person__agency=agency)
    missing = None
    if agency.kind == Agency.Kind.PROVINCIAL_PC:
        missing = agencies_without_focal_point(user, today).filter(path__startswith=agency.path)
    return {
        "focal_points": FocalPoint.objects.visible_to(user).valid_on(today).filter(agency=agency)
        .select_related("person"),
        "staff": staff.select_related("person"),
        "staff_counts": {kind: staff.filter(kind=kind).count() for kind in DxDuty.Kind.values},
        "people_count": people.count(),
        "missing_focal_points": missing.order_by("kind", "name")[:30] if missing is not None else None,
        "missing_count": missing.count() if missing is not None else 0,
    }


def agencies_without_focal_point(user, on: datetime.date):
    """Agencies in scope, in force on `on`, of a kind that must have a focal point and have none active."""
    active = FocalPoint.objects.valid_on(on).values("agency_id")
    return (Agency.objects.visible_to(user).valid_on(on).filter(kind__in=focal_point_required_kinds())
            .exclude(pk__in=active))
