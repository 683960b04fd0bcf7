"""Polling a real IMAP server (dovecot on loopback)."""

from __future__ import annotations

import imaplib
from typing import Any

import pytest

from complaintdesk.complaints.models import Complaint, Message
from complaintdesk.intake.email.imap import ImapSettings, email_fetch, imap_settings_from_env
from complaintdesk.workflows.email_in import email_ingest
from tests.channels.conftest import ImapServer, build_email
from tests.channels.test_email_limits import wide_bomb

pytestmark = pytest.mark.django_db


def _deliver(server: ImapServer, *messages: bytes) -> None:
    client = imaplib.IMAP4(server.host, server.port, timeout=10)
    client.login(server.user, server.password)
    for raw in messages:
        client.append("INBOX", "", imaplib.Time2Internaldate(0), raw)
    client.logout()


def _settings(server: ImapServer) -> ImapSettings:
    return ImapSettings(
        host=server.host, port=server.port, user=server.user, password=server.password, ssl=False
    )


def _flags(server: ImapServer) -> list[bytes]:
    client = imaplib.IMAP4(server.host, server.port, timeout=10)
    client.login(server.user, server.password)
    client.select("INBOX")
    _, data = client.fetch("1:*", "(FLAGS)")
    client.logout()
    return [item for item in data if isinstance(item, bytes)]


def test_unseen_mail_is_taken_in_once_and_marked_seen(imap_server: ImapServer) -> None:
    first = build_email(message_id="<imap1@example.com>")
    reply = build_email(
        text="补充一下订单号 JD-7。",
        subject="Re: 耳机",
        message_id="<imap2@example.com>",
        headers={"In-Reply-To": "<imap1@example.com>"},
    )
    ooo = build_email(
        subject="Automatic reply",
        message_id="<imap3@example.com>",
        headers={"Auto-Submitted": "auto-replied"},
    )
    _deliver(imap_server, first, reply, ooo, wide_bomb(), first)
    report = email_fetch(imap=_settings(imap_server), ingest=lambda raw: email_ingest(raw=raw))
    assert report.taken == 4 and report.refused == 1
    assert report.outcomes == {"created": 1, "reply": 1, "ignored_auto": 1, "duplicate": 1}
    complaint = Complaint.objects.get()
    assert Message.objects.filter(complaint=complaint).count() == 1
    assert all(b"\\Seen" in flags for flags in _flags(imap_server))
    again = email_fetch(imap=_settings(imap_server), ingest=lambda raw: email_ingest(raw=raw))
    assert again.taken == 0


def test_imap_settings_come_from_the_environment() -> None:
    env: dict[str, Any] = {
        "IMAP_HOST": "mail.example.com",
        "IMAP_USER": "u",
        "IMAP_PASSWORD": "p",
        "IMAP_SSL": "false",
    }
    imap = imap_settings_from_env(env)
    assert imap is not None and (imap.port, imap.ssl, imap.folder) == (143, False, "INBOX")
    assert imap_settings_from_env({}) is None
    with pytest.raises(ValueError, match="IMAP_PORT"):
        imap_settings_from_env({**env, "IMAP_PORT": "abc"})
