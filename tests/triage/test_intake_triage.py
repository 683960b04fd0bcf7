"""Triage at intake and on demand, through the API: fields, sources, the CLASSIFIED event."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from complaintdesk.complaints import queues
from complaintdesk.complaints.actors import actor_for_user
from complaintdesk.complaints.choices import EventKind, Status
from complaintdesk.complaints.models import Complaint, ComplaintEvent, Department
from complaintdesk.complaints.selectors import ComplaintFilters
from complaintdesk.complaints.services import complaint_correct_triage
from complaintdesk.intake.services import CustomerData, IntakeRequest
from complaintdesk.lib.clock import utcnow
from complaintdesk.triage.models import RoutingRule
from complaintdesk.triage.services import ROUTING
from complaintdesk.workflows.assign import triage_again
from complaintdesk.workflows.receive import receive
from tests.conftest import complaint_body

FURIOUS = (
    "你们简直欺人太甚！买的洗衣机第一次用就漏水把地板泡坏了，客服推来推去一个星期没人管。"
    "今天再不给我退款赔偿，我马上打12315投诉，已经联系了律师准备起诉你们！"
)
POLITE = "您好，请问我上周下的订单大概什么时候发货？麻烦帮忙看一下，谢谢。"


@pytest.fixture
def special(db: Any) -> Department:
    return Department.objects.create(code="special", name="专项小组", is_special_team=True)


def test_furious_threat_is_urgent_flagged_and_goes_to_the_special_team(
    api: Any, special: Department
) -> None:
    response = api("agent").post("/complaints", complaint_body(text=FURIOUS))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["priority"] == "urgent"
    assert {"regulator", "legal_threat"} <= set(body["risk_flags"])
    assert body["department"] == "special"
    complaint = Complaint.objects.get(number=body["number"])
    assert complaint.priority == "urgent" and complaint.department == special
    assert complaint.sentiment_label in {"angry", "negative"}
    assert complaint.sentiment_score is not None and complaint.sentiment_score < 0
    assert complaint.triage["risk_flags"]["source"] == "rule"
    assert any(e.startswith("regulator:") for e in complaint.triage["risk_flags"]["explanation"])
    assert complaint.triage["priority"]["explanation"]
    classified = ComplaintEvent.objects.get(complaint=complaint, kind=EventKind.CLASSIFIED)
    fields = classified.data["fields"]
    assert fields["priority"]["value"] == "urgent"
    assert fields["priority"]["source"] == "rule"
    assert fields["category"]["source"] in {"model", "rule"}
    assigned = ComplaintEvent.objects.get(complaint=complaint, kind=EventKind.ASSIGNED)
    assert assigned.actor_id is None and assigned.actor_role == "admin"
    assert assigned.data["after"]["department"] == "special"


def test_polite_question_is_low(api: Any) -> None:
    body = api("agent").post("/complaints", complaint_body(text=POLITE)).json()
    assert body["priority"] == "low"
    assert body["risk_flags"] == []
    assert Complaint.objects.get(number=body["number"]).triage["priority"]["source"] == "rule"


def test_customer_stated_demand_is_kept(personas: Any) -> None:
    request = IntakeRequest(
        channel="web",
        text="耳机坏了，我要求退款，不要换货。",
        received_at=utcnow(),
        customer=CustomerData(name="李先生", phone="13700000009"),
        demand="apology",
    )
    complaint = receive(request=request, actor=None).complaint
    complaint.refresh_from_db()
    assert complaint.demand == "apology"
    assert complaint.triage["demand"]["source"] == "customer"
    assert complaint.category
    event = ComplaintEvent.objects.get(complaint=complaint, kind=EventKind.CLASSIFIED)
    assert "demand" in event.data["kept"]


def test_triage_writes_one_update_and_one_event(personas: Any, settings: Any) -> None:
    settings.TRIAGE_AT_INTAKE = False
    request = IntakeRequest(channel="api", text=POLITE, received_at=utcnow())
    complaint = receive(request=request, actor=None).complaint
    RoutingRule.objects.all().delete()
    ROUTING.get()  # the routing table is cached per process, like in a running server
    with CaptureQueriesContext(connection) as queries:
        triage_again(complaint=complaint, actor=actor_for_user(personas["agent"].user))
    # The clocks follow the classification in the same workflow; count triage's own statements.
    own = [
        q["sql"]
        for q in queries.captured_queries
        if "sla_" not in q["sql"] and "notify_" not in q["sql"] and "SAVEPOINT" not in q["sql"]
    ]
    assert sum(sql.startswith('UPDATE "complaints_complaint"') for sql in own) == 1
    assert sum(sql.startswith('INSERT INTO "complaints_complaintevent"') for sql in own) == 1
    # Routing found no rule in the cached table: nothing more read.
    assert len(own) == 2, own
    assert complaint.department_id is None


def test_intake_without_triage_when_switched_off(personas: Any, settings: Any) -> None:
    settings.TRIAGE_AT_INTAKE = False
    request = IntakeRequest(channel="api", text=FURIOUS, received_at=utcnow())
    complaint = receive(request=request, actor=None).complaint
    assert not ComplaintEvent.objects.filter(complaint=complaint, kind=EventKind.CLASSIFIED)
    assert complaint.priority == "normal" and complaint.category == ""


def test_staff_run_triage_again_keeping_agent_corrections(api: Any, personas: Any) -> None:
    number = api("agent").post("/complaints", complaint_body(text=POLITE)).json()["number"]
    complaint = Complaint.objects.get(number=number)
    agent = actor_for_user(personas["agent"].user)
    assert agent is not None
    complaint_correct_triage(
        complaint=complaint, actor=agent, field="category", value="billing", reason="扣款问题"
    )
    response = api("agent").post(f"/complaints/{number}/triage")
    assert response.status_code == 200, response.content
    assert response.json()["category"] == "billing"
    events = ComplaintEvent.objects.filter(complaint=complaint, kind=EventKind.CLASSIFIED)
    assert events.count() == 2
    latest = events.order_by("-id").first()
    assert latest is not None and "category" in latest.data["kept"]
    assert latest.actor_id == personas["agent"].user.pk


def test_only_staff_run_triage_again(api: Any) -> None:
    number = api("integration").post("/complaints", complaint_body(text=POLITE)).json()["number"]
    response = api("integration").post(f"/complaints/{number}/triage")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    complaint = Complaint.objects.get(number=number)
    assert (
        ComplaintEvent.objects.filter(complaint=complaint, kind=EventKind.CLASSIFIED).count() == 1
    )
    assert api("auditor").post(f"/complaints/{number}/triage").status_code == 403
    assert complaint.status == Status.NEW


UNCLEAR = "上次说的那个，怎么样了？"


def test_an_unsure_reading_is_marked_for_review_and_queued(api: Any, personas: Any) -> None:
    number = api("agent").post("/complaints", complaint_body(text=UNCLEAR)).json()["number"]
    complaint = Complaint.objects.get(number=number)
    assert complaint.needs_review is True
    classified = ComplaintEvent.objects.get(complaint=complaint, kind=EventKind.CLASSIFIED)
    review = classified.data["fields"]["review"]
    assert review["value"] is True
    assert any(reason.startswith(("category:", "demand:")) for reason in review["explanation"])
    assert classified.data["fields"]["category"]["calibrated"] is True
    agent = actor_for_user(personas["agent"].user)
    assert agent is not None
    assert [c.number for c in queue_page(agent, "review")] == [number]
    complaint_correct_triage(
        complaint=complaint, actor=agent, field="category", value="service", reason="催办"
    )
    complaint.refresh_from_db()
    assert complaint.needs_review is False
    assert complaint.triage["review"]["source"] == "agent"
    assert queue_page(agent, "review") == []


CLEAR = "我的账号昨晚被盗了，有人用它下了三笔订单，请马上冻结账号并查明原因。"


def test_a_clear_complaint_is_not_marked_for_review(api: Any) -> None:
    body = api("agent").post("/complaints", complaint_body(text=CLEAR)).json()
    complaint = Complaint.objects.get(number=body["number"])
    assert complaint.needs_review is False
    assert complaint.triage["review"]["value"] is False


def queue_page(actor: Any, queue: str) -> list[Complaint]:
    page = queues.queue_page(
        actor=actor,
        queue=queue,
        filters=ComplaintFilters(),
        sort="received",
        cursor=None,
        limit=10,
    )
    return page.rows
