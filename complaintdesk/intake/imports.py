"""Importing historical complaints from CSV or Excel.

A mapping names, for each field, the column that holds it. Every row is validated first; a bad
row is reported with its line and reason and never written. Good rows are written in batches
(see :mod:`complaintdesk.complaints.bulk`); a batch the database refuses is retried one row per
transaction, so each row is atomic. The external id makes a second run of the same file create
nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zoneinfo
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone
from openpyxl import load_workbook

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.bulk import HistoricalComplaint
from complaintdesk.complaints.choices import Category, Channel, Demand, Status
from complaintdesk.complaints.models import Complaint
from complaintdesk.lib.text import find_control_character

FIELDS = (
    "external_id",
    "text",
    "received_at",
    "title",
    "customer_name",
    "customer_phone",
    "customer_email",
    "order_number",
    "amount_claimed",
    "category",
    "demand",
    "status",
)
REQUIRED = ("external_id", "text", "received_at")
CATEGORIES = frozenset(Category.values)
DEMANDS = frozenset(Demand.values)
IMPORT_STATUSES = frozenset(
    {Status.NEW, Status.RESOLVED, Status.CLOSED, Status.REJECTED, Status.WITHDRAWN}
)
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{1,60}$")
_TIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d",
)


class RowError(ValueError):
    """Why one row cannot be imported."""


@dataclass
class ImportReport:
    rows: int = 0
    imported: int = 0
    already_imported: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def mapping_parse(text: str) -> dict[str, str]:
    """``field=Column,field=Column`` into a mapping; unknown fields are an error."""
    mapping = dict(FIELDS_IDENTITY)
    for pair in filter(None, (p.strip() for p in text.split(","))):
        name, sep, column = pair.partition("=")
        if not sep or name.strip() not in FIELDS:
            raise ValueError(f"bad mapping entry {pair!r}; fields are: {', '.join(FIELDS)}")
        mapping[name.strip()] = column.strip()
    return mapping


FIELDS_IDENTITY = {name: name for name in FIELDS}


def _rows_csv(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    for row in reader:
        yield reader.line_num, row


def _rows_excel(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
        for line, values in enumerate(rows, start=2):
            if any(v not in (None, "") for v in values):
                yield line, dict(zip(header, values, strict=False))
    finally:
        workbook.close()


def rows_read(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, {column: value}) for each data row of a CSV or Excel file."""
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return _rows_excel(path)
    return _rows_csv(path)


def rows_estimate(path: Path) -> int:
    """About how many data rows the file holds, for a progress bar (cheap: no parsing)."""
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        workbook = load_workbook(path, read_only=True)
        try:
            return max((workbook.worksheets[0].max_row or 1) - 1, 0)
        finally:
            workbook.close()
    with path.open("rb") as handle:
        return max(
            sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b"")) - 1, 0
        )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _time(value: Any, zone: zoneinfo.ZoneInfo, now: dt.datetime) -> dt.datetime:
    if isinstance(value, dt.datetime):
        moment = value
    else:
        raw = _text(value)
        moment = _parse_time(raw)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    if moment > now:
        raise RowError("received_at is in the future")
    return moment


def _parse_time(raw: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(raw)
    except ValueError:
        pass
    for fmt in _TIME_FORMATS:
        try:
            return dt.datetime.strptime(raw, fmt)  # noqa: DTZ007 - zone added by the caller
        except ValueError:
            continue
    raise RowError(f"received_at {raw[:40]!r} is not a date and time such as 2024-03-01 14:30")


def _amount(value: Any) -> Decimal | None:
    raw = _text(value).replace(",", "").removeprefix("¥").removeprefix("￥")
    if not raw:
        return None
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        raise RowError(f"amount_claimed {raw[:20]!r} is not a number") from None
    if amount < 0 or amount != amount.quantize(Decimal("0.01")) or amount >= Decimal("1e10"):
        raise RowError("amount_claimed must be between 0 and 9999999999.99, two decimals at most")
    return amount.quantize(Decimal("0.01"))


def _choice(name: str, value: str, allowed: Any) -> str:
    if value and value not in allowed:
        raise RowError(f"{name} {value[:30]!r} is not one of: {', '.join(sorted(allowed))}")
    return value


def row_validate(
    values: dict[str, Any], mapping: dict[str, str], zone: zoneinfo.ZoneInfo, now: dt.datetime
) -> HistoricalComplaint:
    """The row as a complaint, or :class:`RowError` naming the first problem."""
    get = {name: values.get(column) for name, column in mapping.items()}
    for name in REQUIRED:
        if not _text(get.get(name)):
            raise RowError(f"{name} (column {mapping[name]!r}) is empty")
    text = _text(get["text"])
    if len(text) > settings.COMPLAINT_TEXT_MAX_CHARS:
        raise RowError(f"text is longer than {settings.COMPLAINT_TEXT_MAX_CHARS} characters")
    if find_control_character(text) is not None:
        raise RowError("text contains a control character")
    external_id, email = _text(get["external_id"]), _text(get.get("customer_email"))
    if len(external_id) > 128:
        raise RowError("external_id is longer than 128 characters")
    if email and not _EMAIL.match(email):
        raise RowError(f"customer_email {email[:60]!r} is not an email address")
    return HistoricalComplaint(
        external_id=external_id,
        text=text,
        received_at=_time(get["received_at"], zone, now),
        title=_text(get.get("title"))[:200],
        customer_name=_text(get.get("customer_name"))[:100],
        customer_phone=_text(get.get("customer_phone"))[:32],
        customer_email=email,
        order_number=_text(get.get("order_number"))[:64],
        amount_claimed=_amount(get.get("amount_claimed")),
        category=_choice("category", _text(get.get("category")), CATEGORIES),
        demand=_choice("demand", _text(get.get("demand")), DEMANDS),
        status=_choice("status", _text(get.get("status")), IMPORT_STATUSES) or Status.CLOSED,
    )


#: Writes one batch of validated rows and says how many complaints it created
#: (``workflows.history.history_write``).
Writer = Callable[[list[HistoricalComplaint], Actor | None], int]


def _write(
    batch: list[tuple[int, HistoricalComplaint]],
    actor: Actor | None,
    report: ImportReport,
    write: Writer,
) -> None:
    try:
        report.imported += write([r for _, r in batch], actor)
    except DatabaseError:
        if len(batch) == 1:
            report.errors.append((batch[0][0], "the database refused this row"))
            return
        for item in batch:
            _write([item], actor, report, write)


def _count_existing(batch: list[tuple[int, HistoricalComplaint]]) -> int:
    ids = {row.external_id for _, row in batch}
    return Complaint.objects.filter(channel=Channel.IMPORT, external_id__in=ids).count()


def import_file(
    *,
    path: Path,
    mapping: dict[str, str],
    write: Writer,
    actor: Actor | None = None,
    dry_run: bool = False,
    batch_size: int = 1000,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import every good row of the file; report every bad one. ``dry_run`` writes nothing."""
    zone, now = zoneinfo.ZoneInfo(settings.TIME_ZONE), timezone.now()
    report, batch = ImportReport(), []
    for line, values in rows_read(path):
        report.rows += 1
        try:
            batch.append((line, row_validate(values, mapping, zone, now)))
        except RowError as exc:
            report.errors.append((line, str(exc)))
        if len(batch) >= batch_size:
            _flush(batch, actor, report, dry_run, write)
            batch = []
            if progress:
                progress(report.rows)
    _flush(batch, actor, report, dry_run, write)
    if progress:
        progress(report.rows)
    return report


def _flush(
    batch: list[tuple[int, HistoricalComplaint]],
    actor: Actor | None,
    report: ImportReport,
    dry_run: bool,
    write: Writer,
) -> None:
    if not batch:
        return
    existing = _count_existing(batch)
    report.already_imported += existing
    if not dry_run:
        _write(batch, actor, report, write)
    else:
        report.imported += len({row.external_id for _, row in batch}) - existing
