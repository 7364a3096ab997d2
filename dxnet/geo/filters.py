import django_filters

from dxnet.core.filters import DatedSearchFilterSet

from .models import AdminUnit


class AdminUnitFilterSet(DatedSearchFilterSet):
    province = django_filters.ModelChoiceFilter(
        label="Tỉnh, thành phố", queryset=AdminUnit.objects.provinces(), method="filter_province",
    )

    class Meta:
        model = AdminUnit
        fields = ["search", "level", "kind", "province", "parent", "as_of"]

    def filter_province(self, queryset, name, value):
        return queryset.filter(path__startswith=value.path)
