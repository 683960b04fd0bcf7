"""One inbound email in: ignore it, join it to its complaint, or open a new complaint.

Everything about one message happens in one transaction, together with the row that marks it
processed, so a message is either fully taken in once or not at all. A reply goes through
:func:`.reply.reply` (a customer's answer moves a waiting complaint on, or reopens a resolved
one); a new message through :func:`.receive.receive`.
"""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from complaintdesk.complaints.models import Complaint
from complaintdesk.intake.email.ingest import (
    IngestOutcome,
    IngestResult,
    email_attachments_keep,
    email_dedupe_key,
    email_intake_request,
    email_reply_actor,
    email_reply_body,
    email_thread_complaint,
)
from complaintdesk.intake.email.parsing import MailLimits, ParsedEmail, parse_email
from complaintdesk.intake.models import MailOutcome, ProcessedMessage
from complaintdesk.workflows.receive import receive
from complaintdesk.workflows.reply import reply

logger = logging.getLogger(__name__)


def _join_reply(parsed: ParsedEmail, complaint: Complaint) -> list[str]:
    actor = email_reply_actor(parsed, complaint)
    message = reply(
        complaint=complaint, actor=actor, body=email_reply_body(parsed), internal=False
    )
    return email_attachments_keep(parsed, complaint, actor, message)


def _open_complaint(parsed: ParsedEmail) -> tuple[Complaint, bool, list[str]]:
    result = receive(request=email_intake_request(parsed), actor=None)
    if not result.created:
        return result.complaint, False, []
    return result.complaint, True, email_attachments_keep(parsed, result.complaint, None, None)


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
    thread = email_thread_complaint(parsed)
    if thread is not None:
        complaint, skipped = thread, _join_reply(parsed, thread)
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
    """Take in one raw message. Raises ``EmailRefused`` when it breaks a limit."""
    parsed = parse_email(raw, limits)
    key = email_dedupe_key(parsed)
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
