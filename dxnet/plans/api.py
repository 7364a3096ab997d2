from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, renderers, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from dxnet.core.api import (
    BoundedPrimaryKeyRelatedField,
    ScopedReadOnlyViewSet,
    ScopedSerializer,
    StrictModelSerializer,
    StrictSerializer,
    service_errors,
)
from dxnet.core.pagination import IdPagination

from . import exports, services
from .access import get_plan_for_user
from .filters import PlanFilterSet, TaskFilterSet
from .models import Plan, PlanTemplate, Task, TaskUpdate


class PlanTemplateSerializer(StrictModelSerializer):
    class Meta:
        model = PlanTemplate
        fields = ["id", "code", "version", "title", "source", "tier", "kind", "group_count", "task_count"]


class PlanTemplateViewSet(ScopedReadOnlyViewSet):
    """The plan templates transcribed from the seeds (and those an administrator added)."""

    model = PlanTemplate
    serializer_class = PlanTemplateSerializer


class PlanSerializer(ScopedSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    until_year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    title = serializers.CharField(required=False, allow_blank=True, max_length=500)
    unresolved = serializers.SerializerMethodField()
    kind = serializers.CharField(read_only=True, help_text="dx-plan, plan-1690 hoặc other: theo mẫu kế hoạch.")

    class Meta:
        model = Plan
        fields = ["id", "template", "agency", "agency_name", "year", "until_year", "title", "kind", "status",
                  "number", "issued_on", "withdrawn_reason", "resolved_on", "notes", "unresolved"]
        read_only_fields = ["status", "number", "issued_on", "withdrawn_reason", "resolved_on", "notes"]
        extra_kwargs = {"template": {"required": True, "allow_null": False}}

    def get_unresolved(self, plan) -> list[str]:
        """Roles of the template still waiting for a person to name their agency."""
        return [role["label"] for role in services.unresolved_roles(plan)]


class PlanIssueSerializer(StrictSerializer):
    """The issuing document, as the page's form asks it."""

    number = serializers.CharField(max_length=60)
    issued_on = serializers.DateField()
    place = serializers.CharField(max_length=100)
    signer_title = serializers.CharField(max_length=200)
    signer_name = serializers.CharField(max_length=200)


class PlanWithdrawSerializer(StrictSerializer):
    # Blank passes here so that the service answers its own message, the page's.
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class _FileRenderer(renderers.BaseRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class DocxRenderer(_FileRenderer):
    media_type, format = exports.DOCX, "docx"


class XlsxRenderer(_FileRenderer):
    media_type, format = exports.XLSX, "xlsx"


class PlanViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Plans of the caller's subtree and plans giving it a task; POST builds one from a template."""

    model = Plan
    related = ("agency", "template")
    serializer_class = PlanSerializer
    filterset_class = PlanFilterSet

    def finalize_response(self, request, response, *args, **kwargs):
        if self.action == "export" and response.status_code >= 400:  # ?format=docx chose the renderer of the file
            request.accepted_renderer, request.accepted_media_type = renderers.JSONRenderer(), "application/json"
        return super().finalize_response(request, response, *args, **kwargs)

    def perform_create(self, serializer):
        data = serializer.validated_data
        with service_errors():
            serializer.instance = services.do_create_plan(
                data["template"], data["agency"], data["year"], acting_user=self.request.user,
                until_year=data.get("until_year"), title=data.get("title", ""))

    def _act(self, request, pk, body: type[serializers.Serializer], service) -> Response:
        """A write on a plan the caller manages (404 out of scope, 403 without the role), through its service."""
        plan = get_plan_for_user(request.user, pk, action="change")
        data = body(data=request.data)
        data.is_valid(raise_exception=True)
        with service_errors():
            plan = service(plan, acting_user=request.user, **data.validated_data)
        return Response(PlanSerializer(plan, context=self.get_serializer_context()).data)

    @extend_schema(summary="Ban hành kế hoạch",
                   description="Cùng quy tắc như trên trang web; ghi nhận mốc mà loại kế hoạch này đạt được.",
                   request=PlanIssueSerializer, responses={200: PlanSerializer})
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        """Issue the plan (same rules as the page): records the milestone its kind achieves."""
        return self._act(request, pk, PlanIssueSerializer, services.do_issue_plan)

    @extend_schema(summary="Thu hồi kế hoạch", description="Thu hồi kế hoạch đã ban hành, nêu lý do; mốc của nó cũng "
                                                                  "bị thu hồi.",
                   request=PlanWithdrawSerializer, responses={200: PlanSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw an issued plan with a reason: its milestone is withdrawn too."""
        return self._act(request, pk, PlanWithdrawSerializer, services.do_withdraw_plan)

    @extend_schema(summary="Xuất kế hoạch ra tệp DOCX hoặc XLSX",
                   parameters=[OpenApiParameter("format", str, enum=["docx", "xlsx"])],
                   responses={(200, exports.DOCX): OpenApiTypes.BINARY, (200, exports.XLSX): OpenApiTypes.BINARY})
    # JSON first: a refusal (an unknown format, a plan out of scope) is the API's error body, not a broken file.
    @action(detail=True, renderer_classes=[renderers.JSONRenderer, DocxRenderer, XlsxRenderer])
    def export(self, request, pk=None):
        """The plan as DOCX (Nghị định 30/2020/NĐ-CP) or XLSX (one row per task)."""
        return exports.response(self.get_object(), request.query_params.get("format", "docx"), request.user)


class TaskSerializer(StrictModelSerializer):
    serializer_related_field = BoundedPrimaryKeyRelatedField
    lead_name = serializers.CharField(source="lead.name", read_only=True, default="")
    overdue = serializers.SerializerMethodField()
    unresolved = serializers.SerializerMethodField()
    recurrence = serializers.CharField(read_only=True)

    class Meta:
        model = Task
        fields = ["id", "plan", "group", "parent", "code", "title", "lead", "lead_name", "cooperating", "unresolved",
                  "deadline_text", "due_date", "recurrence", "status", "progress", "overdue", "support",
                  "deadline_source", "deadline_to_confirm"]

    def get_overdue(self, task) -> bool:
        return task.is_overdue(timezone.localdate())

    def get_unresolved(self, task) -> list[str]:
        return [item["label"] for item in task.unresolved]


class TaskViewSet(ScopedReadOnlyViewSet):
    """Tasks the caller's subtree issued, leads or cooperates on; filters plan, status, overdue, lead."""

    model = Task
    related = ("lead",)
    prefetched = ("cooperating",)
    serializer_class = TaskSerializer
    filterset_class = TaskFilterSet
    pagination_class = IdPagination

    def visible(self):
        return Task.objects.listed_for(self.request.user)


class TaskUpdateSerializer(ScopedSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = TaskUpdate
        fields = ["id", "task", "created_at", "agency", "agency_name", "text", "status", "progress",
                  "document_number", "document_date", "document_title", "file"]
        read_only_fields = ["agency"]


class TaskUpdateViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Reports on tasks; POST one (multipart for a file) to report results, evidence and a new status."""

    model = TaskUpdate
    related = ("agency",)
    serializer_class = TaskUpdateSerializer
    filterset_fields = ["task"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        task = data.pop("task")
        with service_errors():
            serializer.instance = services.do_record_update(task, acting_user=self.request.user, **data)
