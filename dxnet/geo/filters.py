import datetime

from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from dxnet.core.filters import BoundedModelChoiceField, DatedSearchFilterSet, ModelChoiceFilter
from dxnet.core.pickers import PickerFilter
from dxnet.core.text import vietnamese_sort_key

from .models import AdminUnit


def _short(name: str) -> str:
    return name.removeprefix("Tỉnh ").removeprefix("Thành phố ")


def asked_day(data) -> datetime.date | None:
    raw = (data or {}).get("as_of") or ""
    if isinstance(raw, datetime.date):
        return raw
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(raw.strip(), pattern).date()  # noqa: DTZ007 - a day, no time
        except ValueError:
            continue
    return None


class ProvinceChoices(ModelChoiceIterator):
    """Today's provinces in Vietnamese order; the former ones, each labelled with its last day, in a group of their
    own and only when the list is asked for a day they were in force (or one of them is chosen)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        today, day, chosen = timezone.localdate(), self.field.asked_day, str(self.field.chosen or "")
        units = sorted(self.queryset, key=lambda u: vietnamese_sort_key(_short(u.name)))
        former = [u for u in units if u.valid_to is not None and u.valid_to < today]
        for unit in units:
            if unit not in former:
                yield self.choice(unit)
        shown = [u for u in former if str(u.pk) == chosen or (day is not None and u.valid_to >= day
                                                                and (u.valid_from is None or u.valid_from <= day))]
        if shown:
            yield ("Trước khi sắp xếp", [(self.choice(u)[0], f"{u.name} (đến {u.valid_to.day}/{u.valid_to.month}/"
                                                             f"{u.valid_to.year})") for u in shown])


class ProvinceField(BoundedModelChoiceField):
    iterator = ProvinceChoices
    asked_day: datetime.date | None = None
    chosen = None


@extend_schema_field(OpenApiTypes.INT)
class ProvinceFilter(ModelChoiceFilter):
    """Rows in a province (by its id), current or former, through the unit path at `unit_path`. Any province is a
    valid value; the list offers today's ones (see ProvinceChoices)."""

    field_class = ProvinceField

    def __init__(self, unit_path: str, **kwargs):
        self.unit_path = unit_path
        super().__init__(label="Tỉnh, thành phố", queryset=AdminUnit.objects.provinces(),
                         empty_label="Tất cả", **kwargs)

    @property
    def field(self):
        field = super().field
        data = getattr(self.parent, "data", None) or {}
        field.asked_day, field.chosen = asked_day(data), data.get(self.field_name)
        return field

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.unit_path}__startswith": value.path})


class AdminUnitFilterSet(DatedSearchFilterSet):
    province = ProvinceFilter("path")
    parent = PickerFilter("don-vi", label="Đơn vị cấp trên")

    class Meta:
        model = AdminUnit
        fields = ["search", "level", "kind", "province", "parent", "as_of"]
