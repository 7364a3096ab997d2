import dxnet.core.fields
from django.db import migrations

from dxnet.core.phone import normalise_stored_phones


def normalise_phones(apps, schema_editor):
    normalise_stored_phones(apps.get_model("people", "Person"), ("agency_id",))


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="person",
            name="phone",
            field=dxnet.core.fields.PhoneField(db_index=True, max_length=15, verbose_name="điện thoại"),
        ),
        migrations.RunPython(normalise_phones, migrations.RunPython.noop),
    ]
