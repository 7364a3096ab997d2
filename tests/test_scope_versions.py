"""Dashboards cached by part of the country: a write in Lào Cai leaves Hà Nội's figures standing."""

import dataclasses
import datetime
import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dxnet.agencies.models import Agency
from dxnet.core import audit, scopes
from dxnet.core.models import ScopeVersion
from dxnet.monitoring import dashboard, targets
from dxnet.people.models import Person
from dxnet.people.services import do_save_person

from .conftest import HA_NOI, LAO_CAI, client_for

DAY = {"as_of": "2026-11-26"}


@pytest.fixture
def computed(monkeypatch) -> list:
    """The sections of dashboards computed (not served from the cache), as (username, section), in order; of the
    national page's parts, as (part, section)."""
    calls = []
    every = dashboard.sections

    def counted(section):
        def compute(scope, national):
            calls.append((scope.roots or scope.user.username, section.name))
            return section.compute(scope, national)
        return dataclasses.replace(section, compute=compute)

    monkeypatch.setattr(dashboard, "sections", lambda: [counted(section) for section in every()])
    return calls


def reading(label: str) -> set[str]:
    """The sections that read the model `label`."""
    return {section.name for section in dashboard.sections() if label in (section.reads or ())}


def every_section() -> list[str]:
    return [section.name for section in dashboard.sections()]


def focal_points(user) -> str:
    html = client_for(user).get(reverse("monitoring:dashboard"), DAY).content.decode()
    return re.search(r'data-target="focal-points">\s*<b>[^<]*</b>[^(]*\((\d+/\d+)', html)[1]


def versions() -> dict[str, int]:
    return dict(ScopeVersion.objects.values_list("key", "version"))


def test_a_person_belongs_to_the_province_of_the_agency_and_to_its_territory(actors, lao_cai_commune):
    person = do_save_person(Person(), acting_user=actors["coordinator"], agency=lao_cai_commune,
                            full_name="Lò Thị Mai", phone="0977000222")
    province = Agency.objects.get(code=LAO_CAI)
    assert scopes.keys_of(Person, [person.pk]) == {scopes.agency_key(province.path),
                                                   scopes.unit_key(lao_cai_commune.admin_unit.path)}
    assert scopes.agency_key(province.path) == f"a:{province.path}"  # the People's Committee under the Government


def test_a_write_in_lao_cai_moves_lao_cai_only(actors, lao_cai_commune):
    before = versions()
    do_save_person(Person(), acting_user=actors["coordinator"], agency=lao_cai_commune, full_name="Lò Thị Mai",
                   phone="0977000222")
    moved = {key for key, version in versions().items() if version != before.get(key, 0)}
    parts = scopes.keys_of(Person, Person.objects.filter(agency=lao_cai_commune).values_list("pk", flat=True))
    assert moved == parts | {f"{part}@people.person" for part in parts} | {"app:people"}  # and of people in each
    assert scopes.NATIONAL not in moved and not any("tinh-01" in key for key in moved)


def test_a_row_moved_to_another_agency_moves_every_part(actors, lao_cai_commune):
    person = do_save_person(Person(), acting_user=actors["coordinator"], agency=lao_cai_commune,
                            full_name="Lò Thị Mai", phone="0977000222")
    before = versions().get(scopes.NATIONAL, 0)
    with transaction.atomic():
        snapshot = audit.snapshot(person)
        Person.objects.filter(pk=person.pk).update(agency=Agency.objects.get(code=HA_NOI))
        person.refresh_from_db()
        audit.record_update(person, snapshot, actor=actors["national_admin"])
    assert versions()[scopes.NATIONAL] == before + 1  # Lào Cai's figures lost a person: its old part is not known


def test_a_bulk_write_moves_the_parts_of_its_rows(actors, lao_cai_commune):
    people = Person.objects.bulk_create([Person(agency=lao_cai_commune, full_name=f"Người thứ {n}",
                                                phone=f"097711100{n}") for n in range(3)])
    before = versions()
    with transaction.atomic():
        audit.record_bulk(created=people, actor=actors["coordinator"])
    after = versions()
    parts = scopes.keys_of(Person, [people[0].pk])
    assert {key for key in after if after[key] != before.get(key, 0)} == parts | {
        f"{part}@people.person" for part in parts} | {"app:people"}


def test_a_write_in_lao_cai_leaves_ha_noi_dashboard_in_the_cache(registry, actors, computed):
    hanoi, lao_cai = actors["outsider"], actors["coordinator"]
    shown = focal_points(hanoi), focal_points(lao_cai)
    assert computed == [(user.username, name) for user in (hanoi, lao_cai) for name in every_section()]
    computed.clear()
    with CaptureQueriesContext(connection) as cached:
        focal_points(hanoi)
    other = registry["other_lao_cai"]
    do_save_person(Person(), acting_user=lao_cai, agency=other, full_name="Vi Văn Khánh", phone="0977000111")
    with CaptureQueriesContext(connection) as after_write:
        assert focal_points(hanoi) == shown[0]
    assert len(after_write) == len(cached)  # the page around the figures, and not one query for them
    assert computed == []
    focal_points(lao_cai)
    # Lào Cai's page computes again what counts people, and only that: its budget, obstacles, focal points stand.
    assert {user for user, _ in computed} == {lao_cai.username}
    assert {name for _, name in computed} == reading("people.person")
    assert reading("people.person") >= {"ratio", "target:trained"} and "card:budget" not in reading("people.person")


def test_a_write_of_no_part_refreshes_every_dashboard(registry, actors, computed):
    from dxnet.monitoring.models import MilestoneKind

    hanoi = actors["outsider"]
    focal_points(hanoi)
    kind = MilestoneKind.objects.first()
    assert scopes.keys_of(MilestoneKind, [kind.pk]) == {scopes.NATIONAL}
    with transaction.atomic():
        audit.record_change(kind, {"name": ["a", "b"]}, actor=actors["national_admin"])
    focal_points(hanoi)
    assert computed == [(hanoi.username, name) for name in every_section()] * 2  # every section again


def test_the_cached_figures_equal_those_computed_afresh(registry, actors):
    from dxnet.monitoring import targets

    for user in (actors["outsider"], actors["coordinator"], actors["national_admin"]):
        scope = targets.Scope(user, datetime.date(2026, 11, 26))
        national = user.sees_everything
        dashboard.summary(scope, national)
        do_save_person(Person(), acting_user=actors["coordinator"], agency=registry["other_lao_cai"],
                       full_name=f"Vi Văn {user.username}", phone=f"0977{user.pk % 1_000_000:06d}")
        assert dashboard.summary(scope, national) == dashboard._compute(scope, national)


def test_a_task_belongs_to_the_issuer_the_lead_and_the_cooperating_agencies(actors):
    from dxnet.plans.models import Plan, PlanTemplate, Task, TaskUpdate

    lao_cai, hanoi = Agency.objects.get(code=LAO_CAI), Agency.objects.get(code=HA_NOI)
    plan = Plan.objects.create(agency=lao_cai, year=2026, until_year=2026, title="Kế hoạch CĐS năm 2026",
                               resolved_on=datetime.date(2026, 1, 15),
                               template=PlanTemplate.objects.filter(kind="dx-plan").first())
    alone = Task.objects.create(plan=plan, title="Kho dữ liệu dùng chung")
    own = {scopes.agency_key(lao_cai.path), scopes.unit_key(lao_cai.admin_unit.path)}
    assert scopes.keys_of(Task, [alone.pk]) == own
    led = Task.objects.create(plan=plan, title="Liên thông hồ sơ", lead=hanoi)
    led.cooperating.add(Agency.objects.get(code="skhcn-tinh-15"))
    expected = {scopes.agency_key(lao_cai.path), scopes.unit_key(lao_cai.admin_unit.path),
                scopes.agency_key(hanoi.path), scopes.unit_key(hanoi.admin_unit.path)}
    assert scopes.keys_of(Task, [led.pk]) == expected  # Hà Nội sees the task it leads: its figures move too
    update = TaskUpdate.objects.create(task=led, agency=hanoi, text="Đã liên thông 3 thủ tục", progress=10)
    assert scopes.keys_of(TaskUpdate, [update.pk]) == expected


def test_a_write_in_lao_cai_recomputes_only_lao_cai_s_part_of_the_national_page(registry, actors, computed):
    national = actors["national_admin"]
    focal_points(national)
    top = Agency.objects.filter(parent__code="chinh-phu")
    parts = list(dict.fromkeys(part for part, _ in computed if isinstance(part, tuple)))
    assert len(parts) == top.filter(valid_to__isnull=True).count() + 1  # the first view: every part, and one of
    assert len(parts[-1]) == top.filter(valid_to__isnull=False).count()  # all the bodies dissolved in the merger
    computed.clear()
    do_save_person(Person(), acting_user=actors["coordinator"], agency=registry["other_lao_cai"],
                   full_name="Vi Văn Khánh", phone="0977000111")
    scope = targets.Scope(national, datetime.date(2026, 11, 26))
    assert dashboard.summary(scope, national=True) == dashboard._compute(scope, national=True)
    # Of Lào Cai's part, what counts people; the 33 other provinces and the ministries, and the country-wide tables:
    # from the cache.
    lao_cai = (Agency.objects.get(code=LAO_CAI).path,)
    adding_up = {name for name in reading("people.person") if name != "target:platforms"}
    assert computed[:len(adding_up)] == [(lao_cai, name) for name in every_section() if name in adding_up]


def test_the_morning_job_computes_the_day_s_national_page_ahead(registry, actors, monkeypatch):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("warm", date="2026-11-26", stdout=out)
    assert "Đã tính bảng điều hành toàn quốc ngày 26/11/2026" in out.getvalue()
    monkeypatch.setattr(dashboard, "sections", lambda: pytest.fail("computed again"))
    assert focal_points(actors["national_admin"])  # the first visitor of the day is served from the cache
    with pytest.raises(Exception, match="Ngày không hợp lệ"):
        call_command("warm", date="26/11/2026")


def test_the_country_wide_tables_stand_until_a_write_in_the_apps_they_read(registry, actors, computed):
    from dxnet.monitoring.models import Milestone, MilestoneKind
    from dxnet.monitoring.services import do_record_milestone

    national = actors["national_admin"]
    focal_points(national)
    countrywide = [name for user, name in computed if user == national.username]
    assert {"compliance", "rounds", "steering", "inspections", "target:platforms"} <= set(countrywide)
    computed.clear()
    do_save_person(Person(), acting_user=actors["coordinator"], agency=registry["other_lao_cai"],
                   full_name="Vi Văn Khánh", phone="0977000111")
    focal_points(national)
    # A person written: the tables of milestones, steering, inspections and the platforms in use stand.
    assert [name for user, name in computed if user == national.username] == []
    computed.clear()
    do_record_milestone(Milestone(), acting_user=national, agency=Agency.objects.get(code=LAO_CAI),
                        kind=MilestoneKind.objects.get(code="steering-committee"), year=0,
                        achieved_on=datetime.date(2026, 3, 1))
    scope = targets.Scope(national, datetime.date(2026, 11, 26))
    page = dashboard.summary(scope, national=True)
    assert "compliance" in [name for user, name in computed if user == national.username]
    assert page == dashboard._compute(scope, national=True)


def test_a_write_in_lao_cai_recomputes_only_lao_cai_s_open_data_figures_it_moves(registry, actors, monkeypatch):
    from django.core.cache import cache

    from dxnet.monitoring import open_data

    computed = []

    def recording(figures):
        return dataclasses.replace(figures, compute=lambda on, pcs: computed.append(
            (figures.name, {pc.code for pc in pcs.values()})) or figures.compute(on, pcs))

    monkeypatch.setattr(open_data, "FIGURES", tuple(recording(figures) for figures in open_data.FIGURES))
    day = datetime.date(2026, 11, 26)
    open_data.province_figures(day)
    assert {name for name, _ in computed} == {figures.name for figures in open_data.FIGURES}
    assert all(len(codes) == 34 for _, codes in computed)  # the first reader: every province, one query a figure
    computed.clear()
    do_save_person(Person(), acting_user=actors["coordinator"], agency=registry["other_lao_cai"],
                   full_name="Vi Văn Khánh", phone="0977000111")
    shown = open_data.province_figures(day)
    assert computed == [("staff", {LAO_CAI})]  # a person moves the staff count of Lào Cai, nothing else
    cache.clear()
    assert open_data.province_figures(day) == shown  # the same rows as the whole country computed afresh


def test_each_open_data_figure_reads_only_the_models_it_names(registry):
    """What keeps an open data figure in the cache is the list of models it names: one it reads unnamed would go
    stale (the published stories are cached on the versions of the apps they read)."""
    from dxnet.monitoring import open_data
    from dxnet.stories.services import public_stories

    day = datetime.date(2026, 11, 26)
    pcs = {pc.pk: pc for pc in Agency.objects.provincial_pcs().valid_on(day).select_related("admin_unit")}
    for figures in open_data.FIGURES:
        with CaptureQueriesContext(connection) as queries:
            figures.compute(day, pcs)
        assert models_read(queries) - set(figures.reads) == set(), figures.name
    with CaptureQueriesContext(connection) as queries:
        public_stories()
    assert models_read(queries) - set(open_data.STORY_READS) == set()


def models_read(queries) -> set[str]:
    """The models ("app.model") whose tables the queries name; a many-to-many table counts as its model's."""
    from django.apps import apps

    sql = " ".join(query["sql"] for query in queries)
    return {(model._meta.auto_created or model)._meta.label_lower
            for model in apps.get_models(include_auto_created=True) if f'"{model._meta.db_table}"' in sql}


@pytest.mark.parametrize("user", ["coordinator", "focal_point", "sibling", "national_admin"])
def test_each_section_of_the_dashboard_reads_only_the_models_it_names(registry, actors, user):
    """What keeps a section in the cache is the list of models it names: one it reads unnamed would go stale."""
    national = user == "national_admin"
    scope = targets.Scope(actors[user], datetime.date(2026, 11, 26))
    for section in dashboard.sections():
        with CaptureQueriesContext(connection) as queries:
            section.compute(scope, national)
        if section.reads is not None:  # None: it moves with any write
            assert models_read(queries) - {*dashboard.SCOPE_READS, *section.reads} == set(), section.name
