from rest_framework import viewsets

from dxnet.core.api import StrictModelSerializer

from .filters import AdminUnitFilterSet
from .models import AdminUnit


class AdminUnitSerializer(StrictModelSerializer):
    class Meta:
        model = AdminUnit
        fields = ["id", "code", "name", "kind", "level", "parent", "successor", "valid_from", "valid_to"]

    def to_representation(self, unit):
        data = super().to_representation(unit)
        if getattr(unit, "dated_name", None):  # listed with `as_of`: the name valid on that day
            data["name"] = unit.dated_name
        return data


class AdminUnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Administrative units (provinces, communes) within the caller's territory."""

    serializer_class = AdminUnitSerializer
    filterset_class = AdminUnitFilterSet

    def get_queryset(self):
        return AdminUnit.objects.visible_to(self.request.user).order_by("level", "code", "id")
