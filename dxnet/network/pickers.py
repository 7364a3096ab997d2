"""What a team or village field offers: those of the communes in the user's scope."""

from dxnet.core.pickers import PickerSource

from .models import CommunityTeam, Village


def team_choices(user, params: dict):
    return CommunityTeam.objects.visible_to(user)


def village_choices(user, params: dict):
    villages = Village.objects.visible_to(user)
    return villages.filter(team__isnull=True) if params.get("chua-co-to") else villages


TEAM_PICKER = PickerSource("to-cnscd", team_choices, hint=lambda team: team.agency.name,
                           search_field="village__search_name", related=("village", "agency"))
VILLAGE_PICKER = PickerSource("thon", village_choices, hint=lambda village: village.agency.name,
                              related=("agency",), params=("chua-co-to",))
