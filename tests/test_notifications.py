"""One notification centre: personal notices, the bell, e-mail by preference, and the idempotent daily job."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dxnet.agencies.models import Agency
from dxnet.notifications.models import EmailPreference, Kind, Notification
from dxnet.notifications.services import do_notify, do_set_email_preferences, users_acting_for

from .conftest import client_for

pytestmark = pytest.mark.django_db


def notice(user, key="k", **fields):
    do_notify([user], kind=fields.pop("kind", Kind.TASK_OVERDUE), title=fields.pop("title", "Nhiệm vụ quá hạn"),
              key=key, **fields)
    return Notification.objects.get(user=user, key__startswith=f"{key}:")


def run_notify(day: datetime.date, *extra) -> str:
    out = io.StringIO()
    call_command("notify", "--date", day.isoformat(), *extra, stdout=out)
    return out.getvalue()


@pytest.fixture
def lao_cai_task(actors, lao_cai_commune):
    """A task of Lào Cai's 2026 plan led by its DX department (skhcn-tinh-15), due 10/12/2026."""
    from dxnet.plans import services
    from dxnet.plans.models import PlanTemplate, Task

    coordinator = actors["coordinator"]
    plan = services.do_create_plan(PlanTemplate.objects.get(code="phu-luc-iii-khung-ke-hoach-nam"),
                                   Agency.objects.get(code="ubnd-tinh-15"), 2026, acting_user=coordinator)
    task = services.do_save_task(Task(plan=plan), acting_user=coordinator, group=plan.groups.first(),
                                 title="Triển khai nền tảng số dùng chung", deadline_text="10/12/2026",
                                 lead=Agency.objects.get(code="skhcn-tinh-15"), cooperating=[lao_cai_commune])
    Task.objects.filter(pk=task.pk).update(due_date=datetime.date(2026, 12, 10))  # whatever the parser made of it
    task.refresh_from_db()
    return task


def test_the_acting_users_of_an_agency_are_the_coordinators_above_and_its_focal_points(actors, lao_cai_commune):
    assert set(users_acting_for(lao_cai_commune)) == {actors["coordinator"], actors["focal_point"]}
    department = Agency.objects.get(code="skhcn-tinh-15")
    assert set(users_acting_for(department)) == {actors["coordinator"], actors["sibling"]}
    actors["sibling"].is_active = False
    actors["sibling"].save()
    assert set(users_acting_for(department)) == {actors["coordinator"]}


def test_the_same_notice_is_never_given_twice(actors):
    users = [actors["coordinator"], actors["focal_point"]]
    assert do_notify(users, kind=Kind.OBSTACLE_RAISED, title="Vướng mắc mới", key="obstacle-raised:1") == 2
    assert do_notify(users, kind=Kind.OBSTACLE_RAISED, title="Vướng mắc mới", key="obstacle-raised:1") == 0
    assert do_notify([*users, actors["sibling"]], kind=Kind.OBSTACLE_RAISED, title="Vướng mắc mới",
                     key="obstacle-raised:1") == 1
    assert Notification.objects.count() == 3


def test_tasks_due_within_a_week_then_overdue_are_told_once_to_the_lead_agency(lao_cai_task, actors):
    lead_users = {actors["coordinator"], actors["sibling"]}
    run_notify(datetime.date(2026, 12, 2))  # 8 days before: nothing yet
    assert not Notification.objects.exists()
    run_notify(datetime.date(2026, 12, 3))  # 7 days before
    due_soon = Notification.objects.filter(kind=Kind.TASK_DUE_SOON)
    assert {n.user for n in due_soon} == lead_users
    assert due_soon.first().title == "Nhiệm vụ còn 7 ngày đến hạn (10/12/2026): Triển khai nền tảng số dùng chung"
    assert due_soon.first().url == reverse("plans:task", args=[lao_cai_task.pk])
    run_notify(datetime.date(2026, 12, 4))
    run_notify(datetime.date(2026, 12, 10))
    assert Notification.objects.count() == 2
    run_notify(datetime.date(2026, 12, 11))
    assert {n.user for n in Notification.objects.filter(kind=Kind.TASK_OVERDUE)} == lead_users
    run_notify(datetime.date(2026, 12, 12))
    assert Notification.objects.count() == 4


def test_a_done_task_or_one_of_a_withdrawn_plan_is_not_told(lao_cai_task):
    from dxnet.plans.models import Plan, Task

    Task.objects.filter(pk=lao_cai_task.pk).update(status=Task.Status.DONE)
    run_notify(datetime.date(2026, 12, 11))
    Task.objects.filter(pk=lao_cai_task.pk).update(status=Task.Status.DOING)
    Plan.objects.filter(pk=lao_cai_task.plan_id).update(status=Plan.Status.WITHDRAWN)
    run_notify(datetime.date(2026, 12, 11))
    assert not Notification.objects.exists()


def test_two_runs_of_dxnet_notify_on_the_same_day_create_nothing_the_second_time(lao_cai_task):
    first = run_notify(datetime.date(2026, 12, 11))
    count = Notification.objects.count()
    second = run_notify(datetime.date(2026, 12, 11))
    assert count == 2 and "Đã tạo 2 thông báo ngày 11/12/2026." in first
    assert Notification.objects.count() == count and "Đã tạo 0 thông báo" in second


@pytest.fixture
def lao_cai_round(actors):
    from dxnet.reporting.models import ReportForm
    from dxnet.reporting.services import do_create_round

    return do_create_round(ReportForm.objects.get(code="inspection"), acting_user=actors["national_admin"],
                           agency=Agency.objects.get(code="cuc-chuyen-doi-so-quoc-gia"), title="Kiểm tra",
                           period="Năm 2026", year=2026, due_date=datetime.date(2026, 12, 15),
                           recipients=[Agency.objects.get(code="ubnd-tinh-15")])


def test_a_round_opened_is_told_to_the_asked_agency(lao_cai_round, actors):
    opened = Notification.objects.get(kind=Kind.ROUND_OPENED)
    assert opened.user == actors["coordinator"] and opened.title == "Yêu cầu báo cáo: Kiểm tra"


def test_round_reminders_run_in_dxnet_notify_and_dxnet_remind_still_works(lao_cai_round, actors):
    from dxnet.reporting.models import Reminder

    run_notify(datetime.date(2026, 12, 13))
    due = Notification.objects.get(kind=Kind.ROUND_DUE)
    assert due.user == actors["coordinator"] and due.title == "Sắp đến hạn báo cáo: Kiểm tra"
    assert Reminder.objects.filter(kind="before", sent_on=datetime.date(2026, 12, 13)).count() == 1
    run_notify(datetime.date(2026, 12, 13))
    out = io.StringIO()
    call_command("remind", "--date", "2026-12-16", stdout=out)
    assert "reporting: 1" in out.getvalue() and "plans" not in out.getvalue()
    assert Notification.objects.filter(kind=Kind.ROUND_DUE).count() == 2
    assert Reminder.objects.filter(kind="after").count() == 1
    for command in ("notify", "remind"):  # a day that is not one: refused in Vietnamese, nothing sent
        with pytest.raises(CommandError, match="Ngày không hợp lệ; dùng dạng YYYY-MM-DD."):
            call_command(command, "--date", "16/12/2026", stdout=io.StringIO())
    assert Notification.objects.filter(kind=Kind.ROUND_DUE).count() == 2


def test_a_returned_report_is_told_to_its_agency(lao_cai_round, actors):
    from dxnet.reporting.models import Submission
    from dxnet.reporting.services import do_review

    lao_cai_round.submissions.update(status=Submission.Status.SUBMITTED)  # as if answered and sent
    submission = lao_cai_round.submissions.get()
    do_review(submission, acting_user=actors["national_admin"], accept=False, comment="Thiếu số liệu")
    returned = Notification.objects.get(kind=Kind.ROUND_RETURNED)
    assert returned.user == actors["coordinator"] and "Thiếu số liệu" in returned.body


def test_email_follows_each_users_choice_per_kind(actors, django_capture_on_commit_callbacks):
    coordinator, focal_point = actors["coordinator"], actors["focal_point"]
    coordinator.email, focal_point.email = "dieuphoi@example.gov.vn", "daumoi@example.gov.vn"
    coordinator.save()
    focal_point.save()
    do_set_email_preferences(focal_point, [Kind.ROUND_DUE])  # not task_overdue
    with django_capture_on_commit_callbacks(execute=True):
        do_notify([coordinator, focal_point], kind=Kind.TASK_OVERDUE, title="Nhiệm vụ quá hạn", body="Hạn 10/12",
                  url="/nhiem-vu/1/", key="task-overdue:1")
    assert [m.to for m in mail.outbox] == [["dieuphoi@example.gov.vn"]]
    assert mail.outbox[0].subject == "[dxnet] Nhiệm vụ quá hạn" and "/nhiem-vu/1/" in mail.outbox[0].body
    assert Notification.objects.filter(user=focal_point).exists()  # still in the app
    with django_capture_on_commit_callbacks(execute=True):
        do_notify([coordinator, focal_point], kind=Kind.ROUND_DUE, title="Sắp đến hạn", key="round-due:1")
    assert sorted(m.to[0] for m in mail.outbox[1:]) == ["daumoi@example.gov.vn", "dieuphoi@example.gov.vn"]


def test_the_preferences_form_saves_the_choice(actors):
    client = client_for(actors["focal_point"])
    response = client.post(reverse("notifications:preferences"), {"kinds": ["round_due", "task_overdue"]})
    assert response.status_code == 302
    refused = EmailPreference.objects.filter(user=actors["focal_point"], email=False).values_list("kind", flat=True)
    assert set(refused) == set(Kind.values) - {"round_due", "task_overdue"}
    page = client.get(reverse("notifications:list")).content.decode()
    checked = re.findall(r'<input type="checkbox" name="kinds" value="(\w+)"[^>]*checked', page)
    assert sorted(checked) == ["round_due", "task_overdue"]


def test_the_api_lists_only_my_own_notifications(actors):
    mine = notice(actors["focal_point"], key="a")
    theirs = notice(actors["coordinator"], key="b")
    client = client_for(actors["focal_point"])
    rows = client.get(reverse("notification-list")).json()["results"]
    assert [row["id"] for row in rows] == [mine.pk]
    assert client.get(reverse("notification-detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("notification-detail", args=[mine.pk])).json()["unread"] is True
    # The national administrator sees everything else, not other people's notices.
    admin = client_for(actors["national_admin"])
    assert admin.get(reverse("notification-list")).json()["results"] == []
    assert admin.get(reverse("notification-detail", args=[mine.pk])).status_code == 404


def test_the_api_marks_read_the_given_ones_or_all_and_filters_unread(actors):
    user = actors["focal_point"]
    first, second, third = (notice(user, key=k) for k in "xyz")
    theirs = notice(actors["coordinator"], key="w")
    client = client_for(user)
    response = client.post(reverse("notification-mark-read"), {"ids": [first.pk, theirs.pk]}, format="json")
    assert response.json() == {"marked": 1, "unread": 2}
    theirs.refresh_from_db()
    assert theirs.read_at is None
    unread = client.get(reverse("notification-list"), {"unread": "true"}).json()["results"]
    assert {row["id"] for row in unread} == {second.pk, third.pk}
    assert client.post(reverse("notification-mark-read"), {}, format="json").json() == {"marked": 2, "unread": 0}
    bad = client.post(reverse("notification-mark-read"), {"ids": ["một"]}, format="json")
    assert bad.status_code == 400
    assert bad.json()["code"] == "invalid" and bad.json()["errors"]["ids.0"][0]["message"] == "Phải là một số nguyên."
    assert Notification.objects.filter(user=user, read_at__isnull=True).count() == 0


def test_the_bell_shows_my_unread_count_in_one_query_and_the_page_marks_read(actors):
    user = actors["focal_point"]
    first, second = notice(user, key="p", url="/nhiem-vu/"), notice(user, key="q")
    notice(actors["coordinator"], key="r")
    client = client_for(user)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("notifications:list")).content.decode()
    assert 'aria-label="Thông báo: 2 chưa đọc"' in page and '<span class="badge">2</span>' in page
    assert page.count('class="notice unread"') == 2
    counts = [q["sql"] for q in queries if "notifications_notification" in q["sql"] and "COUNT" in q["sql"]]
    assert len([q for q in counts if "read_at" in q and "IS NULL" in q]) == 1
    response = client.post(reverse("notifications:mark-read"), {"id": first.pk, "open": "1"})
    assert response.status_code == 302 and response["Location"] == "/nhiem-vu/"
    page = client.get(reverse("home")).content.decode()
    assert '<span class="badge">1</span>' in page
    client.post(reverse("notifications:mark-read"))
    page = client.get(reverse("notifications:list")).content.decode()
    assert 'class="notice unread"' not in page and 'class="badge"' not in page
    second.refresh_from_db()
    assert second.read_at is not None


def test_marking_another_users_notice_read_changes_nothing(actors):
    theirs = notice(actors["coordinator"], key="s")
    client_for(actors["focal_point"]).post(reverse("notifications:mark-read"), {"id": theirs.pk})
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_failing_source_does_not_stop_the_others_and_the_job_says_so(lao_cai_task, monkeypatch):
    from django.core.management.base import CommandError

    from dxnet.notifications import services

    def broken(today):
        raise RuntimeError("hỏng")

    monkeypatch.setitem(services._daily_sources, "aaa-broken", broken)
    with pytest.raises(CommandError, match="aaa-broken"):
        run_notify(datetime.date(2026, 12, 11))
    assert Notification.objects.filter(kind=Kind.TASK_OVERDUE).count() == 2
