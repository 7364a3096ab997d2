import django_filters

from dxnet.core.filters import ModelChoiceFilter
from dxnet.core.pickers import PickerFilter
from dxnet.core.text import fold
from dxnet.geo.filters import ProvinceFilter

from .models import CommunityTeam, SkillArea, TeamActivity, TeamMember, Village, VoluntaryMember

COMMUNES = {"loai": ["commune_pc"]}


class _SearchFilterSet(django_filters.FilterSet):
    search = django_filters.CharFilter(label="Tìm theo tên", method="filter_search")
    province = ProvinceFilter("agency__admin_unit__path")
    commune = PickerFilter("co-quan", label="Ủy ban nhân dân xã", field_name="agency", params=COMMUNES)

    def filter_search(self, queryset, name, value):
        return queryset.filter(search_name__contains=fold(value))


class VillageFilterSet(_SearchFilterSet):
    has_team = django_filters.BooleanFilter(label="Đã có Tổ CNSCĐ", field_name="team", lookup_expr="isnull",
                                            exclude=True)

    class Meta:
        model = Village
        fields = ["search", "province", "commune", "kind", "has_team"]


class TeamFilterSet(_SearchFilterSet):
    def filter_search(self, queryset, name, value):
        return queryset.filter(village__search_name__contains=fold(value))

    class Meta:
        model = CommunityTeam
        fields = ["search", "province", "commune"]


class TeamMemberFilterSet(_SearchFilterSet):
    team = PickerFilter("to-cnscd", label="Tổ công nghệ số cộng đồng")

    class Meta:
        model = TeamMember
        fields = ["search", "province", "commune", "team", "role"]


class TeamActivityFilterSet(django_filters.FilterSet):
    province = ProvinceFilter("agency__admin_unit__path")
    commune = PickerFilter("co-quan", label="Ủy ban nhân dân xã", field_name="agency", params=COMMUNES)
    team = PickerFilter("to-cnscd", label="Tổ công nghệ số cộng đồng")
    skill_area = ModelChoiceFilter(label="Kỹ năng", queryset=SkillArea.objects.all())
    date_from = django_filters.DateFilter(label="Từ ngày", field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(label="Đến ngày", field_name="date", lookup_expr="lte")

    class Meta:
        model = TeamActivity
        fields = ["province", "commune", "team", "skill_area", "date_from", "date_to"]


class VoluntaryMemberFilterSet(_SearchFilterSet):
    class Meta:
        model = VoluntaryMember
        fields = ["search", "network", "kind", "organisation_kind"]
