"""What the sweep tells staff: one notice per warning or breach for each supervisor, the
assignee's notices, staff emails, all written in bulk; and the bulk event recorder itself."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from complaintdesk.complaints.choices import EventKind
from complaintdesk.complaints.events import EventDraft
from complaintdesk.complaints.models import Complaint, ComplaintEvent
from complaintdesk.complaints.services import events_record_bulk
from complaintdesk.notify.models import MailKind, Notification, OutboundEmail
from complaintdesk.sla.models import ClockPolicy
from complaintdesk.workflows.escalate import sweep
from tests.sla.conftest import sh, submit

pytestmark = pytest.mark.usefixtures("clock_policies")


@pytest.fixture
def received_monday(api: Any, frozen: Any) -> str:
    """First reply due Mon 2026-11-02 18:00, warning at 16:24 (see test_escalation)."""
    frozen(sh(2026, 11, 2, 10, 1))
    return str(submit(api("agent"), sh(2026, 11, 2, 10))["number"])


def _kinds(user: Any) -> list[str]:
    notices = Notification.objects.filter(user=user).order_by("id")
    return list(notices.values_list("kind", flat=True))


def test_each_supervisor_hears_once_per_warning_and_breach(
    received_monday: str, personas: Any
) -> None:
    supervisor = personas["supervisor"].user
    supervisor.email = "boss@shop.example"
    supervisor.save()
    sweep(now=sh(2026, 11, 2, 16, 24))  # warning: notify_supervisor
    assert _kinds(supervisor) == ["escalated"]
    sweep(now=sh(2026, 11, 2, 18))  # breach: notify_supervisor and raise_priority
    # Not also clock_warning, clock_breached or the priority step: one notice per stage.
    assert _kinds(supervisor) == ["escalated", "escalated"]
    mails = OutboundEmail.objects.filter(kind=MailKind.STAFF, recipient_user=supervisor)
    assert mails.count() == 2
    assert len({m.message_id for m in mails}) == 2 and all(m.message_id for m in mails)
    assert all(received_monday in m.subject for m in mails)


def test_the_assignee_hears_of_every_step(
    received_monday: str, personas: Any, api: Any
) -> None:
    agent = personas["agent"].user
    api("supervisor").post(
        f"/complaints/{received_monday}/assignment", {"department": "cs", "assignee": "agent"}
    )
    sweep(now=sh(2026, 11, 2, 16, 24))
    sweep(now=sh(2026, 11, 2, 18))
    assert _kinds(agent) == [
        "assigned",
        "clock_warning", "escalated",
        "clock_breached", "escalated", "escalated",
    ]
    assert _kinds(personas["supervisor"].user) == ["escalated", "escalated"]


def test_a_policy_without_notify_still_tells_supervisors_of_a_breach(
    received_monday: str, personas: Any
) -> None:
    ClockPolicy.objects.filter(code="first-response").update(
        on_warning=[], on_breach=["raise_priority"]
    )
    sweep(now=sh(2026, 11, 2, 16, 24))
    sweep(now=sh(2026, 11, 2, 18))
    # Unassigned: the warning and the breach notices go to the supervisors themselves.
    assert _kinds(personas["supervisor"].user) == ["clock_warning", "clock_breached"]


def test_sweep_queries_do_not_grow_with_the_batch(api: Any, frozen: Any) -> None:
    frozen(sh(2026, 11, 2, 10, 1))
    numbers = [str(submit(api("agent"), sh(2026, 11, 2, 10))["number"]) for _ in range(2)]
    with CaptureQueriesContext(connection) as two:
        sweep(now=sh(2026, 11, 2, 16, 24))
    for _ in range(6):
        numbers.append(str(submit(api("agent"), sh(2026, 11, 2, 10))["number"]))
    with CaptureQueriesContext(connection) as eight:
        sweep(now=sh(2026, 11, 2, 18))
    assert len(eight.captured_queries) <= len(two.captured_queries) + 2
    breached = ComplaintEvent.objects.filter(kind=EventKind.CLOCK_BREACHED)
    assert breached.count() == 8


def test_events_record_bulk_writes_in_order(db: Any) -> None:
    complaint = Complaint.objects.create(
        number="TS-B-1", channel="email", text="x", received_at=timezone.now(),
        status="in_progress", status_changed_at=timezone.now(),
    )
    drafts = [
        EventDraft(complaint.pk, EventKind.NOTE, timezone.now(), {"n": i}, actor_role="system")
        for i in range(1203)
    ]
    recorded = events_record_bulk(events=drafts)
    stored = dict(ComplaintEvent.objects.filter(complaint=complaint).values_list("id", "data"))
    assert [stored[e.id] for e in recorded] == [{"n": i} for i in range(1203)]
    assert [e.id for e in recorded] == sorted(e.id for e in recorded)
    assert Complaint.objects.count() == 1
