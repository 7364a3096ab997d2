from django.db import migrations, models


class Migration(migrations.Migration):
    """An object's version (its newest audit entry's id) read from one index, whatever the audit table's size."""

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0006_import_job_heartbeat"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(fields=["content_type", "object_id", "id"], name="audit_object_version_idx"),
        ),
    ]
