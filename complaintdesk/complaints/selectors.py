"""Every read of complaints, always through the actor's scope."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import EventKind, MessageKind, Role
from complaintdesk.complaints.errors import Forbidden, InvalidInput, NotFound, complaint_not_found
from complaintdesk.complaints.models import (
    Attachment,
    Complaint,
    ComplaintEvent,
    Department,
    Message,
    Respondent,
    TrackingToken,
)
from complaintdesk.complaints.models.tracking import hash_tracking_token
from complaintdesk.complaints.permissions import scope_complaints

# The steps of a dispute both parties see (not who reviews it, nor conflicts declared).
DISPUTE_EVENT_KINDS = frozenset(
    {
        EventKind.DISPUTE_OPENED,
        EventKind.EVIDENCE_REQUESTED,
        EventKind.EVIDENCE_SUBMITTED,
        EventKind.DISPUTE_RULED,
        EventKind.DISPUTE_APPEALED,
        EventKind.DISPUTE_REVIEWED,
        EventKind.DISPUTE_CLOSED,
    }
)
# Events a complainant may see on their own timeline; the rest are internal working steps.
PUBLIC_EVENT_KINDS = frozenset(
    {EventKind.CREATED, EventKind.STATUS_CHANGED, EventKind.MERGED, EventKind.MESSAGE}
) | DISPUTE_EVENT_KINDS
# A respondent sees the dispute and nothing of the conversation with the customer.
RESPONDENT_EVENT_KINDS = frozenset({EventKind.CREATED}) | DISPUTE_EVENT_KINDS
PUBLIC_EVENT_DATA = frozenset(
    {
        "reason", "reason_code", "quote", "number", "merged_into", "channel", "question",
        "party", "due_at", "late", "responsible", "outcome", "decision", "default",
    }
)


def complaints_for(actor: Actor) -> QuerySet[Complaint]:
    return scope_complaints(
        actor,
        Complaint.objects.select_related(
            "customer", "order", "department", "assignee", "parent", "respondent"
        ),
    )


def scope_only(actor: Actor) -> QuerySet[Complaint]:
    """The actor's complaints without joins: the base for counts."""
    return scope_complaints(actor, Complaint.objects.all())


def complaint_get(*, actor: Actor, number: str) -> Complaint:
    """The complaint, or 404 alike whether it does not exist or the actor may not see it."""
    complaint = complaints_for(actor).filter(number=number).first()
    if complaint is None:
        raise complaint_not_found(number)
    return complaint


@dataclass(frozen=True)
class ComplaintFilters:
    status: list[str] | None = None
    category: str | None = None
    priority: str | None = None
    department: str | None = None
    assignee: str | None = None
    q: str | None = None
    channel: str | None = None
    industry: str | None = None
    respondent: str | None = None
    received_from: dt.datetime | None = None
    received_to: dt.datetime | None = None


def _apply_filters(qs: QuerySet[Complaint], f: ComplaintFilters) -> QuerySet[Complaint]:
    if f.status:
        qs = qs.filter(status__in=f.status)
    if f.category:
        qs = qs.filter(category=f.category)
    if f.priority:
        qs = qs.filter(priority=f.priority)
    if f.department:
        qs = qs.filter(department__code=f.department)
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.industry:
        qs = qs.filter(industry=f.industry)
    if f.respondent:
        qs = qs.filter(respondent__code=f.respondent)
    if f.assignee == "none":
        qs = qs.filter(assignee__isnull=True)
    elif f.assignee:
        qs = qs.filter(assignee__username=f.assignee)
    if f.received_from:
        qs = qs.filter(received_at__gte=f.received_from)
    if f.received_to:
        qs = qs.filter(received_at__lt=f.received_to)
    if f.q:
        term = f.q.strip()
        qs = qs.filter(Q(number__iexact=term) | Q(title__icontains=term) | Q(text__icontains=term))
    return qs


def complaints_filtered(*, actor: Actor, filters: ComplaintFilters) -> QuerySet[Complaint]:
    """The actor's complaints narrowed by ``filters``, unordered: for counts and other sorts."""
    return _apply_filters(complaints_for(actor), filters)


def encode_cursor(complaint: Complaint) -> str:
    raw = f"{complaint.received_at.isoformat()}|{complaint.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[dt.datetime, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        stamp, pk = base64.urlsafe_b64decode(padded.encode()).decode().split("|")
        moment = dt.datetime.fromisoformat(stamp)
        if moment.tzinfo is None:
            raise ValueError("naive")
        return moment, int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidInput(
            _("The cursor is not valid; use the next_cursor value of the previous page."),
            {"field": "cursor"},
        ) from None


def complaint_list(
    *, actor: Actor, filters: ComplaintFilters, cursor: str | None, limit: int
) -> tuple[list[Complaint], str | None]:
    """One page, newest first, and the cursor of the next page (``None`` at the end)."""
    qs = _apply_filters(complaints_for(actor), filters).order_by("-received_at", "-id")
    if cursor:
        moment, pk = decode_cursor(cursor)
        qs = qs.filter(Q(received_at__lt=moment) | Q(received_at=moment, id__lt=pk))
    rows = list(qs[: limit + 1])
    next_cursor = encode_cursor(rows[limit - 1]) if len(rows) > limit else None
    return rows[:limit], next_cursor


def timeline(*, actor: Actor, complaint: Complaint) -> list[dict[str, Any]]:
    """Events and messages in the order they happened, filtered for what the actor may see."""
    events = ComplaintEvent.objects.filter(complaint=complaint).select_related("actor")
    messages = Message.objects.filter(complaint=complaint).select_related("author")
    if actor.role == Role.RESPONDENT:
        events = events.filter(kind__in=RESPONDENT_EVENT_KINDS)
        messages = messages.none()
    elif not actor.sees_internal:
        events = events.filter(kind__in=PUBLIC_EVENT_KINDS)
        messages = messages.exclude(kind=MessageKind.NOTE)
    entries: list[dict[str, Any]] = [
        {
            "type": "event",
            "at": timezone.localtime(e.at),
            "id": e.pk,
            "kind": e.kind,
            "actor": e.actor.get_username() if e.actor else None,
            "actor_role": e.actor_role or None,
            "from_status": e.from_status or None,
            "to_status": e.to_status or None,
            "data": _readable_data(
                e.data if actor.sees_internal else _public_event_data(e.data), actor
            ),
        }
        for e in events
    ]
    entries += [
        {
            "type": "message",
            "at": timezone.localtime(m.created_at),
            "id": m.pk,
            "kind": m.kind,
            "actor": m.author.get_username() if m.author else None,
            "body": actor.readable(m.body),
        }
        for m in messages
    ]
    entries.sort(key=lambda entry: (entry["at"], entry["type"] == "message", entry["id"]))
    return entries


def _readable_data(data: dict[str, Any], actor: Actor) -> dict[str, Any]:
    """An event's reasons, quotes and answers with personal data masked for masked readers."""
    if actor.sees_personal_data:
        return data
    return {k: actor.readable(v) if isinstance(v, str) else v for k, v in data.items()}


def _public_event_data(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k in PUBLIC_EVENT_DATA}


def department_names() -> dict[str, str]:
    """Every department's name by its code (one query), for pages that show codes stored in
    events."""
    return dict(Department.objects.values_list("code", "name"))


def department_get(code: str) -> Department:
    department = Department.objects.filter(code=code).first()
    if department is None:
        raise NotFound(
            _("No department with code %(code)s.") % {"code": code}, {"department": code}
        )
    return department


def user_get(username: str) -> AbstractBaseUser:
    user = get_user_model().objects.filter(username=username).select_related("membership").first()
    if user is None:
        raise NotFound(_("No user named %(user)s.") % {"user": username}, {"assignee": username})
    return user


def complaint_for_tracking_token(raw_token: str) -> Complaint:
    """The complaint a customer's tracking link opens; 404 alike for unknown and expired links."""
    token = (
        TrackingToken.objects.select_related("complaint", "complaint__customer")
        .filter(token_hash=hash_tracking_token(raw_token), expires_at__gt=timezone.now())
        .first()
    )
    if token is None:
        raise NotFound(_("This tracking link is not valid or has expired."))
    return token.complaint


def attachments_visible(*, actor: Actor, complaint: Complaint) -> list[Attachment]:
    """Files on the complaint; files on internal notes only for those who see internal work."""
    qs = Attachment.objects.filter(complaint=complaint).select_related("message")
    if actor.role == Role.RESPONDENT:
        return []
    if not actor.sees_internal:
        qs = qs.exclude(message__kind=MessageKind.NOTE)
    return list(qs)


def attachment_get(*, actor: Actor, attachment_id: int) -> Attachment:
    """An attachment to download: 404 outside the actor's scope, 403 for masked roles."""
    attachment = (
        Attachment.objects.filter(pk=attachment_id, complaint__in=complaints_for(actor))
        .select_related("message")
        .first()
    )
    if attachment is None or actor.role == Role.RESPONDENT or (
        not actor.sees_internal
        and attachment.message is not None
        and attachment.message.kind == MessageKind.NOTE
    ):
        raise NotFound(_("No such file."))
    if not actor.sees_personal_data:
        raise Forbidden(_("Your role cannot open files; they may hold personal data."))
    return attachment


def respondent_get(code: str) -> Respondent:
    """An active respondent by code, for staff naming one on a complaint."""
    respondent = Respondent.objects.filter(code=code, is_active=True).first()
    if respondent is None:
        raise NotFound(
            _("No respondent with code %(code)s.") % {"code": code}, {"respondent": code}
        )
    return respondent


def respondents_active() -> list[Respondent]:
    """Every active respondent, by name: the desk's choice list."""
    return list(Respondent.objects.filter(is_active=True).order_by("name", "id"))
@dataclass(frozen=True)
class RelatedComplaints:
    """The customer's other complaints and the other complaints about the same order."""

    by_customer: list[Complaint]
    by_order: list[Complaint]


def related_complaints(*, actor: Actor, complaint: Complaint, limit: int = 10) -> RelatedComplaints:
    """Other complaints of this complaint's customer and of its order, newest first, as far as
    the actor may see them: one query."""
    wanted = Q()
    if complaint.customer_id is not None:
        wanted |= Q(customer_id=complaint.customer_id)
    if complaint.order_id is not None:
        wanted |= Q(order_id=complaint.order_id)
    if not wanted:
        return RelatedComplaints([], [])
    rows = list(
        scope_complaints(actor, Complaint.objects.all())
        .filter(wanted)
        .exclude(pk=complaint.pk)
        .only("id", "number", "title", "text", "status", "received_at", "customer_id", "order_id")
        .order_by("-received_at", "-id")[: limit * 2]
    )
    by_customer = [c for c in rows if c.customer_id and c.customer_id == complaint.customer_id]
    by_order = [c for c in rows if c.order_id and c.order_id == complaint.order_id]
    return RelatedComplaints(by_customer[:limit], by_order[:limit])
