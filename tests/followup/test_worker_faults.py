"""The follow-up pass under faults: killed with SIGKILL in the middle of sending invitations,
then in the middle of sending reminders, and restarted each time. Real processes on a
committed database (transactional tests, a file SQLite database or PostgreSQL), so the claims
and transactions are the real ones. Every complaint ends with exactly one invitation and one
reminder: its event, its outbox row and its link written together or not at all."""

from __future__ import annotations

import datetime as dt
import importlib
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection

from complaintdesk.complaints.choices import EventKind
from complaintdesk.complaints.models import Complaint, ComplaintEvent, Customer
from complaintdesk.followup.models import Survey, SurveyLink
from complaintdesk.notify.models import OutboundEmail, ReplyTemplate
from complaintdesk.workflows.tasks import followup_sweep

pytestmark = pytest.mark.django_db(transaction=True)

RESOLVED_AT = dt.datetime(2026, 11, 2, 2, tzinfo=dt.UTC)
FAR = dt.datetime(2099, 1, 1, tzinfo=dt.UTC)
COUNT = 400


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgresql://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _followup(tmp_path: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "COMPLAINTDESK_DATA_DIR": str(tmp_path),
        "SECRET_KEY": "fault-test",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "complaintdesk.cli", "followup", "--batch", "1"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )


def _seed(count: int) -> None:
    """``count`` resolved complaints whose survey invitation is due."""
    shipped = importlib.import_module(
        "complaintdesk.notify.migrations.0004_followup_kinds_and_templates"
    )
    for code, kind, language, name, subject, body in shipped.TEMPLATES:
        ReplyTemplate.objects.get_or_create(
            code=code, language=language,
            defaults={"kind": kind, "name": name, "subject": subject, "body": body},
        )
    Customer.objects.bulk_create(
        Customer(name=f"客户{i}", email=f"c{i}@example.com") for i in range(count)
    )
    customers = list(Customer.objects.order_by("id"))
    Complaint.objects.bulk_create(
        Complaint(
            number=f"TS-S-{i:06d}", channel="web", text="耳机没有声音", received_at=RESOLVED_AT,
            status="resolved", status_changed_at=RESOLVED_AT, customer=customers[i],
        )
        for i in range(count)
    )
    Survey.objects.bulk_create(
        Survey(
            complaint=complaint, language="zh-hans", created_at=RESOLVED_AT,
            invite_due_at=RESOLVED_AT, closes_at=FAR,
        )
        for complaint in Complaint.objects.all()
    )


def _sent(kind: str) -> tuple[Counter[int], Counter[int]]:
    """Per complaint: events of ``kind`` and outbox rows of the matching mail kind."""
    event = {"survey": EventKind.SURVEY_SENT, "survey_reminder": EventKind.SURVEY_REMINDED}[kind]
    events = Counter(
        ComplaintEvent.objects.filter(kind=event).values_list("complaint_id", flat=True)
    )
    mails = Counter(
        OutboundEmail.objects.filter(kind=kind).values_list("complaint_id", flat=True)
    )
    return events, mails


def _kill_mid_pass(tmp_path: Path, kind: str) -> int:
    victim = _followup(tmp_path)
    deadline = time.monotonic() + 60
    while not OutboundEmail.objects.filter(kind=kind).exists():
        assert victim.poll() is None, victim.communicate()
        assert time.monotonic() < deadline, "the pass never started"
        time.sleep(0.01)
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=30)
    assert victim.returncode == -signal.SIGKILL
    events, mails = _sent(kind)
    assert events == mails, "an event without its mail, or a mail without its event"
    assert set(events.values()) == {1}
    done = len(events)
    assert 0 < done < COUNT, "the kill did not land mid-pass"
    return done


def _rerun(tmp_path: Path) -> str:
    rerun = _followup(tmp_path)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    return out.decode()


def test_killed_mid_pass_and_restarted_sends_one_survey_and_one_reminder_each(
    tmp_path: Path,
) -> None:
    _seed(COUNT)
    done = _kill_mid_pass(tmp_path, "survey")
    assert f"invited {COUNT - done}," in _rerun(tmp_path)
    events, mails = _sent("survey")
    assert events == mails and len(events) == COUNT and set(events.values()) == {1}

    Survey.objects.update(reminder_due_at=RESOLVED_AT)  # the reminders come due
    done = _kill_mid_pass(tmp_path, "survey_reminder")
    assert f"reminded {COUNT - done}," in _rerun(tmp_path)
    events, mails = _sent("survey_reminder")
    assert events == mails and len(events) == COUNT and set(events.values()) == {1}
    # One link per mail, and a third pass sends nothing.
    assert SurveyLink.objects.count() == 2 * COUNT
    assert "invited 0, reminded 0, closed 0, failed 0" in _rerun(tmp_path)
    assert OutboundEmail.objects.count() == 2 * COUNT


def test_the_periodic_task_runs_the_pass() -> None:
    _seed(3)
    assert followup_sweep.call_local() is None
    assert OutboundEmail.objects.filter(kind="survey").count() == 3
