"""Consultations: an agent asks another department without handing the complaint over; the
department reads it, answers in the thread, and its clock says whether it was in time."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from complaintdesk.complaints.choices import EventKind, Status
from complaintdesk.complaints.models import ComplaintEvent, ConsultedDepartment
from complaintdesk.consult.models import Consultation, ConsultationState
from complaintdesk.notify.models import Notification, NotificationKind

pytestmark = pytest.mark.django_db

TUESDAY_10 = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _ask(client, c, department="tech", question="App 的支付日志里有这笔扣款吗？", days=1):
    return client.post(f"/desk/c/{c.number}/ask/", {
        "department": department, "question": question, "working_days": days,
    })


def test_agent_asks_and_the_complaint_stays_where_it_is(desk, make_complaint, personas):
    c = make_complaint()
    with time_machine.travel(TUESDAY_10, tick=False):
        assert _ask(desk("agent"), c).status_code == 302
    c.refresh_from_db()
    assert c.department.code == "cs" and c.assignee is None
    consultation = Consultation.objects.get(complaint=c)
    assert consultation.department.code == "tech"
    assert consultation.state == ConsultationState.OPEN
    # One working day on the calendar: Wednesday 10:00 → end of Wednesday's working hours.
    assert consultation.due_at.date() == dt.date(2026, 11, 25)
    assert ConsultedDepartment.objects.filter(complaint=c, department__code="tech").exists()
    event = ComplaintEvent.objects.get(complaint=c, kind=EventKind.CONSULTATION_ASKED)
    assert event.data["department"] == "tech"
    notice = Notification.objects.get(kind=NotificationKind.CONSULT_ASKED)
    assert notice.user == personas["dept"].user and notice.complaint == c


def test_the_asked_department_sees_it_in_its_queue_and_answers_in_time(
    desk, make_complaint, personas
):
    c = make_complaint()
    _ask(desk("agent"), c)
    dept = desk("dept")
    queue = dept.get("/desk/?queue=asked")
    assert [q.complaint.number for q in queue.context["asked"]] == [c.number]
    page = dept.get(f"/desk/c/{c.number}/")
    assert page.status_code == 200
    line = page.context["consultations"][0]
    assert line.can_answer and not page.context["can_change"]
    consultation = line.c
    response = dept.post(f"/desk/c/{c.number}/ask/{consultation.pk}/answer/",
                         {"answer": "日志显示重复扣款一次。"})
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.ANSWERED and consultation.met is True
    event = ComplaintEvent.objects.get(complaint=c, kind=EventKind.CONSULTATION_ANSWERED)
    assert event.data["met"] is True
    assert Notification.objects.filter(
        user=personas["agent"].user, kind=NotificationKind.CONSULT_ANSWERED
    ).exists()
    timeline = desk("agent").get(f"/desk/c/{c.number}/").content.decode()
    assert "日志显示重复扣款一次。" in timeline and "按时" in timeline
    assert dept.get("/desk/?queue=asked").context["asked"] == []


def test_a_late_answer_is_marked_late(desk, make_complaint):
    c = make_complaint()
    with time_machine.travel(TUESDAY_10, tick=False):
        _ask(desk("agent"), c)
    consultation = Consultation.objects.get(complaint=c)
    with time_machine.travel(TUESDAY_10 + dt.timedelta(days=3), tick=False):
        desk("dept").post(f"/desk/c/{c.number}/ask/{consultation.pk}/answer/", {"answer": "晚了"})
    consultation.refresh_from_db()
    assert consultation.met is False


def test_the_consulted_department_cannot_change_the_complaint(desk, make_complaint):
    c = make_complaint()
    _ask(desk("agent"), c)
    dept = desk("dept")
    for path, data in [
        ("status", {"to": "acknowledged"}),
        ("assign", {"department": "tech", "assignee": "dept"}),
        ("reply", {"body": "x"}),
        ("correct", {"field": "priority", "value": "urgent", "reason": "r"}),
        ("tags", {"add": "x"}),
        ("ask", {"department": "legal", "question": "q", "working_days": 1}),
    ]:
        assert dept.post(f"/desk/c/{c.number}/{path}/", data).status_code == 404, path
    c.refresh_from_db()
    assert c.status == Status.NEW and c.department.code == "cs" and c.tags == []
    assert dept.post(f"/desk/c/{c.number}/note/", {"body": "我们查一下"}).status_code == 302


def test_only_the_asked_department_answers(desk, make_complaint):
    c = make_complaint()
    _ask(desk("agent"), c)
    consultation = Consultation.objects.get(complaint=c)
    url = f"/desk/c/{c.number}/ask/{consultation.pk}/answer/"
    assert desk("other_dept").post(url, {"answer": "x"}).status_code == 404
    assert desk("agent").post(url, {"answer": "x"}).status_code == 404
    assert desk("auditor").post(url, {"answer": "x"}).status_code == 404
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.OPEN
    assert desk("other_dept").get(f"/desk/c/{c.number}/").status_code == 404


def test_answering_twice_is_409_and_empty_answer_422(desk, make_complaint):
    c = make_complaint()
    _ask(desk("agent"), c)
    consultation = Consultation.objects.get(complaint=c)
    url = f"/desk/c/{c.number}/ask/{consultation.pk}/answer/"
    assert desk("dept").post(url, {"answer": " "}).status_code == 422
    assert desk("dept").post(url, {"answer": "好的"}).status_code == 302
    assert desk("dept").post(url, {"answer": "再答"}).status_code == 409
    consultation.refresh_from_db()
    assert consultation.answer == "好的"


def test_bad_questions_are_refused_and_write_nothing(desk, make_complaint):
    c = make_complaint()
    client = desk("agent")
    assert _ask(client, c, question=" ").status_code == 422
    assert _ask(client, c, days=0).status_code == 422
    assert _ask(client, c, department="cs").status_code == 422
    assert _ask(client, c, department="nowhere").status_code == 404
    assert desk("auditor").post(f"/desk/c/{c.number}/ask/", {
        "department": "tech", "question": "q", "working_days": 1}).status_code == 404
    assert not Consultation.objects.exists()
    assert not ConsultedDepartment.objects.exists()
