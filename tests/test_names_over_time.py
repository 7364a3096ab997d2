"""Names and parents as dated history: found and shown by the name valid on the day asked."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dxnet.agencies.models import Agency
from dxnet.geo.models import AdminUnit
from dxnet.plans.models import PlanTemplate
from dxnet.plans.services.building import resolution_day, resolve_role

from .conftest import client_for

THUA_THIEN_HUE_2022 = "Ủy ban nhân dân tỉnh Thừa Thiên Huế"


def _api_names(client, view, **query):
    rows = client.get(reverse(view), {"page_size": 500, **query}).json()["results"]
    return {row["name"] for row in rows}


def test_the_2022_committee_of_thua_thien_hue_is_found_by_its_2022_name(actors):
    client = client_for(actors["national_admin"])
    in_2022 = _api_names(client, "agency-list", search="thua thien hue", as_of="2022-03-07")
    assert in_2022 == {THUA_THIEN_HUE_2022, "Sở Thông tin và Truyền thông tỉnh Thừa Thiên Huế",
                       "Sở Nội vụ tỉnh Thừa Thiên Huế"}
    assert _api_names(client, "agency-list", search="thua thien hue", as_of=timezone.localdate().isoformat()) == set()
    page = client.get(reverse("agencies:list"), {"search": "thua thien hue", "as_of": "07/03/2022"})
    assert THUA_THIEN_HUE_2022 in page.content.decode()


def test_between_the_two_acts_it_is_the_committee_of_thanh_pho_hue(actors):
    client = client_for(actors["national_admin"])
    assert _api_names(client, "agency-list", search="thua thien hue", as_of="2025-03-01") == set()
    in_2025 = _api_names(client, "agency-list", search="uy ban nhan dan thanh pho hue", as_of="2025-03-01")
    assert in_2025 == {"Ủy ban nhân dân thành phố Huế"}
    former = Agency.objects.get(code="ubnd-tinh-cu-46")
    assert former.name == "Ủy ban nhân dân thành phố Huế"  # the last name stays on the row
    assert former.name_on(datetime.date(2024, 12, 31)) == THUA_THIEN_HUE_2022
    assert former.name_on(datetime.date(2025, 1, 1)) == "Ủy ban nhân dân thành phố Huế"


def test_the_unit_and_its_departments_carry_the_2022_name_too(actors):
    client = client_for(actors["national_admin"])
    units = _api_names(client, "admin-unit-list", search="thua thien hue", as_of="2022-03-07")
    assert units == {"Tỉnh Thừa Thiên Huế"}
    departments = _api_names(client, "agency-list", search="so thong tin va truyen thong tinh thua thien hue",
                             as_of="2022-03-07")
    assert departments == {"Sở Thông tin và Truyền thông tỉnh Thừa Thiên Huế"}


def test_the_detail_page_shows_the_history_of_names_and_of_parents(actors):
    client = client_for(actors["national_admin"])
    hue = client.get(reverse("agencies:detail", args=[Agency.objects.get(code="ubnd-tinh-cu-46").pk])).content
    html = hue.decode()
    assert "Tên qua các thời kỳ" in html and THUA_THIEN_HUE_2022 in html and "Nghị quyết 175/2024/QH15" in html
    cuc = Agency.objects.get(code="cuc-chuyen-doi-so-quoc-gia")
    html = client.get(reverse("agencies:detail", args=[cuc.pk])).content.decode()
    assert "Cơ quan cấp trên qua các thời kỳ" in html
    assert "Bộ Thông tin và Truyền thông" in html and "28/02/2025" in html and "Nghị quyết 176/2025/QH15" in html
    unit = AdminUnit.objects.get(key="tinh-cu-46")
    assert "Tỉnh Thừa Thiên Huế" in client.get(reverse("geo:detail", args=[unit.pk])).content.decode()


@pytest.mark.django_db
def test_former_provinces_start_where_a_source_says_and_stay_open_elsewhere():
    assert AdminUnit.objects.get(key="tinh-cu-67").valid_from == datetime.date(2004, 1, 1)  # Đắk Nông
    assert Agency.objects.get(code="ubnd-tinh-cu-67").valid_from == datetime.date(2004, 1, 1)
    assert AdminUnit.objects.get(key="tinh-cu-10").valid_from is None  # Lào Cai: not sourced


@pytest.mark.django_db
def test_each_former_province_has_its_two_departments_with_their_successors():
    for prefix, heir in (("sttt", "skhcn"), ("snv", "snv")):
        former = Agency.objects.filter(code__startswith=f"{prefix}-tinh-cu-")
        assert former.count() == 63
        assert not former.exclude(successor__code__startswith=f"{heir}-tinh-").exists()
        assert not former.exclude(valid_to=datetime.date(2025, 6, 30)).exists()
    yen_bai = Agency.objects.get(code="sttt-tinh-cu-15")
    assert yen_bai.name == "Sở Thông tin và Truyền thông tỉnh Yên Bái" and yen_bai.is_dx_lead
    assert yen_bai.successor.code == "skhcn-tinh-15"
    assert yen_bai.parent.code == "ubnd-tinh-cu-15"


@pytest.mark.django_db
def test_a_2024_plan_of_a_former_province_resolves_its_departments():
    template = PlanTemplate.objects.get(code="ke-hoach-tinh-1690")
    committee = Agency.objects.get(code="ubnd-tinh-cu-60")  # Bình Thuận, as in seed 001
    day = resolution_day(committee, 2024)
    roles = template.document["roles"]
    assert [a.code for a in resolve_role("so-cds", roles, committee, day).agencies] == ["sttt-tinh-cu-60"]
    assert [a.code for a in resolve_role("so-noi-vu", roles, committee, day).agencies] == ["snv-tinh-cu-60"]


def test_the_2022_compliance_table_names_each_province_as_it_was_named_then(db):
    import datetime

    from dxnet.monitoring.services import compliance

    then = compliance("dx-plan-2022", "province", datetime.date(2022, 3, 7)).as_dict()
    names = {row["agency"] for row in then["earliest"] + then["missing"]}
    assert then["total"] == 63
    assert "Ủy ban nhân dân tỉnh Thừa Thiên Huế" in names
    assert "Ủy ban nhân dân thành phố Huế" not in names
