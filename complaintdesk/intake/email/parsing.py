"""Reading one RFC 822 message within hard limits.

A message larger than ``EMAIL_MAX_BYTES`` is refused before anything reads it. Header values
are cut to ``max_header_chars`` *before* they are decoded: decoding thousands of short
encoded words is slower than linear, and a 12 MB Subject used to pin a CPU for minutes.
A cheap linear scan of the raw bytes counts MIME parts before the stdlib parser builds anything,
so a message with thousands of parts or deep nesting is refused in milliseconds instead of
being turned into a huge object tree. The parsed tree is then walked with a depth limit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parseaddr

from django.conf import settings

from complaintdesk.intake.email.autoreply import auto_reply_reason
from complaintdesk.intake.email.decoding import (
    decode_bytes,
    decode_header_value,
    html_to_text,
    one_line,
)


class EmailRefused(Exception):
    """The message breaks a limit or cannot be read; it is not processed at all."""


@dataclass(frozen=True)
class MailLimits:
    """``max_bytes`` ``None`` means ``settings.EMAIL_MAX_BYTES``."""

    max_bytes: int | None = None
    max_parts: int = 200
    max_depth: int = 10
    max_text_chars: int = 20_000
    max_header_chars: int = 2_000

    @property
    def size_cap(self) -> int:
        return self.max_bytes if self.max_bytes is not None else int(settings.EMAIL_MAX_BYTES)


@dataclass(frozen=True)
class ParsedEmail:
    message_id: str
    in_reply_to: list[str]
    references: list[str]
    subject: str
    sender_name: str
    sender_email: str
    text: str
    attachments: list[tuple[str, bytes]] = field(default_factory=list)
    auto_reason: str = ""


_CONTENT_TYPE = re.compile(rb"(?im)^content-type[ \t]*:")
_BOUNDARY = re.compile(rb'(?i)boundary[ \t]*=[ \t]*(?:"([^"\r\n]{1,200})"|([^\s;"]{1,200}))')
_DELIMITER = re.compile(rb"(?m)^--([^\r\n]{1,72})")
_MESSAGE_ID = re.compile(r"<[^<>\s]{1,250}>")


def _prescan(raw: bytes, limits: MailLimits) -> None:
    if len(raw) > limits.size_cap:
        raise EmailRefused(f"message of {len(raw)} bytes exceeds {limits.size_cap}")
    headers = len(_CONTENT_TYPE.findall(raw))
    if headers > limits.max_parts:
        raise EmailRefused(f"{headers} Content-Type headers exceed {limits.max_parts} parts")
    boundaries: set[bytes] = set()
    for match in _BOUNDARY.finditer(raw):
        boundaries.add(match.group(1) or match.group(2))
        if len(boundaries) > limits.max_parts:
            raise EmailRefused("too many multipart boundaries")
    if not boundaries:
        return
    parts = 0
    for match in _DELIMITER.finditer(raw):
        line = match.group(1).rstrip()
        if line in boundaries or line.removesuffix(b"--") in boundaries:
            parts += 1
            if parts > limits.max_parts * 2:
                raise EmailRefused(f"more than {limits.max_parts} MIME parts")


def _walk(part: EmailMessage, depth: int, limits: MailLimits, seen: list[int]) -> None:
    if depth > limits.max_depth:
        raise EmailRefused(f"MIME nesting deeper than {limits.max_depth}")
    seen[0] += 1
    if seen[0] > limits.max_parts:
        raise EmailRefused(f"more than {limits.max_parts} MIME parts")
    if part.is_multipart():
        for child in part.iter_parts():
            _walk(child, depth + 1, limits, seen)  # type: ignore[arg-type]


def _leaves(message: EmailMessage) -> list[EmailMessage]:
    found: list[EmailMessage] = []
    stack = [message]
    while stack:
        part = stack.pop()
        if part.get_content_type() == "message/rfc822" or not part.is_multipart():
            found.append(part)
        else:
            stack.extend(reversed(list(part.iter_parts())))  # type: ignore[arg-type]
    return found


def _is_attachment(part: EmailMessage) -> bool:
    if part.get_content_disposition() == "attachment" or part.get_filename():
        return True
    return part.get_content_maintype() not in {"text", "multipart"}


def _part_bytes(part: EmailMessage) -> bytes:
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        if isinstance(inner, list) and inner and isinstance(inner[0], EmailMessage):
            return inner[0].as_bytes()
        return b""
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


def _attachment_name(part: EmailMessage, index: int, limits: MailLimits) -> str:
    raw = part.get_param("filename", header="content-disposition") or part.get_param("name")
    if isinstance(raw, tuple):  # RFC 2231: (charset, language, value)
        charset, _language, value = raw
        value = value[: limits.max_header_chars]
        return decode_bytes(value.encode("latin-1", "replace"), charset or "utf-8")
    if raw:
        return decode_header_value(header_cut(str(raw), limits.max_header_chars))
    if part.get_content_type() == "message/rfc822":
        return f"forwarded-{index}.eml"
    return f"attachment-{index}"


def _body_and_attachments(
    message: EmailMessage, limits: MailLimits
) -> tuple[str, list[tuple[str, bytes]]]:
    plain: list[str] = []
    html: list[str] = []
    attachments: list[tuple[str, bytes]] = []
    for index, part in enumerate(_leaves(message), start=1):
        if _is_attachment(part):
            attachments.append((_attachment_name(part, index, limits), _part_bytes(part)))
            continue
        text = decode_bytes(_part_bytes(part), part.get_content_charset())
        (html if part.get_content_subtype() == "html" else plain).append(text)
    body = "\n\n".join(t.strip() for t in plain if t.strip())
    if not body and html:
        body = "\n\n".join(html_to_text(t) for t in html)
    return body, attachments


def _raw_headers(message: EmailMessage) -> dict[str, str]:
    """The first value of each header, undecoded: structured access raises on hostile values."""
    found: dict[str, str] = {}
    for key, value in message.raw_items():
        found.setdefault(key.lower(), str(value))
    return found


def header_cut(value: str, limit: int) -> str:
    """The head of a raw header value, at most ``limit`` characters, cut at a space so no
    encoded word is broken in two."""
    if len(value) <= limit:
        return value
    head = value[:limit]
    space = head.rfind(" ")
    return head[:space] if space > 0 else head


def _address_header_cut(value: str, limit: int) -> str:
    """A From header cut like :func:`header_cut`, keeping a trailing ``<address>``."""
    if len(value) <= limit:
        return value
    angle = value.rfind("<", max(0, len(value) - 300))
    if angle < 0:
        return header_cut(value, limit)
    return header_cut(value[:angle], limit) + " " + value[angle:]


def _ids(value: str) -> list[str]:
    return _MESSAGE_ID.findall(value)


def parse_email(raw: bytes, limits: MailLimits | None = None) -> ParsedEmail:
    """Parse one message or raise :class:`EmailRefused`; never returns a partial result."""
    limits = limits or MailLimits()
    _prescan(raw, limits)
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
    except Exception as exc:  # the parser is lenient; anything raised here is a broken message
        raise EmailRefused(f"unreadable message: {exc}") from exc
    assert isinstance(message, EmailMessage)
    _walk(message, 0, limits, [0])
    try:
        return _read(message, limits)
    except (ValueError, TypeError, LookupError, AttributeError) as exc:
        raise EmailRefused(f"unreadable message: {exc}") from exc


def _read(message: EmailMessage, limits: MailLimits) -> ParsedEmail:
    raw = _raw_headers(message)
    headers = {key: header_cut(value, limits.max_header_chars) for key, value in raw.items()}
    headers["from"] = _address_header_cut(raw.get("from", ""), limits.max_header_chars)
    # Message ids are never decoded: a long References list keeps its most recent ids.
    headers["references"] = raw.get("references", "")[-20_000:]
    name, address = parseaddr(headers["from"])
    body, attachments = _body_and_attachments(message, limits)
    message_ids = _ids(headers.get("message-id", ""))
    subject = decode_header_value(headers.get("subject", ""))[:200]
    return ParsedEmail(
        message_id=message_ids[0] if message_ids else "",
        in_reply_to=_ids(headers.get("in-reply-to", "")),
        references=_ids(headers.get("references", "")),
        subject=subject,
        sender_name=decode_header_value(name)[:100],
        sender_email=one_line(address).lower()[:254],
        text=body[: limits.max_text_chars],
        attachments=attachments,
        auto_reason=auto_reply_reason(headers, message.get_content_type(), subject),
    )
