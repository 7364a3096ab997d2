"""Success stories and models (seed 004, part 4): written by focal points and coordinators within their scope,
published by a coordinator on the public open-data page as a list with counts per province."""

import datetime
import io
import random

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from dxnet.agencies.models import Agency
from dxnet.geo.models import AdminUnit
from dxnet.stories import services
from dxnet.stories.models import StoryArea, SuccessStory

from .conftest import client_for

d = datetime.date
APRIL_2ND = d(2026, 4, 2)


def area(code="kinh-te-so") -> StoryArea:
    return StoryArea.objects.get(code=code)


def record(user, title, day=APRIL_2ND, code="kinh-te-so", **fields) -> SuccessStory:
    return services.do_save_story(SuccessStory(), acting_user=user, title=title, area=area(code), date=day,
                                  **fields)


@pytest.fixture
def stories(actors, lao_cai_commune):
    """A Lào Cai commune's story (published by the province), a Hà Nội one (published) and a Lào Cai draft."""
    market = record(actors["focal_point"], "Chợ số của xã", summary="Người bán nhận tiền qua mã QR.",
                    link="https://laocai.gov.vn/cho-so")
    services.do_publish_story(market, acting_user=actors["coordinator"])
    hanoi = record(actors["outsider"], "Một cửa không giấy tờ", code="chinh-quyen-so", day=d(2025, 11, 20))
    services.do_publish_story(hanoi, acting_user=actors["outsider"])
    draft = record(actors["coordinator"], "Họp không giấy tờ", code="chinh-quyen-so")
    cache.clear()
    return {"market": market, "hanoi": hanoi, "draft": draft}


def test_the_areas_are_a_managed_list_with_the_three_pillars(db):
    assert list(StoryArea.objects.values_list("name", flat=True)[:3]) == ["Chính quyền số", "Kinh tế số", "Xã hội số"]
    assert services.load_areas() == (0, 0)


def test_a_focal_points_story_belongs_to_their_agency_and_waits_to_be_published(actors, lao_cai_commune):
    story = record(actors["focal_point"], "Thôn thông minh")
    assert (story.agency, story.published, story.published_at) == (lao_cai_commune, False, None)
    with pytest.raises(PermissionDenied):
        services.do_publish_story(story, acting_user=actors["focal_point"])
    page = client_for(actors["focal_point"]).post(reverse("stories:publish", args=[story.pk]), {"published": "true"})
    assert page.status_code == 403
    published = client_for(actors["coordinator"]).post(reverse("stories:publish", args=[story.pk]),
                                                        {"published": "true"})
    assert published.status_code == 302
    story.refresh_from_db()
    assert story.published and story.published_at is not None


def test_a_published_story_changed_by_its_focal_point_waits_to_be_published_again(stories, actors):
    story = services.do_save_story(SuccessStory.objects.get(pk=stories["market"].pk),
                                   acting_user=actors["focal_point"], title="Chợ số của xã (mở rộng)")
    assert not story.published and story.published_at is None
    by_coordinator = services.do_save_story(story, acting_user=actors["coordinator"], summary="Đã có 40 sạp.")
    assert not by_coordinator.published  # a change is not a publication; publishing is its own act


def test_another_province_neither_sees_nor_publishes_a_story(stories, actors):
    market = stories["market"]
    outsider = client_for(actors["outsider"])
    assert outsider.get(reverse("stories:detail", args=[market.pk])).status_code == 404
    assert outsider.post(reverse("success-story-publish", args=[market.pk]), {"published": False},
                         format="json").status_code == 404
    listed = outsider.get(reverse("success-story-list")).json()
    assert [row["title"] for row in listed["results"]] == ["Một cửa không giấy tờ"]


def test_the_list_filters_by_area_province_year_and_publication(stories, actors):
    admin = client_for(actors["national_admin"])
    lao_cai = AdminUnit.objects.get(key="tinh-15").pk

    def titles(**query):
        return sorted(row["title"] for row in admin.get(reverse("success-story-list"), query).json()["results"])

    assert titles(area="chinh-quyen-so") == ["Họp không giấy tờ", "Một cửa không giấy tờ"]
    assert titles(province=lao_cai) == ["Chợ số của xã", "Họp không giấy tờ"]
    assert titles(province=lao_cai, published="true") == ["Chợ số của xã"]
    assert titles(year=2025) == ["Một cửa không giấy tờ"]
    page = admin.get(reverse("stories:list"), {"area": "kinh-te-so"}).content.decode()
    assert "Chợ số của xã" in page and "Họp không giấy tờ" not in page


def test_published_stories_are_on_the_public_open_data_page_with_counts_and_nothing_personal(stories, actors):
    anonymous = client_for(None)
    page = anonymous.get(reverse("open-data-page")).content.decode()
    assert "Chợ số của xã" in page and "Một cửa không giấy tờ" in page and "Họp không giấy tờ" not in page
    assert 'href="https://laocai.gov.vn/cho-so"' in page
    assert "Tỉnh Lào Cai (1)" in page and "Thành phố Hà Nội (1)" in page
    data = anonymous.get(reverse("open-data")).json()["success_stories"]
    assert data["total"] == 2
    assert {row["province"]: row["stories"] for row in data["by_province"]} == {"Tỉnh Lào Cai": 1,
                                                                                 "Thành phố Hà Nội": 1}
    assert set(data["latest"][0]) == {"title", "agency", "province", "area", "date", "summary", "link"}
    file = anonymous.get(reverse("open-data-file", args=["json"])).json()["success_stories"]
    assert file == data
    everything = page + str(data)
    for user in actors.values():
        if user is not None:
            assert user.username not in everything
    services.do_publish_story(stories["market"], acting_user=actors["coordinator"], published=False)
    assert anonymous.get(reverse("open-data")).json()["success_stories"]["total"] == 1


TOMORROW = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()


@pytest.mark.parametrize(("fields", "upload", "message"), [
    ({"title": ""}, None, "Hãy nhập tên mô hình, câu chuyện."),
    ({"date": TOMORROW}, None, "Ngày của mô hình, câu chuyện không được sau hôm nay."),
    ({"link": "ftp://laocai.gov.vn/a"}, None, "Liên kết phải là một địa chỉ web bắt đầu bằng http:// hoặc https://."),
    ({"link": "javascript:alert(1)"}, None, "Liên kết phải là một địa chỉ web bắt đầu bằng http:// hoặc https://."),
    ({}, ("gioi-thieu.exe", b"MZ"), "Không nhận tệp đuôi “exe”"),
])
def test_bad_stories_are_refused_with_the_same_vietnamese_message_by_form_and_api(actors, fields, upload, message):
    good = {"title": "Chợ số", "area": "kinh-te-so", "date": "2026-04-02", "summary": "", "link": ""}
    body = {**good, **fields}
    client = client_for(actors["focal_point"])

    def attached():
        return {"file": SimpleUploadedFile(*upload)} if upload else {}

    api = client.post(reverse("success-story-list"), {**body, **attached()}, format="multipart")
    assert api.status_code == 400 and message in str(api.json())
    page = client.post(reverse("stories:create"), {**body, "area": area().pk, **attached()})
    assert page.status_code == 200 and message in page.content.decode()
    assert not SuccessStory.objects.exists()


def test_the_api_records_changes_and_publishes_a_story(actors, lao_cai_commune):
    focal = client_for(actors["focal_point"])
    created = focal.post(reverse("success-story-list"), {"title": "Bản đồ số du lịch", "area": "xa-hoi-so",
                                                         "date": "2026-01-15", "link": "https://dulich.laocai.vn"},
                         format="json")
    assert created.status_code == 201, created.json()
    story = created.json()
    assert (story["agency"], story["published"]) == (lao_cai_commune.pk, False)
    changed = focal.patch(reverse("success-story-detail", args=[story["id"]]), {"summary": "Bốn mươi điểm đến."},
                          format="json")
    assert changed.status_code == 200 and changed.json()["summary"] == "Bốn mươi điểm đến."
    assert focal.post(reverse("success-story-publish", args=[story["id"]]), {"published": True},
                      format="json").status_code == 403
    published = client_for(actors["coordinator"]).post(reverse("success-story-publish", args=[story["id"]]),
                                                       {"published": True}, format="json")
    assert published.status_code == 200 and published.json()["published"] is True


def test_stories_import_all_or_nothing_and_export(actors, lao_cai_commune, tmp_path):
    path = tmp_path / "mo-hinh.csv"
    path.write_text('Mã cơ quan,"Tên mô hình, câu chuyện",Lĩnh vực,Ngày,Tóm tắt,Liên kết\n'
                    f"{lao_cai_commune.code},Chợ số,Kinh tế số,02/04/2026,,https://laocai.gov.vn/a\n"
                    f"{lao_cai_commune.code},Thôn thông minh,du-lich,02/04/2026,,\n"
                    f"{lao_cai_commune.code},Y tế từ xa,xa-hoi-so,02/04/2026,,ftp://x\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", "success-stories", str(path), "--user", actors["coordinator"].username, stderr=err)
    assert "Không có lĩnh vực “du-lich”" in err.getvalue()
    assert "bắt đầu bằng http:// hoặc https://" in err.getvalue()
    assert not SuccessStory.objects.exists()
    path.write_text("agency,title,area,date\n"
                    f"{lao_cai_commune.code},Chợ số,Kinh tế số,02/04/2026\n"
                    f"{lao_cai_commune.code},Thôn thông minh,xa-hoi-so,2026-03-01\n", encoding="utf-8")
    call_command("import", "success-stories", str(path), "--user", actors["coordinator"].username,
                 stdout=io.StringIO())
    assert sorted(SuccessStory.objects.values_list("title", "published")) == [("Chợ số", False),
                                                                             ("Thôn thông minh", False)]
    exported = client_for(actors["coordinator"]).get(reverse("exchange:export", args=["success-stories"]))
    assert exported.status_code == 200 and exported["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_dashboard_card_counts_the_years_stories_and_links_to_them(stories, actors):
    page = client_for(actors["coordinator"]).get(reverse("monitoring:dashboard"), {"as_of": "2026-11-26"})
    card = page.content.decode().split('data-card="stories"', 1)[1].split("</section>", 1)[0]
    assert "năm 2026" in card
    assert f'href="{reverse("stories:list")}?year=2026"><b>2</b>' in card  # the commune's and the province's
    assert f'href="{reverse("stories:list")}?year=2026&amp;published=true"><b>1</b>' in card


def test_generated_stories_spread_over_every_province_and_none_is_in_the_future(db):
    from dxnet.stories.generate import generate

    provinces = list(Agency.objects.provincial_pcs().filter(code__in=["ubnd-tinh-15", "ubnd-tinh-01"]))
    counts = generate(random.Random(7), provinces, d(2026, 11, 26), per_province=10)
    assert counts["mô hình, câu chuyện"] == 20 and 0 < counts["đã công bố"] < 20
    assert not SuccessStory.objects.filter(date__gt=d(2026, 11, 26)).exists()
    for pc in provinces:
        assert SuccessStory.objects.filter(agency__path__startswith=pc.path).count() == 10


def test_the_demo_has_stories_in_lao_cai_and_ha_noi_some_published_and_a_lao_cai_platform(db):
    from dxnet.demo import load_demo
    from dxnet.platforms.models import SharedPlatform

    load_demo()
    load_demo()  # twice: nothing doubles
    stories = SuccessStory.objects.select_related("agency")
    for province in ("ubnd-tinh-15", "ubnd-tinh-01"):
        mine = [s for s in stories if s.agency.path.startswith(f"chinh-phu/{province}/")]
        assert any(s.published for s in mine) and not all(s.published for s in mine), province
    assert stories.count() == 5
    assert SharedPlatform.objects.filter(level="provincial", province__key="tinh-15").count() == 1


# --- Probe 13: the import's door, one story once, days that can be ---------------------------------------------

def _stories_csv(text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile as Upload

    return Upload("mo-hinh.csv", ("agency,title,area,date,summary\n" + text).encode())


def test_a_published_story_changed_by_import_by_its_focal_point_is_withdrawn_until_published_again(stories, actors,
                                                                                                     lao_cai_commune):
    from dxnet.core.spreadsheets import import_file
    from dxnet.stories.sheets import SuccessStorySheet

    focal_point = actors["focal_point"]
    upload = _stories_csv(f"{lao_cai_commune.code},Chợ số của xã,kinh-te-so,02/04/2026,Nội dung chưa duyệt\n")
    result = import_file(SuccessStorySheet(focal_point), upload, acting_user=focal_point)
    assert result.ok and (result.created, result.updated) == (0, 1)
    market = SuccessStory.objects.get(pk=stories["market"].pk)
    assert (market.summary, market.published, market.published_at) == ("Nội dung chưa duyệt", False, None)
    cache.clear()
    assert "Nội dung chưa duyệt" not in client_for(None).get(reverse("open-data-page")).content.decode()
    again = import_file(SuccessStorySheet(focal_point), _stories_csv(
        f"{lao_cai_commune.code},Chợ số của xã,kinh-te-so,02/04/2026,Nội dung chưa duyệt\n"), acting_user=focal_point)
    assert (again.created, again.updated) == (0, 0)  # an unchanged row writes nothing


def test_a_story_sent_twice_is_refused_the_second_time_by_api_and_form(actors, lao_cai_commune):
    from dxnet.stories.models import DUPLICATE

    client = client_for(actors["focal_point"])
    body = {"title": "Chợ số", "area": "kinh-te-so", "date": "2026-04-02", "summary": "", "link": ""}
    assert client.post(reverse("success-story-list"), body, format="json").status_code == 201
    again = client.post(reverse("success-story-list"), body, format="json")
    assert again.status_code == 400 and DUPLICATE in str(again.json())
    page = client.post(reverse("stories:create"), {**body, "area": area().pk})
    assert page.status_code == 200 and DUPLICATE in page.content.decode()
    assert SuccessStory.objects.count() == 1
    other_day = client.post(reverse("success-story-list"), {**body, "date": "2026-04-03"}, format="json")
    assert other_day.status_code == 201  # the same model told of another day is another story


@pytest.mark.parametrize("day", ["0001-01-01", "2101-01-01"])
def test_a_story_day_outside_2000_2100_is_refused_alike_by_api_form_and_sheet(day, actors, lao_cai_commune):
    from dxnet.core.spreadsheets import import_file
    from dxnet.core.validators import DAY_RANGE_MESSAGE
    from dxnet.stories.sheets import SuccessStorySheet

    client = client_for(actors["coordinator"])
    body = {"title": "Chợ số", "area": "kinh-te-so", "date": day, "summary": "", "link": ""}
    api = client.post(reverse("success-story-list"), body, format="json")
    assert api.status_code == 400 and api.json()["errors"]["date"][0]["message"] == DAY_RANGE_MESSAGE
    page = client.post(reverse("stories:create"), {**body, "area": area().pk, "agency": lao_cai_commune.pk})
    assert page.status_code == 200 and DAY_RANGE_MESSAGE in page.content.decode()
    year, month, dd = day.split("-")
    result = import_file(SuccessStorySheet(actors["coordinator"]), _stories_csv(
        f"{lao_cai_commune.code},Chợ số,kinh-te-so,{dd}/{month}/{year},\n"), acting_user=actors["coordinator"])
    assert [(e.column, e.message) for e in result.errors] == [("Ngày", DAY_RANGE_MESSAGE)]
    assert not SuccessStory.objects.exists()
