"""Intake latency with and without triage: median and p95 per complaint via the test client.

Run: ``.venv/bin/python bench/triage_intake.py [N]`` (default 200 intakes each way) against a
fresh SQLite database in a temporary folder. Prints JSON.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "complaintdesk.config.settings")
os.environ["COMPLAINTDESK_DATA_DIR"] = tempfile.mkdtemp(prefix="cd-bench-")
os.environ.pop("DATABASE_URL", None)

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from complaintdesk.complaints.apikeys import apikey_create  # noqa: E402
from complaintdesk.complaints.choices import Role  # noqa: E402

TEXTS = [
    "买的耳机左耳没有声音，申请退货三天了没人处理。",
    "你们再不退款我就打12315投诉，还要找律师起诉！",
    "您好，请问我的订单什么时候发货？谢谢。",
    "课程视频一直黑屏播放不了，交了钱学不了。",
]


def run(client: Client, key: str, count: int, offset: int) -> list[float]:
    timings = []
    for i in range(count):
        body = {"channel": "api", "text": TEXTS[i % len(TEXTS)], "external_id": f"b{offset + i}"}
        start = time.perf_counter()
        response = client.post(
            "/api/v1/complaints", json.dumps(body), content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {key}",
        )
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 201, response.content
    return timings


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    call_command("migrate", verbosity=0)
    _, key = apikey_create(name="bench", role=Role.ADMIN)
    client = Client()
    run(client, key, 20, 10**6)  # warm up: models, jieba, caches
    report = {}
    for label, on in (("without_triage", False), ("with_triage", True)):
        settings.TRIAGE_AT_INTAKE = on
        timings = run(client, key, count, 0 if on else 10**5)
        report[label] = {
            "n": count,
            "median_ms": round(statistics.median(timings), 2),
            "p95_ms": round(statistics.quantiles(timings, n=20)[18], 2),
        }
    overhead = report["with_triage"]["median_ms"] - report["without_triage"]["median_ms"]
    report["median_overhead_ms"] = round(overhead, 2)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
