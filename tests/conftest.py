import pytest
from django.conf import settings
from rest_framework.test import APIClient

from dxnet.accounts.models import Role, User
from dxnet.agencies.models import Agency
from dxnet.core import audit
from dxnet.reference import load_all

from . import url_coverage

PASSWORD = "Mat-khau-kiem-thu-2025"


def pytest_configure(config):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MIDDLEWARE = ["tests.url_coverage.RecordingMiddleware", *settings.MIDDLEWARE]


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
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def coordinator(actors) -> User:
    return actors["coordinator"]
