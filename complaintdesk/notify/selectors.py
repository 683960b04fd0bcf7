"""Reads for the desk: a member of staff's notifications and the reply templates to pick from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from complaintdesk.notify.models import (
    Notification,
    OutboundEmail,
    ReplyTemplate,
    TemplateKind,
    WebhookAttempt,
    WebhookDelivery,
)


def notifications_for(*, user_id: int, unread_only: bool = False) -> QuerySet[Notification]:
    notices = Notification.objects.filter(user_id=user_id).select_related("complaint")
    return notices.filter(read_at__isnull=True) if unread_only else notices


def notifications_unread_count(*, user_id: int) -> int:
    return Notification.objects.filter(user_id=user_id, read_at__isnull=True).count()


def templates_for(*, kind: str, language: str, category: str = "") -> QuerySet[ReplyTemplate]:
    """Active templates an agent can choose from: this category's and the general ones."""
    return ReplyTemplate.objects.filter(
        kind=kind, language=language, is_active=True, category__in=[category, ""]
    )


def snippets_for(*, category: str, industry: str, language: str) -> QuerySet[ReplyTemplate]:
    """Active reply snippets (话术) for a complaint's category, industry and language: the ones
    made for it and the general ones, the most specific first."""
    return ReplyTemplate.objects.filter(
        kind=TemplateKind.MACRO,
        language=language,
        is_active=True,
        category__in=[category, ""],
        industry__in=[industry, ""],
    ).order_by("-category", "-industry", "name", "id")


def snippet_get(*, template_id: int, language: str) -> ReplyTemplate | None:
    return ReplyTemplate.objects.filter(
        pk=template_id, kind=TemplateKind.MACRO, language=language, is_active=True
    ).first()


def outbound_emails_for(*, complaint_id: int) -> QuerySet[OutboundEmail]:
    return OutboundEmail.objects.filter(complaint_id=complaint_id).order_by("created_at", "id")


def outbound_emails(*, state: str = "", complaint_number: str = "") -> QuerySet[OutboundEmail]:
    """Every outbound email, newest first (by id, the primary key's index), with its complaint
    in the same query; the body is left out until one mail is opened."""
    mails = (
        OutboundEmail.objects.select_related("complaint")
        .defer("body", "complaint__text")
        .order_by("-id")
    )
    if state:
        mails = mails.filter(state=state)
    if complaint_number:
        mails = mails.filter(complaint__number=complaint_number)
    return mails


def outbound_email_get(*, mail_id: int) -> OutboundEmail | None:
    """One outbound email with its complaint and staff recipient, or ``None``."""
    return (
        OutboundEmail.objects.select_related("complaint", "recipient_user")
        .filter(id=mail_id)
        .first()
    )


@dataclass(frozen=True)
class DeliveryOutcome:
    """Where the webhook delivery queued on one event stands."""

    state: str
    attempts: int
    last_error: str
    last_status: int | None
    next_attempt_at: dt.datetime
    delivered_at: dt.datetime | None


def _attempt_error(attempt: WebhookAttempt | None) -> str:
    if attempt is None:
        return ""
    if attempt.status_code:
        return f"HTTP {attempt.status_code} {attempt.error}".strip()
    return attempt.error


def webhook_outcomes(*, event_ids: list[int], event_type: str) -> dict[int, DeliveryOutcome]:
    """The delivery of ``event_type`` queued on each event, by event id, in two queries."""
    deliveries = list(
        WebhookDelivery.objects.filter(event_id__in=event_ids, event_type=event_type).order_by("id")
    )
    last: dict[int, WebhookAttempt] = {}
    for logged in WebhookAttempt.objects.filter(delivery__in=deliveries).order_by("at", "id"):
        last[logged.delivery_id] = logged
    outcomes = {}
    for d in deliveries:
        attempt = last.get(d.pk)
        outcomes[d.event_id] = DeliveryOutcome(
            state=d.state,
            attempts=d.attempts,
            last_error=_attempt_error(attempt),
            last_status=attempt.status_code if attempt else None,
            next_attempt_at=d.next_attempt_at,
            delivered_at=d.delivered_at,
        )
    return outcomes
def notification_get(*, user_id: int, notice_id: int) -> Notification | None:
    """One of the user's own notices, with its complaint."""
    return (
        Notification.objects.filter(pk=notice_id, user_id=user_id)
        .select_related("complaint")
        .first()
    )
