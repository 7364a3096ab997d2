"""National IDs written in clear in the audit before they were secret become a changed-marker ("***").

The one sanctioned rewrite of the append-only audit table: the database triggers that forbid UPDATE are lifted for
that one statement and put back, and the rewrite is itself recorded as an audit entry naming how many rows changed.
"""

import importlib

from django.db import migrations

FIELD = "national_id"
HIDDEN = "***"
LABEL = "Che số định danh cá nhân trong nhật ký thay đổi (Nghị định 13/2023/NĐ-CP)"
_append_only = importlib.import_module("dxnet.core.migrations.0002_audit_append_only")

# PostgreSQL: the trigger's function lets updates through for the statement, then refuses again (no ALTER TABLE,
# which PostgreSQL refuses while the transaction has pending trigger events).
LIFT = {
    "sqlite": ["DROP TRIGGER core_auditentry_no_update"],
    "postgresql": ["""CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$
                      BEGIN IF TG_OP = 'UPDATE' THEN RETURN NEW; END IF;
                      RAISE EXCEPTION 'audit entries are append-only'; END; $$ LANGUAGE plpgsql"""],
}
RESTORE = {
    "sqlite": [_append_only.SQLITE[0]],
    "postgresql": [_append_only.POSTGRESQL[0]],
}


def _hidden(values) -> list:
    """The changed-marker, as the audit now writes it; a change with no value at all stays as it is."""
    if isinstance(values, list) and all(v is None or v == "" for v in values):
        return values
    return [HIDDEN, HIDDEN]


def redact(apps, schema_editor) -> int:
    """Redact every clear national ID of the audit; returns how many entries were rewritten."""
    AuditEntry = apps.get_model("core", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    person = ContentType.objects.filter(app_label="people", model="person").first()
    if person is None:  # a new database: nothing was ever written
        return 0
    entries = []
    for entry in AuditEntry.objects.filter(content_type=person, changes__has_key=FIELD).iterator():
        values = entry.changes[FIELD]
        redacted = _hidden(values)
        if redacted != values:
            entry.changes = {**entry.changes, FIELD: redacted}
            entries.append(entry)
    if not entries:
        return 0
    vendor = schema_editor.connection.vendor
    for statement in LIFT.get(vendor, []):
        schema_editor.execute(statement)
    AuditEntry.objects.bulk_update(entries, ["changes"], batch_size=len(entries))
    for statement in RESTORE.get(vendor, []):
        schema_editor.execute(statement)
    log, _ = ContentType.objects.get_or_create(app_label="core", model="auditentry")
    AuditEntry.objects.create(actor=None, actor_name="Hệ thống", via="system", action="update", content_type=log,
                              object_id=FIELD, object_repr=f"{LABEL}: {len(entries)} mục",
                              changes={"redacted_rows": [None, len(entries)]})
    return len(entries)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_phone_in_one_form"),
        ("core", "0002_audit_append_only"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(redact, migrations.RunPython.noop),
    ]
