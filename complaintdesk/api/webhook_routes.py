"""``POST /api/v1/webhooks/platform/{source}``: signed complaints from marketplace platforms.

No API key: the HMAC signature of the body is the authentication (see docs/channels.md).
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from ninja import Status as Reply

from complaintdesk.api.schemas import ErrorOut
from complaintdesk.intake.webhooks import platform_complaint_read
from complaintdesk.lib.signatures import SIGNATURE_HEADER
from complaintdesk.workflows.receive import receive

router = Router(tags=["webhooks"])


class PlatformAccepted(Schema):
    number: str
    created: bool


@router.post(
    "/webhooks/platform/{source}",
    auth=None,
    response={
        200: PlatformAccepted,
        201: PlatformAccepted,
        401: ErrorOut,
        413: ErrorOut,
        422: ErrorOut,
    },
    summary="Receive a complaint from a platform's complaint centre",
)
def platform_webhook(request: HttpRequest, source: str) -> Reply:
    intake = platform_complaint_read(
        source_code=source[:40],
        body=request.body,
        signature=request.headers.get(SIGNATURE_HEADER, ""),
    )
    result = receive(request=intake, actor=None)
    accepted = PlatformAccepted(number=result.complaint.number, created=result.created)
    return Reply(201 if result.created else 200, accepted)
