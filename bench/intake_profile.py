"""Where one intake spends its time: 300 intakes through ``POST /api/v1/complaints`` with the
Django test client on a fresh SQLite database (30 more first, as warm-up), under cProfile.

    .venv/bin/python bench/intake_profile.py [--intakes 300] [--no-triage]

Prints, per intake, the median wall time of the whole request and of the part spent inside
the write transaction (from the first write after ``BEGIN IMMEDIATE`` to the end of
``COMMIT``: the time another writer waits),
both measured without the profiler; then, from as many more intakes under cProfile, the share
of the time in ``workflows.receive`` of each of its steps: the reads
and decisions before the transaction (parties, triage, routing, clock plan) and the writes
inside it (record, classify, clocks, route, acknowledge).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TEXTS = [
    "快递一周了还没送到，物流信息一直不更新，快递员电话也打不通，请尽快处理。",
    "买的耳机左耳没有声音，申请退货三天了没人处理，要求全额退款。",
    "课程报名后老师频繁换人，上了三节课就不想上了，要求退还剩余课时的费用。",
    "外卖超时一个小时才送到，饭菜全凉了，骑手态度还很差。",
    "保险理赔材料交了二十天还没有结果，客服一直说在审核。",
    "会员自动续费扣了我两百多块钱，我从来没有同意过自动续费。",
]
STEPS = {
    "plan (before the transaction)": "receive.py:*(intake_plan)",
    "  parties lookup": "services.py:*(intake_find_parties)",
    "  triage (models and rules)": "services.py:*(triage_assess)",
    "  routing decision": "services.py:*(route_decide)",
    "  clock plan": "services.py:*(clocks_plan)",
    "record complaint, customer, order": "services.py:*(intake_record)",
    "classify (write triage fields)": "services.py:*(complaint_apply_triage)",
    "insert clocks": "services.py:*(clocks_insert)",
    "route (assign department)": "services.py:*(complaint_route)",
    "acknowledge (mail, webhook, link)": "announce.py:*(complaint_acknowledge)",
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--intakes", type=int, default=300)
    parser.add_argument("--no-triage", action="store_true")
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="cd-intake-profile-")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="complaintdesk.config.settings",
        COMPLAINTDESK_DATA_DIR=data_dir,
        TRIAGE_AT_INTAKE="0" if args.no_triage else "1",
    )
    os.environ.setdefault("SECRET_KEY", "bench")
    os.environ.pop("DATABASE_URL", None)
    try:
        print(json.dumps(_measure(args.intakes), indent=2, ensure_ascii=False))
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def _body(i: int) -> dict[str, Any]:
    return {
        "channel": "api",
        "text": TEXTS[i % len(TEXTS)],
        "customer": {"name": "王女士", "phone": f"139{i:08d}", "email": f"c{i}@example.com"},
        "order": {"number": f"JD-{i:08d}", "item": "蓝牙耳机", "amount": "299.00"},
        "amount_claimed": "299.00",
    }


def _measure(intakes: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from complaintdesk.testing.personas import build_personas
    from complaintdesk.workflows import receive as receive_module

    call_command("migrate", verbosity=0)
    auth = build_personas()["integration"].auth
    client = Client()
    spans: list[float] = []
    state = {"begun": 0.0}
    original_record = receive_module.intake_record
    original_commit = connection._commit

    def record(**kwargs: Any) -> Any:
        # Called first thing inside the write transaction (just after BEGIN IMMEDIATE).
        state["begun"] = time.perf_counter()
        return original_record(**kwargs)

    def commit() -> None:
        original_commit()
        if state["begun"]:
            spans.append(time.perf_counter() - state["begun"])
            state["begun"] = 0.0

    receive_module.intake_record = record  # type: ignore[assignment]
    connection._commit = commit  # type: ignore[method-assign]

    def post(i: int) -> float:
        start = time.perf_counter()
        response = client.post(
            "/api/v1/complaints", json.dumps(_body(i)), content_type="application/json", **auth
        )
        assert response.status_code == 201, response.content
        return time.perf_counter() - start

    for i in range(30):
        post(i)
    spans.clear()
    walls = [post(i) for i in range(30, 30 + intakes)]
    inside = list(spans)
    profile = cProfile.Profile()
    profile.enable()
    for i in range(30 + intakes, 30 + 2 * intakes):
        post(i)
    profile.disable()
    stats = pstats.Stats(profile)
    receive_total = _cumulative(stats, "receive.py:*(receive)")
    shares = {
        name: round(100 * _cumulative(stats, pattern) / receive_total, 1)
        for name, pattern in STEPS.items()
    }
    return {
        "intakes": intakes,
        "triage_at_intake": os.environ["TRIAGE_AT_INTAKE"] == "1",
        "request_ms_median": round(1000 * statistics.median(walls), 2),
        "write_transaction_ms_median": round(1000 * statistics.median(inside), 2),
        "receive_ms_per_intake_profiled": round(1000 * receive_total / intakes, 2),
        "share_of_receive_percent": shares,
    }


def _cumulative(stats: pstats.Stats, pattern: str) -> float:
    filename_glob, _, name = pattern.partition(":*(")
    name = name.rstrip(")")
    total = 0.0
    for (filename, _line, function), row in stats.stats.items():  # type: ignore[attr-defined]
        if function == name and filename.endswith(filename_glob):
            total += row[3]
    return total


if __name__ == "__main__":
    main()
