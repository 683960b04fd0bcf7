"""SLA sweep benchmark: one sweep over N open complaints (1,000,000 by default) with 1 % due.

    .venv/bin/python bench/sweep.py                       # SQLite, and PostgreSQL if reachable
    .venv/bin/python bench/sweep.py --rows 100000 --backend sqlite

Each backend gets a fresh database (SQLite in a temporary directory; PostgreSQL database
``complaintdesk_bench_sla`` at PG_URL, dropped and created), migrated, then seeded with one
INSERT ... SELECT per table (a recursive CTE on SQLite, generate_series on PostgreSQL): every
complaint has a running answer clock; 1 % of them reached their 80 % warning an hour ago.

Prints one JSON document: seeding time, the query plan of the due-clock lookup when nothing is
due (an index search on the partial index ``clock_next_due_idx``, not a scan), the time of a
sweep with nothing due, of the sweep that warns the due 1 % (claims, events, escalations), and
of a second sweep at the same instant (nothing left to do).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PG_URL = os.environ.get("PG_URL", "postgresql://postgres@127.0.0.1:5432/complaintdesk")
BENCH_DB = "complaintdesk_bench_sla"
NOW = dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC)

COMPLAINT_COLUMNS = (
    "number, channel, title, text, language, received_at, created_at, updated_at, status, "
    "status_changed_at, currency, category, demand, priority, risk_flags, sentiment_label, "
    "industry, triage, tags, is_batch"
)
COMPLAINT_VALUES = (
    "'B-' || i, 'email', '', '快递三天没有更新物流', '', %s, %s, %s, 'in_progress', %s, 'CNY', "
    "'', '', 'normal', '[]', '', '', '{}', '[]', FALSE"
)
CLOCK_SQL = (
    "INSERT INTO sla_clock (kind, unit, amount, extension, state, started_at, target_at, "
    "warn_at, next_due_at, paused_seconds, calendar_verified, extension_reason, complaint_id, "
    "policy_id) SELECT 'answer', 'working_days', 3, 0, 'running', %s, "
    "CASE WHEN id %% 100 = 0 THEN %s ELSE %s END, "
    "CASE WHEN id %% 100 = 0 THEN %s ELSE %s END, "
    "CASE WHEN id %% 100 = 0 THEN %s ELSE %s END, 0, TRUE, '', id, %s FROM complaints_complaint"
)


def _seed(rows: int) -> dict[str, float]:
    from django.db import connection, transaction

    from complaintdesk.complaints.choices import Role
    from complaintdesk.complaints.models import Membership
    from complaintdesk.sla.models import ClockPolicy

    stamp = connection.ops.adapt_datetimefield_value
    received = stamp(NOW - dt.timedelta(days=2))
    if connection.vendor == "sqlite":
        source = "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < %s)"
        complaints = f"INSERT INTO complaints_complaint ({COMPLAINT_COLUMNS}) {source} "
        complaints += f"SELECT {COMPLAINT_VALUES} FROM seq"
        params: list[Any] = [rows, received, received, received, received]
    else:
        complaints = f"INSERT INTO complaints_complaint ({COMPLAINT_COLUMNS}) "
        complaints += f"SELECT {COMPLAINT_VALUES} FROM generate_series(1, %s) AS seq(i)"
        params = [received, received, received, received, rows]
    due_warn, due_target = stamp(NOW - dt.timedelta(hours=1)), stamp(NOW + dt.timedelta(days=1))
    later_warn, later_target = stamp(NOW + dt.timedelta(days=2)), stamp(NOW + dt.timedelta(days=3))
    policy = ClockPolicy.objects.get(code="answer").pk
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(complaints, params)
        seeded_complaints = time.perf_counter() - started
        cursor.execute(
            CLOCK_SQL,
            [received, due_target, later_target, due_warn, later_warn, due_warn, later_warn,
             policy],
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username="bench-supervisor")
    Membership.objects.create(user=user, role=Role.SUPERVISOR)
    return {
        "complaints_s": round(seeded_complaints, 1),
        "total_s": round(time.perf_counter() - started, 1),
    }


def _timed_sweep(now: dt.datetime) -> dict[str, Any]:
    from complaintdesk.workflows.escalate import sweep

    started = time.perf_counter()
    result = sweep(now=now)
    return {
        "seconds": round(time.perf_counter() - started, 3),
        "warned": result.warned,
        "breached": result.breached,
        "escalation_events": result.escalations,
        "failed": len(result.failed),
    }


def _plan_when_nothing_is_due() -> str:
    from django.db import connection

    from complaintdesk.sla.escalation import BATCH
    from complaintdesk.sla.models import Clock

    qs = Clock.objects.filter(next_due_at__lte=NOW - dt.timedelta(hours=3)).order_by("next_due_at")
    lookup = qs.values_list("id", flat=True)[:BATCH]
    if connection.vendor == "postgresql":
        return str(lookup.explain(analyze=True))
    return str(lookup.explain())


def child(backend: str, rows: int) -> dict[str, Any]:
    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connection

    from complaintdesk.complaints.models import ComplaintEvent

    call_command("migrate", verbosity=0)
    seeded = _seed(rows)
    empty = _timed_sweep(NOW - dt.timedelta(hours=3))
    plan = _plan_when_nothing_is_due()
    if os.environ.get("BENCH_WITHOUT_NOTICES"):
        # Measure the clock work alone: the sweep's workflow tells nobody.
        from complaintdesk.workflows import escalate

        escalate.staff_announce_bulk = lambda *, events: None  # type: ignore[assignment]
    due = _timed_sweep(NOW)
    again = _timed_sweep(NOW)
    return {
        "backend": backend,
        "server_version": connection.Database.sqlite_version
        if backend == "sqlite"
        else connection.pg_version,
        "open_complaints": rows,
        "due": rows // 100,
        "seed": seeded,
        "plan_nothing_due": plan,
        "sweep_nothing_due": empty,
        "sweep_1_percent_due": due,
        "sweep_again": again,
        "events_written": ComplaintEvent.objects.count(),
    }


def _pg_maintenance_url() -> str:
    return PG_URL.rsplit("/", 1)[0] + "/postgres"


def _pg_recreate() -> str:
    import psycopg

    with psycopg.connect(_pg_maintenance_url(), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")
    return PG_URL.rsplit("/", 1)[0] + f"/{BENCH_DB}"


def _pg_reachable() -> bool:
    try:
        import psycopg

        with psycopg.connect(_pg_maintenance_url(), connect_timeout=3):
            return True
    except Exception:
        return False


def run(backend: str, rows: int, workdir: Path) -> dict[str, Any]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "complaintdesk.config.settings"}
    (workdir / backend).mkdir(parents=True, exist_ok=True)
    env["COMPLAINTDESK_DATA_DIR"] = str(workdir / backend)
    env.setdefault("SECRET_KEY", "bench")
    if backend == "postgres":
        env["DATABASE_URL"] = _pg_recreate()
    else:
        env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, __file__, "--child", backend, "--rows", str(rows)],
        env=env, capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        return {"backend": backend, "error": done.stderr[-2000:]}
    return dict(json.loads(done.stdout))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="open complaints")
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.rows)))
        return
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    results = []
    with tempfile.TemporaryDirectory() as workdir:
        for backend in backends:
            if backend == "postgres" and not _pg_reachable():
                results.append({"backend": backend, "skipped": f"nothing answers at {PG_URL}"})
                continue
            results.append(run(backend, args.rows, Path(workdir)))
    machine = {"python": platform.python_version(), "platform": platform.platform(),
               "cpus": os.cpu_count()}
    print(json.dumps({"machine": machine, "results": results}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
