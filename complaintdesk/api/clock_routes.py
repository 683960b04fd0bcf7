"""``/api/v1/complaints/{number}/clocks/...``: a supervisor extends a deadline."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from complaintdesk.api.auth import actor_of
from complaintdesk.api.presenters import local
from complaintdesk.api.routes import ERRORS
from complaintdesk.api.schemas import ClockOut
from complaintdesk.complaints import selectors
from complaintdesk.workflows.escalate import extend

router = Router(tags=["clocks"])


class ExtensionIn(Schema):
    amount: int
    reason: Annotated[str, Field(max_length=2000)] = ""


class ExtendedClockOut(ClockOut):
    unit: str
    extension: int
    extension_reason: str
    extended_at: dt.datetime | None


@router.post(
    "/complaints/{number}/clocks/{kind}/extension",
    response={200: ExtendedClockOut, **ERRORS},
    summary="Extend a deadline (supervisor)",
)
def clock_extension(
    request: HttpRequest, number: str, kind: str, payload: ExtensionIn
) -> dict[str, Any]:
    """Supervisors and admins only (403 otherwise). Moves the target by ``amount`` in the
    clock's unit, at most the policy's longest extension in total (422 beyond it); the
    ``reason`` is required (422) and is what the customer will be told. Records
    ``clock_extended`` and ``customer_notice_due``. 404 when the complaint is out of the
    caller's scope or has no such clock; 409 when the clock is met, stopped or breached. A
    clock whose policy allows no extension (first replies, rules set by a regulator) or whose
    extension is used up is refused with a 422 that says so (``details.max`` is 0)."""
    actor = actor_of(request)
    complaint = selectors.complaint_get(actor=actor, number=number)
    clock = extend(
        complaint=complaint, kind=kind, actor=actor, amount=payload.amount, reason=payload.reason
    )
    return {
        "kind": clock.kind,
        "state": clock.state,
        "target_at": local(clock.target_at),
        "paused_seconds": clock.paused_seconds,
        "warned_at": local(clock.warned_at),
        "breached_at": local(clock.breached_at),
        "calendar_verified": clock.calendar_verified,
        "unit": clock.unit,
        "extension": clock.extension,
        "extension_reason": clock.extension_reason,
        "extended_at": local(clock.extended_at),
    }
