"""The shared platforms catalogue over the API: list and detail for every signed-in user (a provincial platform
for its province and national bodies), create and update for those who may edit."""

from rest_framework import serializers

from dxnet.agencies.models import Agency
from dxnet.core.api import BoundedPrimaryKeyRelatedField, CodeRelatedField, ScopedSerializer, ScopedViewSet
from dxnet.geo.models import AdminUnit

from . import services
from .filters import SharedPlatformFilterSet
from .models import SharedPlatform


class SharedPlatformSerializer(ScopedSerializer):
    province = BoundedPrimaryKeyRelatedField(queryset=AdminUnit.objects.provinces(), required=False,
                                             allow_null=True)
    owner = CodeRelatedField(slug_field="code", queryset=Agency.objects.all(), required=False, allow_null=True)
    owner_shown = serializers.CharField(read_only=True)
    name = serializers.CharField(max_length=300, allow_blank=True)

    class Meta:
        model = SharedPlatform
        fields = ["id", "code", "name", "address", "level", "province", "owner", "owner_name", "owner_shown",
                  "valid_from", "valid_to", "source"]
        read_only_fields = ["code"]


class SharedPlatformViewSet(ScopedViewSet):
    """The catalogue of shared digital platforms; `owner` is an agency code. A coordinator's new platform is
    provincial, in their own province; ending one is setting `valid_to` (it stays as history)."""

    model = SharedPlatform
    related = ("province", "owner")
    serializer_class = SharedPlatformSerializer
    filterset_class = SharedPlatformFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    create_service = update_service = services.do_save_platform
