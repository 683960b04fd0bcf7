"""Importing historical complaints from a file.

Each batch of validated rows is written at once (``complaints.bulk``); history that arrives
already settled starts nothing. Complaints imported still open are then classified and routed
like live ones (imported history starts no clocks and sends no mail: the clock policies leave
out the ``import`` channel and ``notify`` skips it).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.db import transaction

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.bulk import HistoricalComplaint, complaints_import_history
from complaintdesk.intake.imports import ImportReport, import_file
from complaintdesk.triage.services import (
    TRIAGE_ACTOR,
    complaint_apply_triage,
    complaint_route,
    triage_assess_complaint,
)


@transaction.atomic
def history_write(rows: list[HistoricalComplaint], actor: Actor | None) -> int:
    """Write one batch; classify and route the complaints that arrived still open."""
    written = complaints_import_history(rows=rows, actor=actor)
    for complaint in written.opened:
        assessment = triage_assess_complaint(complaint=complaint)
        complaint_apply_triage(complaint=complaint, assessment=assessment, actor=TRIAGE_ACTOR)
        complaint_route(complaint=complaint)
    return written.count


def history_import_file(
    *,
    path: Path,
    mapping: dict[str, str],
    actor: Actor | None = None,
    dry_run: bool = False,
    batch_size: int = 1000,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import every good row of the file; report every bad one. ``dry_run`` writes nothing."""
    return import_file(
        path=path, mapping=mapping, write=history_write, actor=actor, dry_run=dry_run,
        batch_size=batch_size, progress=progress,
    )
