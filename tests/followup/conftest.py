"""Helpers of the follow-up tests: complaints filed and resolved through the workflows, a
frozen clock, the customer's actor and the survey link of the last mail."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine

from complaintdesk.complaints.actors import Actor, actor_for_user
from complaintdesk.complaints.choices import Role, Status
from complaintdesk.complaints.models import Complaint
from complaintdesk.intake.services import CustomerData, IntakeRequest, OrderData
from complaintdesk.notify.models import OutboundEmail
from complaintdesk.sla.calendar import SHANGHAI
from complaintdesk.testing.personas import Persona
from complaintdesk.workflows.assign import assign
from complaintdesk.workflows.receive import receive
from complaintdesk.workflows.resolve import resolve
from complaintdesk.workflows.transition import transition
from tests.desk.conftest import desk, make_complaint  # noqa: F401 - shared desk fixtures

LINK = re.compile(r"/s/([A-Za-z0-9_-]{20,})/")


def sh(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SHANGHAI)  # type: ignore[misc]


@pytest.fixture(autouse=True)
def _placed_by_hand(settings: Any, tmp_path: Any) -> None:
    """Follow-up tests pin triage (normal priority, no risk flags, no department guess)."""
    settings.TRIAGE_AT_INTAKE = False
    settings.ATTACHMENT_ROOT = tmp_path / "attachments"


@pytest.fixture
def frozen() -> Iterator[Callable[[dt.datetime], None]]:
    """``frozen(moment)`` moves the frozen clock; time stands still in between."""
    traveller: list[Any] = []

    def move(moment: dt.datetime) -> None:
        if traveller:
            traveller.pop().stop()
        t = time_machine.travel(moment, tick=False)
        t.start()
        traveller.append(t)

    yield move
    if traveller:
        traveller.pop().stop()


@pytest.fixture
def actors(personas: dict[str, Persona]) -> dict[str, Actor]:
    return {name: actor_for_user(p.user) for name, p in personas.items()}  # type: ignore[misc]


def customer_of(complaint: Complaint) -> Actor:
    """The customer as the portal acts for them (no account)."""
    return Actor(user_id=None, role=Role.CUSTOMER, customer_id=complaint.customer_id)


@pytest.fixture
def resolved(personas: dict[str, Persona], actors: dict[str, Actor]) -> Callable[..., Complaint]:
    """A complaint filed on the web form, given to ``agent`` in cs, and resolved by them."""

    def make(
        *, email: str = "wang@example.com", has_remedy: bool = False, priority: str = "",
        answer: str = "已为您全额退款。", language: str = "", phone: str = "13912345678",
    ) -> Complaint:
        complaint = receive(
            request=IntakeRequest(
                channel="web", text="耳机左耳没有声音，要求退货。",
                received_at=dt.datetime.now(dt.UTC),
                customer=CustomerData(name="王女士", phone=phone, email=email),
                order=OrderData(number="JD-1001", item="蓝牙耳机"), language=language,
            ),
            actor=None,
        ).complaint
        agent = actors["agent"]
        assign(complaint=complaint, actor=agent, assignee=personas["agent"].user,
               department=personas["agent"].department)
        if priority:
            Complaint.objects.filter(pk=complaint.pk).update(priority=priority)
        for step in (Status.ACKNOWLEDGED, Status.IN_PROGRESS):
            transition(complaint=complaint, to=step, actor=agent)
        resolve(complaint=complaint, actor=agent, answer=answer, has_remedy=has_remedy)
        complaint.refresh_from_db()
        return complaint

    return make


def survey_token(complaint: Complaint, kind: str = "survey") -> str:
    """The link token in the last mail of ``kind`` sent about the complaint."""
    mail = OutboundEmail.objects.filter(complaint=complaint, kind=kind).order_by("-id").first()
    assert mail is not None, f"no {kind} mail"
    match = LINK.search(mail.body)
    assert match, mail.body
    return match.group(1)
