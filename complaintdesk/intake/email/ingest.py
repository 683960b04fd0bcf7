"""What an inbound email is: its dedupe key, the complaint it answers, the request it would
open, and its attachments kept on a complaint. ``workflows.email_in`` takes a message in with
these: ignore it, join it to its complaint, or open a new complaint.
"""

from __future__ import annotations

import enum
import hashlib
import io
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.attachments import (
    attachment_store,
    attachment_upload_check,
    attachments_refused_note,
)
from complaintdesk.complaints.choices import Channel, Role
from complaintdesk.complaints.errors import InvalidInput
from complaintdesk.complaints.models import Complaint, Message
from complaintdesk.intake.email.decoding import strip_quoted_reply
from complaintdesk.intake.email.parsing import ParsedEmail
from complaintdesk.intake.models import ProcessedMessage
from complaintdesk.intake.services import CustomerData, IntakeRequest
from complaintdesk.lib.mailids import complaint_number_from_message_id

logger = logging.getLogger(__name__)

_NUMBER_IN_SUBJECT = re.compile(r"\b([A-Z]{1,6}-\d{8}-\d{6,})\b")
_CJK = re.compile(r"[\u3400-\u9fff]")


class IngestOutcome(enum.StrEnum):
    CREATED = "created"
    REPLY = "reply"
    DUPLICATE = "duplicate"
    IGNORED_AUTO = "ignored_auto"


@dataclass(frozen=True)
class IngestResult:
    outcome: IngestOutcome
    complaint: Complaint | None = None
    detail: str = ""


def email_dedupe_key(parsed: ParsedEmail) -> str:
    if parsed.message_id:
        return f"id:{parsed.message_id}"[:255]
    digest = hashlib.sha256()
    for piece in (parsed.sender_email, parsed.subject, parsed.text):
        digest.update(piece.encode("utf-8", "surrogatepass") + b"\x00")
    for name, content in parsed.attachments:
        digest.update(name.encode("utf-8", "surrogatepass") + hashlib.sha256(content).digest())
    return f"sha256:{digest.hexdigest()}"


def email_thread_complaint(parsed: ParsedEmail) -> Complaint | None:
    """The complaint this message answers: by quoted Message-ID, else by number in the subject.

    A number in the subject is trusted only from the complaint's own customer address; ids we
    sent carry a signature, and ids we received are looked up among processed messages.
    """
    quoted = [*parsed.in_reply_to, *parsed.references]
    if quoted:
        known = (
            ProcessedMessage.objects.filter(message_id__in=quoted, complaint__isnull=False)
            .select_related("complaint")
            .first()
        )
        if known is not None and known.complaint is not None:
            return known.complaint
        for message_id in reversed(quoted):
            number = complaint_number_from_message_id(message_id, secret=settings.SECRET_KEY)
            found = Complaint.objects.filter(number=number).first() if number else None
            if found is not None:
                return found
    match = _NUMBER_IN_SUBJECT.search(parsed.subject)
    if match and parsed.sender_email:
        return Complaint.objects.filter(
            number=match.group(1), customer__email__iexact=parsed.sender_email
        ).first()
    return None


def email_attachments_keep(
    parsed: ParsedEmail, complaint: Complaint, actor: Actor | None, message: Message | None
) -> list[str]:
    """Keep the files that pass the same type and size checks as web uploads; the others are
    never written, and the timeline notes them. Returns the names of the files dropped."""
    skipped = []
    for filename, content in parsed.attachments:
        try:
            upload = attachment_upload_check(stream=io.BytesIO(content), filename=filename)
        except InvalidInput:
            skipped.append(filename)
            continue
        attachment_store(
            complaint=complaint,
            filename=upload.filename,
            content=upload.content,
            actor=actor,
            message=message,
        )
    if skipped:
        attachments_refused_note(complaint=complaint, filenames=skipped, actor=actor)
    return skipped


def email_reply_actor(parsed: ParsedEmail, complaint: Complaint) -> Actor:
    """The complaint's customer, writing from this address."""
    return Actor(
        user_id=None,
        role=Role.CUSTOMER,
        customer_id=complaint.customer_id,
        label=parsed.sender_email,
    )


def email_reply_body(parsed: ParsedEmail) -> str:
    """The new part of a reply (quoted history cut off)."""
    return strip_quoted_reply(parsed.text) or parsed.subject or _("(no text)")


def email_intake_request(parsed: ParsedEmail) -> IntakeRequest:
    """The complaint a message that answers none would open."""
    text = parsed.text.strip() or parsed.subject or _("(no text)")
    return IntakeRequest(
        channel=Channel.EMAIL,
        source="email",
        text=text,
        title=parsed.subject,
        received_at=timezone.now(),
        customer=CustomerData(name=parsed.sender_name, email=parsed.sender_email),
        external_id=parsed.message_id if 0 < len(parsed.message_id) <= 128 else None,
        language="zh-hans" if _CJK.search(text) else "en",
    )
