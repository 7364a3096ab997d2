from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dxnet.core.api import (
    BoundedPrimaryKeyRelatedField,
    StrictModelSerializer,
    VersionedMixin,
    service_errors,
    versioned_writes,
)

from . import lineage, services
from .access import get_agency_for_user
from .filters import AgencyFilterSet
from .models import Agency


class AgencySerializer(StrictModelSerializer):
    serializer_related_field = BoundedPrimaryKeyRelatedField
    current_name = serializers.CharField(source="name", read_only=True)

    class Meta:
        model = Agency
        fields = ["id", "code", "name", "current_name", "kind", "parent", "admin_unit", "successor", "valid_from",
                  "valid_to",
                  "is_dx_lead", "is_network_coordinator"]
        read_only_fields = ["admin_unit", "successor", "is_network_coordinator"]
        extra_kwargs = {"parent": {"required": True, "allow_null": False}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None:  # code and place in the tree are fixed once created
            self.fields["code"].read_only = True
            self.fields["parent"].read_only = True
        request = self.context.get("request")
        if request is not None and "parent" in self.fields and not self.fields["parent"].read_only:
            self.fields["parent"].queryset = Agency.objects.visible_to(request.user)

    def to_representation(self, agency):
        data = super().to_representation(agency)
        if getattr(agency, "dated_name", None):  # listed with `as_of`: the name valid on that day
            data["name"] = agency.dated_name
        return data

    def create(self, data):
        with service_errors():
            return services.do_create_agency(data.pop("parent"), acting_user=self.context["request"].user, **data)

    def update(self, agency, data):
        with service_errors():
            return services.do_update_agency(agency, acting_user=self.context["request"].user,
                                             seen_version=self.context.get("seen_version"), **data)


class AgencyUpdateSerializer(AgencySerializer):
    """The same agency for PUT/PATCH, where its code and place in the tree are fixed: the schema says so."""

    class Meta(AgencySerializer.Meta):
        read_only_fields = [*AgencySerializer.Meta.read_only_fields, "code", "parent"]
        extra_kwargs = {}


@extend_schema_view(
    create=extend_schema(examples=[OpenApiExample(
        "Thêm đơn vị trực thuộc xã", request_only=True,
        value={"code": "to-cong-nghe-so-xa-coc-leu", "name": "Tổ công nghệ số xã Cốc Lếu", "kind": "other",
               "parent": 2001, "valid_from": "2025-07-01", "is_dx_lead": False})]),
    partial_update=extend_schema(examples=[OpenApiExample(
        "Đổi tên", request_only=True, value={"name": "Tổ chuyển đổi số xã Cốc Lếu"})]),
)
@versioned_writes
class AgencyViewSet(VersionedMixin, viewsets.ModelViewSet):
    """Agencies in the caller's subtree; coordinators add, change and remove them within it."""

    serializer_class = AgencySerializer
    filterset_class = AgencyFilterSet

    def get_queryset(self):
        return Agency.objects.visible_to(self.request.user).order_by("path")

    def get_serializer_class(self):
        return AgencyUpdateSerializer if self.action in ("update", "partial_update") else AgencySerializer

    def get_object(self):
        return get_agency_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(summary="Quá trình sắp xếp của cơ quan",
                   description="Các cơ quan mà cơ quan này kế tục và các cơ quan kế tục nó, kèm ngày và văn bản của "
                               "từng lần sắp xếp; cơ quan ngoài phạm vi của tài khoản chỉ hiện tên.",
                   responses={200: OpenApiTypes.OBJECT})
    @action(detail=True)
    def lineage(self, request, pk=None):
        """The bodies this agency continues and those that continue it, with the day and the act of each link;
        a linked body outside the caller's scope shows its name only."""
        agency = self.get_object()
        visible = set(Agency.objects.visible_to(request.user).values_list("pk", flat=True)
                      .filter(pk__in=[x.pk for x in (*lineage.predecessors(agency), *lineage.successors(agency))]))

        def link(body, item):
            return {"id": body.pk if body.pk in visible else None, "code": body.code, "name": body.name,
                    "valid_from": body.valid_from, "valid_to": body.valid_to,
                    "effective_on": item.effective_on, "basis": item.basis}

        return Response({
            "id": agency.pk, "code": agency.code, "name": agency.name,
            "valid_from": agency.valid_from, "valid_to": agency.valid_to,
            "predecessors": [link(x.predecessor, x) for x in lineage.predecessor_links(agency)],
            "successors": [link(x.successor, x) for x in lineage.successor_links(agency)],
        })

    def perform_destroy(self, agency):
        with service_errors():
            services.do_delete_agency(agency, acting_user=self.request.user)
