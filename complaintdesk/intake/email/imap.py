"""Polling an IMAP mailbox: every unseen message goes through the ``ingest`` function the
caller passes (``workflows.email_in.email_ingest``).

A message is marked ``\\Seen`` once it was taken in, ignored as an auto-reply, found to be a
duplicate, or refused (refused ones are also ``\\Flagged`` for a person to look at). A database
failure leaves it unseen, so the next poll tries again; duplicates are harmless because intake
remembers Message-IDs.
"""

from __future__ import annotations

import imaplib
import logging
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError

from complaintdesk.intake.email.ingest import IngestResult
from complaintdesk.intake.email.parsing import EmailRefused

logger = logging.getLogger(__name__)


class ImapConfigError(ValueError):
    """An IMAP_* environment variable holds something unusable."""


@dataclass(frozen=True)
class ImapSettings:
    host: str
    user: str
    password: str = field(repr=False)
    port: int = 993
    ssl: bool = True
    folder: str = "INBOX"


def imap_settings_from_env(environ: Mapping[str, str] = os.environ) -> ImapSettings | None:
    """IMAP_HOST, IMAP_PORT, IMAP_USER, IMAP_PASSWORD, IMAP_SSL, IMAP_FOLDER; None without a
    host."""
    host = environ.get("IMAP_HOST", "").strip()
    if not host:
        return None
    ssl_raw = environ.get("IMAP_SSL", "true").strip().lower()
    if ssl_raw not in {"1", "0", "true", "false", "yes", "no", "on", "off"}:
        raise ImapConfigError(f"IMAP_SSL={ssl_raw!r}: use true or false")
    use_ssl = ssl_raw in {"1", "true", "yes", "on"}
    port_raw = environ.get("IMAP_PORT", "").strip() or ("993" if use_ssl else "143")
    if not port_raw.isdigit() or not 0 < int(port_raw) < 65536:
        raise ImapConfigError(f"IMAP_PORT={port_raw!r}: expected a port number")
    return ImapSettings(
        host=host,
        port=int(port_raw),
        user=environ.get("IMAP_USER", ""),
        password=environ.get("IMAP_PASSWORD", ""),
        ssl=use_ssl,
        folder=environ.get("IMAP_FOLDER", "").strip() or "INBOX",
    )


@dataclass
class FetchReport:
    taken: int = 0
    refused: int = 0
    retry_later: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)


def _message_bytes(data: list[object]) -> bytes:
    for item in data:
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes):
            return item[1]
    return b""


def _connect(imap: ImapSettings) -> imaplib.IMAP4:
    client = (imaplib.IMAP4_SSL if imap.ssl else imaplib.IMAP4)(imap.host, imap.port, timeout=30)
    client.login(imap.user, imap.password)
    return client


Ingest = Callable[[bytes], IngestResult]


_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")


def _too_large(client: imaplib.IMAP4, uid: str) -> int | None:
    """The message's size when it is over ``EMAIL_MAX_BYTES``: refused without downloading it."""
    status, data = client.uid("FETCH", uid, "(RFC822.SIZE)")
    first = data[0] if status == "OK" and data else None
    match = _SIZE.search(first) if isinstance(first, bytes) else None
    size = int(match.group(1)) if match else 0
    return size if size > settings.EMAIL_MAX_BYTES else None


def _handle(client: imaplib.IMAP4, uid: str, report: FetchReport, ingest: Ingest) -> None:
    size = _too_large(client, uid)
    if size is not None:
        logger.warning("IMAP message %s refused unread: %s bytes", uid, size)
        client.uid("STORE", uid, "+FLAGS", "(\\Seen \\Flagged)")
        report.refused += 1
        return
    status, data = client.uid("FETCH", uid, "(BODY.PEEK[])")
    raw = _message_bytes(list(data)) if status == "OK" else b""
    try:
        result = ingest(raw)
    except EmailRefused as exc:
        logger.warning("IMAP message %s refused: %s", uid, exc)
        client.uid("STORE", uid, "+FLAGS", "(\\Seen \\Flagged)")
        report.refused += 1
        return
    except DatabaseError as exc:
        logger.error("IMAP message %s left for the next poll: %s", uid, exc)
        report.retry_later += 1
        return
    client.uid("STORE", uid, "+FLAGS", "(\\Seen)")
    report.taken += 1
    report.outcomes[result.outcome] = report.outcomes.get(result.outcome, 0) + 1


def email_fetch(*, imap: ImapSettings, ingest: Ingest, limit: int = 200) -> FetchReport:
    """One poll: take in up to ``limit`` unseen messages of the folder with ``ingest``."""
    report = FetchReport()
    client = _connect(imap)
    try:
        status, _ = client.select(f'"{imap.folder}"')
        if status != "OK":
            raise ImapConfigError(f"IMAP folder {imap.folder!r} cannot be opened")
        status, data = client.uid("SEARCH", "UNSEEN")
        uids = (data[0] or b"").split() if status == "OK" else []
        for uid in uids[:limit]:
            _handle(client, uid.decode(), report, ingest)
        client.close()
    finally:
        client.logout()
    return report
