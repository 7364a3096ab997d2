from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0003_file_rules"),
    ]

    operations = [
        migrations.AddField(
            model_name="task",
            name="deadline_source",
            field=models.CharField(blank=True, max_length=200, verbose_name="thời hạn theo mẫu"),
        ),
        migrations.AddField(
            model_name="task",
            name="deadline_to_confirm",
            field=models.BooleanField(default=False, verbose_name="thời hạn chờ xác nhận"),
        ),
    ]
