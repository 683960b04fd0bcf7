"""Storing attachments: outside the web root, type sniffed from the content, size-limited, hashed.

Files live under ``settings.ATTACHMENT_ROOT`` at ``<sha256[:2]>/<sha256>``: the same content is
stored once on disk however often it arrives, and a stored name never comes from the sender.
"""

from __future__ import annotations

import hashlib
import os
import re
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

_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\]+")


def attachment_filename_clean(name: str) -> str:
    """The sender's file name without path parts or control characters, at most 255 long."""
    base = _UNSAFE_NAME.sub("_", os.path.basename(name.replace("\\", "/"))).strip(" .")
    return (base or "attachment")[:255]


def attachment_content_type(content: bytes) -> str:
    """The type read from the file's magic bytes; plain text when it decodes, else octet-stream."""
    kind = filetype.guess(content[:8192])
    if kind is not None:
        return str(kind.mime)
    try:
        content[:8192].decode("utf-8")
    except UnicodeDecodeError:
        return "application/octet-stream"
    return "text/plain"


def _write_once(sha256: str, content: bytes) -> str:
    relative = Path(sha256[:2]) / sha256
    target = Path(settings.ATTACHMENT_ROOT) / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(content)
        os.replace(temporary, target)
    return str(relative)


@dataclass(frozen=True)
class StoredFile:
    """Bytes kept on disk under their hash, with what was read from them."""

    filename: str
    content_type: str
    size: int
    sha256: str
    storage_path: str


def file_keep(*, filename: str, content: bytes) -> StoredFile:
    """Keep bytes under ``ATTACHMENT_ROOT`` without an attachment row: for apps that keep
    their own record of a file (a dispute's evidence, seen only by its party and staff)."""
    sha256 = hashlib.sha256(content).hexdigest()
    return StoredFile(
        filename=attachment_filename_clean(filename),
        content_type=attachment_content_type(content),
        size=len(content),
        sha256=sha256,
        storage_path=_write_once(sha256, content),
    )


def stored_path(storage_path: str) -> Path:
    """Where bytes kept by :func:`file_keep` or an attachment are on disk."""
    return Path(settings.ATTACHMENT_ROOT) / storage_path


def attachment_store(
    *,
    complaint: Complaint,
    filename: str,
    content: bytes,
    actor: Actor | None,
    message: Message | None = None,
) -> Attachment:
    """Keep one file on a complaint (and the message it came with) and record the event."""
    limit = settings.ATTACHMENT_MAX_BYTES
    if len(content) > limit:
        raise InvalidInput(
            _("The file “%(name)s” is larger than %(limit)s bytes.")
            % {"name": attachment_filename_clean(filename), "limit": limit},
            {"size": len(content), "limit": limit},
        )
    sha256 = hashlib.sha256(content).hexdigest()
    attachment = Attachment.objects.create(
        complaint=complaint,
        message=message,
        filename=attachment_filename_clean(filename),
        content_type=attachment_content_type(content),
        size=len(content),
        sha256=sha256,
        storage_path=_write_once(sha256, content),
        uploaded_by_id=actor.user_id if actor else None,
        created_at=timezone.now(),
    )
    event_record(
        complaint=complaint, kind=EventKind.ATTACHMENT, actor=actor,
        attachment_id=attachment.pk, filename=attachment.filename, sha256=sha256,
    )
    return attachment


# What people may upload through the desk and the portal: images, PDF, office documents, text.
UPLOAD_TYPES = frozenset(
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


@dataclass(frozen=True)
class CheckedUpload:
    """An uploaded file that passed :func:`attachment_upload_check`."""

    filename: str
    content: bytes


def attachment_upload_check(*, stream: IO[bytes], filename: str) -> CheckedUpload:
    """Read at most the size limit plus one byte; refuse empty, oversize or disallowed files."""
    limit = settings.ATTACHMENT_MAX_BYTES
    content = stream.read(limit + 1)
    name = attachment_filename_clean(filename)
    if len(content) > limit:
        raise InvalidInput(
            _("“%(name)s” is larger than %(mb)s MB.")
            % {"name": name, "mb": round(limit / (1024 * 1024), 1)},
            {"field": "files", "file": name},
        )
    if not content:
        raise InvalidInput(_("“%(name)s” is empty.") % {"name": name}, {"field": "files"})
    if attachment_content_type(content) not in UPLOAD_TYPES:
        raise InvalidInput(
            _("“%(name)s” is not an allowed type: send images, PDF, office documents or text.")
            % {"name": name},
            {"field": "files", "file": name},
        )
    return CheckedUpload(filename=name, content=content)


@transaction.atomic
def attachment_upload(
    *, complaint: Complaint, actor: Actor, upload: CheckedUpload, message: Message | None = None
) -> Attachment:
    """A file a person uploaded on the desk or the portal, after the role check."""
    ensure_can_attach(actor)
    return attachment_store(
        complaint=complaint, filename=upload.filename, content=upload.content, actor=actor,
        message=message,
    )


def attachments_refused_note(
    *, complaint: Complaint, filenames: list[str], actor: Actor | None
) -> None:
    """Record on the timeline which files that came with a message were not kept."""
    event_record(
        complaint=complaint,
        kind=EventKind.ATTACHMENT_REFUSED,
        actor=actor,
        files=[attachment_filename_clean(name) for name in filenames],
    )


def attachment_path(attachment: Attachment) -> Path:
    """Where the stored bytes are on disk."""
    return Path(settings.ATTACHMENT_ROOT) / attachment.storage_path
