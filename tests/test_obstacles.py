"""Obstacles and proposals: routed one level up, answered or escalated to Cục Chuyển đổi số quốc gia, seen by the
raising subtree and the chain that handled it, due in working days, closed 30 days after an answer."""

import datetime
import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from dxnet.accounts.models import Role
from dxnet.agencies.models import Agency
from dxnet.obstacles import calendar, services
from dxnet.obstacles.models import Category, HistoryEntry, Obstacle
from dxnet.obstacles.routing import handler_for

from .conftest import HA_NOI, LAO_CAI, client_for, make_user

MONDAY = datetime.date(2026, 11, 2)


def raise_one(user, title="Thiếu kinh phí vận hành Tổ công nghệ số cộng đồng", today=MONDAY, **extra):
    return services.do_raise_obstacle(acting_user=user, title=title, description="Xã chưa được bố trí kinh phí.",
                                      category=Category.objects.get(code="kinh-phi"), today=today, **extra)


@pytest.fixture
def national_coordinator(db):
    return make_user("dieuphoi.cuc", Role.COORDINATOR, "cuc-chuyen-doi-so-quoc-gia")


@pytest.fixture
def ministry(db, actors):
    """Bộ Tài chính with a DX lead unit and another unit."""
    from dxnet.agencies.services import do_create_agency

    top = Agency.objects.get(code="bo-tai-chinh")
    admin = actors["national_admin"]
    lead = do_create_agency(top, code="cuc-tin-hoc-tc", name="Cục Tin học và Thống kê tài chính",
                            kind=Agency.Kind.MINISTRY_DEPARTMENT, acting_user=admin, is_dx_lead=True)
    unit = do_create_agency(top, code="vu-ngan-sach-tc", name="Vụ Ngân sách nhà nước",
                            kind=Agency.Kind.MINISTRY_DEPARTMENT, acting_user=admin)
    return {"ministry": top, "lead": lead, "unit": unit}


def test_the_categories_are_loaded_with_the_reference_data_and_listed_by_the_api(actors):
    codes = [row["code"] for row in client_for(actors["member"]).get(reverse("obstacle-category-list")).json()]
    assert codes == ["to-chuc-bo-may", "bien-che-vtvl", "kinh-phi", "co-che-chinh-sach", "nen-tang-ha-tang",
                     "du-lieu", "an-toan-thong-tin", "dao-tao", "khac"]


def test_a_commune_obstacle_climbs_from_the_province_dx_department_to_the_national_agency(
        actors, lao_cai_commune, national_coordinator):
    obstacle = raise_one(actors["focal_point"])
    assert (obstacle.status, obstacle.level, obstacle.handler.code) == ("open", "province", "skhcn-tinh-15")
    services.do_escalate(obstacle, acting_user=actors["sibling"], reason="Vượt khả năng cân đối của tỉnh")
    obstacle.refresh_from_db()
    assert (obstacle.status, obstacle.level, obstacle.handler.code) == (
        "escalated", "national", "cuc-chuyen-doi-so-quoc-gia")
    services.do_answer(obstacle, acting_user=national_coordinator, answer="Bố trí từ nguồn chi thường xuyên.")
    obstacle.refresh_from_db()
    assert obstacle.status == "answered" and obstacle.answered_by.code == "cuc-chuyen-doi-so-quoc-gia"
    steps = [(h.kind, h.level, h.agency.code) for h in obstacle.history.all()]
    assert steps == [("raised", "province", lao_cai_commune.code),
                     ("escalated", "national", "skhcn-tinh-15"),
                     ("answered", "national", "cuc-chuyen-doi-so-quoc-gia")]
    assert set(obstacle.handlers.values_list("code", flat=True)) == {"skhcn-tinh-15", "cuc-chuyen-doi-so-quoc-gia"}


def test_the_province_and_its_dx_department_raise_to_the_national_agency(db):
    for code in (LAO_CAI, "skhcn-tinh-15"):
        assert handler_for(Agency.objects.get(code=code)).code == "cuc-chuyen-doi-so-quoc-gia"
    other_department = Agency.objects.filter(parent__code=LAO_CAI, kind="provincial_department",
                                             is_dx_lead=False).first()
    assert handler_for(other_department).code == "skhcn-tinh-15"


def test_a_ministry_unit_goes_to_the_ministry_dx_unit_then_the_national_agency(ministry, actors):
    assert handler_for(ministry["unit"]) == ministry["lead"]
    assert handler_for(ministry["lead"]).code == "cuc-chuyen-doi-so-quoc-gia"
    assert handler_for(ministry["ministry"]).code == "cuc-chuyen-doi-so-quoc-gia"
    raiser = make_user("vu.ns", Role.FOCAL_POINT, "vu-ngan-sach-tc")
    lead_person = make_user("cuc.th", Role.FOCAL_POINT, "cuc-tin-hoc-tc")
    obstacle = raise_one(raiser)
    assert (obstacle.level, obstacle.handler) == ("ministry", ministry["lead"])
    services.do_escalate(obstacle, acting_user=lead_person, reason="Cần hướng dẫn chung")
    obstacle.refresh_from_db()
    assert (obstacle.level, obstacle.handler.code) == ("national", "cuc-chuyen-doi-so-quoc-gia")


def test_a_ministry_without_a_dx_unit_handles_its_units_itself(db):
    unit = Agency.objects.filter(kind="ministry_department", parent__code="bo-khoa-hoc-va-cong-nghe").exclude(
        code="cuc-chuyen-doi-so-quoc-gia").first()
    if unit is not None:
        assert handler_for(unit).code == "bo-khoa-hoc-va-cong-nghe"
    assert handler_for(Agency.objects.get(code="cuc-chuyen-doi-so-quoc-gia")).code == "cuc-chuyen-doi-so-quoc-gia"


def test_only_a_national_administrator_marks_it_beyond_authority_and_only_at_national_level(
        actors, national_coordinator):
    obstacle = raise_one(actors["focal_point"])
    with pytest.raises(ValidationError, match="cấp quốc gia"):
        services.do_mark_beyond_authority(obstacle, acting_user=actors["national_admin"])
    services.do_escalate(obstacle, acting_user=actors["coordinator"], reason="Ngoài thẩm quyền tỉnh")
    with pytest.raises(PermissionDenied):
        services.do_mark_beyond_authority(obstacle, acting_user=national_coordinator)
    services.do_mark_beyond_authority(obstacle, acting_user=actors["national_admin"], reason="Cần sửa Nghị định")
    obstacle.refresh_from_db()
    assert obstacle.beyond_authority and obstacle.history.last().kind == "beyond-authority"


def test_an_escalation_from_national_level_is_refused_in_vietnamese_and_changes_nothing(actors):
    obstacle = raise_one(actors["focal_point"])
    services.do_escalate(obstacle, acting_user=actors["sibling"], reason="Lên trên")
    response = client_for(actors["national_admin"]).post(reverse("obstacle-escalate", args=[obstacle.pk]),
                                                         {"reason": "Lên nữa"}, format="json")
    assert response.status_code == 400
    assert "đã ở cấp quốc gia" in str(response.json())
    obstacle.refresh_from_db()
    assert (obstacle.level, obstacle.history.count()) == ("national", 2)


def test_an_answer_by_someone_who_is_not_the_handler_is_refused_and_changes_nothing(actors, lao_cai_commune):
    obstacle = raise_one(actors["focal_point"])
    for actor in ("focal_point", "viewer", "member"):  # they see it, they do not handle it
        response = client_for(actors[actor]).post(reverse("obstacle-answer", args=[obstacle.pk]),
                                                  {"answer": "Tự xử lý"}, format="json")
        assert response.status_code == 403, actor
        assert "Chỉ cơ quan đang xử lý" in str(response.json())
    assert client_for(actors["outsider"]).post(reverse("obstacle-answer", args=[obstacle.pk]),
                                               {"answer": "x"}, format="json").status_code == 404
    obstacle.refresh_from_db()
    assert (obstacle.status, obstacle.answer, obstacle.history.count()) == ("open", "", 1)


def test_empty_texts_are_refused_in_vietnamese_and_change_nothing(actors):
    client = client_for(actors["focal_point"])
    response = client.post(reverse("obstacle-list"), {"title": " ", "description": "", "category": "kinh-phi"},
                           format="json")
    assert response.status_code == 400
    assert "Hãy ghi tiêu đề" in str(response.json()) and "Hãy ghi nội dung" in str(response.json())
    assert not Obstacle.objects.exists()
    obstacle = raise_one(actors["focal_point"])
    coordinator = client_for(actors["coordinator"])
    assert "Hãy ghi nội dung trả lời" in str(coordinator.post(reverse("obstacle-answer", args=[obstacle.pk]),
                                                              {"answer": "  "}, format="json").json())
    assert "Hãy ghi lý do" in str(coordinator.post(reverse("obstacle-escalate", args=[obstacle.pk]),
                                                   {"reason": ""}, format="json").json())
    obstacle.refresh_from_db()
    assert (obstacle.status, obstacle.level, obstacle.history.count()) == ("open", "province", 1)


@pytest.mark.parametrize(("name", "content", "message"), [
    ("kiến-nghị.exe", b"MZ...", "Không nhận tệp đuôi"),
    ("kiến-nghị.pdf", b"%PDF-1.4 " + b"0" * (21 * 1024 * 1024), "vượt quá 20 MB"),
])
def test_an_attachment_too_large_or_of_a_wrong_type_is_refused(actors, name, content, message):
    upload = SimpleUploadedFile(name, content)
    response = client_for(actors["focal_point"]).post(reverse("obstacle-list"), {
        "title": "Thiếu máy tính", "description": "Cần 5 máy", "category": "nen-tang-ha-tang", "attachment": upload})
    assert response.status_code in (400, 413)
    assert message in str(response.json())
    assert not Obstacle.objects.exists()


def test_a_lao_cai_commune_obstacle_is_seen_up_its_chain_and_is_404_for_ha_noi(actors, national_coordinator):
    obstacle = raise_one(actors["focal_point"])
    for actor, seen in [("focal_point", True), ("coordinator", True), ("sibling", True), ("national_admin", True),
                        ("outsider", False), ("anonymous", False)]:
        response = client_for(actors[actor]).get(reverse("obstacle-detail", args=[obstacle.pk]))
        assert response.status_code == (200 if seen else 401 if actor == "anonymous" else 404), actor
    # Cục CĐSQG sees it once it is escalated to it, not before.
    assert client_for(national_coordinator).get(reverse("obstacle-detail", args=[obstacle.pk])).status_code == 404
    services.do_escalate(obstacle, acting_user=actors["sibling"], reason="Lên trên")
    assert client_for(national_coordinator).get(reverse("obstacle-detail", args=[obstacle.pk])).status_code == 200
    listed = client_for(actors["outsider"]).get(reverse("obstacle-list")).json()
    assert listed["count"] == 0
    ha_noi_user = make_user("xa.hanoi", Role.FOCAL_POINT,
                            Agency.objects.filter(kind="commune_pc", parent__code=HA_NOI).first().code)
    assert client_for(ha_noi_user).get(reverse("obstacle-detail", args=[obstacle.pk])).status_code == 404


def test_the_sla_counts_working_days_without_weekends_and_national_holidays():
    # 15 working days from Thursday 23/4/2026: 27/4 (Giỗ Tổ, in lieu), 30/4 and 1/5 are holidays.
    assert calendar.add_working_days(datetime.date(2026, 4, 23), 15) == datetime.date(2026, 5, 19)
    assert calendar.add_working_days(datetime.date(2026, 11, 2), 15) == datetime.date(2026, 11, 23)
    # Tết 2026: Monday 16/2 to Friday 20/2 are no working days.
    assert calendar.add_working_days(datetime.date(2026, 2, 13), 1) == datetime.date(2026, 2, 23)
    assert calendar.working_days_between(datetime.date(2026, 2, 13), datetime.date(2026, 2, 23)) == 1
    text = calendar.HOLIDAYS_CSV.read_text(encoding="utf-8")
    assert "Bộ luật Lao động số 45/2019/QH14, Điều 112" in text


def test_an_obstacle_is_due_after_its_level_sla_and_counted_overdue_after(actors, settings):
    obstacle = raise_one(actors["focal_point"], today=datetime.date(2026, 4, 23))
    assert obstacle.due_on == datetime.date(2026, 5, 19)
    assert not obstacle.is_overdue(datetime.date(2026, 5, 19)) and obstacle.is_overdue(datetime.date(2026, 5, 20))
    assert list(Obstacle.objects.overdue(datetime.date(2026, 5, 20))) == [obstacle]
    settings.OBSTACLE_SLA_DAYS = {"national": 5}
    services.do_escalate(obstacle, acting_user=actors["sibling"], reason="Lên trên", today=datetime.date(2026, 5, 4))
    obstacle.refresh_from_db()
    assert obstacle.due_on == datetime.date(2026, 5, 11)


def test_an_answer_closes_by_itself_30_days_later_or_when_the_asker_accepts(actors):
    first, second = raise_one(actors["focal_point"]), raise_one(actors["focal_point"], title="Thiếu người")
    for obstacle in (first, second):
        services.do_answer(obstacle, acting_user=actors["coordinator"], answer="Đã bố trí.",
                           today=datetime.date(2026, 11, 5))
    services.do_accept_answer(second, acting_user=actors["focal_point"], today=datetime.date(2026, 11, 6))
    assert services.do_close_answered(datetime.date(2026, 12, 4)) == 0
    assert services.do_close_answered(datetime.date(2026, 12, 5)) == 1
    first.refresh_from_db()
    assert (first.status, first.closed_on) == ("closed", datetime.date(2026, 12, 5))
    assert first.history.last().kind == HistoryEntry.Kind.CLOSED


def test_the_api_filters_by_status_level_overdue_and_beyond_authority(actors):
    first = raise_one(actors["focal_point"], today=datetime.date(2025, 1, 6))
    raise_one(actors["focal_point"], title="Khác")
    services.do_escalate(first, acting_user=actors["sibling"], reason="Lên trên")
    client = client_for(actors["coordinator"])

    def ids(**query):
        return [row["id"] for row in client.get(reverse("obstacle-list"), query).json()["results"]]

    assert ids(status="escalated") == [first.pk]
    assert ids(level="national") == [first.pk]
    assert len(ids(overdue="false")) == 1 and ids(beyond_authority="true") == []
    assert len(ids(category="kinh-phi")) == 2


def test_an_answer_published_as_faq_is_found_without_diacritics_and_without_the_asker(actors):
    obstacle = raise_one(actors["focal_point"], title="Kinh phí duy trì Tổ công nghệ số cộng đồng")
    services.do_answer(obstacle, acting_user=actors["coordinator"], answer="Dùng nguồn ngân sách xã.")
    services.do_publish_faq(obstacle, acting_user=actors["coordinator"])
    client = client_for(actors["outsider"])  # every signed-in user reads the FAQ
    found = client.get(reverse("faq-list"), {"search": "to cong nghe so"}).json()["results"]
    assert [row["answer"] for row in found] == ["Dùng nguồn ngân sách xã."]
    assert obstacle.agency.name not in str(found) and "daumoi" not in str(found)
    assert client.get(reverse("faq-list"), {"search": "an toan"}).json()["results"] == []
    page = client.get(reverse("obstacles:faq"), {"search": "KINH PHI"}).content.decode()
    assert "Dùng nguồn ngân sách xã." in page


def test_an_unanswered_obstacle_cannot_be_published(actors):
    obstacle = raise_one(actors["focal_point"])
    with pytest.raises(ValidationError, match="đã có trả lời"):
        services.do_publish_faq(obstacle, acting_user=actors["coordinator"])


def _libreoffice_text(docx: bytes, tmp_path) -> str:
    source = tmp_path / "phu-luc.docx"
    source.write_bytes(docx)
    done = subprocess.run(["libreoffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                           "--convert-to", "txt:Text", "--outdir", str(tmp_path), str(source)],
                          capture_output=True, text=True, timeout=120)
    target = Path(tmp_path) / "phu-luc.txt"
    assert done.returncode == 0 and target.exists(), done.stderr
    return " ".join(target.read_text(encoding="utf-8-sig").split())


def test_the_government_annex_opens_in_libreoffice_grouped_by_category_with_the_asking_agencies(
        actors, lao_cai_commune, tmp_path):
    obstacle = raise_one(actors["focal_point"], title="Định mức chi cho Tổ công nghệ số cộng đồng")
    services.do_escalate(obstacle, acting_user=actors["sibling"], reason="Cần Chính phủ quyết định")
    services.do_mark_beyond_authority(obstacle, acting_user=actors["national_admin"])
    raise_one(actors["focal_point"], title="Chưa cần báo cáo")  # not beyond authority: not in the annex
    assert client_for(actors["coordinator"]).get(reverse("obstacles:annex")).status_code == 403
    response = client_for(actors["national_admin"]).get(reverse("obstacles:annex"))
    text = _libreoffice_text(response.content, tmp_path)
    for part in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "PHỤ LỤC", "I. KINH PHÍ (1)",
                 "Định mức chi cho Tổ công nghệ số cộng đồng", lao_cai_commune.name, "Nơi nhận:"):
        assert part in text, part
    assert "Chưa cần báo cáo" not in text


def test_the_pages_raise_escalate_and_answer_with_the_history_shown(actors, lao_cai_commune, national_coordinator):
    client = client_for(actors["focal_point"])
    form = client.get(reverse("obstacles:raise")).content.decode()
    assert 'name="title"' in form and 'name="attachment"' in form
    response = client.post(reverse("obstacles:raise"), {"title": "", "description": "", "category": ""})
    assert "Hãy ghi tiêu đề vướng mắc." in response.content.decode() and not Obstacle.objects.exists()
    response = client.post(reverse("obstacles:raise"), {
        "title": "Chưa có đường truyền", "description": "Trụ sở xã chưa có cáp quang.",
        "category": Category.objects.get(code="nen-tang-ha-tang").pk})
    obstacle = Obstacle.objects.get()
    assert response.status_code == 302 and response.url == obstacle.get_absolute_url()
    assert client_for(actors["viewer"]).get(reverse("obstacles:raise")).status_code == 403
    page = client_for(actors["sibling"]).get(obstacle.get_absolute_url()).content.decode()
    assert "Chuyển lên cấp trên" in page and "Trả lời" in page
    client_for(actors["sibling"]).post(reverse("obstacles:act", args=[obstacle.pk, "chuyen-cap-tren"]),
                                       {"reason": "Cần doanh nghiệp viễn thông"})
    client_for(national_coordinator).post(reverse("obstacles:act", args=[obstacle.pk, "tra-loi"]),
                                          {"answer": "Đã đề nghị doanh nghiệp kéo cáp trong quý I."})
    page = client.get(obstacle.get_absolute_url()).content.decode()
    assert "Đã đề nghị doanh nghiệp kéo cáp trong quý I." in page and "Chuyển cấp trên" in page
    assert "Chấp nhận trả lời" in page
    listing = client_for(actors["coordinator"]).get(reverse("obstacles:list")).content.decode()
    assert "Chưa có đường truyền" in listing
    assert "Chưa có đường truyền" not in client_for(actors["outsider"]).get(reverse("obstacles:list")).content.decode()


def test_the_raise_form_picks_a_related_plan_by_typing_among_those_the_user_sees(actors):
    """A province sees thousands of plans: the raise form offers the plan picker, not a list of every plan, and a
    plan outside the user's scope is refused with nothing written."""
    from dxnet.plans.models import PlanTemplate
    from dxnet.plans.services import do_create_plan

    lao_cai = do_create_plan(PlanTemplate.objects.get(code="ke-hoach-tinh-1690"), Agency.objects.get(code=LAO_CAI),
                             2026, acting_user=actors["coordinator"])
    hanoi = do_create_plan(PlanTemplate.objects.get(code="ke-hoach-tinh-1690"), Agency.objects.get(code=HA_NOI),
                           2026, acting_user=actors["outsider"])
    client = client_for(actors["coordinator"])
    form = client.get(reverse("obstacles:raise")).content.decode()
    assert 'data-picker="/chon/ke-hoach/"' in form and '<select name="plan"' not in form
    fields = {"title": "Thiếu kinh phí", "description": "Chưa bố trí vốn.",
              "category": Category.objects.get(code="nen-tang-ha-tang").pk}
    refused = client.post(reverse("obstacles:raise"), {**fields, "plan": hanoi.pk})
    assert refused.status_code == 200 and refused.context["form"].errors["plan"] and not Obstacle.objects.exists()
    assert hanoi.title not in refused.content.decode()
    client.post(reverse("obstacles:raise"), {**fields, "plan": lao_cai.pk})
    assert Obstacle.objects.get().plan == lao_cai


def test_the_list_highlights_and_counts_the_overdue(actors):
    raise_one(actors["focal_point"], title="Quá hạn từ lâu", today=datetime.date(2025, 1, 6))
    raise_one(actors["focal_point"], title="Mới nêu", today=datetime.date(2099, 1, 5))
    page = client_for(actors["coordinator"]).get(reverse("obstacles:list")).content.decode()
    assert "Quá hạn: <strong>1</strong>" in page
    assert page.count('<tr class="overdue">') == 1


def test_the_daily_job_closes_old_answers_and_notifies_the_overdue_once(actors):
    from dxnet.notifications.models import Notification
    from dxnet.notifications.services import daily_sources

    overdue = raise_one(actors["focal_point"], today=datetime.date(2026, 1, 5))
    answered = raise_one(actors["focal_point"], title="Đã trả lời", today=datetime.date(2026, 1, 5))
    services.do_answer(answered, acting_user=actors["coordinator"], answer="Xong.", today=datetime.date(2026, 1, 6))
    job = daily_sources()["obstacles"]
    assert job(datetime.date(2026, 3, 2)) > 0
    assert job(datetime.date(2026, 3, 2)) == 0  # never the same notice twice
    answered.refresh_from_db()
    assert answered.status == "closed"
    notices = Notification.objects.filter(kind="obstacle_overdue", user=actors["sibling"])
    assert [n.url for n in notices] == [overdue.get_absolute_url()]


def test_the_commune_finds_the_answer_in_its_notifications(actors):
    from dxnet.notifications.models import Notification

    obstacle = raise_one(actors["focal_point"])
    assert Notification.objects.filter(user=actors["sibling"], kind="obstacle_raised").count() == 1
    services.do_escalate(obstacle, acting_user=actors["sibling"], reason="Lên trên")
    assert Notification.objects.filter(user=actors["national_admin"], kind="obstacle_escalated").count() == 1
    services.do_answer(obstacle, acting_user=actors["national_admin"], answer="Đã có hướng dẫn.")
    assert Notification.objects.filter(user=actors["focal_point"], kind="obstacle_answered").count() == 1


def test_the_dashboard_counts_the_waiting_and_overdue_obstacles_in_scope(actors):
    raise_one(actors["focal_point"], title="Quá hạn", today=datetime.date(2026, 1, 5))
    raise_one(actors["focal_point"], title="Còn hạn", today=datetime.date(2026, 11, 20))
    page = client_for(actors["coordinator"]).get(reverse("monitoring:dashboard"), {"as_of": "2026-11-26"})
    card = page.content.decode().split('data-card="obstacles"')[1].split("</section>")[0]
    assert "Đang chờ: <a" in card and "<b>2</b>" in card and "?overdue=true\"><b>1</b>" in card
    other = client_for(actors["outsider"]).get(reverse("monitoring:dashboard"), {"as_of": "2026-11-26"})
    assert "<b>0</b>" in other.content.decode().split('data-card="obstacles"')[1].split("</section>")[0]


def test_the_demo_holds_obstacles_in_every_status_in_lao_cai_and_ha_noi(db):
    from dxnet.demo import load_demo

    load_demo()
    load_demo()  # twice changes nothing
    rows = Obstacle.objects.select_related("agency__admin_unit")
    assert {o.status for o in rows} == {"open", "escalated", "answered", "closed"}
    provinces = {code for o in rows for code in (f"{LAO_CAI}/", f"{HA_NOI}/") if code in o.agency.path}
    assert provinces == {f"{LAO_CAI}/", f"{HA_NOI}/"}
    assert all(o.history.exists() for o in rows)  # through the services
    assert rows.filter(status="escalated", level="national").exists()
    assert rows.filter(beyond_authority=True).count() == 1
    assert rows.overdue(timezone.localdate()).exists()
    assert rows.count() == 8


@pytest.mark.parametrize(("view", "kind"), [("obstacles:list", "page"), ("obstacle-list", "api")])
def test_the_obstacle_list_costs_the_same_queries_for_2_rows_as_for_12(actors, view, kind):
    from .test_query_counts import queries_for

    client = client_for(actors["coordinator"])
    for index in range(2):
        services.do_escalate(raise_one(actors["focal_point"], title=f"Vướng mắc {index}"),
                             acting_user=actors["sibling"], reason="Lên trên")
    few, _ = queries_for(client, reverse(view), {})
    for index in range(10):
        raise_one(actors["focal_point"], title=f"Thêm {index}")
    many, content = queries_for(client, reverse(view), {})
    assert "Thêm 9" in content and many == few
