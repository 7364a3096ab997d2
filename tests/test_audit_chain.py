"""The audit trail is a hash chain: an entry edited or removed in the database shows in `dxnet audit verify`."""

import contextlib
import importlib
import io
import os
import threading
import types
from unittest import mock

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction

from dxnet.agencies.models import Agency
from dxnet.core import audit, chain
from dxnet.core.management.commands.audit import Command as AuditCommand
from dxnet.core.models import AuditChainHead, AuditEntry

pytestmark = pytest.mark.django_db
migration = importlib.import_module("dxnet.core.migrations.0009_audit_chain")

# The append-only triggers lifted, as someone with the database's password could (undone with the test's rollback).
LIFT_ALL = {
    "sqlite": ["DROP TRIGGER core_auditentry_no_update", "DROP TRIGGER core_auditentry_no_delete"],
    "postgresql": ["""CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$
                      BEGIN IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END; $$ LANGUAGE plpgsql"""],
}


@contextlib.contextmanager
def tampering():
    with connection.cursor() as cursor:
        for statement in LIFT_ALL[connection.vendor]:
            cursor.execute(statement)
        yield cursor


def three_entries() -> list[AuditEntry]:
    agency = Agency.objects.get(code="ubnd-tinh-15")
    return [audit.record_change(agency, {"ghi_chu": [None, f"lần {n}"]}, actor=None) for n in range(3)]


def verify() -> tuple[int, str]:
    """`dxnet audit verify` as the shell runs it: its exit code and what it printed."""
    out, err = io.StringIO(), io.StringIO()
    command = AuditCommand(stdout=out, stderr=err)
    # run_from_argv closes the connections when done, the test's own among them: kept open here.
    with mock.patch.object(connections, "close_all"):
        try:
            command.run_from_argv(["dxnet", "audit", "verify", "--chunk-size", "500"])
        except SystemExit as exit:
            return exit.code, err.getvalue()
    return 0, out.getvalue()


def test_each_entry_carries_the_hash_of_the_one_before_in_the_order_written():
    first, second, third = three_entries()
    assert first.id < second.id < third.id
    assert (second.prev_hash, third.prev_hash) == (first.hash, second.hash)
    stored = AuditEntry.objects.get(pk=second.pk)
    assert stored.hash == chain.digest(stored.prev_hash, {name: getattr(stored, name) for name in chain.HASHED},
                                       "agencies.agency")
    assert AuditChainHead.objects.values_list("last_id", "last_hash").get() == (third.id, third.hash)
    assert chain.verify().broken is None


def test_entries_of_a_bulk_write_are_chained_in_their_order():
    agencies = list(Agency.objects.order_by("-code")[:120])  # COPY on PostgreSQL
    before = AuditChainHead.objects.get().last_hash
    assert audit.record_bulk(created=agencies, actor=None) == 120
    entries = list(AuditEntry.objects.order_by("-id")[:120])[::-1]
    assert [e.object_id for e in entries] == [str(a.pk) for a in agencies]
    assert entries[0].prev_hash == before
    assert all(later.prev_hash == earlier.hash for earlier, later in zip(entries, entries[1:], strict=False))
    assert chain.verify().broken is None


def test_numbers_and_keys_hash_the_same_once_the_database_has_read_them_back():
    """PostgreSQL's jsonb keeps decimal digits (2.0 is read back as 2, 1.5e300 as an integer); keys become text."""
    agency = Agency.objects.get(code="ubnd-tinh-15")
    audit.record_change(agency, {"so": [2.0, 1e20], "lon": [1.5e300, 0.1], "khoa": [{1: True, None: 2.5}, None]},
                        actor=None)
    assert chain.verify().broken is None


def test_the_command_counts_an_intact_chain_and_prints_its_head():
    *_, third = three_entries()
    code, out = verify()
    assert code == 0
    assert out.splitlines() == [f"Chuỗi nhật ký nguyên vẹn: {AuditEntry.objects.count():,} mục".replace(",", "."),
                                f"Đầu chuỗi (ghi lại để đối chiếu sau bằng --expect): {third.id}:{third.hash}"]


def test_a_chain_computed_anew_is_caught_by_a_head_noted_before():
    """Whoever can rewrite the table can also chain it anew: a head noted elsewhere (a backup prints it) shows it."""
    first, second, third = three_entries()
    noted = f"{third.id}:{third.hash}"
    with tampering() as cursor:
        cursor.execute("UPDATE core_auditentry SET changes = %s WHERE id = %s", ['{"ghi_chu": [null, "khác"]}',
                                                                                  second.id])
        cursor.execute("DELETE FROM core_auditchainhead")
        migration.chain_existing(apps, types.SimpleNamespace(connection=connection, execute=cursor.execute))
    assert chain.verify().broken is None  # the chain alone cannot tell
    with pytest.raises(CommandError, match=f"Mục #{third.id} không còn mang mã băm đã ghi lại"):
        call_command("audit", "verify", "--expect", noted, stdout=io.StringIO())
    with pytest.raises(CommandError, match="không đúng dạng"):
        call_command("audit", "verify", "--expect", "12:abc", stdout=io.StringIO())


def test_an_edited_change_is_detected_at_that_entry():
    first, second, third = three_entries()
    with tampering() as cursor:
        cursor.execute("UPDATE core_auditentry SET changes = %s WHERE id = %s", ['{"ghi_chu": [null, "khác"]}',
                                                                                  second.id])
    broken = chain.verify().broken
    assert (broken.entry_id, broken.at) == (second.id, second.at)
    assert "bị sửa" in broken.reason
    code, err = verify()
    assert code == 1
    assert f"mục #{second.id}" in err and "bị sửa" in err


def test_a_deleted_entry_in_the_middle_is_detected_at_the_next_one():
    first, second, third = three_entries()
    with tampering() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [second.id])
    broken = chain.verify().broken
    assert broken.entry_id == third.id
    assert "liền trước đã bị xóa" in broken.reason
    assert verify()[0] == 1


def test_a_deleted_last_entry_is_detected_by_the_head():
    *_, third = three_entries()
    with tampering() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [third.id])
    broken = chain.verify().broken
    assert broken.entry_id == third.id and broken.at is None
    assert "đầu chuỗi" in broken.reason
    code, err = verify()
    assert code == 1 and f"mục #{third.id}" in err


def test_the_migration_chains_the_entries_written_before_it_in_id_order():
    three_entries()
    with tampering() as cursor:  # as before the chain: no hashes, no head
        cursor.execute("UPDATE core_auditentry SET prev_hash = '', hash = ''")
        cursor.execute("DELETE FROM core_auditchainhead")
        assert "chưa được đưa vào chuỗi" in chain.verify().broken.reason
        migration.chain_existing(apps, types.SimpleNamespace(connection=connection, execute=cursor.execute))
    assert chain.verify() == chain.Verdict(AuditEntry.objects.count(), None, chain.head())
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:  # append-only again
        cursor.execute("UPDATE core_auditentry SET actor_name = 'x'")
    with pytest.raises(CommandError, match="Chuỗi nhật ký bị đứt"), tampering() as cursor:
        cursor.execute("UPDATE core_auditentry SET actor_name = 'x' WHERE id = (SELECT MIN(id) FROM core_auditentry)")
        call_command("audit", "verify", stdout=io.StringIO())


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                    reason="concurrent writers need PostgreSQL (SQLite serialises them)")
def test_concurrent_writers_on_postgresql_all_complete_and_stay_chained():
    """Two threads, each with its own connection, write 25 audited transactions each; both finish (no deadlock,
    nothing lost) and the chain holds. Their entries are committed for real: they are about a content type, which no
    other test counts."""
    from django.contrib.contenttypes.models import ContentType

    target = ContentType.objects.get_for_model(AuditEntry)
    before = AuditChainHead.objects.get().last_id
    errors = []

    def writer(name: str) -> None:
        try:
            for n in range(25):
                with transaction.atomic():
                    ContentType.objects.select_for_update().get(pk=target.pk)  # a row lock first, as services do
                    audit.record_change(target, {"thu": [None, f"{name} {n}"]}, actor=None)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(name,)) for name in ("một", "hai")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads) and not errors, errors
    assert AuditEntry.objects.filter(id__gt=before, object_id=str(target.pk)).count() == 50
    assert chain.verify().broken is None
