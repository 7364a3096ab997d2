"""Imports and exports as services: jobs with progress, background runs, and the log of personal-data exports."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from . import audit, spreadsheets
from .models import AccessLog, ImportJob
from .privacy import record_access
from .services import require_role


def sheet_for(kind: str, user):
    from dxnet.sheets import SHEETS

    return SHEETS[kind](user)


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
    """Store the upload as a job; a short file is imported at once, a long one by a background worker."""
    require_role(can_import(acting_user, kind), "Vai trò của bạn không được nhập loại dữ liệu này.")
    job = ImportJob.objects.create(kind=kind, actor=acting_user, via=via, file_name=upload.name[:255],
                                   file=upload)
    rows = spreadsheets.row_count(upload)
    if rows is None or rows > settings.DXNET_BACKGROUND_IMPORT_ROWS:
        transaction.on_commit(lambda: process_import.enqueue(job.pk))
    else:
        run_import(job)
    return job


def run_import(job: ImportJob) -> ImportJob:
    sheet = sheet_for(job.kind, job.actor)
    jobs = ImportJob.objects.filter(pk=job.pk)
    jobs.update(status=ImportJob.Status.RUNNING)
    try:
        with job.file.open("rb") as upload, audit.channel(job.via):
            result = spreadsheets.import_file(
                sheet, upload, acting_user=job.actor, on_read=lambda total: jobs.update(total_rows=total),
                progress=lambda done: jobs.update(processed_rows=done))
            if result.errors and result.total:
                job.annotated.save(f"loi-{job.pk}.xlsx",
                                   ContentFile(spreadsheets.annotate(sheet, upload, result.errors)), save=False)
    except Exception:
        jobs.update(status=ImportJob.Status.FAILED, finished_at=timezone.now(), errors=[
            {"row": 0, "column": "", "message": "Lỗi hệ thống khi nhập tệp; không dòng nào được nhập."}])
        raise
    job.total_rows = job.processed_rows = result.total
    job.created_count, job.updated_count = result.created, result.updated
    job.errors = [vars(e) for e in result.errors]
    job.warnings = [vars(w) for w in result.warnings]
    job.status = ImportJob.Status.SUCCEEDED if result.ok else ImportJob.Status.FAILED
    job.finished_at = timezone.now()
    job.save()
    return job


@task()
def process_import(job_id: int) -> None:
    run_import(ImportJob.objects.select_related("actor").get(pk=job_id))
