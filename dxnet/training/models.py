"""Training on DX (bồi dưỡng, tập huấn): the course catalogue, the yearly plans of ministries and provinces with
their sessions, and the record of each person's participation in a course (seed 004, 3.2–3.3; seed 000 task 5)."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, When
from django.urls import reverse
from django.utils import timezone

from dxnet.agencies.models import Agency
from dxnet.core.scoping import CatalogueQuerySet, ScopedQuerySet
from dxnet.core.validators import EARLIEST_DAY, LATEST_DAY, PlausibleDate, document_file_validators
from dxnet.people.models import Person

HOURS_MESSAGE = "Số giờ phải từ 1 đến 2.000."
HOURS_VALIDATORS = [MinValueValidator(1, HOURS_MESSAGE), MaxValueValidator(2_000, HOURS_MESSAGE)]
EVALUATION_MESSAGE = "Điểm đánh giá khóa học phải từ 1 đến 5."
POST_TEST_MESSAGE = "Điểm kiểm tra sau khóa học phải từ 0 đến 100."
PLANNED_MESSAGE = "Số người dự kiến phải từ 0 đến 1.000.000."
HEADCOUNT_MESSAGE = "Số người dân tham gia phải từ 0 đến 1.000.000."
UNSOURCED = "chưa có nguồn"


def plausible(day: datetime.date | None) -> datetime.date | None:
    """The day when PlausibleDate accepts it: the rules between days judge only those, so a day beyond 2100 gets
    that one message and not a second one."""
    return day if day and EARLIEST_DAY <= day <= LATEST_DAY else None


class Course(models.Model):
    """A course of the catalogue: one of the national open online platform (no agency) or an agency's own."""

    class Audience(models.TextChoices):
        OFFICIALS = "officials", "Công chức, viên chức, người lao động"
        IT_STAFF = "it-staff", "Nhân lực chuyên trách công nghệ thông tin"
        CITIZENS = "citizens", "Người dân, Tổ công nghệ số cộng đồng"

    class Form(models.TextChoices):
        ONLINE = "online", "Trực tuyến"
        IN_PERSON = "in-person", "Trực tiếp"

    code = models.SlugField("mã khóa học", max_length=60, unique=True,
                            help_text="Chữ thường không dấu, số và dấu gạch ngang; không đổi về sau.")
    title = models.CharField("tên khóa học", max_length=300)
    audience = models.CharField("đối tượng", max_length=12, choices=Audience.choices)
    form = models.CharField("hình thức", max_length=12, choices=Form.choices, default=Form.ONLINE)
    hours = models.SmallIntegerField("số giờ", null=True, blank=True, validators=HOURS_VALIDATORS)
    provider = models.CharField("đơn vị cung cấp", max_length=300, blank=True)
    agency = models.ForeignKey(Agency, verbose_name="cơ quan xây dựng", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="courses",
                               help_text="Để trống: khóa học của danh mục quốc gia.")
    source = models.CharField("nguồn", max_length=300, blank=True,
                              help_text="Văn bản nêu khóa học; để trống khi chưa có nguồn.")

    objects = CatalogueQuerySet.as_manager()  # every signed-in user reads the whole catalogue

    class Meta:
        verbose_name = "khóa bồi dưỡng, tập huấn"
        verbose_name_plural = "danh mục khóa bồi dưỡng, tập huấn"
        ordering = ["agency_id", "audience", "code"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training:course", args=[self.pk])

    @property
    def is_national(self) -> bool:
        return self.agency_id is None

    @property
    def source_shown(self) -> str:
        return self.source or UNSOURCED

    @property
    def owner(self) -> str:
        return self.agency.name if self.agency_id else "Danh mục quốc gia (Nền tảng học trực tuyến mở đại trà)"


class TrainingPlanQuerySet(ScopedQuerySet):
    agency_path_lookup = "agency__path"


class TrainingPlan(models.Model):
    """A ministry's or a province's yearly plan of training on digital skills, to approve before 30 March and to
    carry out before 30 November (seed 004, 3.2)."""

    agency = models.ForeignKey(Agency, verbose_name="bộ, ngành, tỉnh", on_delete=models.PROTECT,
                               related_name="training_plans")
    year = models.PositiveSmallIntegerField("năm", validators=[
        MinValueValidator(2000, "Năm phải từ 2000 đến 2100."), MaxValueValidator(2100, "Năm phải từ 2000 đến 2100.")])
    document_number = models.CharField("số văn bản", max_length=60, blank=True)
    document_date = models.DateField("ngày văn bản", null=True, blank=True, validators=[PlausibleDate()])
    approved_on = models.DateField("ngày phê duyệt", null=True, blank=True, validators=[PlausibleDate()],
                                   help_text="Để trống khi kế hoạch chưa được phê duyệt.")
    file = models.FileField("tệp kế hoạch", upload_to="training/plans/%Y/", blank=True,
                            validators=document_file_validators())

    objects = TrainingPlanQuerySet.as_manager()

    class Meta:
        verbose_name = "kế hoạch bồi dưỡng, tập huấn"
        verbose_name_plural = "kế hoạch bồi dưỡng, tập huấn"
        ordering = ["-year", "agency__name", "id"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="training_plan_once_a_year")]

    def __str__(self) -> str:
        return f"Kế hoạch bồi dưỡng, tập huấn kỹ năng số năm {self.year} — {self.agency.name}"

    def get_absolute_url(self) -> str:
        return reverse("training:plan", args=[self.pk])

    def clean(self) -> None:
        today = timezone.localdate()
        errors = {}
        approved_on, document_date = plausible(self.approved_on), plausible(self.document_date)
        if approved_on and approved_on > today:
            errors["approved_on"] = "Ngày phê duyệt không được sau hôm nay."
        if document_date and document_date > today:
            errors["document_date"] = "Ngày văn bản không được sau hôm nay."
        if approved_on and self.year and approved_on.year > self.year:
            errors["approved_on"] = f"Kế hoạch năm {self.year} phải được phê duyệt trong năm {self.year} hoặc trước."
        if errors:
            raise ValidationError(errors)

    @property
    def year_label(self) -> str:
        return f"Năm {self.year}"

    @property
    def approval_deadline(self) -> datetime.date:
        return approval_deadline(self.year)

    @property
    def completion_deadline(self) -> datetime.date:
        return completion_deadline(self.year)


def approval_deadline(year: int) -> datetime.date:
    """Seed 004, 3.2 a): the plan is approved “trước ngày 30 tháng 3” — the 30th itself is taken as in time."""
    return datetime.date(year, 3, 30)


def completion_deadline(year: int) -> datetime.date:
    """Seed 004, 3.2 a): “hoàn thành tổ chức triển khai trước ngày 30 tháng 11”, the 30th counted as in time."""
    return datetime.date(year, 11, 30)


class TrainingSessionQuerySet(ScopedQuerySet):
    """A session is seen from its plan's side and from the agency that organises it."""

    def within(self, scope):
        return self.filter(Q(plan__agency__path__startswith=scope.agency_path)
                           | Q(organiser__path__startswith=scope.agency_path))

    def held_by(self, day: datetime.date):
        """Sessions ended on or before `day` whose participants are recorded (people or a headcount)."""
        recorded = Exists(TrainingRecord.objects.filter(session=OuterRef("pk")))
        return self.filter(Q(citizens_headcount__gt=0) | recorded, ends_on__lte=day)


class TrainingSession(models.Model):
    """One class of a plan: a course given on dates, at a place or online, by an organising agency."""

    plan = models.ForeignKey(TrainingPlan, verbose_name="kế hoạch", on_delete=models.PROTECT,
                             related_name="sessions")
    course = models.ForeignKey(Course, verbose_name="khóa học", on_delete=models.PROTECT, related_name="sessions")
    starts_on = models.DateField("từ ngày", validators=[PlausibleDate()])
    ends_on = models.DateField("đến ngày", db_index=True, validators=[PlausibleDate()])
    online = models.BooleanField("trực tuyến", default=False)
    place = models.CharField("địa điểm", max_length=300, blank=True)
    organiser = models.ForeignKey(Agency, verbose_name="cơ quan tổ chức", on_delete=models.PROTECT,
                                  related_name="organised_training_sessions")
    planned_participants = models.PositiveIntegerField("số người dự kiến", default=0, validators=[
        MinValueValidator(0, PLANNED_MESSAGE), MaxValueValidator(1_000_000, PLANNED_MESSAGE)])
    citizens_headcount = models.PositiveIntegerField(
        "số người dân tham gia", null=True, blank=True,
        validators=[MinValueValidator(0, HEADCOUNT_MESSAGE), MaxValueValidator(1_000_000, HEADCOUNT_MESSAGE)],
        help_text="Khóa cho người dân, Tổ công nghệ số cộng đồng: ghi số người thay cho danh sách.")

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        verbose_name = "lớp bồi dưỡng, tập huấn"
        verbose_name_plural = "lớp bồi dưỡng, tập huấn"
        ordering = ["starts_on", "id"]

    def __str__(self) -> str:
        return f"{self.course.title} ({self.starts_on:%d/%m/%Y} – {self.ends_on:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("training:session", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        starts_on, ends_on = plausible(self.starts_on), plausible(self.ends_on)
        if starts_on and ends_on and ends_on < starts_on:
            errors["ends_on"] = "Ngày kết thúc không được trước ngày bắt đầu."
        if self.plan_id and starts_on and starts_on.year != self.plan.year:
            errors["starts_on"] = f"Lớp của kế hoạch năm {self.plan.year} phải mở trong năm {self.plan.year}."
        if self.plan_id and ends_on and ends_on.year != self.plan.year and "ends_on" not in errors:
            errors["ends_on"] = f"Lớp của kế hoạch năm {self.plan.year} phải kết thúc trong năm {self.plan.year}."
        if not self.online and not self.place.strip():
            errors["place"] = "Hãy ghi địa điểm của lớp trực tiếp (hoặc chọn trực tuyến)."
        if errors:
            raise ValidationError(errors)

    @property
    def where(self) -> str:
        return "Trực tuyến" if self.online else self.place


class TrainingRecordQuerySet(ScopedQuerySet):
    agency_path_lookup = "agency__path"

    def completed_in_year(self, day: datetime.date):
        """Completions of the year of `day`, up to that day: the “trained this year” figure of the dashboards."""
        return self.filter(completed_on__year=day.year, completed_on__lte=day)

    def with_names(self):
        """`course_name` and `provider_name` as shown: a session's participant reads them from the session's
        course (its provider, else the organiser), a completion named on its own from what was typed."""
        return self.annotate(
            course_name=Case(When(session__isnull=True, then=F("course")), default=F("session__course__title")),
            provider_name=Case(When(session__isnull=True, then=F("provider")),
                               When(session__course__provider="", then=F("session__organiser__name")),
                               default=F("session__course__provider")))


class TrainingRecord(models.Model):
    """A person's participation in a course (bồi dưỡng, tập huấn): in a session of a plan or on their own, completed
    on a day (counted for the yearly training figure) or not yet, with their evaluation, test score and certificate.
    One fact, one row: a session's participant and a completion are the same record.

    The course's name and provider are typed only for a completion named on its own; a session's participant reads
    them from the session's course, so renaming a course changes no record (and no other province's records)."""

    agency = models.ForeignKey(Agency, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="trainings")
    person = models.ForeignKey(Person, verbose_name="cán bộ", on_delete=models.CASCADE, related_name="trainings")
    session = models.ForeignKey(TrainingSession, verbose_name="lớp", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="participants")
    course = models.CharField("khóa bồi dưỡng, tập huấn", max_length=300, blank=True,
                              help_text="Chỉ ghi khi không chọn lớp; lớp lấy tên từ danh mục khóa học.")
    provider = models.CharField("đơn vị tổ chức", max_length=300, blank=True,
                                help_text="Chỉ ghi khi không chọn lớp.")
    completed_on = models.DateField("ngày hoàn thành", null=True, blank=True, db_index=True,
                                    validators=[PlausibleDate()],
                                    help_text="Để trống khi người học chưa hoàn thành khóa.")
    hours = models.SmallIntegerField("số giờ", null=True, blank=True, validators=HOURS_VALIDATORS)
    evaluation = models.SmallIntegerField("điểm đánh giá khóa học (1–5)", null=True, blank=True, validators=[
        MinValueValidator(1, EVALUATION_MESSAGE), MaxValueValidator(5, EVALUATION_MESSAGE)])
    post_test = models.SmallIntegerField("điểm kiểm tra sau khóa học (0–100)", null=True, blank=True, validators=[
        MinValueValidator(0, POST_TEST_MESSAGE), MaxValueValidator(100, POST_TEST_MESSAGE)])
    certificate = models.FileField("chứng nhận", upload_to="training/certificates/%Y/", blank=True,
                                   validators=document_file_validators())

    objects = TrainingRecordQuerySet.as_manager()
    personal_data_kind = "trainings"  # names a person and their phone (dxnet.core.privacy)

    class Meta:
        verbose_name = "kết quả bồi dưỡng"
        verbose_name_plural = "kết quả bồi dưỡng"
        ordering = ["-completed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "course", "completed_on"], condition=Q(session__isnull=True),
                                    name="training_once"),
            models.UniqueConstraint(fields=["session", "person"], name="training_once_per_session"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.course_title}"

    def get_absolute_url(self) -> str:
        return reverse("training:record", args=[self.pk])

    @property
    def course_title(self) -> str:
        return self.session.course.title if self.session_id else self.course

    @property
    def provider_shown(self) -> str:
        if self.session_id is None:
            return self.provider
        return self.session.course.provider or self.session.organiser.name

    def take_from_session(self) -> None:
        """A session's participant reads the course's name and provider from the catalogue (nothing typed is kept
        beside them) and takes the course's hours unless given its own."""
        if self.session_id is None:
            return
        self.course = self.provider = ""
        if self.hours is None:
            self.hours = self.session.course.hours

    def clean(self) -> None:
        self.take_from_session()
        errors = {}
        if self.session_id is None and not self.course.strip():
            errors["course"] = "Hãy ghi khóa bồi dưỡng, tập huấn (hoặc chọn lớp)."
        completed_on = plausible(self.completed_on)
        if completed_on and completed_on > timezone.localdate():
            errors["completed_on"] = "Ngày hoàn thành không được sau hôm nay."
        elif completed_on and self.session_id and completed_on < self.session.starts_on:
            errors["completed_on"] = "Ngày hoàn thành không được trước ngày khai giảng lớp."
        if errors:
            raise ValidationError(errors)

    @property
    def completed(self) -> bool:
        return self.completed_on is not None
