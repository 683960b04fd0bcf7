"""Domain errors raised by services and selectors; the edges turn them into 4xx responses.

Messages are lazy translations, so they render in the language of the request that caused them.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    code = "error"
    status = 400

    def __init__(self, message: str | Promise, details: Any = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.details = details


class NotFound(DomainError):
    code = "not_found"
    status = 404


class Forbidden(DomainError):
    code = "forbidden"
    status = 403


class IllegalTransition(DomainError):
    code = "illegal_transition"
    status = 409


class MissingRequirement(DomainError):
    code = "missing_requirement"
    status = 422


class InvalidInput(DomainError):
    code = "invalid_input"
    status = 422


class Conflict(DomainError):
    code = "conflict"
    status = 409


def complaint_not_found(number: str) -> NotFound:
    return NotFound(
        _("No complaint %(number)s that you can see. Check the number.") % {"number": number},
        {"number": number},
    )
