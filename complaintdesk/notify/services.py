"""Writes of the notify app: queue an email, notify staff, mark notices read.

Queued rows are written in the caller's transaction (normally the one that recorded the event),
so a rolled-back change never sends anything and a committed one always has its row.
"""

from __future__ import annotations

import re
import secrets
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from complaintdesk.complaints.bulksql import insert_rows
from complaintdesk.complaints.models import Complaint, ComplaintEvent
from complaintdesk.lib.mailids import thread_message_id
from complaintdesk.notify.models import MailKind, Notification, OutboundEmail

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def header_safe(value: str, limit: int) -> str:
    """One line without CR, LF or other control characters: it cannot start a new header."""
    return " ".join(_CONTROL.sub(" ", value).split())[:limit]


def mail_domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >") or "localhost"


def mail_thread_root(*, complaint: Complaint) -> str:
    """The Message-ID of the last email the customer got about this complaint, if any."""
    last = (
        OutboundEmail.objects.filter(complaint=complaint, recipient_user__isnull=True)
        .exclude(message_id="")
        .order_by("-id")
        .values_list("message_id", flat=True)
        .first()
    )
    return last or ""


@transaction.atomic
def mail_queue(
    *,
    complaint: Complaint,
    kind: MailKind,
    to_address: str,
    to_name: str,
    subject: str,
    body: str,
    event: ComplaintEvent | None = None,
    recipient_user: AbstractBaseUser | None = None,
) -> OutboundEmail:
    """Queue one email with a fixed, signed Message-ID that carries the complaint number and a
    random per-mail key. The acknowledgement opens the customer's thread; later mails to the
    customer answer the last one."""
    now = timezone.now()
    first = kind == MailKind.ACKNOWLEDGEMENT or recipient_user is not None
    in_reply_to = "" if first else mail_thread_root(complaint=complaint)
    message_id = thread_message_id(
        number=complaint.number,
        key=f"m{secrets.token_hex(3)}",
        secret=settings.SECRET_KEY,
        domain=mail_domain(),
    )
    return OutboundEmail.objects.create(
        complaint=complaint,
        event=event,
        kind=kind,
        to_name=header_safe(to_name, 100),
        to_address=header_safe(to_address, 254),
        subject=header_safe(subject, 255),
        body=body,
        in_reply_to=in_reply_to,
        auto_submitted=kind != MailKind.REPLY,
        next_attempt_at=now,
        created_at=now,
        recipient_user_id=recipient_user.pk if recipient_user is not None else None,
        message_id=message_id,
    )


def notification_create(
    *, user_id: int, complaint: Complaint, kind: str, text: str
) -> Notification:
    return Notification.objects.create(
        user_id=user_id, complaint=complaint, kind=kind, text=text[:300], created_at=timezone.now()
    )


class StaffNotice(NamedTuple):
    """One notice (and, if ``email`` is set, one staff email) for ``notices_create_bulk``."""

    user_id: int
    username: str
    email: str
    complaint_id: int
    number: str
    event_id: int
    kind: str
    text: str
    summary: str


def notices_create_bulk(*, notices: list[StaffNotice]) -> int:
    """Write many staff notices with one bulk insert (no model instances) and queue the
    staff emails of the recipients who have an address. Returns how many notices.

    A bulk mail's Message-ID key is ``e<event>-u<user>`` (one mail per event and user), so it
    is known before the insert and needs no second write.
    """
    now = timezone.now()
    insert_rows(
        table=Notification._meta.db_table,
        columns=[("user_id", "bigint"), ("complaint_id", "bigint"), ("kind", "text"),
                 ("text", "text"), ("by", "text"), ("created_at", "timestamptz")],
        rows=[(n.user_id, n.complaint_id, n.kind, n.text[:300], "", now) for n in notices],
    )
    domain = mail_domain()
    OutboundEmail.objects.bulk_create(
        [
            OutboundEmail(
                complaint_id=n.complaint_id,
                event_id=n.event_id,
                kind=MailKind.STAFF,
                to_name=header_safe(n.username, 100),
                to_address=header_safe(n.email, 254),
                subject=header_safe(f"[{n.number}] {n.text}", 255),
                body=f"{n.text}\n\n{n.summary}",
                message_id=thread_message_id(
                    number=n.number, key=f"e{n.event_id}-u{n.user_id}",
                    secret=settings.SECRET_KEY, domain=domain,
                ),
                auto_submitted=True,
                next_attempt_at=now,
                created_at=now,
                recipient_user_id=n.user_id,
            )
            for n in notices
            if n.email
        ],
        batch_size=500,
    )
    return len(notices)


def notifications_mark_read(*, user_id: int, ids: list[int] | None = None) -> int:
    """Mark the user's notices read (all of them when ``ids`` is None); returns how many."""
    unread = Notification.objects.filter(user_id=user_id, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(id__in=ids)
    return unread.update(read_at=timezone.now())


class MailAttachment(NamedTuple):
    name: str
    content_type: str
    data: bytes


def report_mail_queue(
    *,
    recipient: AbstractBaseUser,
    subject: str,
    body: str,
    key: str,
    html_body: str = "",
    attachment: MailAttachment | None = None,
) -> OutboundEmail | None:
    """Queue a report or an alert to one member of staff (no complaint of its own). ``key``
    makes the Message-ID: the same report or alert is never queued twice for one person.
    Returns ``None`` when the person has no address or already has this mail."""
    address = getattr(recipient, "email", "")
    if not address:
        return None
    message_id = thread_message_id(
        number="REPORT", key=f"{key}-u{recipient.pk}", secret=settings.SECRET_KEY,
        domain=mail_domain(),
    )
    if OutboundEmail.objects.filter(message_id=message_id).exists():
        return None
    now = timezone.now()
    return OutboundEmail.objects.create(
        kind=MailKind.REPORT,
        to_name=header_safe(recipient.get_username(), 100),
        to_address=header_safe(address, 254),
        subject=header_safe(subject, 255),
        body=body,
        html_body=html_body,
        attachment_name=attachment.name if attachment else "",
        attachment_type=attachment.content_type if attachment else "",
        attachment_data=attachment.data if attachment else b"",
        message_id=message_id,
        auto_submitted=True,
        next_attempt_at=now,
        created_at=now,
        recipient_user_id=recipient.pk,
    )
