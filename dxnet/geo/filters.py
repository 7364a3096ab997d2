
from dxnet.core.filters import DatedSearchFilterSet, IdFilter, ProvinceFilter

from .models import AdminUnit


class AdminUnitFilterSet(DatedSearchFilterSet):
    province = ProvinceFilter("path")
    parent = IdFilter(label="Đơn vị cấp trên (id)")

    class Meta:
        model = AdminUnit
        fields = ["search", "level", "kind", "province", "parent", "as_of"]
