import django_filters

from dxnet.core.filters import DatedSearchFilterSet, ProvinceFilter

from .models import AdminUnit


class AdminUnitFilterSet(DatedSearchFilterSet):
    province = ProvinceFilter("path")
    parent = django_filters.NumberFilter(label="Đơn vị cấp trên (id)")

    class Meta:
        model = AdminUnit
        fields = ["search", "level", "kind", "province", "parent", "as_of"]
