import datetime

import pytest

from dxnet.agencies.models import Agency
from dxnet.agencies.services import load_reference_agencies
from dxnet.core.models import AuditEntry
from dxnet.geo.models import AdminUnit
from dxnet.geo.services import load_admin_units

TODAY = datetime.date(2026, 11, 26)
BEFORE_MERGER = datetime.date(2022, 3, 7)

pytestmark = pytest.mark.django_db


def test_the_current_map_has_34_provinces_and_3321_communes():
    current = AdminUnit.objects.valid_on(TODAY)
    assert current.provinces().count() == 34
    assert current.communes().count() == 3321
    assert current.communes().filter(parent__isnull=True).count() == 0


def test_before_july_2025_the_map_had_63_provinces():
    assert AdminUnit.objects.valid_on(BEFORE_MERGER).provinces().count() == 63
    assert AdminUnit.objects.valid_on(datetime.date(2025, 7, 1)).provinces().count() == 34


def test_every_former_province_links_to_its_successor():
    former = AdminUnit.objects.provinces().filter(valid_to=datetime.date(2025, 6, 30))
    assert former.count() == 63
    assert not former.filter(successor__isnull=True).exists()
    successor = {u.name: u.successor.name for u in former.select_related("successor")}
    assert successor["Tỉnh Hà Giang"] == "Tỉnh Tuyên Quang"
    assert successor["Tỉnh Bình Dương"] == "Thành phố Hồ Chí Minh"
    assert successor["Tỉnh Quảng Bình"] == "Tỉnh Quảng Trị"
    assert successor["Tỉnh Bến Tre"] == "Tỉnh Vĩnh Long"
    assert len(set(successor.values())) == 34


def test_official_codes_and_kinds_come_from_the_package():
    hoan_kiem = AdminUnit.objects.get(key="xa-00070")
    assert (hoan_kiem.name, hoan_kiem.kind, hoan_kiem.parent.name) == (
        "Phường Hoàn Kiếm", AdminUnit.Kind.WARD, "Thành phố Hà Nội")
    assert AdminUnit.objects.get(key="tinh-15").name == "Tỉnh Lào Cai"
    assert AdminUnit.objects.valid_on(TODAY).filter(kind=AdminUnit.Kind.SPECIAL_ZONE).count() == 13


def test_each_commune_has_one_peoples_committee_under_its_province():
    pcs = Agency.objects.filter(kind=Agency.Kind.COMMUNE_PC).valid_on(TODAY)
    assert pcs.count() == 3321
    assert pcs.values("admin_unit").distinct().count() == 3321
    hoan_kiem = pcs.get(admin_unit__key="xa-00070")
    assert hoan_kiem.name == "Ủy ban nhân dân phường Hoàn Kiếm"
    assert hoan_kiem.parent.name == "Ủy ban nhân dân thành phố Hà Nội"
    assert hoan_kiem.path == "chinh-phu/ubnd-tinh-01/ubnd-xa-00070/"


def test_each_province_has_its_peoples_committee_and_dx_lead_department():
    pcs = Agency.objects.provincial_pcs().valid_on(TODAY)
    assert pcs.count() == 34
    assert pcs.get(admin_unit__key="tinh-15").name == "Ủy ban nhân dân tỉnh Lào Cai"
    leads = Agency.objects.filter(is_dx_lead=True).valid_on(TODAY).select_related("parent")
    assert leads.count() == 34
    assert {lead.parent.kind for lead in leads} == {Agency.Kind.PROVINCIAL_PC}
    assert leads.get(code="skhcn-tinh-01").name == "Sở Khoa học và Công nghệ thành phố Hà Nội"


def test_former_provincial_committees_end_on_30_june_2025_with_their_successor():
    former = Agency.objects.provincial_pcs().filter(valid_to=datetime.date(2025, 6, 30))
    assert former.count() == 63
    assert former.get(code="ubnd-tinh-cu-02").successor.name == "Ủy ban nhân dân tỉnh Tuyên Quang"
    assert Agency.objects.provincial_pcs().valid_on(BEFORE_MERGER).count() == 63


def test_the_national_tier_had_30_ministry_level_bodies_in_2022_and_22_today():
    assert Agency.objects.ministry_level().valid_on(BEFORE_MERGER).count() == 30
    assert Agency.objects.ministry_level().valid_on(TODAY).count() == 22
    mic = Agency.objects.get(name="Bộ Thông tin và Truyền thông")
    assert mic.successor.name == "Bộ Khoa học và Công nghệ"
    nda = Agency.objects.get(is_network_coordinator=True)
    assert (nda.name, nda.parent.name) == ("Cục Chuyển đổi số quốc gia", "Bộ Khoa học và Công nghệ")


def test_loading_again_changes_nothing():
    entries = AuditEntry.objects.count()
    units = load_admin_units()
    agencies = load_reference_agencies()
    assert set(units.values()) == {(0, 0)}
    assert set(agencies.values()) == {(0, 0)}
    assert AuditEntry.objects.count() == entries


def test_a_changed_reference_row_is_updated_and_audited():
    unit = AdminUnit.objects.get(key="xa-00070")
    AdminUnit.objects.filter(pk=unit.pk).update(name="Phường Hoàn Kiếm cũ")
    assert load_admin_units()["communes"] == (0, 1)
    entry = AuditEntry.objects.for_object(unit).first()
    assert entry.action == AuditEntry.Action.UPDATE
    assert entry.changes["name"] == ["Phường Hoàn Kiếm cũ", "Phường Hoàn Kiếm"]


def test_the_reference_load_is_in_the_audit_trail():
    unit = AdminUnit.objects.get(key="tinh-15")
    entry = AuditEntry.objects.for_object(unit).get()
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.via == AuditEntry.Via.CLI
    assert entry.changes["name"] == [None, "Tỉnh Lào Cai"]
