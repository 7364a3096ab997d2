import django_filters
from django import forms
from django.utils import timezone

from dxnet.agencies.models import Agency
from dxnet.core.filters import IdFilter, ModelChoiceFilter, YearFilter
from dxnet.core.pickers import PickerFilter
from dxnet.core.text import fold

from .models import BudgetDeclaration, Disbursement, Indicator, IndicatorValue, Plan, Project, Task


class PlanFilterSet(django_filters.FilterSet):
    search = django_filters.CharFilter(label="Tìm theo tên", method="filter_search")
    year = YearFilter(label="Năm", field_name="year")

    class Meta:
        model = Plan
        fields = ["search", "year", "status", "template"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(search_name__contains=fold(value))


class TaskFilterSet(django_filters.FilterSet):
    """Status, overdue, lead, group and year: the same filter on the pages, the API and the exports."""

    search = django_filters.CharFilter(label="Tìm theo tên", method="filter_search")
    # Picked by typing: a province sees thousands of plans, and the agencies leading their tasks.
    plan = PickerFilter("ke-hoach", label="Kế hoạch", field_name="plan")
    status = django_filters.ChoiceFilter(label="Hiện trạng", choices=Task.Status.choices, empty_label="Tất cả")
    overdue = django_filters.BooleanFilter(label="Quá hạn", method="filter_overdue", widget=forms.Select(
        choices=[("", "Tất cả"), ("true", "Quá hạn"), ("false", "Chưa quá hạn")]))
    lead = PickerFilter("chu-tri", label="Cơ quan chủ trì", field_name="lead")
    group = django_filters.CharFilter(label="Nhóm (số thứ tự)", field_name="group__code")
    year = YearFilter(label="Năm kế hoạch", field_name="plan__year")

    class Meta:
        model = Task
        fields = ["search", "plan", "status", "overdue", "lead", "group", "year"]

    @classmethod
    def for_plan(cls, plan, data, queryset, request):
        """The filters of one plan's page: its lead agencies and its groups to choose from."""
        filterset = cls(data, queryset=queryset, request=request)
        filterset.filters.pop("plan")
        filterset.filters.pop("year")
        filterset.filters["lead"] = ModelChoiceFilter(
            label="Cơ quan chủ trì", field_name="lead", empty_label="Tất cả",
            queryset=Agency.objects.filter(led_tasks__plan=plan).distinct().order_by("name"))
        groups = [(g.code, f"{g.code}. {g.title[:60]}") for g in plan.groups.all()]
        filterset.filters["group"] = django_filters.ChoiceFilter(label="Nhóm", field_name="group__code",
                                                                 choices=groups, empty_label="Tất cả")
        return filterset

    def filter_search(self, queryset, name, value):
        return queryset.filter(search_name__contains=fold(value))

    def filter_overdue(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.overdue(today) if value else queryset.not_overdue(today)


UNPRINTABLE_CODE = "Mã chỉ tiêu không được chứa ký tự điều khiển (ví dụ ký tự NUL); hãy nhập lại mã."


class IndicatorCodeField(forms.CharField):
    """An indicator code as typed in a query: printable text only, refused before it reaches the database (a NUL
    byte is a 500 on PostgreSQL), like core's CodeRelatedField."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and not value.isprintable():
            raise forms.ValidationError(UNPRINTABLE_CODE, code="invalid")


class IndicatorCodeFilter(django_filters.CharFilter):
    field_class = IndicatorCodeField


class IndicatorPageFilterForm(forms.Form):
    """The query of the indicator pages (the list and the comparison across provinces)."""

    code = IndicatorCodeField(label="Mã chỉ tiêu")

    def first_error(self) -> str:
        return next(iter(self.errors.values()))[0]


def _covering(prefix: str):
    """Rows of plans covering the year (a plan "2026 - 2030" covers 2028)."""
    def method(queryset, name, value):
        return queryset.filter(**{f"{prefix}year__lte": value, f"{prefix}until_year__gte": value})
    return method


class IndicatorFilterSet(django_filters.FilterSet):
    """Plan, agency (the plan's), year (the plan covers it) and code: the API's filters on indicators."""

    plan = IdFilter(label="Kế hoạch", field_name="plan")
    agency = IdFilter(label="Cơ quan ban hành kế hoạch", field_name="plan__agency")
    year = YearFilter(label="Năm", method="filter_year")
    code = IndicatorCodeFilter(label="Mã chỉ tiêu", field_name="code")

    class Meta:
        model = Indicator
        fields = ["plan", "agency", "year", "code"]

    def filter_year(self, queryset, name, value):
        return _covering("plan__")(queryset, name, value)


class ProjectFilterSet(django_filters.FilterSet):
    plan = IdFilter(label="Kế hoạch", field_name="task__plan")
    agency = IdFilter(label="Cơ quan ban hành kế hoạch", field_name="task__plan__agency")
    year = YearFilter(label="Năm", method="filter_year")

    class Meta:
        model = Project
        fields = ["plan", "agency", "year"]

    def filter_year(self, queryset, name, value):
        return _covering("task__plan__")(queryset, name, value)


class BudgetDeclarationFilterSet(django_filters.FilterSet):
    agency = IdFilter(label="Cơ quan", field_name="agency")
    year = YearFilter(label="Năm", field_name="year")

    class Meta:
        model = BudgetDeclaration
        fields = ["agency", "year"]


class IndicatorValueFilterSet(django_filters.FilterSet):
    """The values export: those of a plan, of a body's plans, of a year's plans, of an indicator code."""

    plan = IdFilter(label="Kế hoạch", field_name="indicator__plan")
    agency = IdFilter(label="Cơ quan ban hành kế hoạch", field_name="indicator__plan__agency")
    year = YearFilter(label="Năm", method="filter_year")
    code = IndicatorCodeFilter(label="Mã chỉ tiêu", field_name="indicator__code")

    class Meta:
        model = IndicatorValue
        fields = ["plan", "agency", "year", "code"]

    def filter_year(self, queryset, name, value):
        return _covering("indicator__plan__")(queryset, name, value)


class DisbursementFilterSet(django_filters.FilterSet):
    plan = IdFilter(label="Kế hoạch", field_name="project__task__plan")
    agency = IdFilter(label="Cơ quan ban hành kế hoạch", field_name="project__task__plan__agency")
    year = YearFilter(label="Năm giải ngân", field_name="year")

    class Meta:
        model = Disbursement
        fields = ["plan", "agency", "year"]
