"""Export and erasure of one person's data (PIPL Art. 45 and 47): the archive holds everything,
an erasure is refused while a hold applies, and afterwards none of the person's values is left
in the database file, its write-ahead log, the attachments or the captured mail, while the
complaints and the statistics stay as they were."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.utils import timezone
from openpyxl import Workbook

from complaintdesk.complaints.choices import EventKind
from complaintdesk.complaints.models import Attachment, Complaint, ComplaintEvent, EventRedaction
from complaintdesk.insights.models import ComplaintFact
from complaintdesk.notify.sending import deliveries_send_due
from complaintdesk.privacy.models import PrivacyRequest
from complaintdesk.triage.selectors import similar_index
from complaintdesk.workflows.insights_feed import facts_refresh
from complaintdesk.workflows.privacy import (
    ErasureHeld,
    personal_data_erase,
    personal_data_export,
)
from tests.privacy.conftest import PERSON, files_holding, needles, sh

pytestmark = pytest.mark.django_db(transaction=True)


def statistics() -> dict[str, Any]:
    facts_refresh()
    facts = ComplaintFact.objects.order_by("complaint_id").values_list(
        "complaint_id",
        "channel",
        "category",
        "demand",
        "industry",
        "priority",
        "status",
        "received_at",
        "resolved_at",
        "resolution_minutes",
        "is_open",
        "reopened",
        "sla_first_response",
        "sla_answer",
        "sla_resolution",
        "customer_id",
    )
    return {
        "facts": list(facts),
        "per_category": list(
            Complaint.objects.values("category").annotate(n=Count("id")).order_by("category")
        ),
        "events_per_complaint": dict(
            ComplaintEvent.objects.exclude(
                kind__in=[EventKind.PERSONAL_DATA_ERASED, EventKind.PERSONAL_DATA_EXPORTED]
            )
            .values_list("complaint_id")
            .annotate(n=Count("id"))
        ),
    }


def database_text_holding() -> list[str]:
    """PostgreSQL: every text, varchar and json column of every table, searched for the values."""
    hits = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND data_type IN "
            "('text', 'character varying', 'json', 'jsonb')"
        )
        for table, column in cursor.fetchall():
            for value in PERSON.values():
                cursor.execute(
                    f'SELECT count(*) FROM "{table}" WHERE "{column}"::text LIKE %s',
                    [f"%{value}%"],
                )
                if cursor.fetchone()[0]:
                    hits.append(f"{table}.{column}: {value}")
    return hits


READ_BYTES = "import sys; sys.stdout.buffer.write(open(sys.argv[1], 'rb').read())"


def sqlite_file_holding() -> dict[str, list[bytes]]:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        busy = cursor.fetchone()[0]
    assert busy == 0, "the checkpoint could not run: another connection is reading"
    name = Path(connection.settings_dict["NAME"])
    hits = {}
    for path in (name, Path(f"{name}-wal")):
        if path.exists():
            # Read in a child process: closing a descriptor on the database file here would
            # drop the POSIX locks SQLite holds for this process's other connections (the live
            # server's), and a later process would take the database for unused.
            data = subprocess.run(
                [sys.executable, "-c", READ_BYTES, str(path)],
                capture_output=True,
                check=True,
            ).stdout
            found = [n for n in needles() if n in data]
            if found:
                hits[str(path)] = found
    return hits


def test_export_holds_everything_about_the_person(person_history, data_dirs) -> None:
    customer = person_history["customer"]
    first, second = person_history["numbers"]
    out = data_dirs / "export" / "person.zip"
    request = personal_data_export(customer=customer, out=out, actor=None)

    with zipfile.ZipFile(out) as archive:
        data = json.loads(archive.read("data.json"))
        names = archive.namelist()
        attachment = [n for n in names if n.startswith(f"files/attachments/{first}/")]
        assert len(attachment) == 1
        assert PERSON["id_number"] in archive.read(attachment[0]).decode()
    assert data["format"] == "complaintdesk-personal-data/1"
    assert {k: data["customer"][k] for k in PERSON} == PERSON
    assert sorted(c["number"] for c in data["complaints"]) == sorted([first, second])
    assert PERSON["id_number"] in {c["number"]: c["text"] for c in data["complaints"]}[first]
    bodies = [m["body"] for m in data["messages"]]
    assert any(PERSON["phone"] in b for b in bodies) and any(PERSON["name"] in b for b in bodies)
    assert {"created", "message", "dispute_opened", "dispute_ruled", "remedy_proposed"} <= {
        e["kind"] for e in data["events"]
    }
    assert len(data["disputes"]) == 1 and len(data["rulings"]) == 1
    assert any(PERSON["phone"] in e["text"] for e in data["evidence"])
    assert PERSON["phone"] in data["remedies"][0]["note"]
    assert len(data["idempotency_records"]) == 1
    assert PERSON["email"] in json.dumps(data["idempotency_records"], ensure_ascii=False)
    assert any(m["to_address"] == PERSON["email"] for m in data["outbox_mails"])
    assert data["attachments"][0]["filename"] == f"{PERSON['name']}-发票.txt"
    # Audited: the request in the log, and an event on each complaint.
    assert request.kind == "export" and request.details["files"] == 1
    assert (
        ComplaintEvent.objects.filter(
            kind=EventKind.PERSONAL_DATA_EXPORTED, data__privacy_request=request.pk
        ).count()
        == 2
    )


def test_erasure_is_refused_while_a_complaint_or_its_dispute_is_open(person_history) -> None:
    customer = person_history["customer"]
    with pytest.raises(ErasureHeld) as held:
        personal_data_erase(customer=customer, actor=None)
    codes = {h.code: h.numbers for h in held.value.holds}
    assert set(codes) == {"open_complaint", "open_dispute"}
    assert codes["open_dispute"] == [person_history["numbers"][0]]
    assert "still open" in str(held.value.message) or "仍" in str(held.value.message)
    refused = PrivacyRequest.objects.get(kind="erasure")
    assert refused.outcome == "refused" and refused.holds[0]["code"] == "open_complaint"
    customer.refresh_from_db()
    assert customer.phone == PERSON["phone"]  # nothing was changed


def test_statutory_retention_holds_a_recently_closed_complaint(person_history, settings) -> None:
    person_history["close"]()
    settings.PRIVACY_ERASURE_HOLD_DAYS = 30
    with pytest.raises(ErasureHeld) as held:
        personal_data_erase(customer=person_history["customer"], actor=None)
    assert [h.code for h in held.value.holds] == ["statutory_retention"]


def test_after_erasure_no_value_of_the_person_is_left_and_the_statistics_hold(
    person_history, data_dirs, settings, frozen
) -> None:
    person_history["close"]()
    customer = person_history["customer"]
    # The outbox delivered in capture mode: mails to the person are files in the data dir.
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    deliveries_send_due(now=timezone.now() + dt.timedelta(days=1))
    assert files_holding(data_dirs / "mail"), "captured mail names the person before"
    # An earlier complaint list exported by a supervisor, and one that does not name them.
    (data_dirs / "exports").mkdir()
    book = Workbook()
    book.active.append(["编号", "客户", "电话"])
    book.active.append([person_history["numbers"][0], PERSON["name"], PERSON["phone"]])
    book.save(data_dirs / "exports" / "complaints-1.xlsx")
    (data_dirs / "exports" / "complaints-2.csv").write_text("编号,客户\nTS-1,韩梅梅\n")
    assert files_holding(data_dirs / "exports") == {}, "xlsx is compressed: no plain bytes"
    before = statistics()
    index_before = similar_index()
    assert files_holding(data_dirs / "attachments"), "the attachment is on disk before"
    if connection.vendor == "sqlite":
        assert sqlite_file_holding(), "the values are in the database file before"

    frozen(sh(2026, 10, 21, 10))
    request = personal_data_erase(customer=customer, actor=None)

    assert request.outcome == "done" and request.complaints == 2
    assert files_holding(data_dirs) == {}
    assert sorted(p.name for p in (data_dirs / "exports").iterdir()) == ["complaints-2.csv"]
    if connection.vendor == "sqlite":
        assert sqlite_file_holding() == {}
    else:
        assert database_text_holding() == []
    assert statistics() == before
    assert similar_index() is not index_before  # the similar-cases index is built again
    # The complaints, their numbers and their events stay; the person is gone from them.
    first, _second = person_history["numbers"]
    complaint = Complaint.objects.get(number=first)
    assert "[证件号]" in complaint.text and "[姓名]" in complaint.text
    assert not Attachment.objects.filter(complaint=complaint).exists()
    customer.refresh_from_db()
    assert (customer.name, customer.phone, customer.email, customer.id_number) == (
        "[已删除]",
        "",
        "",
        "",
    )
    assert customer.user.username == f"erased-{customer.pk}" and not customer.user.is_active
    # The desk still shows the complaint, its history ending with the erasure.
    desk = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    desk.force_login(person_history["agent"])
    page = desk.get(f"/desk/c/{first}/").content.decode()
    assert first in page and "个人信息已删除" in page and PERSON["name"] not in page
    assert "erasure" not in page
    # Audited: the request, an event on each complaint, the closed redaction rows.
    assert ComplaintEvent.objects.filter(kind=EventKind.PERSONAL_DATA_ERASED).count() == 2
    assert EventRedaction.objects.filter(finished_at__isnull=True).count() == 0
    assert EventRedaction.objects.filter(reason="erasure").count() == 2


def test_events_stay_append_only_outside_an_erasure(person_history) -> None:
    from django.db import IntegrityError, transaction

    event = ComplaintEvent.objects.filter(kind="message").first()
    assert event is not None
    with pytest.raises(IntegrityError), transaction.atomic():
        ComplaintEvent.objects.filter(pk=event.pk).update(data={"x": 1})
    # Even during an erasure, only the data may change: not the kind, time or actor.
    EventRedaction.objects.create(complaint=event.complaint, reason="test", started_at=event.at)
    with pytest.raises(IntegrityError), transaction.atomic():
        ComplaintEvent.objects.filter(pk=event.pk).update(kind="note")
    with pytest.raises(IntegrityError), transaction.atomic():
        ComplaintEvent.objects.filter(pk=event.pk).delete()
