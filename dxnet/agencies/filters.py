
from dxnet.core.filters import DatedSearchFilterSet, IdFilter
from dxnet.geo.filters import ProvinceFilter

from .models import Agency


class AgencyFilterSet(DatedSearchFilterSet):
    province = ProvinceFilter("admin_unit__path")
    parent = IdFilter(label="Cơ quan cấp trên (id)")

    class Meta:
        model = Agency
        fields = ["search", "kind", "province", "parent", "as_of"]
