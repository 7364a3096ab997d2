"""Success stories over the API: list, detail, create and update within the caller's scope; `publish` for
coordinators and the national administrator."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from dxnet.core.api import CodeRelatedField, ScopedSerializer, ScopedViewSet, StrictSerializer, service_errors

from . import services
from .access import get_story_for_user
from .filters import SuccessStoryFilterSet
from .models import StoryArea, SuccessStory


class SuccessStorySerializer(ScopedSerializer):
    area = CodeRelatedField(slug_field="code", queryset=StoryArea.objects.all(), allow_null=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    title = serializers.CharField(max_length=300, allow_blank=True)
    date = serializers.DateField(allow_null=True)

    class Meta:
        model = SuccessStory
        fields = ["id", "agency", "agency_name", "title", "area", "summary", "link", "file", "date", "published",
                  "published_at"]
        read_only_fields = ["published", "published_at"]
        extra_kwargs = {"agency": {"required": False}}
        validators = []  # one story per (agency, title, day): the model says it in Vietnamese, the agency defaulted


class PublishSerializer(StrictSerializer):
    published = serializers.BooleanField()


class SuccessStoryViewSet(ScopedViewSet):
    """Success stories and models of the caller's scope; `area` is an area code (chinh-quyen-so, kinh-te-so, …);
    without `agency` a new story is the caller's agency's."""

    model = SuccessStory
    related = ("agency", "area")
    serializer_class = SuccessStorySerializer
    filterset_class = SuccessStoryFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    create_service = update_service = services.do_save_story

    @extend_schema(summary="Công bố mô hình, câu chuyện",
                   description="Công bố trên trang dữ liệu mở (`published: true`) hoặc thôi công bố (`false`).",
                   request=PublishSerializer, responses={200: SuccessStorySerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish the story on the open-data page (`published: true`) or withdraw it (`false`)."""
        story = get_story_for_user(request.user, pk, action="publish")
        data = PublishSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with service_errors():
            story = services.do_publish_story(story, acting_user=request.user, **data.validated_data)
        return Response(SuccessStorySerializer(story, context=self.get_serializer_context()).data)
