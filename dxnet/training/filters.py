import django_filters

from dxnet.core.filters import YearFilter
from dxnet.geo.filters import ProvinceFilter

from .models import TrainingRecord


class TrainingRecordFilterSet(django_filters.FilterSet):
    year = YearFilter(label="Năm", field_name="completed_on", lookup_expr="year")
    province = ProvinceFilter("agency__admin_unit__path")

    class Meta:
        model = TrainingRecord
        fields = ["year", "province"]
