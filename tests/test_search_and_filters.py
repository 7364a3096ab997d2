import pytest
from django.urls import reverse

from dxnet.core.text import fold

from .conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text, folded", [
    ("Hà Nội", "ha noi"), ("Ủy ban nhân dân xã", "uy ban nhan dan xa"), ("ĐẶC KHU Phú Quốc", "dac khu phu quoc"),
    ("  Thành   phố  Huế ", "thanh pho hue"),
])
def test_fold_drops_diacritics_case_and_extra_spaces(text, folded):
    assert fold(text) == folded


def api_get(user, view, **params):
    return client_for(user).get(reverse(view), {"page_size": 1000, **params}).json()


def test_search_ignores_diacritics_and_case(actors):
    admin = actors["national_admin"]
    names = [row["name"] for row in api_get(admin, "admin-unit-list", search="ha noi")["results"]]
    assert "Thành phố Hà Nội" in names
    assert api_get(admin, "admin-unit-list", search="HÀ NỘI")["count"] == api_get(
        admin, "admin-unit-list", search="ha noi")["count"]
    communes = api_get(admin, "agency-list", search="uy ban nhan dan xa")
    assert communes["count"] == 2621
    assert all(row["name"].startswith("Ủy ban nhân dân xã") for row in communes["results"])


def test_the_agency_api_filters_by_kind_parent_province_and_date(actors):
    admin = actors["national_admin"]
    pcs_2022 = api_get(admin, "agency-list", kind="provincial_pc", as_of="2022-03-07")
    assert pcs_2022["count"] == 63
    assert api_get(admin, "agency-list", kind="provincial_pc", as_of="2026-11-26")["count"] == 34
    lao_cai = next(r for r in api_get(admin, "agency-list", kind="provincial_pc", search="lao cai",
                                      as_of="2026-11-26")["results"])
    children = api_get(admin, "agency-list", parent=lao_cai["id"])
    assert children["count"] == 101  # 99 commune committees, the DX lead and the home-affairs departments
    province_unit = lao_cai["admin_unit"]
    in_province = api_get(admin, "agency-list", province=province_unit)
    assert in_province["count"] == 102
    item = client_for(admin).get(reverse("agency-detail", args=[lao_cai["id"]])).json()
    assert {"id", "code", "name", "kind", "parent", "valid_from", "valid_to"} <= item.keys()
    assert (item["code"], item["valid_from"], item["valid_to"]) == ("ubnd-tinh-15", "2025-07-01", None)


def test_the_unit_api_filters_by_level_and_date(actors):
    admin = actors["national_admin"]
    assert api_get(admin, "admin-unit-list", level=1, as_of="2025-06-30")["count"] == 63
    assert api_get(admin, "admin-unit-list", level=3, as_of="2025-07-01")["count"] == 3321


def test_a_bad_filter_value_is_a_clear_error(actors):
    response = client_for(actors["national_admin"]).get(reverse("agency-list"), {"as_of": "hôm qua"})
    assert response.status_code == 400
    assert "as_of" in response.json()["errors"]


def test_the_html_list_filters_and_paginates(actors):
    client = client_for(actors["coordinator"])
    html = client.get(reverse("agencies:list"), {"kind": "commune_pc"}).content.decode()
    assert "99 kết quả" in html and "trang 1/2" in html
    page2 = client.get(reverse("agencies:list"), {"kind": "commune_pc", "page": 2}).content.decode()
    assert page2.count("<tr>") == 49 + 1  # rows and the header


def test_the_openapi_schema_describes_every_endpoint(actors):
    import yaml

    schema = yaml.safe_load(client_for(actors["viewer"]).get(reverse("api-schema")).content)
    paths = set(schema["paths"])
    for name in ("admin-units", "agencies", "people", "focal-points", "network-members", "villages", "teams",
                 "team-members", "team-activities"):
        assert f"/api/v1/{name}/" in paths and f"/api/v1/{name}/{{id}}/" in paths
    assert "post" in schema["paths"]["/api/v1/team-members/"]


def _province_options(html: str) -> tuple[list[str], list[str]]:
    """The labels of the province list: today's ones, and those of the group of former ones."""
    import re

    select = re.search(r'<select name="province".*?</select>', html, re.S)[0]
    group = re.search(r'<optgroup label="Trước khi sắp xếp">(.*?)</optgroup>', select, re.S)
    former = re.findall(r">([^<]+)</option>", group[1]) if group else []
    current = re.findall(r">([^<]+)</option>", select.replace(group[0], "") if group else select)
    return current[1:], former


def test_the_province_list_offers_todays_provinces_in_vietnamese_order_and_former_ones_only_for_their_days(actors):
    from django.urls import reverse

    from dxnet.core.text import vietnamese_sort_key

    from .conftest import client_for

    client = client_for(actors["national_admin"])
    current, former = _province_options(client.get(reverse("agencies:list")).content.decode())
    assert len(current) == 34 and not former
    assert current.count("Tỉnh Lào Cai") == 1
    names = [name.removeprefix("Tỉnh ").removeprefix("Thành phố ") for name in current]
    assert names == sorted(names, key=vietnamese_sort_key) and names[0] == "An Giang"
    assert names.index("Đà Nẵng") > names.index("Cần Thơ") and names.index("Đồng Tháp") > names.index("Đà Nẵng")
    current, former = _province_options(client.get(reverse("agencies:list"), {"as_of": "2025-06-01"}).content.decode())
    assert len(former) > 20 and "Tỉnh Lào Cai (đến 30/6/2025)" in former and "Tỉnh Lào Cai" in current


def test_a_user_whose_scope_is_one_province_or_less_gets_no_province_filter(actors):
    from django.urls import reverse

    from .conftest import client_for

    for actor in ("focal_point", "coordinator"):
        page = client_for(actors[actor]).get(reverse("people:list")).content.decode()
        assert 'name="province"' not in page
    assert 'name="province"' in client_for(actors["national_admin"]).get(reverse("people:list")).content.decode()


def _menu(client) -> list[str]:
    import re

    from django.urls import reverse

    html = client.get(reverse("home")).content.decode()
    nav = re.search(r'<nav class="mainnav">(.*?)</nav>', html, re.S)[1]
    return re.findall(r'<a href="[^"]+"[^>]*>([^<]+)</a>', nav)


def test_each_role_gets_its_own_menu_and_the_current_page_is_marked(actors):
    from django.urls import reverse

    from .conftest import client_for

    commune = _menu(client_for(actors["focal_point"]))
    assert commune[:1] == ["Đơn vị của tôi"] and {"Tổ CNSCĐ", "Thành viên Tổ", "Hoạt động", "Nhiệm vụ",
                                              "Vướng mắc"} <= set(commune)
    assert not {"Điều hành", "Đơn vị hành chính", "Sắp xếp tổ chức", "Tài khoản"} & set(commune)
    province = _menu(client_for(actors["coordinator"]))
    assert {"Điều hành", "Kế hoạch", "An toàn thông tin", "Tài khoản"} <= set(province)
    assert not {"Đơn vị hành chính", "Sắp xếp tổ chức", "Thành viên Tổ"} & set(province)
    assert {"Đơn vị hành chính", "Sắp xếp tổ chức"} <= set(_menu(client_for(actors["national_admin"])))
    page = client_for(actors["coordinator"]).get(reverse("obstacles:list")).content.decode()
    assert f'<a href="{reverse("obstacles:list")}" aria-current="page">Vướng mắc</a>' in page
    assert 'href="#noi-dung"' in page and 'id="noi-dung"' in page
