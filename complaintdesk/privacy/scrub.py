"""Replacing one person's personal data inside free text. Pure: no Django.

A :class:`Scrubber` is built for one person from the values known about them (name, phone,
e-mail, ID number, external id) and also replaces anything that looks like a mainland mobile
or landline number, a resident ID number (18 characters with a valid check digit, or the old
15 digits) or an e-mail address, whoever's it
is: text a customer wrote often names a relative's phone too, and an erased complaint should
keep none. Markers say what was there, so the text still reads: ``[电话]``, ``[证件号]``,
``[邮箱]``, ``[姓名]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

NAME = "[姓名]"
PHONE = "[电话]"
ID_NUMBER = "[证件号]"
EMAIL = "[邮箱]"
VALUE = "[已删除]"

EMAIL_PATTERN = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# Resident ID: 17 digits and a digit or X (18), or the old 15 digits. Phones and IDs must not
# touch a Latin letter or digit, so hashes, hex ids and longer numbers are left alone.
ID_PATTERN = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
# Mobile numbers (with an optional +86 and separators) and landlines with an area code.
PHONE_PATTERN = re.compile(
    r"(?<![0-9A-Za-z+])(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?![0-9A-Za-z])"
    r"|(?<![0-9A-Za-z])0\d{2,3}[ -]?\d{7,8}(?![0-9A-Za-z])"
)


ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def id_number_valid(candidate: str) -> bool:
    """An 18-character resident ID whose last character is its GB 11643 check digit (15-digit
    old numbers have none and count as IDs). Long order numbers rarely pass."""
    if len(candidate) == 15:
        return candidate.isdigit()
    total = sum(int(d) * w for d, w in zip(candidate[:17], ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11] == candidate[17].upper()


def _id_replace(match: re.Match[str]) -> str:
    return ID_NUMBER if id_number_valid(match.group(0)) else match.group(0)


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


@dataclass(frozen=True)
class Scrubber:
    """``scrubber(text)`` is the text without the person's values and without any phone,
    ID number or e-mail address."""

    names: tuple[str, ...] = ()
    values: tuple[str, ...] = ()

    @classmethod
    def for_person(cls, *, names: Iterable[str] = (), values: Iterable[str] = ()) -> Scrubber:
        names_t = tuple(
            sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True)
        )
        values_t = tuple(
            sorted({v.strip() for v in values if v and len(v.strip()) >= 3}, key=len, reverse=True)
        )
        return cls(names=names_t, values=values_t)

    def __call__(self, text: str) -> str:
        if not text:
            return text
        text = EMAIL_PATTERN.sub(EMAIL, text)
        text = ID_PATTERN.sub(_id_replace, text)
        text = PHONE_PATTERN.sub(PHONE, text)
        for value in self.values:
            text = _replace_value(text, value)
        for name in self.names:
            text = text.replace(name, NAME)
        return text


def _replace_value(text: str, value: str) -> str:
    """A known value, also when written with other separators (a phone as ``139-1234-5678``)."""
    text = re.sub(re.escape(value), VALUE, text, flags=re.IGNORECASE)
    digits = _digits(value)
    if len(digits) >= 7 and digits != value:
        spaced = r"[ -]?".join(re.escape(d) for d in digits)
        text = re.sub(rf"(?<!\d){spaced}(?!\d)", VALUE, text)
    return text
