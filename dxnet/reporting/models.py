from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from dxnet.agencies.models import Agency
from dxnet.core.scoping import CatalogueQuerySet, ScopedQuerySet
from dxnet.core.validators import document_file_validators


class ReportForm(models.Model):
    """A report's sections and fields (text, number, date, choice, table, file), kept as its JSON document."""

    code = models.SlugField("mã mẫu", max_length=60, unique=True)
    version = models.CharField("phiên bản", max_length=30)
    title = models.CharField("tên mẫu báo cáo", max_length=300)
    source = models.CharField("nguồn", max_length=500)
    document = models.JSONField("nội dung mẫu")

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = "mẫu báo cáo"
        verbose_name_plural = "mẫu báo cáo"
        ordering = ["title"]

    def __str__(self) -> str:
        # A form's title is a pattern ("… năm {year}"); people read it with the year left open.
        return self.title.replace("{year}", "…")

    @property
    def fields(self) -> list[dict]:
        return [f for section in self.document["sections"] for f in section["fields"]]


class ReportRoundQuerySet(ScopedQuerySet):
    """Rounds an agency sent (its subtree) and rounds that ask it for a report."""

    def within(self, scope):
        asked = Submission.objects.filter(round=models.OuterRef("pk"), agency__path__startswith=scope.agency_path)
        return self.filter(models.Q(agency__path__startswith=scope.agency_path) | models.Q(models.Exists(asked)))


class ReportRound(models.Model):
    """A request for the same report from many agencies, for a period, by a due date."""

    form = models.ForeignKey(ReportForm, verbose_name="mẫu báo cáo", on_delete=models.PROTECT, related_name="rounds")
    agency = models.ForeignKey(Agency, verbose_name="cơ quan yêu cầu", on_delete=models.PROTECT,
                               related_name="report_rounds")
    title = models.CharField("tên đợt báo cáo", max_length=300)
    period = models.CharField("kỳ báo cáo", max_length=100, help_text="Ví dụ: Năm 2026, 6 tháng đầu năm 2026.")
    year = models.PositiveSmallIntegerField("năm")
    due_date = models.DateField("hạn nộp")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="report_rounds")
    created_at = models.DateTimeField("ngày tạo", auto_now_add=True)

    objects = ReportRoundQuerySet.as_manager()

    class Meta:
        verbose_name = "đợt báo cáo"
        verbose_name_plural = "đợt báo cáo"
        ordering = ["-due_date", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reporting:round", args=[self.pk])


class SubmissionQuerySet(ScopedQuerySet):
    """An agency's own reports (its subtree's), and every report of the rounds it sent."""

    def within(self, scope):
        return self.filter(models.Q(agency__path__startswith=scope.agency_path)
                           | models.Q(round__agency__path__startswith=scope.agency_path))


class Submission(models.Model):
    """One agency's report in a round: drafted, submitted, returned with a comment, or accepted (then locked)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Đang soạn"
        SUBMITTED = "submitted", "Đã gửi"
        RETURNED = "returned", "Trả lại"
        ACCEPTED = "accepted", "Đã tiếp nhận"

    round = models.ForeignKey(ReportRound, verbose_name="đợt báo cáo", on_delete=models.CASCADE,
                              related_name="submissions")
    agency = models.ForeignKey(Agency, verbose_name="cơ quan báo cáo", on_delete=models.PROTECT,
                               related_name="submissions")
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    answers = models.JSONField("nội dung báo cáo", default=dict, blank=True)
    computed = models.JSONField("số liệu hệ thống tính", default=dict, blank=True)
    submitted_at = models.DateTimeField("thời điểm gửi", null=True, blank=True)
    reviewed_at = models.DateTimeField("thời điểm xem xét", null=True, blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người xem xét", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="reviewed_submissions")
    comment = models.TextField("ý kiến khi trả lại", blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = "báo cáo"
        verbose_name_plural = "báo cáo"
        ordering = ["round", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["round", "agency"], name="one_report_per_agency")]

    def __str__(self) -> str:
        return f"{self.round} — {self.agency}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:submission", args=[self.pk])

    @property
    def is_in(self) -> bool:
        """Submitted or accepted: it counts towards completeness."""
        return self.status in (self.Status.SUBMITTED, self.Status.ACCEPTED)

    @property
    def on_time(self) -> bool | None:
        if self.submitted_at is None:
            return None
        return timezone.localdate(self.submitted_at) <= self.round.due_date


class SubmissionFileQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        return self.filter(submission__in=Submission.objects.visible_to(user))


class SubmissionFile(models.Model):
    """A file attached to a file field of a report."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    field = models.CharField("trường", max_length=60)
    file = models.FileField("tệp", upload_to="reports/%Y/", validators=document_file_validators())
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = SubmissionFileQuerySet.as_manager()

    class Meta:
        ordering = ["field", "id"]

    def __str__(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]


class Reminder(models.Model):
    """A reminder sent to an agency about a report due soon or overdue; one per report, kind and day."""

    class Kind(models.TextChoices):
        BEFORE = "before", "Sắp đến hạn"
        AFTER = "after", "Quá hạn"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField("loại", max_length=10, choices=Kind.choices)
    sent_on = models.DateField("ngày nhắc")
    recipients = models.PositiveIntegerField("số người nhận", default=0)

    class Meta:
        ordering = ["-sent_on"]
        constraints = [models.UniqueConstraint(fields=["submission", "kind", "sent_on"], name="one_reminder_a_day")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.submission}"


class ConsolidationQuerySet(ScopedQuerySet):
    """Consolidated reports belong to the side that asked."""

    def within(self, scope):
        return self.filter(round__agency__path__startswith=scope.agency_path)


class Consolidation(models.Model):
    """The consolidated report of a round (DOCX and XLSX), built by a background job with its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Đang chờ"
        RUNNING = "running", "Đang tổng hợp"
        DONE = "done", "Hoàn thành"
        FAILED = "failed", "Lỗi"

    round = models.ForeignKey(ReportRound, verbose_name="đợt báo cáo", on_delete=models.CASCADE,
                              related_name="consolidations")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="consolidations")
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.QUEUED)
    percent = models.PositiveSmallIntegerField("tiến độ (%)", default=0)
    docx = models.FileField("báo cáo tổng hợp (DOCX)", upload_to="consolidated/%Y/", blank=True)
    xlsx = models.FileField("số liệu tổng hợp (XLSX)", upload_to="consolidated/%Y/", blank=True)
    created_at = models.DateTimeField("yêu cầu lúc", auto_now_add=True)
    finished_at = models.DateTimeField("xong lúc", null=True, blank=True)

    objects = ConsolidationQuerySet.as_manager()

    class Meta:
        verbose_name = "báo cáo tổng hợp"
        verbose_name_plural = "báo cáo tổng hợp"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Tổng hợp: {self.round}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:consolidation", args=[self.pk])
