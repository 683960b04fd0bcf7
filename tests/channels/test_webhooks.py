"""Webhooks both ways: signed platform complaints in, signed events out with retries."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import Channel, Role, Status
from complaintdesk.complaints.models import Complaint
from complaintdesk.intake.models import PlatformSource
from complaintdesk.intake.services import IntakeRequest
from complaintdesk.lib.signatures import SIGNATURE_HEADER, sign_body, verify_signature
from complaintdesk.notify.models import DeliveryState, WebhookDelivery, WebhookSubscription
from complaintdesk.notify.webhooks import webhooks_send_due
from complaintdesk.workflows.receive import receive
from complaintdesk.workflows.transition import transition

pytestmark = pytest.mark.django_db
URL = "/api/v1/webhooks/platform/tmall"
SECRET = "platform-secret-123"


def _post(body: bytes, signature: str, language: str = "en") -> Any:
    headers = {"HTTP_X_COMPLAINTDESK_SIGNATURE": signature, "HTTP_ACCEPT_LANGUAGE": language}
    return Client().post(URL, body, content_type="application/json", **headers)


def _signed(body: bytes, secret: str = SECRET, at: int | None = None) -> str:
    return sign_body(secret=secret, timestamp=at or int(time.time()), body=body)


@pytest.fixture
def platform() -> PlatformSource:
    return PlatformSource.objects.create(code="tmall", name="天猫投诉中心", secret=SECRET)


COMPLAINT = {
    "id": "TM-889",
    "text": "商家发错货，联系三天不回复。",
    "customer": {"id": "u42", "name": "赵先生", "phone": "13700000042"},
    "order": {"number": "T-1", "amount": "88.00"},
    "unknown_field": "platforms add fields",
}


def test_a_signed_platform_complaint_is_taken_in_once(platform: PlatformSource) -> None:
    body = json.dumps(COMPLAINT, ensure_ascii=False).encode()
    first = _post(body, _signed(body))
    assert first.status_code == 201, first.content
    complaint = Complaint.objects.get()
    assert first.json()["number"] == complaint.number
    assert complaint.channel == Channel.PLATFORM and complaint.external_id == "tmall:TM-889"
    assert complaint.order is not None and complaint.order.platform == "tmall"
    retry = _post(body, _signed(body))
    assert retry.status_code == 200 and retry.json()["created"] is False
    assert Complaint.objects.count() == 1


@pytest.mark.parametrize(
    "signature",
    ["", "t=1,v1=00", "garbage", "wrong-secret", "stale", "other-body"],
)
def test_a_bad_signature_is_refused(platform: PlatformSource, signature: str) -> None:
    body = json.dumps(COMPLAINT).encode()
    header = {
        "wrong-secret": _signed(body, secret="not-the-secret"),
        "stale": _signed(body, at=int(time.time()) - 3600),
        "other-body": _signed(b'{"id": "x", "text": "y"}'),
    }.get(signature, signature)
    response = _post(body, header)
    assert response.status_code == 401
    assert response.json()["code"] == "bad_signature"
    assert set(response.json()) == {"code", "message", "details"}
    assert not Complaint.objects.exists()


def test_an_unknown_source_looks_like_a_bad_signature(platform: PlatformSource) -> None:
    body = json.dumps(COMPLAINT).encode()
    response = Client().post(
        "/api/v1/webhooks/platform/nobody",
        body,
        content_type="application/json",
        HTTP_X_COMPLAINTDESK_SIGNATURE=_signed(body),
    )
    assert response.status_code == 401


def test_a_signed_but_invalid_body_is_422(platform: PlatformSource) -> None:
    body = json.dumps({"id": "1", "text": ""}).encode()
    response = _post(body, _signed(body))
    assert response.status_code == 422 and response.json()["details"][0]["field"] == "text"


class Receiver(BaseHTTPRequestHandler):
    """Answers 500 to the first ``fail_first`` requests, then 204; records what it got."""

    fail_first = 2
    received: list[tuple[int, dict[str, str], bytes]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        status = 500 if len(Receiver.received) < Receiver.fail_first else 204
        Receiver.received.append((status, dict(self.headers.items()), body))
        self.send_response(status)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[str]:
    Receiver.received = []
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    finally:
        server.shutdown()
        server.server_close()


def test_a_receiver_failing_twice_gets_the_event_on_the_third_try_once(
    receiver: str, personas: Any, platform: PlatformSource
) -> None:
    WebhookSubscription.objects.create(url=receiver, secret="s3cret", events=["complaint.created"])
    body = json.dumps(COMPLAINT).encode()
    assert _post(body, _signed(body)).status_code == 201
    delivery = WebhookDelivery.objects.get()

    now = timezone.now()
    for attempt in range(1, 4):
        webhooks_send_due(now=now)
        delivery.refresh_from_db()
        assert delivery.attempts == attempt
        webhooks_send_due(now=now)  # not due again before the backoff ends
        assert delivery.attempts == WebhookDelivery.objects.get().attempts
        now = delivery.next_attempt_at + dt.timedelta(seconds=1)
    webhooks_send_due(now=now + dt.timedelta(days=1))

    assert [status for status, _, _ in Receiver.received] == [500, 500, 204]
    assert delivery.state == DeliveryState.SENT
    assert list(delivery.attempt_log.values_list("status_code", flat=True)) == [500, 500, 204]
    _, headers, sent = Receiver.received[-1]
    assert headers["X-Complaintdesk-Event"] == "complaint.created"
    assert headers["X-Complaintdesk-Delivery"] == str(delivery.pk)
    stamp = int(headers[SIGNATURE_HEADER].split(",")[0][2:])
    assert verify_signature(header=headers[SIGNATURE_HEADER], secret="s3cret", body=sent, now=stamp)
    assert json.loads(sent)["complaint"]["external_id"] == "tmall:TM-889"


def test_status_changes_and_resolution_are_published(personas: Any) -> None:
    WebhookSubscription.objects.create(
        url="http://127.0.0.1:9/x",
        secret="s",
        events=["complaint.status_changed", "complaint.resolved"],
    )
    agent = personas["agent"]
    actor = Actor(user_id=agent.user.pk, role=Role.AGENT, department_id=agent.department.pk)
    complaint = receive(
        request=IntakeRequest(channel=Channel.API, text="投诉", received_at=timezone.now()),
        actor=actor,
    ).complaint
    for status in (Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.RESOLVED):
        complaint = transition(
            complaint=complaint, to=status, actor=actor, reason="已处理"
        )
    kinds = list(WebhookDelivery.objects.order_by("id").values_list("event_type", flat=True))
    assert kinds == ["complaint.status_changed"] * 3 + ["complaint.resolved"]
