"""Importing history: bad rows reported with line and reason, good rows in, re-runs add nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from complaintdesk.complaints.choices import Channel, EventKind, Status
from complaintdesk.complaints.models import Complaint, ComplaintEvent, Customer
from complaintdesk.intake.imports import mapping_parse
from complaintdesk.notify.models import OutboundEmail
from complaintdesk.workflows.history import history_import_file

pytestmark = pytest.mark.django_db

HEADER = ["编号", "内容", "时间", "姓名", "电话", "金额", "类别", "状态"]
MAPPING = mapping_parse(
    "external_id=编号,text=内容,received_at=时间,customer_name=姓名,customer_phone=电话,"
    "amount_claimed=金额,category=类别,status=状态"
)
BAD_KINDS = [
    ("text", "", "text (column '内容') is empty"),
    ("time", "下周三", "is not a date and time"),
    ("amount", "-5", "amount_claimed must be between"),
    ("category", "天气", "category '天气' is not one of"),
    ("time", "2099-01-01 10:00", "in the future"),
]


def _row(i: int) -> list[object]:
    return [
        f"H-{i:06d}",
        f"第{i}号历史投诉：快递延误三天，要求赔偿。",
        dt.datetime(2023, 1, 1, 9, 0) + dt.timedelta(minutes=37 * i),
        f"客户{i % 700}",
        f"139{i % 700:08d}",
        f"{i % 300}.50",
        "logistics",
        "closed",
    ]


def write_history(path: Path, rows: int, bad_every: int) -> dict[int, str]:
    """An Excel file of ``rows`` complaints; every ``bad_every``-th row is broken. Returns the
    expected reason by line."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADER)
    expected: dict[int, str] = {}
    for i in range(1, rows + 1):
        row = _row(i)
        if i % bad_every == 0:
            kind, value, reason = BAD_KINDS[(i // bad_every) % len(BAD_KINDS)]
            row[{"text": 1, "time": 2, "amount": 5, "category": 6}[kind]] = value
            expected[i + 1] = reason
        sheet.append(row)
    workbook.save(path)
    return expected


@pytest.mark.slow
def test_ten_thousand_rows_with_fifty_bad_import_once(tmp_path: Path) -> None:
    path = tmp_path / "history.xlsx"
    expected = write_history(path, rows=10_000, bad_every=200)
    assert len(expected) == 50

    dry = history_import_file(path=path, mapping=MAPPING, dry_run=True)
    assert (dry.rows, dry.imported, len(dry.errors)) == (10_000, 9_950, 50)
    assert Complaint.objects.count() == 0

    report = history_import_file(path=path, mapping=MAPPING)
    assert (report.imported, report.already_imported) == (9_950, 0)
    assert [line for line, _ in report.errors] == sorted(expected)
    for line, reason in report.errors:
        assert expected[line] in reason, (line, reason)
    assert Complaint.objects.filter(channel=Channel.IMPORT).count() == 9_950
    assert ComplaintEvent.objects.filter(kind=EventKind.CREATED).count() == 9_950
    assert Customer.objects.count() == 700
    assert len(set(Complaint.objects.values_list("number", flat=True))) == 9_950
    assert not OutboundEmail.objects.exists()  # history is not acknowledged

    again = history_import_file(path=path, mapping=MAPPING)
    assert (again.imported, again.already_imported) == (0, 9_950)
    assert Complaint.objects.count() == 9_950


def test_imported_rows_carry_their_labels_and_numbers_follow_the_day(tmp_path: Path) -> None:
    path = tmp_path / "small.csv"
    path.write_text(
        "编号,内容,时间,姓名,电话,金额,类别,状态\n"
        "A1,耳机坏了,2024-03-01 10:00,张三,13900000001,99.00,quality,resolved\n"
        "A2,快递丢了,2024-03-01 11:00,张三,13900000001,,logistics,\n"
        'A3,"多行\n内容",2024-03-02,李四,,12.345,,closed\n',
        encoding="utf-8",
    )
    report = history_import_file(path=path, mapping=MAPPING)
    assert report.imported == 2
    assert report.errors == [
        (5, "amount_claimed must be between 0 and 9999999999.99, two decimals at most")
    ]
    first, second = Complaint.objects.order_by("number")
    assert first.number.endswith("20240301-000001") and second.number.endswith("-000002")
    assert first.status == Status.RESOLVED and second.status == Status.CLOSED
    assert first.category == "quality" and first.triage["category"]["source"] == "agent"
    assert first.customer_id == second.customer_id


def test_the_command_reports_bad_rows_and_exits_1(tmp_path: Path, capsys: object) -> None:
    path = tmp_path / "c.csv"
    path.write_text("external_id,text,received_at\nX1,ok,2024-01-01\nX2,,2024-01-01\n")
    with pytest.raises(SystemExit) as exited:
        call_command("import", str(path), "--dry-run")
    assert exited.value.code == 1
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "line 3: text (column 'text') is empty" in out
    assert "would import 1" in out
    assert Complaint.objects.count() == 0


def test_a_bad_mapping_is_refused() -> None:
    with pytest.raises(ValueError, match="bad mapping entry"):
        mapping_parse("nonsense=Column")
