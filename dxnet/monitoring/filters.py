import django_filters
from django import forms

from dxnet.core.filters import ModelChoiceFilter, YearFilter
from dxnet.geo.filters import ProvinceFilter

from .models import Milestone, MilestoneKind
from .services import TIERS


class MilestoneFilterSet(django_filters.FilterSet):
    kind = ModelChoiceFilter(label="Mốc", queryset=MilestoneKind.objects.all(), empty_label="Tất cả")
    year = YearFilter(label="Năm")
    tier = django_filters.ChoiceFilter(label="Cấp", method="filter_tier", empty_label="Tất cả",
                                       choices=[(code, tier.label) for code, tier in TIERS.items()])
    province = ProvinceFilter("agency__admin_unit__path")
    as_of = django_filters.DateFilter(label="Đạt đến ngày", field_name="achieved_on", lookup_expr="lte",
                                      widget=forms.DateInput(attrs={"type": "date"}),
                                      input_formats=["%Y-%m-%d", "%d/%m/%Y"])

    class Meta:
        model = Milestone
        fields = ["kind", "year", "tier", "province", "as_of"]

    def filter_tier(self, queryset, name, value):
        return queryset.filter(agency__kind__in=TIERS[value].kinds)
