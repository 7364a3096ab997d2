"""Filters shared by every list page, API endpoint and export."""

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .text import fold


@extend_schema_field(OpenApiTypes.INT)
class ProvinceFilter(django_filters.ModelChoiceFilter):
    """Rows in a province (by its id), current or former, through the unit path at `unit_path`."""

    def __init__(self, unit_path: str, **kwargs):
        from dxnet.geo.models import AdminUnit

        self.unit_path = unit_path
        super().__init__(label="Tỉnh, thành phố", queryset=AdminUnit.objects.provinces(),
                         empty_label="Tất cả", **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.unit_path}__startswith": value.path})


class DatedSearchFilterSet(django_filters.FilterSet):
    """`search` ignores diacritics and case; `as_of` keeps what was in force on that day."""

    search = django_filters.CharFilter(label="Tìm kiếm", method="filter_search")
    as_of = django_filters.DateFilter(label="Tại ngày", method="filter_as_of",
                                      input_formats=["%Y-%m-%d", "%d/%m/%Y"])

    def filter_search(self, queryset, name, value):
        return queryset.filter(search_name__contains=fold(value))

    def filter_as_of(self, queryset, name, value):
        return queryset.valid_on(value)
