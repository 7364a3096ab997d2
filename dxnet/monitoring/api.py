import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from dxnet.core.api import ScopedSerializer, ScopedViewSet, StrictSerializer

from . import open_data, services
from .filters import MilestoneFilterSet
from .models import Milestone


class MilestoneSerializer(ScopedSerializer):
    milestone = serializers.CharField(source="code", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    source = serializers.SerializerMethodField(help_text="Nguồn của mốc ghi nhận tự động (null: nhập tay).")

    class Meta:
        model = Milestone
        fields = ["id", "agency", "agency_name", "kind", "year", "milestone", "achieved_on", "document",
                  "document_date", "issuer", "source"]
        extra_kwargs = {"year": {"required": False}}
        # The service decides about a row already there (a hand entry over a derived one gets its own message).
        validators = []

    def get_source(self, milestone) -> dict | None:
        if not milestone.derived:
            return None
        return {"type": f"{milestone.source_type.app_label}.{milestone.source_type.model}",
                "id": milestone.source_id, "label": milestone.source_label}


class MilestoneViewSet(ScopedViewSet):
    """Milestones the agencies of the caller's scope reached, with the document behind each."""

    model = Milestone
    related = ("agency", "kind", "source_type")
    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilterSet
    create_service = update_service = services.do_record_milestone


class ComplianceQuery(StrictSerializer):
    milestone = serializers.CharField()
    tier = serializers.ChoiceField(choices=sorted(services.TIERS), default="province")
    as_of = serializers.DateField(required=False)
    earliest = serializers.IntegerField(min_value=0, max_value=100, default=5)
    carry = serializers.ChoiceField(choices=list(services.CARRY_RULES), default="none", error_messages={
        "invalid_choice": "Quy tắc kế thừa “{input}” không có; dùng “none”, “any” hoặc “all”."})


class ComplianceView(APIView):
    """x/N of a tier that reached a milestone by `as_of`, the earliest (by date, then name) and the missing."""

    reads_from_replica = True  # dxnet.core.routing: a standby may serve it

    @extend_schema(
        summary="Tỷ lệ đạt mốc theo cấp",
        description="Số đơn vị của một cấp đã đạt mốc tính đến ngày `as_of` trên tổng số, đơn vị đạt sớm nhất và các "
                    "đơn vị còn thiếu.",
        parameters=[OpenApiParameter("milestone", str, required=True,
                                     description="steering-committee, dx-resolution, dx-plan-2022, plan-1690, …"),
                    OpenApiParameter("tier", str, enum=sorted(services.TIERS)),
                    OpenApiParameter("as_of", OpenApiTypes.DATE), OpenApiParameter("earliest", int),
                    OpenApiParameter("carry", str, enum=list(services.CARRY_RULES), default="none",
                                     description=" ".join(f"`{code}`: {rule}"
                                                          for code, rule in services.CARRY_RULES.items()))],
        responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        query = ComplianceQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        try:
            table = services.compliance(data["milestone"], data["tier"], data.get("as_of") or timezone.localdate(),
                                        data["earliest"], carry=data["carry"])
        except ValidationError as error:
            raise serializers.ValidationError({"milestone": error.messages}) from error
        return Response(table.as_dict())


class OpenDataView(APIView):
    """Aggregated figures per province, for anyone (no login): counts only, no personal data."""

    reads_from_replica = True  # dxnet.core.routing: a standby may serve it
    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(summary="Dữ liệu mở theo tỉnh",
                   description="Số liệu tổng hợp theo tỉnh, không cần đăng nhập: chỉ có số đếm, không có dữ liệu cá "
                               "nhân.",
                   parameters=[OpenApiParameter("as_of", OpenApiTypes.DATE)], responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        try:
            day = datetime.date.fromisoformat(request.query_params.get("as_of") or timezone.localdate().isoformat())
        except ValueError:
            raise serializers.ValidationError({"as_of": "Ngày phải có dạng YYYY-MM-DD."}) from None
        rows = open_data.province_figures(day)
        return Response({"as_of": day.isoformat(), "fields": dict(open_data.FIELDS),
                         "national": open_data.national_totals(rows), "provinces": rows,
                         "success_stories": open_data.published_stories()})
