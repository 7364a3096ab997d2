from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from dxnet.agencies.models import Agency
from dxnet.core.api import (
    BoundedPrimaryKeyRelatedField,
    ScopedReadOnlyViewSet,
    ScopedSerializer,
    StrictModelSerializer,
    StrictSerializer,
    service_errors,
)
from dxnet.core.filters import MAX_ID
from dxnet.core.scoping import get_for_user

from . import services
from .access import get_inspection_for_user
from .models import FollowUp, InspectedAgency, Inspection, checklist


class FollowUpSerializer(StrictModelSerializer):
    task_status = serializers.CharField(source="task.status", read_only=True)
    due_date = serializers.DateField(source="task.due_date", read_only=True)
    plan = serializers.IntegerField(source="task.plan_id", read_only=True)

    class Meta:
        model = FollowUp
        fields = ["id", "text", "task", "task_status", "due_date", "plan", "created_at"]


class InspectedAgencySerializer(StrictModelSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    status = serializers.ChoiceField(choices=InspectedAgency.Status.choices, read_only=True,
                                     help_text="scheduled, inspected, follow-up-open hoặc closed (tính từ dữ liệu).")
    followups = FollowUpSerializer(many=True, read_only=True)

    class Meta:
        model = InspectedAgency
        fields = ["id", "agency", "agency_name", "status", "inspected_on", "findings", "followups"]


class InspectionSerializer(ScopedSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    inspected = BoundedPrimaryKeyRelatedField(many=True, write_only=True, queryset=Agency.objects.all(),
                                              help_text="Các cơ quan được kiểm tra (id).")
    targets = serializers.SerializerMethodField()

    class Meta:
        model = Inspection
        fields = ["id", "agency", "agency_name", "title", "starts_on", "ends_on", "members", "inspected", "targets",
                  "conclusion_number", "conclusion_date", "conclusion_file", "created_at"]
        read_only_fields = ["conclusion_file", "created_at"]

    @extend_schema_field(InspectedAgencySerializer(many=True))
    def get_targets(self, inspection) -> list[dict]:
        """The inspected agencies the caller may see, each with its status, findings and follow-up tasks."""
        rows = getattr(inspection, "visible_targets", None)
        if rows is None:
            request = self.context.get("request")
            rows = InspectedAgency.objects.visible_to(request.user).filter(inspection=inspection)
        return InspectedAgencySerializer(rows, many=True).data


class FindingsSerializer(StrictSerializer):
    agency = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="Id của cơ quan được kiểm tra.")
    inspected_on = serializers.DateField(required=False, allow_null=True, default=None)
    findings = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False, default=dict,
                                     help_text="Trả lời sáu câu hỏi: " + ", ".join(code for code, _ in checklist()))


class FollowUpItemSerializer(StrictSerializer):
    text = serializers.CharField(allow_blank=True, max_length=2000)
    deadline_text = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")


class FollowUpsSerializer(StrictSerializer):
    agency = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="Id của cơ quan được kiểm tra.")
    items = FollowUpItemSerializer(many=True, required=False, default=list)


class InspectionViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Inspections the caller's subtree made or was inspected by (an inspected agency sees only its own row);
    POST creates one; findings and follow-ups are POSTed as actions."""

    model = Inspection
    related = ("agency",)
    serializer_class = InspectionSerializer

    def get_queryset(self):
        visible = InspectedAgency.objects.visible_to(self.request.user).select_related("agency", "inspection")
        followups = FollowUp.objects.select_related("task")
        return super().get_queryset().prefetch_related(
            "members", Prefetch("targets", queryset=visible.prefetch_related(Prefetch("followups", followups)),
                                to_attr="visible_targets"))

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        with service_errors():
            serializer.instance = services.do_create_inspection(acting_user=self.request.user, **data)

    def _target(self, inspection, agency_id) -> InspectedAgency:
        try:
            return get_for_user(InspectedAgency.objects.select_related("agency", "inspection__agency"),
                                self.request.user, inspection=inspection, agency_id=agency_id)
        except Http404:
            raise serializers.ValidationError(
                {"agency": "Cơ quan này không nằm trong danh sách được kiểm tra của đoàn."}) from None

    def _answer(self, inspection):
        inspection = self.get_queryset().get(pk=inspection.pk)
        return Response(InspectionSerializer(inspection, context=self.get_serializer_context()).data)

    @extend_schema(summary="Ghi kết quả kiểm tra một cơ quan",
                   description="Trả lời đủ sáu câu hỏi kiểm tra cho một cơ quan được kiểm tra.",
                   request=FindingsSerializer, responses={200: InspectionSerializer})
    @action(detail=True, methods=["post"])
    def findings(self, request, pk=None):
        """Record the answers to the six questions for one inspected agency (all six required)."""
        inspection = get_inspection_for_user(request.user, pk, action="change")
        body = FindingsSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        target = self._target(inspection, body.validated_data["agency"])
        with service_errors():
            services.do_record_findings(target, acting_user=request.user,
                                        inspected_on=body.validated_data["inspected_on"],
                                        findings=body.validated_data["findings"])
        return self._answer(inspection)

    @extend_schema(summary="Giao nhiệm vụ sau kiểm tra",
                   description="Biến các kiến nghị thành nhiệm vụ trong kế hoạch năm của cơ quan được kiểm tra, gắn "
                               "với đợt kiểm tra.",
                   request=FollowUpsSerializer, responses={200: InspectionSerializer})
    @action(detail=True, methods=["post"])
    def followups(self, request, pk=None):
        """Turn recommendations into tasks of the inspected agency's plan of the year, linked to the inspection."""
        inspection = get_inspection_for_user(request.user, pk, action="change")
        body = FollowUpsSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        target = self._target(inspection, body.validated_data["agency"])
        with service_errors():
            services.do_add_followups(target, acting_user=request.user, items=body.validated_data["items"])
        return self._answer(inspection)
