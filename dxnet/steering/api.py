from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from dxnet.agencies.models import Agency
from dxnet.core.api import (
    BoundedPrimaryKeyRelatedField,
    ScopedSerializer,
    ScopedViewSet,
    StrictModelSerializer,
    service_errors,
)

from . import services
from .access import get_meeting_for_user
from .models import Attendance, CommitteeMember, Conclusion, ConclusionItem, Meeting, SteeringCommittee


class CommitteeMemberSerializer(StrictModelSerializer):
    full_name = serializers.CharField(source="person.full_name", read_only=True)
    agency = serializers.IntegerField(source="person.agency_id", read_only=True)

    class Meta:
        model = CommitteeMember
        fields = ["id", "person", "full_name", "agency", "role", "is_agency_head"]


class SteeringCommitteeSerializer(ScopedSerializer):
    members = CommitteeMemberSerializer(many=True, read_only=True)

    class Meta:
        model = SteeringCommittee
        fields = ["id", "agency", "name", "decision_number", "decision_date", "chair", "valid_from", "valid_to",
                  "members"]


def _establish(committee, *, acting_user, **fields):
    if committee.pk:
        return services.do_save_committee(committee, acting_user=acting_user, **fields)
    return services.do_establish_committee(committee, acting_user=acting_user, **fields)


class SteeringCommitteeViewSet(ScopedViewSet):
    """Steering committees (BCĐ CĐS) of ministries, provinces and the nation in the caller's scope; establishing
    one records its agency's milestone “steering-committee”."""

    model = SteeringCommittee
    related = ("agency",)
    prefetched = ("members__person",)
    serializer_class = SteeringCommitteeSerializer
    create_service = update_service = _establish


class SteeringComplianceView(APIView):
    """Per province or ministry: did its committee meet with heads of agencies in the quarter (seed 000)."""

    reads_from_replica = True  # dxnet.core.routing: a standby may serve it

    @extend_schema(summary="Tình hình họp Ban Chỉ đạo theo quý", description=(
        "Theo tỉnh hoặc bộ: Ban Chỉ đạo đã họp với người đứng đầu các cơ quan trong quý hay chưa."), parameters=[
        OpenApiParameter("tier", str, enum=list(services.TIERS), required=True),
        OpenApiParameter("quarter", str, description="Quý, dạng 2026Q3; mặc định quý vừa kết thúc.")],
        responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        with service_errors():
            tier = services.check_tier(request.query_params.get("tier", ""))
            raw = request.query_params.get("quarter")
            quarter = services.last_quarter() if raw is None else services.parse_quarter(raw)
            table = services.compliance(request.user, tier=tier, quarter=quarter)
        return Response({
            "tier": tier, "quarter": str(quarter), "complying": table.complying, "total": table.total,
            "rows": [{"agency": agency.pk, "name": agency.name, "committee": record.committee.pk if record else None,
                      "met": bool(record and record.met), "meetings": len(record.meetings) if record else 0,
                      "heads_rate": record.heads_rate if record else None,
                      "complies": bool(record and record.complies)} for agency, record in table.rows],
            "laggards": [agency.pk for agency, _ in table.laggards],
        })


class AttendanceSerializer(StrictModelSerializer):
    member = serializers.PrimaryKeyRelatedField(queryset=CommitteeMember.objects.all())
    head_attended = serializers.BooleanField(read_only=True)

    class Meta:
        model = Attendance
        fields = ["member", "status", "delegate", "head_attended"]
        validators = []


class ConclusionItemSerializer(StrictModelSerializer):
    lead = BoundedPrimaryKeyRelatedField(queryset=Agency.objects.all())

    class Meta:
        model = ConclusionItem
        fields = ["id", "text", "lead", "deadline_text", "task"]
        read_only_fields = ["task"]


class ConclusionSerializer(StrictModelSerializer):
    items = ConclusionItemSerializer(many=True)

    class Meta:
        model = Conclusion
        fields = ["id", "number", "date", "text", "items"]


class MeetingSerializer(ScopedSerializer):
    attendance = AttendanceSerializer(many=True, required=False)
    conclusions = ConclusionSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "committee", "date", "kind", "agenda", "attendance", "conclusions"]


def _schedule(meeting, *, acting_user, **fields):
    return services.do_schedule_meeting(meeting, acting_user=acting_user, **fields)


class MeetingViewSet(ScopedViewSet):
    """Meetings of the committees in the caller's scope, with attendance and conclusions; POST schedules one."""

    model = Meeting
    related = ("committee",)
    prefetched = ("attendance__member", "conclusions__items")
    serializer_class = MeetingSerializer
    http_method_names = ["get", "post", "head", "options"]
    create_service = _schedule

    @extend_schema(summary="Thêm thông báo kết luận phiên họp",
                   description="Mỗi mục kết luận thành một nhiệm vụ trong kế hoạch năm của cơ quan.",
                   request=ConclusionSerializer, responses={201: ConclusionSerializer})
    @action(detail=True, methods=["post"])
    def conclusions(self, request, pk=None):
        """A notice of conclusions: its items become tasks of the agency's plan for the year."""
        meeting = get_meeting_for_user(request.user, pk, action="change")
        data = ConclusionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with service_errors():
            conclusion = services.do_record_conclusions(meeting, acting_user=request.user, **data.validated_data)
        return Response(ConclusionSerializer(conclusion).data, status=201)

