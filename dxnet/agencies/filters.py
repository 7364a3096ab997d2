import django_filters

from dxnet.core.filters import DatedSearchFilterSet, ProvinceFilter

from .models import Agency


class AgencyFilterSet(DatedSearchFilterSet):
    province = ProvinceFilter("admin_unit__path")
    parent = django_filters.NumberFilter(label="Cơ quan cấp trên (id)")

    class Meta:
        model = Agency
        fields = ["search", "kind", "province", "parent", "as_of"]
