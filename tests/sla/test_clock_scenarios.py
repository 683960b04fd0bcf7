"""Clocks started, paused and stopped by the lifecycle, named after the case.

Default policies for an e-mail complaint with no industry yet: first reply in 8 working hours,
answer in 3 working days, resolution in 10 working days (Monday–Friday 09:00–18:00 with the
statutory holidays and make-up workdays of 2026).
"""

from __future__ import annotations

from typing import Any

import pytest

from complaintdesk.complaints.actors import actor_for_user
from complaintdesk.complaints.choices import EventKind
from complaintdesk.complaints.errors import Conflict, Forbidden, InvalidInput, MissingRequirement
from complaintdesk.complaints.models import Complaint
from complaintdesk.sla.services import clock_extend
from complaintdesk.workflows.escalate import sweep
from tests.sla.conftest import classify, clock, clocks_of, events_of, iso, sh, submit, targets

pytestmark = pytest.mark.usefixtures("clock_policies")


def test_received_before_hours_counts_from_opening(api: Any, frozen: Any) -> None:
    frozen(sh(2026, 11, 2, 7, 31))
    payload = submit(api("agent"), sh(2026, 11, 2, 7, 30))
    assert targets(payload) == {
        "first_response": iso(2026, 11, 2, 17),
        "answer": iso(2026, 11, 5, 18),
        "resolution": iso(2026, 11, 16, 18),
    }
    first = clocks_of(payload)["first_response"]
    assert first["state"] == "running"
    assert first["paused_seconds"] == 0
    assert first["calendar_verified"] is True
    assert first["warned_at"] is None and first["breached_at"] is None


def test_received_after_hours_counts_from_next_opening(api: Any, frozen: Any) -> None:
    frozen(sh(2026, 11, 2, 19, 1))
    payload = submit(api("agent"), sh(2026, 11, 2, 19))
    assert targets(payload)["first_response"] == iso(2026, 11, 3, 17)
    # The day of receipt is not counted (民法典第二百零一条), whatever the hour.
    assert targets(payload)["answer"] == iso(2026, 11, 5, 18)


def test_received_on_friday_evening_runs_from_monday(api: Any, frozen: Any) -> None:
    frozen(sh(2026, 11, 6, 20, 1))
    payload = submit(api("agent"), sh(2026, 11, 6, 20))
    assert targets(payload)["first_response"] == iso(2026, 11, 9, 17)
    assert targets(payload)["answer"] == iso(2026, 11, 11, 18)


def test_received_on_labour_day_holiday_runs_from_first_working_day(api: Any, frozen: Any) -> None:
    frozen(sh(2026, 5, 1, 10, 1))
    payload = submit(api("agent"), sh(2026, 5, 1, 10))
    assert targets(payload)["first_response"] == iso(2026, 5, 6, 17)
    assert targets(payload)["answer"] == iso(2026, 5, 8, 18)


def test_received_before_make_up_saturday_counts_the_saturday(api: Any, frozen: Any) -> None:
    frozen(sh(2026, 10, 9, 17, 1))
    payload = submit(api("agent"), sh(2026, 10, 9, 17))
    # One working hour on Friday, seven on the make-up Saturday 2026-10-10.
    assert targets(payload)["first_response"] == iso(2026, 10, 10, 16)


def test_evidence_from_friday_17h_before_make_up_saturday_due_saturday_noon(
    api: Any, personas: Any, frozen: Any
) -> None:
    frozen(sh(2026, 10, 9, 16))
    number = submit(api("agent"), sh(2026, 10, 9, 15))["number"]
    classify(number, industry="ecommerce")
    for step in ("acknowledged", "in_progress"):
        api("agent").post(f"/complaints/{number}/transitions", {"to": step})
    frozen(sh(2026, 10, 9, 17))
    response = api("agent").post(
        f"/complaints/{number}/transitions", {"to": "in_dispute", "reason": "商家举证"}
    )
    assert response.status_code == 200
    assert targets(response.json())["evidence"] == iso(2026, 10, 10, 12)
    frozen(sh(2026, 10, 10, 11))
    api("agent").post(f"/complaints/{number}/transitions", {"to": "in_progress"})
    assert clock(number, "evidence").state == "met"


def test_across_spring_festival_2026(api: Any, frozen: Any) -> None:
    frozen(sh(2026, 2, 13, 10, 1))
    payload = submit(api("agent"), sh(2026, 2, 13, 10))
    # 02-14 is a make-up Saturday; 02-15..02-23 the holiday; days 2 and 3 are 02-24, 02-25.
    assert targets(payload)["answer"] == iso(2026, 2, 25, 18)


def test_across_national_day_2026(api: Any, frozen: Any) -> None:
    frozen(sh(2026, 9, 30, 18, 31))
    payload = submit(api("agent"), sh(2026, 9, 30, 18, 30))
    assert targets(payload)["answer"] == iso(2026, 10, 10, 18)
    assert targets(payload)["first_response"] == iso(2026, 10, 8, 17)


def test_beyond_the_known_holiday_data_is_marked_unverified(api: Any, frozen: Any) -> None:
    frozen(sh(2026, 12, 28, 10, 1))
    clocks = clocks_of(submit(api("agent"), sh(2026, 12, 28, 10)))
    assert clocks["answer"]["calendar_verified"] is True  # due 2026-12-31
    assert clocks["resolution"]["target_at"] == iso(2027, 1, 11, 18)
    assert clocks["resolution"]["calendar_verified"] is False


def test_paused_while_waiting_for_the_customer(api: Any, frozen: Any) -> None:
    frozen(sh(2026, 11, 2, 10, 1))
    number = submit(api("customer"), sh(2026, 11, 2, 10), channel="web")["number"]
    frozen(sh(2026, 11, 2, 11))
    api("agent").post(f"/complaints/{number}/transitions", {"to": "acknowledged"})
    api("agent").post(f"/complaints/{number}/transitions", {"to": "in_progress"})
    paused = api("agent").post(
        f"/complaints/{number}/transitions", {"to": "waiting_customer", "reason": "请提供订单截图"}
    )
    assert clocks_of(paused.json())["answer"]["state"] == "paused"
    assert clocks_of(paused.json())["first_response"]["state"] == "running"
    frozen(sh(2026, 11, 4, 11))
    reply = api("customer").post(f"/complaints/{number}/messages", {"body": "截图已上传"})
    assert reply.json()["complaint_status"] == "in_progress"
    clocks = clocks_of(api("agent").get(f"/complaints/{number}").json())
    # Paused Mon 11:00 to Wed 11:00: 7 + 9 + 2 = 18 working hours, none of them charged.
    assert clocks["answer"]["state"] == "running"
    assert clocks["answer"]["paused_seconds"] == 18 * 3600
    assert clocks["answer"]["target_at"] == iso(2026, 11, 9, 18)
    assert clocks["resolution"]["target_at"] == iso(2026, 11, 18, 18)
    assert clocks["first_response"]["paused_seconds"] == 0
    assert clock(number, "answer").warn_at == sh(2026, 11, 9, 11)


def test_paused_clock_is_not_swept(api: Any, frozen: Any) -> None:
    frozen(sh(2026, 11, 2, 10, 1))
    number = submit(api("agent"), sh(2026, 11, 2, 10))["number"]
    for step in ("acknowledged", "in_progress"):
        api("agent").post(f"/complaints/{number}/transitions", {"to": step})
    api("agent").post(
        f"/complaints/{number}/transitions", {"to": "waiting_customer", "reason": "x"}
    )
    sweep(now=sh(2026, 12, 31))
    assert clock(number, "answer").state == "paused"
    assert clock(number, "answer").warned_at is None


def test_resolved_early_meets_every_clock_and_nothing_escalates(api: Any, frozen: Any) -> None:
    frozen(sh(2026, 11, 2, 10, 1))
    number = submit(api("agent"), sh(2026, 11, 2, 10))["number"]
    frozen(sh(2026, 11, 2, 10, 30))
    api("agent").post(f"/complaints/{number}/messages", {"body": "您好，我们正在处理。"})
    assert clock(number, "first_response").state == "met"
    frozen(sh(2026, 11, 3, 10))
    for step in ("acknowledged", "in_progress"):
        api("agent").post(f"/complaints/{number}/transitions", {"to": step})
    response = api("agent").post(
        f"/complaints/{number}/transitions", {"to": "resolved", "reason": "已退款"}
    )
    assert {c["state"] for c in response.json()["clocks"]} == {"met"}
    result = sweep(now=sh(2026, 12, 31))
    assert (result.warned, result.breached) == (0, 0)
    assert events_of(number, EventKind.CLOCK_WARNING, EventKind.CLOCK_BREACHED) == []


def test_resolved_late_records_the_breach(api: Any, frozen: Any) -> None:
    frozen(sh(2026, 11, 2, 10, 1))
    number = submit(api("agent"), sh(2026, 11, 2, 10))["number"]
    frozen(sh(2026, 11, 6, 10))
    for step in ("acknowledged", "in_progress"):
        api("agent").post(f"/complaints/{number}/transitions", {"to": step})
    api("agent").post(f"/complaints/{number}/transitions", {"to": "resolved", "reason": "ok"})
    answer = clock(number, "answer")
    assert answer.state == "breached"
    assert answer.breached_at == sh(2026, 11, 5, 18)
    assert clock(number, "resolution").state == "met"


def test_withdrawn_stops_the_clocks(api: Any, frozen: Any) -> None:
    frozen(sh(2026, 11, 2, 10, 1))
    number = submit(api("customer"), sh(2026, 11, 2, 10))["number"]
    api("customer").post(f"/complaints/{number}/transitions", {"to": "withdrawn"})
    assert {c.state for c in Complaint.objects.get(number=number).clocks.all()} == {"stopped"}


def test_triage_industry_applies_the_industry_policy(api: Any, frozen: Any) -> None:
    frozen(sh(2026, 11, 2, 10, 1))
    number = submit(api("agent"), sh(2026, 11, 2, 10))["number"]
    classify(number, industry="delivery")
    assert clock(number, "first_response").target_at == sh(2026, 11, 2, 10, 30)
    assert clock(number, "answer").target_at == sh(2026, 11, 3, 10)
    assert clock(number, "resolution").target_at == sh(2026, 11, 5, 10)


def _insurance_complaint(api: Any, frozen: Any) -> str:
    frozen(sh(2026, 11, 2, 10, 1))
    number = submit(api("agent"), sh(2026, 11, 2, 10))["number"]
    classify(number, industry="insurance")
    return number


def test_extended_statutory_clock_moves_and_the_customer_must_be_told(
    api: Any, personas: Any, frozen: Any
) -> None:
    number = _insurance_complaint(api, frozen)
    # 15 days: 11-02 not counted, the 15th day is Tue 11-17, ending at 24:00.
    assert clock(number, "statutory").target_at == sh(2026, 11, 18)
    frozen(sh(2026, 11, 10, 9))
    supervisor = actor_for_user(personas["supervisor"].user)
    assert supervisor is not None
    clock_extend(
        complaint=Complaint.objects.get(number=number),
        kind="statutory",
        actor=supervisor,
        amount=15,
        reason="需调取医院病历，情况复杂",
    )
    statutory = clock(number, "statutory")
    assert statutory.target_at == sh(2026, 12, 3)
    assert (statutory.extension, statutory.extended_by_id) == (15, personas["supervisor"].user.pk)
    extended, notice = events_of(number, EventKind.CLOCK_EXTENDED, EventKind.CUSTOMER_NOTICE_DUE)
    assert extended.kind == EventKind.CLOCK_EXTENDED
    assert extended.data["previous_target"] == sh(2026, 11, 18).isoformat()
    assert notice.kind == EventKind.CUSTOMER_NOTICE_DUE
    assert notice.data["reason"] == "需调取医院病历，情况复杂"
    payload = api("agent").get(f"/complaints/{number}").json()
    assert clocks_of(payload)["statutory"]["target_at"] == iso(2026, 12, 3)


def test_extension_refusals(api: Any, personas: Any, frozen: Any) -> None:
    number = _insurance_complaint(api, frozen)
    complaint = Complaint.objects.get(number=number)
    agent = actor_for_user(personas["agent"].user)
    supervisor = actor_for_user(personas["supervisor"].user)
    assert agent is not None and supervisor is not None
    with pytest.raises(Forbidden):
        clock_extend(complaint=complaint, kind="statutory", actor=agent, amount=15, reason="x")
    with pytest.raises(MissingRequirement):
        clock_extend(complaint=complaint, kind="statutory", actor=supervisor, amount=15, reason=" ")
    with pytest.raises(InvalidInput):
        clock_extend(complaint=complaint, kind="statutory", actor=supervisor, amount=46, reason="x")
    with pytest.raises(InvalidInput):  # a first reply cannot be extended
        clock_extend(
            complaint=complaint, kind="first_response", actor=supervisor, amount=1, reason="x"
        )
    with pytest.raises(InvalidInput):  # the answer promise moves by 5 working days at most
        clock_extend(complaint=complaint, kind="answer", actor=supervisor, amount=6, reason="x")
    clock_extend(complaint=complaint, kind="statutory", actor=supervisor, amount=45, reason="x")
    with pytest.raises(InvalidInput):  # 45 days in total at most
        clock_extend(complaint=complaint, kind="statutory", actor=supervisor, amount=1, reason="x")
    sweep(now=sh(2027, 3, 1))
    with pytest.raises(Conflict):
        clock_extend(complaint=complaint, kind="answer", actor=supervisor, amount=1, reason="x")
    assert len(events_of(number, EventKind.CLOCK_EXTENDED)) == 1


def test_clocks_hidden_from_the_customer(api: Any, frozen: Any) -> None:
    frozen(sh(2026, 11, 2, 10, 1))
    payload = submit(api("customer"), sh(2026, 11, 2, 10))
    assert payload["clocks"] == []
    assert len(clocks_of(api("agent").get(f"/complaints/{payload['number']}").json())) == 3


def test_reopened_restarts_the_answer_and_resolution_clocks(api: Any, frozen: Any) -> None:
    frozen(sh(2026, 11, 2, 10, 1))
    number = submit(api("agent"), sh(2026, 11, 2, 10))["number"]
    frozen(sh(2026, 11, 6, 10))  # the answer is late (due Thu 11-05 18:00)
    for step in ("acknowledged", "in_progress"):
        api("agent").post(f"/complaints/{number}/transitions", {"to": step})
    api("agent").post(f"/complaints/{number}/transitions", {"to": "resolved", "reason": "ok"})
    first_reply = clock(number, "first_response")
    frozen(sh(2026, 11, 9, 10))  # Monday: the customer calls back, not satisfied
    response = api("agent").post(
        f"/complaints/{number}/transitions", {"to": "reopened", "reason": "退款没到账"}
    )
    assert response.status_code == 200, response.content
    answer, resolution = clock(number, "answer"), clock(number, "resolution")
    for restarted in (answer, resolution):
        assert restarted.state == "running" and restarted.started_at == sh(2026, 11, 9, 10)
        assert (restarted.warned_at, restarted.breached_at, restarted.stopped_at) == (None,) * 3
    # Full time again from Monday 10:00: 3 working days (Thu 18:00), 10 working days.
    assert answer.target_at == sh(2026, 11, 12, 18)
    assert resolution.target_at == sh(2026, 11, 23, 18)
    assert answer.next_due_at == answer.warn_at
    # The first reply was owed once; its clock keeps its first-round result.
    assert clock(number, "first_response").state == first_reply.state
    # The restarted clock warns and breaches again, as a new round.
    sweep(now=sh(2026, 11, 12, 18))
    assert clock(number, "answer").state == "breached"
    breaches = events_of(number, EventKind.CLOCK_BREACHED)
    assert [e.data["clock"] for e in breaches].count("answer") == 1  # round one was not swept
