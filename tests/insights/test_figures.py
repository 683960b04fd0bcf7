"""Each figure of the dashboard on a small known data set, against values worked by hand.

The calendar is the built-in one: Monday–Friday 09:00–18:00 with the statutory holidays.
2026-09-25 (Friday) is the Mid-Autumn Festival; 2026-10-01..07 is the National Day holiday.

- A: received Thu 09-24 17:00; first reply Mon 09-28 10:00 = 1 h Thu + 1 h Mon = 2 h
  (Friday a holiday, then the weekend); resolved Mon 09-28 15:00 = 1 h + 6 h = 7 h.
- B: received Wed 09-30 17:00; first reply Thu 10-08 09:30 = 1 h + 0.5 h = 1.5 h (National
  Day); resolved Fri 10-09 11:00 = 1 h + 9 h + 2 h = 12 h.
- C: received Mon 11-02 10:00; first reply 10:45 = 0.75 h; resolved 15:00 = 5 h; reopened
  Tue 11-03 10:00.
- D: received Tue 11-03 10:00 (department tech), no reply, open.

First response (h): 0.75, 1.5, 2 → median 1.5; p90: rank (3−1)·0.9 = 1.8 → 1.5 + 0.8·0.5 = 1.9.
Resolution (h): 5, 7, 12 → median 7; p90: 7 + 0.8·5 = 11.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from complaintdesk.complaints.actors import actor_for_user
from complaintdesk.insights import selectors
from complaintdesk.insights.models import ComplaintFact
from complaintdesk.insights.slices import Slice

pytestmark = pytest.mark.django_db


@pytest.fixture
def four(story):
    a = story.receive("2026-09-24 17:00", item="Python 入门课", channel="web")
    story.reply(a, "2026-09-28 10:00")
    story.resolve(a, "2026-09-28 15:00")
    b = story.receive("2026-09-30 17:00", item="Python 入门课", channel="phone")
    story.reply(b, "2026-10-08 09:30")
    story.resolve(b, "2026-10-09 11:00")
    c = story.receive("2026-11-02 10:00", item="蓝牙耳机", channel="web")
    story.reply(c, "2026-11-02 10:45")
    story.resolve(c, "2026-11-02 15:00")
    story.reopen(c, "2026-11-03 10:00")
    d = story.receive("2026-11-03 10:00", item="Python 入门课", channel="email",
                      department="tech")
    story.refresh()
    return {"a": a, "b": b, "c": c, "d": d}


def test_working_minutes_across_a_weekend_and_holidays(four):
    facts = {f.complaint_id: f for f in ComplaintFact.objects.all()}
    a, b, c, d = (facts[four[k].pk] for k in "abcd")
    assert (a.first_response_minutes, a.resolution_minutes) == (120, 420)
    assert (b.first_response_minutes, b.resolution_minutes) == (90, 720)
    assert (c.first_response_minutes, c.resolution_minutes) == (45, 300)
    assert (d.first_response_minutes, d.resolution_minutes) == (None, None)
    assert a.received_day == dt.date(2026, 9, 24)
    assert c.reopened and c.is_open and not a.reopened


def test_handling_time_medians_and_p90_in_working_hours(four, personas):
    supervisor = actor_for_user(personas["supervisor"].user)
    first, resolution = selectors.handling_times(actor=supervisor, slice_=Slice())
    assert (first.count, first.median_hours, round(first.p90_hours, 4)) == (3, 1.5, 1.9)
    assert (resolution.count, resolution.median_hours, resolution.p90_hours) == (3, 7.0, 11.0)


def test_headline_and_reopen_rate(four, personas):
    supervisor = actor_for_user(personas["supervisor"].user)
    head = selectors.headline(actor=supervisor, slice_=Slice())
    assert (head.received, head.open, head.resolved, head.reopened) == (4, 2, 3, 1)
    assert head.reopen_rate == pytest.approx(1 / 3)


def test_volume_by_day_week_and_month(four, personas):
    supervisor = actor_for_user(personas["supervisor"].user)
    by_day = selectors.volume(actor=supervisor, slice_=Slice())
    assert [(r.key, r.count) for r in by_day if r.count] == [
        ("2026-09-24", 1), ("2026-09-30", 1), ("2026-11-02", 1), ("2026-11-03", 1)
    ]
    assert len(by_day) == 41  # 09-24 … 11-03, the empty days as zeros
    by_week = selectors.volume(actor=supervisor, slice_=Slice(grain="week"))
    assert [(r.key, r.count) for r in by_week if r.count] == [
        ("2026-09-21", 1), ("2026-09-28", 1), ("2026-11-02", 2)
    ]
    assert len(by_week) == 7
    by_month = selectors.volume(actor=supervisor, slice_=Slice(grain="month"))
    assert [(r.key, r.count) for r in by_month] == [
        ("2026-09-01", 2), ("2026-10-01", 0), ("2026-11-01", 2)
    ]
    assert by_week[-1].drill == {"period": "2026-11-02", "grain": "week"}
    november = Slice(day_from=dt.date(2026, 11, 1), day_to=dt.date(2026, 11, 30))
    assert len(selectors.volume(actor=supervisor, slice_=november)) == 30


def test_breakdowns_by_item_channel_and_department(four, personas):
    supervisor = actor_for_user(personas["supervisor"].user)
    items = selectors.breakdown(actor=supervisor, slice_=Slice(), dimension="item")
    assert [(r.label, r.count, round(r.share, 2)) for r in items] == [
        ("Python 入门课", 3, 0.75), ("蓝牙耳机", 1, 0.25)
    ]
    channels = selectors.breakdown(actor=supervisor, slice_=Slice(), dimension="channel")
    assert [(r.key, r.count) for r in channels] == [("web", 2), ("email", 1), ("phone", 1)]
    assert channels[0].label == "网页表单"
    departments = selectors.breakdown(actor=supervisor, slice_=Slice(), dimension="department")
    assert [(r.label, r.count) for r in departments] == [("客服部", 3), ("技术部", 1)]


def test_filters_apply_to_every_panel(four, personas):
    supervisor = actor_for_user(personas["supervisor"].user)
    november = Slice(day_from=dt.date(2026, 11, 1), day_to=dt.date(2026, 11, 30))
    assert selectors.headline(actor=supervisor, slice_=november).received == 2
    first, resolution = selectors.handling_times(actor=supervisor, slice_=november)
    assert (first.count, first.median_hours, resolution.median_hours) == (1, 0.75, 5.0)
    tech = Slice(department_id=four["d"].department_id)
    assert selectors.backlog(actor=supervisor, slice_=tech).open == 1


def test_sla_attainment_and_breach_trend(four, personas):
    ids = [four[k].pk for k in "abcd"]
    ComplaintFact.objects.filter(pk__in=ids[:2]).update(sla_answer="met")
    ComplaintFact.objects.filter(pk=ids[2]).update(sla_answer="breached")
    ComplaintFact.objects.filter(pk=ids[3]).update(sla_answer="paused")
    supervisor = actor_for_user(personas["supervisor"].user)
    answer = next(c for c in selectors.sla_attainment(actor=supervisor, slice_=Slice())
                  if c.kind == "answer")
    assert (answer.met, answer.breached, answer.running, answer.stopped) == (2, 1, 1, 0)
    assert answer.attainment == pytest.approx(2 / 3)
    trend = selectors.breach_trend(actor=supervisor, slice_=Slice(grain="month"))
    assert trend["answer"] == [("2026-09-01", 0.0), ("2026-11-01", 1.0)]


def test_backlog_by_age_band(four, personas):
    supervisor = actor_for_user(personas["supervisor"].user)
    now = dt.datetime(2026, 11, 4, 12, tzinfo=dt.UTC)
    found = selectors.backlog(actor=supervisor, slice_=Slice(), now=now)
    assert found.open == 2
    # C received 2026-11-02 02:00 UTC (2 d 10 h before), D 2026-11-03 02:00 UTC (1 d 10 h).
    assert {r.key: r.count for r in found.by_age} == {
        "0-1": 0, "1-3": 2, "3-7": 0, "7-30": 0, "30+": 0
    }


def test_every_panel_runs_a_bounded_number_of_queries(four, personas):
    supervisor = actor_for_user(personas["supervisor"].user)
    with CaptureQueriesContext(connection) as queries:
        selectors.headline(actor=supervisor, slice_=Slice())
        selectors.volume(actor=supervisor, slice_=Slice())
        selectors.sla_attainment(actor=supervisor, slice_=Slice())
        selectors.breach_trend(actor=supervisor, slice_=Slice())
        selectors.handling_times(actor=supervisor, slice_=Slice())
        selectors.backlog(actor=supervisor, slice_=Slice())
        for dimension in selectors.DIMENSIONS:
            selectors.breakdown(actor=supervisor, slice_=Slice(), dimension=dimension)
    # 1+1+1+1+2+2 panels, 7 breakdowns, 2 of them with a name lookup
    assert len(queries) <= 8 + 7 + 2


def test_the_read_model_follows_new_events_only(story):
    complaint = story.receive("2026-11-02 10:00")
    assert story.refresh("2026-11-02 10:05") == 1
    fact = ComplaintFact.objects.get(pk=complaint.pk)
    assert fact.first_response_minutes is None
    assert story.refresh("2026-11-02 10:30") == 0  # nothing new, nothing rewritten
    story.reply(complaint, "2026-11-02 11:00")
    assert story.refresh("2026-11-02 11:30") == 1
    fact.refresh_from_db()
    assert fact.first_response_minutes == 60
    assert fact.sla_first_response == "met"
