"""Filters shared by every list page, API endpoint and export."""

import django_filters
from django import forms
from django.core.exceptions import BadRequest, ValidationError
from django.db import models
from django_filters.fields import ModelChoiceField
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .text import fold

# Ids are 64-bit (BigAutoField): a larger number reaching the database is an overflow (a 500), not "no rows".
MAX_ID = 2**63 - 1


def _bad_id(value) -> bool:
    text = str(value).strip()
    return not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_ID


class IdField(forms.IntegerField):
    """An object's id in a query string: a whole number from 1 to the largest id the database holds."""

    default_error_messages = {"invalid": "Mã (id) phải là số nguyên dương.",
                              "max_value": "Mã (id) quá lớn.", "min_value": "Mã (id) phải là số nguyên dương."}

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


def id_param(request, name: str) -> int | None:
    """The id in `request.GET[name]` for a view that reads it directly; not an id: a 400 page, not a 500."""
    raw = request.GET.get(name)
    if not raw:
        return None
    try:
        return IdField().clean(raw)
    except ValidationError:
        raise BadRequest(f"Tham số “{name}” phải là mã (id) hợp lệ.") from None


class BoundedModelChoiceField(ModelChoiceField):
    """A choice by id that refuses what is not an id before asking the database."""

    def to_python(self, value):
        integer_pk = self.to_field_name is None and isinstance(self.queryset.model._meta.pk, models.IntegerField)
        if integer_pk and value not in self.empty_values and _bad_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """Rows whose foreign key (or id) equals the given id; anything else than an id is a validation error."""

    field_class = IdField

    def get_max_validator(self):
        return None  # IdField has its own bound


@extend_schema_field(OpenApiTypes.INT)
class YearFilter(django_filters.NumberFilter):
    """A calendar year, 1900–2200: the years plans, milestones and trainings can have."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2200)
        super().__init__(*args, **kwargs)

    def get_max_validator(self):
        return None


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    """django-filter's ModelChoiceFilter whose ids are checked before the query (no overflow)."""

    field_class = BoundedModelChoiceField


class DatedSearchFilterSet(django_filters.FilterSet):
    """`search` ignores diacritics and case; `as_of` keeps what was in force on that day."""

    search = django_filters.CharFilter(label="Tìm kiếm", method="filter_search")
    as_of = django_filters.DateFilter(label="Tại ngày", method="filter_as_of",
                                      input_formats=["%Y-%m-%d", "%d/%m/%Y"])

    def filter_queryset(self, queryset):
        # A name that changed: with `as_of`, rows show and are found by the name valid on that day.
        day = self.form.cleaned_data.get("as_of")
        if day and hasattr(queryset, "named_on"):
            queryset = queryset.named_on(day)
        return super().filter_queryset(queryset)

    def filter_search(self, queryset, name, value):
        if "dated_search_name" in queryset.query.annotations:
            return queryset.filter(dated_search_name__contains=fold(value))
        return queryset.filter(search_name__contains=fold(value))

    def filter_as_of(self, queryset, name, value):
        return queryset.valid_on(value)


class StrictFilterBackend(DjangoFilterBackend):
    """The API's filter backend: a yes/no filter takes `true` or `false` (or nothing), as its schema says; the list
    pages' select box would read any other value as "all", which an integrator would take for a filtered answer."""

    BOOLEANS = ("true", "false")
    MESSAGE = "Chỉ nhận “true” (có) hoặc “false” (không)."

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            wrong = {name: [self.MESSAGE] for name, field in filterset_class.base_filters.items()
                     if isinstance(field, django_filters.BooleanFilter)
                     and request.query_params.get(name, "") not in ("", *self.BOOLEANS)}
            if wrong:
                raise serializers.ValidationError(wrong, code="invalid")
        return super().filter_queryset(request, queryset, view)
