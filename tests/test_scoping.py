import pytest

from dxnet.accounts.models import Role, User
from dxnet.agencies.models import Agency
from dxnet.geo.models import AdminUnit

from .conftest import make_user

pytestmark = pytest.mark.django_db


def test_a_province_coordinator_sees_the_whole_province_down_to_communes(coordinator):
    visible = Agency.objects.visible_to(coordinator)
    assert visible.filter(kind=Agency.Kind.COMMUNE_PC).count() == 99
    assert visible.filter(is_dx_lead=True).count() == 1
    assert not visible.filter(code="ubnd-tinh-01").exists()
    assert AdminUnit.objects.visible_to(coordinator).communes().count() == 99


def test_a_commune_focal_point_sees_its_commune_only(actors, lao_cai_commune):
    user = actors["focal_point"]
    assert list(Agency.objects.visible_to(user)) == [lao_cai_commune]
    assert list(AdminUnit.objects.visible_to(user)) == [lao_cai_commune.admin_unit]


def test_a_national_admin_sees_everything(actors):
    assert Agency.objects.visible_to(actors["national_admin"]).count() == Agency.objects.count()


def test_a_ministry_user_sees_its_ministry_and_the_whole_territory(db):
    user = make_user("bo.y.te", Role.COORDINATOR, "bo-y-te")
    assert list(Agency.objects.visible_to(user).values_list("code", flat=True)) == ["bo-y-te"]
    assert AdminUnit.objects.visible_to(user).count() == AdminUnit.objects.count()


def test_nobody_without_agency_or_active_account_sees_anything(db):
    loose = User.objects.create_user("loose", password="x", role=Role.COORDINATOR)
    assert not Agency.objects.visible_to(loose).exists()
    locked = make_user("locked", Role.COORDINATOR, "ubnd-tinh-15")
    locked.is_active = False
    assert not Agency.objects.visible_to(locked).exists()
    assert not AdminUnit.objects.visible_to(locked).exists()


def test_accounts_are_scoped_like_their_agencies(actors):
    visible = set(User.objects.visible_to(actors["coordinator"]).values_list("username", flat=True))
    assert "daumoi.xa" in visible
    assert "dieuphoi.hanoi" not in visible
