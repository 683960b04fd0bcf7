"""Complaints as API payloads, with personal data masked for roles that may not see it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import prefetch_related_objects
from django.utils import timezone

from complaintdesk.complaints import states
from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.models import Complaint, Customer
from complaintdesk.lib.text import mask_email, mask_identifier, mask_name, mask_phone
from complaintdesk.sla.models import Clock
from complaintdesk.sla.selectors import promised_answer


def local(moment: dt.datetime | None) -> dt.datetime | None:
    """Times leave the API in the installation's time zone, with their offset."""
    return timezone.localtime(moment) if moment is not None else None


def _customer(customer: Customer | None, actor: Actor) -> dict[str, Any] | None:
    if customer is None:
        return None
    masked = not actor.sees_personal_data
    return {
        "name": customer.name if actor.sees_customer_name else mask_name(customer.name),
        "phone": mask_phone(customer.phone) if masked and customer.phone else customer.phone,
        "email": mask_email(customer.email) if masked and customer.email else customer.email,
        "external_id": customer.external_id,
        "id_number": (
            mask_identifier(customer.id_number)
            if masked and customer.id_number
            else customer.id_number
        ),
        "is_vip": customer.is_vip,
        "is_vulnerable": customer.is_vulnerable,
    }


def _clocks(clocks: list[Clock]) -> list[dict[str, Any]]:
    """The complaint's deadlines as the API shows them."""
    return [
        {
            "kind": clock.kind,
            "state": clock.state,
            "target_at": local(clock.target_at),
            "paused_seconds": clock.paused_seconds,
            "warned_at": local(clock.warned_at),
            "breached_at": local(clock.breached_at),
            "calendar_verified": clock.calendar_verified,
        }
        for clock in clocks
    ]


def complaint_payloads(complaints: list[Complaint], actor: Actor) -> list[dict[str, Any]]:
    """Payloads of a page of complaints, their clocks fetched in one query for the page."""
    prefetch_related_objects(complaints, "clocks")
    return [complaint_payload(complaint, actor) for complaint in complaints]


def _text(value: str, actor: Actor) -> str:
    """Auditors, overseers and respondents read the complaint without the phones, ID
    numbers, emails and bank cards typed into it."""
    return actor.readable(value)


def complaint_payload(complaint: Complaint, actor: Actor) -> dict[str, Any]:
    """One complaint as ``actor`` may see it; its clocks in one query, or none when prefetched
    (see complaint_payloads)."""
    order = complaint.order
    clocks = list(complaint.clocks.all())
    return {
        "id": complaint.pk,
        "number": complaint.number,
        "status": complaint.status,
        "channel": complaint.channel,
        "external_id": complaint.external_id,
        "title": _text(complaint.title, actor),
        "text": _text(complaint.text, actor),
        "language": complaint.language,
        "received_at": local(complaint.received_at),
        "created_at": local(complaint.created_at),
        "status_changed_at": local(complaint.status_changed_at),
        "customer": _customer(complaint.customer, actor),
        "order": None
        if order is None
        else {
            "number": order.number,
            "item": order.item,
            "amount": order.amount,
            "currency": order.currency,
            "purchased_at": local(order.purchased_at),
            "lessons_total": order.lessons_total,
            "lessons_used": order.lessons_used,
            "platform": order.platform,
        },
        "respondent": None
        if complaint.respondent is None
        else {
            "code": complaint.respondent.code,
            "name": complaint.respondent.name,
            "kind": complaint.respondent.kind,
        },
        "amount_claimed": complaint.amount_claimed,
        "currency": complaint.currency,
        "category": complaint.category or None,
        "demand": complaint.demand or None,
        "priority": complaint.priority,
        "risk_flags": list(complaint.risk_flags),
        "sentiment": {
            "label": complaint.sentiment_label or None,
            "score": complaint.sentiment_score,
        },
        "industry": complaint.industry or None,
        "triage": complaint.triage if actor.sees_internal else {},
        "tags": list(complaint.tags),
        "department": complaint.department.code if complaint.department else None,
        "assignee": complaint.assignee.get_username() if complaint.assignee else None,
        "parent": complaint.parent.number if complaint.parent else None,
        "allowed_transitions": states.allowed_targets(complaint.status, actor.role),
        "clocks": _clocks(clocks) if actor.sees_internal else [],
        "promised_at": promised_answer(clocks),
    }
