"""Each audience's home page: a commune's next actions first and nothing national, a province's pending work then its
cards, the national level's day; read-only roles get no write buttons."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from dxnet.agencies.models import Agency
from dxnet.notifications.models import Kind
from dxnet.notifications.services import do_notify
from dxnet.obstacles import services as obstacles
from dxnet.obstacles.models import Category
from dxnet.plans.models import PlanTemplate, Task
from dxnet.plans.services import do_create_plan
from dxnet.reporting.models import ReportForm
from dxnet.reporting.services import do_create_round

from .conftest import client_for

TODAY = timezone.localdate()


@pytest.fixture(name="work")
def work_fixture(actors, registry, lao_cai_commune):
    """Two tasks of the commune (one due in 3 days, one overdue), a report the province asks of it, an obstacle it
    raised that the province answered, and a notice to its focal point; in Hà Nội, a report and a task of its own."""
    coordinator, commune = actors["coordinator"], lao_cai_commune
    lao_cai = Agency.objects.get(code="ubnd-tinh-15")
    plan = do_create_plan(PlanTemplate.objects.get(code="ke-hoach-tinh-1690"), lao_cai, TODAY.year,
                          acting_user=coordinator)
    soon, late, done = plan.tasks.order_by("order")[:3]
    Task.objects.filter(pk=soon.pk).update(lead=commune, due_date=TODAY + datetime.timedelta(days=3))
    Task.objects.filter(pk=late.pk).update(lead=commune, due_date=TODAY - datetime.timedelta(days=2))
    Task.objects.filter(pk=done.pk).update(lead=commune, due_date=TODAY - datetime.timedelta(days=2), status="done")
    soon, late, done = (Task.objects.get(pk=task.pk) for task in (soon, late, done))
    form = ReportForm.objects.get(code="annual-assessment")
    round_ = do_create_round(form, acting_user=coordinator, agency=lao_cai, title="Báo cáo tháng của các xã",
                             period="Tháng này", year=TODAY.year, due_date=TODAY + datetime.timedelta(days=10),
                             recipients=[commune])
    hanoi = do_create_round(form, acting_user=actors["outsider"], agency=Agency.objects.get(code="ubnd-tinh-01"),
                            title="Báo cáo riêng của Hà Nội", period="Tháng này", year=TODAY.year,
                            due_date=TODAY, recipients=[registry["hoan_kiem"]])
    obstacle = obstacles.do_raise_obstacle(acting_user=actors["focal_point"], title="Thiếu thiết bị ký số",
                                           description="Xã chưa có thiết bị ký số.",
                                           category=Category.objects.first())
    waiting = obstacles.do_raise_obstacle(acting_user=actors["focal_point"], title="Chưa có cáp quang",
                                          description="Trụ sở xã chưa có cáp quang.",
                                          category=Category.objects.first())
    obstacles.do_answer(obstacle, acting_user=coordinator, answer="Đăng ký qua Ban Cơ yếu Chính phủ.")
    do_notify([actors["focal_point"]], kind=Kind.ROUND_DUE, title="Nhắc nộp báo cáo tháng", key="home-test")
    return {"soon": soon, "late": late, "done": done, "round": round_, "hanoi_round": hanoi, "answered": obstacle,
            "waiting": waiting}


def html_of(user) -> str:
    response = client_for(user).get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def first_screen(html: str) -> str:
    """What comes before the commune's own figures: the next actions and what waits on the user."""
    return html.split('<main class="content"', 1)[1].split("<h2>Số liệu", 1)[0]


def test_a_commune_focal_point_finds_its_next_actions_first_and_no_national_figures(actors, work, registry):
    html = html_of(actors["focal_point"])
    first = first_screen(html)
    # Two teams: each button opens the list of the commune's teams, each leading to its form.
    team = registry["team"]
    assert reverse("network:team-member-create", args=[team.pk]) in first
    assert reverse("network:activity-create", args=[team.pk]) in first
    assert first.index("Thêm thành viên") < first.index("Ghi nhận hoạt động") < first.index(
        "Nhiệm vụ sắp đến hạn / quá hạn") < first.index("Báo cáo phải nộp")
    due = first.split('data-next="tasks"', 1)[1].split("</section>", 1)[0]
    soon, late = work["soon"], work["late"]
    assert f"{soon.due_date:%d/%m/%Y}" in due and f"{late.due_date:%d/%m/%Y}" in due
    assert due.index(reverse("plans:task", args=[late.pk])) < due.index(reverse("plans:task", args=[soon.pk]))
    assert reverse("plans:task", args=[work["done"].pk]) not in due and "Quá hạn" in due
    reports = first.split('data-next="reports"', 1)[1].split("</section>", 1)[0]
    assert "Báo cáo tháng của các xã" in reports and "Báo cáo riêng của Hà Nội" not in reports
    assert f"{work['round'].due_date:%d/%m/%Y}" in reports
    assert "Nhắc nộp báo cáo tháng" in first  # the unread notice
    waiting = first.split('data-next="obstacles"', 1)[1].split("</section>", 1)[0]
    assert "Thiếu thiết bị ký số" in waiting and "chờ chấp nhận" in waiting
    assert "Chưa có cáp quang" not in waiting  # it waits on the province, not on the commune
    # Then the commune's own figures, never the country's.
    figures = html.split("<h2>Số liệu", 1)[1]
    assert re.search(r"<b>2</b> Tổ công nghệ số cộng đồng", figures)
    assert re.search(r"<b>5</b> thành viên Tổ CNSCĐ", figures)
    for national in ("tỉnh, thành phố", "cơ quan, đơn vị đang hoạt động", "Mục tiêu Đề án 1690"):
        assert national not in html


def test_a_commune_with_one_team_links_its_buttons_straight_to_the_forms(actors, registry):
    from dxnet.network.models import CommunityTeam

    CommunityTeam.objects.filter(village__name="Thôn Hai").update(valid_to=TODAY - datetime.timedelta(days=1))
    html = html_of(actors["team_leader"])
    team = registry["team"]
    assert f'<a class="button big" href="{reverse("network:team-member-create", args=[team.pk])}">' \
           "Thêm thành viên</a>" in html
    assert f'<a class="button big" href="{reverse("network:activity-create", args=[team.pk])}">' \
           "Ghi nhận hoạt động</a>" in html


@pytest.mark.parametrize("role", ["member", "viewer"])
def test_read_only_roles_get_a_summary_without_write_buttons(role, actors, work):
    html = html_of(actors[role])
    assert "Thêm thành viên" not in html and "Ghi nhận hoạt động" not in html and "Thành lập tổ" not in html
    assert "button big" not in html


def test_a_team_leader_records_team_work_and_sees_answers_to_accept(actors, work):
    first = first_screen(html_of(actors["team_leader"]))
    assert "Thêm thành viên" in first and "Ghi nhận hoạt động" in first
    assert "Thiếu thiết bị ký số" in first


def test_a_province_coordinator_sees_what_waits_on_it_then_the_province(actors, work):
    html = html_of(actors["coordinator"])
    pending, cards = html.split("Số liệu trong phạm vi của bạn", 1)
    assert reverse("people:missing-focal-points") in pending
    overdue = pending.split('data-next="overdue-tasks"', 1)[1].split("</section>", 1)[0]
    assert reverse("plans:task", args=[work["late"].pk]) in overdue
    assert reverse("plans:task", args=[work["soon"].pk]) not in overdue
    assert f"{work['late'].due_date:%d/%m/%Y}" in overdue
    awaited = pending.split('data-next="awaited-reports"', 1)[1].split("</section>", 1)[0]
    assert "Báo cáo tháng của các xã" in awaited and "<b>1</b> đơn vị chưa gửi" in awaited
    assert "Báo cáo riêng của Hà Nội" not in html
    obstacles_ = pending.split('data-next="obstacles"', 1)[1].split("</section>", 1)[0]
    assert "Chưa có cáp quang" in obstacles_ and "Thiếu thiết bị ký số" not in obstacles_  # answered already
    assert "xã, phường, đặc khu" in cards and "tỉnh, thành phố" not in cards
    assert "<b>1</b> vướng mắc đang chờ xử lý" in cards  # the dashboard's count, not the list above
    assert "Chỉ số khác" in cards


def test_the_national_home_sums_up_the_country_today(actors, work):
    html = html_of(actors["national_admin"])
    assert "Toàn quốc hôm nay" in html
    assert re.search(r"<b>34</b> tỉnh, thành phố", html)
    awaited = html.split('data-next="awaited-reports"', 1)[1].split("</section>", 1)[0]
    assert "Báo cáo tháng của các xã" in awaited and "Báo cáo riêng của Hà Nội" in awaited
    assert "Mở bảng điều hành" in html
