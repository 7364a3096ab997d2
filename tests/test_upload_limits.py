"""Uploads have limits: a file's size and type are ruled once on its model field, so the form and the API refuse
the same files; and no request body above the system's limit is read at all (413)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dxnet.agencies.models import Agency
from dxnet.plans import services
from dxnet.plans.models import PlanTemplate

from .conftest import client_for

pytestmark = pytest.mark.django_db
TOO_BIG = "Tệp vượt quá 20 MB; hãy nén hoặc chia nhỏ tệp."


@pytest.fixture
def task(actors):
    plan = services.do_create_plan(PlanTemplate.objects.get(code="ke-hoach-tinh-1690"),
                                   Agency.objects.get(code="ubnd-tinh-15"), 2026, acting_user=actors["coordinator"])
    return plan.tasks.get(code="1.1")


def evidence(megabytes: float) -> SimpleUploadedFile:
    return SimpleUploadedFile("minh-chung.pdf", b"%PDF-1.4 " + b"0" * int(megabytes * 1024 * 1024))


def test_the_form_and_the_api_refuse_the_same_oversized_evidence(task, actors):
    client = client_for(actors["coordinator"])
    page = client.post(reverse("plans:task-report", args=[task.pk]), {"text": "Kèm tệp lớn", "file": evidence(21)})
    assert page.status_code == 200 and TOO_BIG in page.content.decode()
    api = client.post(reverse("task-update-list"), {"task": task.pk, "text": "Kèm tệp lớn", "file": evidence(21)},
                      format="multipart")
    assert api.status_code == 400
    assert api.json()["errors"]["file"] == [{"message": TOO_BIG, "code": "too_large"}]
    assert not task.updates.exists()
    fine = client.post(reverse("task-update-list"), {"task": task.pk, "text": "Kèm tệp", "file": evidence(1)},
                       format="multipart")
    assert fine.status_code == 201 and task.updates.get().file.name.endswith(".pdf")


def test_a_body_above_the_system_limit_is_refused_before_it_is_read(task, actors, settings):
    settings.DXNET_MAX_UPLOAD_BYTES = 1024 * 1024
    client = client_for(actors["coordinator"])
    api = client.post(reverse("task-update-list"), {"task": task.pk, "text": "Quá lớn", "file": evidence(2)},
                      format="multipart")
    assert api.status_code == 413
    body = api.json()
    assert body["code"] == "too_large" and "vượt quá giới hạn 1 MB" in body["detail"]
    page = client.post(reverse("exchange:import", args=["team-members"]), {"file": evidence(2)})
    assert page.status_code == 413 and "vượt quá giới hạn 1 MB của hệ thống" in page.content.decode()
    assert not task.updates.exists()


def test_every_file_attached_to_a_report_passes_the_same_rule(actors):
    """The form checks one file per field; the service checks each of several sent at once."""
    from django.core.exceptions import ValidationError

    from dxnet.reporting import services as reporting
    from dxnet.reporting.models import ReportForm, SubmissionFile

    round_ = reporting.do_create_round(
        ReportForm.objects.get(code="inspection"), acting_user=actors["coordinator"],
        agency=Agency.objects.get(code="ubnd-tinh-15"), title="Kiểm tra", period="Năm 2026", year=2026,
        due_date=datetime.date(2026, 12, 15), recipients=[actors["focal_point"].agency])
    submission = round_.submissions.get()
    files = {"attachments": [SimpleUploadedFile("cai-dat.exe", b"MZ"), evidence(21), evidence(0.1)]}
    with pytest.raises(ValidationError) as refused:
        reporting.do_save_answers(submission, {}, acting_user=actors["focal_point"], files=files)
    assert refused.value.message_dict["attachments"] == [
        "Không nhận tệp đuôi “exe”; chỉ nhận: pdf, doc, docx, odt, xls, xlsx, ods, jpg, jpeg, png, zip.", TOO_BIG]
    assert not SubmissionFile.objects.exists()
