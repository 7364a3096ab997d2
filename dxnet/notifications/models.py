from django.conf import settings
from django.db import models


class Kind(models.TextChoices):
    OBSTACLE_RAISED = "obstacle_raised", "Vướng mắc gửi đến cơ quan tôi"
    OBSTACLE_ANSWERED = "obstacle_answered", "Vướng mắc đã được trả lời"
    OBSTACLE_ESCALATED = "obstacle_escalated", "Vướng mắc được chuyển lên cấp trên"
    OBSTACLE_OVERDUE = "obstacle_overdue", "Vướng mắc quá hạn xử lý"
    MEETING_SCHEDULED = "meeting_scheduled", "Cuộc họp Ban Chỉ đạo có tôi là thành viên"
    CONCLUSION_ASSIGNED = "conclusion_assigned", "Kết luận của Ban Chỉ đạo giao cơ quan tôi"
    INSPECTION_FOLLOWUP = "inspection_followup", "Kiến nghị sau kiểm tra giao cơ quan tôi"
    TASK_DUE_SOON = "task_due_soon", "Nhiệm vụ sắp đến hạn (7 ngày)"
    TASK_OVERDUE = "task_overdue", "Nhiệm vụ quá hạn"
    ROUND_OPENED = "round_opened", "Đợt báo cáo mở"
    ROUND_DUE = "round_due", "Báo cáo sắp đến hạn hoặc quá hạn"
    ROUND_RETURNED = "round_returned", "Báo cáo bị trả lại"


class NotificationQuerySet(models.QuerySet):
    """Notifications are personal: a user sees only their own, whatever their role."""

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A notice to one user (in the app, and by e-mail if they chose so): something they should look at."""

    Kind = Kind

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người nhận", on_delete=models.CASCADE,
                             related_name="notifications")
    kind = models.CharField("loại thông báo", max_length=30, choices=Kind.choices)
    title = models.CharField("tiêu đề", max_length=300)
    body = models.TextField("nội dung", blank=True)
    url = models.CharField("đường dẫn", max_length=500, blank=True)
    created_at = models.DateTimeField("thời điểm", auto_now_add=True)
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)
    # Idempotency: the same notice (source, event, day, recipient) is never created twice.
    key = models.CharField("khóa", max_length=200, unique=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-created_at", "-id"]
        indexes = [
            # The bell: unread count of one user, on every page.
            models.Index(fields=["user", "read_at"], name="notification_user_unread"),
            models.Index(fields=["user", "-created_at"], name="notification_user_recent"),
        ]

    def __str__(self) -> str:
        return self.title


class EmailPreference(models.Model):
    """Whether a user receives a kind of notice by e-mail too; no row means the default for the kind."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences")
    kind = models.CharField("loại thông báo", max_length=30, choices=Kind.choices)
    email = models.BooleanField("gửi e-mail", default=True)

    class Meta:
        verbose_name = "lựa chọn nhận e-mail"
        verbose_name_plural = "lựa chọn nhận e-mail"
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_email_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()}"
