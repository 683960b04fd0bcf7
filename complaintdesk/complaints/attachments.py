"""Files attached to complaints: checked from their content, stored outside the web root.

Files are kept under ``settings.ATTACHMENT_ROOT`` by their SHA-256 (the same bytes are stored
once), never under a name the uploader chose. The type is sniffed from the first bytes with
``filetype``; the file name only decides between plain text and an unknown binary.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import filetype
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import EventKind
from complaintdesk.complaints.errors import InvalidInput
from complaintdesk.complaints.models import Attachment, Complaint, Message
from complaintdesk.complaints.permissions import ensure_can_attach
from complaintdesk.complaints.services import event_record

ALLOWED_TYPES = frozenset(
    {
        "image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "image/bmp",
        "application/pdf",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.oasis.opendocument.presentation",
        "text/plain",
    }
)
TEXT_SUFFIXES = (".txt", ".log", ".csv")
_SNIFF_BYTES = 8192


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    content_type: str
    data: bytes
    sha256: str


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def sniff_content_type(*, data: bytes, filename: str) -> str | None:
    """The MIME type read from the content, or ``None`` when it is not an allowed type."""
    kind = filetype.guess(data[:_SNIFF_BYTES])
    if kind is not None:
        return kind.mime if kind.mime in ALLOWED_TYPES else None
    if filename.lower().endswith(TEXT_SUFFIXES) and _looks_like_text(data[:_SNIFF_BYTES]):
        return "text/plain"
    return None


def safe_filename(name: str) -> str:
    base = os.path.basename(name.replace("\\", "/")).strip() or "file"
    return "".join(ch for ch in base if ch.isprintable())[:200]


def attachment_check(*, stream: IO[bytes], filename: str) -> CheckedFile:
    """Read at most the size limit plus one byte and refuse oversize or disallowed files."""
    limit = settings.ATTACHMENT_MAX_BYTES
    data = stream.read(limit + 1)
    name = safe_filename(filename)
    if len(data) > limit:
        raise InvalidInput(
            _("%(name)s is larger than %(mb)s MB.") % {"name": name, "mb": limit // (1024 * 1024)},
            {"field": "files", "file": name},
        )
    if not data:
        raise InvalidInput(_("%(name)s is empty.") % {"name": name}, {"field": "files"})
    content_type = sniff_content_type(data=data, filename=name)
    if content_type is None:
        raise InvalidInput(
            _("%(name)s is not an allowed type: send images, PDF, office documents or text.")
            % {"name": name},
            {"field": "files", "file": name},
        )
    return CheckedFile(name, content_type, data, hashlib.sha256(data).hexdigest())


def _store(checked: CheckedFile) -> str:
    relative = f"{checked.sha256[:2]}/{checked.sha256}"
    target = Path(settings.ATTACHMENT_ROOT) / relative
    if target.exists():
        return relative
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as handle:
        handle.write(checked.data)
    Path(handle.name).chmod(0o640)
    os.replace(handle.name, target)
    return relative


@transaction.atomic
def attachment_add(
    *, complaint: Complaint, actor: Actor, checked: CheckedFile, message: Message | None = None
) -> Attachment:
    """Store a checked file and record it on the complaint (and on ``message`` if given)."""
    ensure_can_attach(actor)
    attachment = Attachment.objects.create(
        complaint=complaint,
        message=message,
        filename=checked.filename,
        content_type=checked.content_type,
        size=len(checked.data),
        sha256=checked.sha256,
        storage_path=_store(checked),
        uploaded_by_id=actor.user_id,
        created_at=timezone.now(),
    )
    event_record(
        complaint=complaint, kind=EventKind.ATTACHMENT, actor=actor,
        attachment_id=attachment.pk, filename=attachment.filename,
        content_type=attachment.content_type, size=attachment.size,
    )
    return attachment


def attachment_path(attachment: Attachment) -> Path:
    return Path(settings.ATTACHMENT_ROOT) / attachment.storage_path
