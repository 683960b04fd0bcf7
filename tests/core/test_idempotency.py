"""Retries of the same request give one complaint; reusing a key for other data is refused."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from complaintdesk.complaints.models import Complaint, ComplaintEvent
from tests.conftest import Api, complaint_body


@pytest.mark.django_db
def test_same_key_replays_the_first_response(api) -> None:
    agent = api("agent")
    first = agent.post("/complaints", complaint_body(), HTTP_IDEMPOTENCY_KEY="k-1")
    second = agent.post("/complaints", complaint_body(), HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert Complaint.objects.count() == 1


@pytest.mark.django_db
def test_same_key_with_another_body_is_422(api) -> None:
    agent = api("agent")
    agent.post("/complaints", complaint_body(), HTTP_IDEMPOTENCY_KEY="k-2")
    response = agent.post(
        "/complaints", complaint_body(text="另一件事"), HTTP_IDEMPOTENCY_KEY="k-2"
    )
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert Complaint.objects.count() == 1


@pytest.mark.django_db
def test_keys_are_per_user(api) -> None:
    api("agent").post("/complaints", complaint_body(), HTTP_IDEMPOTENCY_KEY="shared")
    api("supervisor").post("/complaints", complaint_body(), HTTP_IDEMPOTENCY_KEY="shared")
    assert Complaint.objects.count() == 2


@pytest.mark.django_db
def test_failed_request_does_not_burn_the_key(api) -> None:
    agent = api("agent")
    assert (
        agent.post("/complaints", complaint_body(text=""), HTTP_IDEMPOTENCY_KEY="k-3").status_code
        == 422
    )
    assert (
        agent.post("/complaints", complaint_body(text=""), HTTP_IDEMPOTENCY_KEY="k-3").status_code
        == 422
    )
    assert (
        agent.post("/complaints", complaint_body(), HTTP_IDEMPOTENCY_KEY="k-4").status_code == 201
    )


@pytest.mark.django_db
def test_transition_retry_is_replayed_not_refused(api) -> None:
    agent = api("agent")
    number = agent.post("/complaints", complaint_body()).json()["number"]
    body = {"to": "acknowledged"}
    first = agent.post(f"/complaints/{number}/transitions", body, HTTP_IDEMPOTENCY_KEY="t-1")
    retry = agent.post(f"/complaints/{number}/transitions", body, HTTP_IDEMPOTENCY_KEY="t-1")
    assert first.status_code == retry.status_code == 200
    assert (
        ComplaintEvent.objects.filter(complaint__number=number, to_status="acknowledged").count()
        == 1
    )


@pytest.mark.django_db
def test_same_channel_and_external_id_returns_the_existing_complaint(api) -> None:
    agent = api("agent")
    first = agent.post("/complaints", complaint_body(channel="phone", external_id="TB-99"))
    again = agent.post("/complaints", complaint_body(channel="phone", external_id="TB-99"))
    other_channel = agent.post("/complaints", complaint_body(channel="email", external_id="TB-99"))
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["number"] == again.json()["number"]
    assert other_channel.status_code == 201
    assert Complaint.objects.count() == 2


def _concurrently(count: int, work) -> list:
    results: list = [None] * count
    barrier = threading.Barrier(count)

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_with_one_key_give_one_complaint(personas) -> None:
    body = complaint_body()
    responses = _concurrently(
        8, lambda i: Api(personas["agent"]).post("/complaints", body, HTTP_IDEMPOTENCY_KEY="race")
    )
    assert {r.status_code for r in responses} == {201}
    assert len({r.json()["number"] for r in responses}) == 1
    assert Complaint.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_deliveries_of_one_external_id_give_one_complaint(personas) -> None:
    body = complaint_body(channel="api", external_id="JD-race")
    responses = _concurrently(8, lambda i: Api(personas["integration"]).post("/complaints", body))
    assert sorted(r.status_code for r in responses).count(201) == 1
    assert {r.status_code for r in responses} <= {200, 201}
    assert Complaint.objects.count() == 1


@pytest.mark.django_db
def test_external_id_of_another_source_is_its_own_complaint_not_a_leak(api, personas) -> None:
    """External ids are unique per source: another source's id neither answers 409 (which
    would confirm that it exists) nor touches the other complaint (tests/security)."""
    from complaintdesk.complaints.apikeys import apikey_create

    first = api("integration").post("/complaints", complaint_body(external_id="X-1"))
    _, other_key = apikey_create(name="other-integration", role="integration")
    response = Api(None).post(
        "/complaints",
        complaint_body(external_id="X-1", text="另一个来源的投诉。"),
        HTTP_AUTHORIZATION=f"Bearer {other_key}",
    )
    assert response.status_code == 201
    assert response.json()["number"] != first.json()["number"]
    assert response.json()["text"] == "另一个来源的投诉。"
    assert Complaint.objects.count() == 2
