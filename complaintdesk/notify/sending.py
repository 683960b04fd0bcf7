"""Sending the email outbox: claim, send, record, one row at a time.

Guarantee: at most once. A row is claimed (``pending`` → ``sending``) by a conditional UPDATE
that commits before anything is sent, so two workers never send the same row. If the worker
stops after the SMTP server accepted the message but before the row is marked ``sent``, the row
stays ``sending``; once its claim is older than :data:`MAIL_CLAIM_LEASE` it becomes ``unknown``
and is not sent again automatically: a person checks the mail server's log for its fixed
Message-ID and requeues it with :func:`mail_requeue` if it never left. A refusal by the server
(an exception from the backend) is a definite failure and is retried with backoff.
"""

from __future__ import annotations

import datetime as dt
import logging
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db.models import F
from django.utils import timezone

from complaintdesk.notify.models import DeliveryState, OutboundEmail
from complaintdesk.notify.privacy import links_redact
from complaintdesk.notify.services import header_safe

logger = logging.getLogger(__name__)

MAIL_MAX_ATTEMPTS = 8
MAIL_FIRST_RETRY = dt.timedelta(minutes=1)
MAIL_CLAIM_LEASE = dt.timedelta(minutes=15)


def mail_backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4, ... minutes, at most 6 hours."""
    return min(MAIL_FIRST_RETRY * 2 ** max(attempts - 1, 0), dt.timedelta(hours=6))


def mail_message(mail: OutboundEmail) -> EmailMessage:
    """The message exactly as it goes out; every header value is single-line."""
    headers = {"Message-ID": mail.message_id}
    if mail.in_reply_to:
        headers["In-Reply-To"] = mail.in_reply_to
        headers["References"] = mail.in_reply_to
    if mail.auto_submitted:
        headers["Auto-Submitted"] = "auto-replied"
    recipient = formataddr(
        (header_safe(mail.to_name, 100), header_safe(mail.to_address, 254)), charset="utf-8"
    )
    message = EmailMultiAlternatives(
        subject=header_safe(mail.subject, 255),
        body=mail.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient],
        headers=headers,
    )
    if mail.html_body:
        message.attach_alternative(mail.html_body, "text/html")
    if mail.attachment_name:
        message.attach(mail.attachment_name, bytes(mail.attachment_data), mail.attachment_type)
    return message


def _finish(mail_id: int, now: dt.datetime, error: str, attempts: int) -> None:
    if not error:
        # A sent mail keeps no working link: the tokens are keys to the customer's pages.
        sent = OutboundEmail.objects.filter(id=mail_id).values("body", "html_body").get()
        changes = {
            "state": DeliveryState.SENT, "sent_at": now, "last_error": "",
            "body": links_redact(sent["body"]), "html_body": links_redact(sent["html_body"]),
        }
    elif attempts >= MAIL_MAX_ATTEMPTS:
        changes = {"state": DeliveryState.FAILED, "last_error": error}
    else:
        changes = {
            "state": DeliveryState.PENDING,
            "next_attempt_at": now + mail_backoff(attempts),
            "last_error": error,
        }
    OutboundEmail.objects.filter(id=mail_id, state=DeliveryState.SENDING).update(**changes)


def _send_one(mail_id: int, now: dt.datetime, connection: BaseEmailBackend) -> str:
    claimed = OutboundEmail.objects.filter(
        id=mail_id, state=DeliveryState.PENDING, next_attempt_at__lte=now
    ).update(state=DeliveryState.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if claimed != 1:
        return "skipped"
    mail = OutboundEmail.objects.get(id=mail_id)
    message = mail_message(mail)
    message.connection = connection
    try:
        message.send(fail_silently=False)
    except Exception as exc:  # any backend error means the server did not take the message
        logger.warning("email %s to %s not sent: %s", mail.pk, mail.to_address, exc)
        _finish(mail_id, now, f"{type(exc).__name__}: {exc}"[:1000], mail.attempts)
        return "retry" if mail.attempts < MAIL_MAX_ATTEMPTS else "failed"
    _finish(mail_id, now, "", mail.attempts)
    return "sent"


def deliveries_send_due(*, now: dt.datetime | None = None, limit: int = 100) -> dict[str, int]:
    """One pass over the email outbox. Returns counts of sent, retried, failed, skipped rows."""
    now = now or timezone.now()
    OutboundEmail.objects.filter(
        state=DeliveryState.SENDING, claimed_at__lt=now - MAIL_CLAIM_LEASE
    ).update(state=DeliveryState.UNKNOWN)
    due = list(
        OutboundEmail.objects.filter(state=DeliveryState.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[:limit]
    )
    counts = {"sent": 0, "retry": 0, "failed": 0, "skipped": 0}
    if not due:
        return counts
    connection = get_connection(fail_silently=False)
    try:
        for mail_id in due:
            counts[_send_one(mail_id, now, connection)] += 1
    finally:
        connection.close()
    return counts


def mail_requeue(*, mail: OutboundEmail) -> bool:
    """Send an ``unknown`` or ``failed`` email again, after a person checked it never arrived."""
    return (
        OutboundEmail.objects.filter(
            id=mail.pk, state__in=[DeliveryState.UNKNOWN, DeliveryState.FAILED]
        ).update(state=DeliveryState.PENDING, next_attempt_at=timezone.now(), attempts=0)
        == 1
    )
