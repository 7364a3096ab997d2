"""One filter set per model, reused by the page, the API and the Excel export."""

import django_filters

from dxnet.core.filters import IdFilter, YearFilter
from dxnet.geo.filters import ProvinceFilter

from .models import Course, TrainingPlan, TrainingRecord, TrainingSession


class TrainingRecordFilterSet(django_filters.FilterSet):
    year = YearFilter(label="Năm", field_name="completed_on", lookup_expr="year")
    province = ProvinceFilter("agency__admin_unit__path")
    session = IdFilter(label="Lớp", field_name="session")
    course = django_filters.CharFilter(label="Khóa", method="filter_named")
    provider = django_filters.CharFilter(label="Đơn vị tổ chức", method="filter_named")

    class Meta:
        model = TrainingRecord
        fields = ["year", "province", "session", "course", "provider"]

    def filter_named(self, queryset, name, value):
        """By the name shown: a session's course (or its provider) as the catalogue has it, else what was typed."""
        return queryset.with_names().filter(**{f"{name}_name__iexact": value})


class CourseFilterSet(django_filters.FilterSet):
    audience = django_filters.ChoiceFilter(label="Đối tượng", choices=Course.Audience.choices, empty_label="Tất cả")
    form = django_filters.ChoiceFilter(label="Hình thức", choices=Course.Form.choices, empty_label="Tất cả")
    national = django_filters.BooleanFilter(label="Danh mục quốc gia", field_name="agency", lookup_expr="isnull")
    search = django_filters.CharFilter(label="Tìm tên khóa", field_name="title", lookup_expr="icontains")

    class Meta:
        model = Course
        fields = ["audience", "form", "national", "search"]


class TrainingPlanFilterSet(django_filters.FilterSet):
    year = YearFilter(label="Năm", field_name="year")
    province = ProvinceFilter("agency__admin_unit__path")

    class Meta:
        model = TrainingPlan
        fields = ["year", "province"]


class TrainingSessionFilterSet(django_filters.FilterSet):
    plan = IdFilter(label="Kế hoạch", field_name="plan")
    year = YearFilter(label="Năm", field_name="starts_on", lookup_expr="year")

    class Meta:
        model = TrainingSession
        fields = ["plan", "year"]
