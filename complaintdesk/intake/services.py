"""The one intake service: every channel (API, web form, email, import, platform webhook) turns
what it received into :class:`IntakeRequest` and calls :func:`intake_submit`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import Currency, EventKind, Role
from complaintdesk.complaints.models import Complaint, Customer, OrderRef
from complaintdesk.complaints.permissions import ensure_can_create
from complaintdesk.complaints.services import complaint_create, event_record
from complaintdesk.lib.money import to_money


@dataclass(frozen=True)
class CustomerData:
    name: str = ""
    phone: str = ""
    email: str = ""
    external_id: str = ""
    id_number: str = ""


@dataclass(frozen=True)
class OrderData:
    number: str
    item: str = ""
    amount: Decimal | None = None
    currency: str = Currency.CNY
    purchased_at: dt.datetime | None = None
    lessons_total: int | None = None
    lessons_used: int | None = None
    platform: str = ""


@dataclass(frozen=True)
class IntakeRequest:
    channel: str
    text: str
    received_at: dt.datetime
    title: str = ""
    customer: CustomerData | None = None
    order: OrderData | None = None
    amount_claimed: Decimal | None = None
    currency: str = Currency.CNY
    external_id: str | None = None
    language: str = ""
    demand: str = ""


@dataclass(frozen=True)
class IntakeResult:
    complaint: Complaint
    created: bool


def _find_or_create_customer(data: CustomerData) -> Customer:
    lookups = [
        ("external_id", data.external_id),
        ("phone", data.phone),
        ("email", data.email),
    ]
    for field, value in lookups:
        if value:
            found = Customer.objects.filter(**{field: value}).order_by("id").first()
            if found is not None:
                return found
    return Customer.objects.create(
        name=data.name,
        phone=data.phone,
        email=data.email,
        external_id=data.external_id,
        id_number=data.id_number,
    )


def _resolve_customer(request: IntakeRequest, actor: Actor | None) -> Customer | None:
    if actor is not None and actor.role == Role.CUSTOMER and actor.customer_id is not None:
        return Customer.objects.get(pk=actor.customer_id)
    if request.customer is None:
        return None
    return _find_or_create_customer(request.customer)


def _order_for(data: OrderData | None, customer: Customer | None) -> OrderRef | None:
    if data is None:
        return None
    existing = OrderRef.objects.filter(number=data.number, customer=customer).first()
    if existing is not None:
        return existing
    return OrderRef.objects.create(
        customer=customer,
        number=data.number,
        item=data.item,
        amount=to_money(data.amount) if data.amount is not None else None,
        currency=data.currency,
        purchased_at=data.purchased_at,
        lessons_total=data.lessons_total,
        lessons_used=data.lessons_used,
        platform=data.platform,
    )


def _existing(request: IntakeRequest) -> Complaint | None:
    if not request.external_id:
        return None
    return Complaint.objects.filter(
        channel=request.channel, external_id=request.external_id
    ).first()


def _note_duplicate(complaint: Complaint, actor: Actor | None) -> IntakeResult:
    event_record(
        complaint=complaint,
        kind=EventKind.DUPLICATE_RECEIVED,
        actor=actor,
        external_id=complaint.external_id,
    )
    return IntakeResult(complaint=complaint, created=False)


@transaction.atomic
def intake_submit(*, request: IntakeRequest, actor: Actor | None) -> IntakeResult:
    """Record a complaint, or return the one this channel already sent with the same id."""
    if actor is not None:
        ensure_can_create(actor)
    existing = _existing(request)
    if existing is not None:
        return _note_duplicate(existing, actor)
    try:
        with transaction.atomic():
            customer = _resolve_customer(request, actor)
            complaint = complaint_create(
                channel=request.channel,
                text=request.text,
                title=request.title,
                received_at=request.received_at,
                actor=actor,
                customer=customer,
                order=_order_for(request.order, customer),
                amount_claimed=request.amount_claimed,
                currency=request.currency,
                external_id=request.external_id,
                language=request.language,
                demand=request.demand,
            )
    except IntegrityError:
        existing = _existing(request)
        if existing is None:
            raise
        return _note_duplicate(existing, actor)
    return IntakeResult(complaint=complaint, created=True)
