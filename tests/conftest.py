import tempfile

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from dxnet.accounts.models import Role, User
from dxnet.accounts.two_factor import state as two_factor_state
from dxnet.agencies.models import Agency
from dxnet.core import audit
from dxnet.reference import load_all

from . import url_coverage

PASSWORD = "Mat-khau-kiem-thu-2025"


def pytest_configure(config):
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="dxnet-media-")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MIDDLEWARE = ["tests.url_coverage.RecordingMiddleware", *settings.MIDDLEWARE]
    # Rate limits lifted, as for a load test: the suite signs in and calls the API far faster than people do, from
    # one address (tests/test_throttling.py sets the documented rates back).
    settings.DXNET_API_RATE = settings.DXNET_API_ANON_RATE = ""
    settings.DXNET_SIGN_IN_FAILURES_PER_ADDRESS = 0


def pytest_sessionfinish(session, exitstatus):
    """A URL that no test requested fails the full suite."""
    config = session.config
    full_run = (config.args_source == pytest.Config.ArgsSource.TESTPATHS
                and not config.getoption("keyword") and not config.getoption("markexpr"))
    if not full_run or exitstatus != 0:
        return
    missing = url_coverage.unrequested()
    if missing:
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        reporter.write_line(f"URL chưa có kiểm thử quyền truy cập: {', '.join(sorted(missing))}", red=True)
        session.exitstatus = 1


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The real reference data (34 provinces, 3,321 communes, their agencies), loaded once."""
    with django_db_blocker.unblock(), audit.channel("cli"):
        load_all()


def make_user(username: str, role: str, agency_code: str) -> User:
    user = User(username=username, role=role, agency=Agency.objects.get(code=agency_code))
    user.set_password(PASSWORD)
    user.save()
    return user


LAO_CAI = "ubnd-tinh-15"
HA_NOI = "ubnd-tinh-01"


@pytest.fixture
def lao_cai_commune(db) -> Agency:
    return Agency.objects.filter(kind=Agency.Kind.COMMUNE_PC, parent__code=LAO_CAI).order_by("code").first()


@pytest.fixture
def actors(db, lao_cai_commune) -> dict[str, User | None]:
    """One user per role around the Lào Cai target, one outsider in Hà Nội, and nobody."""
    return {
        "national_admin": make_user("quantri", Role.NATIONAL_ADMIN, "cuc-chuyen-doi-so-quoc-gia"),
        "coordinator": make_user("dieuphoi", Role.COORDINATOR, LAO_CAI),
        "focal_point": make_user("daumoi.xa", Role.FOCAL_POINT, lao_cai_commune.code),
        "team_leader": make_user("totruong", Role.TEAM_LEADER, lao_cai_commune.code),
        "member": make_user("thanhvien", Role.MEMBER, lao_cai_commune.code),
        "viewer": make_user("xem", Role.VIEWER, LAO_CAI),
        "sibling": make_user("daumoi.so", Role.COORDINATOR, "skhcn-tinh-15"),
        "outsider": make_user("dieuphoi.hanoi", Role.COORDINATOR, HA_NOI),
        "anonymous": None,
    }


def client_for(user: User | None) -> APIClient:
    """A client signed in as `user`, past the second step of sign-in as a person who typed their code."""
    client = APIClient()
    if user is not None:
        client.force_login(user)
        session = client.session
        session[two_factor_state.SESSION_KEY] = two_factor_state.DONE
        session.save()
    return client


@pytest.fixture
def coordinator(actors) -> User:
    return actors["coordinator"]


@pytest.fixture
def registry(actors, lao_cai_commune):
    """A known dataset: two communes of Lào Cai and one of Hà Nội, with villages, teams, members, activities,
    DX staff, a focal point, a voluntary network member and a failed import."""
    import datetime

    from django.core.files.base import ContentFile

    from dxnet.agencies.models import AgencyDecision
    from dxnet.core.models import ImportJob
    from dxnet.core.text import fold
    from dxnet.network.models import (
        CommunityTeam,
        Network,
        SkillArea,
        TeamActivity,
        TeamMember,
        Village,
        VoluntaryMember,
    )
    from dxnet.people.models import DxDuty, FocalPoint, Person

    other_lao_cai = Agency.objects.filter(kind=Agency.Kind.COMMUNE_PC, parent__code=LAO_CAI).order_by("code")[1]
    hoan_kiem = Agency.objects.get(code="ubnd-xa-00070")
    skill = {s.code: s for s in SkillArea.objects.all()}
    phones = iter(f"09{n:08d}" for n in range(1, 1000))

    def village(agency, name, team=True, members=(), activities=()):
        v = Village.objects.create(agency=agency, name=name, kind="thon", search_name=fold(name))
        if not team:
            return v, None
        t = CommunityTeam.objects.create(village=v, agency=agency, decision_number=f"{v.pk}/QĐ-UBND",
                                         decision_date=datetime.date(2023, 3, 1), valid_from=datetime.date(2023, 3, 1))
        for full_name in members:
            TeamMember.objects.create(team=t, agency=agency, full_name=full_name, phone=next(phones), role="volunteer",
                                      search_name=fold(full_name))
        for day, code, people in activities:
            TeamActivity.objects.create(team=t, agency=agency, date=day, skill_area=skill[code], people_helped=people)
        return v, t

    d = datetime.date
    v1, t1 = village(lao_cai_commune, "Thôn Một", members=["Lò Văn An", "Lò Thị Bình", "Vàng A Chính"],
                     activities=[(d(2024, 5, 10), "dich-vu-cong-truc-tuyen", 10), (d(2024, 6, 2), "vneid", 5)])
    village(lao_cai_commune, "Thôn Hai", members=["Giàng Seo Dũng", "Sùng Thị Én"],
            activities=[(d(2024, 6, 15), "dich-vu-cong-truc-tuyen", 7)])
    village(lao_cai_commune, "Thôn Ba", team=False)
    village(other_lao_cai, "Bản Bốn", members=["Hoàng Văn Phúc"], activities=[(d(2024, 7, 1), "chu-ky-so", 4)])
    village(other_lao_cai, "Bản Năm", team=False)
    village(hoan_kiem, "Tổ dân phố 1", members=["Nguyễn Văn Giang", "Trần Thị Hà"],
            activities=[(d(2024, 5, 20), "thanh-toan-truc-tuyen", 20)])

    person = Person.objects.create(agency=lao_cai_commune, full_name="Hoàng Thị Hoa", phone="0988000001",
                                   national_id="001234567890", search_name=fold("Hoàng Thị Hoa"))
    DxDuty.objects.create(person=person, kind="concurrent", valid_from=d(2024, 1, 1))
    focal_point = FocalPoint.objects.create(agency=lao_cai_commune, person=person, decision_number="5/QĐ-UBND",
                                            decision_date=d(2024, 2, 1), valid_from=d(2024, 2, 1))
    network = Network.objects.get(province__key="tinh-15")
    member = VoluntaryMember.objects.create(network=network, agency=network.agency, kind="organisation",
                                            organisation_kind="telecom", name="Viettel Lào Cai", phone="0988000002",
                                            search_name=fold("Viettel Lào Cai"))
    job = ImportJob.objects.create(kind="villages", actor=actors["coordinator"], file_name="thon.xlsx",
                                   status=ImportJob.Status.FAILED, errors=[{"row": 2, "column": "Mã xã",
                                                                           "message": "Không có xã"}])
    job.file.save("thon.xlsx", ContentFile(b"x"), save=False)
    job.annotated.save("loi.xlsx", ContentFile(b"y"))
    decision = AgencyDecision(agency=lao_cai_commune, purpose="staffing", number="7/QĐ-UBND",
                              issued_on=d(2025, 8, 1), issuer="Ủy ban nhân dân tỉnh Lào Cai")
    decision.file.save("qd-7.pdf", ContentFile(b"%PDF-1.4 quyet dinh"))
    return {"agency": lao_cai_commune, "user": actors["focal_point"], "person": person, "focal_point": focal_point,
            "decision": decision,
            "village": v1, "team": t1, "team_member": t1.members.first(), "activity": t1.activities.first(),
            "network": network, "network_member": member, "job": job, "other_lao_cai": other_lao_cai,
            "hoan_kiem": hoan_kiem}


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: cached aggregates of another test's data must not leak in."""
    from django.core.cache import cache

    cache.clear()
