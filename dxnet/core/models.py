from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone

from . import chain
from .text import fold


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an audit entry."""


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Nhật ký thay đổi chỉ được ghi thêm.")

    def delete(self):
        raise AppendOnlyError("Nhật ký thay đổi chỉ được ghi thêm.")

    def for_object(self, obj: models.Model) -> "AuditEntryQuerySet":
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))


class AuditEntry(models.Model):
    """One create, update or delete of a domain object: who, when, what changed (old → new)."""

    class Action(models.TextChoices):
        CREATE = "create", "Tạo mới"
        UPDATE = "update", "Cập nhật"
        DELETE = "delete", "Xóa"

    class Via(models.TextChoices):
        WEB = "web", "Giao diện web"
        API = "api", "API"
        CLI = "cli", "Dòng lệnh"
        SYSTEM = "system", "Hệ thống"

    at = models.DateTimeField("thời điểm", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người thực hiện", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    actor_name = models.CharField("tên người thực hiện", max_length=150)
    via = models.CharField("kênh", max_length=10, choices=Via.choices)
    action = models.CharField("thao tác", max_length=10, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField("đối tượng", max_length=300)
    changes = models.JSONField("thay đổi", default=dict)
    # The chain (dxnet.core.chain): the hash of the entry before, and this entry's own over its fields and that.
    # Empty in the database by default: an entry inserted by a historical model is refused by nothing, but reported
    # by `dxnet audit verify` as outside the chain.
    prev_hash = models.CharField("mã băm mục trước", max_length=64, default="", db_default="", editable=False)
    hash = models.CharField("mã băm", max_length=64, default="", db_default="", editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "mục nhật ký thay đổi"
        verbose_name_plural = "nhật ký thay đổi"
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "at"]),
            # An object's version is its newest entry's id (dxnet.core.versioning): without this index PostgreSQL
            # answers max(id) by walking the primary key backwards (275 ms on 3M rows for an object edited long ago).
            models.Index(fields=["content_type", "object_id", "id"], name="audit_object_version_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Nhật ký thay đổi chỉ được ghi thêm.")
        chain.append([self], lambda entries: super(AuditEntry, self).save(*args, **{**kwargs, "force_insert": True}))

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Nhật ký thay đổi chỉ được ghi thêm.")


class AuditChainHead(models.Model):
    """The end of the audit chain (one row): the newest entry's id and hash, locked by the transaction writing the
    next entry (dxnet.core.chain)."""

    last_hash = models.CharField("mã băm mục cuối", max_length=64)
    last_id = models.BigIntegerField("mục cuối", default=0)

    class Meta:
        verbose_name = "đầu chuỗi nhật ký"
        verbose_name_plural = "đầu chuỗi nhật ký"

    def __str__(self) -> str:
        return f"#{self.last_id}"


class ScopeVersion(models.Model):
    """How many audited writes touched one part of the country (a province, a ministry; "" for data of no part):
    figures of that part are cached until it moves (dxnet.core.scopes)."""

    key = models.CharField("phạm vi", max_length=200, primary_key=True)
    version = models.BigIntegerField("phiên bản", default=0)

    class Meta:
        verbose_name = "phiên bản dữ liệu theo phạm vi"
        verbose_name_plural = "phiên bản dữ liệu theo phạm vi"

    def __str__(self) -> str:
        return f"{self.key or '(toàn quốc)'}: {self.version}"


def in_force(day) -> models.Q:
    """Rows in force on `day` (an open bound means "since ever" or "still")."""
    return ((models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day))
            & (models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day)))


class TimeBoundQuerySet(models.QuerySet):
    def valid_on(self, day):
        """Rows in force on `day`."""
        return self.filter(in_force(day))


class NamedOverTimeQuerySet(models.QuerySet):
    """Rows whose name changed over time: `names_relation` holds dated names (name, search_name, valid_from,
    valid_to); the row's own `name` is today's and stands for any day no dated name covers."""

    names_relation = "names"

    def named_on(self, day):
        """Annotate `dated_name` and `dated_search_name`: the name valid on `day`."""
        relation = self.model._meta.get_field(self.names_relation)
        names = relation.related_model.objects.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day),
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day),
            **{relation.field.name: models.OuterRef("pk")},
        ).order_by("-valid_from")
        return self.annotate(
            dated_name=Coalesce(models.Subquery(names.values("name")[:1]), models.F("name")),
            dated_search_name=Coalesce(models.Subquery(names.values("search_name")[:1]),
                                                        models.F("search_name")),
        )


def check_period(valid_from, valid_to) -> None:
    """A period ends on or after the day it starts (every in-force record, whatever the door)."""
    if valid_from and valid_to and valid_to < valid_from:
        raise ValidationError({"valid_to": "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."})


class TimeBound(models.Model):
    """Something in force between two dates; an empty bound is open."""

    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        check_period(self.valid_from, self.valid_to)

    def in_force_on(self, day) -> bool:
        """As `valid_on(day)` tells of rows."""
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


class SearchNamed(models.Model):
    """A row found by its name whatever the diacritics and case: `search_name` follows `search_source` on save.

    Bulk writes (`reference.upsert`) set it the same way, through `search_text_of`.
    """

    search_source = "name"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.search_name = self.search_text_of(getattr(self, self.search_source))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and self.search_source in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)

    @classmethod
    def search_text_of(cls, text: str) -> str:
        return fold(text)


class OwnQuerySet(models.QuerySet):
    """Rows a person made (their imports, their exports): theirs alone, and the national administrators'."""

    def visible_to(self, user):
        return self if getattr(user, "sees_everything", False) else self.filter(actor=user)


class AccessLogQuerySet(models.QuerySet):
    """Append-only, like the audit; a reviewer sees the reads of the users of their subtree, others their own."""

    def update(self, **kwargs):
        raise AppendOnlyError("Nhật ký truy cập dữ liệu cá nhân chỉ được ghi thêm.")

    def delete(self):
        raise AppendOnlyError("Nhật ký truy cập dữ liệu cá nhân chỉ được ghi thêm.")

    def visible_to(self, user):
        if getattr(user, "sees_everything", False):
            return self
        agency = getattr(user, "agency", None)
        if getattr(user, "can_review_access_log", False) and agency is not None:
            return self.filter(actor_path__startswith=agency.path)
        return self.filter(actor=user) if getattr(user, "pk", None) else self.none()


class AccessLog(models.Model):
    """A read of personal data in bulk (Nghị định 13/2023/NĐ-CP): a long list page, a long API page or an
    export — who, when, what kind, how many rows, with which filters, through which channel."""

    class Channel(models.TextChoices):
        WEB = "web", "Trang web"
        API = "api", "API"
        EXPORT = "export", "Xuất Excel"

    at = models.DateTimeField("thời điểm", default=timezone.now, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người truy cập", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField("tên đăng nhập", max_length=150)
    # The actor's agency when they read: a coordinator reviews the reads made in their subtree.
    actor_path = models.CharField("đơn vị của người truy cập", max_length=400, blank=True, db_index=True)
    kind = models.CharField("loại dữ liệu", max_length=40)
    channel = models.CharField("kênh", max_length=10, choices=Channel.choices, default=Channel.EXPORT)
    filters = models.JSONField("bộ lọc", default=dict)
    row_count = models.PositiveIntegerField("số dòng")

    objects = AccessLogQuerySet.as_manager()
    # It names who searched for whom: reading it in bulk, or exporting it, is logged like any personal data.
    personal_data_kind = "access-log"

    class Meta:
        verbose_name = "lần truy cập dữ liệu cá nhân"
        verbose_name_plural = "nhật ký truy cập dữ liệu cá nhân"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.actor_name} · {self.kind} · {self.row_count}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Nhật ký truy cập dữ liệu cá nhân chỉ được ghi thêm.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Nhật ký truy cập dữ liệu cá nhân chỉ được ghi thêm.")

    @property
    def filters_text(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.filters.items())

    @property
    def at_shown(self) -> str:
        return timezone.localtime(self.at).strftime("%d/%m/%Y %H:%M")

    def get_kind_display(self) -> str:
        from .privacy import personal_data_kinds

        return dict(personal_data_kinds()).get(self.kind, self.kind)


class ImportJob(models.Model):
    """One upload of a spreadsheet: its progress, and the result or the errors row by row."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Đang chờ xử lý"
        RUNNING = "running", "Đang kiểm tra và nhập"
        SUCCEEDED = "succeeded", "Đã nhập xong"
        FAILED = "failed", "Có lỗi, chưa nhập dòng nào"

    kind = models.CharField("loại dữ liệu", max_length=40)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người nhập", null=True,
                              on_delete=models.PROTECT, related_name="+")
    via = models.CharField(max_length=10, default="web")
    # Removed once the job is done or refused; kept while it may still run (queued, or interrupted and retried).
    file = models.FileField("tệp", upload_to="imports/%Y/%m/", blank=True)
    file_name = models.CharField("tên tệp", max_length=255)
    background = models.BooleanField("chạy nền", default=False)
    runner = models.CharField("tiến trình đang chạy", max_length=100, blank=True)  # host:pid
    heartbeat_at = models.DateTimeField("lần báo hiệu cuối", null=True, blank=True)
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField("số dòng", default=0)
    processed_rows = models.PositiveIntegerField("đã kiểm tra", default=0)
    created_count = models.PositiveIntegerField("thêm mới", default=0)
    updated_count = models.PositiveIntegerField("cập nhật", default=0)
    errors = models.JSONField("lỗi", default=list)
    warnings = models.JSONField("lưu ý", default=list)
    annotated = models.FileField("tệp đánh dấu lỗi", upload_to="imports/%Y/%m/", blank=True)
    created_at = models.DateTimeField("lúc tải lên", default=timezone.now)
    finished_at = models.DateTimeField("lúc xong", null=True, blank=True)

    objects = OwnQuerySet.as_manager()

    class Meta:
        verbose_name = "lần nhập dữ liệu"
        verbose_name_plural = "các lần nhập dữ liệu"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def can_retry(self) -> bool:
        """Interrupted (the worker died, the server restarted), not refused: the file is still there to read."""
        return self.status == self.Status.FAILED and bool(self.file)

    @property
    def percent(self) -> int:
        if self.status in (self.Status.SUCCEEDED, self.Status.FAILED):
            return 100
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0


class WorkerHeartbeat(models.Model):
    """A background worker process (host:pid) and when it last went round its loop; `/readyz` reads it."""

    worker = models.CharField("tiến trình chạy nền", max_length=100, primary_key=True)
    seen_at = models.DateTimeField("lần báo hiệu cuối", default=timezone.now)

    class Meta:
        verbose_name = "tiến trình chạy nền"
        verbose_name_plural = "các tiến trình chạy nền"

    def __str__(self) -> str:
        return self.worker
