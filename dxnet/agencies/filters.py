import django_filters

from dxnet.core.filters import DatedSearchFilterSet
from dxnet.geo.models import AdminUnit

from .models import Agency


class AgencyFilterSet(DatedSearchFilterSet):
    province = django_filters.ModelChoiceFilter(
        label="Tỉnh, thành phố", queryset=AdminUnit.objects.provinces(), method="filter_province",
    )
    parent = django_filters.NumberFilter(label="Cơ quan cấp trên (id)")

    class Meta:
        model = Agency
        fields = ["search", "kind", "province", "parent", "as_of"]

    def filter_province(self, queryset, name, value):
        return queryset.filter(admin_unit__path__startswith=value.path)
