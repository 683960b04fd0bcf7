"""Outbound webhooks: queue one delivery per subscriber in the event's transaction, then post
signed JSON from the worker, retrying with exponential backoff and logging every attempt.

Delivery is at least once: a worker that stops after the receiver answered but before the row
is marked delivered posts again once the claim expires. Every request carries the delivery id
in ``X-Complaintdesk-Delivery``; receivers drop ids they have seen. A payload with an
``idempotency_key`` (a remedy to pay) also sends it as the ``Idempotency-Key`` header: it stays
the same across every retry and every new request for the same remedy, so the receiver pays once.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.errors import Conflict
from complaintdesk.complaints.models import Complaint, ComplaintEvent
from complaintdesk.lib.signatures import SIGNATURE_HEADER, sign_body
from complaintdesk.lib.ttlcache import TimedValue
from complaintdesk.notify.models import (
    DeliveryState,
    WebhookAttempt,
    WebhookDelivery,
    WebhookSubscription,
)

logger = logging.getLogger(__name__)

WEBHOOK_MAX_ATTEMPTS = 10
WEBHOOK_FIRST_RETRY = dt.timedelta(seconds=30)
WEBHOOK_CLAIM_LEASE = dt.timedelta(minutes=5)


def webhook_backoff(attempts: int) -> dt.timedelta:
    """30 s, 1 min, 2 min, ... doubling, at most 6 hours."""
    return min(WEBHOOK_FIRST_RETRY * 2 ** max(attempts - 1, 0), dt.timedelta(hours=6))


def webhook_payload(*, event_type: str, event: ComplaintEvent, complaint: Complaint) -> dict:
    return {
        "type": event_type,
        "event_id": event.pk,
        "occurred_at": event.at.isoformat(),
        "complaint": {
            "number": complaint.number,
            "channel": complaint.channel,
            "external_id": complaint.external_id,
            "status": complaint.status,
            "category": complaint.category,
            "priority": complaint.priority,
            "received_at": complaint.received_at.isoformat(),
        },
        "change": {"from": event.from_status, "to": event.to_status} if event.to_status else None,
    }


def _load_subscriptions() -> tuple[WebhookSubscription, ...]:
    return tuple(WebhookSubscription.objects.filter(is_active=True).order_by("id"))


# Read on every change that announces itself, edited rarely: each process keeps the active
# subscriptions for a minute, and an edit clears its own process's copy at once (apps.py).
ACTIVE_SUBSCRIPTIONS = TimedValue(_load_subscriptions, ttl=60)


def webhooks_queue(*, event_type: str, event: ComplaintEvent, complaint: Complaint) -> int:
    """One pending delivery per active subscription to this event type; returns how many."""
    subscriptions = [s for s in ACTIVE_SUBSCRIPTIONS.get() if event_type in s.events]
    if not subscriptions:
        return 0
    now = timezone.now()
    payload = webhook_payload(event_type=event_type, event=event, complaint=complaint)
    WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(
                subscription=s,
                event=event,
                event_type=event_type,
                payload=payload,
                next_attempt_at=now,
                created_at=now,
            )
            for s in subscriptions
        ],
        ignore_conflicts=True,
    )
    return len(subscriptions)


def webhook_queue_single(
    *, event_type: str, event: ComplaintEvent, payload: dict[str, Any]
) -> WebhookDelivery:
    """Queue ``payload`` to the one active subscription of ``event_type`` (a payout must go to
    exactly one system). Refused with :class:`Conflict` when there is none, or more than one."""
    subscriptions = [
        s for s in WebhookSubscription.objects.filter(is_active=True).order_by("id")
        if event_type in s.events
    ]
    if len(subscriptions) != 1:
        raise Conflict(
            _("Exactly one active webhook subscription must receive “%(event)s”; there are "
              "%(n)s. An administrator sets it up in the admin.")
            % {"event": event_type, "n": len(subscriptions)},
            {"event_type": event_type, "subscriptions": len(subscriptions)},
        )
    now = timezone.now()
    return WebhookDelivery.objects.create(
        subscription=subscriptions[0],
        event=event,
        event_type=event_type,
        payload=payload,
        next_attempt_at=now,
        created_at=now,
    )


@dataclass
class PostResult:
    status_code: int | None
    error: str
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def _post(delivery: WebhookDelivery, now: dt.datetime) -> PostResult:
    body = json.dumps(delivery.payload, cls=DjangoJSONEncoder, ensure_ascii=False).encode()
    signature = sign_body(
        secret=delivery.subscription.secret, timestamp=int(now.timestamp()), body=body
    )
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "complaintdesk-webhooks/1",
        "X-Complaintdesk-Event": delivery.event_type,
        "X-Complaintdesk-Delivery": str(delivery.pk),
        SIGNATURE_HEADER: signature,
    }
    if delivery.payload.get("idempotency_key"):
        headers["Idempotency-Key"] = str(delivery.payload["idempotency_key"])
    request = urllib.request.Request(  # noqa: S310 - admins configure http(s) URLs only
        delivery.subscription.url, data=body, method="POST", headers=headers
    )
    started = time.monotonic()
    timeout = settings.WEBHOOK_TIMEOUT_SECONDS
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            status, error = int(response.status), ""
    except urllib.error.HTTPError as exc:
        status, error = int(exc.code), str(exc.reason)[:500]
    except (urllib.error.URLError, OSError) as exc:
        status, error = None, str(exc)[:500]
    return PostResult(status, error, int((time.monotonic() - started) * 1000))


def _attempt(delivery_id: int, now: dt.datetime) -> bool:
    claimed = WebhookDelivery.objects.filter(
        id=delivery_id, state=DeliveryState.PENDING, next_attempt_at__lte=now
    ).update(state=DeliveryState.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if claimed != 1:
        return False
    delivery = WebhookDelivery.objects.select_related("subscription").get(id=delivery_id)
    result = _post(delivery, now)
    WebhookAttempt.objects.create(
        delivery=delivery,
        at=now,
        status_code=result.status_code,
        error=result.error,
        duration_ms=result.duration_ms,
    )
    if result.ok:
        state, next_at, delivered = DeliveryState.SENT, delivery.next_attempt_at, now
    elif delivery.attempts >= WEBHOOK_MAX_ATTEMPTS:
        state, next_at, delivered = DeliveryState.FAILED, delivery.next_attempt_at, None
    else:
        state, next_at, delivered = (
            DeliveryState.PENDING,
            now + webhook_backoff(delivery.attempts),
            None,
        )
    WebhookDelivery.objects.filter(id=delivery_id, state=DeliveryState.SENDING).update(
        state=state, next_attempt_at=next_at, delivered_at=delivered
    )
    return result.ok


def webhooks_send_due(*, now: dt.datetime | None = None, limit: int = 100) -> dict[str, int]:
    """One pass: post every due delivery once. Returns counts of delivered and failed posts."""
    now = now or timezone.now()
    WebhookDelivery.objects.filter(
        state=DeliveryState.SENDING, claimed_at__lt=now - WEBHOOK_CLAIM_LEASE
    ).update(state=DeliveryState.PENDING, next_attempt_at=now)
    due = list(
        WebhookDelivery.objects.filter(state=DeliveryState.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[:limit]
    )
    counts = {"delivered": 0, "failed": 0}
    for delivery_id in due:
        counts["delivered" if _attempt(delivery_id, now) else "failed"] += 1
    return counts
