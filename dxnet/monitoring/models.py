from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from dxnet.agencies.models import Agency
from dxnet.core.scoping import CatalogueQuerySet, ScopedQuerySet
from dxnet.core.validators import document_file_validators


class MilestoneKind(models.Model):
    """A dated achievement agencies are counted on ("Ban Chỉ đạo CĐS thành lập", "Kế hoạch CĐS năm YYYY")."""

    code = models.SlugField("mã mốc", max_length=60, unique=True)
    name = models.CharField("tên mốc", max_length=300)
    yearly = models.BooleanField("theo từng năm", default=False,
                                 help_text="Mã của mốc ghi kèm năm, ví dụ dx-plan-2022.")
    description = models.CharField("mô tả", max_length=500, blank=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = "loại mốc"
        verbose_name_plural = "loại mốc"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class MilestoneQuerySet(ScopedQuerySet):
    agency_path_lookup = "agency__path"


class Milestone(models.Model):
    """An agency's achievement of a milestone on a day, with the document behind it."""

    agency = models.ForeignKey(Agency, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="milestones")
    kind = models.ForeignKey(MilestoneKind, verbose_name="mốc", on_delete=models.PROTECT, related_name="milestones")
    year = models.PositiveSmallIntegerField("năm", default=0, help_text="0 với mốc không theo từng năm.")
    achieved_on = models.DateField("ngày đạt", db_index=True)
    document = models.CharField("văn bản", max_length=300, blank=True,
                                help_text="Số, ký hiệu và trích yếu, ví dụ “Quyết định 125/QĐ-UBND về việc …”.")
    document_date = models.DateField("ngày văn bản", null=True, blank=True)
    issuer = models.CharField("cơ quan ban hành văn bản", max_length=300, blank=True)
    file = models.FileField("tệp văn bản", upload_to="milestones/%Y/", blank=True,
                            validators=document_file_validators())
    # A milestone derived from data (an issued plan, a network's decision) names its source; a hand entry has none.
    source_type = models.ForeignKey(ContentType, verbose_name="loại nguồn", null=True, blank=True, editable=False,
                                    on_delete=models.PROTECT)
    source_id = models.PositiveBigIntegerField("mã nguồn", null=True, blank=True, editable=False)
    source = GenericForeignKey("source_type", "source_id")

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = "mốc đã đạt"
        verbose_name_plural = "mốc đã đạt"
        ordering = ["kind", "year", "achieved_on", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["agency", "kind", "year"], name="milestone_once")]

    def __str__(self) -> str:
        return f"{self.kind_label} — {self.agency}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:milestone", args=[self.pk])

    @property
    def code(self) -> str:
        return f"{self.kind.code}-{self.year}" if self.year else self.kind.code

    @property
    def kind_label(self) -> str:
        return f"{self.kind.name} {self.year}" if self.year else self.kind.name

    @property
    def derived(self) -> bool:
        """Recorded by the platform from its source, not typed by a person."""
        return self.source_type_id is not None

    @property
    def source_label(self) -> str:
        """“Ghi nhận tự động từ kế hoạch” for a derived milestone; empty for a hand entry."""
        return f"Ghi nhận tự động từ {self.source_type.name}" if self.derived else ""
