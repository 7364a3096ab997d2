import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from dxnet.agencies.models import Agency
from dxnet.core.scoping import CatalogueQuerySet, ScopedQuerySet, scope_of
from dxnet.core.text import fold
from dxnet.core.validators import EARLIEST_DAY, LATEST_DAY, PlausibleDate, document_file_validators


class PlanTemplate(models.Model):
    """A plan as the seeds write it (Đề án 1690, a province's plan, the 2024 appendices), kept as its JSON document."""

    class Tier(models.TextChoices):
        ANY = "any", "Mọi cơ quan"
        PROVINCE = "province", "Ủy ban nhân dân cấp tỉnh"
        MINISTRY = "ministry", "Bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ"

    class Kind(models.TextChoices):
        """What issuing a plan of this template achieves: the milestone it records (`monitoring`)."""

        DX_PLAN = "dx-plan", "Kế hoạch chuyển đổi số năm"
        PLAN_1690 = "plan-1690", "Kế hoạch thực hiện Đề án 1690"
        OTHER = "other", "Kế hoạch khác"

    code = models.SlugField("mã mẫu", max_length=80)
    kind = models.CharField("loại kế hoạch", max_length=20, choices=Kind.choices, default=Kind.OTHER,
                            help_text="Ghi trong tệp mẫu (mục “kind”): ban hành kế hoạch thì ghi nhận mốc tương ứng.")
    version = models.CharField("phiên bản", max_length=30)
    title = models.CharField("tên mẫu", max_length=500)
    source = models.CharField("nguồn", max_length=500)
    tier = models.CharField("dùng cho", max_length=20, choices=Tier.choices)
    document = models.JSONField("nội dung mẫu")
    group_count = models.PositiveIntegerField("số nhóm nhiệm vụ")
    task_count = models.PositiveIntegerField("số nhiệm vụ")
    created_at = models.DateTimeField("ngày nạp", auto_now_add=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = "mẫu kế hoạch"
        verbose_name_plural = "mẫu kế hoạch"
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="plan_template_code_version")]

    def __str__(self) -> str:
        return f"{self.title} (phiên bản {self.version})"

    def get_absolute_url(self) -> str:
        return reverse("plans:template", args=[self.pk])


def _tasks_within(path: str, issued: bool = True) -> models.Q:
    """Tasks an agency subtree issued (unless not `issued`), leads or cooperates on; each side through its own index
    (dxnet.core.lookups), so a province's tasks cost what the province holds, not what the country does."""
    agencies = Agency.objects.filter(path__startswith=path).values("pk")
    cooperating = Task.cooperating.through.objects.filter(agency__in_array=agencies).values("task_id")
    sides = models.Q(lead__in_array=agencies) | models.Q(pk__in_array=cooperating)
    issuing = Plan.objects.filter(agency__in_array=agencies).values("pk")
    return sides | models.Q(plan__in_array=issuing) if issued else sides


class PlanQuerySet(ScopedQuerySet):
    """Plans of the user's subtree, and plans that give the subtree a task."""

    def within(self, scope):
        agencies = Agency.objects.filter(path__startswith=scope.agency_path).values("pk")
        tasks = Task.objects.filter(_tasks_within(scope.agency_path, issued=False)).values("plan_id")
        return self.filter(models.Q(agency__in_array=agencies) | models.Q(pk__in_array=tasks))


class Plan(models.Model):
    """A plan of one agency for a year (or years), built from a template or written from scratch."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        ISSUED = "issued", "Đã ban hành"
        WITHDRAWN = "withdrawn", "Đã thu hồi"

    agency = models.ForeignKey(Agency, verbose_name="cơ quan ban hành", on_delete=models.PROTECT, related_name="plans")
    template = models.ForeignKey(PlanTemplate, verbose_name="mẫu", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="plans")
    title = models.CharField("tên kế hoạch", max_length=500)
    search_name = models.CharField(max_length=500, editable=False, default="")
    year = models.PositiveSmallIntegerField("năm")
    until_year = models.PositiveSmallIntegerField("đến năm")
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.DRAFT)
    number = models.CharField("số, ký hiệu", max_length=60, blank=True, help_text="Ví dụ: 1234/KH-UBND")
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    place = models.CharField("địa danh", max_length=100, blank=True)
    signer_title = models.CharField("quyền hạn, chức vụ người ký", max_length=200, blank=True)
    signer_name = models.CharField("người ký", max_length=200, blank=True)
    withdrawn_reason = models.CharField("lý do thu hồi", max_length=500, blank=True)
    resolved_on = models.DateField("ngày xác định cơ quan thực hiện")
    document = models.JSONField("nội dung văn bản", default=dict, blank=True)
    notes = models.JSONField("ghi chú khi lập", default=list, blank=True)
    created_at = models.DateTimeField("ngày lập", auto_now_add=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = "kế hoạch"
        verbose_name_plural = "kế hoạch"
        ordering = ["-year", "agency__name", "title"]

    def __str__(self) -> str:
        return f"{self.title} — {self.agency} ({self.years})"

    def save(self, *args, **kwargs):
        self.search_name = fold(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("plans:detail", args=[self.pk])

    @property
    def years(self) -> str:
        return str(self.year) if self.until_year == self.year else f"{self.year} - {self.until_year}"

    @property
    def kind(self) -> str:
        """The template says it (one fact, entered once); a plan written from scratch is "other"."""
        return self.template.kind if self.template_id else PlanTemplate.Kind.OTHER

    def clean(self):
        super().clean()
        if self.issued_on and self.issued_on > timezone.localdate():
            raise ValidationError({"issued_on": "Ngày ban hành không được sau hôm nay."})


class PlanGroup(models.Model):
    """A group of tasks in a plan ("1. Thể chế số")."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="groups")
    code = models.CharField("số thứ tự", max_length=20)
    title = models.CharField("nhóm nhiệm vụ", max_length=500)
    guidance = models.TextField("hướng dẫn", blank=True)
    order = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "nhóm nhiệm vụ"
        verbose_name_plural = "nhóm nhiệm vụ"
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class TaskQuerySet(ScopedQuerySet):
    """Tasks the user's subtree issued, leads or cooperates on."""

    scope_lookups = ("plan__agency__path", "lead__path", "cooperating__path")  # the same three sides (core.scopes)

    def within(self, scope):
        return self.filter(_tasks_within(scope.agency_path))

    def listed_for(self, user):
        """The tasks `user` may see, to be put in order and cut into pages. Within a scope, the scope's task ids
        are found first (through the sides' indexes) and the page is read by id from them. Asked for the visible
        tasks in some order directly, PostgreSQL walks the whole table in that order testing each row, as it
        cannot know how many a scope holds: 0.6 s for Hà Nội's first 50 by id at national scale, 7 s for Hồ Chí
        Minh City's, whose ids come late (on a busy machine); read this way, 40–90 ms each."""
        scope = scope_of(user)
        if scope.everything or scope.nothing:
            return self.visible_to(user)
        return self.filter(pk__in_array=Task.objects.within(scope).values("pk"))

    def in_force(self):
        """Tasks of plans that still bind someone: a withdrawn plan's tasks count nowhere."""
        return self.exclude(plan__status=Plan.Status.WITHDRAWN)

    def overdue(self, today: datetime.date):
        return self.filter(due_date__lt=today).exclude(status=Task.Status.DONE)

    def not_overdue(self, today: datetime.date):
        return self.exclude(pk__in=self.overdue(today).values("pk"))


class Task(models.Model):
    """One thing a plan asks of a lead agency and its cooperating agencies, by a deadline or every period."""

    class Status(models.TextChoices):
        TODO = "todo", "Chưa làm"
        DOING = "doing", "Đang làm"
        DONE = "done", "Đã làm"

    class Recurrence(models.TextChoices):
        NONE = "", "Một lần"
        PERIODIC = "periodic", "Thường xuyên"
        YEARLY = "yearly", "Hằng năm"

    class Novelty(models.TextChoices):
        UNSET = "", "—"
        NEW = "new", "Mới"
        CONTINUING = "continuing", "Chuyển tiếp"

    SYMBOLS = {Status.TODO: "✗", Status.DOING: "Đ", Status.DONE: "✓"}

    plan = models.ForeignKey(Plan, verbose_name="kế hoạch", on_delete=models.CASCADE, related_name="tasks")
    group = models.ForeignKey(PlanGroup, verbose_name="nhóm", null=True, blank=True, on_delete=models.CASCADE,
                              related_name="tasks")
    parent = models.ForeignKey("self", verbose_name="nhiệm vụ cha", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="subtasks")
    code = models.CharField("số thứ tự", max_length=20, blank=True)
    title = models.CharField("nhiệm vụ", max_length=600)
    search_name = models.CharField(max_length=600, editable=False, default="")
    content = models.TextField("nội dung thực hiện", blank=True)
    assignment = models.TextField("cơ quan thực hiện (theo văn bản)", blank=True)
    lead = models.ForeignKey(Agency, verbose_name="cơ quan chủ trì", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="led_tasks")
    cooperating = models.ManyToManyField(Agency, verbose_name="cơ quan phối hợp, thực hiện", blank=True,
                                         related_name="cooperating_tasks")
    unresolved = models.JSONField("vai trò chưa xác định được cơ quan", default=list, blank=True)
    external = models.CharField("đối tác ngoài cơ quan nhà nước", max_length=300, blank=True)
    support = models.CharField("đơn vị đầu mối hỗ trợ", max_length=300, blank=True)
    deadline_text = models.CharField("thời hạn (theo văn bản)", max_length=200, blank=True)
    due_date = models.DateField("hạn hoàn thành", null=True, blank=True, db_index=True)
    # A yearly template's deadline moved to the plan's year: the template's own words, and whether the author has
    # yet to confirm the moved one (a plan is not issued before).
    deadline_source = models.CharField("thời hạn theo mẫu", max_length=200, blank=True)
    deadline_to_confirm = models.BooleanField("thời hạn chờ xác nhận", default=False)
    recurrence = models.CharField("lặp lại", max_length=10, choices=Recurrence.choices, blank=True)
    status = models.CharField("hiện trạng", max_length=10, choices=Status.choices, default=Status.TODO,
                              db_index=True)
    progress = models.PositiveSmallIntegerField("tiến độ (%)", default=0, validators=[MaxValueValidator(100)])
    novelty = models.CharField("mới hay chuyển tiếp", max_length=12, choices=Novelty.choices, blank=True)
    objective = models.TextField("mục tiêu", blank=True)
    scale = models.CharField("quy mô", max_length=300, blank=True)
    # The expected cost and the funding source live on the task's `project` row (one place for each figure).
    order = models.PositiveIntegerField("thứ tự", default=0)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}" if self.code else self.title

    def save(self, *args, **kwargs):
        self.search_name = fold(f"{self.code} {self.title}")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("plans:task", args=[self.pk])

    @property
    def symbol(self) -> str:
        return self.SYMBOLS[self.status]

    def is_overdue(self, today: datetime.date) -> bool:
        return self.due_date is not None and self.due_date < today and self.status != self.Status.DONE


class TaskPeriod(models.Model):
    """One period (a year) of a recurring task: judged on its own."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="periods")
    year = models.PositiveSmallIntegerField("năm")
    due_date = models.DateField("hạn")
    status = models.CharField("hiện trạng", max_length=10, choices=Task.Status.choices, default=Task.Status.TODO)
    progress = models.PositiveSmallIntegerField("tiến độ (%)", default=0, validators=[MaxValueValidator(100)])

    class Meta:
        verbose_name = "kỳ thực hiện"
        verbose_name_plural = "kỳ thực hiện"
        ordering = ["task", "year"]
        constraints = [models.UniqueConstraint(fields=["task", "year"], name="task_period_year")]

    def __str__(self) -> str:
        return f"Năm {self.year}"


EVIDENCE_EXTENSIONS = ["pdf", "doc", "docx", "odt", "xls", "xlsx", "ods", "jpg", "jpeg", "png", "zip"]


class TaskUpdateQuerySet(ScopedQuerySet):
    scope_lookups = ("task__plan__agency__path", "task__lead__path", "task__cooperating__path")

    def visible_to(self, user):
        return self.filter(task__in=Task.objects.visible_to(user))


class TaskUpdate(models.Model):
    """A report on a task: what was done, its status and progress, and the document or file that proves it."""

    task = models.ForeignKey(Task, verbose_name="nhiệm vụ", on_delete=models.CASCADE, related_name="updates")
    period = models.ForeignKey(TaskPeriod, verbose_name="kỳ", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người cập nhật", null=True,
                               on_delete=models.SET_NULL, related_name="task_updates")
    agency = models.ForeignKey(Agency, verbose_name="cơ quan báo cáo", on_delete=models.PROTECT,
                               related_name="task_updates")
    created_at = models.DateTimeField("thời điểm", auto_now_add=True)
    text = models.TextField("kết quả thực hiện")
    status = models.CharField("hiện trạng", max_length=10, choices=Task.Status.choices, blank=True)
    progress = models.PositiveSmallIntegerField("tiến độ (%)", null=True, blank=True,
                                                validators=[MaxValueValidator(100)])
    document_number = models.CharField("số, ký hiệu văn bản", max_length=60, blank=True)
    document_date = models.DateField("ngày văn bản", null=True, blank=True)
    document_title = models.CharField("trích yếu văn bản", max_length=500, blank=True)
    # Type and size checked on the field, so the form and the API refuse the same files.
    file = models.FileField("tệp minh chứng", upload_to="evidence/%Y/", blank=True,
                            validators=document_file_validators(EVIDENCE_EXTENSIONS))

    objects = TaskUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = "cập nhật nhiệm vụ"
        verbose_name_plural = "cập nhật nhiệm vụ"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Cập nhật {self.task.code} ngày {self.created_at:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("plans:task", args=[self.task_id])


class AssessmentEntryQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        return self.filter(plan__in=Plan.objects.visible_to(user))


class AssessmentEntry(models.Model):
    """One area of the past year's assessment in an annual plan: results achieved, and what fell short."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="assessment")
    code = models.CharField("mục", max_length=20)
    title = models.CharField("lĩnh vực", max_length=300)
    achieved = models.TextField("Kết quả đạt được", blank=True)
    shortcomings = models.TextField("Tồn tại, hạn chế", blank=True)
    order = models.PositiveIntegerField("thứ tự", default=0)

    objects = AssessmentEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "nội dung đánh giá"
        verbose_name_plural = "nội dung đánh giá"
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


# --- Measurable objectives (Appendix III, part II) ----------------------------------------------------------

NEGATIVE_AMOUNT = "Số tiền không được âm."
FUTURE_DAY = "Ngày này chưa đến: không được sau hôm nay."
# Amounts are in millions of đồng, as Appendix III writes them ("triệu đồng").
AMOUNT = {"max_digits": 16, "decimal_places": 1, "validators": [MinValueValidator(0, NEGATIVE_AMOUNT)]}


YEAR_RANGE = "Năm phải trong khoảng 2000 đến 2100."
# A year of money or of a project: one Vietnamese message whichever bound it passes (the form, API and sheet alike).
YEAR_BOUNDS = [MinValueValidator(2000, YEAR_RANGE), MaxValueValidator(2100, YEAR_RANGE)]
ZERO_BUDGET = "Tổng vốn ngân sách phải lớn hơn 0 (đơn vị triệu đồng)."
BUDGET_BODY = ("Chỉ Ủy ban nhân dân cấp tỉnh hoặc bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ kê khai tổng vốn "
               "ngân sách nhà nước.")
VALUE_BEFORE_BASELINE = "Ngày của số liệu không được trước ngày của giá trị nền ({day:%d/%m/%Y})."
# How far from its plan's years an indicator's days may lie (see Indicator._outside_plan_years).
YEARS_BEFORE_PLAN, YEARS_AFTER_PLAN = 10, 5


def plausible(day: datetime.date | None) -> bool:
    """A day the field's own validator accepts: rules across fields speak only of those (one message a field)."""
    return day is not None and EARLIEST_DAY <= day <= LATEST_DAY


def not_zero(value) -> None:
    """A total budget of 0 makes every ratio over it meaningless (a negative one has its own message)."""
    if value is not None and value == 0:
        raise ValidationError(ZERO_BUDGET, code="zero")


def not_in_future(day: datetime.date) -> None:
    """A declared fact happened already: a value "as of" a day to come is a typing mistake."""
    if day and day > timezone.localdate():
        raise ValidationError(FUTURE_DAY)


class PlanPartQuerySet(ScopedQuerySet):
    """Rows of a plan: seen by whoever sees the plan."""

    plan_lookup = "plan"

    def visible_to(self, user):
        return self.filter(**{f"{self.plan_lookup}__in": Plan.objects.visible_to(user)})


class Indicator(models.Model):
    """A measurable objective of a plan (Appendix III, II): a baseline, a dated target, and its values."""

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Hằng tháng"
        QUARTERLY = "quarterly", "Hằng quý"
        HALF_YEARLY = "half-yearly", "6 tháng"
        YEARLY = "yearly", "Hằng năm"

    class Source(models.TextChoices):
        COMPUTED = "computed", "Tính từ dữ liệu của dxnet"
        DECLARED = "declared", "Cơ quan kê khai"

    plan = models.ForeignKey(Plan, verbose_name="kế hoạch", on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField("mã chỉ tiêu", max_length=60,
                            help_text="Cùng mã ở các tỉnh thì so sánh được với nhau, ví dụ dvc-toan-trinh.")
    name = models.CharField("chỉ tiêu", max_length=500)
    unit = models.CharField("đơn vị tính", max_length=40, help_text="Ví dụ: %, hệ thống, người.")
    baseline_value = models.DecimalField("giá trị nền", max_digits=16, decimal_places=2)
    baseline_on = models.DateField("ngày của giá trị nền", validators=[PlausibleDate()])
    target_value = models.DecimalField("giá trị mục tiêu", max_digits=16, decimal_places=2)
    target_on = models.DateField("hạn đạt mục tiêu", validators=[PlausibleDate()])
    frequency = models.CharField("tần suất theo dõi", max_length=12, choices=Frequency.choices,
                                 default=Frequency.QUARTERLY)
    source = models.CharField("nguồn số liệu", max_length=10, choices=Source.choices, default=Source.DECLARED)
    # For a computed indicator: which of dxnet's own figures (monitoring.targets) gives its value.
    computed_from = models.CharField("tính từ", max_length=30, blank=True)
    order = models.PositiveIntegerField("thứ tự", default=0)

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        ordering = ["plan", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="indicator_plan_code")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("plans:indicator", args=[self.pk])

    def clean(self):
        super().clean()
        from .services.measures import COMPUTED_SOURCES  # the figures live with the rule that reads them

        errors = {}
        if plausible(self.baseline_on) and plausible(self.target_on) and self.target_on <= self.baseline_on:
            errors["target_on"] = "Hạn đạt mục tiêu phải sau ngày của giá trị nền."
        if self.baseline_value is not None and self.baseline_value == self.target_value:
            errors["target_value"] = "Giá trị mục tiêu phải khác giá trị nền (không có gì để theo dõi)."
        if self.source == self.Source.COMPUTED and self.computed_from not in COMPUTED_SOURCES:
            errors["computed_from"] = ("Chỉ tiêu tính từ dữ liệu dxnet phải chọn một số liệu: "
                                       + ", ".join(label for label, _ in COMPUTED_SOURCES.values()) + ".")
        if self.source == self.Source.DECLARED:
            self.computed_from = ""
        if plausible(self.baseline_on):
            try:
                not_in_future(self.baseline_on)
            except ValidationError as error:
                errors["baseline_on"] = error.messages
        errors.update(self._outside_plan_years(errors))
        if errors:
            raise ValidationError(errors)


    def _outside_plan_years(self, errors: dict) -> dict:
        """Both days within the plan's years, widened: a baseline may be some years old, a target some years after
        the plan's last year (a plan for 2026 may aim at 2030); a day centuries away is a typing mistake."""
        plan = self.plan if self.plan_id else None
        if plan is None or not plan.year or not plan.until_year:
            return {}
        first = datetime.date(max(plan.year - YEARS_BEFORE_PLAN, EARLIEST_DAY.year), 1, 1)
        last = datetime.date(min(plan.until_year + YEARS_AFTER_PLAN, LATEST_DAY.year), 12, 31)
        message = (f"Ngày phải trong khoảng {first:%d/%m/%Y} đến {last:%d/%m/%Y}: từ {YEARS_BEFORE_PLAN} năm trước "
                   f"năm đầu đến {YEARS_AFTER_PLAN} năm sau năm cuối của kế hoạch ({plan.years}).")
        return {name: message for name in ("baseline_on", "target_on")
                if name not in errors and plausible(getattr(self, name)) and not first <= getattr(self, name) <= last}


class IndicatorValueQuerySet(PlanPartQuerySet):
    plan_lookup = "indicator__plan"


class IndicatorValue(models.Model):
    """A value of an indicator as of a day, declared by a person: kept forever; a correction is a new row."""

    indicator = models.ForeignKey(Indicator, verbose_name="chỉ tiêu", on_delete=models.CASCADE,
                                  related_name="values")
    on = models.DateField("số liệu tính đến ngày", validators=[PlausibleDate(), not_in_future])
    value = models.DecimalField("giá trị", max_digits=16, decimal_places=2)
    note = models.CharField("ghi chú, lý do điều chỉnh", max_length=500, blank=True)
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người kê khai", null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    declared_at = models.DateTimeField("thời điểm kê khai", default=timezone.now)

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        verbose_name = "giá trị chỉ tiêu"
        verbose_name_plural = "giá trị chỉ tiêu"
        ordering = ["indicator", "-on", "-declared_at", "-pk"]
        indexes = [models.Index(fields=["indicator", "on"], name="indicator_value_on")]

    def __str__(self) -> str:
        return f"{self.value} ngày {self.on:%d/%m/%Y}"

    def clean(self):
        super().clean()
        baseline_on = self.indicator.baseline_on if self.indicator_id else None
        if plausible(self.on) and baseline_on and self.on < baseline_on:
            raise ValidationError({"on": VALUE_BEFORE_BASELINE.format(day=baseline_on)})


# --- Projects and budget (Appendix III, VII and I.11) ------------------------------------------------------

class ProjectQuerySet(PlanPartQuerySet):
    plan_lookup = "task__plan"


class Project(models.Model):
    """The budget side of a task that is a project or carries an expected cost (Appendix III, VII): the task keeps
    its name, lead, content, novelty, objective and scale; this row holds the money, once."""

    class Kind(models.TextChoices):
        PROJECT = "project", "Dự án"
        TASK = "task", "Nhiệm vụ có kinh phí"

    class Funding(models.TextChoices):
        UNSET = "", "—"
        PUBLIC_INVESTMENT = "public-investment", "Đầu tư công"
        RECURRENT = "recurrent", "Chi thường xuyên"
        OTHER = "other", "Khác"

    class Stage(models.TextChoices):
        PREPARING = "preparing", "Chuẩn bị đầu tư"
        IMPLEMENTING = "implementing", "Đang triển khai"
        FINISHED = "finished", "Đã hoàn thành"
        SUSPENDED = "suspended", "Tạm dừng"

    task = models.OneToOneField(Task, verbose_name="nhiệm vụ", on_delete=models.CASCADE, related_name="project")
    kind = models.CharField("loại", max_length=10, choices=Kind.choices, default=Kind.PROJECT)
    start_year = models.PositiveSmallIntegerField("năm bắt đầu", null=True, blank=True, validators=YEAR_BOUNDS)
    end_year = models.PositiveSmallIntegerField("năm kết thúc", null=True, blank=True, validators=YEAR_BOUNDS)
    approved_total = models.DecimalField("tổng mức đầu tư/dự toán (triệu đồng)", null=True, blank=True, **AMOUNT)
    funding_source = models.CharField("nguồn vốn", max_length=20, choices=Funding.choices, blank=True)
    funding_detail = models.CharField("nguồn vốn cụ thể", max_length=200, blank=True,
                                      help_text="Ví dụ: ngân sách tỉnh, vốn ODA.")
    stage = models.CharField("tình trạng", max_length=15, choices=Stage.choices, default=Stage.PREPARING)
    approval = models.CharField("quyết định phê duyệt", max_length=200, blank=True,
                                help_text="Số, ngày quyết định phê duyệt dự án hoặc dự toán.")

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = "dự án, nhiệm vụ có kinh phí"
        verbose_name_plural = "dự án, nhiệm vụ có kinh phí"
        ordering = ["task__plan", "task__order"]

    def __str__(self) -> str:
        return self.task.title

    def get_absolute_url(self) -> str:
        return reverse("plans:project", args=[self.pk])

    @property
    def funding_text(self) -> str:
        """"Đầu tư công (ngân sách tỉnh)": the kind of source, and the words the plan used."""
        label = self.get_funding_source_display() if self.funding_source else ""
        if label and self.funding_detail:
            return f"{label} ({self.funding_detail})"
        return label or self.funding_detail

    @property
    def period(self) -> str:
        if self.start_year and self.end_year and self.end_year != self.start_year:
            return f"{self.start_year} - {self.end_year}"
        return str(self.start_year or self.end_year or "")

    def clean(self):
        super().clean()
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": "Năm kết thúc không được trước năm bắt đầu."})


class DisbursementQuerySet(PlanPartQuerySet):
    plan_lookup = "project__task__plan"


class Disbursement(models.Model):
    """What a project disbursed (giải ngân) in a year; declared again, the year's figure is changed and audited."""

    project = models.ForeignKey(Project, verbose_name="dự án", on_delete=models.CASCADE, related_name="disbursements")
    year = models.PositiveSmallIntegerField("năm", validators=YEAR_BOUNDS)
    amount = models.DecimalField("số đã giải ngân (triệu đồng)", **AMOUNT)
    declared_on = models.DateField("số liệu tính đến ngày", validators=[PlausibleDate(), not_in_future])
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người kê khai", null=True,
                                    on_delete=models.SET_NULL, related_name="+")

    objects = DisbursementQuerySet.as_manager()

    class Meta:
        verbose_name = "giải ngân"
        verbose_name_plural = "giải ngân"
        ordering = ["project", "year"]
        constraints = [models.UniqueConstraint(fields=["project", "year"], name="disbursement_project_year")]

    def __str__(self) -> str:
        return f"Giải ngân năm {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("plans:project", args=[self.project_id])

    def clean(self):
        super().clean()
        if self.year and plausible(self.declared_on) and self.year > self.declared_on.year:
            raise ValidationError({"year": f"Chưa đến năm {self.year}: số liệu ngày {self.declared_on:%d/%m/%Y} "
                                           "chỉ nói về những năm đã qua hoặc năm nay."})


# The bodies whose IT spending ratio Appendix III (I.11) asks for: provinces and ministry-level agencies.
BUDGET_BODY_KINDS = (Agency.Kind.PROVINCIAL_PC, *Agency.MINISTRY_LEVEL_KINDS)


class BudgetDeclarationQuerySet(ScopedQuerySet):
    agency_path_lookup = "agency__path"


class BudgetDeclaration(models.Model):
    """A body's total state budget for a year (tổng vốn ngân sách nhà nước), as it declared it on a day: the
    denominator of its IT spending ratio (Appendix III, I.11). One per body and year; a new figure replaces it,
    audited."""

    agency = models.ForeignKey(Agency, verbose_name="cơ quan", on_delete=models.PROTECT,
                               related_name="budget_declarations")
    year = models.PositiveSmallIntegerField("năm", validators=YEAR_BOUNDS)
    total = models.DecimalField("tổng vốn ngân sách nhà nước (triệu đồng)",
                                **{**AMOUNT, "validators": [*AMOUNT["validators"], not_zero]})
    declared_on = models.DateField("ngày kê khai", validators=[PlausibleDate(), not_in_future])
    document = models.CharField("văn bản", max_length=300, blank=True,
                                help_text="Ví dụ: Quyết định giao dự toán ngân sách số …")
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người kê khai", null=True,
                                    on_delete=models.SET_NULL, related_name="+")

    objects = BudgetDeclarationQuerySet.as_manager()

    class Meta:
        verbose_name = "kê khai tổng vốn ngân sách"
        verbose_name_plural = "kê khai tổng vốn ngân sách"
        ordering = ["-year", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="budget_declaration_agency_year")]

    def __str__(self) -> str:
        return f"{self.agency} — năm {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("plans:spending") + f"?year={self.year}"

    def clean(self):
        super().clean()
        # The ratio is a province's or a ministry's (Appendix III, I.11): a commune's total over its province's
        # spending would read 101549000%.
        if self.agency_id and self.agency.kind not in BUDGET_BODY_KINDS:
            raise ValidationError({"agency": BUDGET_BODY})
