"""The registry's rules: focal points and the network, statistics on a known dataset, the agency page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dxnet.agencies.models import Agency
from dxnet.core.models import AuditEntry
from dxnet.network import services as network
from dxnet.people import services as people
from dxnet.people.models import FocalPoint, Person

from .conftest import client_for

pytestmark = pytest.mark.django_db


def test_ending_a_designation_removes_the_member_from_the_network_that_day(coordinator, registry):
    today = timezone.localdate()
    lao_cai = registry["network"]
    assert registry["focal_point"] in network.mandatory_members(lao_cai, today)
    people.do_end_focal_point(registry["focal_point"], ended_on=today, acting_user=coordinator)
    assert registry["focal_point"] not in network.mandatory_members(lao_cai, today)
    assert registry["focal_point"] in network.mandatory_members(lao_cai, today - datetime.timedelta(days=1))
    entry = AuditEntry.objects.for_object(registry["focal_point"]).get()
    assert entry.changes["valid_to"] == [None, (today - datetime.timedelta(days=1)).isoformat()]


def test_a_focal_point_of_a_commune_is_a_member_of_its_province_network_only(coordinator, registry):
    today = timezone.localdate()
    national = network.network_of(Agency.objects.get(code="bo-y-te"))
    assert national.province is None
    assert network.network_of(registry["agency"]) == registry["network"]
    assert registry["focal_point"] not in network.mandatory_members(national, today)


def test_designating_through_the_ui_makes_a_mandatory_member(coordinator, registry):
    client = client_for(coordinator)
    other = registry["other_lao_cai"]
    Person.objects.create(agency=other, full_name="Lý Văn Mười", phone="0977000010", search_name="ly van muoi")
    response = client.post(reverse("people:focal-point-create", args=[other.pk]), {
        "person": "0977 000 010", "decision_number": "9/QĐ-UBND", "decision_date": "2025-08-01"})
    assert response.status_code == 302
    designation = FocalPoint.objects.get(agency=other)
    assert designation.valid_from == datetime.date(2025, 8, 1)
    assert designation in network.mandatory_members(registry["network"], timezone.localdate())
    page = client.get(reverse("network:detail", args=[registry["network"].pk])).content.decode()
    assert "Lý Văn Mười" in page and "Hoàng Thị Hoa" in page


def test_the_agency_page_shows_focal_points_staff_and_decisions(coordinator, registry):
    client = client_for(coordinator)
    commune = registry["agency"]
    client.post(reverse("agencies:decision-create", args=[commune.pk]), {
        "purpose": "restructuring", "number": "12/QĐ-UBND", "issued_on": "2025-07-15",
        "issuer": "Ủy ban nhân dân tỉnh Lào Cai", "summary": "Kiện toàn bộ phận chuyển đổi số"})
    page = client.get(reverse("agencies:detail", args=[commune.pk])).content.decode()
    assert "Hoàng Thị Hoa" in page and "5/QĐ-UBND" in page
    assert "Kiêm nhiệm: <b>1</b>" in page
    assert "Kiện toàn tổ chức bộ máy: 12/QĐ-UBND ngày 15/07/2025 của Ủy ban nhân dân tỉnh Lào Cai" in page


def test_the_province_page_lists_agencies_without_an_active_focal_point(coordinator, registry):
    province = Agency.objects.get(code="ubnd-tinh-15")
    page = client_for(coordinator).get(reverse("agencies:detail", args=[province.pk])).content.decode()
    missing = people.agencies_without_focal_point(coordinator, timezone.localdate())
    # 99 communes, the People's Committee, the DX lead and home-affairs departments, less the commune with a focal
    # point
    assert missing.filter(path__startswith=province.path).count() == 101
    assert f"Cơ quan chưa có đầu mối chuyển đổi số ({missing.count()})" in page
    assert registry["agency"].name not in page.split("Cơ quan chưa có đầu mối")[1].split("</section>")[0]


@pytest.mark.parametrize("scope, expected", [
    ("commune", {"villages": 3, "covered": 2, "teams": 2, "members": 5, "people_helped": 22}),
    ("province", {"villages": 5, "covered": 3, "teams": 3, "members": 6, "people_helped": 26}),
    ("nation", {"villages": 6, "covered": 4, "teams": 4, "members": 8, "people_helped": 46}),
])
def test_team_statistics_on_a_known_dataset(scope, expected, actors, registry):
    from dxnet.geo.models import AdminUnit

    admin = actors["national_admin"]
    options = {"commune": {"commune": registry["agency"]},
               "province": {"province": AdminUnit.objects.get(key="tinh-15")}, "nation": {}}[scope]
    stats = network.team_statistics(admin, **options)
    assert {k: stats[k] for k in expected} == expected


def test_statistics_follow_scope_and_time(actors, registry):
    outsider = network.team_statistics(actors["outsider"])
    assert (outsider["villages"], outsider["members"], outsider["people_helped"]) == (1, 2, 20)
    by_skill = {row["skill_area__name"]: row["people"] for row in network.team_statistics(actors["coordinator"])
                ["by_skill"]}
    assert by_skill == {"Dịch vụ công trực tuyến": 17, "Ứng dụng định danh điện tử VNeID": 5, "Chữ ký số": 4}
    before_june = network.team_statistics(actors["coordinator"], on=datetime.date(2024, 5, 31))
    assert before_june["people_helped"] == 10
    months = {(row["month"].strftime("%m/%Y"), row["people"]) for row in
              network.team_statistics(actors["coordinator"])["by_month"]}
    assert ("06/2024", 7) in months and ("05/2024", 10) in months


def test_the_statistics_page_breaks_a_province_down_by_commune(coordinator, registry):
    from dxnet.geo.models import AdminUnit

    province = AdminUnit.objects.get(key="tinh-15")
    page = client_for(coordinator).get(reverse("network:statistics"), {"province": province.pk}).content.decode()
    assert "3/5</b> thôn, tổ dân phố có Tổ CNSCĐ" in page
    commune = registry["agency"]
    assert f'<a href="?commune={commune.pk}">{commune.name}</a></td><td>3</td><td>2</td><td>5</td>' in page


def test_one_team_per_village(coordinator, registry):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="đã có Tổ công nghệ số cộng đồng"):
        network.do_register_team(registry["village"], decision_number="1", decision_date=datetime.date(2025, 1, 1),
                                 acting_user=coordinator)


def test_a_commune_user_never_sees_another_communes_people(actors, registry):
    from dxnet.network.models import TeamMember

    user = actors["focal_point"]
    visible = set(TeamMember.objects.visible_to(user).values_list("agency_id", flat=True))
    assert visible == {registry["agency"].pk}
    other_member = TeamMember.objects.filter(agency=registry["other_lao_cai"]).first()
    assert client_for(user).get(reverse("network:team-member", args=[other_member.pk])).status_code == 404
    listed = client_for(user).get(reverse("team-member-list")).json()
    assert {row["team"] for row in listed["results"]} <= {registry["team"].pk, registry["village"].team.pk} | {
        t.pk for t in registry["agency"].community_teams.all()}
    assert listed["count"] == 5


def test_masked_national_id_in_pages_and_api(coordinator, registry):
    person = registry["person"]
    page = client_for(coordinator).get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "•••••••••890" in page and "001234567890" not in page
    data = client_for(coordinator).get(reverse("person-detail", args=[person.pk])).json()
    assert "national_id" not in data and data["national_id_masked"] == "•••••••••890"


def test_the_home_page_sums_up_the_scope(coordinator, registry):
    context = client_for(coordinator).get(reverse("home")).context
    assert (context["commune_count"], context["focal_point_required"], context["focal_point_missing"]) == (99, 102, 101)
    assert (context["team_count"], context["member_count"]) == (3, 6)
