"""The shared platforms catalogue: seeded from seed 004, edited in dxnet by the national administrator (national
platforms) and by a province's coordinators (their province's platforms), ended platforms kept as history."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from dxnet.geo.models import AdminUnit
from dxnet.platforms import services
from dxnet.platforms.models import PlatformUsage, SharedPlatform

from .conftest import client_for

d = datetime.date
SEED_004_ADDITIONS = {"ispeed", "make-in-vietnam", "tro-ly-ao", "do-luong-kinh-te-so", "cong-nen-tang-so"}


def lao_cai():
    return AdminUnit.objects.get(key="tinh-15")


@pytest.fixture
def lao_cai_platform(actors):
    return services.do_save_platform(SharedPlatform(), acting_user=actors["coordinator"],
                                     name="Nền tảng tổng hợp, phân tích dữ liệu tỉnh Lào Cai",
                                     address="data.laocai.gov.vn", valid_from=d(2025, 1, 1))


def test_the_catalogue_holds_the_platforms_seed_004_names_with_their_source(db):
    platforms = {p.code: p for p in SharedPlatform.objects.all()}
    assert SEED_004_ADDITIONS <= platforms.keys()
    assert platforms["make-in-vietnam"].address == "makeinvietnam.mic.gov.vn"
    assert platforms["tro-ly-ao"].owner.code == "cuc-chuyen-doi-so-quoc-gia"
    assert platforms["ispeed"].owner_shown == "Cục Viễn thông"
    assert platforms["do-luong-kinh-te-so"].source == "Seed 004, Phụ lục I mục 10.1 b)"
    assert {p.level for p in platforms.values()} == {"national"}


def test_loading_the_reference_again_creates_what_is_missing_and_keeps_the_editors_work(actors):
    admin = actors["national_admin"]
    dbi = SharedPlatform.objects.get(code="dbi")
    services.do_save_platform(dbi, acting_user=admin, name="Công cụ đánh giá DBI", valid_to=d(2026, 6, 30))
    SharedPlatform.objects.filter(code="ispeed").delete()
    assert services.load_shared_platforms(acting_user=admin) == (1, 0)
    assert services.load_shared_platforms(acting_user=admin) == (0, 0)
    dbi.refresh_from_db()
    assert (dbi.name, dbi.valid_to) == ("Công cụ đánh giá DBI", d(2026, 6, 30))


def test_the_national_administrator_edits_a_national_platform_and_a_coordinator_may_not(actors):
    platform = SharedPlatform.objects.get(code="emc")
    client = client_for(actors["coordinator"])
    assert client.get(reverse("platforms:platform-update", args=[platform.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        services.do_save_platform(platform, acting_user=actors["coordinator"], address="emc.gov.vn")
    response = client_for(actors["national_admin"]).post(
        reverse("platforms:platform-update", args=[platform.pk]),
        {"name": platform.name, "address": "emc.gov.vn", "level": "national"})
    assert response.status_code == 302
    platform.refresh_from_db()
    assert (platform.address, platform.code) == ("emc.gov.vn", "emc")


def test_a_coordinators_platform_is_provincial_in_their_province_and_keeps_its_code(lao_cai_platform, actors):
    assert (lao_cai_platform.level, lao_cai_platform.province) == ("provincial", lao_cai())
    assert lao_cai_platform.code == "tinh-15-nen-tang-tong-hop-phan-tich-du-lieu-tinh-lao-cai"
    renamed = services.do_save_platform(lao_cai_platform, acting_user=actors["sibling"],
                                        name="Kho dữ liệu dùng chung tỉnh Lào Cai")
    assert renamed.code == "tinh-15-nen-tang-tong-hop-phan-tich-du-lieu-tinh-lao-cai"
    with pytest.raises(PermissionDenied):  # Hà Nội's coordinator edits Hà Nội's platforms only
        services.do_save_platform(SharedPlatform.objects.get(pk=lao_cai_platform.pk),
                                  acting_user=actors["focal_point"], name="Khác")


def test_a_provincial_platform_is_seen_by_its_province_and_national_bodies_only(lao_cai_platform, actors):
    url = reverse("platforms:platform", args=[lao_cai_platform.pk])
    for actor in ("national_admin", "coordinator", "sibling", "focal_point", "viewer"):
        assert client_for(actors[actor]).get(url).status_code == 200, actor
    assert client_for(actors["outsider"]).get(url).status_code == 404
    listed = client_for(actors["outsider"]).get(reverse("platform-list"), {"page_size": 100}).json()
    assert lao_cai_platform.pk not in {row["id"] for row in listed["results"]}
    assert listed["count"] == SharedPlatform.objects.national().count()


def test_an_ended_platform_stays_as_history_and_stops_counting_after_its_end(lao_cai_platform, registry, actors):
    from dxnet.monitoring import targets

    person = registry["person"]
    PlatformUsage.objects.create(platform=lao_cai_platform, agency=person.agency, person=person,
                                 valid_from=d(2025, 3, 1))
    response = client_for(actors["coordinator"]).post(
        reverse("platforms:platform-end", args=[lao_cai_platform.pk]), {"valid_to": "2026-06-30"})
    assert response.status_code == 302
    national = SharedPlatform.objects.national().count()

    def platforms_on(day):
        target = targets.platforms(targets.Scope(actors["coordinator"], day))
        return target.value, target.total

    assert platforms_on(d(2026, 6, 30)) == (1, national + 1)
    assert platforms_on(d(2026, 7, 1)) == (0, national)
    network = targets.network_platforms(targets.Scope(actors["coordinator"], d(2026, 7, 1)))
    assert network.value == 0
    assert targets.platforms(targets.Scope(actors["outsider"], d(2026, 6, 1))).total == national
    ended = client_for(actors["coordinator"]).get(reverse("platforms:catalogue"), {"status": "ended"})
    assert lao_cai_platform.name in ended.content.decode()


@pytest.mark.parametrize(("body", "field", "message"), [
    ({"name": ""}, "name", "Hãy nhập tên nền tảng."),
    ({"name": "Nền tảng A", "level": "provincial"}, "province", "Nền tảng cấp tỉnh phải ghi rõ tỉnh, thành phố."),
    ({"name": "Nền tảng A", "valid_from": "2026-05-01", "valid_to": "2026-01-01"}, "valid_to",
     "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."),
])
def test_bad_platforms_are_refused_with_the_same_message_by_form_and_api(actors, body, field, message):
    client = client_for(actors["national_admin"])
    before = SharedPlatform.objects.count()
    api = client.post(reverse("platform-list"), body, format="json")
    assert api.status_code == 400 and message in str(api.json())
    page = client.post(reverse("platforms:platform-create"), {"level": "national", **body})
    assert page.status_code == 200 and message in page.content.decode()
    assert SharedPlatform.objects.count() == before


def test_the_api_lists_creates_and_updates_platforms(actors, lao_cai_platform):
    client = client_for(actors["coordinator"])
    created = client.post(reverse("platform-list"), {"name": "Trợ lý ảo Lào Cai", "address": "ai.laocai.gov.vn"},
                          format="json")
    assert created.status_code == 201, created.json()
    assert (created.json()["level"], created.json()["province"]) == ("provincial", lao_cai().pk)
    pk = created.json()["id"]
    changed = client.patch(reverse("platform-detail", args=[pk]), {"valid_to": "2026-12-31"}, format="json")
    assert changed.status_code == 200 and changed.json()["valid_to"] == "2026-12-31"
    national = SharedPlatform.objects.get(code="ky-so")
    assert client.patch(reverse("platform-detail", args=[national.pk]), {"name": "X"},
                        format="json").status_code == 403
    filtered = client.get(reverse("platform-list"), {"level": "provincial"}).json()
    assert {row["id"] for row in filtered["results"]} == {pk, lao_cai_platform.pk}


def test_a_usage_import_does_not_find_another_provinces_platform(lao_cai_platform, registry, actors, tmp_path):
    import io

    from django.core.management import CommandError, call_command

    from dxnet.people.models import Person

    hoan_kiem = registry["hoan_kiem"]
    Person.objects.create(agency=hoan_kiem, full_name="Trần Văn Hà", phone="0988000009", search_name="tran van ha")
    path = tmp_path / "nen-tang.csv"
    path.write_text(f"agency,phone,platform,valid_from\n{hoan_kiem.code},0988000009,{lao_cai_platform.code},01/06/2026\n",
                    encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", "platform-usages", str(path), "--user", actors["outsider"].username, stderr=err)
    assert f"Không có nền tảng “{lao_cai_platform.code}” trong danh mục." in err.getvalue()


# --- Probe 13: another province's platforms stay unseen ----------------------------------------------------------

def test_the_usage_filter_lists_only_platforms_the_user_sees_and_a_hidden_one_answers_as_a_missing_one(
        lao_cai_platform, actors):
    outsider = client_for(actors["outsider"])  # Hà Nội
    page = outsider.get(reverse("platforms:usages")).content.decode()
    national = SharedPlatform.objects.get(code="emc")
    assert lao_cai_platform.name not in page and f'value="{national.pk}"' in page
    assert f'value="{lao_cai_platform.pk}"' not in page
    hidden = outsider.get(reverse("platforms:usages"), {"platform": lao_cai_platform.pk})
    missing = outsider.get(reverse("platforms:usages"), {"platform": 999_999})
    assert hidden.status_code == missing.status_code
    def shown(response, pk):
        page = re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", response.content.decode())
        return re.sub(rf'(["=“ ]){pk}(["&”. ])', r"\1N\2", page)

    assert shown(hidden, lao_cai_platform.pk) == shown(missing, 999_999)
    own = client_for(actors["coordinator"]).get(reverse("platforms:usages")).content.decode()
    assert f'value="{lao_cai_platform.pk}"' in own


def test_a_new_platforms_code_does_not_tell_that_another_province_has_one_of_that_name(lao_cai_platform, actors):
    outsider = client_for(actors["outsider"])
    created = outsider.post(reverse("platform-list"), {"name": lao_cai_platform.name}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["code"] == "tinh-01-nen-tang-tong-hop-phan-tich-du-lieu-tinh-lao-cai"
    again = outsider.post(reverse("platform-list"), {"name": lao_cai_platform.name}, format="json").json()["code"]
    assert again.startswith("tinh-01-nen-tang-tong-hop-phan-tich-du-lieu-tinh-lao-") and len(again) == 60
