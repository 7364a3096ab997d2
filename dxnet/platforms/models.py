"""The catalogue of shared digital platforms (national, or of one province) and who in the DX Network uses them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from dxnet.agencies.models import Agency
from dxnet.core.models import TimeBound, TimeBoundQuerySet
from dxnet.core.scoping import ScopedQuerySet, scope_of
from dxnet.geo.models import AdminUnit
from dxnet.network.models import VoluntaryMember
from dxnet.people.models import Person


class SharedPlatformQuerySet(TimeBoundQuerySet):
    """National platforms are read by every signed-in user; a provincial one by its province's users and by
    national bodies (the national administrator, ministries' departments)."""

    def visible_to(self, user):
        scope = scope_of(user)
        if scope.everything or (scope.agency_path is not None and scope.unit_path is None):
            return self
        if scope.nothing:
            return self.none()
        return self.filter(Q(province__isnull=True) | Q(province__path=province_path_of(scope.unit_path)))

    def national(self):
        return self.filter(level=SharedPlatform.Level.NATIONAL)


def province_path_of(unit_path: str) -> str:
    """The province an administrative unit lies in, by its path (provinces are the roots of the tree)."""
    return unit_path.split("/", 1)[0] + "/"


class SharedPlatform(TimeBound):
    """A digital platform or toolkit shared nation-wide (Đề án 1690, target 4) or by one province's agencies.

    Its code never changes (spreadsheets, the API and reference data name it); an ended platform keeps its row
    with `valid_to` as history and stops counting after that day.
    """

    class Level(models.TextChoices):
        NATIONAL = "national", "Quốc gia"
        PROVINCIAL = "provincial", "Cấp tỉnh"

    code = models.SlugField("mã nền tảng", max_length=60, unique=True, editable=False)
    name = models.CharField("tên nền tảng", max_length=300, error_messages={"blank": "Hãy nhập tên nền tảng."})
    address = models.CharField("địa chỉ", max_length=200, blank=True,
                               help_text="Tên miền hoặc địa chỉ web, ví dụ data.gov.vn.")
    level = models.CharField("cấp", max_length=12, choices=Level.choices, default=Level.NATIONAL)
    province = models.ForeignKey(AdminUnit, verbose_name="tỉnh, thành phố", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="shared_platforms",
                                 limit_choices_to={"level": AdminUnit.Level.PROVINCE})
    owner = models.ForeignKey(Agency, verbose_name="cơ quan chủ quản", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="owned_platforms")
    owner_name = models.CharField(
        "cơ quan chủ quản (ngoài danh mục cơ quan)", max_length=300, blank=True,
        help_text="Chỉ điền khi cơ quan chủ quản chưa có trong danh mục cơ quan của hệ thống.")
    source = models.CharField("căn cứ", max_length=300, blank=True)

    objects = SharedPlatformQuerySet.as_manager()

    class Meta:
        verbose_name = "nền tảng số dùng chung"
        verbose_name_plural = "nền tảng số dùng chung"
        ordering = ["name"]
        constraints = [models.CheckConstraint(
            condition=Q(level="national", province__isnull=True) | Q(level="provincial", province__isnull=False),
            name="platform_province_by_level")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        # The monitoring pages drill down from a platform to who uses it; the catalogue entry is `detail_url`.
        return reverse("platforms:usages") + f"?platform={self.pk}"

    @property
    def detail_url(self) -> str:
        return reverse("platforms:platform", args=[self.pk])

    @property
    def owner_shown(self) -> str:
        return self.owner.name if self.owner_id else self.owner_name

    @property
    def is_ended(self) -> bool:
        return self.valid_to is not None and self.valid_to < timezone.localdate()

    def clean(self):
        super().clean()
        errors = {}
        if self.level == self.Level.PROVINCIAL and self.province_id is None:
            errors["province"] = "Nền tảng cấp tỉnh phải ghi rõ tỉnh, thành phố."
        if self.level == self.Level.NATIONAL and self.province_id is not None:
            errors["province"] = "Nền tảng quốc gia không thuộc riêng một tỉnh; bỏ trống tỉnh, thành phố."
        if self.province_id and self.province.level != AdminUnit.Level.PROVINCE:
            errors["province"] = "Chọn một tỉnh, thành phố."
        if (self.level == self.Level.PROVINCIAL and self.province_id and self.owner_id and self.owner.admin_unit_id
                and not self.owner.admin_unit.path.startswith(self.province.path)):
            errors["owner"] = f"Cơ quan chủ quản của nền tảng cấp tỉnh phải thuộc {self.province.name}."
        if errors:
            raise ValidationError(errors)


class PlatformUsageQuerySet(ScopedQuerySet, TimeBoundQuerySet):
    agency_path_lookup = "agency__path"


class PlatformUsage(TimeBound):
    """A network member (a person or a voluntary member) using a shared platform from a day."""

    platform = models.ForeignKey(SharedPlatform, verbose_name="nền tảng", on_delete=models.PROTECT,
                                 related_name="usages")
    agency = models.ForeignKey(Agency, verbose_name="cơ quan", on_delete=models.PROTECT,
                               related_name="platform_usages")
    person = models.ForeignKey(Person, verbose_name="cán bộ", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="platform_usages")
    voluntary_member = models.ForeignKey(VoluntaryMember, verbose_name="thành viên tự nguyện", null=True,
                                         blank=True, on_delete=models.CASCADE, related_name="platform_usages")

    objects = PlatformUsageQuerySet.as_manager()
    personal_data_kind = "platform-usages"  # names a person and their phone (dxnet.core.privacy)

    class Meta:
        verbose_name = "sử dụng nền tảng"
        verbose_name_plural = "sử dụng nền tảng"
        ordering = ["-valid_from", "-id"]
        constraints = [models.CheckConstraint(
            condition=Q(person__isnull=False, voluntary_member__isnull=True)
            | Q(person__isnull=True, voluntary_member__isnull=False), name="usage_of_one_member")]

    def __str__(self) -> str:
        return f"{self.member} — {self.platform}"

    def get_absolute_url(self) -> str:
        return reverse("platforms:usage", args=[self.pk])

    @property
    def member(self):
        return self.person or self.voluntary_member
