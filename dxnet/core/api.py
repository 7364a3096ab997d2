import contextlib

from django.core.exceptions import ValidationError
from rest_framework import mixins, serializers, viewsets

from .scoping import get_for_user


@contextlib.contextmanager
def service_errors():
    """A service's validation errors become a 400 answer with the same Vietnamese messages."""
    try:
        yield
    except ValidationError as error:
        raise serializers.ValidationError(
            error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
        ) from error


class ScopedSerializer(serializers.ModelSerializer):
    """Related objects can only be chosen among those the caller may see."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:
            return
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset, "visible_to"):
                field.queryset = queryset.visible_to(request.user)


class ScopedReadOnlyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """List and detail of a scoped model, through `visible_to` like every page."""

    model = None
    related: tuple[str, ...] = ()
    prefetched: tuple[str, ...] = ()

    def get_queryset(self):
        return (self.model.objects.visible_to(self.request.user).select_related(*self.related)
                .prefetch_related(*self.prefetched).order_by("pk"))

    def get_object(self):
        obj = get_for_user(self.get_queryset(), self.request.user, pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, obj)
        return obj


class ScopedViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ScopedReadOnlyViewSet):
    """List, detail, create and update of a scoped model; writes go through `create_service`/`update_service`,
    each called as `service(instance, acting_user=user, **validated_data)`."""

    create_service = None
    update_service = None

    def perform_create(self, serializer):
        with service_errors():
            serializer.instance = type(self).create_service(self.model(), acting_user=self.request.user,
                                                            **serializer.validated_data)

    def perform_update(self, serializer):
        with service_errors():
            serializer.instance = type(self).update_service(serializer.instance, acting_user=self.request.user,
                                                            **serializer.validated_data)
