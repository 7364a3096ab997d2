"""What of a commune's community teams moves when the commune ends in a reorganisation: villages, teams, members
and their activities."""

from dxnet.agencies.models import Agency
from dxnet.agencies.reorganisation import Movable
from dxnet.core import audit

from .models import CommunityTeam, TeamActivity, TeamMember, Village


def _communes(olds) -> list[Agency]:
    return [agency for agency in olds if agency.kind == Agency.Kind.COMMUNE_PC]


def _new_names(villages, receiver) -> dict[int, str]:
    """Merged communes often have villages of the same name ("Thôn 1"): one that meets a namesake in the receiver
    takes its former commune's name beside it ("Thôn 1 (xã Bản Xèo cũ)"), so no village is lost."""
    taken = set(Village.objects.filter(agency=receiver).values_list("name", flat=True))
    renamed = {}
    for village in villages.select_related("agency__admin_unit").order_by("agency__path", "name"):
        name = village.name
        if name in taken:
            place = village.agency.admin_unit.name if village.agency.admin_unit else village.agency.name
            name = f"{village.name} ({place[:1].lower()}{place[1:]} cũ)"[:200]
            renamed[village.pk] = name
        taken.add(name)
    return renamed


def _renaming_notes(villages, receiver) -> list[str]:
    renamed = list(_new_names(villages, receiver).values())
    if not renamed:
        return []
    return [f"{len(renamed)} thôn, tổ dân phố trùng tên với thôn của cơ quan tiếp nhận sẽ được ghi thêm tên xã cũ, "
            f"ví dụ “{renamed[0]}”."]


def _rename(villages, receiver, actor) -> None:
    renamed = _new_names(villages, receiver)
    changed = []
    for village in Village.objects.select_for_update().filter(pk__in=renamed):
        before = audit.snapshot(village)
        village.name = renamed[village.pk]
        village.search_name = Village.search_text_of(village.name)
        changed.append((village, before))
    Village.objects.bulk_update([village for village, _ in changed], ["name", "search_name"])
    audit.record_bulk(updated=changed, actor=actor)


MOVABLES = (
    Movable("villages", "Thôn, tổ dân phố", lambda olds, day: Village.objects.filter(agency__in=_communes(olds)),
            notes=_renaming_notes, before=_rename),
    Movable("teams", "Tổ công nghệ số cộng đồng",
            lambda olds, day: CommunityTeam.objects.filter(agency__in=_communes(olds))),
    Movable("team_members", "Thành viên Tổ công nghệ số cộng đồng",
            lambda olds, day: TeamMember.objects.filter(agency__in=_communes(olds))),
    Movable("activities", "Hoạt động của Tổ công nghệ số cộng đồng",
            lambda olds, day: TeamActivity.objects.filter(agency__in=_communes(olds))),
)
