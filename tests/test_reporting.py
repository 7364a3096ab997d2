"""Reporting rounds: completeness and timeliness, return with a comment, accepted reports locked, reminders."""

import datetime
import io
import subprocess

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dxnet.accounts.models import Role
from dxnet.agencies.models import Agency
from dxnet.reporting import services
from dxnet.reporting.models import Reminder, ReportForm, Submission

from .conftest import client_for, make_user

PROVINCES = ["ubnd-tinh-01", "ubnd-tinh-15", "ubnd-tinh-79", "ubnd-tinh-48", "ubnd-tinh-31"]
ANSWERS = {"complete": "Đã làm đủ các nhiệm vụ năm.", "correct": "Đúng quy định.", "obstacles": "Thiếu nhân lực.",
           "advantages": "Lãnh đạo quan tâm.", "initiatives": "Tổ CNSCĐ đi từng nhà.", "proposals": "Tăng biên chế."}


@pytest.fixture
def national_round(actors):
    today = timezone.localdate()
    return services.do_create_round(
        ReportForm.objects.get(code="inspection"), acting_user=actors["national_admin"],
        agency=Agency.objects.get(code="cuc-chuyen-doi-so-quoc-gia"), title="Kiểm tra thực hiện Đề án 1690",
        period=f"Năm {today.year}", year=today.year, due_date=today,
        recipients=list(Agency.objects.filter(code__in=PROVINCES)))


def officer(code: str, email: str = ""):
    user = make_user(f"dieuphoi.{code}", Role.COORDINATOR, code)
    user.email = email
    user.save()
    return user


def test_a_round_to_five_provinces_counts_who_sent_on_time(national_round, actors):
    first, second, third, fourth, _ = (Submission.objects.get(round=national_round, agency__code=c) for c in PROVINCES)
    for submission in (first, second, third):
        user = officer(submission.agency.code)
        services.do_save_answers(submission, ANSWERS, acting_user=user)
        services.do_submit(submission, acting_user=user)
    late = national_round.due_date + datetime.timedelta(days=1)
    Submission.objects.filter(pk=third.pk).update(submitted_at=timezone.make_aware(
        datetime.datetime.combine(late, datetime.time(9))))  # the third arrived the day after the due date

    page = client_for(actors["national_admin"]).get(reverse("reporting:round", args=[national_round.pk]))
    html = page.content.decode()
    assert '<div class="stat" data-figure="received"><b>3/5</b>' in html
    assert '<div class="stat" data-figure="late"><b>1</b>' in html
    state = services.completeness(national_round)
    assert (len(state.received), state.on_time, state.late) == (3, 2, 1)
    from dxnet.monitoring.dashboard import rounds

    shown = rounds(actors["national_admin"], national_round.due_date).get()
    assert (shown.received, shown.total, shown.late) == (3, 5, 1)  # the dashboard's one query agrees
    assert {s.agency.code for s in state.missing} == {fourth.agency.code, "ubnd-tinh-31"}

    with pytest.raises(ValidationError, match="cần ghi rõ ý kiến"):
        services.do_review(second, acting_user=actors["national_admin"], accept=False)
    services.do_review(second, acting_user=actors["national_admin"], accept=False,
                       comment="Bổ sung số liệu đầu mối cấp xã.")
    second.refresh_from_db()
    assert (second.status, second.comment) == (Submission.Status.RETURNED, "Bổ sung số liệu đầu mối cấp xã.")
    assert len(services.completeness(national_round).received) == 2
    returned_page = client_for(officer_of(second)).get(reverse("reporting:submission", args=[second.pk]))
    assert "Ý kiến khi trả lại: Bổ sung số liệu đầu mối cấp xã." in returned_page.content.decode()

    services.do_review(first, acting_user=actors["national_admin"], accept=True)
    with pytest.raises(ValidationError, match="Đã tiếp nhận"):
        services.do_save_answers(first, {"complete": "Sửa sau khi đã tiếp nhận"}, acting_user=officer_of(first))
    response = client_for(officer_of(first)).post(reverse("reporting:submission", args=[first.pk]),
                                                  {"complete": "Sửa lại"})
    assert "không sửa được" in response.content.decode()
    first.refresh_from_db()
    assert first.answers["complete"] == ANSWERS["complete"]


def officer_of(submission):
    from dxnet.accounts.models import User

    return User.objects.get(username=f"dieuphoi.{submission.agency.code}")


def test_a_report_is_refused_while_a_required_answer_is_missing(national_round):
    submission = Submission.objects.get(round=national_round, agency__code="ubnd-tinh-15")
    user = officer("ubnd-tinh-15")
    services.do_save_answers(submission, {"complete": "Đủ", "rating": "Khá"}, acting_user=user)
    with pytest.raises(ValidationError, match="Chưa điền: Làm đúng chưa?"):
        services.do_submit(submission, acting_user=user)
    with pytest.raises(ValidationError, match="chọn một trong Tốt, Khá"):
        services.do_save_answers(submission, {"rating": "Xuất sắc"}, acting_user=user)


def test_only_the_asking_side_reviews_and_only_the_reporting_agency_answers(national_round, actors):
    submission = Submission.objects.get(round=national_round, agency__code="ubnd-tinh-15")
    services.do_save_answers(submission, ANSWERS, acting_user=actors["coordinator"])
    services.do_submit(submission, acting_user=actors["coordinator"])
    with pytest.raises(PermissionDenied):
        services.do_review(submission, acting_user=actors["coordinator"], accept=True)  # not its own report
    with pytest.raises(PermissionDenied):
        services.do_save_answers(submission, ANSWERS, acting_user=actors["outsider"])
    hanoi = Submission.objects.get(round=national_round, agency__code="ubnd-tinh-01")
    assert client_for(actors["coordinator"]).get(reverse("reporting:submission", args=[hanoi.pk])).status_code == 404
    page = client_for(actors["coordinator"]).get(reverse("reporting:round", args=[national_round.pk])).content
    assert b"1/1" in page and "Hà Nội".encode() not in page  # a recipient sees its own report only


def test_drafts_are_prefilled_with_what_the_platform_knows(registry, actors):
    today = timezone.localdate()
    lao_cai = Agency.objects.get(code="ubnd-tinh-15")
    round_ = services.do_create_round(
        ReportForm.objects.get(code="annual-assessment"), acting_user=actors["national_admin"],
        agency=Agency.objects.get(code="cuc-chuyen-doi-so-quoc-gia"), title="Báo cáo năm", period="Năm",
        year=today.year, due_date=today, recipients=[lao_cai])
    submission = round_.submissions.get()
    assert submission.computed["focal-points"] == {"value": 1, "total": 102}
    assert submission.answers["focal-points"] == 1
    assert submission.computed["plan-tasks"]["text"].startswith("0 nhiệm vụ")
    page = client_for(actors["coordinator"]).get(reverse("reporting:submission", args=[submission.pk]))
    assert "Hệ thống tính: <b>1</b>/102" in page.content.decode()
    response = client_for(actors["coordinator"]).post(reverse("reporting:submission", args=[submission.pk]),
                                                      {"focal-points": "năm", "save": ""})
    assert "không phải là số" in response.content.decode()
    client_for(actors["coordinator"]).post(reverse("reporting:submission", args=[submission.pk]),
                                           {"focal-points": "3", "save": ""})
    page = client_for(actors["coordinator"]).get(reverse("reporting:submission", args=[submission.pk]))
    assert "Hệ thống tính: <b>1</b>/102 · <span class=\"tag\">số khai chênh +2</span>" in page.content.decode()


def test_reminders_go_before_and_after_the_due_date_once_a_day(national_round):
    officer("ubnd-tinh-15", "dieuphoi.laocai@example.gov.vn")
    due = national_round.due_date
    assert services.do_send_reminders(due - datetime.timedelta(days=5)) == 0
    with_outbox = services.do_send_reminders(due - datetime.timedelta(days=2))
    assert with_outbox == 5 and Reminder.objects.filter(kind="before").count() == 5
    assert services.do_send_reminders(due - datetime.timedelta(days=2)) == 0  # once a day
    assert services.do_send_reminders(due + datetime.timedelta(days=1)) == 5
    assert set(Reminder.objects.values_list("kind", flat=True)) == {"before", "after"}


def test_a_reminder_reaches_the_officers_by_email(actors, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    officer("ubnd-tinh-15", "dieuphoi.laocai@example.gov.vn")
    services.do_create_round(
        ReportForm.objects.get(code="inspection"), acting_user=actors["national_admin"],
        agency=Agency.objects.get(code="cuc-chuyen-doi-so-quoc-gia"), title="Kiểm tra", period="Năm",
        year=today.year, due_date=today, recipients=[Agency.objects.get(code="ubnd-tinh-15")])
    with django_capture_on_commit_callbacks(execute=True):
        services.do_send_reminders(today + datetime.timedelta(days=1))
    assert [m.to for m in mail.outbox] == [["dieuphoi.laocai@example.gov.vn"]]
    assert mail.outbox[0].subject == "[dxnet] Quá hạn báo cáo: Kiểm tra"


def test_the_consolidated_report_is_built_in_the_background_and_opens_in_libreoffice(
        national_round, actors, tmp_path, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    from dxnet.monitoring.services import SEED_003_CSV
    from dxnet.reporting import consolidation

    call_command("import", "milestones", str(SEED_003_CSV), stdout=io.StringIO())
    for code in ("ubnd-tinh-15", "ubnd-tinh-01"):
        submission = Submission.objects.get(round=national_round, agency__code=code)
        user = officer(code)
        services.do_save_answers(submission, {**ANSWERS, "obstacles": f"Vướng mắc của {submission.agency.name}."},
                                 acting_user=user)
        services.do_submit(submission, acting_user=user)
    client = client_for(actors["national_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reporting:consolidate", args=[national_round.pk]))
    job = consolidation.Consolidation.objects.get()
    assert response.url == reverse("reporting:consolidation", args=[job.pk])
    assert DBTaskResult.objects.filter(task_path__endswith="build_consolidation").count() == 1  # queued for a worker
    assert client.get(reverse("reporting:consolidation-status", args=[job.pk])).json()["done"] is False

    consolidation.build(job, on=datetime.date(2022, 3, 7))  # what the worker runs
    assert client.get(reverse("reporting:consolidation-status", args=[job.pk])).json()["percent"] == 100
    docx = b"".join(client.get(reverse("reporting:consolidation-file", args=[job.pk, "docx"])).streaming_content)
    source = tmp_path / "tong-hop.docx"
    source.write_bytes(docx)
    for target in ("pdf", "txt:Text"):
        done = subprocess.run(["libreoffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                               "--convert-to", target, "--outdir", str(tmp_path), str(source)],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "tong-hop.pdf").read_bytes().startswith(b"%PDF")
    text = " ".join((tmp_path / "tong-hop.txt").read_text(encoding="utf-8-sig").split())
    for part in ("BÁO CÁO", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Đã nhận 2/5 báo cáo",
                 "Thành lập hoặc kiện toàn Ban Chỉ đạo chuyển đổi số (tỉnh, thành phố trực thuộc trung ương): 58/63",
                 "5 đơn vị thực hiện sớm nhất", "tỉnh Bến Tre 11/01/2021",
                 "Chưa thực hiện (5/63): tỉnh Bình Định, tỉnh Bình Thuận, thành phố Hồ Chí Minh",
                 "Vướng mắc gì? Nguyên nhân?",
                 "- Ủy ban nhân dân tỉnh Lào Cai: Vướng mắc của Ủy ban nhân dân tỉnh Lào Cai."):
        assert part in text, part
    xlsx = b"".join(client.get(reverse("reporting:consolidation-file", args=[job.pk, "xlsx"])).streaming_content)
    sheets = load_workbook(io.BytesIO(xlsx))
    assert sheets.sheetnames == ["Báo cáo", "Mục tiêu", "Tuân thủ"]
    assert sheets["Báo cáo"].max_row == 1 + 5
    assert client_for(actors["coordinator"]).get(reverse("reporting:consolidation", args=[job.pk])).status_code == 404
