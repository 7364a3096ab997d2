import django_filters

from dxnet.core.filters import ModelChoiceFilter
from dxnet.core.pickers import PickerFilter
from dxnet.core.text import fold
from dxnet.geo.filters import ProvinceFilter

from .models import FocalPoint, JobPosition, Person


class PersonFilterSet(django_filters.FilterSet):
    search = django_filters.CharFilter(label="Tìm theo tên", method="filter_search")
    province = ProvinceFilter("agency__admin_unit__path")
    agency = PickerFilter("co-quan", label="Cơ quan (kể cả đơn vị trực thuộc)", method="filter_agency")
    duty = django_filters.ChoiceFilter(label="Hình thức làm CĐS", method="filter_duty",
                                       choices=[("dedicated", "Chuyên trách"), ("concurrent", "Kiêm nhiệm")])
    job_position = ModelChoiceFilter(label="Vị trí việc làm", queryset=JobPosition.objects.all())

    class Meta:
        model = Person
        fields = ["search", "province", "agency", "duty", "job_position"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(search_name__contains=fold(value))

    def filter_agency(self, queryset, name, value):
        """People of that agency and the units under it."""
        return queryset.filter(agency__path__startswith=value.path) if value else queryset

    def filter_duty(self, queryset, name, value):
        return queryset.filter(duties__kind=value, duties__valid_to__isnull=True).distinct()


class FocalPointFilterSet(django_filters.FilterSet):
    search = django_filters.CharFilter(label="Tìm theo tên", method="filter_search")
    province = ProvinceFilter("agency__admin_unit__path")
    as_of = django_filters.DateFilter(label="Còn hiệu lực tại ngày", method="filter_as_of",
                                      input_formats=["%Y-%m-%d", "%d/%m/%Y"])

    class Meta:
        model = FocalPoint
        fields = ["search", "province", "as_of"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(person__search_name__contains=fold(value))

    def filter_as_of(self, queryset, name, value):
        return queryset.valid_on(value)


class JobPositionFilterSet(django_filters.FilterSet):
    class Meta:
        model = JobPosition
        fields = ["group", "is_active"]
