"""Import jobs survive: a large CSV goes to the worker, uploads do not pile up on disk, a job whose worker died is
marked failed and can be retried, and the worker is restarted when it stops."""

import datetime
import io
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from dxnet.core.exchange import INTERRUPTED, fail_interrupted_jobs, process_import
from dxnet.core.models import ImportJob
from dxnet.network.models import Village

from .conftest import client_for
from .test_imports import workbook

pytestmark = pytest.mark.django_db


def villages_csv(code: str, count: int) -> bytes:
    rows = "".join(f"{code},Thôn CSV {n},thôn\n" for n in range(count))
    return ('Mã xã,"Tên thôn, tổ dân phố",Loại\n' + rows).encode()


def post(user, name: str, content: bytes, kind: str = "villages"):
    return client_for(user).post(reverse("exchange:import", args=[kind]), {"file": SimpleUploadedFile(name, content)})


def test_a_large_csv_goes_to_the_worker_like_a_workbook(coordinator, registry, settings,
                                                         django_capture_on_commit_callbacks):
    settings.DXNET_BACKGROUND_IMPORT_ROWS = 10
    with django_capture_on_commit_callbacks(execute=True):
        post(coordinator, "thon.csv", villages_csv(registry["agency"].admin_unit.code, 50))
    job = ImportJob.objects.get(file_name="thon.csv")
    assert (job.status, job.background) == (ImportJob.Status.QUEUED, True)
    assert DBTaskResult.objects.get().args_kwargs["args"] == [job.pk]
    process_import.call(job.pk)
    job.refresh_from_db()
    assert (job.status, job.created_count) == (ImportJob.Status.SUCCEEDED, 50)


def test_finished_and_refused_uploads_are_removed_from_disk(coordinator, registry):
    code = registry["agency"].admin_unit.code
    post(coordinator, "dung.csv", villages_csv(code, 3))
    post(coordinator, "sai.xlsx", workbook(["Mã xã", "Tên thôn, tổ dân phố", "Loại"], [[code, "Thôn X", "ấp lạ"]])
         .read())
    post(coordinator, "hong.xlsx", b"PK\x03\x04 hong")
    done, wrong, broken = (ImportJob.objects.get(file_name=n) for n in ("dung.csv", "sai.xlsx", "hong.xlsx"))
    assert (done.status, wrong.status, broken.status) == ("succeeded", "failed", "failed")
    assert not done.file and not wrong.file and not broken.file
    stored = {path.name for path in Path(django_settings.MEDIA_ROOT).rglob("*") if path.is_file()}
    assert not any(name.startswith(("dung", "sai", "hong")) for name in stored)
    # The errors stay, and so does the annotated file to download.
    assert wrong.errors and wrong.annotated
    response = client_for(coordinator).get(reverse("exchange:job-annotated", args=[wrong.pk]))
    assert response.status_code == 200


def running_job(user, *, minutes_ago: int, runner: str = "may-khac:1", code: str = "") -> ImportJob:
    beat = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    job = ImportJob(kind="villages", actor=user, file_name="thon.xlsx", background=True, runner=runner,
                    status=ImportJob.Status.RUNNING, heartbeat_at=beat)
    job.file.save("thon.xlsx", ContentFile(workbook(["Mã xã", "Tên thôn, tổ dân phố", "Loại"],
                                                    [[code, "Thôn Hồi Sinh", "thôn"]]).read()))
    return job


def test_a_job_gone_silent_is_marked_failed_and_its_owner_retries_it(coordinator, registry, settings,
                                                                    django_capture_on_commit_callbacks):
    settings.DXNET_IMPORT_STALE_MINUTES = 10
    code = registry["agency"].admin_unit.code
    silent, alive = running_job(coordinator, minutes_ago=30, code=code), running_job(coordinator, minutes_ago=1)
    client = client_for(coordinator)
    page = client.get(reverse("exchange:job", args=[silent.pk])).content.decode()
    silent.refresh_from_db()
    alive.refresh_from_db()
    assert (silent.status, silent.errors[0]["message"]) == (ImportJob.Status.FAILED, INTERRUPTED)
    assert alive.status == ImportJob.Status.RUNNING
    assert "bị gián đoạn" in page and "Tệp vẫn được giữ" in page and "Sửa các ô" not in page
    assert reverse("exchange:job-retry", args=[silent.pk]) in page and "Thử lại" in page
    assert not Village.objects.filter(name="Thôn Hồi Sinh").exists()  # nothing half-written

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("exchange:job-retry", args=[silent.pk]))
    assert response.url == reverse("exchange:job", args=[silent.pk])
    silent.refresh_from_db()
    assert (silent.status, silent.errors) == (ImportJob.Status.QUEUED, [])
    process_import.call(silent.pk)
    silent.refresh_from_db()
    assert (silent.status, silent.created_count) == (ImportJob.Status.SUCCEEDED, 1), silent.errors
    assert not silent.file
    assert Village.objects.filter(name="Thôn Hồi Sinh").exists()
    # Done: there is nothing left to retry.
    response = client.post(reverse("exchange:job-retry", args=[silent.pk]), follow=True)
    assert "không thể thử lại" in response.content.decode()


def test_a_job_whose_process_is_gone_is_marked_failed_at_once(coordinator, registry):
    """The server restarted: the job's process no longer exists, no need to wait for its heartbeat to age."""
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    host = socket.gethostname()
    orphan = running_job(coordinator, minutes_ago=0, runner=f"{host}:{ended.pid}")
    alive = running_job(coordinator, minutes_ago=0, runner=f"{host}:{os.getpid()}")
    assert fail_interrupted_jobs() == 1
    orphan.refresh_from_db()
    alive.refresh_from_db()
    assert (orphan.status, alive.status) == (ImportJob.Status.FAILED, ImportJob.Status.RUNNING)
    assert orphan.can_retry


def test_a_system_error_during_an_import_shows_the_job_page_and_keeps_the_file_to_retry(coordinator, registry,
                                                                                       monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("đĩa đầy")
    monkeypatch.setattr("dxnet.core.spreadsheets.import_file", broken)
    response = post(coordinator, "loi-he-thong.csv", villages_csv(registry["agency"].admin_unit.code, 3))
    job = ImportJob.objects.get(file_name="loi-he-thong.csv")
    assert response.status_code == 302 and response.url == reverse("exchange:job", args=[job.pk])
    assert job.status == ImportJob.Status.FAILED and job.errors[0]["message"].startswith("Lỗi hệ thống khi nhập tệp")
    assert job.can_retry and "đĩa đầy" in caplog.text


def test_a_running_job_writes_a_heartbeat(coordinator, registry):
    code = registry["agency"].admin_unit.code
    post(coordinator, "nhip.csv", villages_csv(code, 3))
    job = ImportJob.objects.get(file_name="nhip.csv")
    assert job.heartbeat_at and job.runner.startswith(socket.gethostname())


def test_another_users_job_cannot_be_retried(coordinator, actors, registry):
    job = running_job(coordinator, minutes_ago=30)
    fail_interrupted_jobs()
    assert client_for(actors["sibling"]).post(reverse("exchange:job-retry", args=[job.pk])).status_code == 404
    assert client_for(actors["national_admin"]).post(reverse("exchange:job-retry", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.QUEUED


class FakeWorker:
    """A worker process that stops at once, as one killed by "database is locked" or out of memory did."""

    started = []

    def __init__(self, command):
        self.pid = 40000 + len(self.started)
        self.started.append(command)

    def wait(self, timeout=None):
        return 1

    def poll(self):
        return 1


def test_the_worker_is_restarted_and_its_running_job_marked_interrupted(coordinator, registry, monkeypatch):
    FakeWorker.started = []
    monkeypatch.setattr("dxnet.core.management.commands.worker.subprocess.Popen", FakeWorker)
    monkeypatch.setattr("dxnet.core.management.commands.worker.time.sleep", lambda seconds: None)
    held = running_job(coordinator, minutes_ago=0, runner=f"{socket.gethostname()}:40001")
    elsewhere = running_job(coordinator, minutes_ago=0, runner="may-khac:40001")
    err = io.StringIO()
    call_command("worker", "--max-restarts", "2", stderr=err)
    assert len(FakeWorker.started) == 3 and "db_worker" in FakeWorker.started[0]
    assert "khởi động lại sau 2 giây" in err.getvalue()
    held.refresh_from_db()
    elsewhere.refresh_from_db()
    assert (held.status, elsewhere.status) == (ImportJob.Status.FAILED, ImportJob.Status.RUNNING)


def test_sqlite_waits_for_a_busy_database_instead_of_failing():
    database = django_settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("PostgreSQL waits for locks by itself")
    assert database["OPTIONS"]["timeout"] >= 20


def test_a_background_job_that_breaks_is_retried_with_growing_delays_then_left_failed(coordinator, registry,
                                                                                     monkeypatch,
                                                                                     django_capture_on_commit_callbacks):
    from dxnet.core.exchange import RETRY_DELAYS

    def broken(*args, **kwargs):
        raise RuntimeError("cơ sở dữ liệu khởi động lại")
    monkeypatch.setattr("dxnet.core.spreadsheets.import_file", broken)
    job = ImportJob.objects.create(kind="villages", actor=coordinator, file_name="thon.csv", background=True,
                                   file=ContentFile(villages_csv(registry["agency"].admin_unit.code, 3), "thon.csv"))
    for attempt, delay in enumerate(RETRY_DELAYS, start=1):
        with django_capture_on_commit_callbacks(execute=True):
            process_import.call(job.pk, attempt)
        job.refresh_from_db()
        queued = DBTaskResult.objects.order_by("-enqueued_at").first()
        assert job.status == ImportJob.Status.QUEUED and queued.args_kwargs["args"] == [job.pk, attempt + 1]
        wait = (queued.run_after - timezone.now()).total_seconds()
        assert delay - 5 < wait <= delay
    assert RETRY_DELAYS == tuple(sorted(RETRY_DELAYS))
    with pytest.raises(RuntimeError):  # the last attempt: the task's result keeps the traceback
        process_import.call(job.pk, len(RETRY_DELAYS) + 1)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.can_retry


def test_the_national_administrator_lists_the_failed_jobs_and_runs_one_again_with_an_audit_entry(
        coordinator, actors, registry, django_capture_on_commit_callbacks):
    from dxnet.core.models import AuditEntry

    broken = running_job(coordinator, minutes_ago=0, code=registry["agency"].admin_unit.code)
    broken.status, broken.errors = ImportJob.Status.FAILED, [{"row": 0, "column": "", "message": INTERRUPTED}]
    broken.save()
    refused = ImportJob.objects.create(kind="villages", actor=coordinator, file_name="sai.xlsx",
                                       status=ImportJob.Status.FAILED)  # the file's own fault: nothing to re-run
    admin = client_for(actors["national_admin"])
    page = admin.get(reverse("exchange:failed-jobs")).content.decode()
    assert reverse("exchange:job-retry", args=[broken.pk]) in page and "bị gián đoạn" in page
    assert refused.file_name not in page
    assert reverse("exchange:failed-jobs") in admin.get(reverse("exchange:index")).content.decode()
    index = client_for(coordinator).get(reverse("exchange:index")).content.decode()
    assert reverse("exchange:failed-jobs") not in index

    with django_capture_on_commit_callbacks(execute=True):
        admin.post(reverse("exchange:job-retry", args=[broken.pk]))
    broken.refresh_from_db()
    assert broken.status == ImportJob.Status.QUEUED
    assert DBTaskResult.objects.get().args_kwargs["args"] == [broken.pk, 1]
    entry = AuditEntry.objects.filter(object_id=str(broken.pk), content_type__model="importjob").get()
    assert entry.actor == actors["national_admin"] and entry.changes == {"status": ["failed", "queued"]}
    listed = admin.get(reverse("exchange:failed-jobs")).content.decode()
    assert reverse("exchange:job-retry", args=[broken.pk]) not in listed
