from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers

from dxnet.core.api import ScopedSerializer, ScopedViewSet

from . import services
from .filters import FocalPointFilterSet, PersonFilterSet
from .models import FocalPoint, Person


class PersonSerializer(ScopedSerializer):
    national_id_masked = serializers.CharField(source="masked_national_id", read_only=True)

    class Meta:
        model = Person
        fields = ["id", "agency", "full_name", "gender", "position", "phone", "email", "national_id",
                  "job_position", "national_id_masked"]
        extra_kwargs = {"national_id": {"write_only": True}}


@extend_schema_view(create=extend_schema(examples=[OpenApiExample(
    "Thêm cán bộ làm chuyển đổi số", request_only=True,
    value={"agency": 2001, "full_name": "Lò Văn An", "gender": "male", "position": "Công chức văn hóa - xã hội",
           "phone": "0912345678", "email": "lovanan@laocai.gov.vn"})]))
class PersonViewSet(ScopedViewSet):
    """DX staff in the caller's scope; the national ID is write-only and shown masked."""

    model = Person
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet
    create_service = update_service = services.do_save_person


def _designate(focal_point, *, acting_user, agency, person, **fields):
    return services.do_designate_focal_point(agency, person, acting_user=acting_user, **fields)


class FocalPointSerializer(ScopedSerializer):
    class Meta:
        model = FocalPoint
        fields = ["id", "agency", "person", "decision_number", "decision_date", "valid_from", "valid_to"]


class FocalPointViewSet(ScopedViewSet):
    """Focal-point designations; `valid_to` is the last day of the designation."""

    model = FocalPoint
    serializer_class = FocalPointSerializer
    filterset_class = FocalPointFilterSet
    create_service = _designate
    update_service = services.do_update_focal_point
