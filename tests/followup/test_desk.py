"""Return calls and follow-up on the desk: the queue of calls due today, the call page and
its outcome form, scheduling from the complaint page, the resolve form's remedy box; every
refusal an error page with nothing written, and 404 outside the scope."""

from __future__ import annotations

import pytest

from complaintdesk.complaints.models import Complaint
from complaintdesk.followup.models import ReturnCall, Survey
from tests.followup.conftest import sh

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(resolved, frozen):
    frozen(sh(2026, 11, 2, 10))
    complaint = resolved(has_remedy=True)
    return complaint, ReturnCall.objects.get(complaint=complaint)


def test_queue_lists_calls_due_today_with_the_phone(desk, planned, frozen):
    complaint, _call = planned
    agent = desk("agent")
    assert complaint.number not in agent.get("/desk/calls/").content.decode()
    frozen(sh(2026, 11, 5, 9))
    page = agent.get("/desk/calls/").content.decode()
    assert complaint.number in page and "13912345678" in page and "已给出补偿方案" in page
    assert complaint.number in agent.get("/desk/calls/?mine=1").content.decode()
    assert complaint.number not in desk("supervisor").get("/desk/calls/?mine=1").content.decode()


def test_auditor_sees_the_queue_masked_and_cannot_record(desk, planned, frozen):
    complaint, call = planned
    frozen(sh(2026, 11, 5, 9))
    auditor = desk("auditor")
    page = auditor.get("/desk/calls/").content.decode()
    assert complaint.number in page and "13912345678" not in page
    refused = auditor.post(f"/desk/calls/{call.pk}/outcome/", {"reached": "no"})
    assert refused.status_code == 403
    call.refresh_from_db()
    assert call.attempts == 0


def test_other_department_gets_404_for_the_call_and_sees_none(desk, planned, frozen):
    complaint, call = planned
    frozen(sh(2026, 11, 5, 9))
    other = desk("other_dept")
    assert other.get(f"/desk/calls/{call.pk}/").status_code == 404
    assert other.post(f"/desk/calls/{call.pk}/outcome/", {"reached": "no"}).status_code == 404
    assert complaint.number not in other.get("/desk/calls/").content.decode()
    call.refresh_from_db()
    assert call.attempts == 0


def test_call_page_shows_the_script_and_records_an_attempt(desk, planned, frozen):
    _complaint, call = planned
    frozen(sh(2026, 11, 5, 9))
    agent = desk("agent")
    page = agent.get(f"/desk/calls/{call.pk}/").content.decode()
    assert "回访话术" in page and "问候并自我介绍" in page and 'id="save-call"' in page
    response = agent.post(f"/desk/calls/{call.pk}/outcome/", {"reached": "no", "notes": "关机"})
    assert response.status_code == 302
    call.refresh_from_db()
    assert (call.attempts, call.due_on.isoformat()) == (1, "2026-11-06")


def test_outcome_of_a_call_not_due_is_refused_and_nothing_written(desk, planned):
    _complaint, call = planned
    response = desk("agent").post(f"/desk/calls/{call.pk}/outcome/",
                                  {"reached": "yes", "outcome": "satisfied"})
    assert response.status_code == 409
    assert "2026-11-05" in response.content.decode()
    call.refresh_from_db()
    assert (call.state, call.attempts, call.outcome) == ("scheduled", 0, "")


def test_bad_outcome_form_is_422_and_nothing_written(desk, planned, frozen):
    _complaint, call = planned
    frozen(sh(2026, 11, 5, 9))
    agent = desk("agent")
    for data in ({"reached": "yes"}, {"reached": "yes", "outcome": "new_issue"},
                 {"reached": "maybe"}, {"reached": "yes", "outcome": "happy"}):
        assert agent.post(f"/desk/calls/{call.pk}/outcome/", data).status_code == 422
    call.refresh_from_db()
    assert (call.state, call.attempts) == ("scheduled", 0)
    assert Complaint.objects.count() == 1


def test_schedule_from_the_complaint_page(desk, resolved, frozen):
    frozen(sh(2026, 11, 2, 10))
    complaint = resolved()
    agent = desk("agent")
    page = agent.get(f"/desk/c/{complaint.number}/").content.decode()
    assert 'id="followup"' in page and 'id="schedule-call"' in page
    assert agent.post(f"/desk/c/{complaint.number}/calls/",
                      {"due_on": "2026-10-30"}).status_code == 422
    assert agent.post(f"/desk/c/{complaint.number}/calls/",
                      {"due_on": "not a date"}).status_code == 422
    assert ReturnCall.objects.count() == 0
    done = agent.post(f"/desk/c/{complaint.number}/calls/",
                      {"due_on": "2026-11-04", "assignee": "agent"})
    assert done.status_code == 302
    call = ReturnCall.objects.get(complaint=complaint)
    assert (call.reason, call.assignee.username) == ("agent", "agent")
    assert desk("auditor").post(f"/desk/c/{complaint.number}/calls/",
                                {"due_on": "2026-11-09"}).status_code == 403
    assert desk("other_dept").post(f"/desk/c/{complaint.number}/calls/",
                                   {"due_on": "2026-11-09"}).status_code == 404


def test_resolve_with_the_remedy_box_plans_a_call_and_the_card_shows_the_score(
    desk, make_complaint, frozen, personas
):
    frozen(sh(2026, 11, 2, 10))
    complaint = make_complaint()
    agent = desk("agent")
    for to in ("acknowledged", "in_progress"):
        agent.post(f"/desk/c/{complaint.number}/status/", {"to": to})
    agent.post(f"/desk/c/{complaint.number}/status/",
               {"to": "resolved", "reason": "补发新耳机", "has_remedy": "1"})
    assert ReturnCall.objects.get(complaint=complaint).reason == "remedy"
    survey = Survey.objects.get(complaint=complaint)
    Survey.objects.filter(pk=survey.pk).update(score=2, comment="太慢了", state="answered",
                                               remedy_fair=False)
    page = agent.get(f"/desk/c/{complaint.number}/").content.decode()
    assert "★★☆☆☆" in page and "太慢了" in page and "补偿方案不公平" in page
    assert "等待客户回复" in page
