"""Remedies in words: the policies' reasons, titles and the offer text of the resolution mail,
in the language active when they are called (the page's, or the customer's for mail)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from complaintdesk.resolution.choices import RemedyKind
from complaintdesk.resolution.models import Remedy


def reason_text(reason: dict[str, Any]) -> str:
    """A recorded reason (message id and parameters) in the active language."""
    params = {str(k): str(v) for k, v in (reason.get("params") or {}).items()}
    try:
        return _(str(reason.get("message", ""))) % params
    except (KeyError, ValueError, TypeError):
        return str(reason.get("message", ""))


def amount_text(amount: Decimal) -> str:
    return _("%(amount)s yuan") % {"amount": f"{amount:.2f}"}


def kind_label(kind: str) -> str:
    try:
        return str(RemedyKind(kind).label)
    except ValueError:
        return kind


def remedy_title(remedy: Remedy) -> str:
    """``退还未上课时费用 · 646.58 元``; no amount for an apology or a resend."""
    label = kind_label(remedy.kind)
    return f"{label} · {amount_text(remedy.amount)}" if remedy.amount else label


def explanation_lines(remedy: Remedy) -> list[str]:
    lines = [reason_text(r) for r in remedy.explanation or [] if isinstance(r, dict)]
    if remedy.note:
        lines.append(remedy.note)
    return lines


def offer_text(remedies: list[Remedy]) -> str:
    """The offers awaiting the customer's answer, for the resolution mail."""
    parts = []
    for remedy in remedies:
        lines = [remedy_title(remedy), *explanation_lines(remedy)]
        parts.append("\n".join(lines))
    return "\n\n".join(parts)
