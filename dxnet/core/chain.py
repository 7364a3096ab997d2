"""The audit trail as a hash chain: each entry holds the hash of the one before it, so that an entry edited or
removed in the database, even by someone who can lift the append-only triggers, shows in `dxnet audit verify`.

Order is commit order. The chain head (one row) is locked with SELECT … FOR UPDATE by the transaction that writes an
entry, at the moment it writes it, and stays locked until that transaction ends; entry ids are drawn after the lock,
so that id order is chain order and `verify` can walk the table by id. SQLite serialises writers anyway
(transactions begin IMMEDIATE, see settings), where FOR UPDATE is a no-op.

The price: audited writes of different transactions queue on the head from their first audit entry to their commit
(services write their entry last and commit at once). A transaction that, after writing an entry, waits for a row
another writer holds while that writer waits for the head is a deadlock: PostgreSQL detects it and aborts one of the
two; keep the audit entry the last write of a service.

A data migration that writes audit entries through a historical model bypasses `AuditEntry.save()`: it must seal
them with `seal(entries, labels=…)` before inserting them, or `verify` reports them.
"""

import datetime
import decimal
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection, transaction

GENESIS = "0" * 64
HEAD_TABLE = "core_auditchainhead"
ENTRY_TABLE = "core_auditentry"
HASHED = ("id", "at", "actor_id", "actor_name", "via", "action", "content_type_id", "object_id", "object_repr",
          "changes")


def _normal(value):
    """The value as it reads back from a JSON column: PostgreSQL's jsonb keeps a number's decimal digits, so 2.0 and
    1.5e300 come back as the integers 2 and 15 followed by 299 zeros; keys come back as JSON writes them."""
    if isinstance(value, float) and value.is_integer():
        return int(decimal.Decimal(repr(value)))
    if isinstance(value, dict):
        return {key if isinstance(key, str) else json.dumps(key): _normal(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_normal(item) for item in value]
    return value


def _moment(at: datetime.datetime) -> str:
    return at.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def digest(prev_hash: str, values: dict, content_type: str) -> str:
    """sha256(previous hash + canonical JSON of the entry); `values` has the `HASHED` fields, `content_type` is
    "app_label.model" (ids of content types differ between databases, their names do not)."""
    document = {**{name: values[name] for name in HASHED if name != "content_type_id"},
                "at": _moment(values["at"]), "content_type": content_type, "changes": _normal(values["changes"])}
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + text).encode()).hexdigest()


def label_of(content_type_id: int) -> str:
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_id(content_type_id)
    return f"{content_type.app_label}.{content_type.model}"


def _lock_head(count: int) -> tuple[str, list[int]]:
    """Lock the head; the last hash and `count` new entry ids, drawn after the lock."""
    postgresql = connection.vendor == "postgresql"
    # SQLite: writers are serialised (FOR UPDATE does not exist there), the next ids follow the largest one.
    head = (f"SELECT last_hash, last_id, 0 FROM {HEAD_TABLE} WHERE id = 1 FOR UPDATE" if postgresql else  # noqa: S608
            f"SELECT last_hash, last_id, (SELECT MAX(id) FROM {ENTRY_TABLE}) FROM {HEAD_TABLE} WHERE id = 1")  # noqa: S608
    with connection.cursor() as cursor:
        for _ in range(2):
            cursor.execute(head)
            row = cursor.fetchone()
            if row is not None:
                break
            # A flushed database (a test's): the head starts again from the beginning.
            cursor.execute(f"INSERT INTO {HEAD_TABLE} (id, last_hash, last_id) VALUES (1, %s, 0) "  # noqa: S608
                           "ON CONFLICT DO NOTHING", [GENESIS])
        last_hash, last_id, largest = row
        if postgresql:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                           [ENTRY_TABLE, count])
            ids = sorted(value for (value,) in cursor.fetchall())
        else:
            first = max(largest or 0, last_id) + 1
            ids = list(range(first, first + count))
    return last_hash, ids


def _move_head(last_hash: str, last_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {HEAD_TABLE} SET last_hash = %s, last_id = %s WHERE id = 1",  # noqa: S608
                       [last_hash, last_id])


def seal(entries: Sequence, labels=label_of) -> None:
    """Give `entries` (unsaved, in order) their ids, `prev_hash` and `hash`, and move the head past them; the caller
    inserts them in the same transaction, which must be open (the head stays locked until it ends)."""
    if not entries:
        return
    prev_hash, ids = _lock_head(len(entries))
    for entry, entry_id in zip(entries, ids, strict=True):
        entry.id = entry_id
        entry.prev_hash = prev_hash
        entry.hash = prev_hash = digest(prev_hash, {name: getattr(entry, name) for name in HASHED},
                                        labels(entry.content_type_id))
    _move_head(prev_hash, ids[-1])


def append(entries: Sequence, insert) -> None:
    """Seal `entries` and insert them with `insert(entries)`, atomically."""
    with transaction.atomic(savepoint=False):  # within a service's transaction: no savepoint of its own
        seal(entries)
        insert(entries)


@dataclass(frozen=True)
class Break:
    """Where the chain stops holding: the entry (id, time; None when it is gone) and why, in Vietnamese."""

    entry_id: int | None
    at: datetime.datetime | None
    reason: str


@dataclass(frozen=True)
class Verdict:
    """How many entries hold, where the chain breaks (None: nowhere), and the head checked (id, hash)."""

    entries: int
    broken: Break | None
    head: tuple[int, str] = (0, GENESIS)


def walk(rows: Iterable[tuple], head: tuple[str, int], labels=label_of) -> Verdict:
    """Check `rows` (the `HASHED` fields, then prev_hash and hash, in id order) against each other and the head."""
    head_hash, head_id = head
    expected, count, last = GENESIS, 0, None
    for row in rows:
        values = dict(zip(HASHED, row, strict=False))
        prev_hash, stored = row[len(HASHED)], row[len(HASHED) + 1]
        if prev_hash != expected:
            reason = ("mục chưa được đưa vào chuỗi" if not stored else
                      "mục liền trước đã bị xóa hoặc sửa (mã băm trước không khớp)")
            return Verdict(count, Break(values["id"], values["at"], reason))
        actual = digest(prev_hash, values, labels(values["content_type_id"]))
        if actual != stored:
            return Verdict(count, Break(values["id"], values["at"], "nội dung mục đã bị sửa (mã băm không khớp)"))
        expected, count, last = actual, count + 1, values
    if (last["id"] if last else 0) != head_id or expected != head_hash:
        return Verdict(count, Break(head_id or None, None,
                                    "mục cuối của chuỗi đã bị xóa hoặc sửa (không khớp đầu chuỗi)"))
    return Verdict(count, None, (head_id, head_hash))


def head() -> tuple[int, str]:
    """The newest chained entry's id and hash: noted outside the database (a backup's manifest, a report), it
    shows later whether the chain up to there was rewritten whole, which the chain alone cannot."""
    from .models import AuditChainHead

    return AuditChainHead.objects.filter(pk=1).values_list("last_id", "last_hash").first() or (0, GENESIS)


def differs_from_anchor(entry_id: int, expected_hash: str) -> bool:
    """True when entry `entry_id` no longer carries the hash noted for it (gone, edited, or chained anew)."""
    from .models import AuditEntry

    return AuditEntry.objects.filter(pk=entry_id).values_list("hash", flat=True).first() != expected_hash


def verify(chunk_size: int = 5000) -> Verdict:
    """Walk the whole audit trail by id, streaming, against the head read first (entries committed meanwhile come
    after it and are left for the next run)."""
    from .models import AuditChainHead, AuditEntry

    head = AuditChainHead.objects.filter(pk=1).values_list("last_hash", "last_id").first()
    rows = AuditEntry.objects.all() if head is None else AuditEntry.objects.filter(id__lte=head[1])  # no head: all
    rows = rows.order_by("id").values_list(*HASHED, "prev_hash", "hash").iterator(chunk_size=chunk_size)
    return walk(rows, head or (GENESIS, 0))
