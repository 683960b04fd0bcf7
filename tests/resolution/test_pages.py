"""Remedies on the desk and the tracking page, through the Django test client: what each
role sees and may do, and the refusals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.services import tracking_token_issue
from complaintdesk.resolution.models import Remedy
from complaintdesk.workflows import remedy as remedies

pytestmark = pytest.mark.django_db


def _desk(personas: Any, name: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(personas[name].user)
    return client


def _approved(complaint: Any, actors: dict[str, Actor], kind: str = "lesson_refund",
              amount: str = "646.58") -> Remedy:
    remedy = remedies.propose(
        complaint=complaint, actor=actors["agent"],
        draft=remedies.RemedyDraft(kind=kind, amount=Decimal(amount)),
    )
    return remedies.approve(remedy=remedy, actor=actors["supervisor"])


def test_the_desk_shows_computed_offers_and_proposes_one(
    personas: Any, course_complaint: Any
) -> None:
    complaint = course_complaint()
    agent = _desk(personas, "agent")
    page = agent.get(f"/desk/c/{complaint.number}/")
    text = page.content.decode()
    assert "政策计算的方案" in text and "646.58 元" in text and "未上的 37 节课" in text
    response = agent.post(f"/desk/c/{complaint.number}/remedies/",
                          {"policy": "education-lesson-refund", "option": "0"})
    assert response.status_code == 302
    remedy = Remedy.objects.get()
    assert (remedy.amount, remedy.policy_version) == (Decimal("646.58"), 1)
    assert remedy.computation["facts"]["lessons_used"] == 3


def test_the_desk_recomputes_with_a_liability_split(personas: Any, course_complaint: Any):
    complaint = course_complaint()
    page = _desk(personas, "agent").get(f"/desk/c/{complaint.number}/", {"respondent_share": "30"})
    assert "193.97" in page.content.decode()


def test_the_supervisor_approves_on_the_desk_the_auditor_gets_404(
    personas: Any, course_complaint: Any, actors: dict[str, Actor]
) -> None:
    complaint = course_complaint()
    remedy = remedies.propose(
        complaint=complaint, actor=actors["agent"],
        draft=remedies.RemedyDraft(kind="lesson_refund", amount=Decimal("646.58")),
    )
    url = f"/desk/c/{complaint.number}/remedies/{remedy.pk}/approve/"
    assert _desk(personas, "auditor").post(url).status_code == 404
    over = _desk(personas, "agent").post(url)  # the proposer, and over the agent's limit
    assert over.status_code == 403 and "他人审批" in over.content.decode()
    assert _desk(personas, "supervisor").post(url).status_code == 302
    remedy.refresh_from_db()
    assert remedy.status == "approved"


def test_a_reason_is_required_to_reject(personas: Any, course_complaint: Any,
                                        actors: dict[str, Actor]) -> None:
    complaint = course_complaint()
    remedy = remedies.propose(
        complaint=complaint, actor=actors["agent"],
        draft=remedies.RemedyDraft(kind="apology", amount=Decimal(0)),
    )
    url = f"/desk/c/{complaint.number}/remedies/{remedy.pk}/reject/"
    response = _desk(personas, "supervisor").post(url, {"reason": ""})
    assert response.status_code == 422
    remedy.refresh_from_db()
    assert remedy.status == "proposed"


def test_the_customer_sees_and_accepts_the_offer_on_the_tracking_page(
    course_complaint: Any, actors: dict[str, Actor]
) -> None:
    complaint = course_complaint()
    remedies.propose(complaint=complaint, actor=actors["agent"],
                     draft=remedies.RemedyDraft(kind="apology", amount=Decimal(0)))
    token = tracking_token_issue(complaint=complaint, valid_for=dt.timedelta(days=1))
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "我们的处理方案" not in client.get(f"/t/{token}/").content.decode()
    remedy = _approved(complaint, actors, kind="makeup_lesson", amount="0")
    page = client.get(f"/t/{token}/").content.decode()
    assert "我们的处理方案" in page and "补课或回放" in page
    assert client.post(f"/t/{token}/offers/{remedy.pk}/accept/").status_code == 302
    remedy.refresh_from_db()
    assert remedy.customer_answer == "accepted"
    assert "您已接受这个方案" in client.get(f"/t/{token}/").content.decode()


def test_declining_needs_a_reason_and_other_remedies_are_404(
    course_complaint: Any, actors: dict[str, Actor]
) -> None:
    complaint = course_complaint()
    remedy = _approved(complaint, actors, kind="apology", amount="0")
    hidden = remedies.propose(complaint=complaint, actor=actors["agent"],
                              draft=remedies.RemedyDraft(kind="resend", amount=Decimal(0)))
    token = tracking_token_issue(complaint=complaint, valid_for=dt.timedelta(days=1))
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    empty = client.post(f"/t/{token}/offers/{remedy.pk}/decline/", {"reason": ""})
    assert empty.status_code == 400 and "Tell us why" in empty.content.decode()
    assert client.post(f"/t/{token}/offers/{hidden.pk}/accept/").status_code == 404
    assert client.post(f"/t/{token}/offers/999999/accept/").status_code == 404
    assert client.post(f"/t/{token}/offers/{remedy.pk}/decline/",
                       {"reason": "要当面道歉"}).status_code == 302
    remedy.refresh_from_db()
    assert remedy.customer_answer == "declined" and remedy.customer_reason == "要当面道歉"
