"""Filters shared by every list page, API endpoint and export."""

import django_filters

from .text import fold


class DatedSearchFilterSet(django_filters.FilterSet):
    """`search` ignores diacritics and case; `as_of` keeps what was in force on that day."""

    search = django_filters.CharFilter(label="Tìm kiếm", method="filter_search")
    as_of = django_filters.DateFilter(label="Tại ngày", method="filter_as_of",
                                      input_formats=["%Y-%m-%d", "%d/%m/%Y"])

    def filter_search(self, queryset, name, value):
        for word in fold(value).split():
            queryset = queryset.filter(search_name__contains=word)
        return queryset

    def filter_as_of(self, queryset, name, value):
        return queryset.valid_on(value)
