from django.db import models
from django.urls import reverse

from dxnet.agencies.models import Agency
from dxnet.core.fields import PhoneField
from dxnet.core.models import SearchNamed, TimeBound, TimeBoundQuerySet
from dxnet.core.scoping import CatalogueQuerySet, ScopedQuerySet


class JobPosition(models.Model):
    """A job position of the IT / information-security catalogue, edited by administrators."""

    class Group(models.TextChoices):
        IT = "it", "Công nghệ thông tin"
        SECURITY = "security", "An toàn thông tin"
        DX = "dx", "Chuyển đổi số"

    code = models.SlugField("mã", max_length=60, unique=True)
    name = models.CharField("tên vị trí việc làm", max_length=300)
    group = models.CharField("nhóm", max_length=20, choices=Group.choices)
    source = models.CharField("căn cứ", max_length=200, blank=True)
    is_active = models.BooleanField("đang dùng", default=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = "vị trí việc làm"
        verbose_name_plural = "vị trí việc làm"
        ordering = ["group", "name"]

    def __str__(self) -> str:
        return self.name


class PersonQuerySet(ScopedQuerySet):
    agency_path_lookup = "agency__path"


class Person(SearchNamed):
    """A civil servant or public employee doing DX work, with the agency they work in."""

    search_source = "full_name"

    class Gender(models.TextChoices):
        MALE = "male", "Nam"
        FEMALE = "female", "Nữ"

    agency = models.ForeignKey(Agency, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="people")
    full_name = models.CharField("họ và tên", max_length=150)
    gender = models.CharField("giới tính", max_length=10, choices=Gender.choices, blank=True)
    position = models.CharField("chức vụ", max_length=200, blank=True)
    phone = PhoneField("điện thoại", db_index=True)
    email = models.EmailField("thư điện tử", blank=True)
    national_id = models.CharField("số định danh cá nhân", max_length=12, blank=True)
    job_position = models.ForeignKey(JobPosition, verbose_name="vị trí việc làm", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="people")
    search_name = models.CharField(max_length=150, db_index=True, editable=False)

    objects = PersonQuerySet.as_manager()
    # Nghị định 13/2023/NĐ-CP (dxnet.core.privacy): never in clear in the audit, never pre-filled; reads logged.
    secret_fields = frozenset({"national_id"})
    personal_data_kind = "people"

    class Meta:
        verbose_name = "cán bộ"
        verbose_name_plural = "cán bộ làm chuyển đổi số"
        ordering = ["full_name", "id"]
        constraints = [models.UniqueConstraint(fields=["agency", "phone"], name="person_unique_phone_in_agency")]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("people:detail", args=[self.pk])

    @property
    def masked_national_id(self) -> str:
        """Only the last three digits show (Nghị định 13/2023/NĐ-CP: personal data)."""
        return f"{'•' * (len(self.national_id) - 3)}{self.national_id[-3:]}" if self.national_id else ""


class DxDutyQuerySet(ScopedQuerySet, TimeBoundQuerySet):
    agency_path_lookup = "person__agency__path"


class DxDuty(TimeBound):
    """A period in which a person does DX work, dedicated (chuyên trách) or concurrent (kiêm nhiệm)."""

    class Kind(models.TextChoices):
        DEDICATED = "dedicated", "Chuyên trách"
        CONCURRENT = "concurrent", "Kiêm nhiệm"

    person = models.ForeignKey(Person, verbose_name="cán bộ", on_delete=models.CASCADE, related_name="duties")
    kind = models.CharField("hình thức", max_length=12, choices=Kind.choices)

    objects = DxDutyQuerySet.as_manager()

    class Meta:
        verbose_name = "nhiệm vụ chuyển đổi số"
        verbose_name_plural = "nhiệm vụ chuyển đổi số"
        ordering = ["-valid_from", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person}"

    def get_absolute_url(self) -> str:
        return reverse("people:detail", args=[self.person_id])


class FocalPointQuerySet(ScopedQuerySet, TimeBoundQuerySet):
    agency_path_lookup = "agency__path"


class FocalPoint(TimeBound):
    """The designation of a person as an agency's DX focal point (đầu mối CĐS) by a decision."""

    agency = models.ForeignKey(Agency, verbose_name="cơ quan", on_delete=models.PROTECT,
                               related_name="focal_points")
    person = models.ForeignKey(Person, verbose_name="cán bộ", on_delete=models.PROTECT,
                               related_name="designations")
    decision_number = models.CharField("số quyết định", max_length=60)
    decision_date = models.DateField("ngày quyết định")

    objects = FocalPointQuerySet.as_manager()
    personal_data_kind = "focal-points"  # with the person's phone

    class Meta:
        verbose_name = "đầu mối chuyển đổi số"
        verbose_name_plural = "đầu mối chuyển đổi số"
        ordering = ["-decision_date", "-id"]
        constraints = [models.UniqueConstraint(fields=["agency", "person", "decision_number"],
                                               name="focal_point_unique_designation")]

    def __str__(self) -> str:
        return f"{self.person} — {self.agency}"

    def get_absolute_url(self) -> str:
        return reverse("people:focal-point", args=[self.pk])
