from dxnet.core.api import ScopedSerializer, ScopedViewSet

from . import services
from .filters import (
    TeamActivityFilterSet,
    TeamFilterSet,
    TeamMemberFilterSet,
    VillageFilterSet,
    VoluntaryMemberFilterSet,
)
from .models import CommunityTeam, TeamActivity, TeamMember, Village, VoluntaryMember


class VoluntaryMemberSerializer(ScopedSerializer):
    class Meta:
        model = VoluntaryMember
        fields = ["id", "network", "kind", "organisation_kind", "name", "contact_person", "phone", "email",
                  "expertise", "valid_from", "valid_to"]


class VoluntaryMemberViewSet(ScopedViewSet):
    """Voluntary members (organisations, experts) of the DX Networks in the caller's scope."""

    model = VoluntaryMember
    serializer_class = VoluntaryMemberSerializer
    filterset_class = VoluntaryMemberFilterSet
    create_service = update_service = services.do_save_voluntary_member


class VillageSerializer(ScopedSerializer):
    class Meta:
        model = Village
        fields = ["id", "agency", "name", "kind", "valid_from", "valid_to"]


class VillageViewSet(ScopedViewSet):
    model = Village
    serializer_class = VillageSerializer
    filterset_class = VillageFilterSet
    create_service = update_service = services.do_save_village


def _register_team(team, *, acting_user, village, decision_number, decision_date, **fields):
    return services.do_register_team(village, decision_number=decision_number, decision_date=decision_date,
                                     acting_user=acting_user)


class TeamSerializer(ScopedSerializer):
    class Meta:
        model = CommunityTeam
        fields = ["id", "village", "agency", "decision_number", "decision_date", "valid_from", "valid_to"]
        read_only_fields = ["agency"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["village"].read_only = True
        return fields


class TeamUpdateSerializer(TeamSerializer):
    """The same team for PUT/PATCH, where its village is fixed: the schema says so."""

    class Meta(TeamSerializer.Meta):
        read_only_fields = [*TeamSerializer.Meta.read_only_fields, "village"]


class TeamViewSet(ScopedViewSet):
    """Community Digital Technology Teams: one per village."""

    model = CommunityTeam
    serializer_class = TeamSerializer
    filterset_class = TeamFilterSet
    create_service = _register_team
    update_service = services.do_save_team

    def get_serializer_class(self):
        return TeamUpdateSerializer if self.action in ("update", "partial_update") else TeamSerializer


class TeamMemberSerializer(ScopedSerializer):
    class Meta:
        model = TeamMember
        fields = ["id", "team", "full_name", "phone", "role", "valid_from", "valid_to"]


class TeamMemberViewSet(ScopedViewSet):
    model = TeamMember
    serializer_class = TeamMemberSerializer
    filterset_class = TeamMemberFilterSet
    create_service = update_service = services.do_save_team_member


class TeamActivitySerializer(ScopedSerializer):
    class Meta:
        model = TeamActivity
        fields = ["id", "team", "date", "skill_area", "people_helped", "households_helped", "notes"]


class TeamActivityViewSet(ScopedViewSet):
    model = TeamActivity
    serializer_class = TeamActivitySerializer
    filterset_class = TeamActivityFilterSet
    create_service = update_service = services.do_record_activity
