"""Applying a reorganisation (merger, split, rename, transfer): preview what moves, then one audited transaction.

The old bodies end the day before the event and keep their history (milestones, reports, past plans); what lives
on moves to the successor: accounts (and so their scopes), focal-point designations in force, people, a commune's
villages and teams, open tasks they lead, and the plans of the event's year. A split moves them to its first
successor (by name): the preview says so, and people reassign the rest by hand.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dxnet.core import audit
from dxnet.core.errors import Conflict
from dxnet.core.services import require_role
from dxnet.core.text import fold

from . import lineage
from .models import Agency, AgencyName, AgencyParent, ReorganisationEvent

Kind = ReorganisationEvent.Kind


@dataclass(frozen=True)
class Movable:
    """Something that lives on when a body ends and moves to its successor; each app registers its own in
    `AppConfig.ready()`, so this module knows no app above it.

    `rows(olds, day)` are the rows of the ending bodies (`communes` among them for what only a commune holds);
    `field` is the attribute that names the body; `check(rows, receiver)` lists reasons it cannot move (a clash a
    person must settle); `notes(rows, receiver)` says what moving will change, and `before(rows, receiver, actor)`
    makes that change, in the apply's transaction."""

    key: str
    label: str
    rows: Callable
    field: str = "agency"
    check: Callable | None = None
    notes: Callable | None = None
    before: Callable | None = None
    after: Callable | None = None


MOVABLES: list[Movable] = []


def register_movable(*movables: Movable) -> None:
    for movable in movables:
        if all(m.key != movable.key for m in MOVABLES):
            MOVABLES.append(movable)


@dataclass
class Preview:
    """What applying an event would do: the bodies ended, the body that receives, and how many rows move."""

    event: ReorganisationEvent
    ends: list = field(default_factory=list)
    receiver: Agency | None = None
    counts: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def rows(self) -> list[tuple[str, int]]:
        return [(movable.label, self.counts.get(movable.key, 0)) for movable in MOVABLES]


def _day(value: datetime.date) -> str:
    return f"{value:%d/%m/%Y}"


def _sorted(agencies) -> list[Agency]:
    return sorted(agencies, key=lambda a: (a.name, a.pk))


def event_errors(event: ReorganisationEvent) -> list[str]:
    """Every reason the event cannot be applied, in Vietnamese; empty when it can."""
    errors = []
    if event.applied_at:
        return [f"Sự kiện này đã được áp dụng lúc {timezone.localtime(event.applied_at):%H:%M %d/%m/%Y}; "
                "không áp dụng lại."]
    if not event.basis.strip():
        errors.append("Chưa ghi căn cứ (văn bản quyết định việc sắp xếp).")
    if not datetime.date(2000, 1, 1) <= event.effective_on <= datetime.date(2100, 12, 31):
        errors.append("Ngày có hiệu lực phải trong khoảng 2000–2100.")
        return errors
    olds, news = _sorted(event.predecessors.all()), _sorted(event.successors.all())
    if not olds:
        return [*errors, "Chưa chọn cơ quan trước sắp xếp."]
    for old in olds:
        if old.valid_to and old.valid_to < event.effective_on:
            errors.append(f"“{old.name}” đã hết hiệu lực từ {_day(old.valid_to + datetime.timedelta(days=1))}, "
                          f"trước ngày sắp xếp {_day(event.effective_on)}.")
        if old.valid_from and old.valid_from >= event.effective_on:
            errors.append(f"“{old.name}” bắt đầu hoạt động từ {_day(old.valid_from)}, không thể kết thúc trước đó.")
    if event.kind in (Kind.RENAME, Kind.TRANSFER):
        if len(olds) != 1:
            errors.append("Đổi tên hoặc chuyển cơ quan cấp trên áp dụng cho đúng một cơ quan.")
        if news:
            errors.append("Đổi tên hoặc chuyển cơ quan cấp trên không có cơ quan kế thừa (cơ quan vẫn là một).")
        if event.kind == Kind.RENAME:
            name = " ".join(event.new_name.split())
            if not name:
                errors.append("Tên mới không được để trống.")
            elif len(olds) == 1 and name == olds[0].name:
                errors.append("Tên mới trùng tên hiện tại.")
        else:
            parent = event.new_parent
            if parent is None:
                errors.append("Chưa chọn cơ quan cấp trên mới.")
            elif len(olds) == 1 and parent.path.startswith(olds[0].path):
                errors.append(f"“{parent.name}” là chính cơ quan hoặc đơn vị trực thuộc của nó: không thể làm "
                              "cơ quan cấp trên.")
            elif len(olds) == 1 and parent.pk == olds[0].parent_id:
                errors.append(f"“{olds[0].name}” đã trực thuộc “{parent.name}”.")
            elif parent.valid_to and parent.valid_to < event.effective_on:
                errors.append(f"Cơ quan cấp trên mới “{parent.name}” đã hết hiệu lực.")
        return errors
    if event.kind == Kind.MERGE and len(news) != 1:
        errors.append("Hợp nhất, sáp nhập cần đúng một cơ quan sau sắp xếp.")
    if event.kind == Kind.SPLIT and (len(olds) != 1 or len(news) < 2):
        errors.append("Chia, tách cần một cơ quan trước và ít nhất hai cơ quan sau sắp xếp.")
    for new in news:
        if new in olds:
            errors.append(f"“{new.name}” không thể vừa là cơ quan trước vừa là cơ quan sau sắp xếp.")
        if new.valid_to and new.valid_to < event.effective_on:
            errors.append(f"Cơ quan sau sắp xếp “{new.name}” đã hết hiệu lực ngày {_day(new.valid_to)}.")
        if new.valid_from and new.valid_from > event.effective_on:
            errors.append(f"Cơ quan sau sắp xếp “{new.name}” chỉ hoạt động từ {_day(new.valid_from)}.")
        for old in olds:
            if new.pk in lineage.ancestry(old):
                errors.append(f"Vòng lặp kế thừa: “{new.name}” đã là cơ quan tiền thân của “{old.name}”.")
    return errors


def _receiver(event: ReorganisationEvent) -> Agency | None:
    news = _sorted(event.successors.all())
    return news[0] if news and event.kind in (Kind.MERGE, Kind.SPLIT) else None


def _rows(olds: list[Agency], day: datetime.date) -> dict:
    return {movable.key: movable.rows(olds, day) for movable in MOVABLES}


def preview_event(event: ReorganisationEvent) -> Preview:
    """What `do_apply_event` would do, without writing anything."""
    preview = Preview(event, errors=event_errors(event))
    olds = _sorted(event.predecessors.all())
    end = event.effective_on - datetime.timedelta(days=1)
    if event.kind in (Kind.MERGE, Kind.SPLIT):
        preview.ends = [(old, end) for old in olds]
        preview.receiver = _receiver(event)
        if preview.receiver is not None and not event.applied_at:
            rows = _rows(olds, event.effective_on)
            preview.counts = {key: queryset.count() for key, queryset in rows.items()}
            for movable in MOVABLES:
                if movable.check:
                    preview.errors += movable.check(rows[movable.key], preview.receiver)
                if movable.notes:
                    preview.notes += movable.notes(rows[movable.key], preview.receiver)
    return preview


def check_event(event: ReorganisationEvent) -> Preview:
    preview = preview_event(event)
    if preview.errors:
        if event.applied_at:
            raise Conflict(preview.errors[0])
        raise ValidationError(preview.errors)
    return preview


def _move(queryset, field_name: str, receiver: Agency, actor) -> list:
    updated = []
    for obj in queryset.select_for_update():
        before = audit.snapshot(obj)
        setattr(obj, field_name, receiver)
        updated.append((obj, before))
    if updated:
        type(updated[0][0]).objects.bulk_update([obj for obj, _ in updated], [field_name])
    audit.record_bulk(updated=updated, actor=actor)
    return [obj for obj, _ in updated]


def _end(agency: Agency, end: datetime.date, successor: Agency, basis: str, actor) -> None:
    before = audit.snapshot(agency)
    agency.valid_to, agency.successor, agency.succession_basis = end, successor, basis[:200]
    agency.save(update_fields=["valid_to", "successor", "succession_basis"])
    audit.record_update(agency, before, actor=actor)


def _rename(agency: Agency, event: ReorganisationEvent, end: datetime.date, actor) -> None:
    name = " ".join(event.new_name.split())
    current = agency.names.filter(valid_to__isnull=True).first()
    if current is None:  # the name it bore until now enters the history first
        current = AgencyName.objects.create(agency=agency, name=agency.name, valid_from=agency.valid_from)
        audit.record_create(current, actor=actor)
    before = audit.snapshot(current)
    current.valid_to = end
    current.save()
    audit.record_update(current, before, actor=actor)
    audit.record_create(AgencyName.objects.create(agency=agency, name=name, valid_from=event.effective_on,
                                                  basis=event.basis), actor=actor)
    before = audit.snapshot(agency)
    agency.name, agency.search_name = name, fold(name)
    agency.save(update_fields=["name", "search_name"])
    audit.record_update(agency, before, actor=actor)


def _transfer(agency: Agency, event: ReorganisationEvent, end: datetime.date, actor) -> None:
    current = agency.parents.filter(valid_to__isnull=True).first()
    if current is None:
        current = AgencyParent.objects.create(agency=agency, parent=agency.parent, valid_from=agency.valid_from)
        audit.record_create(current, actor=actor)
    before = audit.snapshot(current)
    current.valid_to = end
    current.save()
    audit.record_update(current, before, actor=actor)
    audit.record_create(AgencyParent.objects.create(agency=agency, parent=event.new_parent,
                                                    valid_from=event.effective_on, basis=event.basis), actor=actor)
    # Scopes follow today's tree: the body and everything under it take their new place.
    old_path, new_path = agency.path, Agency.path_for(event.new_parent, agency.code)
    shift = event.new_parent.depth + 1 - agency.depth
    moved = []
    for body in Agency.objects.select_for_update().filter(path__startswith=old_path):
        before = audit.snapshot(body)
        body.path, body.depth = new_path + body.path[len(old_path):], body.depth + shift
        if body.pk == agency.pk:
            body.parent = event.new_parent
        moved.append((body, before))
    Agency.objects.bulk_update([body for body, _ in moved], ["path", "depth", "parent"])
    audit.record_bulk(updated=moved, actor=actor)


@transaction.atomic
def do_apply_event(event: ReorganisationEvent, *, acting_user) -> Preview:
    """Apply `event` once: end the old bodies, move what lives on, write the history; all or nothing."""
    require_role(acting_user.sees_everything, "Chỉ quản trị quốc gia được áp dụng sắp xếp tổ chức.")
    event = ReorganisationEvent.objects.select_for_update().get(pk=event.pk)
    preview = check_event(event)
    end = event.effective_on - datetime.timedelta(days=1)
    olds = _sorted(Agency.objects.select_for_update().filter(pk__in=event.predecessors.all()))
    if event.kind == Kind.RENAME:
        _rename(olds[0], event, end, acting_user)
    elif event.kind == Kind.TRANSFER:
        _transfer(olds[0], event, end, acting_user)
    else:
        receiver = preview.receiver
        rows = _rows(olds, event.effective_on)
        for movable in MOVABLES:
            if movable.before:
                movable.before(rows[movable.key], receiver, acting_user)
            moved = _move(rows[movable.key], movable.field, receiver, acting_user)
            if movable.after:
                movable.after(moved, receiver, acting_user)
            preview.counts[movable.key] = len(moved)
        for old in olds:
            _end(old, end, receiver, event.basis, acting_user)
    before = audit.snapshot(event)
    event.applied_at, event.applied_by = timezone.now(), acting_user if acting_user.pk else None
    event.save(update_fields=["applied_at", "applied_by"])
    audit.record_update(event, before, actor=acting_user)
    return preview


@transaction.atomic
def do_create_event(*, kind: str, effective_on: datetime.date, basis: str, predecessors, successors=(),
                    new_name: str = "", new_parent: Agency | None = None, note: str = "",
                    acting_user) -> ReorganisationEvent:
    """Record an event to preview and apply later (nothing in the tree changes yet)."""
    require_role(acting_user.sees_everything, "Chỉ quản trị quốc gia được ghi sự kiện sắp xếp tổ chức.")
    if kind not in Kind.values:
        raise ValidationError({"kind": "Loại sắp xếp không hợp lệ."})
    if not basis.strip():
        raise ValidationError({"basis": "Chưa ghi căn cứ (văn bản quyết định việc sắp xếp)."})
    if kind == Kind.RENAME and not new_name.strip():
        raise ValidationError({"new_name": "Tên mới không được để trống."})
    event = ReorganisationEvent.objects.create(kind=kind, effective_on=effective_on, basis=basis.strip(),
                                               new_name=" ".join(new_name.split()), new_parent=new_parent,
                                               note=note, created_by=acting_user if acting_user.pk else None)
    event.predecessors.set(predecessors)
    event.successors.set(successors)
    audit.record_create(event, actor=acting_user)
    return event
