"""Tables out of the product: CSV and Excel (openpyxl, write-only) with bounded memory.

A :class:`Table` is a header and an iterator of rows; rows come from the database in chunks
(``QuerySet.iterator``), are written one at a time and never held as a whole. CSV streams to
the response as it is written; an Excel file is a zip, so it is written to a temporary file
and then streamed. Large exports run as an :class:`~complaintdesk.insights.models.ExportJob`
on the worker (``complaintdesk.insights.jobs``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from complaintdesk.complaints.choices import (
    Category,
    Channel,
    Demand,
    Industry,
    Priority,
    Status,
)
from complaintdesk.complaints.models import Complaint
from complaintdesk.insights.models import ComplaintFact
from complaintdesk.lib.text import mask_email, mask_phone

CHUNK = 2000
CSV_FLUSH_ROWS = 500
#: Above this many rows an export runs on the worker and is downloaded when ready.
DIRECT_EXPORT_LIMIT = 20_000
SHEET_TITLE_CHARS = 31


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: Iterable[Sequence[Any]]
    total: int | None = None


def _cell(value: Any) -> Any:
    """What a spreadsheet cell can hold: local naive datetimes, Decimal kept, text as is."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if value is None or isinstance(value, str | int | float | Decimal | dt.date):
        return value
    return str(value)


def csv_chunks(table: Table) -> Iterator[str]:
    """The table as CSV text in pieces (UTF-8 with a BOM so that Excel reads Chinese)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(table.columns)
    for n, row in enumerate(table.rows, start=1):
        writer.writerow(["" if v is None else _csv_value(v) for v in row])
        if n % CSV_FLUSH_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _csv_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
    return value


def xlsx_write(
    tables: list[Table],
    target: str | Path | IO[bytes],
    progress: Callable[[int], None] | None = None,
    every: int = 5000,
) -> int:
    """Write the tables, one sheet each, with openpyxl's write-only mode (rows go to disk as
    they are appended). ``progress`` is told the rows written so far every ``every`` rows.
    Returns the number of rows written."""
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    written = 0
    for table in tables:
        sheet = book.create_sheet(title=_sheet_title(table.title))
        header = []
        for name in table.columns:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in table.rows:
            sheet.append([_cell(v) for v in row])
            written += 1
            if progress is not None and written % every == 0:
                progress(written)
    book.save(target)
    return written


def _sheet_title(title: str) -> str:
    for bad in "[]:*?/\\":
        title = title.replace(bad, " ")
    return title[:SHEET_TITLE_CHARS] or "Sheet"


# --- complaint lists ------------------------------------------------------------------------

_COMPLAINT_FIELDS = (
    "number", "received_at", "channel", "category", "demand", "priority", "industry", "status",
    "department__name", "assignee__username", "order__number", "order__item",
    "customer__name", "customer__phone", "customer__email", "amount_claimed",
)
_FIGURE_FIELDS = (
    "first_response_minutes", "resolution_minutes", "reopened", "sla_first_response",
    "sla_answer",
)
_VOCABULARIES = {
    "channel": Channel,
    "category": Category,
    "demand": Demand,
    "priority": Priority,
    "industry": Industry,
    "status": Status,
}


#: Clock states as sla.choices.ClockState names them (the same translated words); insights
#: does not import sla, so the five words are repeated here.
CLOCK_STATE_LABELS = {
    "running": gettext_lazy("Running"),
    "paused": gettext_lazy("Paused"),
    "met": gettext_lazy("Met"),
    "breached": gettext_lazy("Breached"),
    "stopped": gettext_lazy("Stopped"),
}


def _labels_now() -> list[dict[str, str] | None]:
    """Per column of ``_COMPLAINT_FIELDS``, its codes' labels in the active language, resolved
    once per export rather than once per cell."""
    return [
        {code: str(text) for code, text in _VOCABULARIES[name].choices}
        if name in _VOCABULARIES else None
        for name in _COMPLAINT_FIELDS
    ]


def _words_now() -> dict[Any, str]:
    """Yes, no and the clock states in the active language, resolved once per export."""
    words: dict[Any, str] = {True: _("Yes"), False: _("No")}
    words.update({code: str(text) for code, text in CLOCK_STATE_LABELS.items()})
    return words


def _complaint_columns(with_figures: bool) -> list[str]:
    names = [
        _("Number"), _("Received"), _("Channel"), _("Category"), _("Demand"), _("Priority"),
        _("Industry"), _("Status"), _("Department"), _("Assignee"), _("Order number"),
        _("Product or course"), _("Customer"), _("Phone"), _("Email"), _("Amount claimed"),
    ]
    if with_figures:
        names += [
            _("First response (working hours)"), _("Resolution (working hours)"),
            _("Reopened"), _("First response clock"), _("Answer clock"),
        ]
    return names


def _labelled(
    values: Sequence[Any], labels: list[dict[str, str] | None], masked: bool,
    with_figures: bool, words: dict[Any, str],
) -> list[Any]:
    row = list(values)
    for i, vocabulary in enumerate(labels):
        if vocabulary is not None and row[i]:
            row[i] = vocabulary.get(row[i], row[i])
    if masked:
        row[13] = mask_phone(row[13] or "")
        row[14] = mask_email(row[14] or "")
    if with_figures:
        base = len(_COMPLAINT_FIELDS)
        for i in (base, base + 1):
            row[i] = None if row[i] is None else round(row[i] / 60, 2)
        row[base + 2] = words[bool(row[base + 2])]
        for i in (base + 3, base + 4):
            row[i] = words.get(row[i], row[i]) if row[i] else ""
    return row


def complaint_table(*, complaints: QuerySet[Complaint], masked: bool, title: str) -> Table:
    """A queue or list of complaints, one row each, personal data masked when ``masked``."""
    values = complaints.order_by("-received_at", "-id").values_list(*_COMPLAINT_FIELDS)
    labels, words = _labels_now(), _words_now()
    return Table(
        title=title,
        columns=_complaint_columns(with_figures=False),
        rows=(_labelled(v, labels, masked, False, words)
              for v in values.iterator(chunk_size=CHUNK)),
    )


def fact_table(*, facts: QuerySet[ComplaintFact], masked: bool, title: str) -> Table:
    """The complaints behind a figure, with their handling times and clock states."""
    fields = [f"complaint__{name}" if not name.startswith(("department", "assignee")) else name
              for name in _COMPLAINT_FIELDS]
    # newest first by id (the order of receipt but for back-dated imports): the primary key
    # read backwards, so the database never sorts the whole list in memory
    values = facts.order_by("-complaint_id").values_list(
        *fields, *_FIGURE_FIELDS
    )
    labels, words = _labels_now(), _words_now()
    return Table(
        title=title,
        columns=_complaint_columns(with_figures=True),
        rows=(_labelled(v, labels, masked, True, words)
              for v in values.iterator(chunk_size=CHUNK)),
    )
