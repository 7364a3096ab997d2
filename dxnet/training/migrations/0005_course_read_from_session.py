"""A session's participants read the course's name and provider from the session's course: the copies they kept
are cleared (and refilled when going back), and one completion per (person, course, day) holds for completions
named on their own."""

from django.db import migrations, models


def clear_copies(apps, schema_editor):
    apps.get_model("training", "TrainingRecord").objects.filter(session__isnull=False).update(course="", provider="")


def refill_copies(apps, schema_editor):
    record = apps.get_model("training", "TrainingRecord")
    for row in record.objects.filter(session__isnull=False).select_related("session__course",
                                                                            "session__organiser"):
        course = row.session.course
        record.objects.filter(pk=row.pk).update(course=course.title,
                                                provider=course.provider or row.session.organiser.name)


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0005_reorganisation'),
        ('people', '0003_redact_national_ids_in_audit'),
        ('training', '0004_plausible_dates_and_bounds'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='trainingrecord',
            name='training_once',
        ),
        migrations.RunPython(clear_copies, refill_copies),
        migrations.AlterField(
            model_name='trainingrecord',
            name='course',
            field=models.CharField(blank=True, help_text='Chỉ ghi khi không chọn lớp; lớp lấy tên từ danh mục khóa học.', max_length=300, verbose_name='khóa bồi dưỡng, tập huấn'),
        ),
        migrations.AlterField(
            model_name='trainingrecord',
            name='provider',
            field=models.CharField(blank=True, help_text='Chỉ ghi khi không chọn lớp.', max_length=300, verbose_name='đơn vị tổ chức'),
        ),
        migrations.AddConstraint(
            model_name='trainingrecord',
            constraint=models.UniqueConstraint(condition=models.Q(('session__isnull', True)), fields=('person', 'course', 'completed_on'), name='training_once'),
        ),
    ]
