import django_filters
from django.db.models import Q
from django.utils import timezone

from dxnet.core.filters import ModelChoiceFilter
from dxnet.geo.filters import ProvinceFilter

from .models import PlatformUsage, SharedPlatform


def visible_platforms(request):
    """The platforms the user may see: another province's own platforms are neither listed nor accepted (an id of
    one answers as an id that does not exist)."""
    if request is None:
        return SharedPlatform.objects.none()
    return SharedPlatform.objects.visible_to(request.user).order_by("name")


class PlatformUsageFilterSet(django_filters.FilterSet):
    platform = ModelChoiceFilter(label="Nền tảng", queryset=visible_platforms, empty_label="Tất cả")
    province = ProvinceFilter("agency__admin_unit__path")

    class Meta:
        model = PlatformUsage
        fields = ["platform", "province"]


class SharedPlatformFilterSet(django_filters.FilterSet):
    """The catalogue by level, province and whether still offered today (ended ones stay as history)."""

    level = django_filters.ChoiceFilter(label="Cấp", choices=SharedPlatform.Level.choices, empty_label="Tất cả")
    province = ProvinceFilter("province__path")
    status = django_filters.ChoiceFilter(label="Tình trạng", empty_label="Tất cả", method="filter_status",
                                         choices=[("current", "Đang sử dụng"), ("ended", "Đã kết thúc")])

    class Meta:
        model = SharedPlatform
        fields = ["level", "province", "status"]

    def filter_status(self, queryset, name, value):
        today = timezone.localdate()
        if value == "ended":
            return queryset.filter(valid_to__lt=today)
        return queryset.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
