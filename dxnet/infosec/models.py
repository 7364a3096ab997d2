"""Information systems by security level (an toàn thông tin theo cấp độ, seed 004 task group 7): the register of each
agency's systems with the level proposed and approved, their periodic assessments, the live-fire drills of provinces
and ministries, and the network trust labels (nhãn tín nhiệm mạng) of government websites and portals."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible

from dxnet.agencies.models import Agency
from dxnet.core.models import TimeBound, TimeBoundQuerySet
from dxnet.core.scoping import ScopedQuerySet
from dxnet.core.validators import (
    DAY_RANGE_MESSAGE,
    EARLIEST_DAY,
    LATEST_DAY,
    PlausibleDate,
    document_file_validators,
)

LEVEL_MESSAGE = "Cấp độ an toàn thông tin phải từ 1 đến 5."
LEVELS = [(level, f"Cấp độ {level}") for level in range(1, 6)]
# A second submission of the same record is refused with what to do instead (the database holds the same rule).
DUPLICATE_SYSTEM = ("Cơ quan này đã có hệ thống thông tin cùng tên trong sổ; hãy cập nhật hệ thống đã có thay vì "
                    "đăng ký lại.")
DUPLICATE_ASSESSMENT = ("Hệ thống này đã có lần kiểm tra, đánh giá cùng ngày của cùng đơn vị đánh giá; hãy sửa lần "
                        "đã ghi thay vì ghi lại.")
DUPLICATE_DRILL = ("Tỉnh, bộ này đã có cuộc diễn tập cùng ngày với cùng kịch bản; hãy sửa cuộc diễn tập đã ghi thay "
                   "vì ghi lại.")
DUPLICATE_LABEL = "Hệ thống này đã có nhãn tín nhiệm mạng cùng số hiệu; hãy sửa nhãn đã ghi thay vì ghi lại."


def level_validators() -> list:
    return [MinValueValidator(1, LEVEL_MESSAGE), MaxValueValidator(5, LEVEL_MESSAGE)]


@deconstructible
class NotInFuture:
    """A day that has happened (a dossier approved, an assessment done): never after today."""

    def __call__(self, value) -> None:
        # A day past the platform's range has PlausibleDate's message alone (one message, not two).
        if value and timezone.localdate() < value <= LATEST_DAY:
            raise ValidationError("Ngày %(day)s chưa đến; chỉ ghi ngày đã diễn ra.", code="future",
                                  params={"day": value.strftime("%d/%m/%Y")})

    def __eq__(self, other) -> bool:
        return isinstance(other, NotInFuture)


def past_date_validators() -> list:
    """A day that has happened, within the years the platform holds (01/01/2000 to 31/12/2100)."""
    return [PlausibleDate(), NotInFuture()]


class SystemQuerySet(ScopedQuerySet, TimeBoundQuerySet):
    agency_path_lookup = "agency__path"

    def approved_on(self, day: datetime.date):
        return self.filter(approved_level__isnull=False, dossier_date__lte=day)


class InformationSystem(TimeBound):
    """An information system an agency runs, with its security level proposed and approved by a level dossier
    (hồ sơ đề xuất cấp độ); in the register from `valid_from` until it is retired (`valid_to`)."""

    agency = models.ForeignKey(Agency, verbose_name="cơ quan chủ quản", on_delete=models.PROTECT,
                               related_name="information_systems")
    name = models.CharField("tên hệ thống", max_length=300, blank=True)  # required by clean(): one message
    purpose = models.TextField("mục đích, chức năng", blank=True)
    operator = models.CharField("đơn vị vận hành", max_length=300, blank=True)
    hosting = models.CharField("nơi đặt hệ thống (hạ tầng)", max_length=300, blank=True)
    url = models.URLField("địa chỉ truy cập", max_length=300, blank=True)
    public_facing = models.BooleanField(
        "trang, cổng thông tin điện tử công khai", default=False,
        help_text="Trang hoặc cổng thông tin điện tử của cơ quan nhà nước: phải được đánh giá và gán nhãn tín nhiệm "
                  "mạng.")
    proposed_level = models.PositiveSmallIntegerField("cấp độ đề xuất", null=True, blank=True,
                                                      validators=level_validators())
    approved_level = models.PositiveSmallIntegerField("cấp độ được phê duyệt", null=True, blank=True,
                                                      validators=level_validators(), db_index=True)
    dossier_number = models.CharField("số văn bản phê duyệt hồ sơ cấp độ", max_length=60, blank=True)
    dossier_date = models.DateField("ngày phê duyệt hồ sơ cấp độ", null=True, blank=True,
                                    validators=past_date_validators())
    dossier_approver = models.CharField("cơ quan, người phê duyệt", max_length=300, blank=True)
    dossier_file = models.FileField("tệp hồ sơ, quyết định phê duyệt", upload_to="an-toan-thong-tin/ho-so/%Y/",
                                    blank=True, validators=document_file_validators())
    protection_implemented_on = models.DateField(
        "ngày triển khai đầy đủ phương án bảo vệ", null=True, blank=True, validators=past_date_validators(),
        help_text="Phương án bảo đảm an toàn thông tin theo hồ sơ cấp độ đã được phê duyệt.")

    objects = SystemQuerySet.as_manager()

    class Meta:
        verbose_name = "hệ thống thông tin"
        verbose_name_plural = "hệ thống thông tin"
        ordering = ["agency__name", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="infosec_system_once",
                                               violation_error_message=DUPLICATE_SYSTEM)]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("infosec:detail", args=[self.pk])

    @property
    def level(self) -> int | None:
        """The approved level; the proposed one while the dossier waits."""
        return self.approved_level or self.proposed_level

    def is_approved_on(self, day: datetime.date) -> bool:
        return bool(self.approved_level and self.dossier_date and self.dossier_date <= day)

    def clean(self):
        super().clean()
        errors = {}
        if not (self.name or "").strip():
            errors["name"] = "Hãy ghi tên hệ thống thông tin."
        approval = (self.approved_level, self.dossier_date)
        if any(approval) and not all(approval):
            errors["approved_level" if not self.approved_level else "dossier_date"] = (
                "Phê duyệt hồ sơ cấp độ cần cả cấp độ được phê duyệt và ngày phê duyệt.")
        if self.protection_implemented_on and not self.dossier_date:
            errors["protection_implemented_on"] = ("Phương án bảo vệ triển khai theo hồ sơ cấp độ đã phê duyệt: hãy "
                                                   "ghi phê duyệt hồ sơ trước.")
        elif self.protection_implemented_on and self.protection_implemented_on < self.dossier_date:
            errors["protection_implemented_on"] = ("Ngày triển khai phương án bảo vệ không được trước ngày phê duyệt "
                                                   "hồ sơ.")
        for name in ("valid_from", "valid_to"):  # fields of core's TimeBound: the day range is checked here
            day = getattr(self, name)
            if day and not EARLIEST_DAY <= day <= LATEST_DAY:
                errors[name] = DAY_RANGE_MESSAGE
        if "valid_from" not in errors and self.valid_from and self.valid_from > timezone.localdate():
            errors["valid_from"] = f"Ngày {self.valid_from:%d/%m/%Y} chưa đến; chỉ ghi ngày đã diễn ra."
        if errors:
            raise ValidationError(errors)


class SystemRowQuerySet(ScopedQuerySet):
    """Rows reached through their system's agency (assessments, trust labels)."""

    agency_path_lookup = "system__agency__path"


class SecurityAssessment(models.Model):
    """A periodic check and assessment (kiểm tra, đánh giá) of a system's information security."""

    class Result(models.TextChoices):
        PASSED = "passed", "Đạt"
        FINDINGS = "findings", "Đạt, có tồn tại cần khắc phục"
        FAILED = "failed", "Không đạt"

    system = models.ForeignKey(InformationSystem, verbose_name="hệ thống", on_delete=models.PROTECT,
                               related_name="assessments")
    assessed_on = models.DateField("ngày đánh giá", validators=past_date_validators())
    assessor = models.CharField("đơn vị đánh giá", max_length=300)
    result = models.CharField("kết quả", max_length=12, choices=Result.choices)
    notes = models.TextField("ghi chú", blank=True)
    file = models.FileField("báo cáo đánh giá", upload_to="an-toan-thong-tin/danh-gia/%Y/", blank=True,
                            validators=document_file_validators())

    objects = SystemRowQuerySet.as_manager()

    class Meta:
        verbose_name = "lần kiểm tra, đánh giá an toàn thông tin"
        verbose_name_plural = "kiểm tra, đánh giá an toàn thông tin"
        ordering = ["-assessed_on", "-id"]
        indexes = [models.Index(fields=["system", "assessed_on"], name="infosec_assessment_last_idx")]
        constraints = [models.UniqueConstraint(fields=["system", "assessed_on", "assessor"],
                                               name="infosec_assessment_once",
                                               violation_error_message=DUPLICATE_ASSESSMENT)]

    def __str__(self) -> str:
        return f"Đánh giá {self.system} ngày {self.assessed_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("infosec:detail", args=[self.system_id])


class DrillQuerySet(ScopedQuerySet):
    agency_path_lookup = "agency__path"


class SecurityDrill(models.Model):
    """A security drill (diễn tập) a province or a ministry organises; live-fire (thực chiến) ones count for the
    yearly rule."""

    BODY_KINDS = (Agency.Kind.PROVINCIAL_PC, *Agency.MINISTRY_LEVEL_KINDS)

    agency = models.ForeignKey(Agency, verbose_name="tỉnh hoặc bộ tổ chức", on_delete=models.PROTECT,
                               related_name="security_drills")
    date = models.DateField("ngày diễn tập", validators=past_date_validators(), db_index=True)
    live_fire = models.BooleanField("diễn tập thực chiến", default=True)
    scenario = models.TextField("kịch bản", blank=True)  # required by clean()
    result = models.TextField("kết quả", blank=True)
    systems = models.ManyToManyField(InformationSystem, verbose_name="hệ thống tham gia", blank=True,
                                     related_name="drills")

    objects = DrillQuerySet.as_manager()

    class Meta:
        verbose_name = "cuộc diễn tập an toàn thông tin"
        verbose_name_plural = "diễn tập an toàn thông tin"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        kind = "Diễn tập thực chiến" if self.live_fire else "Diễn tập"
        return f"{kind} ngày {self.date:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("infosec:drill", args=[self.pk])

    def clean(self):
        super().clean()
        if self.agency_id and self.agency.kind not in self.BODY_KINDS:
            raise ValidationError({"agency": "Diễn tập do Ủy ban nhân dân cấp tỉnh hoặc bộ, cơ quan ngang bộ, cơ quan "
                                             "thuộc Chính phủ tổ chức."})
        if not (self.scenario or "").strip():
            raise ValidationError({"scenario": "Hãy ghi kịch bản diễn tập."})
        # No constraint in the database: a scenario is free text, too long for a unique index.
        if self.agency_id and self.date and SecurityDrill.objects.filter(
                agency_id=self.agency_id, date=self.date, scenario=self.scenario).exclude(pk=self.pk).exists():
            raise ValidationError(DUPLICATE_DRILL, code="duplicate")


class TrustLabel(models.Model):
    """The network trust label (nhãn tín nhiệm mạng) of a government website or portal, valid between two days."""

    system = models.ForeignKey(InformationSystem, verbose_name="trang, cổng thông tin", on_delete=models.PROTECT,
                               related_name="trust_labels")
    number = models.CharField("số hiệu nhãn", max_length=60)
    issued_on = models.DateField("ngày cấp", validators=past_date_validators())
    expires_on = models.DateField("ngày hết hạn", validators=[PlausibleDate()])

    objects = SystemRowQuerySet.as_manager()

    class Meta:
        verbose_name = "nhãn tín nhiệm mạng"
        verbose_name_plural = "nhãn tín nhiệm mạng"
        ordering = ["-issued_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["system", "number"], name="infosec_label_once",
                                               violation_error_message=DUPLICATE_LABEL)]

    def __str__(self) -> str:
        return f"Nhãn tín nhiệm mạng {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("infosec:detail", args=[self.system_id])

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.issued_on <= day <= self.expires_on

    def clean(self):
        super().clean()
        if self.system_id and not self.system.public_facing:
            raise ValidationError({"system": "Nhãn tín nhiệm mạng gán cho trang, cổng thông tin điện tử; hệ thống "
                                             f"“{self.system.name}” không phải trang, cổng thông tin công khai."})
        if self.issued_on and self.expires_on and self.expires_on <= self.issued_on:
            raise ValidationError({"expires_on": "Ngày hết hạn phải sau ngày cấp."})
