"""The audit trail: every service records its writes here, in the same transaction."""

import contextlib
import contextvars
import datetime
import decimal
import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models
from django.db.models.fields.files import FieldFile

from .models import AuditEntry
from .privacy import is_phone_path, secret_fields, shown_phone

# A model's `secret_fields` are recorded as changed ("***"), never with their values; derived ones not at all.
HIDDEN = "***"
# In a snapshot a secret value is a keyed digest behind this mark: changes are seen, values never held.
_SECRET_MARK = "\x00secret:"
_SKIPPED = {"search_name", "last_login", "path", "depth"}
# Changes that are not model fields.
_EXTRA_LABELS = {"api_token": "mã truy cập API", "redacted_rows": "số mục đã che số định danh"}

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
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def _sealed(value):
    if value is None or value == "":
        return value
    digest = hmac.new(settings.SECRET_KEY.encode(), str(value).encode(), hashlib.sha256).hexdigest()
    return f"{_SECRET_MARK}{digest}"


def _hidden(values: list) -> list:
    """A secret's change as the audit may hold it: the changed-marker, or nothing when it had no value at all."""
    return values if all(v is None or v == "" for v in values) else [HIDDEN, HIDDEN]


def snapshot(obj: models.Model) -> dict:
    """The audited field values of `obj`, JSON-ready; secret fields sealed (compared, never readable)."""
    secrets = secret_fields(type(obj))
    values = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name in _SKIPPED:
            continue
        value = _plain(getattr(obj, field.attname))
        values[field.name] = _sealed(value) if field.name in secrets else value
    return values


def _is_sealed(value) -> bool:
    return isinstance(value, str) and value.startswith(_SECRET_MARK)


def diff(before: dict, after: dict) -> dict:
    changes = {}
    for name in after.keys() | before.keys():
        old, new = before.get(name), after.get(name)
        if old != new:
            changes[name] = [HIDDEN, HIDDEN] if _is_sealed(old) or _is_sealed(new) else [old, new]
    return changes


def redact(model: type[models.Model], changes: dict) -> dict:
    """`changes` with the model's secret fields reduced to a changed-marker, whoever built them."""
    secrets = secret_fields(model) & changes.keys()
    return {name: _hidden(values) if name in secrets else values for name, values in changes.items()}


def _entry(action: str, obj: models.Model, changes: dict, actor) -> AuditEntry:
    return AuditEntry(
        actor=actor if actor is not None and actor.pk else None,
        actor_name=actor.get_username() if actor is not None and actor.pk else "Hệ thống",
        via=_via.get(),
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=redact(type(obj), changes),
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


def data_version() -> int:
    """A number that moves whenever anything is written: every write goes through a service that writes its audit
    entry in the same transaction, so the newest entry's id is the version of the data (caches key on it)."""
    return AuditEntry.objects.aggregate(newest=models.Max("id"))["newest"] or 0


def record_bulk(created: Iterable[models.Model] = (), updated: Iterable[tuple[models.Model, dict]] = (),
                *, actor) -> int:
    """Record a bulk write (imports, loaders) in one insert: created objects and (object, before) pairs."""
    entries = [_entry(AuditEntry.Action.CREATE, obj, diff({}, snapshot(obj)), actor) for obj in created]
    for obj, before in updated:
        changes = diff(before, snapshot(obj))
        if changes:
            entries.append(_entry(AuditEntry.Action.UPDATE, obj, changes, actor))
    _insert(entries)
    return len(entries)


COPY_FIELDS = ("at", "actor_id", "actor_name", "via", "action", "content_type_id", "object_id", "object_repr",
               "changes")


def _insert(entries: list[AuditEntry]) -> None:
    """Many entries at once: PostgreSQL's COPY (an import writes one entry per row), a bulk insert elsewhere."""
    if connection.vendor != "postgresql" or len(entries) < 100:
        AuditEntry.objects.bulk_create(entries, batch_size=2000)
        return
    table = AuditEntry._meta.db_table
    with connection.cursor() as cursor, cursor.cursor.copy(
            f"COPY {table} ({', '.join(COPY_FIELDS)}) FROM STDIN") as copy:  # noqa: S608 - fixed names
        for entry in entries:
            copy.write_row([json.dumps(entry.changes, ensure_ascii=False) if name == "changes"
                            else getattr(entry, name) for name in COPY_FIELDS])


def history(obj: models.Model, user, limit: int = 100):
    """The change history of `obj`, newest first, ready to show to `user`."""
    return present(AuditEntry.objects.for_object(obj).select_related("content_type")[:limit], user)


def _shown(field, value, names: dict, user):
    if value is None or value == "":
        return "—"
    if field is not None and field.name in secret_fields(field.model):
        return HIDDEN  # written before secrets were redacted: still never shown
    if field is not None and is_phone_path(field.name):
        return shown_phone(value, user)
    if field is not None and field.is_relation:
        return names.get((field.related_model, value), f"#{value}")
    if field is not None and field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if field is not None and field.get_internal_type() == "DateField":
        return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
    return value


def present(entries, user) -> list[tuple[AuditEntry, list[tuple[str, str, str]]]]:
    """Each entry with its changes as (label, old, new) in Vietnamese, related rows by name, phones as `user` may
    see them.

    Related objects are looked up in one query per related model for the whole page.
    """
    entries = list(entries)
    wanted: dict[type, set] = {}
    for entry in entries:
        model = entry.content_type.model_class()
        for name, values in entry.changes.items():
            field = _field(model, name)
            if field is not None and field.is_relation:
                wanted.setdefault(field.related_model, set()).update(v for v in values if v is not None)
    names = {(model, obj.pk): str(obj) for model, ids in wanted.items() for obj in model.objects.filter(pk__in=ids)}
    rows = []
    for entry in entries:
        model = entry.content_type.model_class()
        changes = []
        for name, (old, new) in entry.changes.items():
            field = _field(model, name)
            label = str(field.verbose_name) if field is not None else _EXTRA_LABELS.get(name, name)
            changes.append((label[:1].upper() + label[1:], _shown(field, old, names, user),
                            _shown(field, new, names, user)))
        rows.append((entry, changes))
    return rows


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
