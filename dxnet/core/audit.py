"""The audit trail: every service records its writes here, in the same transaction."""

import contextlib
import contextvars
import datetime
import decimal
import difflib
import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from . import chain, numbers, scopes
from .models import AuditEntry
from .privacy import is_phone_path, secret_fields, shown_phone

# A model's `secret_fields` are recorded as changed ("***"), never with their values; derived ones not at all.
HIDDEN = "***"
# In a snapshot a secret value is a keyed digest behind this mark: changes are seen, values never held.
_SECRET_MARK = "\x00secret:"
_SKIPPED = {"search_name", "last_login", "path", "depth"}
# Changes that are not model fields.
_EXTRA_LABELS = {"api_token": "mã truy cập API", "redacted_rows": "số mục đã che số định danh",
                 "two_factor": "xác thực hai bước", "two_factor_recovery_codes": "mã dự phòng"}

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
    secrets = secret_fields(obj._meta.model)
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
        changes=redact(obj._meta.model, changes),
    )


def _moved(obj: models.Model, changes: dict) -> None:
    """Move the versions of the parts of the country `obj` belongs to (dxnet.core.scopes); when the write moves it
    from one part to another (its agency, territory or parent changed), of every part."""
    keys = scopes.written(obj._meta.model, [obj.pk])
    if changes.keys() & _REPARENTING:
        keys.add(scopes.NATIONAL)
    scopes.bump(keys)


# Fields whose change can move a row to another part of the country: its old part is not known any more.
_REPARENTING = {"agency", "admin_unit", "parent", "lead", "plan", "person", "committee", "meeting", "system", "task"}


def record_create(obj: models.Model, *, actor) -> AuditEntry:
    entry = _entry(AuditEntry.Action.CREATE, obj, diff({}, snapshot(obj)), actor)
    entry.save()
    _moved(obj, {})
    return entry


def record_update(obj: models.Model, before: dict, *, actor) -> AuditEntry | None:
    """Record what changed since `before` (a snapshot); nothing when nothing changed."""
    changes = diff(before, snapshot(obj))
    if not changes:
        return None
    entry = _entry(AuditEntry.Action.UPDATE, obj, changes, actor)
    entry.save()
    _moved(obj, changes)
    return entry


def record_change(obj: models.Model, changes: dict, *, actor) -> AuditEntry:
    """Record an update that is not a field of `obj` itself (a token issued, a role granted)."""
    entry = _entry(AuditEntry.Action.UPDATE, obj, changes, actor)
    entry.save()
    _moved(obj, changes)
    return entry


def record_delete(obj: models.Model, *, actor) -> AuditEntry:
    entry = _entry(AuditEntry.Action.DELETE, obj, diff(snapshot(obj), {}), actor)
    entry.save()
    _moved(obj, {})  # a row already gone belongs to no part any more: every part moves
    return entry


def data_version() -> int:
    """A number that moves whenever anything is written: every write goes through a service that writes its audit
    entry in the same transaction, so the newest entry's id is the version of the data (caches key on it)."""
    return AuditEntry.objects.aggregate(newest=models.Max("id"))["newest"] or 0


def record_bulk(created: Iterable[models.Model] = (), updated: Iterable[tuple[models.Model, dict]] = (),
                *, actor) -> int:
    """Record a bulk write (imports, loaders) in one insert: created objects and (object, before) pairs."""
    entries, touched, keys = [], {}, set()
    entry = _bulk_entries(actor)
    for obj in created:
        entries.append(entry(AuditEntry.Action.CREATE, obj, diff({}, snapshot(obj))))
        touched.setdefault(obj._meta.model, []).append(obj.pk)
    for obj, before in updated:
        changes = diff(before, snapshot(obj))
        if changes:
            entries.append(entry(AuditEntry.Action.UPDATE, obj, changes))
            touched.setdefault(obj._meta.model, []).append(obj.pk)
            if changes.keys() & _REPARENTING:
                keys.add(scopes.NATIONAL)
    _insert(entries)
    for model, pks in touched.items():
        for start in range(0, len(pks), 10_000):  # within PostgreSQL's limit of parameters per statement
            keys |= scopes.written(model, pks[start:start + 10_000])
    scopes.bump(keys)
    return len(entries)


COPY_FIELDS = ("id", "at", "actor_id", "actor_name", "via", "action", "content_type_id", "object_id",
               "object_repr", "changes", "prev_hash", "hash")


@dataclass
class _BulkEntry:
    """An entry of a bulk write: AuditEntry's columns without a model instance (an import builds tens of thousands;
    `_copy` sends them as they are, or makes them entries for a bulk insert)."""

    at: datetime.datetime
    actor_id: int | None
    actor_name: str
    via: str
    action: str
    content_type_id: int
    object_id: str
    object_repr: str
    changes: dict
    id: int | None = None
    prev_hash: str = ""
    hash: str = ""


def _bulk_entries(actor):
    """A maker of one bulk write's entries, as `_entry` makes them: one moment, one actor, one channel."""
    at, via, content_types = timezone.now(), _via.get(), {}
    actor_id, actor_name = (actor.pk, actor.get_username()) if actor is not None and actor.pk else (None, "Hệ thống")

    def entry(action: str, obj: models.Model, changes: dict) -> _BulkEntry:
        model = obj._meta.model
        if model not in content_types:
            content_types[model] = ContentType.objects.get_for_model(obj).pk
        return _BulkEntry(at, actor_id, actor_name, via, action, content_types[model], str(obj.pk),
                          str(obj)[:300], redact(model, changes))
    return entry


def _insert(entries: list[_BulkEntry]) -> None:
    """Many entries at once, chained in their order: PostgreSQL's COPY (an import writes one entry per row), a bulk
    insert elsewhere."""
    chain.append(entries, _copy)


def _copy(entries: list[_BulkEntry]) -> None:
    if connection.vendor != "postgresql" or len(entries) < 100:
        AuditEntry.objects.bulk_create([AuditEntry(**{name: getattr(entry, name) for name in COPY_FIELDS})
                                        for entry in entries], batch_size=2000)
        return
    table = AuditEntry._meta.db_table
    with connection.cursor() as cursor, cursor.cursor.copy(
            f"COPY {table} ({', '.join(COPY_FIELDS)}) FROM STDIN") as copy:  # noqa: S608 - fixed names
        for entry in entries:
            copy.write_row([json.dumps(entry.changes, ensure_ascii=False) if name == "changes"
                            else getattr(entry, name) for name in COPY_FIELDS])


# --- Presentation: what a person reads in "Lịch sử thay đổi" (nothing here changes what is stored) ----------

# Bookkeeping a person does not need to read: sort keys, search keys, tree paths, timestamps kept by the system,
# ids and versions.
_INTERNAL = {"order", "search_name", "search_text", "path", "depth", "version", "created_at", "updated_at",
             "uploaded_at", "heartbeat_at", "last_login", "content_type", "object_id"}
# Labels of fields declared without a Vietnamese name.
_FIELD_LABELS = {"created_by": "người tạo", "applied_by": "người áp dụng", "requested_by": "người yêu cầu",
                 "handlers": "cơ quan đã xử lý", "user": "tài khoản", "via": "kênh"}
DOCUMENT_SUMMARY = "nội dung thay đổi (xem chi tiết)"
_SLOT = re.compile(r"\{(\w+)\}")
_SLOT_NAMES = {"agency": "cơ quan", "year": "năm", "previous_year": "năm trước"}
DOCUMENT_DETAIL_LINES = 40
EMPTY = "—"


@dataclass(frozen=True)
class Change:
    """One line of a history: the field's label and its values as a person reads them; a document (a JSON
    value) is summed up in `old`/`new` and told line by line in `detail` ("− removed", "+ added")."""

    label: str
    old: str
    new: str
    detail: tuple[str, ...] = ()


def history(obj: models.Model, user, limit: int = 100):
    """The change history of `obj`, newest first, ready to show to `user`."""
    return present(AuditEntry.objects.for_object(obj).select_related("content_type", "actor")[:limit], user)


def _is_document(value) -> bool:
    return isinstance(value, dict) or (isinstance(value, list) and any(isinstance(v, dict | list) for v in value))


def _texts(value) -> list[str]:
    """The text a document holds, in reading order (keys are the program's, not the reader's)."""
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    if value is None or value == "":
        return []
    if isinstance(value, bool):
        return ["Có" if value else "Không"]
    return [str(value)]


def _readable_slots(text: str) -> str:
    """A template's slots as words: a stored document keeps "{agency}" for the page to fill, a person reads
    "‹cơ quan›"."""
    return _SLOT.sub(lambda match: f"‹{_SLOT_NAMES.get(match[1], '…')}›", text)


def document_diff(old, new, limit: int = DOCUMENT_DETAIL_LINES) -> tuple[str, ...]:
    """What changed in a document, as the lines of text removed ("− …") and added ("+ …")."""
    lines = [f"{'−' if line[0] == '-' else '+'} {_readable_slots(line[1:])}"
             for line in difflib.unified_diff(_texts(old), _texts(new), n=0, lineterm="")
             if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    if len(lines) > limit:
        lines = [*lines[:limit], f"… và {len(lines) - limit} dòng khác"]
    return tuple(lines)


def _moment(value: str) -> str:
    moment = datetime.datetime.fromisoformat(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%d/%m/%Y %H:%M")


def _shown(field, value, names: dict, user):
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if field is not None and field.name in secret_fields(field.model):
        return HIDDEN  # written before secrets were redacted: still never shown
    if field is not None and is_phone_path(field.name):
        return shown_phone(value, user)
    if field is not None and field.is_relation:
        values = value if isinstance(value, list) else [value]
        return ", ".join(names.get((field.related_model, v), f"#{v}") for v in values)
    if field is not None and field.choices:
        labels = dict(field.flatchoices)
        return ", ".join(str(labels.get(v, v)) for v in value) if isinstance(value, list) else labels.get(value, value)
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, list):
        return ", ".join(str(_shown(None, v, names, user)) for v in value)
    if isinstance(value, int | float | decimal.Decimal):
        # A year is a name, not a quantity: 2026, never 2.026.
        return str(value) if field is not None and "year" in field.name else numbers.number(value)
    if field is not None and isinstance(value, str):
        kind = field.get_internal_type()
        with contextlib.suppress(ValueError):
            if kind == "DateField":
                return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
            if kind == "DateTimeField":
                return _moment(value)
            if kind == "DecimalField":
                return numbers.number(value)
    return value


def label_of(field, name: str) -> str:
    """The field's Vietnamese name, capitalised; a relation declared without one is named by what it points to."""
    if field is None:
        label = _EXTRA_LABELS.get(name, name)
    elif str(field.verbose_name) != field.name.replace("_", " "):
        label = str(field.verbose_name)
    elif field.name in _FIELD_LABELS:
        label = _FIELD_LABELS[field.name]
    elif field.is_relation:
        label = str(field.related_model._meta.verbose_name)
    else:
        label = str(field.verbose_name)
    return label[:1].upper() + label[1:]


def is_internal(field, name: str) -> bool:
    """Kept by the system for itself (see `_INTERNAL`), or not editable by anyone (derived)."""
    if name in _INTERNAL:
        return True
    return field is not None and (field.primary_key or not field.editable)


def _change(field, name: str, old, new, names: dict, user) -> Change:
    label = label_of(field, name)
    if _is_document(old) or _is_document(new):
        before = EMPTY if old in (None, "", [], {}) else DOCUMENT_SUMMARY
        after = EMPTY if new in (None, "", [], {}) else DOCUMENT_SUMMARY
        return Change(label, before, after, document_diff(old, new))
    return Change(label, str(_shown(field, old, names, user)), str(_shown(field, new, names, user)))


def present(entries, user) -> list[tuple[AuditEntry, list[Change]]]:
    """Each entry with its changes in Vietnamese, internal fields left out: related rows by name, choices by label,
    Có/Không, dates dd/mm/yyyy (hh:mm in Vietnam time), numbers 1.234, documents summed up with their diff, phones
    as `user` may see them.

    Related objects are looked up in one query per related model for the whole page.
    """
    entries = list(entries)
    wanted: dict[type, set] = {}
    for entry in entries:
        model = entry.content_type.model_class()
        for name, values in entry.changes.items():
            field = _field(model, name)
            if field is not None and field.is_relation and not is_internal(field, name):
                for value in values:
                    ids = value if isinstance(value, list) else [value]
                    wanted.setdefault(field.related_model, set()).update(
                        v for v in ids if v is not None and not isinstance(v, dict | list))
    names = {(model, obj.pk): str(obj) for model, ids in wanted.items() for obj in model.objects.filter(pk__in=ids)}
    rows = []
    for entry in entries:
        model = entry.content_type.model_class()
        # In the order the model declares its fields (the stored order is a set's); other changes after them.
        order = {f.name: index for index, f in enumerate(model._meta.get_fields())} if model else {}
        changes = []
        for name, (old, new) in sorted(entry.changes.items(), key=lambda item: order.get(item[0], len(order))):
            field = _field(model, name)
            # A creation lists what was set, a deletion what was there: not every field left empty.
            empty = (new if entry.action == AuditEntry.Action.CREATE else
                     old if entry.action == AuditEntry.Action.DELETE else 0) in (None, "", [], {})
            if not empty and not is_internal(field, name):
                changes.append(_change(field, name, old, new, names, user))
        rows.append((entry, changes))
    return rows


def _field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
