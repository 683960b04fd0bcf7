"""Large exports on the worker: the job row tells the page how far it has got, and the file
is kept under ``<data dir>/exports/`` for the person who asked for it (not deleted yet)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from huey.contrib.djhuey import db_task

from complaintdesk.complaints.actors import actor_for_user
from complaintdesk.complaints.errors import NotFound
from complaintdesk.insights.exports import csv_chunks, xlsx_write
from complaintdesk.insights.models import ExportJob, ExportState
from complaintdesk.insights.reports import report_tables

logger = logging.getLogger(__name__)


def export_dir() -> Path:
    path = Path(settings.DATA_DIR) / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def export_job_create(*, user_id: int, report: str, file_format: str, params: dict,
                      rows_total: int) -> ExportJob:
    job = ExportJob.objects.create(
        requested_by_id=user_id, report=report, file_format=file_format, params=params,
        rows_total=rows_total, created_at=timezone.now(),
    )
    transaction.on_commit(lambda: export_job_task(job.pk))
    return job


def _progress(job_id: int) -> Callable[[int], None]:
    def tell(rows: int) -> None:
        ExportJob.objects.filter(pk=job_id).update(rows_done=rows)

    return tell


def export_job_run(job_id: int) -> ExportJob:
    """Write the job's file; claims the job first so that two workers never both write it."""
    claimed = ExportJob.objects.filter(pk=job_id, state=ExportState.QUEUED).update(
        state=ExportState.RUNNING
    )
    job = ExportJob.objects.get(pk=job_id)
    if not claimed:
        return job
    name = f"{job.report}-{job.pk}.{job.file_format}"
    path = export_dir() / name
    try:
        actor = actor_for_user(job.requested_by)
        if actor is None:
            raise NotFound("The person who asked for this export has no role any more.")
        tables = report_tables(report=job.report, actor=actor, params=job.params)
        if job.file_format == "xlsx":
            rows = xlsx_write(tables, path, progress=_progress(job.pk))
        else:
            rows = 0
            with path.open("w", encoding="utf-8", newline="") as out:
                for piece in csv_chunks(tables[0]):
                    out.write(piece)
                    rows += piece.count("\n")
            rows = max(rows - 1, 0)
    except Exception as exc:  # recorded on the job; the page shows it
        logger.exception("export %s failed", job.pk)
        ExportJob.objects.filter(pk=job.pk).update(
            state=ExportState.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
    else:
        ExportJob.objects.filter(pk=job.pk).update(
            state=ExportState.DONE, rows_done=rows, file_name=name, finished_at=timezone.now()
        )
    job.refresh_from_db()
    return job


@db_task()
def export_job_task(job_id: int) -> None:
    export_job_run(job_id)
