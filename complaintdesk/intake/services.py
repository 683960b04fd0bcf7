"""Recording what a channel received: every channel (API, web form, email, import, platform
webhook) turns what it received into :class:`IntakeRequest`, and ``workflows.receive`` records
it with the functions here: the reads first (:func:`intake_duplicate`,
:func:`intake_find_parties`), outside the write transaction, then :func:`intake_record`.

Every request has a *source* (:func:`intake_source`): the API key or account that sent it, the
platform that signed it, email, or the anonymous portal. A caller never reaches what another
source recorded: external ids are unique per source (another source's id is simply a new
complaint, so a refusal cannot confirm that it exists), and customers are found again only
within their source. Staff (who see every customer anyway) match any customer, and the
anonymous portal matches none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import Currency, EventKind, RespondentKind, Role
from complaintdesk.complaints.models import (
    Complaint,
    ComplaintEvent,
    Customer,
    OrderRef,
    Respondent,
)
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
class RespondentData:
    """Who the complaint is about, as the channel names it: found by ``code``, else created
    with the rest."""

    code: str
    name: str = ""
    kind: str = RespondentKind.MERCHANT
    phone: str = ""
    email: str = ""
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
    respondent: RespondentData | None = None
    # Set by channels that are their own source (``platform:<code>``, ``email``, ``import``);
    # empty means the actor's account, else the anonymous channel.
    source: str = ""


ANONYMOUS = "anonymous:"


def intake_source(request: IntakeRequest, actor: Actor | None) -> str:
    """Who sent the request, as stored on the complaint and its new customer."""
    if request.source:
        return request.source
    if actor is not None and actor.user_id is not None:
        return f"user:{actor.user_id}"
    return f"{ANONYMOUS}{request.channel}"


@dataclass(frozen=True)
class IntakeResult:
    """The complaint recorded (or found again), and its ``created`` event when new."""

    complaint: Complaint
    created: bool
    event: ComplaintEvent | None = None


@dataclass(frozen=True)
class Parties:
    """The customer, order and respondent intake found already stored (``None``: to be
    created, when the request names one)."""

    customer: Customer | None
    order: OrderRef | None
    respondent: Respondent | None = None


def _find_customer(data: CustomerData, source: str | None) -> Customer | None:
    """The oldest customer with the same external id, else phone, else email (one query),
    among those ``source`` recorded (``None``: among all)."""
    lookups = [
        (field, value)
        for field, value in (
            ("external_id", data.external_id),
            ("phone", data.phone),
            ("email", data.email),
        )
        if value
    ]
    if not lookups:
        return None
    wanted = Q()
    for field, value in lookups:
        wanted |= Q(**{field: value})
    # Customers are found again by these fields at every intake, so a match is one row or a
    # handful: read them all and choose in order of the lookups.
    candidates = Customer.objects.filter(wanted)
    if source is not None:
        candidates = candidates.filter(source=source)
    found = list(candidates.order_by("id"))
    for field, value in lookups:
        match = next((c for c in found if getattr(c, field) == value), None)
        if match is not None:
            return match
    return None


def intake_find_parties(*, request: IntakeRequest, actor: Actor | None) -> Parties:
    """Read the customer (the signed-in customer, else by external id, phone, email: any
    customer for staff, the source's own for other callers, none for the anonymous portal)
    and the order already stored. Reads only: intake calls it before its write transaction."""
    customer: Customer | None = None
    staff = actor is not None and actor.is_staff_role
    source = intake_source(request, actor)
    if actor is not None and actor.role == Role.CUSTOMER and actor.customer_id is not None:
        customer = Customer.objects.get(pk=actor.customer_id)
    elif request.customer is not None and (staff or not source.startswith(ANONYMOUS)):
        customer = _find_customer(request.customer, None if staff else source)
    order = None
    if request.order is not None and (customer is not None or (staff and request.customer is None)):
        order = OrderRef.objects.filter(number=request.order.number, customer=customer).first()
    respondent = None
    if request.respondent is not None:
        respondent = Respondent.objects.filter(code=request.respondent.code).first()
    return Parties(customer=customer, order=order, respondent=respondent)


def _customer_create(data: CustomerData, source: str) -> Customer:
    return Customer.objects.create(
        source=source,
        name=data.name,
        phone=data.phone,
        email=data.email,
        external_id=data.external_id,
        id_number=data.id_number,
    )


def _order_create(data: OrderData, customer: Customer | None) -> OrderRef:
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


def _respondent_create(data: RespondentData) -> Respondent:
    return Respondent.objects.create(
        code=data.code,
        name=data.name or data.code,
        kind=data.kind,
        phone=data.phone,
        email=data.email,
        platform=data.platform,
    )


def intake_duplicate(request: IntakeRequest, actor: Actor | None) -> Complaint | None:
    """The complaint this source already sent on this channel with the same external id."""
    if not request.external_id:
        return None
    return Complaint.objects.filter(
        source=intake_source(request, actor),
        channel=request.channel,
        external_id=request.external_id,
    ).first()


@transaction.atomic
def intake_duplicate_note(*, complaint: Complaint, actor: Actor | None) -> IntakeResult:
    """Record that the same complaint arrived again; the existing one is the result."""
    event_record(
        complaint=complaint,
        kind=EventKind.DUPLICATE_RECEIVED,
        actor=actor,
        external_id=complaint.external_id,
    )
    return IntakeResult(complaint=complaint, created=False)


def intake_record(
    *, request: IntakeRequest, actor: Actor | None, parties: Parties, is_batch: bool = False
) -> IntakeResult:
    """Write the complaint (and the customer and order not found before) with its ``created``
    event, inside the caller's transaction. A concurrent delivery of the same external id
    that won the race makes this a duplicate, noted on the existing complaint."""
    source = intake_source(request, actor)
    try:
        with transaction.atomic():
            customer = parties.customer
            if customer is None and request.customer is not None:
                customer = _customer_create(request.customer, source)
            order = parties.order
            if order is None and request.order is not None:
                order = _order_create(request.order, customer)
            respondent = parties.respondent
            if respondent is None and request.respondent is not None:
                respondent = _respondent_create(request.respondent)
            created = complaint_create(
                channel=request.channel,
                text=request.text,
                title=request.title,
                received_at=request.received_at,
                actor=actor,
                customer=customer,
                order=order,
                respondent=respondent,
                amount_claimed=request.amount_claimed,
                currency=request.currency,
                external_id=request.external_id,
                source=source,
                language=request.language,
                demand=request.demand,
                is_batch=is_batch,
            )
    except IntegrityError:
        existing = intake_duplicate(request, actor)
        if existing is None:
            raise
        return intake_duplicate_note(complaint=existing, actor=actor)
    return IntakeResult(complaint=created.complaint, created=True, event=created.event)
