import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """Each background worker notes when it last went round its loop, for the readiness probe."""

    dependencies = [
        ("core", "0007_audit_object_version_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="WorkerHeartbeat",
            fields=[
                ("worker", models.CharField(max_length=100, primary_key=True, serialize=False,
                                            verbose_name="tiến trình chạy nền")),
                ("seen_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="lần báo hiệu cuối")),
            ],
            options={"verbose_name": "tiến trình chạy nền", "verbose_name_plural": "các tiến trình chạy nền"},
        ),
    ]
