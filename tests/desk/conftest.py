from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from complaintdesk.complaints.actors import actor_for_user
from complaintdesk.complaints.models import Complaint
from complaintdesk.intake.services import CustomerData, IntakeRequest, OrderData
from complaintdesk.testing.personas import Persona
from complaintdesk.workflows.assign import assign
from complaintdesk.workflows.receive import receive


@pytest.fixture
def desk(personas: dict[str, Persona]) -> Callable[[str], Client]:
    """A desk client signed in as one persona."""

    def make(name: str) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
        client.force_login(personas[name].user)
        return client

    return make


@pytest.fixture
def make_complaint(personas: dict[str, Persona]) -> Callable[..., Complaint]:
    """A complaint filed through the intake service, optionally put in a department."""
    admin = actor_for_user(personas["admin"].user)

    def make(text: str = "耳机左耳没有声音，要求退货。", department: str | None = "cs",
             phone: str = "13912345678", by: str | None = None, **extra: Any) -> Complaint:
        """``by``: the persona who takes the complaint (staff intake matches the customer
        already on file); by default the anonymous portal, which never does."""
        result = receive(
            request=IntakeRequest(
                channel="web", text=text, received_at=timezone.now(),
                customer=CustomerData(name="王女士", phone=phone, email="wang@example.com"),
                order=OrderData(number="JD-1001", item="蓝牙耳机"),
                **extra,
            ),
            actor=actor_for_user(personas[by].user) if by else None,
        )
        complaint = result.complaint
        if department:
            dept = personas["agent"].department if department == "cs" else (
                personas["dept"].department if department == "tech" else
                personas["other_dept"].department
            )
            assign(complaint=complaint, actor=admin, assignee=None,
                                      department=dept)
        complaint.refresh_from_db()
        return complaint

    return make


@pytest.fixture(autouse=True)
def _desk_tests_route_by_hand(settings: Any) -> None:
    """Desk tests place complaints themselves; triage routing at intake is tested in
    tests/triage."""
    settings.TRIAGE_AT_INTAKE = False
