import contextlib
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinLengthValidator, MinValueValidator
from django.http import QueryDict
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ErrorDetail
from rest_framework.fields import empty
from rest_framework.response import Response

from .errors import RequestError
from .filters import MAX_ID
from .models import AccessLog
from .privacy import is_bulk, is_phone_path, personal_data_kind, record_access, shown_phone
from .scoping import get_for_user
from .versioning import etag, version_of, versions_in


@contextlib.contextmanager
def service_errors():
    """A service's validation errors become a 400 answer with the same Vietnamese messages."""
    try:
        yield
    except RequestError:
        raise  # its own status (409, 412, 413), answered by the exception handler
    except ValidationError as error:
        raise serializers.ValidationError(
            error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
        ) from error


_BOUNDS = (MaxValueValidator, MinValueValidator, MaxLengthValidator, MinLengthValidator)


class CodeRelatedField(serializers.SlugRelatedField):
    """A related object by its stable code: only printable text is a code (a NUL byte reaching PostgreSQL was a
    500)."""

    def to_internal_value(self, data):
        if not isinstance(data, str) or not data.isprintable():
            self.fail("invalid")
        return super().to_internal_value(data)


class BoundedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A related object by its id, where only a whole number in the ids' range is an id: 1e400 or 2**70 is a 400,
    not a query that overflows (a 500)."""

    def to_internal_value(self, data):
        is_number = isinstance(data, int) and not isinstance(data, bool)
        if not (is_number or (isinstance(data, str) and data.isascii() and data.isdigit())):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 1 <= int(data) <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


class PhoneSerializerField(serializers.CharField):
    """A phone as the caller may see it: in full, or masked for a viewer (Nghị định 13/2023/NĐ-CP)."""

    def to_representation(self, value):
        request = self.context.get("request")
        return shown_phone(super().to_representation(value), getattr(request, "user", None))


def _wrong_type(field, value):
    """The field (itself, or the child of a list or dict) and the code of its own DRF message when a JSON value has
    the wrong type, else None."""
    if value is None:
        return None  # allow_null is DRF's own check
    if isinstance(field, serializers.BooleanField):
        return None if isinstance(value, bool) else (field, "invalid")
    if isinstance(field, serializers.CharField):
        return None if isinstance(value, str) else (field, "invalid")
    if isinstance(field, serializers.RelatedField) and value == "":  # DRF reads "" as no link: a form's empty select
        return field, "incorrect_type" if "incorrect_type" in field.error_messages else "invalid"
    items = value if isinstance(field, serializers.ListField) and isinstance(value, list) else (
        value.values() if isinstance(field, serializers.DictField) and isinstance(value, dict) else ())
    return next(filter(None, (_wrong_type(field.child, item) for item in items)), None)


class StrictJsonTypes:
    """In a JSON body a text is a string, a yes/no is true or false, and a link is an id or null: DRF would take 12
    for "12", 0/1 or "yes" for false/true and "" for no link, none of which the schema allows (a client sending them
    has a bug). A form or multipart body (file uploads) carries only strings: its values keep DRF's conversions."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping) and not isinstance(data, QueryDict):
            errors = {}
            for field in self._writable_fields:
                value = data.get(field.field_name, empty)
                wrong = None if value is empty else _wrong_type(field, value)
                if wrong is not None:
                    at_fault, code = wrong
                    message = at_fault.error_messages[code].format(data_type=type(value).__name__)
                    errors[field.field_name] = [ErrorDetail(message, code="invalid")]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class StrictSerializer(StrictJsonTypes, serializers.Serializer):
    """A request body that is not a model: JSON types as the schema says."""


class StrictModelSerializer(StrictJsonTypes, serializers.ModelSerializer):
    """A model's body outside the scoped base (reference data, nested rows): JSON types as the schema says."""


class ScopedSerializer(StrictJsonTypes, serializers.ModelSerializer):
    """Related objects (one, or many through a many-to-many field) can only be chosen among those the caller may
    see: an id out of scope answers exactly as an id that does not exist.

    Bounds (ranges, lengths) are checked by the model's own validators, so the API answers with the same message
    as the form and the spreadsheet.
    """

    serializer_related_field = BoundedPrimaryKeyRelatedField

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        # Every bound DRF turned into its own check goes (a list, not any(): each one must be popped), and the
        # model's validators for them come back once.
        popped = [bound for bound in ("max_value", "min_value", "max_length", "min_length")
                  if kwargs.pop(bound, None) is not None]
        if popped:
            present = list(kwargs.get("validators", ()))
            kwargs["validators"] = [*present, *(v for v in model_field.validators
                                                if isinstance(v, _BOUNDS) and v not in present)]
        return field_class, kwargs

    def build_field(self, field_name, info, model_class, nested_depth):
        field_class, kwargs = super().build_field(field_name, info, model_class, nested_depth)
        if is_phone_path(field_name) and issubclass(field_class, serializers.CharField):
            field_class = PhoneSerializerField
        return field_class, kwargs

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:
            return
        for field in self.fields.values():
            # A many-to-many field (ManyRelatedField) chooses through its child: scoping only the outer field would
            # let an id out of scope through, and its refusal would name the object.
            for chooser in (field, getattr(field, "child_relation", None)):
                queryset = getattr(chooser, "queryset", None)
                if queryset is not None and hasattr(queryset, "visible_to"):
                    chooser.queryset = queryset.visible_to(request.user)


class VersionedMixin:
    """No lost update: an object's GET answers its version as `ETag: "<version>"` (strong: If-Match compares
    strongly; a weakened `W/"<version>"` sent back still names the version), a PUT/PATCH whose `If-Match` names
    another version answers 412 `stale` and changes nothing (no If-Match or `*`: written whatever the version, for
    older clients), and a successful PUT/PATCH answers the new ETag. The version is checked by the service under
    the row's lock: the view hands it `seen_version`, serializers that call services find it in their context."""

    def seen_version(self) -> frozenset[int] | None:
        if self.request.method not in ("PUT", "PATCH"):
            return None
        return versions_in(self.request.headers.get("If-Match"))

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "seen_version": self.seen_version()}

    def retrieve(self, request, *args, **kwargs):
        # The version first, then the values: a write in between makes a later If-Match stale, never lost.
        pk = str(self.kwargs[self.lookup_url_kwarg or self.lookup_field])
        version = version_of(self.get_queryset().model(pk=pk))
        instance = self.get_object()
        if str(instance.pk) != pk:  # the URL spelled the id differently ("012")
            version = version_of(instance)
        return Response(self.get_serializer(instance).data, headers={"ETag": etag(version)})

    def perform_update(self, serializer):
        super().perform_update(serializer)
        self.updated = serializer.instance

    def finalize_response(self, request, response, *args, **kwargs):
        updated = getattr(self, "updated", None)
        if updated is not None and response.status_code == 200:
            response["ETag"] = etag(version_of(updated))
        return super().finalize_response(request, response, *args, **kwargs)


# Documents the versioned writes in the OpenAPI schema: `@versioned_writes` on a viewset that updates. (Their 412
# answer, like every error status, is added by dxnet.core.api_schema: `responses=` here would hide the 200.)
_VERSIONED_WRITE = extend_schema(
    parameters=[OpenApiParameter(
        "If-Match", str, OpenApiParameter.HEADER, required=False,
        description='Phiên bản đã đọc: ETag của GET, ví dụ "42" (hoặc * để ghi bất kể phiên bản).')],
)
versioned_writes = extend_schema_view(update=_VERSIONED_WRITE, partial_update=_VERSIONED_WRITE)


class ScopedReadOnlyViewSet(VersionedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                            viewsets.GenericViewSet):
    """List and detail of a scoped model, through `visible_to` like every page."""

    model = None
    related: tuple[str, ...] = ()
    prefetched: tuple[str, ...] = ()

    def visible(self):
        """The rows the caller may see (a list may find them another way: plans.api.TaskViewSet)."""
        return self.model.objects.visible_to(self.request.user)

    def get_queryset(self):
        return self.visible().select_related(*self.related).prefetch_related(*self.prefetched).order_by("pk")

    def get_object(self):
        obj = get_for_user(self.get_queryset(), self.request.user, pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, obj)
        return obj

    def paginate_queryset(self, queryset):
        """A page above the default size of a personal-data kind is a bulk read: logged."""
        page = super().paginate_queryset(queryset)
        kind = personal_data_kind(self.model)
        if kind and page is not None and is_bulk(self.paginator.get_page_size(self.request), len(page)):
            record_access(self.request.user, kind=kind, rows=len(page), filters=self.request.query_params.dict(),
                          channel=AccessLog.Channel.API)
        return page


@versioned_writes
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
        seen = self.seen_version()
        with service_errors():
            serializer.instance = type(self).update_service(serializer.instance, acting_user=self.request.user,
                                                            **({} if seen is None else {"seen_version": seen}),
                                                            **serializer.validated_data)
        self.updated = serializer.instance
