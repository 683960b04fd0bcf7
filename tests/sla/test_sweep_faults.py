"""The sweep under faults: two sweeps at once, a sweep killed with SIGKILL half-way, the
worker stopped with SIGTERM. Real processes on a committed database (transactional tests, a
file SQLite database or PostgreSQL), so the claims and transactions are the real ones."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from complaintdesk.complaints.choices import EventKind, Role
from complaintdesk.complaints.models import Complaint, ComplaintEvent, Membership
from complaintdesk.sla.models import Clock, ClockPolicy
from complaintdesk.sla.policies import load_default_policies
from complaintdesk.workflows.escalate import sweep
from complaintdesk.workflows.tasks import sla_sweep

pytestmark = pytest.mark.django_db(transaction=True)

LONG_AGO = dt.datetime(2026, 10, 12, 10, tzinfo=dt.UTC)


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgresql://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _command(tmp_path: Path, *args: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "COMPLAINTDESK_DATA_DIR": str(tmp_path),
        "SECRET_KEY": "fault-test",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "complaintdesk.cli", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _seed(count: int) -> None:
    """``count`` complaints, each with an answer clock already past its target."""
    load_default_policies()
    policy = ClockPolicy.objects.get(code="answer")
    Complaint.objects.bulk_create(
        Complaint(
            number=f"TS-F-{i:06d}",
            channel="email",
            text="超时未处理",
            received_at=LONG_AGO,
            status="in_progress",
            status_changed_at=LONG_AGO,
        )
        for i in range(count)
    )
    target = LONG_AGO + dt.timedelta(days=3)
    Clock.objects.bulk_create(
        Clock(
            complaint=complaint,
            kind="answer",
            policy=policy,
            unit=policy.unit,
            amount=policy.amount,
            started_at=LONG_AGO,
            target_at=target,
            warn_at=target - dt.timedelta(hours=7),
            next_due_at=target - dt.timedelta(hours=7),
        )
        for complaint in Complaint.objects.all()
    )


def _assert_each_breach_escalated_once(expect_all: bool) -> int:
    """Claims and escalations match one for one: no claim without its events, no events
    without a claim, nothing twice. Returns how many clocks are breached."""
    breached = set(
        Clock.objects.filter(breached_at__isnull=False).values_list("complaint_id", flat=True)
    )
    events = Counter(
        ComplaintEvent.objects.filter(
            kind__in=[EventKind.CLOCK_BREACHED, EventKind.ESCALATED]
        ).values_list("complaint_id", "kind")
    )
    # Breach → clock_breached, notify_supervisor and raise_priority (two escalated events).
    assert set(events) == {(c, k) for c in breached for k in ("clock_breached", "escalated")}
    assert all(events[(c, "clock_breached")] == 1 for c in breached)
    assert all(events[(c, "escalated")] == 2 for c in breached)
    raised = set(Complaint.objects.filter(priority="high").values_list("id", flat=True))
    assert raised == breached
    if expect_all:
        assert len(breached) == Complaint.objects.count()
    return len(breached)


def test_two_sweeps_at_once_escalate_each_breach_once(tmp_path: Path) -> None:
    _seed(400)
    workers = [_command(tmp_path, "sweep", "--batch", "25") for _ in range(2)]
    outputs = [worker.communicate(timeout=120) for worker in workers]
    assert [w.returncode for w in workers] == [0, 0], outputs
    assert _assert_each_breach_escalated_once(expect_all=True) == 400
    # Both really worked: the claims were shared between the two processes.
    claimed = [int(out.decode().split("breached ")[1].split(",")[0]) for out, _ in outputs]
    assert sum(claimed) == 400


def test_sweep_killed_mid_way_loses_and_repeats_nothing(tmp_path: Path) -> None:
    _seed(600)
    victim = _command(tmp_path, "sweep", "--batch", "1")
    deadline = time.monotonic() + 60
    while not ComplaintEvent.objects.filter(kind=EventKind.CLOCK_BREACHED).exists():
        assert victim.poll() is None, victim.communicate()
        assert time.monotonic() < deadline, "the sweep never started"
        time.sleep(0.01)
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=30)
    assert victim.returncode == -signal.SIGKILL
    done = _assert_each_breach_escalated_once(expect_all=False)
    assert 0 < done < 600, "the kill did not land mid-sweep"
    rerun = _command(tmp_path, "sweep")
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    assert f"breached {600 - done}," in out.decode()
    assert _assert_each_breach_escalated_once(expect_all=True) == 600


def test_worker_stops_on_sigterm(tmp_path: Path) -> None:
    worker = _command(tmp_path, "worker")
    assert worker.stderr is not None
    started = b""
    # The scheduler enqueues the every-minute sweep at start-up; wait until a worker ran it.
    while b"sla_sweep" not in started or b"executed in" not in started:
        line = worker.stderr.readline()
        assert line, started + worker.stderr.read()
        started += line
    worker.send_signal(signal.SIGTERM)
    _, err = worker.communicate(timeout=30)
    assert worker.returncode == 0, err
    assert b"shutting down" in err.lower(), err


def test_periodic_task_runs_the_sweep() -> None:
    _seed(3)
    Membership.objects.count()  # no supervisors: notify events name nobody
    assert sla_sweep.call_local() is None
    assert Clock.objects.filter(state="breached").count() == 3
    assert sweep(now=timezone.now()).breached == 0
    assert Role.SUPERVISOR not in set(Membership.objects.values_list("role", flat=True))
