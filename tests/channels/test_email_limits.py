"""Hostile mail: MIME bombs are refused early, and nothing a sender writes can add a header."""

from __future__ import annotations

import base64
import subprocess
import sys
import time
from pathlib import Path

import pytest

from complaintdesk.complaints.models import Complaint
from complaintdesk.intake.email.ingest import IngestOutcome
from complaintdesk.intake.email.parsing import EmailRefused, MailLimits, parse_email
from complaintdesk.notify.models import OutboundEmail
from complaintdesk.notify.sending import deliveries_send_due
from complaintdesk.workflows.email_in import email_ingest
from tests.channels.conftest import Mailbox, build_email

HEAD = b"From: a@example.com\r\nTo: s@example.com\r\nSubject: bomb\r\nMessage-ID: <bomb@x>\r\n"


def wide_bomb(parts: int = 5000) -> bytes:
    body = b"".join(b"--W\r\nContent-Type: text/plain\r\n\r\npart %d\r\n" % i for i in range(parts))
    return HEAD + b'Content-Type: multipart/mixed; boundary="W"\r\n\r\n' + body + b"--W--\r\n"


def bare_wide_bomb(parts: int = 20000) -> bytes:
    """Parts without their own Content-Type header: only the delimiters show them."""
    body = b"".join(b"--W\r\n\r\nx\r\n" for _ in range(parts))
    return HEAD + b'Content-Type: multipart/mixed; boundary="W"\r\n\r\n' + body + b"--W--\r\n"


def deep_bomb(depth: int = 3000) -> bytes:
    opening = b"".join(
        b'--B%d\r\nContent-Type: multipart/mixed; boundary="B%d"\r\n\r\n' % (i, i + 1)
        for i in range(depth)
    )
    closing = b"".join(b"--B%d--\r\n" % i for i in reversed(range(depth)))
    return HEAD + b'Content-Type: multipart/mixed; boundary="B0"\r\n\r\n' + opening + closing


def modest_nesting(depth: int) -> bytes:
    """Few parts but nested deeper than the limit: refused by the walk after parsing."""
    return deep_bomb(depth)


@pytest.mark.parametrize("bomb", [wide_bomb, bare_wide_bomb, deep_bomb])
def test_mime_bombs_are_refused_before_parsing(bomb: object) -> None:
    raw = bomb()  # type: ignore[operator]
    started = time.monotonic()
    with pytest.raises(EmailRefused):
        parse_email(raw)
    assert time.monotonic() - started < 2.0


def test_nesting_past_the_depth_limit_is_refused() -> None:
    with pytest.raises(EmailRefused, match="deeper"):
        parse_email(modest_nesting(15), MailLimits(max_depth=10))
    assert parse_email(modest_nesting(5), MailLimits(max_depth=10)).subject == "bomb"


def test_oversized_mail_is_refused() -> None:
    with pytest.raises(EmailRefused, match="exceeds"):
        parse_email(build_email(text="投诉" * 2000), MailLimits(max_bytes=4096))


@pytest.mark.django_db
def test_after_a_bomb_the_next_message_is_taken_in() -> None:
    with pytest.raises(EmailRefused):
        email_ingest(raw=wide_bomb())
    assert email_ingest(raw=build_email()).outcome == IngestOutcome.CREATED
    assert Complaint.objects.count() == 1


def test_ingest_email_command_exits_65_on_a_bomb_within_the_bound(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.eml"
    bomb.write_bytes(deep_bomb() + wide_bomb())
    with bomb.open("rb") as stdin:
        finished = subprocess.run(
            [sys.executable, "-m", "complaintdesk.cli", "ingest-email"],
            stdin=stdin,
            capture_output=True,
            timeout=60,
            check=False,
        )
    assert finished.returncode == 65, finished.stderr
    assert b"refused" in finished.stderr


@pytest.mark.django_db
def test_header_injection_through_name_and_subject_is_impossible(smtp_server: Mailbox) -> None:
    # Encoded words can carry CR/LF once decoded: the classic way to smuggle a header.
    evil = base64.b64encode("王\r\nBcc: victim@evil.example".encode()).decode()
    raw = (
        f"From: =?utf-8?B?{evil}?= <wang@example.com>\r\nTo: s@example.com\r\n"
        f"Subject: =?utf-8?B?{evil}?=\r\nMessage-ID: <inj@x>\r\n\r\n退款".encode()
    )
    complaint = email_ingest(raw=raw).complaint
    assert complaint is not None and complaint.customer is not None
    assert "\n" not in complaint.customer.name and "\n" not in complaint.title
    complaint.customer.name = "Eve\nBcc: victim@evil.example\r\nX-Evil: 1"
    complaint.customer.save()
    complaint.title = "a\r\nBcc: victim@evil.example"
    complaint.save()
    mail = OutboundEmail.objects.get()
    OutboundEmail.objects.filter(pk=mail.pk).update(
        to_name="Eve\r\nBcc: victim@evil.example", subject="x\r\nBcc: victim@evil.example"
    )
    assert deliveries_send_due()["sent"] == 1
    (received,) = smtp_server.messages
    assert received.rcpt_tos == ["wang@example.com"]
    assert received.message["Bcc"] is None and received.message["X-Evil"] is None
    assert "\n" not in str(received.message["Subject"])
