"""A story's day within 2000–2100, and one story per (agency, title, day): a story recorded twice before the rule
keeps its first row as it was and the later copies gain " (bản ghi 2)", " (bản ghi 3)"… so the rule can hold."""

import dxnet.core.validators
from django.db import migrations, models


def number_exact_copies(apps, schema_editor):
    story = apps.get_model("stories", "SuccessStory")
    seen = {}
    for pk, agency_id, title, day in story.objects.order_by("pk").values_list("pk", "agency_id", "title", "date"):
        key = (agency_id, title, day)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            story.objects.filter(pk=pk).update(title=f"{title[:280]} (bản ghi {seen[key]})")


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0005_reorganisation'),
        ('stories', '0001_success_stories'),
    ]

    operations = [
        migrations.AlterField(
            model_name='successstory',
            name='date',
            field=models.DateField(db_index=True, error_messages={'invalid': 'Ngày phải có dạng dd/mm/yyyy.', 'null': 'Hãy nhập ngày.'}, help_text='Ngày triển khai hoặc ghi nhận; không sau hôm nay.', validators=[dxnet.core.validators.PlausibleDate()], verbose_name='ngày'),
        ),
        migrations.RunPython(number_exact_copies, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='successstory',
            constraint=models.UniqueConstraint(fields=('agency', 'title', 'date'), name='story_once', violation_error_message='Cơ quan này đã có mô hình, câu chuyện cùng tên và cùng ngày; hãy sửa mô hình đã có thay vì ghi lại.'),
        ),
    ]
