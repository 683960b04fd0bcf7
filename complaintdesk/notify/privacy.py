"""Personal data in what the product sent: outbox mails, captured mail files, webhook
payloads and staff notices. Also the outbox's own rule that a sent mail keeps no working
tracking, survey or respondent link."""

from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Q

from complaintdesk.complaints.personal_data import Scrub, rows_export, rows_scrub
from complaintdesk.notify.models import Notification, OutboundEmail, WebhookDelivery
from complaintdesk.notify.models.mail import DeliveryState

ERASED_ADDRESS = "erased@example.invalid"
# Mail captured to files (EMAIL_DELIVERY=capture) is written by Django's file backend: each
# message followed by a line of 79 dashes.
CAPTURE_SEPARATOR = b"\n" + b"-" * 79 + b"\n"

# /t/<token>/ (tracking), /s/<token>/ (survey), /r/<token>/ (respondent): the token is the
# key to the page, so a sent mail keeps the path with the token cut out.
LINK_TOKEN = re.compile(r"(/[tsr]/)[A-Za-z0-9_-]{16,}(/?)")
REDACTED_TOKEN = r"\1…\2"  # noqa: S105 - a replacement pattern, not a secret


def links_redact(text: str) -> str:
    return LINK_TOKEN.sub(REDACTED_TOKEN, text)


def sent_mail_links_redact(*, limit: int = 1000) -> int:
    """Cut the link tokens out of sent mails that still hold one (mails sent before the
    outbox started redacting on delivery). Returns how many mails changed."""
    rows = OutboundEmail.objects.filter(state=DeliveryState.SENT).filter(
        Q(body__regex=LINK_TOKEN.pattern) | Q(html_body__regex=LINK_TOKEN.pattern)
    )[:limit]
    changed = 0
    for mail in rows.values("pk", "body", "html_body"):
        OutboundEmail.objects.filter(pk=mail["pk"]).update(
            body=links_redact(mail["body"]), html_body=links_redact(mail["html_body"])
        )
        changed += 1
    return changed


def _mails(complaint_ids: Sequence[int], addresses: Sequence[str]) -> Any:
    query = Q(complaint_id__in=complaint_ids)
    for address in addresses:
        query |= Q(to_address__iexact=address)
    return OutboundEmail.objects.filter(query)


def outbox_records(
    *, complaint_ids: Sequence[int], addresses: Sequence[str]
) -> dict[str, list[dict[str, Any]]]:
    mails = _mails(complaint_ids, addresses).filter(
        Q(complaint__isnull=True) | Q(recipient_user__isnull=True)
    )
    return {
        "outbox_mails": rows_export(mails, exclude=["attachment_data"]),
        "webhook_deliveries": rows_export(
            WebhookDelivery.objects.filter(event__complaint_id__in=complaint_ids)
        ),
    }


def outbox_scrub(
    *, complaint_ids: Sequence[int], addresses: Sequence[str], scrub: Scrub
) -> dict[str, int]:
    """Mails about the complaints or to the person: text scrubbed; the person's address
    replaced and attachments sent to them dropped. Webhook payloads and staff notices about
    the complaints scrubbed."""
    mails = _mails(complaint_ids, addresses)
    to_person = OutboundEmail.objects.none()
    for address in addresses:
        to_person = to_person | OutboundEmail.objects.filter(to_address__iexact=address)
    dropped = to_person.update(to_address=ERASED_ADDRESS, attachment_data=b"", attachment_name="")
    return {
        "outbox_mails": rows_scrub(
            mails, scrub=scrub, text=["to_name", "subject", "body", "html_body", "last_error"]
        ),
        "outbox_mails_to_person": dropped,
        "webhook_deliveries": rows_scrub(
            WebhookDelivery.objects.filter(event__complaint_id__in=complaint_ids),
            scrub=scrub,
            json=["payload"],
        ),
        "notifications": rows_scrub(
            Notification.objects.filter(complaint_id__in=complaint_ids),
            scrub=scrub,
            text=["text"],
        ),
    }


def _mentions(message: bytes, values: Sequence[str]) -> bool:
    parsed = email.message_from_bytes(message, policy=email.policy.default)
    texts = [str(v) for v in parsed.values()]
    for part in parsed.walk():
        if part.get_content_maintype() == "text":
            try:
                texts.append(str(part.get_content()))
            except (LookupError, ValueError):
                payload = part.get_payload(decode=True)
                if isinstance(payload, bytes):
                    texts.append(payload.decode("utf-8", "replace"))
    joined = "\n".join(texts).lower()
    return any(v.lower() in joined for v in values)


def captured_mail_scrub(*, values: Sequence[str]) -> int:
    """Remove every captured mail (``EMAIL_DELIVERY=capture``) that names the person, in its
    headers or its decoded text; the outbox rows remain the record of what was sent.
    Returns how many messages were removed."""
    folder = Path(settings.EMAIL_FILE_PATH)
    if not values or not folder.is_dir():
        return 0
    removed = 0
    for path in sorted(folder.iterdir()):
        if not path.is_file():
            continue
        raw = path.read_bytes()
        messages = [m for m in raw.split(CAPTURE_SEPARATOR) if m.strip()]
        kept = [m for m in messages if not _mentions(m, values)]
        if len(kept) == len(messages):
            continue
        removed += len(messages) - len(kept)
        if kept:
            path.write_bytes(b"".join(m + CAPTURE_SEPARATOR for m in kept))
        else:
            path.unlink()
    return removed
