"""The follow-up endpoints of /api/v1/: answers for the customer, return calls for staff,
each refusal a clear error in the request's language with nothing written, and 404 for every
role outside a complaint's scope."""

from __future__ import annotations

import pytest

from complaintdesk.complaints.models import Complaint, ComplaintEvent
from complaintdesk.followup.models import ReturnCall, Survey
from complaintdesk.testing.personas import Persona
from tests.followup.conftest import sh

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(resolved, frozen, personas: dict[str, Persona]) -> Complaint:
    """A resolved complaint (with a remedy) of the ``customer`` persona."""
    frozen(sh(2026, 11, 2, 10))
    complaint = resolved(has_remedy=True, phone=personas["customer"].customer.phone)
    Complaint.objects.filter(pk=complaint.pk).update(customer=personas["customer"].customer)
    complaint.refresh_from_db()
    return complaint


def written(complaint: Complaint) -> tuple:
    survey = Survey.objects.get(complaint=complaint)
    return (
        ComplaintEvent.objects.filter(complaint=complaint).count(),
        survey.score, survey.comment, Complaint.objects.get(pk=complaint.pk).status,
        ReturnCall.objects.count(),
    )


def test_customer_reads_confirms_and_rates(api, own):
    customer = api("customer")
    state = customer.get(f"/complaints/{own.number}/followup").json()
    assert state["confirmation"]["state"] == "asked"
    assert state["confirmation"]["closes_at"] == "2026-11-11T18:00:00+08:00"
    assert state["survey"]["has_remedy"] is True
    assert state["return_calls"] == []  # internal work
    done = customer.post(f"/complaints/{own.number}/confirmation", {"solved": True})
    assert done.status_code == 200, done.content
    assert done.json()["confirmation"]["state"] == "solved"
    rated = customer.post(
        f"/complaints/{own.number}/survey", {"score": 5, "comment": "满意", "remedy_fair": True}
    )
    assert rated.status_code == 200
    assert rated.json()["survey"]["score"] == 5
    assert Complaint.objects.get(pk=own.pk).status == "closed"


def test_not_solved_via_api_reopens(api, own):
    response = api("customer").post(
        f"/complaints/{own.number}/confirmation", {"solved": False, "reason": "还是坏的"}
    )
    assert response.status_code == 200
    assert Complaint.objects.get(pk=own.pk).status == "reopened"


@pytest.mark.parametrize("score", [0, 6, -1, "五"])
def test_score_out_of_range_is_422_and_nothing_written(api, own, score):
    before = written(own)
    response = api("customer").post(f"/complaints/{own.number}/survey", {"score": score})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input" and body["details"][0]["field"] == "score"
    assert written(own) == before


def test_score_refusal_in_english(api, own):
    response = api("customer", "en").post(f"/complaints/{own.number}/survey", {"score": 6})
    assert response.json()["details"][0]["message"] == "Must be at most 5."


def test_not_solved_without_reason_is_422_and_nothing_written(api, own):
    before = written(own)
    response = api("customer").post(f"/complaints/{own.number}/confirmation", {"solved": False})
    assert response.status_code == 422
    assert response.json()["code"] == "missing_requirement"
    assert "请告诉我们还有哪里不对" in response.json()["message"]
    assert written(own) == before


def test_second_confirmation_is_409(api, own):
    customer = api("customer")
    customer.post(f"/complaints/{own.number}/confirmation", {"solved": True})
    again = customer.post(f"/complaints/{own.number}/confirmation", {"solved": False,
                                                                      "reason": "x"})
    assert again.status_code == 409
    assert Complaint.objects.get(pk=own.pk).status == "closed"


def test_survey_after_the_window_is_410_and_nothing_written(api, own, frozen):
    frozen(sh(2026, 12, 31, 10))
    before = written(own)
    response = api("customer").post(f"/complaints/{own.number}/survey", {"score": 3})
    assert response.status_code == 410
    assert response.json()["code"] == "gone"
    assert written(own) == before


@pytest.mark.parametrize("who", ["agent", "supervisor", "auditor"])
def test_staff_cannot_answer_for_the_customer(api, own, who):
    before = written(own)
    response = api(who).post(f"/complaints/{own.number}/survey", {"score": 5})
    assert response.status_code == 403
    assert written(own) == before


@pytest.mark.parametrize("who", ["other_customer", "integration", "other_dept", "dept"])
def test_outside_the_scope_everything_is_404(api, own, who):
    client = api(who)
    assert client.get(f"/complaints/{own.number}/followup").status_code == 404
    assert client.post(f"/complaints/{own.number}/survey", {"score": 5}).status_code == 404
    assert client.post(f"/complaints/{own.number}/confirmation",
                       {"solved": True}).status_code == 404
    call = ReturnCall.objects.get(complaint=own)
    assert client.post(f"/return-calls/{call.pk}/outcome", {"reached": False}).status_code == 404


def test_calls_are_404_for_complainants_even_on_their_own_complaint(api, own):
    call = ReturnCall.objects.get(complaint=own)
    customer = api("customer")
    assert customer.post(f"/return-calls/{call.pk}/outcome", {"reached": False}).status_code \
        == 404
    assert customer.get("/return-calls").json() == []


def test_staff_schedule_list_and_record_calls(api, own, frozen):
    agent = api("agent")
    conflict = agent.post(f"/complaints/{own.number}/return-calls", {"due_on": "2026-11-20"})
    assert conflict.status_code == 409  # the remedy already planned one
    call = ReturnCall.objects.get(complaint=own)
    early = agent.post(f"/return-calls/{call.pk}/outcome", {"reached": False})
    assert early.status_code == 409
    assert "2026-11-05" in early.json()["message"]
    call.refresh_from_db()
    assert call.attempts == 0
    frozen(sh(2026, 11, 5, 9))
    assert [c["id"] for c in agent.get("/return-calls").json()] == [call.pk]
    done = agent.post(f"/return-calls/{call.pk}/outcome",
                      {"reached": True, "outcome": "satisfied", "notes": "已收到退款"})
    assert done.status_code == 200
    assert (done.json()["state"], done.json()["outcome"]) == ("done", "satisfied")
    later = agent.post(f"/complaints/{own.number}/return-calls",
                       {"due_on": "2026-11-12", "assignee": "supervisor"})
    assert later.status_code == 201
    assert (later.json()["reason"], later.json()["assignee"]) == ("agent", "supervisor")


def test_schedule_refusals(api, own, frozen):
    frozen(sh(2026, 11, 5, 9))
    call = ReturnCall.objects.get(complaint=own)
    api("agent").post(f"/return-calls/{call.pk}/outcome", {"reached": True,
                                                           "outcome": "satisfied"})
    before = ReturnCall.objects.count()
    past = api("agent").post(f"/complaints/{own.number}/return-calls", {"due_on": "2026-11-01"})
    assert past.status_code == 422
    auditor = api("auditor").post(f"/complaints/{own.number}/return-calls",
                                  {"due_on": "2026-11-20"})
    assert auditor.status_code == 403
    customer = api("customer").post(f"/complaints/{own.number}/return-calls",
                                    {"due_on": "2026-11-20"})
    assert customer.status_code == 403
    finished = api("agent").post(f"/return-calls/{call.pk}/outcome",
                                 {"reached": True, "outcome": "dissatisfied"})
    assert finished.status_code == 409
    assert ReturnCall.objects.get(pk=call.pk).outcome == "satisfied"
    assert ReturnCall.objects.count() == before


def test_reached_without_outcome_and_new_issue_without_text_are_refused(api, own, frozen):
    frozen(sh(2026, 11, 5, 9))
    call = ReturnCall.objects.get(complaint=own)
    agent = api("agent")
    assert agent.post(f"/return-calls/{call.pk}/outcome", {"reached": True}).status_code == 422
    response = agent.post(f"/return-calls/{call.pk}/outcome",
                          {"reached": True, "outcome": "new_issue"})
    assert response.status_code == 422
    call.refresh_from_db()
    assert (call.state, call.attempts) == ("scheduled", 0)
    assert Complaint.objects.count() == 1
