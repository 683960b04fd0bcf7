"""The lifecycle table, every pair of states, in the pure table and through the API."""

from __future__ import annotations

import itertools

import pytest

from complaintdesk.complaints import states
from complaintdesk.complaints.choices import EventKind, Role, Status
from complaintdesk.complaints.models import Complaint, ComplaintEvent
from tests.conftest import complaint_body

S = Status
OPEN = [S.NEW, S.ACKNOWLEDGED, S.IN_PROGRESS, S.WAITING_CUSTOMER, S.IN_DISPUTE, S.REOPENED]
# Written out independently of the table, from the lifecycle in the design.
EXPECTED = {
    (S.NEW, S.ACKNOWLEDGED),
    (S.NEW, S.REJECTED),
    (S.ACKNOWLEDGED, S.IN_PROGRESS),
    (S.IN_PROGRESS, S.WAITING_CUSTOMER),
    (S.WAITING_CUSTOMER, S.IN_PROGRESS),
    (S.IN_PROGRESS, S.IN_DISPUTE),
    (S.IN_DISPUTE, S.IN_PROGRESS),
    (S.IN_PROGRESS, S.RESOLVED),
    (S.RESOLVED, S.CLOSED),
    (S.RESOLVED, S.REOPENED),
    (S.REOPENED, S.IN_PROGRESS),
    *((s, S.WITHDRAWN) for s in OPEN),
    *((s, S.MERGED) for s in OPEN),
}
ALL_PAIRS = list(itertools.product(list(Status), list(Status)))


@pytest.mark.parametrize(("source", "target"), ALL_PAIRS, ids=lambda s: str(s))
def test_table_allows_exactly_the_designed_moves(source: Status, target: Status) -> None:
    assert (states.find_transition(source, target) is not None) == ((source, target) in EXPECTED)


def test_final_states_have_no_way_out() -> None:
    for final in states.FINAL_STATES:
        assert states.allowed_targets(final) == []


def test_auditor_may_make_no_move() -> None:
    assert all(Role.AUDITOR not in t.roles for t in states.TRANSITIONS.values())


def test_customer_may_only_withdraw_confirm_reopen_or_answer() -> None:
    customer_targets = {t.target for t in states.TRANSITIONS.values() if Role.CUSTOMER in t.roles}
    assert customer_targets == {S.WITHDRAWN, S.CLOSED, S.REOPENED, S.IN_PROGRESS}


def _body_for(target: Status, other_number: str) -> dict[str, str]:
    body = {"to": str(target), "reason": "处理说明"}
    if target == S.MERGED:
        body["merge_into"] = other_number
    return body


FOLLOWUP_KINDS = [
    EventKind.CONFIRMATION_ASKED, EventKind.RETURN_CALL_SCHEDULED,
    EventKind.CONFIRMATION_WITHDRAWN, EventKind.RETURN_CALL_CANCELLED,
]


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), ALL_PAIRS, ids=lambda s: str(s))
def test_every_pair_through_the_api(api, source: Status, target: Status) -> None:
    supervisor = api("supervisor")
    number = supervisor.post("/complaints", complaint_body()).json()["number"]
    other = supervisor.post("/complaints", complaint_body()).json()["number"]
    Complaint.objects.filter(number=number).update(status=source)  # arrange only
    events_before = ComplaintEvent.objects.filter(complaint__number=number).count()

    response = supervisor.post(f"/complaints/{number}/transitions", _body_for(target, other))

    complaint = Complaint.objects.get(number=number)
    events = ComplaintEvent.objects.filter(complaint__number=number)
    if (source, target) in EXPECTED:
        assert response.status_code == 200, response.json()
        assert response.json()["status"] == target
        assert complaint.status == target
        # A resolution also asks the customer to confirm it (docs/followup.md): follow-up
        # events of their own kinds; the move itself is one event.
        moves = events.exclude(kind__in=FOLLOWUP_KINDS)
        last = moves.last()
        assert last is not None
        assert (last.from_status, last.to_status) == (source, target)
        assert last.kind in {EventKind.STATUS_CHANGED, EventKind.MERGED}
        assert moves.count() == events_before + 1
    else:
        assert response.status_code == 409
        payload = response.json()
        assert payload["code"] == "illegal_transition"
        assert payload["details"]["allowed"] == states.allowed_targets(source, Role.SUPERVISOR)
        assert complaint.status == source
        assert events.count() == events_before


@pytest.mark.django_db
@pytest.mark.parametrize("target", [S.REJECTED, S.WAITING_CUSTOMER, S.RESOLVED, S.REOPENED])
def test_moves_that_need_a_reason_refuse_without_one(api, target: Status) -> None:
    source = next(s for (s, t) in EXPECTED if t == target)
    supervisor = api("supervisor")
    number = supervisor.post("/complaints", complaint_body()).json()["number"]
    Complaint.objects.filter(number=number).update(status=source)

    response = supervisor.post(f"/complaints/{number}/transitions", {"to": target, "reason": " "})

    assert response.status_code == 422
    assert response.json()["code"] == "missing_requirement"
    assert response.json()["details"] == {"missing": ["reason"]}
    assert Complaint.objects.get(number=number).status == source


@pytest.mark.django_db
def test_merge_links_both_complaints(api) -> None:
    agent = api("agent")
    first = agent.post("/complaints", complaint_body()).json()["number"]
    second = agent.post("/complaints", complaint_body()).json()["number"]

    response = agent.post(
        f"/complaints/{second}/transitions", {"to": "merged", "merge_into": first}
    )

    assert response.status_code == 200
    assert response.json()["parent"] == first
    target_events = ComplaintEvent.objects.filter(complaint__number=first)
    assert target_events.filter(kind=EventKind.CHILD_MERGED, data__child=second).exists()


@pytest.mark.django_db
def test_merge_into_itself_is_refused(api) -> None:
    agent = api("agent")
    number = agent.post("/complaints", complaint_body()).json()["number"]
    response = agent.post(
        f"/complaints/{number}/transitions", {"to": "merged", "merge_into": number}
    )
    assert response.status_code == 422
    assert Complaint.objects.get(number=number).status == S.NEW


@pytest.mark.django_db
def test_unknown_target_status_is_a_clear_422(api) -> None:
    agent = api("agent", "en")
    number = agent.post("/complaints", complaint_body()).json()["number"]
    response = agent.post(f"/complaints/{number}/transitions", {"to": "done"})
    assert response.status_code == 422
    assert response.json()["details"][0]["field"] == "to"
