from django.db import models

from dxnet.core.models import NamedOverTimeQuerySet, SearchNamed, TimeBound, TimeBoundQuerySet
from dxnet.core.scoping import ScopedQuerySet


class AdminUnitQuerySet(ScopedQuerySet, TimeBoundQuerySet, NamedOverTimeQuerySet):
    unit_path_lookup = "path"

    def provinces(self):
        return self.filter(level=AdminUnit.Level.PROVINCE)

    def communes(self):
        return self.filter(level=AdminUnit.Level.COMMUNE)


class AdminUnit(TimeBound):
    """An administrative unit (province or commune) with its official code and time of validity."""

    class Level(models.IntegerChoices):
        PROVINCE = 1, "Cấp tỉnh"
        DISTRICT = 2, "Cấp huyện"
        COMMUNE = 3, "Cấp xã"

    class Kind(models.TextChoices):
        PROVINCE = "province", "Tỉnh"
        MUNICIPALITY = "municipality", "Thành phố trực thuộc trung ương"
        DISTRICT = "district", "Huyện, quận, thị xã, thành phố thuộc tỉnh"
        COMMUNE = "commune", "Xã"
        WARD = "ward", "Phường"
        SPECIAL_ZONE = "special_zone", "Đặc khu"

    key = models.SlugField("mã định danh", max_length=40, unique=True)
    code = models.CharField("mã đơn vị hành chính", max_length=10, db_index=True)
    name = models.CharField("tên", max_length=200)
    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    level = models.PositiveSmallIntegerField("cấp", choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name="trực thuộc", null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    successor = models.ForeignKey(
        "self", verbose_name="đơn vị kế thừa", null=True, blank=True, on_delete=models.PROTECT,
        related_name="predecessors",
    )
    succession_basis = models.CharField("căn cứ sắp xếp", max_length=200, blank=True)
    search_name = models.CharField(max_length=200, db_index=True, editable=False)

    objects = AdminUnitQuerySet.as_manager()

    class Meta:
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"
        ordering = ["level", "code"]

    def __str__(self) -> str:
        return self.name


class AdminUnitName(TimeBound, SearchNamed):
    """A name an administrative unit bore over a period (the current one is also on `AdminUnit.name`)."""

    unit = models.ForeignKey(AdminUnit, verbose_name="đơn vị hành chính", on_delete=models.CASCADE,
                             related_name="names")
    name = models.CharField("tên", max_length=200)
    basis = models.CharField("căn cứ", max_length=300, blank=True)
    search_name = models.CharField(max_length=200, db_index=True, editable=False)

    class Meta:
        verbose_name = "tên theo thời gian"
        verbose_name_plural = "tên theo thời gian"
        ordering = ["unit", "valid_from"]

    def __str__(self) -> str:
        return self.name
