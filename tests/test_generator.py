"""The data generator: plausible, deterministic, and refused on a database that already has generated data."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from dxnet.agencies.models import Agency
from dxnet.generator import SCALES, Generator
from dxnet.network.models import CommunityTeam, TeamMember, Village
from dxnet.people.models import FocalPoint, Person
from dxnet.plans.models import Task
from dxnet.reporting.models import Submission


class Rollback(Exception):
    pass


def fingerprint() -> tuple:
    return (tuple(Person.objects.order_by("pk").values_list("full_name", flat=True)[:20]),
            Person.objects.count(), TeamMember.objects.count(), Village.objects.count(),
            tuple(Task.objects.order_by("plan", "order").values_list("status", flat=True)))


def test_the_same_seed_gives_the_same_country(db):
    prints = []
    for _ in range(2):
        with pytest.raises(Rollback), transaction.atomic():
            Generator(SCALES["demo"], seed=7, say=lambda _: None).run()
            prints.append(fingerprint())
            raise Rollback
    assert prints[0] == prints[1]
    with pytest.raises(Rollback), transaction.atomic():
        Generator(SCALES["demo"], seed=8, say=lambda _: None).run()
        assert fingerprint() != prints[0]
        raise Rollback


def test_generated_data_looks_like_a_province(db):
    out = io.StringIO()
    call_command("generate", "--scale", "demo", "--seed", "3", stdout=out)
    assert "[1/1] Tỉnh Lào Cai" in out.getvalue() and "Xong:" in out.getvalue()
    lao_cai = Agency.objects.get(code="ubnd-tinh-15")
    agencies = Agency.objects.filter(path__startswith=lao_cai.path, people__isnull=False).distinct().count()
    assert 0 < FocalPoint.objects.count() < agencies  # most agencies, not all, have a focal point
    villages, teams = Village.objects.count(), CommunityTeam.objects.count()
    assert 0 < teams < villages
    assert set(Task.objects.values_list("status", flat=True)) == {"todo", "doing", "done"}
    assert Submission.objects.count() == 1
    assert not Person.objects.exclude(agency__path__startswith=lao_cai.path).exists()
    with pytest.raises(CommandError, match="đã có dữ liệu sinh"):
        call_command("generate", "--scale", "demo", stdout=io.StringIO())


def test_the_cached_figures_equal_the_figures_computed_directly_on_generated_data(actors):
    import datetime

    from dxnet.monitoring import dashboard, targets

    Generator(SCALES["demo"], seed=5, say=lambda _: None).run()
    day = datetime.date(2026, 11, 26)
    for user in (actors["national_admin"], actors["coordinator"]):
        scope = targets.Scope(user, day)
        shown = dashboard.summary(scope, national=user.sees_everything)
        again = dashboard.summary(scope, national=user.sees_everything)  # from the cache
        direct = [(t.code, t.value, t.total) for t in targets.compute(scope)]
        assert [(t["code"], t["value"], t["total"]) for t in shown["targets"]] == direct
        assert [(t["code"], t["value"], t["total"]) for t in shown["indicators"]] == [
            (t.code, t.value, t.total) for t in targets.indicators(scope)]
        assert again == shown
        assert any(total for _, _, total in direct)


def test_the_coordination_parts_are_generated_and_added_to_a_database_generated_before_them(db):
    from dxnet.inspections.models import Inspection
    from dxnet.monitoring.models import Milestone
    from dxnet.obstacles.models import Obstacle
    from dxnet.steering.models import SteeringCommittee

    Generator(SCALES["demo"], seed=4, say=lambda _: None).run()
    assert set(Obstacle.objects.values_list("status", flat=True)) == {"open", "escalated", "answered", "closed"}
    escalated = Obstacle.objects.filter(status="escalated").first()
    assert escalated.level == "national" and escalated.handlers.count() == 2
    committee = SteeringCommittee.objects.first()
    assert committee.meetings.filter(kind="quarterly", attendance__isnull=False).exists()
    assert Milestone.objects.get(agency=committee.agency, kind__code="steering-committee").derived
    assert Inspection.objects.filter(targets__inspected_on__isnull=False).exists()
    before = (Obstacle.objects.count(), SteeringCommittee.objects.count())

    Obstacle.handlers.through.objects.all().delete()
    Obstacle.objects.all().delete()  # a database generated before obstacles existed
    out = io.StringIO()
    call_command("generate", "--scale", "demo", "--seed", "4", stdout=out)
    assert "chỉ sinh thêm: vướng mắc." in out.getvalue()
    assert (Obstacle.objects.count(), SteeringCommittee.objects.count()) == before


def test_every_province_ministry_and_commune_has_a_plan_a_year_with_tasks_and_their_reports(db):
    from dxnet.plans.models import Plan, TaskUpdate

    Generator(SCALES["demo"], seed=6, say=lambda _: None).run()
    lao_cai = Agency.objects.get(code="ubnd-tinh-15")
    issuers = [lao_cai, *Agency.objects.filter(parent=lao_cai, kind=Agency.Kind.COMMUNE_PC).order_by("code")[:6],
               *Agency.objects.ministry_level().filter(valid_to__isnull=True)]
    years = set(range(2022, 2027))
    for issuer in issuers:
        assert set(Plan.objects.filter(agency=issuer).values_list("year", flat=True)) == years, issuer
    assert not Plan.objects.filter(tasks__isnull=True).exists()
    updated = Task.objects.filter(updates__isnull=False).distinct()
    assert updated.count() > Task.objects.count() // 2
    last = TaskUpdate.objects.filter(task__plan__year=2024).order_by("task", "-created_at", "-id").first()
    assert (last.task.status, last.task.progress) == (last.status, last.progress)
    assert set(TaskUpdate.objects.values_list("created_at__year", flat=True)) <= years
    assert Task.objects.filter(plan__year=2026, status="doing").exists()


def test_national3_is_the_national_country_with_three_times_its_volumes():
    national, national3 = SCALES["national"], SCALES["national3"]
    assert (national3.provinces, national3.communes) == (national.provinces, national.communes)
    for name in ("people_per_commune", "people_per_department", "villages_per_commune"):
        assert getattr(national3, name) == tuple(3 * n for n in getattr(national, name)), name
    # Three times the villages make three times the teams, members and activities: not nine or twenty-seven times.
    for name in ("members_per_team", "activities_per_team"):
        assert getattr(national3, name) == getattr(national, name), name
    assert national3.share == 3 * national.share


@pytest.mark.parametrize("data", ["generated", "demo"])
def test_the_national_page_added_up_from_its_parts_equals_the_country_computed_at_once(actors, data):
    import datetime

    from dxnet.demo import load_demo
    from dxnet.monitoring import dashboard, targets

    if data == "demo":
        load_demo()
    else:
        Generator(SCALES["demo"], seed=5, say=lambda _: None).run()
    for day in (datetime.date(2026, 11, 26), datetime.date(2025, 3, 31)):  # today, and before the 2025 merger
        scope = targets.Scope(actors["national_admin"], day)
        added, whole = dashboard._national(scope), dashboard._compute(scope, national=True)
        assert added == whole
        assert any(card["data"] for card in added["cards"]) and any(t["total"] for t in added["targets"])
