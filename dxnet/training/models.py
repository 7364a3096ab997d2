from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse

from dxnet.agencies.models import Agency
from dxnet.core.scoping import ScopedQuerySet
from dxnet.people.models import Person


class TrainingRecordQuerySet(ScopedQuerySet):
    agency_path_lookup = "agency__path"


class TrainingRecord(models.Model):
    """A course on DX a person completed (bồi dưỡng, tập huấn), counted for the yearly training target."""

    agency = models.ForeignKey(Agency, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="trainings")
    person = models.ForeignKey(Person, verbose_name="cán bộ", on_delete=models.CASCADE, related_name="trainings")
    course = models.CharField("khóa bồi dưỡng, tập huấn", max_length=300)
    provider = models.CharField("đơn vị tổ chức", max_length=300, blank=True)
    completed_on = models.DateField("ngày hoàn thành", db_index=True)
    hours = models.PositiveSmallIntegerField("số giờ", null=True, blank=True, validators=[
        MaxValueValidator(2_000, "Một khóa bồi dưỡng không quá 2.000 giờ.")])

    objects = TrainingRecordQuerySet.as_manager()
    personal_data_kind = "trainings"  # names a person and their phone (dxnet.core.privacy)

    class Meta:
        verbose_name = "kết quả bồi dưỡng"
        verbose_name_plural = "kết quả bồi dưỡng"
        ordering = ["-completed_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["person", "course", "completed_on"], name="training_once")]

    def __str__(self) -> str:
        return f"{self.person}: {self.course}"

    def get_absolute_url(self) -> str:
        return reverse("training:record", args=[self.pk])
