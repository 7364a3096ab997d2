import django.core.validators
import dxnet.core.fields
from django.db import migrations, models

from dxnet.core.phone import normalise_stored_phones


def normalise_phones(apps, schema_editor):
    normalise_stored_phones(apps.get_model("network", "VoluntaryMember"), ("network_id",))
    normalise_stored_phones(apps.get_model("network", "TeamMember"), ("team_id",))


class Migration(migrations.Migration):

    dependencies = [
        ("network", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="voluntarymember",
            name="phone",
            field=dxnet.core.fields.PhoneField(max_length=15, verbose_name="điện thoại"),
        ),
        migrations.AlterField(
            model_name="teammember",
            name="phone",
            field=dxnet.core.fields.PhoneField(db_index=True, max_length=15, verbose_name="điện thoại"),
        ),
        migrations.AlterField(
            model_name="teamactivity",
            name="people_helped",
            field=models.PositiveIntegerField(validators=[django.core.validators.MaxValueValidator(
                10000, "Một tổ không hỗ trợ quá 10.000 người trong một ngày, một kỹ năng.")],
                verbose_name="số người được hỗ trợ"),
        ),
        migrations.AlterField(
            model_name="teamactivity",
            name="households_helped",
            field=models.PositiveIntegerField(default=0, validators=[django.core.validators.MaxValueValidator(
                10000, "Một tổ không hỗ trợ quá 10.000 hộ trong một ngày, một kỹ năng.")],
                verbose_name="số hộ được hỗ trợ"),
        ),
        migrations.RunPython(normalise_phones, migrations.RunPython.noop),
    ]
