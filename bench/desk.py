"""Desk page latency at 100k complaints on SQLite: the queue page and the complaint page.

Seeds a fresh SQLite file (in a temporary data directory) with ``--complaints`` complaints
through bulk inserts: numbers, customers, statuses spread over the lifecycle, priorities,
categories, departments and assignees, and a few events and messages per complaint for the
pages that are measured. Then signs in an agent with Django's test client (the full
middleware stack, no network) and requests each page ``--repeat`` times, printing one JSON
document with p50/p95/max in milliseconds and the number of SQL queries per page.

    .venv/bin/python bench/desk.py [--complaints 100000] [--repeat 60]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup(data_dir: str) -> None:
    os.environ["COMPLAINTDESK_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "complaintdesk.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _seed(total: int) -> dict[str, str]:
    from django.db import connection, transaction

    from complaintdesk.complaints.choices import Category, Channel, EventKind, Priority, Status
    from complaintdesk.complaints.models import Complaint, ComplaintEvent, Customer, Message
    from complaintdesk.testing.personas import build_personas

    personas = build_personas()
    rng = random.Random(7)
    staff = [personas[n].user for n in ("agent", "supervisor", "dept")]
    departments = [personas["agent"].department, personas["dept"].department,
                   personas["other_dept"].department]
    statuses = [*([Status.NEW] * 3), Status.ACKNOWLEDGED, *([Status.IN_PROGRESS] * 3),
                Status.WAITING_CUSTOMER, Status.RESOLVED, *([Status.CLOSED] * 6), Status.WITHDRAWN]
    start = dt.datetime.now(tz=dt.UTC) - dt.timedelta(seconds=total * 300 + 3600)
    batch = 5000
    with transaction.atomic():
        customers = Customer.objects.bulk_create(
            Customer(name=f"客户{i}", phone=f"139{i:08d}") for i in range(total // 4)
        )
        for offset in range(0, total, batch):
            rows = []
            for i in range(offset, min(offset + batch, total)):
                received = start + dt.timedelta(seconds=i * 300 + rng.randrange(300))
                assigned = rng.random() < 0.6
                rows.append(Complaint(
                    number=f"TS-{received:%Y%m%d}-{i:06d}", channel=rng.choice(Channel.values),
                    text=f"第{i}号投诉：收到的商品与描述不符，联系客服三天无人回复，要求退款。",
                    received_at=received, status=rng.choice(statuses),
                    status_changed_at=received, customer=rng.choice(customers),
                    category=rng.choice(Category.values), priority=rng.choice(Priority.values),
                    department=rng.choice(departments),
                    assignee=rng.choice(staff) if assigned else None,
                ))
            Complaint.objects.bulk_create(rows)
        sample = list(Complaint.objects.order_by("-received_at")[:200])
        events, messages = [], []
        for c in sample:
            events.append(ComplaintEvent(complaint=c, kind=EventKind.CREATED, at=c.received_at,
                                         to_status=Status.NEW, data={"channel": c.channel}))
            for k in range(6):
                messages.append(Message(complaint=c, kind="outbound" if k % 2 else "inbound",
                                        body=f"第{k}条消息", created_at=c.received_at))
        ComplaintEvent.objects.bulk_create(events)
        Message.objects.bulk_create(messages)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"number": sample[0].number}


def _measure(client: object, url: str, repeat: int) -> dict[str, float]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    timings = []
    for _ in range(repeat):
        began = time.perf_counter()
        response = client.get(url)  # type: ignore[attr-defined]
        timings.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)  # type: ignore[attr-defined]
    timings.sort()
    return {
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 1),
        "max_ms": round(timings[-1], 1),
        "queries": len(queries),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="desk-bench-") as data_dir:
        _setup(data_dir)
        began = time.perf_counter()
        seeded = _seed(args.complaints)
        seed_seconds = round(time.perf_counter() - began, 1)
        from django.contrib.auth import get_user_model
        from django.test import Client

        client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
        client.force_login(get_user_model().objects.get(username="agent"))
        pages = {
            "queue_open": "/desk/?queue=open",
            "queue_open_by_priority": "/desk/?queue=open&sort=priority",
            "queue_mine": "/desk/?queue=mine",
            "queue_recently_closed": "/desk/?queue=closed",
            "queue_filtered_category": "/desk/?queue=open&category=quality&priority=high",
            "queue_search_text": "/desk/?queue=open&q=第99999号",
            "complaint_page": f"/desk/c/{seeded['number']}/",
        }
        results = {name: _measure(client, url, args.repeat) for name, url in pages.items()}
    print(json.dumps({
        "complaints": args.complaints, "repeat": args.repeat, "seed_seconds": seed_seconds,
        "machine": {"cpus": os.cpu_count(), "processor": platform.processor() or platform.machine(),
                    "python": platform.python_version()},
        "pages": results,
    }, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
