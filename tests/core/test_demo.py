"""The demo loader: every role, every status, real events, and safe to run twice."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from complaintdesk.complaints.choices import Role, Status
from complaintdesk.complaints.models import Complaint, ComplaintEvent, Membership
from complaintdesk.demo.services import demo_load, demo_password


@pytest.mark.django_db
def test_demo_covers_every_status_and_role() -> None:
    summary = demo_load(count=48)
    assert summary.created
    assert set(Complaint.objects.values_list("status", flat=True)) == set(Status.values)
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles >= {Role.ADMIN, Role.SUPERVISOR, Role.AGENT, Role.DEPARTMENT, Role.AUDITOR}
    closed = Complaint.objects.filter(status=Status.CLOSED).first()
    assert closed is not None
    path = list(closed.events.exclude(to_status="").values_list("to_status", flat=True))
    assert path == ["new", "acknowledged", "in_progress", "resolved", "closed"]
    assert authenticate(username="agent", password=demo_password("agent")) is not None


@pytest.mark.django_db
def test_demo_agents_find_their_own_open_complaints() -> None:
    demo_load(count=48)
    open_states = [Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.WAITING_CUSTOMER]
    for username in ("agent", "tech", "legal"):
        mine = Complaint.objects.filter(assignee__username=username, status__in=open_states)
        assert mine.exists(), username


@pytest.mark.django_db
def test_demo_twice_creates_nothing_new(capsys) -> None:
    call_command("demo", "--count", "12")
    events = ComplaintEvent.objects.count()
    call_command("demo", "--count", "12")
    assert Complaint.objects.count() == 12
    assert ComplaintEvent.objects.count() == events
    assert "already present" in capsys.readouterr().out
