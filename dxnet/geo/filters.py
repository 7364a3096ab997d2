
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from dxnet.core.filters import DatedSearchFilterSet, IdFilter, ModelChoiceFilter

from .models import AdminUnit


@extend_schema_field(OpenApiTypes.INT)
class ProvinceFilter(ModelChoiceFilter):
    """Rows in a province (by its id), current or former, through the unit path at `unit_path`."""

    def __init__(self, unit_path: str, **kwargs):
        self.unit_path = unit_path
        super().__init__(label="Tỉnh, thành phố", queryset=AdminUnit.objects.provinces(),
                         empty_label="Tất cả", **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.unit_path}__startswith": value.path})


class AdminUnitFilterSet(DatedSearchFilterSet):
    province = ProvinceFilter("path")
    parent = IdFilter(label="Đơn vị cấp trên (id)")

    class Meta:
        model = AdminUnit
        fields = ["search", "level", "kind", "province", "parent", "as_of"]
