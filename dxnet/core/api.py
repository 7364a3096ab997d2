import contextlib

from django.core.exceptions import ValidationError
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """Pages of 50 by default, `page_size` up to 1000; the answer carries `count`."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 1000


@contextlib.contextmanager
def service_errors():
    """A service's validation errors become a 400 answer with the same Vietnamese messages."""
    try:
        yield
    except ValidationError as error:
        raise serializers.ValidationError(
            error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
        ) from error
