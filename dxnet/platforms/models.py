from django.db import models
from django.db.models import Q
from django.urls import reverse

from dxnet.agencies.models import Agency
from dxnet.core.models import TimeBound, TimeBoundQuerySet
from dxnet.core.scoping import CatalogueQuerySet, ScopedQuerySet
from dxnet.network.models import VoluntaryMember
from dxnet.people.models import Person


class SharedPlatform(models.Model):
    """A nation-wide platform or toolkit the DX Network is to use (Đề án 1690, target 4)."""

    code = models.SlugField("mã nền tảng", max_length=60, unique=True)
    name = models.CharField("tên nền tảng", max_length=300)
    address = models.CharField("địa chỉ", max_length=200, blank=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = "nền tảng số dùng chung"
        verbose_name_plural = "nền tảng số dùng chung"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("platforms:usages") + f"?platform={self.pk}"


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
