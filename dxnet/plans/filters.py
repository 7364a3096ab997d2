import django_filters
from django.utils import timezone

from dxnet.core.text import fold

from .models import Plan, Task


class PlanFilterSet(django_filters.FilterSet):
    search = django_filters.CharFilter(label="Tìm theo tên", method="filter_search")
    year = django_filters.NumberFilter(label="Năm", field_name="year")

    class Meta:
        model = Plan
        fields = ["search", "year", "status", "template"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(search_name__contains=fold(value))


class TaskFilterSet(django_filters.FilterSet):
    """Status, overdue, lead, group and year: the same filter on the pages, the API and the exports."""

    search = django_filters.CharFilter(label="Tìm theo tên", method="filter_search")
    plan = django_filters.NumberFilter(label="Kế hoạch (id)", field_name="plan")
    status = django_filters.ChoiceFilter(label="Hiện trạng", choices=Task.Status.choices, empty_label="Tất cả")
    overdue = django_filters.BooleanFilter(label="Quá hạn", method="filter_overdue")
    lead = django_filters.NumberFilter(label="Cơ quan chủ trì (id)", field_name="lead")
    group = django_filters.CharFilter(label="Nhóm (số thứ tự)", field_name="group__code")
    year = django_filters.NumberFilter(label="Năm kế hoạch", field_name="plan__year")

    class Meta:
        model = Task
        fields = ["search", "plan", "status", "overdue", "lead", "group", "year"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(search_name__contains=fold(value))

    def filter_overdue(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.overdue(today) if value else queryset.not_overdue(today)
