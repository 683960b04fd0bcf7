"""One inbound email in: ignore it, join it to its complaint, or open a new complaint.

Everything about one message happens in one transaction, together with the row that marks it
processed, so a message is either fully taken in once or not at all.
"""

from __future__ import annotations

import enum
import hashlib
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.attachments import attachment_store
from complaintdesk.complaints.choices import Channel, Role
from complaintdesk.complaints.errors import InvalidInput
from complaintdesk.complaints.models import Complaint, Message
from complaintdesk.complaints.services import message_add
from complaintdesk.intake.email.decoding import strip_quoted_reply
from complaintdesk.intake.email.parsing import MailLimits, ParsedEmail, parse_email
from complaintdesk.intake.models import MailOutcome, ProcessedMessage
from complaintdesk.intake.services import CustomerData, IntakeRequest, intake_submit
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


def _dedupe_key(parsed: ParsedEmail) -> str:
    if parsed.message_id:
        return f"id:{parsed.message_id}"[:255]
    digest = hashlib.sha256()
    for piece in (parsed.sender_email, parsed.subject, parsed.text):
        digest.update(piece.encode("utf-8", "surrogatepass") + b"\x00")
    for name, content in parsed.attachments:
        digest.update(name.encode("utf-8", "surrogatepass") + hashlib.sha256(content).digest())
    return f"sha256:{digest.hexdigest()}"


def _thread_complaint(parsed: ParsedEmail) -> Complaint | None:
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


def _keep_attachments(
    parsed: ParsedEmail, complaint: Complaint, actor: Actor | None, message: Message | None
) -> list[str]:
    skipped = []
    for filename, content in parsed.attachments:
        try:
            attachment_store(
                complaint=complaint,
                filename=filename,
                content=content,
                actor=actor,
                message=message,
            )
        except InvalidInput:
            skipped.append(filename)
    return skipped


def _join_reply(parsed: ParsedEmail, complaint: Complaint) -> tuple[Complaint, list[str]]:
    actor = Actor(
        user_id=None,
        role=Role.CUSTOMER,
        customer_id=complaint.customer_id,
        label=parsed.sender_email,
    )
    body = strip_quoted_reply(parsed.text) or parsed.subject or _("(no text)")
    message = message_add(complaint=complaint, actor=actor, body=body, internal=False)
    return complaint, _keep_attachments(parsed, complaint, actor, message)


def _open_complaint(parsed: ParsedEmail) -> tuple[Complaint, bool, list[str]]:
    text = parsed.text.strip() or parsed.subject or _("(no text)")
    request = IntakeRequest(
        channel=Channel.EMAIL,
        text=text,
        title=parsed.subject,
        received_at=timezone.now(),
        customer=CustomerData(name=parsed.sender_name, email=parsed.sender_email),
        external_id=parsed.message_id if 0 < len(parsed.message_id) <= 128 else None,
        language="zh-hans" if _CJK.search(text) else "en",
    )
    result = intake_submit(request=request, actor=None)
    if not result.created:
        return result.complaint, False, []
    return result.complaint, True, _keep_attachments(parsed, result.complaint, None, None)


def _process(parsed: ParsedEmail, key: str) -> IngestResult:
    record = ProcessedMessage(
        key=key,
        message_id=parsed.message_id[:255],
        sender=parsed.sender_email,
        processed_at=timezone.now(),
    )
    if parsed.auto_reason:
        record.outcome, record.detail = MailOutcome.IGNORED_AUTO, parsed.auto_reason[:255]
        record.save()
        return IngestResult(IngestOutcome.IGNORED_AUTO, None, parsed.auto_reason)
    thread = _thread_complaint(parsed)
    if thread is not None:
        complaint, skipped = _join_reply(parsed, thread)
        outcome = IngestOutcome.REPLY
    else:
        complaint, created, skipped = _open_complaint(parsed)
        outcome = IngestOutcome.CREATED if created else IngestOutcome.DUPLICATE
    record.complaint = complaint
    record.outcome = MailOutcome.REPLY if outcome == IngestOutcome.REPLY else MailOutcome.CREATED
    record.detail = ("skipped attachments: " + ", ".join(skipped))[:255] if skipped else ""
    record.save()
    return IngestResult(outcome, complaint, record.detail)


def email_ingest(*, raw: bytes, limits: MailLimits | None = None) -> IngestResult:
    """Take in one raw message. Raises :class:`EmailRefused` when it breaks a limit."""
    parsed = parse_email(raw, limits)
    key = _dedupe_key(parsed)
    with transaction.atomic():
        seen = ProcessedMessage.objects.filter(key=key).select_related("complaint").first()
        if seen is not None:
            return IngestResult(IngestOutcome.DUPLICATE, seen.complaint, seen.key)
        try:
            with transaction.atomic():
                result = _process(parsed, key)
        except IntegrityError:
            seen = ProcessedMessage.objects.filter(key=key).select_related("complaint").first()
            if seen is None:
                raise
            return IngestResult(IngestOutcome.DUPLICATE, seen.complaint, seen.key)
    logger.info("email %s: %s %s", key, result.outcome, result.complaint or "")
    return result
