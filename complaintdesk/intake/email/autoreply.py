"""Recognising mail no person wrote: auto-replies, out-of-office notices and bounces.

Such mail never opens a complaint and is never answered, so two auto-responders cannot keep
writing to each other (RFC 3834).
"""

from __future__ import annotations

import re
from email.utils import parseaddr

_LIST_PRECEDENCE = frozenset({"bulk", "junk", "list", "auto_reply", "auto-reply"})
_AUTO_FLAGS = ("X-Autoreply", "X-Autorespond", "X-Auto-Reply")
_DAEMONS = frozenset({"mailer-daemon", "postmaster"})
_AUTO_SUBJECT = re.compile(
    r"^\s*(auto(matic)?[ -]?reply|auto:|out of (the )?office|自动回复|自動回覆|外出|"
    r"undeliverable|delivery status notification|mail delivery failed|退信)",
    re.IGNORECASE,
)


def auto_reply_reason(headers: dict[str, str], content_type: str, subject: str) -> str:
    """Why this message was written by a machine, or an empty string when a person wrote it.

    ``headers`` are the raw (undecoded) header values by lower-case name.
    """
    auto_submitted = headers.get("auto-submitted", "").strip().lower()
    if auto_submitted and auto_submitted != "no":
        return f"Auto-Submitted: {auto_submitted[:40]}"
    precedence = headers.get("precedence", "").strip().lower()
    if precedence in _LIST_PRECEDENCE:
        return f"Precedence: {precedence}"
    for flag in _AUTO_FLAGS:
        value = headers.get(flag.lower(), "").strip().lower()
        if value and value not in {"no", "false", "0"}:
            return f"{flag}: {value[:40]}"
    if content_type == "multipart/report":
        return "multipart/report (delivery or read report)"
    return_path = headers.get("return-path")
    if return_path is not None and return_path.strip() in {"<>", ""}:
        return "null envelope sender"
    local_part = parseaddr(headers.get("from", ""))[1].split("@")[0].lower()
    if local_part in _DAEMONS:
        return f"sent by {local_part}"
    if _AUTO_SUBJECT.match(subject):
        return "auto-reply subject"
    return ""
