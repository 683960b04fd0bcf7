"""Import benchmark: historical complaints from CSV into a fresh SQLite database.

    .venv/bin/python bench/import.py                 # 1,000,000 rows
    .venv/bin/python bench/import.py --rows 100000   # scaled down

Writes a CSV (customers repeat, 0.5 % of rows are bad), migrates an empty database in a
temporary data directory (removed afterwards) and times
``complaintdesk.intake.imports.import_file`` alone: reading, validating, numbering and writing.
Then imports the file again (nothing new) and times that. Prints one JSON document.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def write_csv(path: Path, rows: int) -> int:
    start = dt.datetime(2021, 1, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    bad = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["external_id", "text", "received_at", "customer_name", "customer_phone",
                         "amount_claimed", "category", "status"])
        for i in range(rows):
            amount = f"{i % 500}.00"
            if i % 200 == 199:
                amount, bad = "-1", bad + 1
            writer.writerow([
                f"H{i:08d}", f"历史投诉 {i}：快递延误，商品破损，要求退款并赔偿运费。",
                (start + dt.timedelta(seconds=97 * i)).strftime("%Y-%m-%d %H:%M:%S"),
                f"客户{i % 50_000}", f"13{i % 50_000:09d}", amount, "logistics", "closed",
            ])
    return bad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--batch-size", type=int, default=2000)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="complaintdesk-bench-import-"))
    os.environ["COMPLAINTDESK_DATA_DIR"] = str(workdir)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "complaintdesk.config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    from complaintdesk.complaints.models import Complaint
    from complaintdesk.intake.imports import FIELDS_IDENTITY, import_file

    call_command("migrate", verbosity=0)
    path = workdir / "history.csv"
    bad = write_csv(path, args.rows)

    started = time.perf_counter()
    report = import_file(path=path, mapping=FIELDS_IDENTITY, batch_size=args.batch_size)
    first = time.perf_counter() - started
    started = time.perf_counter()
    again = import_file(path=path, mapping=FIELDS_IDENTITY, batch_size=args.batch_size)
    second = time.perf_counter() - started

    print(json.dumps({
        "rows": args.rows,
        "bad_rows_expected": bad,
        "imported": report.imported,
        "reported_bad": len(report.errors),
        "complaints_in_db": Complaint.objects.count(),
        "seconds": round(first, 1),
        "rows_per_second": round(args.rows / first),
        "rerun_imported": again.imported,
        "rerun_seconds": round(second, 1),
        "rerun_rows_per_second": round(args.rows / second),
        "database": "SQLite (WAL, synchronous=NORMAL)",
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
                   f"Python {platform.python_version()}",
    }, indent=2))
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
