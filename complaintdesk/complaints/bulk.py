"""Writing many historical complaints at once, for imports.

The per-complaint path (:func:`complaints.services.complaint_create`) takes a row lock on the
day's number counter and writes one complaint and one event per statement. History arrives in
hundreds of thousands of rows, so this path reserves a whole range of serials per day with one
``UPDATE`` of the day's counter and writes complaints, customers and events with ``bulk_create``
inside one transaction per batch. The batch is all-or-nothing; the caller validated each row
before, and falls back to one row per transaction when a batch fails, so a bad row never
half-writes and never takes good rows down with it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import Channel, EventKind, Status, TriageSource
from complaintdesk.complaints.models import Complaint, ComplaintEvent, Customer, OrderRef
from complaintdesk.lib.clock import local_date
from complaintdesk.lib.ids import format_complaint_number


@dataclass(frozen=True)
class HistoricalComplaint:
    """One validated row of history."""

    external_id: str
    text: str
    received_at: dt.datetime
    title: str = ""
    customer_name: str = ""
    customer_phone: str = ""
    customer_email: str = ""
    order_number: str = ""
    amount_claimed: Decimal | None = None
    category: str = ""
    demand: str = ""
    status: str = Status.CLOSED


def complaint_numbers_reserve(*, day: dt.date, count: int) -> list[str]:
    """``count`` consecutive numbers of one day, reserved with one statement."""
    prefix = settings.COMPLAINT_NUMBER_PREFIX
    table = connection.ops.quote_name("complaints_complaintnumbersequence")
    sql = (
        f"INSERT INTO {table} (prefix, day, last) VALUES (%s, %s, %s) "  # noqa: S608
        f"ON CONFLICT (prefix, day) DO UPDATE SET last = {table}.last + %s RETURNING last"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [prefix, day.isoformat(), count, count])
        (last,) = cursor.fetchone()
    first = int(last) - count + 1
    return [format_complaint_number(prefix, day, serial) for serial in range(first, int(last) + 1)]


# History imports are one source: an import again skips the ids it already took in.
IMPORT_SOURCE = "import"


def _customers(rows: list[HistoricalComplaint]) -> dict[str, Customer]:
    """Existing customers by phone, then email; new ones created in one statement."""
    phones = {r.customer_phone for r in rows if r.customer_phone}
    emails = {r.customer_email for r in rows if r.customer_email and not r.customer_phone}
    found: dict[str, Customer] = {}
    for customer in Customer.objects.filter(phone__in=phones).order_by("-id"):
        found[f"p:{customer.phone}"] = customer
    for customer in Customer.objects.filter(email__in=emails).order_by("-id"):
        found[f"e:{customer.email}"] = customer
    new: dict[str, Customer] = {}
    for row in rows:
        key = _customer_key(row)
        if key and key not in found and key not in new:
            new[key] = Customer(
                source=IMPORT_SOURCE,
                name=row.customer_name, phone=row.customer_phone, email=row.customer_email
            )
    Customer.objects.bulk_create(list(new.values()))
    return {**found, **new}


def _customer_key(row: HistoricalComplaint) -> str:
    if row.customer_phone:
        return f"p:{row.customer_phone}"
    return f"e:{row.customer_email}" if row.customer_email else ""


def _orders(rows: list[HistoricalComplaint], customers: dict[str, Customer]) -> dict[int, OrderRef]:
    orders: dict[int, OrderRef] = {}
    for index, row in enumerate(rows):
        if row.order_number:
            customer = customers.get(_customer_key(row))
            orders[index] = OrderRef(customer=customer, number=row.order_number)
    OrderRef.objects.bulk_create(list(orders.values()))
    return orders


def _numbers(rows: list[HistoricalComplaint]) -> list[str]:
    by_day: dict[dt.date, list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        by_day[local_date(row.received_at, settings.TIME_ZONE)].append(index)
    numbers = [""] * len(rows)
    for day, indexes in sorted(by_day.items()):
        for index, number in zip(
            indexes, complaint_numbers_reserve(day=day, count=len(indexes)), strict=True
        ):
            numbers[index] = number
    return numbers


def _triage(row: HistoricalComplaint) -> dict[str, dict[str, object]]:
    labelled = {"category": row.category, "demand": row.demand}
    return {
        name: {
            "value": value,
            "source": TriageSource.AGENT,
            "confidence": 1.0,
            "explanation": ["imported history"],
        }
        for name, value in labelled.items()
        if value
    }


def _adapter(field: Any) -> Callable[[Any], Any] | None:
    kind = field.get_internal_type()
    ops = connection.ops
    if kind == "DateTimeField":
        return ops.adapt_datetimefield_value
    if kind == "DateField":
        return ops.adapt_datefield_value
    if kind == "DecimalField":
        return lambda v: ops.adapt_decimalfield_value(v, field.max_digits, field.decimal_places)
    if kind == "JSONField":
        return lambda v: field.get_db_prep_save(v, connection)
    return None


def _insert(model: type[models.Model], rows: list[dict[str, Any]], now: dt.datetime) -> None:
    """INSERT many rows with one ``executemany``. Each column not in a row takes the field's
    default (``now`` for auto_now fields); values are adapted per column type, once per value,
    without building model instances, which is what makes history imports fast."""
    plan = []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            default: Any = now
        elif field.has_default():
            default = field.get_default()
        else:
            default = None if field.null else ""
        plan.append((field.attname, field.column, default, _adapter(field)))
    quote = connection.ops.quote_name
    columns = ", ".join(quote(column) for _, column, _, _ in plan)
    marks = ", ".join(["%s"] * len(plan))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    values = []
    for row in rows:
        record = []
        for attname, _column, default, adapt in plan:
            value = row.get(attname, default)
            record.append(adapt(value) if adapt is not None and value is not None else value)
        values.append(record)
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


def _complaint_rows(fresh: list[HistoricalComplaint], actor: Actor | None) -> list[dict[str, Any]]:
    customers = _customers(fresh)
    orders = _orders(fresh, customers)
    numbers = _numbers(fresh)
    rows = []
    for i, row in enumerate(fresh):
        customer = customers.get(_customer_key(row))
        order = orders.get(i)
        rows.append(
            {
                "number": numbers[i],
                "channel": Channel.IMPORT.value,
                "source": IMPORT_SOURCE,
                "external_id": row.external_id,
                "title": row.title,
                "text": row.text,
                "received_at": row.received_at,
                "status": row.status,
                "status_changed_at": row.received_at,
                "customer_id": customer.pk if customer else None,
                "order_id": order.pk if order else None,
                "amount_claimed": row.amount_claimed,
                "category": row.category,
                "demand": row.demand,
                "triage": _triage(row),
                "created_by_id": actor.user_id if actor else None,
            }
        )
    return rows


@dataclass(frozen=True)
class HistoryWritten:
    """How many complaints an import batch created, and which of them arrived still open
    (``new``): those are triaged and routed like live ones by ``workflows.history``."""

    count: int
    opened: list[Complaint]


@transaction.atomic
def complaints_import_history(
    *, rows: list[HistoricalComplaint], actor: Actor | None
) -> HistoryWritten:
    """Create these complaints (channel ``import``) with their CREATED events, in one go.

    Rows whose external id was imported before are left out. History that arrives already
    settled starts nothing; the ones still open are returned for triage.
    """
    seen = set(
        Complaint.objects.filter(
            source=IMPORT_SOURCE,
            channel=Channel.IMPORT,
            external_id__in=[r.external_id for r in rows],
        ).values_list("external_id", flat=True)
    )
    unique: dict[str, HistoricalComplaint] = {}
    for row in rows:
        if row.external_id not in seen:
            unique.setdefault(row.external_id, row)
    fresh = list(unique.values())
    if not fresh:
        return HistoryWritten(0, [])
    now = timezone.now()
    complaint_rows = _complaint_rows(fresh, actor)
    _insert(Complaint, complaint_rows, now)
    numbers = [r["number"] for r in complaint_rows]
    ids = dict(Complaint.objects.filter(number__in=numbers).values_list("number", "id"))
    _insert(
        ComplaintEvent,
        [
            {
                "complaint_id": ids[r["number"]],
                "kind": EventKind.CREATED.value,
                "at": r["received_at"],
                "actor_id": actor.user_id if actor else None,
                "actor_role": str(actor.role) if actor else "",
                "to_status": r["status"],
                "data": {"channel": Channel.IMPORT.value, "number": r["number"], "imported": True},
            }
            for r in complaint_rows
        ],
        now,
    )
    opened = Complaint.objects.filter(number__in=numbers, status=Status.NEW)
    return HistoryWritten(len(fresh), list(opened.select_related("customer").order_by("id")))
