import django_filters
from django.db.models import Q

from .models import Role, User


class UserFilterSet(django_filters.FilterSet):
    search = django_filters.CharFilter(label="Tìm kiếm", method="filter_search")
    role = django_filters.ChoiceFilter(label="Vai trò", choices=Role.choices)

    class Meta:
        model = User
        fields = ["search", "role", "is_active"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(username__icontains=value) | Q(full_name__icontains=value))
