import django_filters
from django import forms

from dxnet.agencies.models import Agency
from dxnet.core.filters import ModelChoiceFilter, YearFilter
from dxnet.geo.filters import ProvinceFilter

from .models import StoryArea, SuccessStory


class SuccessStoryFilterSet(django_filters.FilterSet):
    """Area (by code), province, year, published: the same filter on the page, the API and the export."""

    area = django_filters.ModelChoiceFilter(label="Lĩnh vực", queryset=StoryArea.objects.all(), to_field_name="code",
                                            empty_label="Tất cả")
    province = ProvinceFilter("agency__admin_unit__path")
    agency = ModelChoiceFilter(label="Cơ quan", queryset=Agency.objects.all(), widget=forms.HiddenInput)
    year = YearFilter(label="Năm", field_name="date", lookup_expr="year")
    published = django_filters.BooleanFilter(label="Công bố", widget=forms.Select(
        choices=[("", "Tất cả"), ("true", "Đã công bố"), ("false", "Chưa công bố")]))

    class Meta:
        model = SuccessStory
        fields = ["area", "province", "agency", "year", "published"]
