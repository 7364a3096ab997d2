import django_filters

from dxnet.core.filters import ModelChoiceFilter
from dxnet.geo.filters import ProvinceFilter

from .models import PlatformUsage, SharedPlatform


class PlatformUsageFilterSet(django_filters.FilterSet):
    platform = ModelChoiceFilter(label="Nền tảng", queryset=SharedPlatform.objects.all(),
                                                empty_label="Tất cả")
    province = ProvinceFilter("agency__admin_unit__path")

    class Meta:
        model = PlatformUsage
        fields = ["platform", "province"]
