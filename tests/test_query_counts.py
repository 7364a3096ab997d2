"""Busy pages run a constant number of SQL queries, whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .conftest import client_for
from .test_home import work_fixture  # noqa: F401 — the home pages' dataset (fixture `work`)

pytestmark = pytest.mark.django_db


def queries_for(client, url, params) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.parametrize("view, params", [
    ("geo:list", {"level": 3}),
    ("agencies:list", {"kind": "commune_pc"}),
])
def test_listing_all_3321_communes_costs_the_same_queries_as_25(view, params, actors):
    client = client_for(actors["national_admin"])
    few, _ = queries_for(client, reverse(view), {**params, "page_size": 25})
    many, html = queries_for(client, reverse(view), {**params, "page_size": 5000})
    assert "3.321 kết quả" in html
    assert html.count("<tr>") == 3321 + 1
    assert many == few


def test_the_tree_level_of_a_province_costs_constant_queries(actors):
    from dxnet.agencies.models import Agency

    client = client_for(actors["national_admin"])
    small = Agency.objects.get(code="ubnd-tinh-12")  # Lai Châu, 38 communes
    large = Agency.objects.get(code="ubnd-tinh-79")  # Hồ Chí Minh City, 168 communes
    few, _ = queries_for(client, reverse("agencies:children", args=[small.pk]), {})
    many, html = queries_for(client, reverse("agencies:children", args=[large.pk]), {})
    assert html.count("<li>") == 168 + 2  # the communes, the DX lead and the home-affairs departments
    assert many == few


PERSONAL_DATA_LISTS = {"network:team-members", "people:list", "people:focal-points", "network:members"}


@pytest.mark.parametrize("view", ["network:team-members", "network:activities", "network:teams", "network:villages",
                                  "people:list", "people:focal-points", "network:members"])
def test_registry_lists_cost_the_same_queries_for_few_and_many_rows(view, actors, registry):
    import datetime

    from dxnet.core.text import fold
    from dxnet.network.models import SkillArea, TeamActivity, TeamMember, Village, VoluntaryMember
    from dxnet.people.models import DxDuty, FocalPoint, Person

    team, skill, network = registry["team"], SkillArea.objects.first(), registry["network"]
    for n in range(40):
        person = Person.objects.create(agency=team.agency, full_name=f"Cán bộ {n}", phone=f"0356{n:06d}",
                                       search_name=fold(f"Cán bộ {n}"))
        DxDuty.objects.create(person=person, kind="concurrent", valid_from=datetime.date(2025, 1, 1))
        FocalPoint.objects.create(agency=team.agency, person=person, decision_number=f"{n}/QĐ",
                                  decision_date=datetime.date(2025, 1, 1))
        VoluntaryMember.objects.create(network=network, agency=network.agency, kind="expert", name=f"Chuyên gia {n}",
                                       phone=f"0357{n:06d}", search_name=fold(f"Chuyên gia {n}"))
        Village.objects.create(agency=team.agency, name=f"Thôn thêm {n}", kind="thon",
                               search_name=fold(f"Thôn thêm {n}"))
        TeamMember.objects.create(team=team, agency=team.agency, full_name=f"Người {n}", phone=f"0355{n:06d}",
                                  role="volunteer", search_name=fold(f"Người {n}"))
        TeamActivity.objects.create(team=team, agency=team.agency, skill_area=skill, people_helped=n,
                                    date=datetime.date(2025, 1, 1) + datetime.timedelta(days=n))
    client = client_for(actors["national_admin"])
    few, _ = queries_for(client, reverse(view), {"page_size": 25})
    many, _ = queries_for(client, reverse(view), {"page_size": 500})
    logged = view in PERSONAL_DATA_LISTS  # a long page of personal data writes one access-log row
    assert many == few + logged


def test_plan_pages_cost_the_same_queries_for_a_short_and_a_long_plan(actors):
    from dxnet.agencies.models import Agency
    from dxnet.plans.models import PlanTemplate
    from dxnet.plans.services import do_create_plan

    lao_cai, coordinator = Agency.objects.get(code="ubnd-tinh-15"), actors["coordinator"]
    short = do_create_plan(PlanTemplate.objects.get(code="de-an-1690"), lao_cai, 2026, acting_user=coordinator)
    long = do_create_plan(PlanTemplate.objects.get(code="phu-luc-i-cds-cap-tinh"), lao_cai, 2026,
                          acting_user=coordinator)
    client = client_for(coordinator)
    few, _ = queries_for(client, reverse("plans:detail", args=[short.pk]), {})
    many, html = queries_for(client, reverse("plans:detail", args=[long.pk]), {})
    assert html.count('class="task-row') == long.tasks.count() == 40
    assert many == few
    for view in ("plans:tasks", "task-list", "plans:timeline"):
        few, _ = queries_for(client, reverse(view), {"plan": short.pk, "page_size": 500})
        many, _ = queries_for(client, reverse(view), {"plan": long.pk, "page_size": 500})
        assert many == few, view


def test_the_dashboard_costs_the_same_queries_as_the_country_fills_up(actors):
    """One generated province, then a second one with all its parts: the same queries but for the second province's
    part of the national page, whose cards now have rows to show (a first province, not an empty country, is the
    baseline: related rows are only fetched once there are rows to relate to). Tens of thousands of rows more cost
    at most two queries, for the part that holds them, never one per row."""
    import random

    from django.core.cache import cache

    from dxnet.agencies.models import Agency
    from dxnet.generator import SCALES, Generator, parts

    client = client_for(actors["national_admin"])
    generator = Generator(SCALES["demo"], seed=1, say=lambda _: None)
    generator.run()
    cache.clear()
    one, _ = queries_for(client, reverse("monitoring:dashboard"), {"as_of": "2026-11-26"})
    hanoi = Agency.objects.get(code="ubnd-tinh-01")
    generator.province(hanoi)
    for part in parts():
        part.generate(random.Random(part.label), [hanoi], generator)
    cache.clear()
    two, html = queries_for(client, reverse("monitoring:dashboard"), {"as_of": "2026-11-26"})
    assert "Tỉnh Lào Cai" in html and one <= two <= one + 2
    cached, _ = queries_for(client, reverse("monitoring:dashboard"), {"as_of": "2026-11-26"})
    assert cached <= 10  # the session read and its renewal (the idle timeout), the user, the choices, the data version


@pytest.mark.parametrize("role", ["focal_point", "team_leader", "member", "coordinator", "viewer", "national_admin"])
def test_each_home_page_costs_the_same_queries_for_few_and_many_rows(role, actors, lao_cai_commune, work):
    """A commune's, a province's and the national home: more tasks due, reports asked, notices, obstacles and teams
    change no query count (the dashboard's cached summary is warmed first, as the data version moves)."""
    import datetime

    from django.utils import timezone

    from dxnet.agencies.models import Agency
    from dxnet.network.models import CommunityTeam, Village
    from dxnet.notifications.models import Kind
    from dxnet.notifications.services import do_notify
    from dxnet.obstacles.models import Category
    from dxnet.obstacles.services import do_raise_obstacle
    from dxnet.plans.models import Task
    from dxnet.reporting.models import ReportForm
    from dxnet.reporting.services import do_create_round

    today, commune = timezone.localdate(), lao_cai_commune
    lao_cai, coordinator = Agency.objects.get(code="ubnd-tinh-15"), actors["coordinator"]
    users = [user for user in actors.values() if user is not None]
    client = client_for(actors[role])

    def measured() -> int:
        client.get(reverse("home"))  # warms the dashboard's summary for the current data version
        count, html = queries_for(client, reverse("home"), {})
        assert "Xin chào" in html
        return count

    few = measured()
    Task.objects.filter(plan=work["soon"].plan).exclude(status="done").update(lead=commune, due_date=today)
    form = ReportForm.objects.get(code="annual-assessment")
    for n in range(7):
        do_create_round(form, acting_user=coordinator, agency=lao_cai, title=f"Đợt thêm {n}", period="Tháng này",
                        year=today.year, due_date=today + datetime.timedelta(days=n), recipients=[commune])
        do_raise_obstacle(acting_user=actors["focal_point"], title=f"Vướng mắc thêm {n}", description="Nội dung.",
                          category=Category.objects.first())
        do_notify(users, kind=Kind.TASK_DUE_SOON, title=f"Thông báo thêm {n}", key=f"query-count-{n}")
        village = Village.objects.create(agency=commune, name=f"Thôn thêm {n}", kind="thon")
        CommunityTeam.objects.create(village=village, agency=commune, decision_number=f"{n}/QĐ",
                                     decision_date=datetime.date(2025, 1, 1), valid_from=datetime.date(2025, 1, 1))
    many = measured()
    assert many == few
    # Measured: 19 for a commune, 25-27 for a province and the country (with the cached dashboard's version check).
    assert few <= {"focal_point": 19, "team_leader": 19, "member": 19}.get(role, 27), few

