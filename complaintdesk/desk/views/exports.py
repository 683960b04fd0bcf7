"""Exports of every report and every queue view, as Excel or CSV, with the page's filters.

Small exports stream at once; above ``DIRECT_EXPORT_LIMIT`` rows the worker writes the file
(an ExportJob) and the page shows its progress and then the download link.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.errors import InvalidInput, NotFound
from complaintdesk.desk.access import desk_view, form_errors
from complaintdesk.desk.forms import QueueFilterForm
from complaintdesk.desk.insights_forms import ExportForm, drill_from
from complaintdesk.desk.views.insights import filter_form
from complaintdesk.desk.views.queue import default_queue, queue_filters
from complaintdesk.insights.exports import DIRECT_EXPORT_LIMIT, Table, csv_chunks, xlsx_write
from complaintdesk.insights.jobs import export_dir, export_job_create
from complaintdesk.insights.models import ExportJob, ExportState
from complaintdesk.insights.reports import (
    queue_params,
    report_rows,
    report_tables,
    slice_params,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _params(request: HttpRequest, actor: Actor, report: str) -> dict[str, Any]:
    if report == "queue":
        form = QueueFilterForm(request.GET)
        if not form.is_valid():
            raise InvalidInput(form_errors(form))
        queue = form.cleaned_data.get("queue") or default_queue(actor)
        return queue_params(queue, queue_filters(form))
    slice_ = filter_form(request, actor).slice(drill_from(request.GET))
    return slice_params(slice_)


def _csv(tables: list[Table]) -> Iterator[str]:
    first = True
    for table in tables:
        if not first:
            yield f"\n{table.title}\n"
        chunks = csv_chunks(table)
        yield from chunks if first else _without_bom(chunks)
        first = False


def _without_bom(chunks: Iterator[str]) -> Iterator[str]:
    head = next(chunks, "")
    yield head.lstrip("\ufeff")
    yield from chunks


def _file_name(report: str, file_format: str) -> str:
    return f"complaintdesk-{report}-{timezone.localtime():%Y%m%d-%H%M}.{file_format}"


@desk_view
def export(request: HttpRequest, actor: Actor) -> Any:
    form = ExportForm(request.GET)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    report = form.cleaned_data["report"]
    file_format = form.cleaned_data.get("format") or "xlsx"
    params = _params(request, actor, report)
    if report_rows(report=report, actor=actor, params=params) > DIRECT_EXPORT_LIMIT:
        assert actor.user_id is not None
        total = report_rows(report=report, actor=actor, params=params)
        job = export_job_create(user_id=actor.user_id, report=report, file_format=file_format,
                                params=params, rows_total=total)
        return redirect("desk:export_job", job_id=job.pk)
    tables = report_tables(report=report, actor=actor, params=params)
    name = _file_name(report, file_format)
    if file_format == "csv":
        response = StreamingHttpResponse(_csv(tables), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    xlsx_write(tables, spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=name, content_type=XLSX)


def _own_job(actor: Actor, job_id: int) -> ExportJob:
    job = ExportJob.objects.filter(pk=job_id, requested_by_id=actor.user_id).first()
    if job is None:
        raise NotFound(_("No such export."))
    return job


@desk_view
def export_job(request: HttpRequest, actor: Actor, job_id: int) -> HttpResponse:
    job = _own_job(actor, job_id)
    percent = round(100 * job.rows_done / job.rows_total) if job.rows_total else 0
    context = {"job": job, "percent": min(percent, 100), "done": job.state == ExportState.DONE,
               "running": job.state in {ExportState.QUEUED, ExportState.RUNNING}}
    htmx = getattr(request, "htmx", None)
    template = "desk/insights/_export_progress.html" if htmx else "desk/insights/export_job.html"
    return render(request, template, context)


@desk_view
def export_download(request: HttpRequest, actor: Actor, job_id: int) -> FileResponse:
    job = _own_job(actor, job_id)
    path = export_dir() / job.file_name
    if job.state != ExportState.DONE or not job.file_name or not Path(path).is_file():
        raise NotFound(_("This export is not ready or no longer kept."))
    content_type = XLSX if job.file_format == "xlsx" else "text/csv; charset=utf-8"
    return FileResponse(path.open("rb"), as_attachment=True, content_type=content_type,
                        filename=_file_name(job.report, job.file_format))
