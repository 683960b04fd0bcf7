"""Insights benchmark: every dashboard panel at N complaints (1,000,000 by default), the fact
refresh rate, and an N-row Excel export with its peak memory.

    .venv/bin/python bench/insights.py                          # SQLite, and PostgreSQL if reachable
    .venv/bin/python bench/insights.py --rows 100000 --backend sqlite

Each backend gets a fresh database (SQLite in a temporary directory; PostgreSQL database
``complaintdesk_bench_insights`` at PG_URL, dropped and created), migrated, then seeded with one
INSERT ... SELECT per table (a recursive CTE on SQLite, generate_series on PostgreSQL):
complaints received over two years, a ``created`` event for each and a ``status_changed``
event for each resolved one, and their fact rows (the read model the panels read), with
categories, channels, 2,000 products or courses, five departments, twenty agents, clock
states and handling times spread by the complaint's id. There are no remedies yet (the remedy
app has not landed) and no customers or orders, so those export columns are empty.

Each panel runs three times for three slices — the dashboard's default (the last 90 days),
all time, and one department over all time — and the median is printed. Then: the fact rows
written per second when 20,000 complaints are refreshed, one idle refresh pass, and, each in
its own process so that its peak RSS is its own, the export of every complaint to Excel and to
CSV. Prints one JSON document.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PG_URL = os.environ.get("PG_URL", "postgresql://postgres@127.0.0.1:5432/complaintdesk")
BENCH_DB = "complaintdesk_bench_insights"
NOW = dt.datetime(2026, 11, 30, 15, tzinfo=dt.UTC)  # 23:00 on 11-30 in Shanghai

CATEGORIES = ["quality", "misdescription", "logistics", "service", "billing", "contract",
              "technical", "account_security", "other"]
CHANNELS = ["web", "email", "phone", "chat", "wechat", "platform", "api"]
DEMANDS = ["refund", "return_exchange", "compensation", "redo", "apology", "explanation"]
INDUSTRIES = ["ecommerce", "education", "delivery", "insurance"]


def _case(expr: str, values: list[str]) -> str:
    whens = " ".join(f"WHEN {i} THEN '{v}'" for i, v in enumerate(values))
    return f"CASE ({expr}) %% {len(values)} {whens} END"


def _sql(vendor: str) -> dict[str, str]:
    if vendor == "sqlite":
        seq = "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < %s) "
        received = ("strftime('%%Y-%%m-%%d %%H:%%M:%%f', %s, '-' || (i %% 730) || ' days', "
                    "'-' || ((i * 37) %% 86400) || ' seconds')")
        tail = "FROM seq"
        day = "date(received_at, '+8 hours')"
        plus = "strftime('%%Y-%%m-%%d %%H:%%M:%%f', received_at, '+' || {m} || ' minutes')"
        true, false = "1", "0"
    else:
        seq = ""
        received = ("%s::timestamptz - (i %% 730) * interval '1 day' "
                    "- ((i * 37) %% 86400) * interval '1 second'")
        tail = "FROM generate_series(1, %s) AS seq(i)"
        day = "(received_at AT TIME ZONE 'Asia/Shanghai')::date"
        plus = "received_at + ({m}) * interval '1 minute'"
        true, false = "TRUE", "FALSE"
    status = ("CASE WHEN i %% 10 < 5 THEN 'closed' WHEN i %% 10 < 7 THEN 'resolved' "
              "WHEN i %% 10 = 7 THEN 'in_progress' WHEN i %% 10 = 8 THEN 'waiting_customer' "
              "ELSE 'acknowledged' END")
    complaints = (
        f"{seq}INSERT INTO complaints_complaint (number, channel, title, text, language, "
        "received_at, created_at, updated_at, status, status_changed_at, currency, category, "
        "demand, priority, risk_flags, sentiment_label, industry, triage, tags, is_batch, "
        f"department_id, assignee_id) SELECT 'B-' || i, {_case('i', CHANNELS)}, '', "
        f"'课程内容过时，要求退款', '', {received}, %s, %s, {status}, %s, 'CNY', "
        f"{_case('i * 7', CATEGORIES)}, {_case('i * 3', DEMANDS)}, 'normal', '[]', '', "
        f"{_case('i * 11', INDUSTRIES)}, '{{}}', '[]', {false}, %s + (i %% 5), "
        f"CASE WHEN i %% 10 = 9 THEN NULL ELSE %s + (i %% 20) END {tail}"
    )
    first, resolution = "(id * 7919) %% 1440", "60 + (id * 104729) %% 6000"
    facts = (
        "INSERT INTO insights_complaintfact (complaint_id, received_at, received_day, channel, "
        "category, demand, industry, priority, risk_flags, item, department_id, assignee_id, "
        "status, is_open, first_response_at, first_response_minutes, resolved_at, "
        "resolution_minutes, reopened, sla_first_response, sla_answer, sla_resolution, "
        f"sla_statutory, refreshed_at) SELECT id, received_at, {day}, channel, category, demand, "
        "industry, priority, '', 'Course ' || (id %% 2000), department_id, assignee_id, status, "
        f"status NOT IN ('closed', 'resolved'), {plus.format(m=first)}, {first}, "
        f"CASE WHEN status IN ('closed', 'resolved') THEN {plus.format(m=resolution)} END, "
        f"CASE WHEN status IN ('closed', 'resolved') THEN {resolution} END, "
        f"CASE WHEN id %% 23 = 0 THEN {true} ELSE {false} END, "
        "CASE WHEN id %% 9 = 0 THEN 'breached' ELSE 'met' END, "
        "CASE WHEN status NOT IN ('closed', 'resolved') THEN 'running' "
        "WHEN id %% 13 = 0 THEN 'breached' ELSE 'met' END, '', '', %s FROM complaints_complaint"
    )
    events = (
        "INSERT INTO complaints_complaintevent (complaint_id, kind, at, actor_role, from_status, "
        "to_status, data) SELECT id, 'created', received_at, '', '', 'new', '{}' "
        "FROM complaints_complaint"
    )
    resolved_events = (
        "INSERT INTO complaints_complaintevent (complaint_id, kind, at, actor_role, from_status, "
        "to_status, data) SELECT id, 'status_changed', received_at, 'agent', "
        "'in_progress', 'resolved', '{}' FROM complaints_complaint "
        "WHERE status IN ('closed', 'resolved')"
    )
    return {"complaints": complaints, "facts": facts, "events": events,
            "resolved_events": resolved_events}


def _seed(rows: int) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from complaintdesk.complaints.choices import Role
    from complaintdesk.complaints.models import Department, Membership

    departments = [Department.objects.create(code=f"d{i}", name=f"部门{i}") for i in range(5)]
    users = []
    for i in range(20):
        user = get_user_model().objects.create_user(username=f"agent{i:02d}")
        Membership.objects.create(user=user, role=Role.AGENT, department=departments[i % 5])
        users.append(user)
    sql = _sql(connection.vendor)
    stamp = connection.ops.adapt_datetimefield_value
    now = stamp(NOW)
    if connection.vendor == "sqlite":
        params = [rows, now, now, now, now, departments[0].pk, users[0].pk]
    else:
        params = [now, now, now, now, departments[0].pk, users[0].pk, rows]
    timings = {}
    with transaction.atomic(), connection.cursor() as cursor:
        for name, args in (("complaints", params), ("events", []), ("resolved_events", []),
                           ("facts", [now])):
            started = time.perf_counter()
            cursor.execute(sql[name], args)
            timings[f"{name}_s"] = round(time.perf_counter() - started, 1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return timings


def _median_ms(call: Callable[[], Any], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def _panels(department_id: int) -> dict[str, dict[str, float]]:
    from django.core.paginator import Paginator

    from complaintdesk.complaints.actors import Actor
    from complaintdesk.complaints.choices import Role
    from complaintdesk.insights import selectors
    from complaintdesk.insights.slices import Slice

    actor = Actor(user_id=None, role=Role.SUPERVISOR)
    today = dt.date(2026, 12, 1)
    slices = {
        "last_90_days": Slice(day_from=today - dt.timedelta(days=89), day_to=today),
        "all_time": Slice(),
        "one_department_all_time": Slice(department_id=department_id),
    }
    panels: dict[str, Callable[[Slice], Any]] = {
        "headline": lambda s: selectors.headline(actor=actor, slice_=s),
        "volume_by_day": lambda s: selectors.volume(actor=actor, slice_=s),
        "volume_by_month": lambda s: selectors.volume(
            actor=actor, slice_=Slice(**{**vars(s), "grain": "month"})),
        "sla_attainment": lambda s: selectors.sla_attainment(actor=actor, slice_=s),
        "breach_trend": lambda s: selectors.breach_trend(actor=actor, slice_=s),
        "handling_times": lambda s: selectors.handling_times(actor=actor, slice_=s),
        "backlog": lambda s: selectors.backlog(actor=actor, slice_=s),
        **{
            f"by_{dim}": (lambda d: lambda s: selectors.breakdown(
                actor=actor, slice_=s, dimension=d))(dim)
            for dim in selectors.DIMENSIONS
        },
        "complaints_behind_first_page": lambda s: list(Paginator(
            selectors.complaints_behind(actor=actor, slice_=s), 50).get_page(1).object_list),
    }
    return {
        name: {panel: _median_ms(lambda f=f, s=s: f(s)) for panel, f in panels.items()}
        for name, s in slices.items()
    }


def _refresh_rates() -> dict[str, Any]:
    from complaintdesk.insights.models import ComplaintFact
    from complaintdesk.workflows.insights_feed import facts_refresh, facts_write

    ids = list(ComplaintFact.objects.order_by("-complaint_id").values_list(
        "complaint_id", flat=True)[:20000])
    started = time.perf_counter()
    written = facts_write(ids)
    seconds = time.perf_counter() - started
    from complaintdesk.complaints.models import ComplaintEvent
    from complaintdesk.insights.facts import feed_advance

    feed_advance(to=ComplaintEvent.objects.order_by("-id").values_list("id", flat=True)[0])
    idle = _median_ms(facts_refresh)
    return {"rebuilt": written, "facts_per_s": round(written / seconds),
            "idle_refresh_ms": idle}


def _export(file_format: str, workdir: Path) -> dict[str, Any]:
    from complaintdesk.complaints.actors import Actor
    from complaintdesk.complaints.choices import Role
    from complaintdesk.insights.exports import csv_chunks, xlsx_write
    from complaintdesk.insights.reports import report_tables

    actor = Actor(user_id=None, role=Role.SUPERVISOR)
    tables = report_tables(report="complaints", actor=actor, params={})
    target = workdir / f"export.{file_format}"
    started = time.perf_counter()
    if file_format == "xlsx":
        rows = xlsx_write(tables, target)
    else:
        rows = -1
        with target.open("w", encoding="utf-8") as out:
            for piece in csv_chunks(tables[0]):
                out.write(piece)
                rows += piece.count("\n")
    seconds = time.perf_counter() - started
    return {
        "rows": rows, "seconds": round(seconds, 1), "rows_per_s": round(rows / seconds),
        "file_mb": round(target.stat().st_size / 2**20, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def child(backend: str, rows: int, mode: str, workdir: Path) -> dict[str, Any]:
    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connection

    if mode != "seed":
        return _export(mode, workdir)
    call_command("migrate", verbosity=0)
    seeded = _seed(rows)
    from complaintdesk.complaints.models import Department

    department = Department.objects.order_by("id").values_list("id", flat=True)[0]
    return {
        "backend": backend,
        "server_version": connection.Database.sqlite_version
        if backend == "sqlite" else connection.pg_version,
        "complaints": rows,
        "seed": seeded,
        "panels_ms": _panels(department),
        "refresh": _refresh_rates(),
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


def _spawn(backend: str, rows: int, mode: str, workdir: Path, env: dict[str, str]) -> Any:
    done = subprocess.run(
        [sys.executable, __file__, "--child", backend, "--rows", str(rows), "--mode", mode,
         "--workdir", str(workdir)],
        env=env, capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        return {"error": done.stderr[-3000:]}
    return json.loads(done.stdout)


def run(backend: str, rows: int, workdir: Path, exports: bool) -> dict[str, Any]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "complaintdesk.config.settings"}
    (workdir / backend).mkdir(parents=True, exist_ok=True)
    env["COMPLAINTDESK_DATA_DIR"] = str(workdir / backend)
    env.setdefault("SECRET_KEY", "bench")
    if backend == "postgres":
        env["DATABASE_URL"] = _pg_recreate()
    else:
        env.pop("DATABASE_URL", None)
    result = _spawn(backend, rows, "seed", workdir / backend, env)
    if exports and "error" not in result:
        result["export_xlsx"] = _spawn(backend, rows, "xlsx", workdir / backend, env)
        result["export_csv"] = _spawn(backend, rows, "csv", workdir / backend, env)
    return result


def _machine() -> dict[str, Any]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": model, "cores": os.cpu_count(), "python": platform.python_version()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--no-exports", action="store_true")
    parser.add_argument("--child")
    parser.add_argument("--mode", default="seed")
    parser.add_argument("--workdir")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.rows, args.mode, Path(args.workdir))))
        return 0
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    results: dict[str, Any] = {"machine": _machine(), "runs": []}
    with tempfile.TemporaryDirectory(prefix="bench-insights-") as tmp:
        for backend in backends:
            if backend == "postgres" and not _pg_reachable():
                results["runs"].append({"backend": backend, "skipped": f"nothing at {PG_URL}"})
                continue
            results["runs"].append(run(backend, args.rows, Path(tmp), not args.no_exports))
    print(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
