"""Every write to a complaint. Each function runs in one transaction and records what it did as
a ComplaintEvent in that same transaction; the status field is written nowhere else.

These functions change the complaint and its history only. What follows from a change (clocks,
routing, emails, webhooks) is composed in ``complaintdesk.workflows``, in the order a reader
sees there; nothing here sends signals.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints import states
from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.bulksql import insert_rows
from complaintdesk.complaints.choices import (
    STAFF_ROLES,
    Category,
    Currency,
    Demand,
    EventKind,
    MessageKind,
    Priority,
    Role,
    Status,
    TriageSource,
)
from complaintdesk.complaints.errors import (
    Conflict,
    Forbidden,
    IllegalTransition,
    InvalidInput,
    MissingRequirement,
)
from complaintdesk.complaints.events import EventDraft, RecordedEvent
from complaintdesk.complaints.models import (
    Complaint,
    ComplaintEvent,
    ConsultedDepartment,
    Customer,
    Department,
    Message,
    OrderRef,
    Respondent,
    TrackingToken,
)
from complaintdesk.complaints.models.tracking import hash_tracking_token
from complaintdesk.complaints.permissions import (
    COMPLAINANT_ROLES,
    ensure_can_assign,
    ensure_can_correct,
    ensure_can_name_respondent,
    ensure_can_note,
    ensure_can_reply,
    ensure_can_tag,
    ensure_owns,
)
from complaintdesk.lib.clock import local_date
from complaintdesk.lib.ids import format_complaint_number
from complaintdesk.lib.money import to_money


def event_record(
    *,
    complaint: Complaint,
    kind: str,
    actor: Actor | None,
    at: dt.datetime | None = None,
    from_status: str = "",
    to_status: str = "",
    **data: Any,
) -> ComplaintEvent:
    event = ComplaintEvent.objects.create(
        complaint=complaint,
        kind=kind,
        at=at or timezone.now(),
        actor_id=actor.user_id if actor else None,
        actor_role=str(actor.role) if actor else "",
        from_status=from_status,
        to_status=to_status,
        data=data,
    )
    return event


EVENT_COLUMNS = [
    ("complaint_id", "bigint"),
    ("kind", "text"),
    ("at", "timestamptz"),
    ("actor_id", "bigint"),
    ("actor_role", "text"),
    ("from_status", "text"),
    ("to_status", "text"),
    ("data", "jsonb"),
]


def events_record_bulk(*, events: list[EventDraft]) -> list[RecordedEvent]:
    """Write many events at once (``complaints.bulksql.insert_rows``: arrays through ``unnest``
    on PostgreSQL, multi-row ``VALUES`` on SQLite, no model instances) and return them in
    insertion order with their ids.

    For services that record thousands of events at a time (the SLA sweep). Call it inside
    the transaction that made the changes recorded.
    """
    rows = [
        (e.complaint_id, e.kind, e.at, e.actor_id, e.actor_role, e.from_status, e.to_status,
         e.data)
        for e in events
    ]
    ids = insert_rows(
        table=ComplaintEvent._meta.db_table, columns=EVENT_COLUMNS, rows=rows, returning="id"
    )
    return [RecordedEvent(pk, *e) for pk, e in zip(ids, events, strict=True)]


def complaint_number_next(*, received_at: dt.datetime) -> str:
    """Issue the next number for the local day of receipt.

    One ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` statement both creates the day's
    counter and increments it, on SQLite and PostgreSQL alike; the row stays locked until the
    surrounding transaction ends, so concurrent intakes queue and never share a serial.
    """
    prefix = settings.COMPLAINT_NUMBER_PREFIX
    day = local_date(received_at, settings.TIME_ZONE)
    table = connection.ops.quote_name("complaints_complaintnumbersequence")
    sql = (
        f"INSERT INTO {table} (prefix, day, last) VALUES (%s, %s, 1) "  # noqa: S608
        f"ON CONFLICT (prefix, day) DO UPDATE SET last = {table}.last + 1 RETURNING last"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [prefix, day.isoformat()])
        (serial,) = cursor.fetchone()
    return format_complaint_number(prefix, day, int(serial))


class Changed(NamedTuple):
    """A complaint after a service changed it, with the event that records the change."""

    complaint: Complaint
    event: ComplaintEvent


@transaction.atomic
def complaint_create(
    *,
    channel: str,
    text: str,
    received_at: dt.datetime,
    actor: Actor | None,
    title: str = "",
    customer: Customer | None = None,
    order: OrderRef | None = None,
    respondent: Respondent | None = None,
    amount_claimed: Decimal | None = None,
    currency: str = Currency.CNY,
    external_id: str | None = None,
    source: str = "",
    language: str = "",
    demand: str = "",
    is_batch: bool = False,
) -> Changed:
    """A new complaint in status ``new``. Department staff file into their own department.
    ``is_batch`` opens a batch incident (the parent of complaints about one fault)."""
    department_id = actor.department_id if actor and actor.role == Role.DEPARTMENT else None
    complaint = Complaint.objects.create(
        number=complaint_number_next(received_at=received_at),
        channel=channel,
        external_id=external_id or None,
        source=source,
        title=title,
        text=text,
        language=language,
        received_at=received_at,
        status=Status.NEW,
        status_changed_at=timezone.now(),
        customer=customer,
        order=order,
        respondent=respondent,
        amount_claimed=to_money(amount_claimed) if amount_claimed is not None else None,
        currency=currency,
        created_by_id=actor.user_id if actor else None,
        demand=demand,
        triage=_stated_demand(demand),
        department_id=department_id,
        is_batch=is_batch,
    )
    event = event_record(
        complaint=complaint,
        kind=EventKind.CREATED,
        actor=actor,
        to_status=Status.NEW,
        channel=channel,
        number=complaint.number,
    )
    return Changed(complaint, event)


def _stated_demand(demand: str) -> dict[str, Any]:
    """The remedy the customer asked for when they filed, recorded with the customer as source."""
    if not demand:
        return {}
    entry = {"value": demand, "source": TriageSource.CUSTOMER, "confidence": 1.0}
    return {"demand": {**entry, "explanation": []}}


def _check_transition(
    *, complaint: Complaint, to: str, actor: Actor, reason: str, merge_into: Complaint | None
) -> None:
    move = states.find_transition(complaint.status, to) if to in Status.values else None
    if move is None or actor.role not in move.roles:
        allowed = states.allowed_targets(complaint.status, actor.role)
        raise IllegalTransition(
            _("A complaint in status “%(status)s” cannot move to “%(to)s”. Allowed: %(allowed)s.")
            % {
                "status": Status(complaint.status).label,
                "to": Status(to).label if to in Status.values else to,
                "allowed": _(", ").join(str(Status(a).label) for a in allowed) or _("none"),
            },
            {"from": complaint.status, "to": to, "allowed": allowed},
        )
    given = {"reason": reason.strip(), "merge_into": merge_into}
    missing = [name for name in move.requires if not given.get(name)]
    if missing:
        names = {"reason": _("a reason"), "merge_into": _("the complaint to merge into")}
        raise MissingRequirement(
            _("This change needs %(fields)s.")
            % {"fields": _(", ").join(str(names[name]) for name in missing)},
            {"missing": missing},
        )


@transaction.atomic
def complaint_transition(
    *,
    complaint: Complaint,
    to: str,
    actor: Actor,
    reason: str = "",
    merge_into: Complaint | None = None,
    reason_code: str = "",
    quote: str = "",
) -> Changed:
    """Move a complaint to another status, if the lifecycle table allows it for this actor.

    A reason the product writes itself carries its ``reason_code`` (``SystemReason``; with the
    customer's ``quote`` where it has one), so every page shows it in its own language.
    Changes the status only; the move's effect on the clocks (``states.Transition.clocks``)
    and what the customer is told are applied by ``workflows.transition``."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    ensure_owns(actor, complaint)
    _check_transition(complaint=complaint, to=to, actor=actor, reason=reason, merge_into=merge_into)
    if merge_into is not None:
        _check_merge_target(complaint, merge_into)
    source = complaint.status
    now = timezone.now()
    changes: dict[str, Any] = {"status": to, "status_changed_at": now, "updated_at": now}
    if merge_into is not None:
        changes["parent"] = merge_into
    if Complaint.objects.filter(pk=complaint.pk, status=source).update(**changes) != 1:
        raise Conflict(_("The complaint changed meanwhile; reload it and try again."))
    complaint.refresh_from_db()
    extra: dict[str, Any] = {"merged_into": merge_into.number} if merge_into is not None else {}
    if reason_code:
        extra.update(reason_code=reason_code, quote=quote)
    event = event_record(
        complaint=complaint,
        kind=EventKind.MERGED if merge_into is not None else EventKind.STATUS_CHANGED,
        actor=actor,
        at=now,
        from_status=source,
        to_status=to,
        reason=reason.strip(),
        **extra,
    )
    if merge_into is not None:
        event_record(
            complaint=merge_into,
            kind=EventKind.CHILD_MERGED,
            actor=actor,
            at=now,
            child=complaint.number,
            reason=reason.strip(),
        )
    return Changed(complaint, event)


def _check_merge_target(complaint: Complaint, target: Complaint) -> None:
    if target.pk == complaint.pk:
        raise InvalidInput(_("A complaint cannot be merged into itself."))
    if target.status in states.FINAL_STATES:
        raise InvalidInput(
            _("Complaint %(number)s is already final and cannot receive a merge.")
            % {"number": target.number}
        )


def _check_assignee(user: AbstractBaseUser, department: Department | None) -> None:
    membership = getattr(user, "membership", None)
    if membership is None or membership.role not in STAFF_ROLES or not user.is_active:
        raise InvalidInput(
            _("%(user)s is not active staff and cannot be assigned complaints.")
            % {"user": user.get_username()}
        )
    if membership.role == Role.DEPARTMENT and (
        department is None or membership.department_id != department.pk
    ):
        raise InvalidInput(
            _("%(user)s works in another department; move the complaint there first.")
            % {"user": user.get_username()}
        )


@transaction.atomic
def complaint_assign(
    *,
    complaint: Complaint,
    actor: Actor,
    assignee: AbstractBaseUser | None,
    department: Department | None,
) -> Changed:
    """Give the complaint to a department and/or a person. ``None`` leaves it unassigned."""
    ensure_can_assign(actor)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    ensure_owns(actor, complaint)
    if actor.role == Role.DEPARTMENT and (
        department is None or department.pk != actor.department_id
    ):
        raise Forbidden(_("Department staff can assign only within their own department."))
    if assignee is not None:
        _check_assignee(assignee, department)
    before = {
        "department": complaint.department.code if complaint.department else None,
        "assignee": complaint.assignee.get_username() if complaint.assignee else None,
    }
    complaint.department = department
    complaint.assignee_id = assignee.pk if assignee is not None else None
    complaint.save(update_fields=["department", "assignee", "updated_at"])
    event = event_record(
        complaint=complaint,
        kind=EventKind.ASSIGNED,
        actor=actor,
        before=before,
        after={
            "department": department.code if department else None,
            "assignee": assignee.get_username() if assignee is not None else None,
        },
    )
    return Changed(complaint, event)


@transaction.atomic
def complaint_name_respondent(
    *, complaint: Complaint, actor: Actor, respondent: Respondent | None
) -> Changed:
    """Staff name (or change, or clear) who the complaint is about. Refused while a dispute
    runs against the present respondent: the workflow checks that before calling."""
    ensure_can_name_respondent(actor)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    before = complaint.respondent.code if complaint.respondent else None
    after = respondent.code if respondent is not None else None
    if before == after:
        raise InvalidInput(_("The complaint already names this respondent."))
    complaint.respondent = respondent
    complaint.save(update_fields=["respondent", "updated_at"])
    event = event_record(
        complaint=complaint, kind=EventKind.RESPONDENT_NAMED, actor=actor,
        before=before, after=after, name=respondent.name if respondent is not None else "",
    )
    return Changed(complaint, event)


class Posted(NamedTuple):
    """A message with the event that records it."""

    message: Message
    event: ComplaintEvent


@transaction.atomic
def message_add(*, complaint: Complaint, actor: Actor, body: str, internal: bool) -> Posted:
    """A reply to or from the customer, or an internal note. What a customer's message does to
    a complaint waiting for them (or already resolved) is decided in ``workflows.reply``."""
    if internal:
        ensure_can_note(actor)
        kind = MessageKind.NOTE
    else:
        ensure_can_reply(actor)
        ensure_owns(actor, complaint)
        kind = MessageKind.INBOUND if actor.role in COMPLAINANT_ROLES else MessageKind.OUTBOUND
    now = timezone.now()
    message = Message.objects.create(
        complaint=complaint, kind=kind, body=body, author_id=actor.user_id, created_at=now
    )
    event = event_record(
        complaint=complaint,
        kind=EventKind.NOTE if internal else EventKind.MESSAGE,
        actor=actor,
        at=now,
        message_id=message.pk,
        direction=str(kind),
    )
    return Posted(message, event)


CORRECTABLE_FIELDS: dict[str, type[models.TextChoices]] = {
    "category": Category,
    "demand": Demand,
    "priority": Priority,
}


@transaction.atomic
def complaint_correct_triage(
    *, complaint: Complaint, actor: Actor, field: str, value: str, reason: str
) -> Changed:
    """Staff override the category, demand or priority; the triage entry records the agent as
    its source, and a CORRECTED event keeps the value before, the value after and the reason."""
    ensure_can_correct(actor)
    choices = CORRECTABLE_FIELDS.get(field)
    if choices is None:
        raise InvalidInput(
            _("Only category, demand and priority can be corrected."), {"field": field}
        )
    if value not in choices.values:
        raise InvalidInput(
            _("“%(value)s” is not an allowed %(field)s.") % {"value": value, "field": field},
            {"field": field, "allowed": list(choices.values)},
        )
    if not reason.strip():
        raise MissingRequirement(_("Say why you correct it."), {"missing": ["reason"]})
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    ensure_owns(actor, complaint)
    before = getattr(complaint, field)
    if before == value:
        raise InvalidInput(_("It already has this value."), {"field": field})
    triage = dict(complaint.triage or {})
    triage[field] = {
        "value": value,
        "source": TriageSource.AGENT,
        "confidence": 1.0,
        "explanation": [reason.strip()],
        "previous": triage.get(field),
    }
    if complaint.needs_review:  # a person has now looked at triage's reading
        triage["review"] = {
            "value": False,
            "source": TriageSource.AGENT,
            "confidence": 1.0,
            "explanation": [f"corrected {field}"],
        }
    setattr(complaint, field, value)
    complaint.needs_review = False
    complaint.triage = triage
    complaint.save(update_fields=[field, "needs_review", "triage", "updated_at"])
    event = event_record(
        complaint=complaint,
        kind=EventKind.CORRECTED,
        actor=actor,
        field=field,
        before=before,
        after=value,
        reason=reason.strip(),
    )
    return Changed(complaint, event)


TAG_MAX_CHARS = 40


@transaction.atomic
def complaint_tags_change(
    *, complaint: Complaint, actor: Actor, add: list[str], remove: list[str]
) -> Complaint:
    """Add and remove free-text tags; an unchanged set records nothing."""
    ensure_can_tag(actor)
    cleaned_add = [t.strip() for t in add if t.strip()]
    if any(len(t) > TAG_MAX_CHARS for t in cleaned_add):
        raise InvalidInput(
            _("A tag has at most %(n)s characters.") % {"n": TAG_MAX_CHARS}, {"field": "tags"}
        )
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    ensure_owns(actor, complaint)
    before = list(complaint.tags or [])
    dropped = {t.strip() for t in remove}
    after = [t for t in before if t not in dropped]
    after += [t for t in dict.fromkeys(cleaned_add) if t not in after]
    if after == before:
        return complaint
    complaint.tags = after
    complaint.save(update_fields=["tags", "updated_at"])
    event_record(
        complaint=complaint, kind=EventKind.TAGGED, actor=actor, before=before, after=after
    )
    return complaint


def complaint_share_with(*, complaint: Complaint, department: Department) -> bool:
    """Let a department that does not own the complaint read it (it was asked a question);
    ``False`` when it could already. The consultation that asks records the event."""
    if complaint.department_id == department.pk:
        return False
    _row, created = ConsultedDepartment.objects.get_or_create(
        complaint=complaint, department=department, defaults={"since": timezone.now()}
    )
    return created


@transaction.atomic
def tracking_token_issue(*, complaint: Complaint, valid_for: dt.timedelta) -> str:
    """A new tracking link token for the customer; only its hash is kept."""
    raw = secrets.token_urlsafe(32)
    now = timezone.now()
    TrackingToken.objects.create(
        complaint=complaint,
        token_hash=hash_tracking_token(raw),
        created_at=now,
        expires_at=now + valid_for,
    )
    return raw


#: Triage field -> the complaint column(s) it writes.
TRIAGE_COLUMNS: dict[str, tuple[str, ...]] = {
    "category": ("category",),
    "demand": ("demand",),
    "priority": ("priority",),
    "risk_flags": ("risk_flags",),
    "sentiment": ("sentiment_label", "sentiment_score"),
    "industry": ("industry",),
    "language": ("language",),
    "review": ("needs_review",),
}
#: Values a person gave (an agent's correction, the customer's own statement) are kept.
KEPT_TRIAGE_SOURCES = frozenset({TriageSource.AGENT, TriageSource.CUSTOMER})


def complaint_classify(
    *,
    complaint: Complaint,
    entries: dict[str, dict[str, Any]],
    models: dict[str, str],
    actor: Actor | None,
) -> ComplaintEvent:
    """Write triage's fields (one UPDATE) and record a CLASSIFIED event with their sources.

    ``entries`` maps a field of :data:`TRIAGE_COLUMNS` to ``{"value", "source", "confidence",
    "explanation"}`` (``"score"`` too for sentiment). Fields whose current source is an agent
    or the customer keep their value. Call it inside the caller's transaction.
    """
    previous = dict(complaint.triage or {})
    kept = [
        name
        for name, entry in previous.items()
        if name in TRIAGE_COLUMNS
        and isinstance(entry, dict)
        and entry.get("source") in KEPT_TRIAGE_SOURCES
    ]
    triage = {**previous}
    changes: dict[str, Any] = {}
    for name, entry in entries.items():
        if name in kept or name not in TRIAGE_COLUMNS:
            continue
        triage[name] = entry
        changes[TRIAGE_COLUMNS[name][0]] = entry["value"]
        if name == "sentiment":
            changes["sentiment_score"] = entry["score"]
    changes["triage"] = triage
    changes["updated_at"] = timezone.now()
    Complaint.objects.filter(pk=complaint.pk).update(**changes)
    for column, value in changes.items():
        setattr(complaint, column, value)
    return event_record(
        complaint=complaint,
        kind=EventKind.CLASSIFIED,
        actor=actor,
        fields={name: entry for name, entry in triage.items() if name in TRIAGE_COLUMNS},
        kept=kept,
        models=models,
    )
