"""A remedy is paid exactly once: the signed ``remedy.execute`` webhook goes to a real HTTP
receiver that fails, then times out (after paying), then answers; the receiver's ledger holds
one payout and the remedy is carried out once, only after the confirmation."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest
from django.core import mail
from django.utils import timezone

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import EventKind, Role
from complaintdesk.complaints.errors import Conflict, NotFound
from complaintdesk.complaints.models import ComplaintEvent
from complaintdesk.lib.signatures import SIGNATURE_HEADER, verify_signature
from complaintdesk.notify.models import (
    DeliveryState,
    OutboundEmail,
    WebhookDelivery,
    WebhookSubscription,
)
from complaintdesk.notify.webhooks import WEBHOOK_MAX_ATTEMPTS, webhooks_send_due
from complaintdesk.resolution.choices import ExecutionState, RemedyStatus
from complaintdesk.resolution.models import Remedy
from complaintdesk.resolution.selectors import ExtraFacts
from complaintdesk.workflows import remedy as remedies
from complaintdesk.workflows.transition import transition

pytestmark = pytest.mark.django_db
SECRET = "payout-secret"


class PaymentSystem(BaseHTTPRequestHandler):
    """A business's payment endpoint: pays once per Idempotency-Key. ``script`` says what
    each request does in turn: ``fail`` (500, pays nothing), ``slow`` (pays, then answers too
    late), ``ok`` (pays unless the key was paid, answers 200)."""

    script: ClassVar[list[str]] = []
    requests: ClassVar[list[dict[str, Any]]] = []
    ledger: ClassVar[dict[str, dict[str, Any]]] = {}

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        step = self.script[len(self.requests)] if len(self.requests) < len(self.script) else "ok"
        key = self.headers["Idempotency-Key"]
        PaymentSystem.requests.append({"step": step, "headers": dict(self.headers), "body": body})
        if step == "fail":
            self.send_response(500)
            self.end_headers()
            return
        PaymentSystem.ledger.setdefault(key, json.loads(body)["remedy"])
        if step == "slow":
            time.sleep(2.5)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps({"paid": True, "reference": f"PAY-{key[-6:]}"}).encode())

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def payment_system(settings: Any) -> Iterator[str]:
    settings.WEBHOOK_TIMEOUT_SECONDS = 1
    PaymentSystem.requests, PaymentSystem.ledger, PaymentSystem.script = [], {}, []
    server = ThreadingHTTPServer(("127.0.0.1", 0), PaymentSystem)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/payouts"
    WebhookSubscription.objects.create(url=url, secret=SECRET, events=["remedy.execute"])
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()


def _approved_lesson_refund(complaint: Any, actors: dict[str, Actor]) -> Remedy:
    remedy = remedies.propose_offer(
        complaint=complaint, actor=actors["agent"], policy_code="education-lesson-refund",
        option_index=0, extra=ExtraFacts(),
    )
    return remedies.approve(remedy=remedy, actor=actors["supervisor"])


def _customer(complaint: Any) -> Actor:
    return Actor(user_id=None, role=Role.CUSTOMER, customer_id=complaint.customer_id)


def _pass(now: dt.datetime) -> dt.datetime:
    """One worker minute: post what is due, settle what was confirmed; the next due time."""
    webhooks_send_due(now=now)
    remedies.settle(now=now)
    delivery = WebhookDelivery.objects.get(event_type="remedy.execute", state__in=[
        DeliveryState.PENDING, DeliveryState.SENT, DeliveryState.FAILED])
    return max(now, delivery.next_attempt_at) + dt.timedelta(seconds=1)


def test_fails_times_out_then_succeeds_and_pays_exactly_once(
    payment_system: str, actors: dict[str, Actor], course_complaint: Any
) -> None:
    PaymentSystem.script = ["fail", "slow", "ok"]
    complaint = course_complaint()
    remedy = _approved_lesson_refund(complaint, actors)
    remedies.accept(remedy=remedy, actor=_customer(complaint))
    remedy.refresh_from_db()
    assert remedy.execution_state == ExecutionState.PENDING
    assert remedy.status == RemedyStatus.APPROVED

    now = timezone.now()
    for expected in ("fail", "slow"):
        now = _pass(now)
        assert PaymentSystem.requests[-1]["step"] == expected
        remedy.refresh_from_db()
        assert remedy.status == RemedyStatus.APPROVED, "not executed before the confirmation"
    now = _pass(now)
    _pass(now + dt.timedelta(days=1))  # nothing is due any more: no fourth request

    remedy.refresh_from_db()
    assert remedy.status == RemedyStatus.EXECUTED
    assert remedy.execution_state == ExecutionState.CONFIRMED
    assert [r["step"] for r in PaymentSystem.requests] == ["fail", "slow", "ok"]
    assert list(PaymentSystem.ledger) == [remedy.idempotency_key]
    assert PaymentSystem.ledger[remedy.idempotency_key]["amount"] == "646.58"
    keys = {r["headers"]["Idempotency-Key"] for r in PaymentSystem.requests}
    assert keys == {remedy.idempotency_key}
    for request in PaymentSystem.requests:
        header = request["headers"][SIGNATURE_HEADER]
        stamp = int(header.split(",")[0][2:])
        assert verify_signature(header=header, secret=SECRET, body=request["body"], now=stamp)
    delivery = WebhookDelivery.objects.get(event_type="remedy.execute")
    assert list(delivery.attempt_log.values_list("status_code", flat=True)) == [500, None, 200]
    assert "timed out" in delivery.attempt_log.order_by("id")[1].error
    assert ComplaintEvent.objects.filter(kind=EventKind.REMEDY_EXECUTED).count() == 1
    assert remedies.settle().executed == 0


def test_a_payout_failing_for_good_is_visible_and_a_retry_keeps_the_key(
    payment_system: str, actors: dict[str, Actor], course_complaint: Any
) -> None:
    PaymentSystem.script = ["fail"] * WEBHOOK_MAX_ATTEMPTS
    complaint = course_complaint()
    remedy = _approved_lesson_refund(complaint, actors)
    remedies.execute(remedy=remedy, actor=actors["agent"])  # agreed on the phone
    now = timezone.now()
    for _ in range(WEBHOOK_MAX_ATTEMPTS):
        now = _pass(now)
    remedy.refresh_from_db()
    assert remedy.execution_state == ExecutionState.FAILED
    assert remedy.execution_error == "HTTP 500 Internal Server Error"
    assert ComplaintEvent.objects.filter(kind=EventKind.REMEDY_EXECUTION_FAILED).count() == 1
    assert PaymentSystem.ledger == {}

    remedies.execute(remedy=remedy, actor=actors["supervisor"])
    webhooks_send_due(now=now)
    remedies.settle(now=now)
    remedy.refresh_from_db()
    assert remedy.status == RemedyStatus.EXECUTED
    assert list(PaymentSystem.ledger) == [remedy.idempotency_key]
    assert PaymentSystem.requests[-1]["headers"]["Idempotency-Key"] == remedy.idempotency_key


def test_a_retry_while_pending_is_refused(
    payment_system: str, actors: dict[str, Actor], course_complaint: Any
) -> None:
    remedy = _approved_lesson_refund(course_complaint(), actors)
    remedies.execute(remedy=remedy, actor=actors["agent"])
    with pytest.raises(Conflict):
        remedies.execute(remedy=remedy, actor=actors["agent"])
    assert WebhookDelivery.objects.filter(event_type="remedy.execute").count() == 1


def test_without_a_payout_endpoint_nothing_is_sent_or_recorded(
    actors: dict[str, Actor], course_complaint: Any
) -> None:
    remedy = _approved_lesson_refund(course_complaint(), actors)
    with pytest.raises(Conflict) as refused:
        remedies.execute(remedy=remedy, actor=actors["agent"])
    assert "remedy.execute" in str(refused.value)
    remedy.refresh_from_db()
    assert remedy.execution_state == "" and remedy.execution_event_id is None
    assert not ComplaintEvent.objects.filter(kind=EventKind.REMEDY_EXECUTION_REQUESTED).exists()


def test_a_coupon_gets_a_code_and_an_expiry_once(
    payment_system: str, actors: dict[str, Actor], course_complaint: Any
) -> None:
    complaint = course_complaint()
    Remedy.objects.all().delete()
    complaint.__class__.objects.filter(pk=complaint.pk).update(category="service")
    complaint.refresh_from_db()
    coupon = remedies.propose_offer(
        complaint=complaint, actor=actors["agent"], policy_code="service-goodwill-coupon",
        option_index=0, extra=ExtraFacts(),
    )
    remedies.approve(remedy=coupon, actor=actors["admin"])
    remedies.accept(remedy=coupon, actor=_customer(complaint))
    coupon.refresh_from_db()
    assert coupon.coupon_code and coupon.coupon_code.startswith("CP")
    assert coupon.coupon_expires_at is not None
    assert 29 <= (coupon.coupon_expires_at - timezone.now()).days <= 30
    webhooks_send_due()
    remedies.settle()
    coupon.refresh_from_db()
    payload = json.loads(PaymentSystem.requests[-1]["body"])
    assert payload["remedy"]["coupon"]["code"] == coupon.coupon_code
    assert coupon.status == RemedyStatus.EXECUTED and coupon.amount == Decimal("20.00")


def test_the_customer_answers_only_their_own_approved_offer(
    actors: dict[str, Actor], course_complaint: Any
) -> None:
    complaint = course_complaint()
    remedy = remedies.propose(
        complaint=complaint, actor=actors["agent"],
        draft=remedies.RemedyDraft(kind="apology", amount=Decimal(0)),
    )
    with pytest.raises(Conflict):  # not approved yet
        remedies.accept(remedy=remedy, actor=_customer(complaint))
    remedies.approve(remedy=remedy, actor=actors["supervisor"])
    stranger = Actor(user_id=None, role=Role.CUSTOMER, customer_id=complaint.customer_id + 999)
    for actor in (stranger, actors["agent"]):
        with pytest.raises(NotFound):
            remedies.accept(remedy=remedy, actor=actor)
    remedy.refresh_from_db()
    assert remedy.customer_answer == ""


def test_declining_posts_the_reason_and_reopens_a_resolved_complaint(
    actors: dict[str, Actor], course_complaint: Any
) -> None:
    complaint = course_complaint()
    remedy = _approved_lesson_refund(complaint, actors)
    for status in ("acknowledged", "in_progress", "resolved"):
        transition(complaint=complaint, to=status, actor=actors["agent"], reason="按课时退费")
    remedies.decline(remedy=remedy, actor=_customer(complaint), reason="老师问题应全额退款")
    complaint.refresh_from_db()
    assert complaint.status == "reopened"
    message = complaint.messages.get(kind="inbound")
    assert "老师问题应全额退款" in message.body and "646.58" in message.body
    with pytest.raises(Conflict):  # a declined offer is never paid
        remedies.execute(remedy=remedy, actor=actors["agent"])
    assert not ComplaintEvent.objects.filter(kind=EventKind.REMEDY_EXECUTION_REQUESTED).exists()


def test_the_resolution_mail_carries_the_offer_and_where_to_accept_it(
    actors: dict[str, Actor], course_complaint: Any
) -> None:
    complaint = course_complaint()
    _approved_lesson_refund(complaint, actors)
    for status in ("acknowledged", "in_progress", "resolved"):
        transition(complaint=complaint, to=status, actor=actors["agent"], reason="按课时退费")
    resolution = OutboundEmail.objects.get(kind="resolution")
    assert "646.58" in resolution.body and "37" in resolution.body
    assert "/t/" in resolution.body and "接受" in resolution.body
    assert not mail.outbox  # queued in the outbox, sent by the worker
