import django_filters
from django import forms
from django.utils import timezone

from dxnet.agencies.models import Agency
from dxnet.core.filters import ModelChoiceFilter
from dxnet.core.text import fold

from .models import Category, FaqEntry, Level, Obstacle


def handlers(request):
    """The bodies that handle an obstacle the user sees: a short list, and none outside the user's view."""
    if request is None:
        return Agency.objects.none()
    return Agency.objects.filter(pk__in=Obstacle.objects.visible_to(request.user).values("handler")).order_by("name")


class ObstacleFilterSet(django_filters.FilterSet):
    """Status, category, handler, level, overdue, beyond authority: the same filter on the page and the API."""

    status = django_filters.ChoiceFilter(label="Trạng thái", choices=Obstacle.Status.choices, empty_label="Tất cả")
    category = django_filters.ModelChoiceFilter(label="Nhóm", queryset=Category.objects.all(), to_field_name="code",
                                                empty_label="Tất cả")
    handler = ModelChoiceFilter(label="Cơ quan xử lý", field_name="handler", empty_label="Tất cả", queryset=handlers)
    level = django_filters.ChoiceFilter(label="Cấp xử lý", choices=Level.choices, empty_label="Tất cả")
    overdue = django_filters.BooleanFilter(label="Quá hạn", method="filter_overdue", widget=forms.Select(
        choices=[("", "Tất cả"), ("true", "Quá hạn"), ("false", "Chưa quá hạn")]))
    beyond_authority = django_filters.BooleanFilter(label="Vượt thẩm quyền", widget=forms.Select(
        choices=[("", "Tất cả"), ("true", "Vượt thẩm quyền"), ("false", "Không")]))

    class Meta:
        model = Obstacle
        fields = ["status", "category", "handler", "level", "overdue", "beyond_authority"]

    def filter_overdue(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.overdue(today) if value else queryset.not_overdue(today)


class FaqFilterSet(django_filters.FilterSet):
    search = django_filters.CharFilter(label="Tìm", method="filter_search")
    category = django_filters.ModelChoiceFilter(label="Nhóm", queryset=Category.objects.all(), to_field_name="code",
                                                empty_label="Tất cả")

    class Meta:
        model = FaqEntry
        fields = ["search", "category"]

    def filter_search(self, queryset, name, value):
        for word in fold(value).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset
