"""One filter per list, shared by the page, the API and the Excel export."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from dxnet.core.filters import IdFilter, YearFilter
from dxnet.core.forms import AsOfField
from dxnet.core.pickers import PickerFilter

from . import rules
from .models import LEVELS, InformationSystem, SecurityAssessment, SecurityDrill, TrustLabel

YES_NO = [("", "Tất cả"), ("true", "Có"), ("false", "Không")]
YES_NO_MESSAGE = "Chỉ nhận “true” (có) hoặc “false” (không)."


class YesNoField(forms.NullBooleanField):
    """“true”, “false” or nothing: another word (“maybe”) is refused (400 on the API), never silently ignored."""

    ACCEPTED = {None, "", True, False, "true", "false", "True", "False", "1", "0"}

    def clean(self, value):
        if value not in self.ACCEPTED:
            raise forms.ValidationError(YES_NO_MESSAGE, code="invalid")
        return super().clean(value)


class YesNoFilter(django_filters.BooleanFilter):
    field_class = YesNoField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.Select(choices=YES_NO))
        super().__init__(*args, **kwargs)


class AsOfFilter(django_filters.DateFilter):
    """The day the figures are computed on (the overdue state, the register): 01/01/2000 to 31/12/2100."""

    field_class = AsOfField


class InformationSystemFilterSet(django_filters.FilterSet):
    """Agency, level, approved, overdue on a day, public-facing: the same on the page, the API and the export."""

    agency = PickerFilter("co-quan", label="Cơ quan (kể cả đơn vị trực thuộc)", method="filter_agency")
    level = django_filters.ChoiceFilter(label="Cấp độ", choices=LEVELS, empty_label="Tất cả", method="filter_level")
    approved = YesNoFilter(label="Đã phê duyệt hồ sơ", method="filter_approved")
    assessment_overdue = YesNoFilter(label="Quá hạn kiểm tra, đánh giá", method="filter_overdue")
    public_facing = YesNoFilter(label="Trang, cổng thông tin")
    as_of = AsOfFilter(label="Tính đến ngày", method="filter_as_of")

    class Meta:
        model = InformationSystem
        fields = ["agency", "level", "approved", "assessment_overdue", "public_facing", "as_of"]

    @property
    def day(self):
        data = getattr(self.form, "cleaned_data", None) or {}
        return data.get("as_of") or timezone.localdate()

    def filter_queryset(self, queryset):
        # Every row carries its last assessment and overdue state on the day asked (today by default).
        return super().filter_queryset(rules.with_assessment(queryset, self.day))

    @property
    def qs(self):
        qs = super().qs
        if "is_overdue" not in qs.query.annotations:  # no filter asked (an unbound filter set): as of today
            self._qs = qs = rules.with_assessment(qs, self.day)
        return qs

    def filter_agency(self, queryset, name, value):
        """The agency's subtree: a province's row of the summary opens every system under it."""
        return queryset.filter(agency__path__startswith=value.path) if value else queryset

    def filter_level(self, queryset, name, value):
        return queryset.filter(Q(approved_level=value) | Q(approved_level__isnull=True, proposed_level=value))

    def filter_approved(self, queryset, name, value):
        approved = rules.approved_on(self.day)
        return queryset.filter(approved) if value else queryset.exclude(approved)

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(is_overdue=value)

    def filter_as_of(self, queryset, name, value):
        return queryset.filter(rules.registered_on(value))


class SecurityAssessmentFilterSet(django_filters.FilterSet):
    system = IdFilter(label="Hệ thống (id)", field_name="system")
    agency = PickerFilter("co-quan", label="Cơ quan", field_name="system__agency")

    class Meta:
        model = SecurityAssessment
        fields = ["system", "agency"]


class SecurityDrillFilterSet(django_filters.FilterSet):
    agency = PickerFilter("co-quan", label="Tỉnh, bộ", field_name="agency",
                          params={"loai": list(SecurityDrill.BODY_KINDS)})
    year = YearFilter(label="Năm", field_name="date", lookup_expr="year")
    live_fire = YesNoFilter(label="Thực chiến")

    class Meta:
        model = SecurityDrill
        fields = ["agency", "year", "live_fire"]


class TrustLabelFilterSet(django_filters.FilterSet):
    system = IdFilter(label="Hệ thống (id)", field_name="system")

    class Meta:
        model = TrustLabel
        fields = ["system"]
