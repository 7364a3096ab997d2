from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dxnet.core.api import StrictModelSerializer, StrictSerializer
from dxnet.core.filters import MAX_ID
from dxnet.core.scoping import get_for_user

from . import services
from .models import Notification


class NotificationSerializer(StrictModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    unread = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_display", "title", "body", "url", "created_at", "read_at", "unread"]
        read_only_fields = fields

    def get_unread(self, notice) -> bool:
        return notice.read_at is None


class NotificationFilterSet(filters.FilterSet):
    unread = filters.BooleanFilter(method="filter_unread", label="Chỉ thông báo chưa đọc (true) hoặc đã đọc (false)")
    kind = filters.ChoiceFilter(choices=Notification.Kind.choices)

    class Meta:
        model = Notification
        fields = ["unread", "kind"]

    def filter_unread(self, queryset, name, value):
        return queryset.filter(read_at__isnull=value)


class MarkReadSerializer(StrictSerializer):
    ids = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False,
                                max_length=1000,
                                help_text="Các thông báo cần đánh dấu đã đọc; bỏ trống để đánh dấu tất cả.")


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's own notifications, newest first; another user's are never listed and answer 404."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilterSet

    def get_queryset(self):
        return Notification.objects.visible_to(self.request.user)

    def get_object(self):
        return get_for_user(Notification.objects.all(), self.request.user, pk=self.kwargs["pk"])

    @extend_schema(summary="Đánh dấu thông báo đã đọc", request=MarkReadSerializer,
                   responses={200: inline_serializer("MarkReadResult", {"marked": serializers.IntegerField(),
                                                                        "unread": serializers.IntegerField()})})
    @action(detail=False, methods=["post"], url_path="mark-read")
    def mark_read(self, request):
        """Mark the given notifications (`ids`) read, or all of them when `ids` is left out."""
        serializer = MarkReadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ids = serializer.validated_data.get("ids")
        marked = services.do_mark_read(request.user, ids)
        return Response({"marked": marked, "unread": self.get_queryset().unread().count()})
