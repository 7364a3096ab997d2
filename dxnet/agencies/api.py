from rest_framework import serializers, viewsets

from .filters import AgencyFilterSet
from .models import Agency


class AgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "code", "name", "kind", "parent", "admin_unit", "successor", "valid_from", "valid_to",
                  "is_dx_lead", "is_network_coordinator"]


class AgencyViewSet(viewsets.ReadOnlyModelViewSet):
    """Agencies in the caller's subtree."""

    serializer_class = AgencySerializer
    filterset_class = AgencyFilterSet

    def get_queryset(self):
        return Agency.objects.visible_to(self.request.user).order_by("path")
