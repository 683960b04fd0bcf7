"""Per-intake cost of starting clocks: 200 intakes through ``POST /api/v1/complaints`` with the
Django test client on a fresh SQLite database (20 more first, as warm-up).

    .venv/bin/python bench/clock_intake.py

Prints the medians of the whole request, of the time spent in the clock receiver
(``sla.services.clocks_on_event``, for every event of an intake: ``created`` and triage's
``classified``) and of the queries that receiver ran.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
INTAKES, WARM_UP = 200, 20


def main() -> None:
    data_dir = tempfile.mkdtemp(prefix="cd-clock-intake-")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="complaintdesk.config.settings",
        COMPLAINTDESK_DATA_DIR=data_dir,
    )
    os.environ.setdefault("SECRET_KEY", "bench")
    os.environ.pop("DATABASE_URL", None)
    try:
        print(json.dumps(_measure(), indent=2))
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def _measure() -> dict[str, Any]:
    import django

    django.setup()
    from complaintdesk.complaints.signals import event_recorded
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from complaintdesk.sla import services
    from complaintdesk.testing.personas import build_personas

    call_command("migrate", verbosity=0)
    personas = build_personas()
    inside = {"seconds": 0.0, "queries": 0}

    def timed(sender: Any, **kwargs: Any) -> None:
        start, before = time.perf_counter(), len(connection.queries)
        services.clocks_on_event(sender, **kwargs)
        inside["seconds"] += time.perf_counter() - start
        inside["queries"] += len(connection.queries) - before

    event_recorded.disconnect(dispatch_uid="sla.clocks_on_event")
    event_recorded.connect(timed, dispatch_uid="sla.clocks_on_event")
    client = Client()
    headers: dict[str, Any] = {**personas["agent"].auth, "HTTP_ACCEPT_LANGUAGE": "zh-hans"}
    body = json.dumps(
        {
            "channel": "email",
            "text": "买的耳机左耳没有声音，申请退货三天了没人处理。",
            "customer": {"name": "王女士", "phone": "13912345678", "email": "wang@example.com"},
        }
    )
    total, receiver, queries = [], [], []
    with CaptureQueriesContext(connection):
        for i in range(WARM_UP + INTAKES):
            inside.update(seconds=0.0, queries=0)
            connection.queries_log.clear()
            start = time.perf_counter()
            response = client.post(
                "/api/v1/complaints", body, content_type="application/json", **headers
            )
            assert response.status_code == 201, response.content
            if i >= WARM_UP:
                total.append(time.perf_counter() - start)
                receiver.append(inside["seconds"])
                queries.append(inside["queries"])
    return {
        "intakes": INTAKES,
        "intake_ms_median": round(statistics.median(total) * 1000, 2),
        "clock_receiver_ms_median": round(statistics.median(receiver) * 1000, 2),
        "clock_receiver_queries_median": statistics.median(queries),
    }


if __name__ == "__main__":
    main()
