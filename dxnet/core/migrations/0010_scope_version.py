from django.db import migrations, models


class Migration(migrations.Migration):
    """A version per part of the country (province, ministry), moved by each audited write of that part, so that a
    write in one province leaves the cached figures of the others standing."""

    dependencies = [
        ("core", "0009_audit_chain"),
    ]

    operations = [
        migrations.CreateModel(
            name="ScopeVersion",
            fields=[
                ("key", models.CharField(max_length=200, primary_key=True, serialize=False, verbose_name="phạm vi")),
                ("version", models.BigIntegerField(default=0, verbose_name="phiên bản")),
            ],
            options={"verbose_name": "phiên bản dữ liệu theo phạm vi",
                     "verbose_name_plural": "phiên bản dữ liệu theo phạm vi"},
        ),
    ]
