"""Pickers: an agency, person, team or village is chosen by typing part of its name, among what the user may choose."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dxnet.agencies.models import Agency
from dxnet.network.models import CommunityTeam
from dxnet.people.models import FocalPoint, Person
from dxnet.plans.models import Plan, PlanTemplate

from .conftest import HA_NOI, LAO_CAI, client_for

pytestmark = pytest.mark.django_db


def pick(user, kind, q="", **params):
    response = client_for(user).get(reverse("picker", args=[kind]), {"q": q, **params})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_a_lao_cai_coordinators_picker_never_offers_a_ha_noi_agency(actors):
    lao_cai = Agency.objects.get(code=LAO_CAI)
    assert pick(actors["coordinator"], "co-quan", "ha noi") == []
    assert pick(actors["coordinator"], "co-quan", HA_NOI) == []
    offered = pick(actors["coordinator"], "co-quan", "xa")
    assert len(offered) == 20
    paths = Agency.objects.filter(pk__in=[row["id"] for row in offered]).values_list("path", flat=True)
    assert all(path.startswith(lao_cai.path) for path in paths)
    assert pick(actors["outsider"], "co-quan", "lao cai") == []
    assert pick(actors["outsider"], "co-quan", "ha noi")  # the same search finds Hà Nội's for a Hà Nội user


def test_a_name_is_found_without_diacritics_and_with_the_usual_abbreviation(actors):
    lao_cai = Agency.objects.get(code=LAO_CAI)
    first = pick(actors["coordinator"], "co-quan", "UBND tinh lao cai")[0]
    assert (first["id"], first["label"]) == (lao_cai.pk, lao_cai.name)
    assert pick(actors["coordinator"], "co-quan", LAO_CAI)[0]["id"] == lao_cai.pk  # its code, typed exactly


def test_a_commune_focal_points_pickers_offer_only_its_commune(actors, registry):
    focal_point, commune = actors["focal_point"], registry["agency"]
    assert [row["id"] for row in pick(focal_point, "co-quan")] == [commune.pk]
    assert pick(focal_point, "co-quan", "tinh") == []
    villages = pick(focal_point, "thon")
    assert {row["label"] for row in villages} == {"Thôn Một", "Thôn Hai", "Thôn Ba"}
    assert {row["hint"] for row in villages} == {commune.name}
    assert [row["label"] for row in pick(focal_point, "thon", **{"chua-co-to": "1"})] == ["Thôn Ba"]
    assert {row["label"] for row in pick(focal_point, "to-cnscd")} == {"Tổ CNSCĐ Thôn Một", "Tổ CNSCĐ Thôn Hai"}
    assert [row["label"] for row in pick(focal_point, "can-bo", "hoa")] == ["Hoàng Thị Hoa"]
    assert pick(actors["outsider"], "can-bo", "hoa") == [] and pick(actors["outsider"], "thon", "thon mot") == []


def test_a_picker_limited_to_communes_offers_no_province(actors):
    kinds = {Agency.objects.get(pk=row["id"]).kind
             for row in pick(actors["coordinator"], "co-quan", "lao cai", loai="commune_pc")}
    assert kinds == {Agency.Kind.COMMUNE_PC}


@pytest.mark.parametrize("params, status", [
    ({"q": "x" * 101}, 400), ({"q": "a\x00b"}, 400), ({"q": "%_'\"<>"}, 200), ({"q": "   "}, 200),
    ({"q": "lao", "loai": "khong-co"}, 400),
])
def test_bad_queries_are_answered_in_vietnamese_never_with_a_500(actors, params, status):
    client = client_for(actors["coordinator"])
    client.raise_request_exception = False
    response = client.get(reverse("picker", args=["co-quan"]), params)
    assert response.status_code == status
    if status == 400:
        assert response.json()["error"] in ("Chuỗi tìm kiếm quá dài (tối đa 100 ký tự).",
                                            "Chuỗi tìm kiếm có ký tự không hợp lệ.", "Loại cơ quan không hợp lệ.")
    assert client.get(reverse("picker", args=["khong-co"])).status_code == 404


def test_a_picker_asks_the_same_number_of_queries_whatever_it_finds(actors, registry):
    client = client_for(actors["coordinator"])
    counts = []
    for kind, q in (("co-quan", "xa"), ("co-quan", "ubnd tinh lao cai"), ("co-quan", "khong co gi"),
                    ("can-bo", "hoa"), ("thon", ""), ("to-cnscd", ""), ("ke-hoach", "ke hoach"), ("chu-tri", "")):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("picker", args=[kind]), {"q": q}).status_code == 200
        counts.append(len(captured))
    assert len(set(counts)) == 1, counts


def test_the_plan_form_takes_the_issuers_name_as_typed(coordinator):
    template = PlanTemplate.objects.visible_to(coordinator).first()
    client = client_for(coordinator)
    page = client.get(reverse("plans:create")).content.decode()
    lao_cai = Agency.objects.get(code=LAO_CAI)
    assert "Mã cơ quan" not in page and 'data-picker="/chon/co-quan/"' in page
    assert f'value="{lao_cai.name}"' in page  # the coordinator's own agency to start with
    response = client.post(reverse("plans:create"), {"template": template.pk, "agency_label": "UBND tỉnh Lào Cai",
                                                     "agency": "", "year": 2027})
    assert response.status_code == 302, response.content.decode()
    assert Plan.objects.filter(year=2027).get().agency == lao_cai


def test_a_name_matching_several_choices_is_refused_with_the_choices(coordinator):
    template = PlanTemplate.objects.visible_to(coordinator).first()
    response = client_for(coordinator).post(reverse("plans:create"), {
        "template": template.pk, "agency_label": "lao cai", "agency": "", "year": 2027})
    page = response.content.decode()
    assert response.status_code == 200 and "Có nhiều lựa chọn khớp “lao cai”" in page
    assert not Plan.objects.filter(year=2027).exists()


def test_a_stale_id_gives_way_to_the_name_typed_over_it(coordinator, registry):
    """Without JavaScript the hidden id stays behind when the name is typed over: the typed name wins."""
    commune = registry["agency"]
    template = PlanTemplate.objects.visible_to(coordinator).first()
    response = client_for(coordinator).post(reverse("plans:create"), {
        "template": template.pk, "agency": Agency.objects.get(code=LAO_CAI).pk, "agency_label": commune.name,
        "year": 2027})
    assert response.status_code == 302
    assert Plan.objects.get(year=2027).agency == commune


def test_an_out_of_scope_id_is_refused(coordinator):
    template = PlanTemplate.objects.visible_to(coordinator).first()
    response = client_for(coordinator).post(reverse("plans:create"), {
        "template": template.pk, "agency": Agency.objects.get(code=HA_NOI).pk, "year": 2027})
    assert response.status_code == 200 and "Không có lựa chọn này trong phạm vi của bạn" in response.content.decode()


def test_a_focal_point_is_designated_by_picking_a_person_by_name(coordinator, registry):
    other = registry["other_lao_cai"]
    Person.objects.create(agency=other, full_name="Lý Văn Mười", phone="0977000010", search_name="ly van muoi")
    response = client_for(coordinator).post(reverse("people:focal-point-create", args=[other.pk]), {
        "person": "", "person_label": "ly van muoi", "decision_number": "9/QĐ-UBND",
        "decision_date": "2025-08-01"})
    assert response.status_code == 302
    assert FocalPoint.objects.get(agency=other).person.full_name == "Lý Văn Mười"


def test_a_team_is_set_up_for_a_village_picked_by_name(actors, registry):
    response = client_for(actors["focal_point"]).post(reverse("network:team-create"), {
        "village_label": "thon ba", "village": "", "decision_number": "3/QĐ-UBND", "decision_date": "2025-09-01"})
    assert response.status_code == 302
    assert CommunityTeam.objects.get(village__name="Thôn Ba").decision_date == datetime.date(2025, 9, 1)


def test_the_account_form_starts_at_the_users_own_agency(coordinator):
    page = client_for(coordinator).get(reverse("accounts:create")).content.decode()
    lao_cai = Agency.objects.get(code=LAO_CAI)
    assert f'name="agency" value="{lao_cai.pk}"' in page and "Mã cơ quan" not in page


def test_team_filters_take_a_picked_team_not_a_typed_id(actors, registry):
    client = client_for(actors["coordinator"])
    page = client.get(reverse("network:team-members")).content.decode()
    assert "Tổ (id)" not in page and "(id)" not in page and 'data-picker="/chon/to-cnscd/"' in page
    team = registry["team"]
    listed = client.get(reverse("network:team-members"), {"team": team.pk}).content.decode()
    assert "Lò Văn An" in listed and "Giàng Seo Dũng" not in listed
    by_name = client.get(reverse("network:team-members"), {"team": "", "team_label": "thon hai"}).content.decode()
    assert "Giàng Seo Dũng" in by_name and "Lò Văn An" not in by_name


def test_several_agencies_are_picked_ticked_typed_by_name_or_by_code(coordinator, registry):
    from django.core.exceptions import ValidationError

    from dxnet.agencies.forms import ScopedAgenciesField

    field = ScopedAgenciesField(label="Các cơ quan phối hợp")
    field.bind_user(coordinator)
    commune, other = registry["agency"], registry["other_lao_cai"]
    assert field.clean(([str(commune.pk)], other.name.lower())) == [commune, other]
    assert field.clean(([f"{commune.code}, {other.code}"], None)) == [commune, other]  # as older forms post codes
    with pytest.raises(ValidationError):
        field.clean(([str(Agency.objects.get(code=HA_NOI).pk)], None))
    html = field.widget.render("cooperating", field.prepare_value([commune]), {"id": "id_cooperating"})
    assert f'<input type="checkbox" name="cooperating" value="{commune.pk}" checked> {commune.name}' in html
    assert 'name="cooperating_label"' in html and 'data-picker="/chon/co-quan/"' in html


@pytest.mark.parametrize("url_name", ["network:villages", "network:teams", "network:team-members",
                                      "network:activities", "people:list", "infosec:list", "infosec:drills",
                                      "agencies:list", "geo:list", "stories:list"])
def test_no_list_filter_asks_for_an_id(coordinator, url_name):
    page = client_for(coordinator).get(reverse(url_name)).content.decode()
    assert "(id)" not in page and "Mã cơ quan" not in page


def test_the_systems_of_a_picked_agency_include_its_subtree(coordinator):
    response = client_for(coordinator).get(reverse("infosec:list"), {"agency": "", "agency_label": "ubnd tinh lao cai"})
    assert response.status_code == 200 and response.context["filter"].form.cleaned_data["agency"].code == LAO_CAI


def test_a_unit_is_picked_among_the_users_territory_and_a_former_one_says_until_when(actors):
    units = pick(actors["coordinator"], "don-vi", "lao cai")
    assert units and all("Hà Nội" not in row["hint"] for row in units)
    assert pick(actors["outsider"], "don-vi", "bat xat") == []
    former = [row for row in pick(actors["national_admin"], "don-vi", "tinh lao cai") if "đến" in row["hint"]]
    assert former and all(row["hint"].endswith("đến 30/06/2025") for row in former)
    page = client_for(actors["coordinator"]).get(reverse("geo:list"), {"parent_label": "tinh lao cai"})
    assert page.status_code == 200 and "(id)" not in page.content.decode()


def test_a_plans_role_is_settled_by_picking_an_agency_under_the_plans_issuer(actors):
    from dxnet.plans import services

    lao_cai = Agency.objects.get(code=LAO_CAI)
    Agency.objects.filter(code="snv-tinh-15").update(valid_to=datetime.date(2025, 12, 31))  # no home affairs in 2026
    plan = services.do_create_plan(PlanTemplate.objects.get(code="ke-hoach-tinh-1690"), lao_cai, 2026,
                                   acting_user=actors["coordinator"])
    client = client_for(actors["coordinator"])
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    url = f"/chon/co-quan/?thuoc={lao_cai.pk}&amp;ngay=2026-01-01"
    assert f'data-picker="{url}"' in page and 'aria-label="Cơ quan thực hiện"' in page
    offered = pick(actors["coordinator"], "co-quan", "so noi vu", thuoc=lao_cai.pk, ngay="2026-01-01")
    assert offered == []  # ended in 2025: not offered for a 2026 plan
    assert pick(actors["outsider"], "co-quan", "", thuoc=lao_cai.pk) == []  # a Hà Nội user learns nothing
    response = client.post(reverse("plans:settle", args=[plan.pk]), {
        "role": "so-noi-vu", "agency": "", "agency_label": "So Khoa hoc va Cong nghe tinh Lao Cai"})
    assert response.status_code == 302
    assert plan.tasks.get(code="1.1").lead.code == "skhcn-tinh-15"


@pytest.mark.parametrize("url", ["/nhiem-vu/", "/nhiem-vu/lich/", "/api/v1/tasks/"])
@pytest.mark.parametrize("field", ["plan", "lead"])
def test_a_nul_byte_typed_into_a_picker_filter_is_refused_in_vietnamese(actors, url, field):
    client = client_for(actors["focal_point"])
    client.raise_request_exception = False
    response = client.get(url, {field: "ab\x00c"})
    if url.startswith("/api/"):
        assert response.status_code == 400 and "Chuỗi tìm kiếm có ký tự không hợp lệ." in response.content.decode()
    else:
        assert response.status_code == 200 and "Chuỗi tìm kiếm có ký tự không hợp lệ." in response.content.decode()
