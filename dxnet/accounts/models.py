from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models

from dxnet.core.scoping import ScopedQuerySet


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", "Quản trị quốc gia"
    COORDINATOR = "coordinator", "Điều phối"
    FOCAL_POINT = "focal_point", "Đầu mối chuyển đổi số"
    TEAM_LEADER = "team_leader", "Tổ trưởng Tổ công nghệ số cộng đồng"
    MEMBER = "member", "Thành viên"
    VIEWER = "viewer", "Chỉ xem"


class UserQuerySet(ScopedQuerySet):
    agency_path_lookup = "agency__path"


class ScopedUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A person who signs in: bound to one agency, whose subtree is their scope, and one role."""

    full_name = models.CharField("họ và tên", max_length=150, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="cơ quan", null=True, blank=True, on_delete=models.PROTECT,
        related_name="users",
    )
    role = models.CharField("vai trò", max_length=20, choices=Role.choices, default=Role.VIEWER)
    # Activity through the API, for the inactivity rule: written at most once an hour (not a write per request).
    last_token_use = models.DateTimeField("lần dùng mã truy cập API gần nhất", null=True, blank=True, editable=False)

    objects = ScopedUserManager()
    # Recorded in the audit as changed, never with a value (dxnet.core.privacy).
    secret_fields = frozenset({"password"})

    class Meta:
        verbose_name = "tài khoản"
        verbose_name_plural = "tài khoản"
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def sees_everything(self) -> bool:
        return self.role == Role.NATIONAL_ADMIN

    @property
    def can_manage_agencies(self) -> bool:
        return self.role in (Role.NATIONAL_ADMIN, Role.COORDINATOR)

    @property
    def can_manage_registry(self) -> bool:
        """People, focal points, network members, villages and teams."""
        return self.role in (Role.NATIONAL_ADMIN, Role.COORDINATOR, Role.FOCAL_POINT)

    @property
    def can_record_team_work(self) -> bool:
        """Team members and activities: also the team leaders."""
        return self.can_manage_registry or self.role == Role.TEAM_LEADER

    @property
    def can_manage_plans(self) -> bool:
        """Create plans, settle their agencies and issue them; reporting on tasks is `can_manage_registry`."""
        return self.role in (Role.NATIONAL_ADMIN, Role.COORDINATOR)

    @property
    def can_manage_users(self) -> bool:
        return self.role in (Role.NATIONAL_ADMIN, Role.COORDINATOR)

    @property
    def sees_contacts(self) -> bool:
        """Full phone numbers; a viewer sees them masked (Nghị định 13/2023/NĐ-CP)."""
        return self.role != Role.VIEWER

    @property
    def can_review_access_log(self) -> bool:
        """The access log: everything for the national administrator, their subtree's users for a coordinator."""
        return self.role in (Role.NATIONAL_ADMIN, Role.COORDINATOR)
