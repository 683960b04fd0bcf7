"""Platform webhook: a marketplace complaint centre posts signed JSON; it becomes a complaint.

The request carries ``X-Complaintdesk-Signature: t=<unix>,v1=<HMAC-SHA256(secret, t.body)>``
(see :mod:`complaintdesk.lib.signatures`). The platform's own complaint id becomes the external
id (``<source>:<id>``), so a platform that retries opens one complaint.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from complaintdesk.complaints.choices import Channel
from complaintdesk.complaints.errors import DomainError, InvalidInput
from complaintdesk.intake.models import PlatformSource
from complaintdesk.intake.services import (
    CustomerData,
    IntakeRequest,
    OrderData,
    RespondentData,
)
from complaintdesk.lib.signatures import verify_signature


class BadSignature(DomainError):
    code = "bad_signature"
    status = 401


class PlatformCustomer(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str = Field("", max_length=128)
    name: str = Field("", max_length=100)
    phone: str = Field("", max_length=32)
    email: str = Field("", max_length=254)


class PlatformOrder(BaseModel):
    model_config = ConfigDict(extra="ignore")
    number: str = Field(min_length=1, max_length=64)
    item: str = Field("", max_length=200)
    amount: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)


class PlatformShop(BaseModel):
    """The shop the buyer complains about, as the platform names it."""

    model_config = ConfigDict(extra="ignore")
    id: str = Field(min_length=1, max_length=60)
    name: str = Field("", max_length=200)


class PlatformComplaint(BaseModel):
    """The body a platform posts. Unknown fields are ignored: platforms add fields freely."""

    model_config = ConfigDict(extra="ignore")
    id: str = Field(min_length=1, max_length=100)
    text: str = Field(min_length=1, max_length=20_000)
    title: str = Field("", max_length=200)
    created_at: dt.datetime | None = None
    customer: PlatformCustomer | None = None
    order: PlatformOrder | None = None
    shop: PlatformShop | None = None
    amount_claimed: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)


def _source(code: str) -> PlatformSource | None:
    return PlatformSource.objects.filter(code=code, is_active=True).first()


def platform_complaint_read(*, source_code: str, body: bytes, signature: str) -> IntakeRequest:
    """Verify and validate one platform complaint, as the request intake records (by
    ``workflows.receive``). Unknown source or bad signature
    both raise :class:`BadSignature`, so a caller learns nothing about which sources exist."""
    source = _source(source_code)
    now = int(timezone.now().timestamp())
    if source is None or not verify_signature(
        header=signature, secret=source.secret, body=body, now=now
    ):
        raise BadSignature(
            _(
                "The request signature is missing, wrong or too old; sign the body with your "
                "platform secret."
            )
        )
    try:
        payload = PlatformComplaint.model_validate_json(body)
    except ValidationError as exc:
        details = [
            {"field": ".".join(map(str, e["loc"])), "message": e["msg"]} for e in exc.errors()
        ]
        raise InvalidInput(_("The complaint body is not valid."), details) from exc
    customer = payload.customer
    order = payload.order
    received = payload.created_at or timezone.now()
    if received.tzinfo is None or received > timezone.now():
        received = timezone.now()
    request = IntakeRequest(
        channel=Channel.PLATFORM,
        source=f"platform:{source.code}",
        text=payload.text,
        title=payload.title,
        received_at=received,
        customer=CustomerData(
            name=customer.name,
            phone=customer.phone,
            email=customer.email,
            external_id=f"{source.code}:{customer.id}" if customer.id else "",
        )
        if customer
        else None,
        order=OrderData(
            number=order.number, item=order.item, amount=order.amount, platform=source.code
        )
        if order
        else None,
        amount_claimed=payload.amount_claimed,
        external_id=f"{source.code}:{payload.id}",
        respondent=_shop(source.code, payload.shop),
    )
    return request


def _shop(source_code: str, shop: PlatformShop | None) -> RespondentData | None:
    """The platform's shop as a respondent, with a code of its own per platform."""
    if shop is None:
        return None
    code = slugify(f"{source_code}-{shop.id}", allow_unicode=True)[:80]
    return RespondentData(code=code, name=shop.name or shop.id, platform=source_code)
