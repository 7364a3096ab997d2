
from dxnet.core.filters import DatedSearchFilterSet
from dxnet.core.pickers import PickerFilter
from dxnet.geo.filters import ProvinceFilter

from .models import Agency


class AgencyFilterSet(DatedSearchFilterSet):
    province = ProvinceFilter("admin_unit__path")
    parent = PickerFilter("co-quan", label="Cơ quan cấp trên")

    class Meta:
        model = Agency
        fields = ["search", "kind", "province", "parent", "as_of"]
