"""Complaint numbers: readable, per local day, unique and never reused, under concurrency."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection

from complaintdesk.complaints.models import Complaint
from complaintdesk.lib.ids import format_complaint_number, looks_like_complaint_number
from tests.conftest import Api, complaint_body
from tests.core.test_idempotency import _concurrently


def test_format() -> None:
    assert format_complaint_number("TS", dt.date(2026, 11, 22), 123) == "TS-20261122-000123"
    assert looks_like_complaint_number("TS-20261122-1000000")
    with pytest.raises(ValueError, match="start at 1"):
        format_complaint_number("TS", dt.date(2026, 11, 22), 0)


@pytest.mark.django_db
def test_numbers_follow_the_shanghai_day_of_receipt(api) -> None:
    agent = api("agent")
    late_utc = agent.post("/complaints", complaint_body(received_at="2026-11-21T17:30:00Z"))
    assert late_utc.json()["number"] == "TS-20261122-000001"
    next_one = agent.post("/complaints", complaint_body(received_at="2026-11-22T08:00:00+08:00"))
    assert next_one.json()["number"] == "TS-20261122-000002"
    other_day = agent.post("/complaints", complaint_body(received_at="2026-11-23T00:00:01+08:00"))
    assert other_day.json()["number"] == "TS-20261123-000001"


@pytest.mark.django_db
def test_numbers_come_from_the_day_counter_not_from_the_complaints_on_record(api) -> None:
    agent = api("agent")
    with time_machine.travel(dt.datetime(2026, 11, 22, 10, tzinfo=dt.UTC)):
        first = agent.post("/complaints", complaint_body()).json()["number"]
        # arrange: the day no longer shows its first number (a complaint with events cannot be
        # deleted, so it is renumbered instead); counting or taking the maximum would reuse it
        Complaint.objects.filter(number=first).update(number="TS-20261121-999999")
        second = agent.post("/complaints", complaint_body()).json()["number"]
    assert first == "TS-20261122-000001" and second == "TS-20261122-000002"


@pytest.mark.django_db(transaction=True)
def test_concurrent_intake_gives_unique_consecutive_numbers(personas) -> None:
    count = 12 if connection.vendor == "postgresql" else 8
    body = complaint_body(received_at="2026-11-22T10:00:00+08:00")
    responses = _concurrently(count, lambda i: Api(personas["agent"]).post("/complaints", body))
    assert [r.status_code for r in responses] == [201] * count
    numbers = sorted(r.json()["number"] for r in responses)
    assert numbers == [f"TS-20261122-{i:06d}" for i in range(1, count + 1)]
