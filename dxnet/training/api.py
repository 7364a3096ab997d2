"""Training API: the course catalogue, plans, sessions with their participants, and the summary per scope."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from dxnet.core.api import ScopedSerializer, ScopedViewSet, StrictModelSerializer, service_errors
from dxnet.core.forms import AsOfField

from . import services
from .access import get_session_for_user
from .filters import CourseFilterSet, TrainingPlanFilterSet, TrainingSessionFilterSet
from .models import Course, TrainingPlan, TrainingRecord, TrainingSession

# The model's bounds say what is wrong, in the form's and the sheet's words: no second, generic message from the
# serializer's own min_value / max_value beside them.
MODEL_BOUNDS_ONLY = {"min_value": None, "max_value": None}


class CourseSerializer(ScopedSerializer):
    is_national = serializers.BooleanField(read_only=True)
    source_shown = serializers.CharField(read_only=True)

    class Meta:
        model = Course
        fields = ["id", "code", "title", "audience", "form", "hours", "provider", "agency", "is_national", "source",
                  "source_shown"]
        extra_kwargs = {"hours": MODEL_BOUNDS_ONLY}


class CourseViewSet(ScopedViewSet):
    """The catalogue: the national open online platform's courses (written by the national administrator) and
    agencies' own courses (written by coordinators and focal points above the agency)."""

    model = Course
    related = ("agency",)
    serializer_class = CourseSerializer
    filterset_class = CourseFilterSet
    create_service = update_service = services.do_save_course


class TrainingPlanSerializer(ScopedSerializer):
    approval = serializers.SerializerMethodField()
    sessions = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = TrainingPlan
        fields = ["id", "agency", "year", "document_number", "document_date", "approved_on", "approval", "sessions"]
        validators = []  # one plan a year per body: the service says it in Vietnamese

    def get_approval(self, plan) -> str:
        """in-time, late, missing or pending: the 30 March rule on today's date."""
        return services.PlanStanding(plan.agency, plan.year, timezone.localdate(), plan).approval


class TrainingPlanViewSet(ScopedViewSet):
    """Yearly training plans of ministries and provinces in the caller's scope (one per body and year)."""

    model = TrainingPlan
    related = ("agency",)
    prefetched = ("sessions",)
    serializer_class = TrainingPlanSerializer
    filterset_class = TrainingPlanFilterSet
    create_service = update_service = services.do_save_plan


class ParticipantSerializer(StrictModelSerializer):
    """A participant as the API writes one: the model's bounds give the form's and the sheet's messages."""

    full_name = serializers.CharField(source="person.full_name", read_only=True)
    has_certificate = serializers.SerializerMethodField()

    class Meta:
        model = TrainingRecord
        fields = ["id", "person", "full_name", "agency", "completed_on", "evaluation", "post_test", "hours",
                  "has_certificate"]
        read_only_fields = fields

    def get_has_certificate(self, record) -> bool:
        return bool(record.certificate)


class ParticipantWriteSerializer(ScopedSerializer):
    class Meta:
        model = TrainingRecord
        fields = ["person", "completed_on", "evaluation", "post_test", "hours"]
        extra_kwargs = {name: MODEL_BOUNDS_ONLY for name in ("evaluation", "post_test", "hours")}


class TrainingSessionSerializer(ScopedSerializer):
    participants = ParticipantSerializer(many=True, read_only=True)

    class Meta:
        model = TrainingSession
        fields = ["id", "plan", "course", "starts_on", "ends_on", "online", "place", "organiser",
                  "planned_participants", "citizens_headcount", "participants"]
        extra_kwargs = {"organiser": {"required": False}, "planned_participants": MODEL_BOUNDS_ONLY,
                        "citizens_headcount": MODEL_BOUNDS_ONLY}


class TrainingSessionViewSet(ScopedViewSet):
    """Sessions of the plans in the caller's scope (or organised by the caller's agency), with participants;
    POST …/participants/ adds one person of the registry with their completion and scores."""

    model = TrainingSession
    related = ("course", "plan")
    prefetched = ("participants__person",)
    serializer_class = TrainingSessionSerializer
    filterset_class = TrainingSessionFilterSet
    create_service = update_service = services.do_save_session

    @extend_schema(summary="Thêm học viên vào lớp", request=ParticipantWriteSerializer,
                   responses={201: ParticipantSerializer})
    @action(detail=True, methods=["post"])
    def participants(self, request, pk=None):
        session = get_session_for_user(request.user, pk, action="change")
        data = ParticipantWriteSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        with service_errors():
            record = services.do_record_training(TrainingRecord(session=session), acting_user=request.user,
                                                 session=session, **data.validated_data)
        return Response(ParticipantSerializer(record).data, status=201)


class TrainingSummaryView(APIView):
    """For the caller's scope on a day: plans approved before 30/3 and carried out before 30/11 per tier (with the
    laggards), DX staff trained in the year and its coverage, and the year's average scores."""

    reads_from_replica = True  # dxnet.core.routing: a standby may serve it

    @extend_schema(summary="Tổng hợp bồi dưỡng, tập huấn",
                   description="Trong phạm vi của tài khoản, tại một ngày: kế hoạch được duyệt trước 30/3 và thực hiện "
                               "trước 30/11 theo cấp (cùng các đơn vị chậm), số cán bộ chuyển đổi số được bồi dưỡng "
                               "trong năm và tỷ lệ, điểm trung bình của năm.",
                   parameters=[OpenApiParameter("as_of", OpenApiTypes.DATE, description="Mặc định hôm nay.")],
                   responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        raw = request.query_params.get("as_of")
        with service_errors():
            try:
                on = AsOfField().clean(raw) if raw else timezone.localdate()
            except ValidationError as error:
                raise ValidationError({"as_of": error.messages}) from None
            return Response(services.summary(request.user, on))
