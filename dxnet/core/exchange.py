"""Imports and exports as services: jobs with progress, background runs, and the log of personal-data exports."""

import datetime
import logging
import os
import socket

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from . import audit, spreadsheets
from .models import AccessLog, ImportJob
from .privacy import record_access
from .services import require_role
from .upload_guard import UnsafeFile

logger = logging.getLogger(__name__)


def sheet_for(kind: str, user):
    return spreadsheets.SHEETS[kind](user)


def can_import(user, kind: str) -> bool:
    if kind in ("team-members", "team-activities"):
        return user.can_record_team_work
    return user.can_manage_registry


def do_export(sheet: spreadsheets.Sheet, objects, *, acting_user, filters: dict) -> bytes:
    """The rows as XLSX in the import format; an export of personal data is logged (Nghị định 13/2023/NĐ-CP)."""
    content, rows = spreadsheets.export(sheet, objects)
    if sheet.personal_data:
        record_access(acting_user, kind=sheet.kind, rows=rows, filters=filters, channel=AccessLog.Channel.EXPORT)
    return content


def do_start_import(kind: str, upload, *, acting_user, via: str = "web") -> ImportJob:
    """Store the upload as a job; a short file is imported at once, a long one by a background worker.

    A file the upload guard refuses is not stored: the job records why, as an error on row 0.
    """
    require_role(can_import(acting_user, kind), "Vai trò của bạn không được nhập loại dữ liệu này.")
    job = ImportJob(kind=kind, actor=acting_user, via=via, file_name=upload.name[:255])
    try:
        rows = spreadsheets.row_count(sheet_for(kind, acting_user), upload)
    except UnsafeFile as error:
        job.status, job.finished_at = ImportJob.Status.FAILED, timezone.now()
        job.errors = [{"row": 0, "column": "", "message": error.message}]
        job.save()
        return job
    job.file = upload
    job.background = rows > settings.DXNET_BACKGROUND_IMPORT_ROWS
    job.save()
    if job.background:
        transaction.on_commit(lambda: process_import.enqueue(job.pk))
        return job
    try:
        run_import(job)
    except Exception:  # the job says so and keeps the file to retry; the person sees its page, not a 500
        logger.exception("Lần nhập %s (%s) gặp lỗi hệ thống", job.pk, job.file_name)
        job.refresh_from_db()
    return job


def _runner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def run_import(job: ImportJob) -> ImportJob:
    """Import a queued job's file; the file is removed once the job has an outcome (kept if the run breaks)."""
    sheet = sheet_for(job.kind, job.actor)
    jobs = ImportJob.objects.filter(pk=job.pk)
    job.status, job.runner, job.heartbeat_at = ImportJob.Status.RUNNING, _runner(), timezone.now()
    if not jobs.filter(status=ImportJob.Status.QUEUED).update(status=job.status, runner=job.runner,
                                                             heartbeat_at=job.heartbeat_at):
        job.refresh_from_db()
        return job  # taken by another run, or already done

    def beat(**progress):
        jobs.update(heartbeat_at=timezone.now(), **progress)
    try:
        with job.file.open("rb") as upload, audit.channel(job.via):
            result = spreadsheets.import_file(
                sheet, upload, acting_user=job.actor, on_read=lambda total: beat(total_rows=total),
                progress=lambda done: beat(processed_rows=done))
            if result.errors and result.total:
                job.annotated.save(f"loi-{job.pk}.xlsx",
                                   ContentFile(spreadsheets.annotate(sheet, upload, result.errors)), save=False)
    except Exception:
        jobs.update(status=ImportJob.Status.FAILED, finished_at=timezone.now(), errors=[
            {"row": 0, "column": "", "message": "Lỗi hệ thống khi nhập tệp; không dòng nào được nhập."}])
        raise
    job.file.delete(save=False)
    job.total_rows = job.processed_rows = result.total
    job.created_count, job.updated_count = result.created, result.updated
    job.errors = [vars(e) for e in result.errors]
    job.warnings = [vars(w) for w in result.warnings]
    job.status = ImportJob.Status.SUCCEEDED if result.ok else ImportJob.Status.FAILED
    job.finished_at = job.heartbeat_at = timezone.now()
    job.save()
    return job


INTERRUPTED = ("Việc nhập bị gián đoạn (máy chủ hoặc tiến trình chạy nền đã dừng); không dòng nào được nhập. "
               "Bấm “Thử lại” để nhập lại tệp.")


def _is_gone(runner: str) -> bool:
    """Whether the process `host:pid`, on this machine, no longer exists."""
    try:
        os.kill(int(runner.rpartition(":")[2]), 0)
    except ProcessLookupError:
        return True
    except (ValueError, OSError):  # not a pid, or another user's process: alive as far as we know
        return False
    return False


def fail_interrupted_jobs(*, runner: str | None = None) -> int:
    """Mark failed the running jobs of a process that is gone (`runner`, or one of this machine's that no longer
    exists), or else those silent for too long.

    Nothing of theirs was written: an import writes in one transaction, which died with its process.
    """
    jobs = ImportJob.objects.filter(status=ImportJob.Status.RUNNING)
    if runner:
        jobs = jobs.filter(runner=runner)
    else:
        stale = timezone.now() - datetime.timedelta(minutes=settings.DXNET_IMPORT_STALE_MINUTES)
        here = jobs.filter(runner__startswith=f"{socket.gethostname()}:").values_list("runner", flat=True)
        gone = [name for name in set(here) if _is_gone(name)]
        jobs = jobs.filter(Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True) | Q(runner__in=gone))
    if not jobs.exists():  # a read: polling pages must not queue for SQLite's write lock behind a long import
        return 0
    return jobs.update(status=ImportJob.Status.FAILED, finished_at=timezone.now(),
                       errors=[{"row": 0, "column": "", "message": INTERRUPTED}])


def failed_jobs(user):
    """Jobs that broke (interrupted, or a system error after every automatic retry) and can run again: the national
    administrator's list."""
    require_role(user.sees_everything, "Chỉ quản trị toàn quốc xem được danh sách việc nền bị lỗi.")
    return (ImportJob.objects.visible_to(user).filter(status=ImportJob.Status.FAILED).exclude(file="")
            .select_related("actor"))


def _requeue(job: ImportJob, *, attempt: int = 1, delay: int = 0) -> str:
    before = job.status
    job.status, job.background, job.runner, job.heartbeat_at, job.finished_at = (
        ImportJob.Status.QUEUED, True, "", None, None)
    job.total_rows = job.processed_rows = job.created_count = job.updated_count = 0
    job.errors, job.warnings = [], []
    job.save()
    queued = process_import.using(run_after=timezone.now() + datetime.timedelta(seconds=delay)) if delay else (
        process_import)
    transaction.on_commit(lambda: queued.enqueue(job.pk, attempt))
    return before


@transaction.atomic
def do_retry_import(job: ImportJob, *, acting_user) -> ImportJob:
    """Queue an interrupted job again, for the background worker; its owner or a national administrator asks."""
    require_role(job.actor_id == acting_user.pk or acting_user.sees_everything,
                 "Chỉ người đã tải tệp lên hoặc quản trị toàn quốc được nhập lại.")
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if not job.can_retry:
        raise ValidationError("Lần nhập này không thể thử lại: tệp đã nhập xong hoặc đã bị từ chối; "
                              "hãy sửa tệp rồi tải lên lại.")
    before = _requeue(job)
    audit.record_change(job, {"status": [before, job.status]}, actor=acting_user)
    return job


# Seconds before each automatic retry of a job that broke on a system error (the database restarting, a full disk);
# after the last, the job stays failed and is listed for the national administrator.
RETRY_DELAYS = (30, 120, 600)


@task()
def process_import(job_id: int, attempt: int = 1) -> None:
    job = ImportJob.objects.select_related("actor").get(pk=job_id)
    try:
        run_import(job)
    except Exception:
        if attempt > len(RETRY_DELAYS):
            raise  # failed for good: the task's result keeps the traceback
        delay = RETRY_DELAYS[attempt - 1]
        logger.exception("Lần nhập %s lỗi ở lần chạy %s; tự chạy lại sau %s giây", job_id, attempt, delay,
                         extra={"job_id": job_id})
        with transaction.atomic():
            _requeue(ImportJob.objects.select_for_update().get(pk=job_id), attempt=attempt + 1, delay=delay)
