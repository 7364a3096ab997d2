"""The audit trail becomes a hash chain (dxnet.core.chain): every entry written so far is chained in id order.

Runs after the data migrations that wrote audit entries themselves, so that theirs are chained too. Filling the two
new columns is the second sanctioned rewrite of the append-only table (the first: people 0003): the triggers let
updates through for it and refuse again after. SQLite rebuilds the table to add a column, which drops its triggers:
they are put back here, and by the reverse.
"""

import importlib

from django.db import migrations, models

from dxnet.core import chain

BATCH = 2000
_append_only = importlib.import_module("dxnet.core.migrations.0002_audit_append_only")

LIFT = {
    "sqlite": ["DROP TRIGGER IF EXISTS core_auditentry_no_update"],
    "postgresql": ["""CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$
                      BEGIN IF TG_OP = 'UPDATE' THEN RETURN NEW; END IF;
                      RAISE EXCEPTION 'audit entries are append-only'; END; $$ LANGUAGE plpgsql"""],
}
RESTORE = {
    "sqlite": [statement.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS")
               for statement in _append_only.SQLITE],
    "postgresql": [_append_only.POSTGRESQL[0]],
}


def _execute(schema_editor, statements_by_vendor) -> None:
    for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def restore_triggers(apps, schema_editor) -> None:
    _execute(schema_editor, RESTORE)


def _write_hashes(schema_editor, rows: list[tuple[int, str, str]]) -> None:
    """One UPDATE joined to a VALUES list on PostgreSQL (linear, unlike bulk_update's CASE over the batch), one
    statement a row elsewhere."""
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            values = ", ".join(["(%s::bigint, %s, %s)"] * len(rows))
            cursor.execute(f"UPDATE core_auditentry AS e SET prev_hash = v.prev_hash, hash = v.hash "  # noqa: S608
                           f"FROM (VALUES {values}) AS v(id, prev_hash, hash) WHERE e.id = v.id",
                           [value for row in rows for value in row])
        else:
            cursor.executemany("UPDATE core_auditentry SET prev_hash = %s, hash = %s WHERE id = %s",
                               [(prev_hash, hash_, entry_id) for entry_id, prev_hash, hash_ in rows])


def chain_existing(apps, schema_editor) -> None:
    AuditEntry = apps.get_model("core", "AuditEntry")
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    ContentType = apps.get_model("contenttypes", "ContentType")
    labels = {pk: f"{app_label}.{model}" for pk, app_label, model in
              ContentType.objects.values_list("pk", "app_label", "model")}
    _execute(schema_editor, LIFT)
    last_hash, last_id = chain.GENESIS, 0
    while True:
        batch = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:BATCH])
        if not batch:
            break
        for entry in batch:
            entry.prev_hash = last_hash
            entry.hash = last_hash = chain.digest(last_hash, {name: getattr(entry, name) for name in chain.HASHED},
                                                  labels[entry.content_type_id])
        _write_hashes(schema_editor, [(entry.id, entry.prev_hash, entry.hash) for entry in batch])
        last_id = batch[-1].id
    _execute(schema_editor, RESTORE)
    AuditChainHead.objects.create(id=1, last_hash=last_hash, last_id=last_id)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0008_worker_heartbeat"),
        ("monitoring", "0004_derive_milestones_of_issued_plans"),
        ("people", "0003_redact_national_ids_in_audit"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("last_hash", models.CharField(max_length=64, verbose_name="mã băm mục cuối")),
                ("last_id", models.BigIntegerField(default=0, verbose_name="mục cuối")),
            ],
            options={"verbose_name": "đầu chuỗi nhật ký", "verbose_name_plural": "đầu chuỗi nhật ký"},
        ),
        # Reversed after the columns are removed (SQLite rebuilds the table without its triggers then too).
        migrations.RunPython(migrations.RunPython.noop, restore_triggers),
        migrations.AddField(
            model_name="auditentry",
            name="prev_hash",
            field=models.CharField(default="", db_default="", editable=False, max_length=64,
                                   verbose_name="mã băm mục trước"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="hash",
            field=models.CharField(default="", db_default="", editable=False, max_length=64, verbose_name="mã băm"),
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
    ]
