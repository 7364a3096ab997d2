"""Success stories: every write (record, change, publish, withdraw), the areas' reference load, and the
published stories as open data (no personal data: titles, agencies, areas, days, links)."""

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from dxnet.accounts.models import Role
from dxnet.core.csvdata import read_csv
from dxnet.core.reference import upsert
from dxnet.core.scoping import scope_of
from dxnet.core.services import require_role, save_in_scope

from .models import StoryArea, SuccessStory

AREAS_CSV = Path(__file__).parent / "data" / "areas.csv"
MAY_WRITE = "Chỉ điều phối, đầu mối chuyển đổi số và Quản trị quốc gia được ghi nhận mô hình, câu chuyện."
MAY_PUBLISH = "Chỉ điều phối (trong phạm vi của mình) hoặc Quản trị quốc gia được công bố mô hình, câu chuyện."
CENTRAL = "Trung ương"  # stories of bodies without a province (ministries, national bodies)


def load_areas(*, acting_user=None) -> tuple[int, int]:
    """Create the areas the list lacks; names edited since are kept."""
    rows = [{"code": r["code"], "name": r["name"], "order": int(r["order"])} for r in read_csv(AREAS_CSV)]
    known = set(StoryArea.objects.values_list("code", flat=True))
    return upsert(StoryArea, [r for r in rows if r["code"] not in known], key="code", actor=acting_user)


def may_publish(user, story: SuccessStory) -> bool:
    return (getattr(user, "role", None) in (Role.NATIONAL_ADMIN, Role.COORDINATOR)
            and scope_of(user).covers(story.agency.path))


@transaction.atomic
def do_save_story(story: SuccessStory, *, acting_user, **fields) -> SuccessStory:
    """Record or change a story of an agency in the author's scope (their own agency when none is named). A
    published story changed by someone who may not publish goes back to be published again."""
    require_role(acting_user.can_manage_registry, MAY_WRITE)
    if story._state.adding and fields.get("agency") is None and fields.get("agency_id") is None:
        fields["agency"] = acting_user.agency
    if not fields.get("file"):
        fields.pop("file", None)  # an edit without a new upload keeps the stored file
    story = save_in_scope(story, acting_user=acting_user, **fields)
    if story.published and not may_publish(acting_user, story):
        story = save_in_scope(story, acting_user=acting_user, published=False, published_at=None)
    return story


@transaction.atomic
def do_import_stories(rows: list[dict], *, acting_user) -> tuple[int, int]:
    """A sheet's rows, keyed by (agency, title, day), written one by one through `do_save_story`: a new story waits
    to be published, and a published one changed by someone who may not publish goes back to wait. Returns
    (created, updated); an unchanged row writes nothing."""
    visible = SuccessStory.objects.visible_to(acting_user)
    created = updated = 0
    for row in rows:
        story = visible.filter(agency_id=row["agency_id"], title=row["title"], date=row["date"]).first()
        if story is None:
            do_save_story(SuccessStory(), acting_user=acting_user, **row)
            created += 1
        elif any(getattr(story, name) != value for name, value in row.items()):
            do_save_story(story, acting_user=acting_user, **row)
            updated += 1
    return created, updated


@transaction.atomic
def do_publish_story(story: SuccessStory, *, acting_user, published: bool = True, **fields) -> SuccessStory:
    """Publish a story on the open-data page (or withdraw it); only what is public is shown there."""
    if not may_publish(acting_user, story):
        raise PermissionDenied(MAY_PUBLISH)
    if story.published == published:
        return story
    return save_in_scope(story, acting_user=acting_user, published=published,
                         published_at=timezone.now() if published else None, **fields)


def province_name(agency) -> str:
    unit = agency.admin_unit
    while unit is not None and unit.parent_id is not None:
        unit = unit.parent
    return unit.name if unit else CENTRAL


def public_stories(limit: int = 200) -> dict:
    """Published stories for anyone: the latest ones and the count per province (plain, cacheable data)."""
    from dxnet.geo.models import AdminUnit

    rows = (SuccessStory.objects.published().select_related("agency__admin_unit__parent", "area")
            .order_by("-date", "-pk")[:limit])
    latest = [{"title": s.title, "agency": s.agency.name, "province": province_name(s.agency), "area": s.area.name,
               "date": s.date.isoformat(), "summary": s.summary, "link": s.link} for s in rows]
    provinces = {u.path: u.name for u in AdminUnit.objects.provinces()}
    counts: dict[str, int] = {}
    for path, n in (SuccessStory.objects.published().values_list("agency__admin_unit__path")
                    .annotate(n=Count("pk")).order_by()):
        name = provinces.get(path.split("/", 1)[0] + "/", CENTRAL) if path else CENTRAL
        counts[name] = counts.get(name, 0) + n
    by_province = [{"province": name, "stories": n} for name, n in sorted(counts.items(), key=lambda i: (-i[1], i[0]))]
    return {"total": sum(counts.values()), "by_province": by_province, "latest": latest}
