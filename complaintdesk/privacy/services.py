"""Writes of the privacy app: the audit log, the export archive, the scrubber for a person,
removing files nobody refers to, and the SQLite settings of an erasing connection."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.db import connection
from django.utils import timezone

from complaintdesk.complaints.attachments import stored_path
from complaintdesk.complaints.models import Customer
from complaintdesk.complaints.personal_data import customer_values
from complaintdesk.privacy.models import PrivacyRequest
from complaintdesk.privacy.scrub import Scrubber
from complaintdesk.privacy.selectors import Hold

ARCHIVE_FORMAT = "complaintdesk-personal-data/1"


def request_record(
    *,
    kind: str,
    outcome: str,
    via: str,
    customer: Customer,
    user_id: int | None,
    complaints: int = 0,
    holds: Sequence[Hold] = (),
    details: dict[str, Any] | None = None,
) -> PrivacyRequest:
    return PrivacyRequest.objects.create(
        kind=kind,
        outcome=outcome,
        via=via,
        customer=customer,
        requested_by_id=user_id,
        at=timezone.now(),
        complaints=complaints,
        holds=[h.as_dict() for h in holds],
        details=details or {},
    )


def scrubber_for(customer: Customer | None) -> Scrubber:
    """Replaces the customer's own values and every phone, ID number and e-mail address."""
    if customer is None:
        return Scrubber.for_person()
    names = [customer.name]
    user = customer.user
    if user is not None:
        names += [getattr(user, "first_name", ""), getattr(user, "last_name", "")]
        full = f"{getattr(user, 'last_name', '')}{getattr(user, 'first_name', '')}"
        names.append(full)
    values = [v for v in customer_values(customer) if v not in names]
    return Scrubber.for_person(names=names, values=values)


def archive_write(
    *, out: Path, data: dict[str, Any], files: Iterable[tuple[str, str]]
) -> tuple[str, int]:
    """A zip with ``data.json`` (UTF-8, indented) and ``files/<name>`` for each ``(archive name,
    storage path)`` whose file exists. Returns the archive's SHA-256 and the files added."""
    out.parent.mkdir(parents=True, exist_ok=True)
    added = 0
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        document = {"format": ARCHIVE_FORMAT, **data}
        archive.writestr(
            "data.json", json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True)
        )
        for name, storage in files:
            source = stored_path(storage)
            if source.is_file():
                archive.write(source, f"files/{name}")
                added += 1
    out.chmod(0o600)
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    return digest, added


def files_remove(paths: Iterable[str], *, in_use: set[str]) -> int:
    """Delete stored files no row refers to any more; returns how many were deleted."""
    removed = 0
    for storage in sorted(set(paths) - in_use):
        target = stored_path(storage)
        if target.is_file():
            target.unlink()
            removed += 1
    return removed


@contextmanager
def erasing_connection() -> Iterator[None]:
    """On SQLite, ``secure_delete`` on this connection for the erasure only: pages and cells
    freed by it are overwritten with zeros, so the old values do not linger in the file.
    Afterwards the write-ahead log is checkpointed and truncated, so no old page image stays
    in the ``-wal`` file either (when no other connection is reading at that moment; it is
    retried by the next erasure or checkpoint)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        before = cursor.fetchone()[0]
        cursor.execute("PRAGMA secure_delete=ON")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA secure_delete={int(before)}")
    if not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
