"""Personal data of the complaint core: what an export copies and what an erasure rewrites.

An erasure never deletes a complaint or its events: the complaint keeps its number, channel,
dates, category, status and clocks for the statistics, and loses the person. Text is rewritten
by a ``scrub`` function the caller builds for one person (their known values and the patterns
of phones, ID numbers and e-mail addresses); the helpers here apply it to rows of any app, so
each feature app states only which of its fields hold personal data.

Event data is the one place append-only rows change: :func:`events_redact` opens an
``EventRedaction`` row, which the database triggers (migration 0014) read to let an UPDATE of
``data`` alone through, rewrites the events and closes the row in the same transaction.
"""

from __future__ import annotations

import base64
import datetime as dt
import json as json_module
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import EventKind
from complaintdesk.complaints.models import (
    ApiKey,
    Attachment,
    Complaint,
    ComplaintEvent,
    Customer,
    EventRedaction,
    IdempotencyRecord,
    Message,
    TrackingToken,
)
from complaintdesk.complaints.services import event_record

Scrub = Callable[[str], str]

# What an anonymised customer keeps: nothing that names or reaches the person.
ERASED_NAME = "[已删除]"


def scrub_json(value: Any, scrub: Scrub) -> Any:
    """``value`` with every string inside it (keys included) scrubbed."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, list):
        return [scrub_json(item, scrub) for item in value]
    if isinstance(value, dict):
        return {scrub(str(k)): scrub_json(v, scrub) for k, v in value.items()}
    return value


def rows_scrub(
    queryset: models.QuerySet[Any],
    *,
    scrub: Scrub,
    text: Sequence[str] = (),
    json: Sequence[str] = (),
) -> int:
    """Rewrite the named text and JSON fields of every row; returns how many rows changed.
    Rows are written one by one with ``update()``, so no model's ``save()`` runs."""
    changed = 0
    for row in queryset.values("pk", *text, *json):
        updates: dict[str, Any] = {}
        for name in text:
            if row[name]:
                cleaned = scrub(row[name])
                if cleaned != row[name]:
                    updates[name] = cleaned
        for name in json:
            if row[name] is not None:
                cleaned_json = scrub_json(row[name], scrub)
                if cleaned_json != row[name]:
                    updates[name] = cleaned_json
        if updates:
            queryset.model._default_manager.filter(pk=row["pk"]).update(**updates)
            changed += 1
    return changed


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return {"base64": base64.b64encode(bytes(value)).decode()}
    return value


def rows_export(
    queryset: models.QuerySet[Any], *, exclude: Iterable[str] = ()
) -> list[dict[str, Any]]:
    """Every concrete field of every row as JSON-ready values (foreign keys as their ids)."""
    skip = set(exclude)
    fields = [f for f in queryset.model._meta.concrete_fields if f.name not in skip]
    return [
        {f.name: _plain(getattr(row, f.attname)) for f in fields} for row in queryset.order_by("pk")
    ]


def customer_records(*, customer: Customer) -> dict[str, Any]:
    """The customer, their complaints, orders, messages, attachments (rows), events and tracking
    links, their portal account, and the idempotency records that hold their data."""
    complaints = Complaint.objects.filter(customer=customer)
    values = customer_values(customer)
    user = customer.user
    return {
        "customer": rows_export(Customer.objects.filter(pk=customer.pk))[0],
        "portal_account": (
            {
                "username": user.get_username(),
                "email": getattr(user, "email", ""),
                "date_joined": _plain(getattr(user, "date_joined", None)),
                "last_login": _plain(getattr(user, "last_login", None)),
            }
            if user is not None
            else None
        ),
        "orders": rows_export(customer.orders.all()),
        "complaints": rows_export(complaints),
        "messages": rows_export(Message.objects.filter(complaint__in=complaints)),
        "attachments": rows_export(Attachment.objects.filter(complaint__in=complaints)),
        "events": rows_export(ComplaintEvent.objects.filter(complaint__in=complaints)),
        "tracking_links": rows_export(
            TrackingToken.objects.filter(complaint__in=complaints), exclude=["token_hash"]
        ),
        "idempotency_records": rows_export(
            idempotency_records_about(values=values, user_id=customer.user_id),
            exclude=["request_hash"],
        ),
    }


def customer_values(customer: Customer) -> list[str]:
    """The values that identify the person, as stored; the scrubber replaces each of them."""
    values = [
        customer.name,
        customer.phone,
        customer.email,
        customer.id_number,
        customer.external_id,
    ]
    user = customer.user
    if user is not None:
        values += [
            getattr(user, "email", ""),
            getattr(user, "first_name", ""),
            getattr(user, "last_name", ""),
        ]
    return [v for v in values if v and len(v.strip()) >= 2]


def idempotency_records_about(
    *, values: Sequence[str], user_id: int | None
) -> models.QuerySet[IdempotencyRecord]:
    """Stored responses of the person's own requests and of any request whose response holds
    one of their values (an integration that submitted for them)."""
    query = models.Q(user_id=user_id) if user_id else models.Q(pk__in=[])
    for value in values:
        # SQLite keeps JSON with non-ASCII characters escaped: search for that form as well.
        query |= models.Q(response__icontains=value)
        escaped = json_module.dumps(value)[1:-1]
        if escaped != value:
            query |= models.Q(response__icontains=escaped)
    return IdempotencyRecord.objects.filter(query)


@transaction.atomic
def events_redact(
    *, complaint_ids: Sequence[int], scrub: Scrub, actor: Actor | None, reason: str
) -> int:
    """Rewrite the ``data`` of every event of these complaints with ``scrub``: the audited
    exception to append-only events. One ``EventRedaction`` row per complaint is opened
    (the triggers let ``data``-only updates through while it is open) and closed with the
    count of events changed, in this one transaction."""
    now = timezone.now()
    user_id = actor.user_id if actor else None
    total = 0
    for complaint_id in complaint_ids:
        redaction = EventRedaction.objects.create(
            complaint_id=complaint_id, reason=reason, actor_id=user_id, started_at=now
        )
        changed = rows_scrub(
            ComplaintEvent.objects.filter(complaint_id=complaint_id), scrub=scrub, json=["data"]
        )
        EventRedaction.objects.filter(pk=redaction.pk).update(
            finished_at=timezone.now(), events_changed=changed
        )
        total += changed
    return total


@transaction.atomic
def complaint_anonymise(
    *, complaint: Complaint, scrub: Scrub, actor: Actor | None, reason: str
) -> tuple[dict[str, int], list[str]]:
    """The complaint without the person: title, text and messages scrubbed, attachments and
    tracking links removed, its events' data redacted; an event ``personal_data_erased``
    (the cause and counts only) is recorded. Returns the counts and the storage paths of the
    attachments removed, for the caller to delete from disk once nothing else refers to
    them."""
    Complaint.objects.filter(pk=complaint.pk).update(
        title=scrub(complaint.title), text=scrub(complaint.text), updated_at=timezone.now()
    )
    attachments = Attachment.objects.filter(complaint=complaint)
    paths = list(attachments.values_list("storage_path", flat=True))
    counts = {
        "messages": rows_scrub(
            Message.objects.filter(complaint=complaint), scrub=scrub, text=["body"]
        ),
        "attachments": attachments.delete()[0],
        "tracking_links": TrackingToken.objects.filter(complaint=complaint).delete()[0],
        "events": events_redact(
            complaint_ids=[complaint.pk], scrub=scrub, actor=actor, reason=reason
        ),
    }
    changed: dict[str, Any] = {f"{name}_changed": count for name, count in counts.items()}
    event_record(
        complaint=complaint,
        kind=EventKind.PERSONAL_DATA_ERASED,
        actor=actor,
        cause=reason,  # not "reason": the timeline would show the code
        **changed,
    )
    return counts, paths


def complaint_export_record(*, complaint: Complaint, actor: Actor | None, request: int) -> None:
    """The audit trail of an export on one complaint: who took a copy, and which request."""
    event_record(
        complaint=complaint,
        kind=EventKind.PERSONAL_DATA_EXPORTED,
        actor=actor,
        privacy_request=request,
    )


@transaction.atomic
def customer_anonymise(*, customer: Customer, scrub: Scrub) -> dict[str, int]:
    """The customer row keeps its id (complaints and orders point to it) and nothing else
    that names or reaches the person; their portal account is closed and renamed, its API
    keys deleted; idempotency records that held their data are scrubbed."""
    values = customer_values(customer)
    idempotency = rows_scrub(
        idempotency_records_about(values=values, user_id=customer.user_id),
        scrub=scrub,
        json=["response"],
    )
    Customer.objects.filter(pk=customer.pk).update(
        name=ERASED_NAME,
        phone="",
        email="",
        id_number="",
        external_id="",
        is_vip=False,
        is_vulnerable=False,
    )
    keys = 0
    if customer.user_id is not None:
        keys = ApiKey.objects.filter(user_id=customer.user_id).delete()[0]
        user = get_user_model().objects.get(pk=customer.user_id)
        user.username = f"erased-{customer.pk}"
        for name in ("email", "first_name", "last_name"):
            if hasattr(user, name):
                setattr(user, name, "")
        user.is_active = False
        user.set_unusable_password()
        user.save()
    return {"idempotency_records": idempotency, "api_keys": keys}


def attachment_paths_in_use(paths: Iterable[str]) -> set[str]:
    """Which of these storage paths an attachment still refers to (files are kept once per
    content, so two complaints may share one)."""
    return set(
        Attachment.objects.filter(storage_path__in=list(paths)).values_list(
            "storage_path", flat=True
        )
    )
