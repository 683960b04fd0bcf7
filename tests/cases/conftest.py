"""Complaints about two schools for the oversight, masking and case-library tests: text and a
message with personal data written inside, and an overseer of the first school."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from complaintdesk.complaints.actors import actor_for_user
from complaintdesk.complaints.models import Complaint
from complaintdesk.intake.services import CustomerData, IntakeRequest, OrderData, RespondentData
from complaintdesk.testing.personas import Persona, overseer_persona
from complaintdesk.workflows.receive import receive
from complaintdesk.workflows.reply import reply

PHONE = "13912345678"
ID_NUMBER = "11010519491231002X"
EMAIL = "zhao.li@example.com"
CARD = "6222021234567890123"
MESSAGE_PHONE = "13698765432"
TEXT = (
    f"我叫赵丽，孩子在阳光学校上Python入门课，老师经常迟到。我的电话{PHONE}，"
    f"身份证{ID_NUMBER}，邮箱{EMAIL}，请把学费退到卡{CARD}。订单号ED-2026-55821。"
)
SECRETS = (PHONE, ID_NUMBER, EMAIL, CARD)


@dataclass
class World:
    inside: list[Complaint]
    outside: list[Complaint]
    overseer: Persona


def file(
    *,
    text: str,
    school: str,
    item: str,
    platform: str = "",
    channel: str = "web",
    category: str = "",
) -> Complaint:
    complaint = receive(
        request=IntakeRequest(
            channel=channel,
            text=text,
            received_at=timezone.now(),
            customer=CustomerData(name="赵丽", phone=PHONE, email=EMAIL, id_number=ID_NUMBER),
            order=OrderData(number=f"ED-{school}-{item}"[:60], item=item, platform=platform),
            respondent=RespondentData(code=school, name=f"{school} 学校", kind="teacher"),
        ),
        actor=None,
    ).complaint
    if category:
        Complaint.objects.filter(pk=complaint.pk).update(category=category)
    complaint.refresh_from_db()
    return complaint


@pytest.fixture(autouse=True)
def _no_routing(settings: Any) -> None:
    settings.TRIAGE_AT_INTAKE = False


@pytest.fixture
def world(personas: dict[str, Persona]) -> World:
    inside = [
        file(text=TEXT, school="sunny", item="Python入门课", platform="tmall"),
        file(text="课程内容过时，要求退费。", school="sunny", item="数据分析课"),
    ]
    outside = [
        file(text="另一所学校的投诉，电话13811112222。", school="moon", item="Python入门课"),
        file(text="老师态度差。", school="moon", item="英语课", channel="email"),
    ]
    agent = actor_for_user(personas["agent"].user)
    assert agent is not None
    reply(complaint=inside[0], actor=agent, body=f"请拨打{MESSAGE_PHONE}联系我们。", internal=False)
    overseer = overseer_persona("overseer", "阳光学校", respondent=inside[0].respondent)
    return World(inside=inside, outside=outside, overseer=overseer)


@pytest.fixture
def signed_in(personas: dict[str, Persona]) -> Any:
    """A desk client signed in as a persona (or as any user given)."""

    def make(who: Persona | str) -> Client:
        persona = personas[who] if isinstance(who, str) else who
        client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
        client.force_login(persona.user)
        return client

    return make
