"""Reorganisations as data: lineage links, previewing and applying an event, and what refuses to apply."""

import datetime

import pytest
from django.urls import reverse

from dxnet.agencies import lineage
from dxnet.agencies.models import Agency

from .conftest import client_for


@pytest.mark.django_db
def test_a_former_province_committee_is_continued_by_the_current_one():
    lao_cai = Agency.objects.get(code="ubnd-tinh-15")
    former = {a.code for a in lineage.predecessors(lao_cai)}
    assert former == {"ubnd-tinh-cu-10", "ubnd-tinh-cu-15"}  # Lào Cai and Yên Bái (NQ 202/2025/QH15)
    assert lineage.predecessors(lao_cai, before=datetime.date(2025, 6, 30)) == []
    assert {a.code for a in lineage.predecessors(lao_cai, before=datetime.date(2025, 7, 1))} == former
    yen_bai = Agency.objects.get(code="ubnd-tinh-cu-15")
    assert lineage.successors(yen_bai) == [lao_cai]
    assert lineage.successors(yen_bai, after=datetime.date(2025, 7, 1)) == []


def test_the_lineage_api_shows_links_with_their_day_and_basis(actors):
    lao_cai = Agency.objects.get(code="ubnd-tinh-15")
    body = client_for(actors["coordinator"]).get(reverse("agency-lineage", args=[lao_cai.pk])).json()
    assert body["successors"] == []
    by_code = {row["code"]: row for row in body["predecessors"]}
    assert set(by_code) == {"ubnd-tinh-cu-10", "ubnd-tinh-cu-15"}
    assert by_code["ubnd-tinh-cu-15"]["effective_on"] == "2025-07-01"
    assert by_code["ubnd-tinh-cu-15"]["basis"] == "Nghị quyết 202/2025/QH15"
    assert by_code["ubnd-tinh-cu-15"]["name"] == "Ủy ban nhân dân tỉnh Yên Bái"


# --- Events: preview, apply, refuse ---------------------------------------------------------------------------

def _event(admin, kind, olds, news=(), day=None, **extra):
    from dxnet.agencies.reorganisation import do_create_event

    return do_create_event(kind=kind, effective_on=day or datetime.date(2026, 11, 1), basis="Nghị quyết 9/NQ-HĐND",
                           predecessors=olds, successors=news, acting_user=admin, **extra)


def _lao_cai_communes():
    return list(Agency.objects.filter(kind=Agency.Kind.COMMUNE_PC, parent__code="ubnd-tinh-15").order_by("code"))


def test_a_merger_on_the_demo_data_moves_what_lives_on_and_leaves_2022_alone(db):
    from dxnet.accounts.models import User
    from dxnet.agencies.reorganisation import do_apply_event, preview_event
    from dxnet.demo import load_demo
    from dxnet.network.models import CommunityTeam
    from dxnet.people.models import FocalPoint
    from dxnet.plans.models import Plan
    from dxnet.plans.services import do_save_task

    load_demo()
    admin = User.objects.get(username="quantri")
    old, receiver = _lao_cai_communes()[0], _lao_cai_communes()[5]  # the first has demo data, the sixth none
    plan = Plan.objects.get(agency__code="ubnd-tinh-15", year=2026, number="125/KH-UBND")
    task = do_save_task(plan.tasks.exclude(status="done").first(), acting_user=admin, lead=old)
    api = client_for(admin)
    table_2022 = api.get(reverse("compliance"), {"milestone": "dx-plan-2022", "as_of": "2022-12-31"}).json()
    event = _event(admin, "merge", [old], [receiver])

    preview = preview_event(event)
    assert preview.errors == [] and preview.receiver == receiver
    # The commune's focal point, team leader and member.
    assert preview.counts["users"] == 3 and preview.counts["focal_points"] == 1 and preview.counts["teams"] == 3
    assert preview.counts["tasks"] == 1
    do_apply_event(event, acting_user=admin)

    assert {u.agency for u in User.objects.filter(username__endswith=".xa.laocai")} == {receiver}
    assert FocalPoint.objects.filter(agency=receiver).count() == 1
    assert CommunityTeam.objects.filter(agency=receiver).count() == 3
    assert not CommunityTeam.objects.filter(agency=old).exists()
    task.refresh_from_db()
    assert task.lead == receiver
    old.refresh_from_db()
    assert old.valid_to == datetime.date(2026, 10, 31) and old.successor == receiver
    assert lineage.predecessors(receiver) == [old]
    assert api.get(reverse("compliance"), {"milestone": "dx-plan-2022", "as_of": "2022-12-31"}).json() == table_2022


def test_a_merger_moves_team_members_and_activities_and_keeps_villages_of_the_same_name(db):
    from dxnet.accounts.models import User
    from dxnet.agencies.reorganisation import do_apply_event, preview_event
    from dxnet.demo import load_demo
    from dxnet.network.models import TeamActivity, TeamMember, Village

    load_demo()
    admin = User.objects.get(username="quantri")
    old, receiver = _lao_cai_communes()[0], _lao_cai_communes()[5]
    names = list(Village.objects.filter(agency=old).values_list("name", flat=True))
    members = TeamMember.objects.filter(agency=old).count()
    activities = TeamActivity.objects.filter(agency=old).count()
    assert names and members and activities
    Village.objects.create(agency=receiver, name=names[0], kind="thon")  # the receiver has a namesake
    event = _event(admin, "merge", [old], [receiver])
    preview = preview_event(event)
    assert preview.errors == [] and len(preview.notes) == 1 and "1 thôn, tổ dân phố trùng tên" in preview.notes[0]
    assert preview.counts["team_members"] == members and preview.counts["activities"] == activities
    do_apply_event(event, acting_user=admin)
    place = old.admin_unit.name
    assert Village.objects.filter(agency=receiver, name=f"{names[0]} ({place[:1].lower()}{place[1:]} cũ)").exists()
    assert Village.objects.filter(agency=receiver).count() == len(names) + 1
    assert TeamMember.objects.filter(agency=receiver).count() == members
    assert TeamActivity.objects.filter(agency=receiver).count() == activities
    assert not TeamMember.objects.filter(agency=old).exists()
    focal = client_for(User.objects.get(username="daumoi.xa.laocai"))
    assert focal.get("/api/v1/team-members/").json()["count"] == members


def test_bad_events_are_refused_in_vietnamese_and_change_nothing(actors):
    from django.core.exceptions import ValidationError

    from dxnet.agencies.reorganisation import do_apply_event
    from dxnet.core.errors import Conflict

    admin = actors["national_admin"]
    a, b, c = _lao_cai_communes()[:3]
    former = Agency.objects.get(code="ubnd-tinh-cu-15")
    ended = _event(admin, "merge", [former], [a])
    with pytest.raises(ValidationError, match="đã hết hiệu lực từ 01/07/2025"):
        do_apply_event(ended, acting_user=admin)

    first = _event(admin, "merge", [a], [b])
    do_apply_event(first, acting_user=admin)
    with pytest.raises(Conflict, match="đã được áp dụng"):
        do_apply_event(first, acting_user=admin)
    cycle = _event(admin, "merge", [b], [a], day=datetime.date(2026, 11, 2))
    with pytest.raises(ValidationError, match="Vòng lặp kế thừa"):
        do_apply_event(cycle, acting_user=admin)
    with pytest.raises(ValidationError, match="Tên mới không được để trống"):
        _event(admin, "rename", [c], new_name="   ")
    blank = _event(admin, "rename", [c], new_name="Ủy ban nhân dân xã Mới")
    blank.new_name = "  "
    blank.save()
    with pytest.raises(ValidationError, match="Tên mới không được để trống"):
        do_apply_event(blank, acting_user=admin)
    b.refresh_from_db()
    c.refresh_from_db()
    assert b.valid_to is None and b.successor is None and not c.names.exists()
    assert cycle.applied_at is None


def test_a_rename_keeps_the_old_name_for_the_days_before(actors):
    from dxnet.agencies.reorganisation import do_apply_event

    admin = actors["national_admin"]
    commune = _lao_cai_communes()[2]
    old_name = commune.name
    do_apply_event(_event(admin, "rename", [commune], new_name="Ủy ban nhân dân xã Hợp Thành Mới"),
                   acting_user=admin)
    commune.refresh_from_db()
    assert commune.name == "Ủy ban nhân dân xã Hợp Thành Mới" and commune.valid_to is None
    assert commune.name_on(datetime.date(2026, 10, 31)) == old_name


def test_a_transfer_moves_the_body_and_its_subtree_under_the_new_parent(actors):
    from dxnet.agencies.reorganisation import do_apply_event

    admin = actors["national_admin"]
    cuc = Agency.objects.get(code="cuc-chuyen-doi-so-quoc-gia")
    government = Agency.objects.get(code="chinh-phu")
    do_apply_event(_event(admin, "transfer", [cuc], new_parent=government), acting_user=admin)
    cuc.refresh_from_db()
    assert cuc.parent == government and cuc.path == "chinh-phu/cuc-chuyen-doi-so-quoc-gia/" and cuc.depth == 1
    periods = dict(cuc.parents.values_list("parent__code", "valid_to"))
    assert periods["bo-khoa-hoc-va-cong-nghe"] == datetime.date(2026, 10, 31) and periods["chinh-phu"] is None


def test_the_command_previews_then_applies(actors):
    import io

    from django.core.management import call_command
    from django.core.management.base import CommandError

    admin = actors["national_admin"]
    a, b = _lao_cai_communes()[:2]
    event = _event(admin, "merge", [a], [b])
    out = io.StringIO()
    call_command("reorganise", str(event.pk), "--preview", stdout=out)
    assert "Tài khoản (và phạm vi dữ liệu): 3" in out.getvalue()
    a.refresh_from_db()
    assert a.valid_to is None
    call_command("reorganise", str(event.pk), "--apply", stdout=out)
    assert "Đã áp dụng" in out.getvalue()
    a.refresh_from_db()
    assert a.valid_to == datetime.date(2026, 10, 31)
    with pytest.raises(CommandError, match="đã được áp dụng"):
        call_command("reorganise", str(event.pk), "--apply", stdout=out)


def test_the_national_admin_records_previews_and_applies_on_the_page(actors):
    from dxnet.agencies.models import ReorganisationEvent

    a, b = _lao_cai_communes()[:2]
    client = client_for(actors["national_admin"])
    response = client.post(reverse("agencies:event-create"), {
        "kind": "merge", "effective_on": "2026-11-01", "basis": "Nghị quyết 9/NQ-HĐND",
        "predecessors": a.code, "successors": f"{b.code}, khong-co-ma"})
    assert "Không tìm thấy “khong-co-ma”" in response.content.decode()
    response = client.post(reverse("agencies:event-create"), {
        "kind": "merge", "effective_on": "2026-11-01", "basis": "Nghị quyết 9/NQ-HĐND",
        "predecessors": a.code, "successors": b.code})
    event = ReorganisationEvent.objects.get()
    page = client.get(response.url).content.decode()
    assert "Xem trước" in page and "Tài khoản (và phạm vi dữ liệu)" in page and b.name in page
    refused = client.post(reverse("agencies:event-apply", args=[event.pk]), follow=True).content.decode()
    assert "Hãy đánh dấu xác nhận" in refused
    a.refresh_from_db()
    assert a.valid_to is None
    applied = client.post(reverse("agencies:event-apply", args=[event.pk]), {"confirm": "1"}, follow=True)
    assert "Đã áp dụng sự kiện sắp xếp tổ chức." in applied.content.decode()
    a.refresh_from_db()
    assert a.valid_to == datetime.date(2026, 10, 31)
    again = client.post(reverse("agencies:event-apply", args=[event.pk]), {"confirm": "1"}, follow=True)
    assert "đã được áp dụng" in again.content.decode()


def test_a_merger_moves_the_open_obstacles_and_leaves_the_closed_ones(db):
    from dxnet.accounts.models import User
    from dxnet.agencies.reorganisation import do_apply_event, preview_event
    from dxnet.demo import load_demo
    from dxnet.obstacles.models import Obstacle

    load_demo()
    admin = User.objects.get(username="quantri")
    old, receiver = _lao_cai_communes()[0], _lao_cai_communes()[5]
    raised = Obstacle.objects.filter(agency=old)
    still_open = set(raised.exclude(status=Obstacle.Status.CLOSED).values_list("pk", flat=True))
    closed = set(raised.filter(status=Obstacle.Status.CLOSED).values_list("pk", flat=True))
    assert still_open
    event = _event(admin, "merge", [old], [receiver])
    assert preview_event(event).counts["obstacles"] == len(still_open)
    do_apply_event(event, acting_user=admin)
    assert set(Obstacle.objects.filter(agency=receiver).values_list("pk", flat=True)) == still_open
    assert set(Obstacle.objects.filter(agency=old).values_list("pk", flat=True)) == closed
    focal = client_for(User.objects.get(username="daumoi.xa.laocai"))
    assert focal.get(f"/api/v1/obstacles/{next(iter(still_open))}/").status_code == 200
