from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dxnet.core.api import (
    CodeRelatedField,
    ScopedReadOnlyViewSet,
    ScopedSerializer,
    StrictModelSerializer,
    StrictSerializer,
    service_errors,
)

from . import services
from .access import get_obstacle_for_user
from .filters import FaqFilterSet, ObstacleFilterSet
from .models import Category, FaqEntry, HistoryEntry, Obstacle


class CategorySerializer(StrictModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "code", "name", "order"]


class CategoryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The obstacle categories (a managed list with stable codes)."""

    serializer_class = CategorySerializer
    pagination_class = None

    def get_queryset(self):
        return Category.objects.visible_to(self.request.user)


class HistoryEntrySerializer(StrictModelSerializer):
    user = serializers.CharField(source="user.__str__", read_only=True, default="")
    agency_name = serializers.CharField(source="agency.name", read_only=True, default="")

    class Meta:
        model = HistoryEntry
        fields = ["kind", "at", "user", "agency", "agency_name", "level", "text"]


class ObstacleSerializer(ScopedSerializer):
    category = CodeRelatedField(slug_field="code", queryset=Category.objects.all())
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    handler_name = serializers.CharField(source="handler.name", read_only=True)
    title = serializers.CharField(max_length=300, allow_blank=True)
    description = serializers.CharField(allow_blank=True)
    age_days = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    history = HistoryEntrySerializer(many=True, read_only=True)

    class Meta:
        model = Obstacle
        fields = ["id", "agency", "agency_name", "title", "description", "category", "plan", "task", "attachment",
                  "status", "beyond_authority", "level", "handler", "handler_name", "raised_on", "due_on",
                  "age_days", "overdue", "answer", "answer_file", "answered_on", "answered_by", "closed_on",
                  "history"]
        read_only_fields = ["agency", "status", "beyond_authority", "level", "handler", "raised_on", "due_on",
                            "answer", "answer_file", "answered_on", "answered_by", "closed_on"]

    def get_age_days(self, obstacle) -> int:
        return obstacle.age_days(timezone.localdate())

    def get_overdue(self, obstacle) -> bool:
        return obstacle.is_overdue(timezone.localdate())


class AnswerSerializer(StrictSerializer):
    answer = serializers.CharField(required=False, allow_blank=True, default="")
    answer_file = serializers.FileField(required=False, allow_null=True, default=None)


class ReasonSerializer(StrictSerializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ObstacleViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Obstacles raised by the caller's subtree or handled by it; POST raises one for the caller's agency."""

    model = Obstacle
    related = ("agency", "handler", "category")
    prefetched = ("history__user", "history__agency")
    serializer_class = ObstacleSerializer
    filterset_class = ObstacleFilterSet

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        with service_errors():
            serializer.instance = services.do_raise_obstacle(acting_user=self.request.user, **data)

    def _act(self, request, pk, action_name: str, body, service) -> Response:
        obstacle = get_obstacle_for_user(request.user, pk, action=action_name)
        data = body(data=request.data)
        data.is_valid(raise_exception=True)
        with service_errors():
            obstacle = service(obstacle, acting_user=request.user, **data.validated_data)
        obstacle = get_obstacle_for_user(request.user, obstacle.pk)
        return Response(ObstacleSerializer(obstacle, context=self.get_serializer_context()).data)

    @extend_schema(summary="Trả lời vướng mắc",
                   description="Nơi xử lý trả lời bằng văn bản và/hoặc tệp đính kèm (multipart).",
                   request=AnswerSerializer, responses={200: ObstacleSerializer})
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        """The handler answers: text and/or a document (multipart)."""
        return self._act(request, pk, "handle", AnswerSerializer, services.do_answer)

    @extend_schema(summary="Chuyển vướng mắc lên cấp trên", description="Nơi xử lý chuyển lên một cấp, nêu lý do.",
                   request=ReasonSerializer, responses={200: ObstacleSerializer})
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        """The handler sends it one level up with a reason."""
        return self._act(request, pk, "handle", ReasonSerializer, services.do_escalate)

    @extend_schema(summary="Ghi nhận vướng mắc vượt thẩm quyền",
                   description="Quản trị quốc gia ghi nhận vướng mắc cấp trung ương vượt thẩm quyền (để báo cáo Chính "
                               "phủ).",
                   request=ReasonSerializer, responses={200: ObstacleSerializer})
    @action(detail=True, methods=["post"], url_path="beyond-authority")
    def beyond_authority(self, request, pk=None):
        """A national administrator marks a national-level obstacle beyond authority (to report to the Government)."""
        return self._act(request, pk, "view", ReasonSerializer, services.do_mark_beyond_authority)


class FaqSerializer(StrictModelSerializer):
    category = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = FaqEntry
        fields = ["id", "category", "question", "answer", "published_on"]


class FaqViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Published questions and answers; `search` ignores diacritics and case."""

    serializer_class = FaqSerializer
    filterset_class = FaqFilterSet

    def get_queryset(self):
        return FaqEntry.objects.visible_to(self.request.user).select_related("category")
