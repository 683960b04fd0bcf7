from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from complaintdesk.complaints.actors import actor_for_user
from complaintdesk.complaints.choices import Status
from complaintdesk.complaints.models import Complaint
from complaintdesk.intake.services import CustomerData, IntakeRequest, OrderData
from complaintdesk.testing.personas import Persona
from complaintdesk.workflows.assign import assign
from complaintdesk.workflows.insights_feed import facts_refresh
from complaintdesk.workflows.receive import receive
from complaintdesk.workflows.reopen import reopen
from complaintdesk.workflows.reply import reply
from complaintdesk.workflows.resolve import resolve
from complaintdesk.workflows.transition import transition

SH = ZoneInfo("Asia/Shanghai")


def at(text: str) -> dt.datetime:
    """A local Shanghai instant from "2026-09-24 17:00"."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=SH)


@pytest.fixture
def desk(personas: dict[str, Persona]) -> Callable[[str], Client]:
    def make(name: str) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
        client.force_login(personas[name].user)
        return client

    return make


class Story:
    """Complaints written through the workflows at given local instants."""

    def __init__(self, personas: dict[str, Persona]) -> None:
        self.personas = personas
        self.agent = actor_for_user(personas["agent"].user)
        self.admin = actor_for_user(personas["admin"].user)

    def receive(self, when: str, *, item: str = "蓝牙耳机", channel: str = "web",
                department: str | None = "cs", phone: str = "13912345678",
                text: str = "耳机左耳没有声音，要求退货。", by: str | None = None,
                **extra: Any) -> Complaint:
        """``by``: the persona taking it (staff intake finds the customer on file); by
        default the anonymous portal, which files every complaint under a new record."""
        with time_machine.travel(at(when), tick=False):
            complaint = receive(
                request=IntakeRequest(
                    channel=channel, text=text, received_at=at(when),
                    customer=CustomerData(name="王女士", phone=phone),
                    order=OrderData(number=f"NO-{when}", item=item), **extra,
                ),
                actor=actor_for_user(self.personas[by].user) if by else None,
            ).complaint
            if department:
                persona = {"cs": "agent", "tech": "dept", "legal": "other_dept"}[department]
                assign(complaint=complaint, actor=self.admin, assignee=None,
                       department=self.personas[persona].department)
        complaint.refresh_from_db()
        return complaint

    def reply(self, complaint: Complaint, when: str) -> None:
        with time_machine.travel(at(when), tick=False):
            complaint.refresh_from_db()
            reply(complaint=complaint, actor=self.agent, body="您好，我们正在处理。",
                  internal=False)

    def resolve(self, complaint: Complaint, when: str) -> None:
        with time_machine.travel(at(when), tick=False):
            complaint.refresh_from_db()
            for step in (Status.ACKNOWLEDGED, Status.IN_PROGRESS):
                if complaint.status == Status.NEW or (
                    step == Status.IN_PROGRESS and complaint.status == Status.ACKNOWLEDGED
                ):
                    transition(complaint=complaint, to=step, actor=self.agent)
                    complaint.refresh_from_db()
            resolve(complaint=complaint, actor=self.agent, answer="已退款。")

    def reopen(self, complaint: Complaint, when: str) -> None:
        with time_machine.travel(at(when), tick=False):
            complaint.refresh_from_db()
            reopen(complaint=complaint, actor=self.agent, reason="问题没有解决。")

    def refresh(self, when: str = "2026-11-04 12:00") -> int:
        with time_machine.travel(at(when), tick=False):
            return facts_refresh()


@pytest.fixture
def story(personas: dict[str, Persona]) -> Story:
    return Story(personas)
