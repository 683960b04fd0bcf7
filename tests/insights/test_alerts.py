"""Spike and 舆情 alerts: detection over the read model, deduplication, the managers' mail,
and a batch incident opened from an alert."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from complaintdesk.complaints.actors import actor_for_user
from complaintdesk.complaints.models import Complaint
from complaintdesk.insights.models import Alert, AlertKind, ComplaintFact, SeriesKind
from complaintdesk.notify.models import MailKind, OutboundEmail
from complaintdesk.workflows.insights_alerts import alert_open_incident, alerts_detect

from .conftest import at

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 20)


def _baseline(story, item: str, per_day: int, days: int = 28) -> None:
    """``per_day`` complaints about ``item`` on each of the ``days`` days before DAY,
    written as fact rows of one complaint (the read model is what detection reads)."""
    template = story.receive("2026-10-20 10:00", item=item, department=None)
    story.refresh()
    fact = ComplaintFact.objects.get(pk=template.pk)
    ComplaintFact.objects.filter(pk=template.pk).delete()
    rows = []
    for back in range(1, days + 1):
        day = DAY - dt.timedelta(days=back)
        for _ in range(per_day):
            clone = Complaint.objects.get(pk=template.pk)
            clone.pk = None
            clone.number = f"TS-B-{day:%m%d}-{len(rows)}"
            clone.save()
            fact.complaint_id = clone.pk
            fact.received_day = day
            rows.append(ComplaintFact(**{f.attname: getattr(fact, f.attname)
                                         for f in ComplaintFact._meta.concrete_fields}))
    ComplaintFact.objects.bulk_create(rows)


def _today(story, item: str, n: int, **extra) -> list[Complaint]:
    made = [story.receive(f"2026-11-20 {9 + i // 6:02d}:{(i % 6) * 10:02d}", item=item,
                          phone=f"1390000{i:04d}", department=None, **extra) for i in range(n)]
    story.refresh("2026-11-20 18:00")
    return made


def _detect():
    with time_machine.travel(at("2026-11-20 18:05"), tick=False):
        return alerts_detect(day=DAY)


def test_a_flat_series_raises_nothing(story):
    _baseline(story, "Python 入门课", per_day=6)
    _today(story, "Python 入门课", 6)
    assert [r for r in _detect() if r.alert.kind == AlertKind.SPIKE] == []


def test_twelve_about_one_course_against_a_baseline_of_one_raise_one_alert(story, personas):
    personas["supervisor"].user.email = "lead@example.com"
    personas["supervisor"].user.save()
    _baseline(story, "Python 入门课", per_day=1)
    made = _today(story, "Python 入门课", 12)
    first = _detect()
    spikes = Alert.objects.filter(kind=AlertKind.SPIKE)
    assert spikes.count() == 1
    alert = spikes.get()
    assert (alert.series_kind, alert.series_key, alert.count) == (
        SeriesKind.ITEM, "Python 入门课", 12
    )
    assert sorted(alert.complaint_ids) == sorted(c.pk for c in made)
    assert alert.expected == pytest.approx(1.0)
    assert [r.created for r in first if r.alert.kind == AlertKind.SPIKE] == [True]
    mails = OutboundEmail.objects.filter(kind=MailKind.REPORT, recipient_user__isnull=False)
    assert list(mails.values_list("to_address", flat=True)) == ["lead@example.com"]
    assert "Python 入门课" in mails.get().subject
    # the next pass the same day joins the same row and mails nobody again
    second = _detect()
    assert Alert.objects.filter(kind=AlertKind.SPIKE).count() == 1
    assert not any(r.created for r in second)
    assert mails.count() == 1


def test_media_risk_raises_a_public_opinion_alert_at_once(story):
    complaint = story.receive("2026-11-20 10:00", department=None,
                              text="你们再不处理，我就找媒体曝光，发到微博上！")
    story.refresh("2026-11-20 10:01")
    if "media_exposure" not in complaint.risk_flags:
        pytest.skip("the risk rules did not flag this text")
    _detect()
    alert = Alert.objects.get(kind=AlertKind.PUBLIC_OPINION)
    assert alert.series_key == "media_exposure" and alert.complaint_ids == [complaint.pk]


def test_a_third_complaint_from_one_customer_raises_a_repeat_alert(story):
    for when in ("2026-11-02 10:00", "2026-11-10 10:00", "2026-11-20 10:00"):
        story.receive(when, department=None, phone="13911112222", by="agent")
    story.refresh("2026-11-20 12:00")
    _detect()
    alert = Alert.objects.get(kind=AlertKind.REPEAT_CUSTOMER)
    assert alert.count == 3


def test_a_supervisor_opens_a_batch_incident_from_an_alert(story, personas, desk):
    _baseline(story, "Python 入门课", per_day=1, days=3)
    made = _today(story, "Python 入门课", 6)
    _detect()
    alert = Alert.objects.get(kind=AlertKind.SPIKE)
    page = desk("supervisor").post(f"/desk/insights/alerts/{alert.pk}/")
    assert page.status_code == 302
    alert.refresh_from_db()
    incident = alert.incident
    assert incident is not None and incident.is_batch
    assert set(Complaint.objects.filter(parent=incident).values_list("pk", flat=True)) == {
        c.pk for c in made
    }
    again = alert_open_incident(alert=alert, actor=actor_for_user(personas["admin"].user))
    assert again.pk == incident.pk
