"""The API of a plan's indicators (with their values and track), projects (with yearly disbursements) and the
bodies' declared total budgets: the same services, rules and Vietnamese messages as the pages and sheets."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from dxnet.core.api import ScopedSerializer, ScopedViewSet, service_errors

from . import services
from .access import get_indicator_for_user, get_project_for_user
from .filters import BudgetDeclarationFilterSet, IndicatorFilterSet, ProjectFilterSet
from .models import BudgetDeclaration, Disbursement, Indicator, IndicatorValue, Project

# A year's bounds are the model's, in its one Vietnamese message: without DRF's own "Đảm bảo giá trị này…" beside it.
ONE_YEAR_MESSAGE = {"min_value": None, "max_value": None}

# --- Indicators -------------------------------------------------------------------------------------

class IndicatorValueSerializer(ScopedSerializer):
    declared_by = serializers.CharField(source="declared_by.username", read_only=True, default="")

    class Meta:
        model = IndicatorValue
        fields = ["id", "on", "value", "note", "declared_by", "declared_at"]
        read_only_fields = ["declared_at"]


class IndicatorSerializer(ScopedSerializer):
    agency = serializers.IntegerField(source="plan.agency_id", read_only=True)
    values = IndicatorValueSerializer(many=True, read_only=True)
    current_value = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField(help_text="Phần trăm quãng đường từ giá trị nền đến mục tiêu.")
    expected = serializers.SerializerMethodField(help_text="Phần trăm dự kiến theo thời gian (tăng đều).")
    track = serializers.SerializerMethodField(help_text="on, off hoặc no-data vào ngày hỏi.")
    next_value_due = serializers.SerializerMethodField(help_text="Hạn kê khai giá trị tiếp theo (theo tần suất).")
    value_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = ["id", "plan", "agency", "code", "name", "unit", "baseline_value", "baseline_on", "target_value",
                  "target_on", "frequency", "source", "computed_from", "values", "current_value", "progress",
                  "expected", "track", "next_value_due", "value_overdue"]
        validators = []  # the service answers a repeated code in Vietnamese

    def _status(self, indicator):
        found = self.context.get("statuses", {})
        if indicator.pk not in found:
            found[indicator.pk] = services.statuses([indicator], timezone.localdate())[0]
        return found[indicator.pk]

    def get_current_value(self, indicator) -> float | None:
        value = self._status(indicator).value
        return None if value is None else float(value)

    def get_progress(self, indicator) -> float | None:
        return self._status(indicator).progress

    def get_expected(self, indicator) -> float:
        return self._status(indicator).expected

    def get_track(self, indicator) -> str:
        return self._status(indicator).track

    def get_next_value_due(self, indicator) -> datetime.date | None:
        return self._status(indicator).next_value_due

    def get_value_overdue(self, indicator) -> bool:
        return self._status(indicator).value_overdue


class IndicatorValueInputSerializer(ScopedSerializer):
    class Meta:
        model = IndicatorValue
        fields = ["on", "value", "note"]


class IndicatorViewSet(ScopedViewSet):
    """Indicators of the plans the caller sees, with their values, progress and track today; filters plan, agency,
    year, code. POST (the plan's agency) adds one; POST …/values/ declares a value."""

    model = Indicator
    related = ("plan__agency",)
    prefetched = ("values__declared_by",)
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilterSet
    create_service = update_service = services.do_save_indicator

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "statuses": getattr(self, "statuses", {})}

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:  # one pass for the page: declared values in one query
            self.statuses = {row.indicator.pk: row for row in services.statuses(page, timezone.localdate())}
        return page

    @extend_schema(summary="Kê khai giá trị chỉ tiêu",
                   description="Giá trị tại một ngày (không phải ngày tương lai); giá trị thứ hai trong cùng ngày cần "
                               "ghi chú.",
                   request=IndicatorValueInputSerializer, responses={201: IndicatorValueSerializer})
    @action(detail=True, methods=["post"])
    def values(self, request, pk=None):
        """Declare a value as of a day (never in the future); a second value for a day needs a note."""
        indicator = get_indicator_for_user(request.user, pk, action="change")
        data = IndicatorValueInputSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        with service_errors():
            row = services.do_declare_indicator_value(indicator, acting_user=request.user, **data.validated_data)
        return Response(IndicatorValueSerializer(row).data, status=status.HTTP_201_CREATED)


# --- Projects -------------------------------------------------------------------------------------

class DisbursementSerializer(ScopedSerializer):
    class Meta:
        model = Disbursement
        fields = ["year", "amount", "declared_on"]
        extra_kwargs = {"year": ONE_YEAR_MESSAGE}


class ProjectSerializer(ScopedSerializer):
    plan = serializers.IntegerField(source="task.plan_id", read_only=True)
    agency = serializers.IntegerField(source="task.plan.agency_id", read_only=True)
    name = serializers.CharField(source="task.title", read_only=True)
    lead = serializers.IntegerField(source="task.lead_id", read_only=True, default=None)
    novelty = serializers.CharField(source="task.novelty", read_only=True)
    objective = serializers.CharField(source="task.objective", read_only=True)
    scale = serializers.CharField(source="task.scale", read_only=True)
    content = serializers.CharField(source="task.content", read_only=True)
    disbursements = DisbursementSerializer(many=True, read_only=True)
    disbursed = serializers.SerializerMethodField()
    warning = serializers.SerializerMethodField(help_text="Cảnh báo khi đã giải ngân vượt tổng mức được duyệt.")

    class Meta:
        model = Project
        fields = ["id", "task", "plan", "agency", "name", "lead", "novelty", "objective", "scale", "content", "kind",
                  "start_year", "end_year", "approved_total", "funding_source", "funding_detail", "stage", "approval",
                  "disbursements", "disbursed", "warning"]
        validators = []
        extra_kwargs = {"task": {"validators": []},  # one project per task: the service says it, in its words
                        "start_year": ONE_YEAR_MESSAGE, "end_year": ONE_YEAR_MESSAGE}

    def _disbursed(self, project):
        return sum((d.amount for d in project.disbursements.all()), start=0)

    def get_disbursed(self, project) -> float:
        return float(self._disbursed(project))

    def get_warning(self, project) -> str:
        return services.over_warning(project, self._disbursed(project))


def _save_project(project: Project, *, acting_user, task=None, seen_version=None, **fields) -> Project:
    """POST gives a task without one its project row; PUT/PATCH changes a project's figures, never its task."""
    if project.pk is None and task is not None and Project.objects.filter(task=task).exists():
        raise ValidationError({"task": f"Nhiệm vụ này đã có thông tin dự án (mã {task.project.pk}); hãy sửa dự án "
                                       "đó."})
    if project.pk is not None and task is not None and task.pk != project.task_id:
        raise ValidationError({"task": "Không chuyển dự án sang nhiệm vụ khác được."})
    return services.do_save_project(task or project.task, acting_user=acting_user, seen_version=seen_version,
                                    **fields)


class ProjectViewSet(ScopedViewSet):
    """Projects and budgeted tasks of the plans the caller sees, with yearly disbursements; filters plan, agency,
    year. POST gives a task its project row; POST …/disbursements/ records a year's disbursement."""

    model = Project
    related = ("task__plan",)
    prefetched = ("disbursements",)
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilterSet
    create_service = update_service = _save_project

    @extend_schema(summary="Kê khai giải ngân dự án",
                   description="Số vốn dự án đã giải ngân trong một năm: số âm bị từ chối; vượt vốn được duyệt thì có "
                               "cảnh báo trong `warning`.",
                   request=DisbursementSerializer, responses={200: ProjectSerializer})
    @action(detail=True, methods=["post"])
    def disbursements(self, request, pk=None):
        """Record what the project disbursed in a year (a negative amount is refused; over approved is a warning
        in `warning`)."""
        project = get_project_for_user(request.user, pk, action="change")
        data = DisbursementSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        with service_errors():
            services.do_record_disbursement(project, acting_user=request.user, **data.validated_data)
        project = self.get_queryset().get(pk=project.pk)
        return Response(ProjectSerializer(project, context=self.get_serializer_context()).data)


# --- Declared total budgets -----------------------------------------------------------------------

class BudgetDeclarationSerializer(ScopedSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = BudgetDeclaration
        fields = ["id", "agency", "agency_name", "year", "total", "declared_on", "document"]
        validators = []  # a second declaration for the year replaces the first (the service)
        extra_kwargs = {"year": ONE_YEAR_MESSAGE}


def _declare(row: BudgetDeclaration, *, acting_user, agency=None, seen_version=None, **fields) -> BudgetDeclaration:
    return services.do_declare_budget(agency or row.agency, acting_user=acting_user, **fields)


class BudgetDeclarationViewSet(ScopedViewSet):
    """Each body's declared total state budget for a year (the denominator of its IT spending ratio); POST
    declares one (a second one for the same year replaces it)."""

    model = BudgetDeclaration
    http_method_names = ["get", "post", "head", "options"]  # a new figure is a new declaration for the year
    related = ("agency",)
    serializer_class = BudgetDeclarationSerializer
    filterset_class = BudgetDeclarationFilterSet
    create_service = update_service = _declare
