from django.conf import settings
from django.db import models
from django.urls import reverse

from dxnet.agencies.models import Agency
from dxnet.core.scoping import CatalogueQuerySet, Scope, ScopedQuerySet
from dxnet.core.validators import document_file_validators

from . import calendar


class Category(models.Model):
    """A kind of obstacle (tổ chức bộ máy, kinh phí, dữ liệu…): a managed list with stable codes."""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("tên nhóm", max_length=200)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = "nhóm vướng mắc"
        verbose_name_plural = "nhóm vướng mắc"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Level(models.TextChoices):
    COMMUNE = "commune", "Cấp xã"
    PROVINCE = "province", "Cấp tỉnh"
    MINISTRY = "ministry", "Cấp bộ"
    NATIONAL = "national", "Cấp quốc gia"


class ObstacleQuerySet(ScopedQuerySet):
    scope_lookups = ("agency__path", "handlers__path")  # raised by, handled by (core.scopes)

    def within(self, scope: Scope):
        """The raising agency's subtree, and every agency that has handled it (the chain up)."""
        # Two IN (subquery) tests: PostgreSQL hashes each once, where an OR with EXISTS runs per row (4× slower
        # for a province at national scale).
        agencies = Agency.objects.filter(path__startswith=scope.agency_path).values("pk")
        handled = Obstacle.handlers.through.objects.filter(agency__in=agencies).values("obstacle_id")
        return self.filter(models.Q(agency__in=agencies) | models.Q(pk__in=handled))

    def waiting(self):
        return self.filter(status__in=Obstacle.WAITING)

    def figures(self, today) -> dict[str, int]:
        """Waiting, overdue and beyond-authority counts in one query."""
        waiting = models.Q(status__in=Obstacle.WAITING)
        return self.aggregate(waiting_count=models.Count("pk", filter=waiting),
                              overdue_count=models.Count("pk", filter=waiting & models.Q(due_on__lt=today)),
                              beyond_count=models.Count("pk", filter=models.Q(beyond_authority=True)))

    def overdue(self, today):
        return self.waiting().filter(due_on__lt=today)

    def not_overdue(self, today):
        return self.exclude(pk__in=self.overdue(today).values("pk"))


class Obstacle(models.Model):
    """A difficulty or proposal (vướng mắc, kiến nghị) an agency raises, answered or escalated up the chain."""

    class Status(models.TextChoices):
        OPEN = "open", "Đang chờ xử lý"
        ESCALATED = "escalated", "Đã chuyển cấp trên"
        ANSWERED = "answered", "Đã trả lời"
        CLOSED = "closed", "Đã đóng"

    WAITING = (Status.OPEN, Status.ESCALATED)

    agency = models.ForeignKey(Agency, verbose_name="cơ quan nêu", on_delete=models.PROTECT,
                               related_name="obstacles")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người nêu", null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    title = models.CharField("tiêu đề", max_length=300)
    description = models.TextField("nội dung vướng mắc, kiến nghị")
    category = models.ForeignKey(Category, verbose_name="nhóm", on_delete=models.PROTECT, related_name="obstacles")
    plan = models.ForeignKey("plans.Plan", verbose_name="kế hoạch liên quan", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="obstacles")
    task = models.ForeignKey("plans.Task", verbose_name="nhiệm vụ liên quan", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="obstacles")
    attachment = models.FileField("tệp đính kèm", upload_to="vuong-mac/%Y/", blank=True,
                                  validators=document_file_validators())
    status = models.CharField("trạng thái", max_length=12, choices=Status.choices, default=Status.OPEN,
                              db_index=True)
    handler = models.ForeignKey(Agency, verbose_name="cơ quan xử lý", on_delete=models.PROTECT,
                                related_name="handled_obstacles")
    level = models.CharField("cấp xử lý", max_length=12, choices=Level.choices, db_index=True)
    # Every agency that has handled it so far: visibility is one indexed query (ObstacleQuerySet.within).
    handlers = models.ManyToManyField(Agency, related_name="+", blank=True)
    beyond_authority = models.BooleanField("vượt thẩm quyền, báo cáo Chính phủ", default=False, db_index=True)
    raised_on = models.DateField("ngày nêu")
    level_since = models.DateField("ngày đến cấp xử lý hiện tại")
    due_on = models.DateField("hạn xử lý", db_index=True)
    answer = models.TextField("trả lời", blank=True)
    answer_file = models.FileField("văn bản trả lời", upload_to="vuong-mac/tra-loi/%Y/", blank=True,
                                   validators=document_file_validators())
    answered_on = models.DateField("ngày trả lời", null=True, blank=True)
    answered_by = models.ForeignKey(Agency, verbose_name="cơ quan trả lời", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    closed_on = models.DateField("ngày đóng", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ObstacleQuerySet.as_manager()

    class Meta:
        verbose_name = "vướng mắc, kiến nghị"
        verbose_name_plural = "vướng mắc, kiến nghị"
        ordering = ["-raised_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("obstacles:detail", args=[self.pk])

    @property
    def is_waiting(self) -> bool:
        return self.status in self.WAITING

    def age_days(self, today) -> int:
        return (today - self.raised_on).days

    def is_overdue(self, today) -> bool:
        return self.is_waiting and self.due_on < today

    def working_days_left(self, today) -> int:
        return calendar.working_days_between(today, self.due_on)


class HistoryEntry(models.Model):
    """One step in an obstacle's life: raised, escalated, answered, marked beyond authority, closed, published."""

    class Kind(models.TextChoices):
        RAISED = "raised", "Nêu vướng mắc"
        ESCALATED = "escalated", "Chuyển cấp trên"
        ANSWERED = "answered", "Trả lời"
        BEYOND_AUTHORITY = "beyond-authority", "Vượt thẩm quyền, báo cáo Chính phủ"
        ACCEPTED = "accepted", "Cơ quan nêu chấp nhận trả lời"
        CLOSED = "closed", "Tự đóng sau 30 ngày"
        PUBLISHED = "published", "Đăng hỏi - đáp"

    obstacle = models.ForeignKey(Obstacle, on_delete=models.CASCADE, related_name="history")
    kind = models.CharField("bước", max_length=20, choices=Kind.choices)
    at = models.DateTimeField("lúc", auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người thực hiện", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    agency = models.ForeignKey(Agency, verbose_name="cơ quan", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    level = models.CharField("cấp", max_length=12, choices=Level.choices)
    text = models.TextField("nội dung", blank=True)

    class Meta:
        verbose_name = "diễn biến xử lý"
        verbose_name_plural = "diễn biến xử lý"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.obstacle}"


class FaqEntry(models.Model):
    """A published question and answer (“Những vướng mắc và trả lời”), without the asker's personal data."""

    obstacle = models.OneToOneField(Obstacle, null=True, on_delete=models.SET_NULL, related_name="faq")
    category = models.ForeignKey(Category, verbose_name="nhóm", on_delete=models.PROTECT, related_name="+")
    question = models.TextField("câu hỏi")
    answer = models.TextField("trả lời")
    published_on = models.DateField("ngày đăng")
    search_text = models.TextField(editable=False, default="")

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = "hỏi - đáp"
        verbose_name_plural = "hỏi - đáp"
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return self.question[:80]
