"""Text checks shared by every channel."""

from __future__ import annotations

import re
import unicodedata

from complaintdesk.lib.anonymise import mask_personal_data

# C0 and C1 control characters other than tab, line feed and carriage return, plus the
# Unicode noncharacters that no legitimate complaint text contains.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def find_control_character(text: str) -> int | None:
    """Position of the first control character that text must not hold, or ``None``."""
    match = _CONTROL.search(text)
    return match.start() if match else None


def normalise_line_endings(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def is_blank(text: str) -> bool:
    return not text or all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in text)


def mask_phone(phone: str) -> str:
    """138****5678: keep the first three and last four digits of a phone number."""
    digits = phone.strip()
    if len(digits) <= 7:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"


def mask_name(name: str) -> str:
    """王** / J***: the first character of a name, the rest hidden."""
    name = name.strip()
    return f"{name[:1]}{'*' * max(2, min(len(name) - 1, 3))}" if name else ""


def mask_email(email: str) -> str:
    local, sep, domain = email.partition("@")
    if not sep:
        return "*" * len(email)
    return f"{local[:1]}***@{domain}"


def mask_identifier(value: str) -> str:
    """ID card or passport numbers: keep the first and last two characters."""
    if len(value) <= 4:
        return "*" * len(value)
    return f"{value[:2]}{'*' * (len(value) - 4)}{value[-2:]}"


def mask_contacts_in_text(text: str) -> str:
    """Free text with mobile and landline numbers, ID numbers, emails and bank card numbers
    partly hidden, for readers who may see what a complaint says but not who wrote it or how
    to reach them (auditors, outside overseers, respondents). The patterns are the
    anonymiser's (:mod:`complaintdesk.lib.anonymise`), so masking and anonymising agree."""
    return mask_personal_data(text)
