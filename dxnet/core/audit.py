"""The audit trail: every service records its writes here, in the same transaction."""

import contextlib
import contextvars
import datetime
import decimal
from collections.abc import Iterable, Iterator

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry

# Derived or secret fields: never shown as values in the history.
_HIDDEN = {"password"}
_SKIPPED = {"search_name", "last_login"}

_via: contextvars.ContextVar[str] = contextvars.ContextVar("audit_via", default=AuditEntry.Via.SYSTEM)


@contextlib.contextmanager
def channel(via: str) -> Iterator[None]:
    """Mark the writes made inside this block as coming from `via` (web, api, cli)."""
    token = _via.set(via)
    try:
        yield
    finally:
        _via.reset(token)


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def snapshot(obj: models.Model) -> dict:
    """The audited field values of `obj`, JSON-ready."""
    values = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name in _SKIPPED:
            continue
        values[field.name] = _plain(getattr(obj, field.attname))
    return values


def diff(before: dict, after: dict) -> dict:
    changes = {}
    for name in after.keys() | before.keys():
        old, new = before.get(name), after.get(name)
        if old != new:
            changes[name] = ["***", "***"] if name in _HIDDEN else [old, new]
    return changes


def _entry(action: str, obj: models.Model, changes: dict, actor) -> AuditEntry:
    return AuditEntry(
        actor=actor if actor is not None and actor.pk else None,
        actor_name=actor.get_username() if actor is not None and actor.pk else "Hệ thống",
        via=_via.get(),
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=changes,
    )


def record_create(obj: models.Model, *, actor) -> AuditEntry:
    entry = _entry(AuditEntry.Action.CREATE, obj, diff({}, snapshot(obj)), actor)
    entry.save()
    return entry


def record_update(obj: models.Model, before: dict, *, actor) -> AuditEntry | None:
    """Record what changed since `before` (a snapshot); nothing when nothing changed."""
    changes = diff(before, snapshot(obj))
    if not changes:
        return None
    entry = _entry(AuditEntry.Action.UPDATE, obj, changes, actor)
    entry.save()
    return entry


def record_change(obj: models.Model, changes: dict, *, actor) -> AuditEntry:
    """Record an update that is not a field of `obj` itself (a token issued, a role granted)."""
    entry = _entry(AuditEntry.Action.UPDATE, obj, changes, actor)
    entry.save()
    return entry


def record_delete(obj: models.Model, *, actor) -> AuditEntry:
    entry = _entry(AuditEntry.Action.DELETE, obj, diff(snapshot(obj), {}), actor)
    entry.save()
    return entry


def record_bulk(created: Iterable[models.Model] = (), updated: Iterable[tuple[models.Model, dict]] = (),
                *, actor) -> int:
    """Record a bulk write (imports, loaders) in one insert: created objects and (object, before) pairs."""
    entries = [_entry(AuditEntry.Action.CREATE, obj, diff({}, snapshot(obj)), actor) for obj in created]
    for obj, before in updated:
        changes = diff(before, snapshot(obj))
        if changes:
            entries.append(_entry(AuditEntry.Action.UPDATE, obj, changes, actor))
    AuditEntry.objects.bulk_create(entries, batch_size=2000)
    return len(entries)


def history(obj: models.Model):
    """The change history of `obj`, newest first."""
    return AuditEntry.objects.for_object(obj).select_related("actor")
