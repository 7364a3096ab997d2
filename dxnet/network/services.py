"""The DX Network and the Community Digital Technology Teams: every write, the mandatory members, statistics."""

import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from dxnet.agencies.models import Agency
from dxnet.agencies.services import NATIONAL_COORDINATOR_CODE
from dxnet.core.csvdata import read_csv
from dxnet.core.reference import upsert
from dxnet.core.scoping import scope_of
from dxnet.core.services import require_role, save_in_scope
from dxnet.geo.models import AdminUnit
from dxnet.monitoring import services as milestones
from dxnet.people.models import FocalPoint

from .models import CommunityTeam, Network, SkillArea, TeamActivity, TeamMember, Village, VoluntaryMember

SKILL_AREAS_CSV = Path(__file__).parent / "data" / "skill_areas.csv"


def load_skill_areas(*, acting_user=None) -> tuple[int, int]:
    return upsert(SkillArea, read_csv(SKILL_AREAS_CSV), key="code", actor=acting_user)


def load_networks(*, acting_user=None) -> tuple[int, int]:
    """One national network (coordinated by the NDTA) and one per current province (by its DX lead department)."""
    national = Agency.objects.get(code=NATIONAL_COORDINATOR_CODE)
    created, updated = upsert(Network, [{"agency_id": national.id, "province_id": None,
                                         "name": "Mạng lưới chuyển đổi số quốc gia"}],
                              key="agency_id", actor=acting_user)
    leads = Agency.objects.filter(is_dx_lead=True, valid_to__isnull=True).select_related("admin_unit")
    c, u = upsert(Network, [
        {"agency_id": lead.id, "province_id": lead.admin_unit_id,
         "name": f"Mạng lưới chuyển đổi số {lead.admin_unit.name[0].lower()}{lead.admin_unit.name[1:]}"}
        for lead in leads
    ], key="province_id", actor=acting_user)
    return created + c, updated + u


# --- Mandatory members: every active focal point, computed, so ending a designation ends the membership. ------

def mandatory_members(network: Network, on: datetime.date):
    focal_points = FocalPoint.objects.valid_on(on)
    if network.province_id is None:
        return focal_points.filter(agency__admin_unit__isnull=True)
    return focal_points.filter(agency__admin_unit__path__startswith=network.province.path)


def network_of(agency: Agency) -> Network | None:
    """The network an agency's focal points belong to: its province's, or the national one."""
    if agency.admin_unit_id is None:
        return Network.objects.filter(province__isnull=True).first()
    province_key = agency.admin_unit.path.split("/")[0]
    return Network.objects.filter(province__key=province_key).first()


# --- Writes -----------------------------------------------------------------------------------------------------

def network_owner(network: Network) -> Agency:
    """The body counted for the milestone “dx-network”: a province's people's committee (the compliance tables
    count provinces), or the national network's coordinator."""
    if network.province_id is None:
        return network.agency
    day = network.decision_date or timezone.localdate()
    return (Agency.objects.provincial_pcs().filter(admin_unit_id=network.province_id).valid_on(day).first()
            or network.agency)


@transaction.atomic
def do_save_network(network: Network, *, acting_user, **fields) -> Network:
    """Save a network; its founding decision (number and date) records the milestone “dx-network”, and clearing
    the decision withdraws it."""
    require_role(acting_user.can_manage_registry)
    network = save_in_scope(network, acting_user=acting_user, **fields)
    if network.decision_number and network.decision_date:
        owner = network_owner(network)
        milestones.do_derive_milestone(
            network, agency=owner, code="dx-network", achieved_on=network.decision_date, issuer=owner.name,
            document=f"Quyết định số {network.decision_number} ngày {network.decision_date:%d/%m/%Y}: thành lập "
                     f"{network.name}", acting_user=acting_user)
    else:
        milestones.do_withdraw_derived(network, acting_user=acting_user)
    return network


def do_save_voluntary_member(member: VoluntaryMember, *, acting_user, **fields) -> VoluntaryMember:
    require_role(acting_user.can_manage_registry)
    network = fields.get("network") or member.network
    if fields.get("kind", member.kind) == VoluntaryMember.Kind.EXPERT:
        fields["organisation_kind"] = ""
    elif not fields.get("organisation_kind", member.organisation_kind):
        raise ValidationError({"organisation_kind": "Hãy chọn loại tổ chức."})
    return save_in_scope(member, acting_user=acting_user, agency=network.agency, **fields)


def do_save_village(village: Village, *, acting_user, **fields) -> Village:
    require_role(acting_user.can_manage_registry)
    agency = fields.get("agency") or village.agency
    if agency.kind != Agency.Kind.COMMUNE_PC:
        raise ValidationError("Thôn, tổ dân phố phải thuộc một Ủy ban nhân dân cấp xã.")
    return save_in_scope(village, acting_user=acting_user, **fields)


def do_register_team(village: Village, *, decision_number: str, decision_date, acting_user) -> CommunityTeam:
    """Set up the village's team by the commune chairman's decision: one team per village."""
    require_role(acting_user.can_manage_registry)
    if CommunityTeam.objects.filter(village=village).exists():
        raise ValidationError(f"Thôn “{village}” đã có Tổ công nghệ số cộng đồng.")
    return save_in_scope(CommunityTeam(village=village, agency=village.agency), acting_user=acting_user,
                         decision_number=decision_number, decision_date=decision_date, valid_from=decision_date)


def do_save_team(team: CommunityTeam, *, acting_user, **fields) -> CommunityTeam:
    require_role(acting_user.can_manage_registry)
    return save_in_scope(team, acting_user=acting_user, **fields)


def team_member_phone_conflicts(phones: dict[str, int], *, acting_user, exclude_pk=None) -> dict[str, str]:
    """Phones (→ the team they are meant for) already held by a current member of another team, with the message.

    A phone is one member's nationwide. The holder is named only to a user who may see them: anyone else reads
    that the number is used elsewhere, so the answer reveals nobody outside the user's scope.
    """
    scope = scope_of(acting_user)
    holders = (TeamMember.objects.filter(phone__in=list(phones), valid_to__isnull=True).exclude(pk=exclude_pk)
               .values_list("phone", "team_id", "full_name", "team__village__name", "agency__path"))
    conflicts = {}
    for phone, team_id, full_name, village, agency_path in holders.iterator(chunk_size=5000):
        if team_id == phones[phone]:
            continue
        conflicts[phone] = (f"Số điện thoại đã thuộc {full_name}, thành viên Tổ CNSCĐ {village}."
                            if scope.covers(agency_path) else "Số điện thoại đã được dùng ở đơn vị khác.")
    return conflicts


def check_team_member(member: TeamMember, *, acting_user) -> None:
    conflict = team_member_phone_conflicts({member.phone: member.team_id}, acting_user=acting_user,
                                           exclude_pk=member.pk).get(member.phone)
    if conflict:
        raise ValidationError({"phone": conflict})


@transaction.atomic
def do_save_team_member(member: TeamMember, *, acting_user, **fields) -> TeamMember:
    require_role(acting_user.can_record_team_work)
    team = fields.get("team") or member.team
    member = save_in_scope(member, acting_user=acting_user, agency=team.agency, **fields)
    check_team_member(member, acting_user=acting_user)  # inside the transaction: a conflict writes nothing
    return member


def do_record_activity(activity: TeamActivity, *, acting_user, **fields) -> TeamActivity:
    require_role(acting_user.can_record_team_work)
    team = fields.get("team") or activity.team
    return save_in_scope(activity, acting_user=acting_user, agency=team.agency, **fields)


# --- Statistics -------------------------------------------------------------------------------------------------

def team_statistics(user, *, province: AdminUnit | None = None, commune: Agency | None = None,
                    team: CommunityTeam | None = None, on: datetime.date | None = None) -> dict:
    """Village coverage (x/N), teams, members and people helped by skill area and month, within scope."""
    on = on or timezone.localdate()
    villages = Village.objects.visible_to(user).valid_on(on)
    teams = CommunityTeam.objects.visible_to(user).valid_on(on)
    members = TeamMember.objects.visible_to(user).valid_on(on)
    activities = TeamActivity.objects.visible_to(user).filter(date__lte=on)
    if province is not None:
        inside = {"agency__admin_unit__path__startswith": province.path}
        villages, teams, members, activities = (q.filter(**inside) for q in (villages, teams, members, activities))
    if commune is not None:
        villages, teams, members, activities = (q.filter(agency=commune)
                                                for q in (villages, teams, members, activities))
    if team is not None:
        villages, teams = villages.filter(team=team), teams.filter(pk=team.pk)
        members, activities = members.filter(team=team), activities.filter(team=team)
    totals = activities.aggregate(people=Sum("people_helped"), households=Sum("households_helped"))
    return {
        "villages": villages.count(),
        "covered": villages.filter(Q(team__isnull=False) & (Q(team__valid_to__isnull=True)
                                                            | Q(team__valid_to__gte=on))).count(),
        "teams": teams.count(),
        "members": members.count(),
        "people_helped": totals["people"] or 0,
        "households_helped": totals["households"] or 0,
        "by_skill": list(activities.values("skill_area__name").annotate(people=Sum("people_helped"))
                         .order_by("skill_area__id")),
        "by_month": list(activities.annotate(month=TruncMonth("date")).values("month", "skill_area__name")
                         .annotate(people=Sum("people_helped")).order_by("month", "skill_area__name")),
        "communes": villages.values("agency").distinct().count(),
    }


def coverage_by_commune(user, province: AdminUnit):
    """Per commune of a province: villages, villages with a team, members — one grouped query."""
    return (Agency.objects.visible_to(user).filter(kind=Agency.Kind.COMMUNE_PC,
                                                   admin_unit__path__startswith=province.path,
                                                   valid_to__isnull=True)
            .annotate(village_count=Count("villages", distinct=True),
                      team_count=Count("community_teams", distinct=True),
                      member_count=Count("team_members", distinct=True))
            .order_by("name"))
