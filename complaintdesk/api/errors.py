"""Every API error as ``{"code", "message", "details"}`` in the request's language."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from complaintdesk.api.auth import CsrfRefused
from complaintdesk.complaints.errors import DomainError

_TIME_EXAMPLE = "2026-11-22T09:30:00+08:00"


def _field_message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "extra_forbidden":
        return _("Unknown field; remove it or check its spelling.")
    if kind in {"string_too_long", "too_long"}:
        return _("Too long: at most %(n)s characters.") % {"n": ctx.get("max_length", "?")}
    if kind in {"string_too_short", "too_short", "blank"}:
        return _("Must not be empty.")
    if kind in {"enum", "literal_error"}:
        return _("Not an allowed value. Use one of: %(expected)s.") % {
            "expected": ctx.get("expected", "")
        }
    if kind in {"decimal_parsing", "decimal_type", "float_parsing", "float_type"}:
        return _("Must be a number such as 199.00.")
    if kind in {"decimal_max_places"}:
        return _("At most two decimal places.")
    if kind in {"decimal_max_digits", "decimal_whole_digits"}:
        return _("The amount is too large.")
    if kind in {"greater_than_equal", "greater_than"}:
        return _("Must not be negative or below %(limit)s.") % {
            "limit": ctx.get("ge", ctx.get("gt", 0))
        }
    if kind in {"less_than_equal", "less_than"}:
        return _("Must be at most %(limit)s.") % {"limit": ctx.get("le", ctx.get("lt", ""))}
    if kind.startswith(("datetime", "date")):
        return _("Must be a date and time in ISO 8601, for example %(example)s.") % {
            "example": _TIME_EXAMPLE
        }
    if kind == "datetime_out_of_range":
        return _("Must be a date between 1970 and 2200 with a real time-zone offset.")
    if kind == "future_datetime":
        return _("Must not be in the future.")
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return _("Must be a whole number.")
    if kind in {"bool_parsing", "bool_type"}:
        return _("Must be true or false.")
    if kind == "string_pattern_mismatch":
        return _("Wrong format; check the characters allowed in this field.")
    if kind == "control_character":
        return _("Contains an invisible control character at position %(pos)s; remove it.") % {
            "pos": ctx.get("position", "?")
        }
    if kind == "line_break":
        return _("Must be one line: remove the line break at position %(pos)s.") % {
            "pos": ctx.get("position", "?")
        }
    if kind == "platform_reserved":
        return _(
            "The channel “platform” is for complaints a platform signs and sends to "
            "/api/v1/webhooks/platform/{source}; choose another channel, such as “api”."
        )
    if kind == "lessons_exceed_total":
        return _("Lessons attended cannot exceed the lessons in total.")
    if kind in {"json_invalid", "model_attributes_type", "dict_type", "model_type"}:
        return _("The request body must be a JSON object.")
    if kind in {"string_type"}:
        return _("Must be text.")
    return str(error.get("msg", _("Invalid value.")))


def _field_name(loc: list[Any] | tuple[Any, ...]) -> str:
    parts = [
        str(p) for p in loc if p not in {"body", "payload", "query", "header", "path", "filters"}
    ]
    return ".".join(parts) or "body"


def _validation_details(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [
        {
            "field": _field_name(e.get("loc", ())),
            "code": str(e.get("type", "invalid")),
            "message": _field_message(e),
        }
        for e in errors
    ]


def error_response(
    api: NinjaAPI, request: HttpRequest, status: int, code: str, message: str, details: Any = None
) -> HttpResponse:
    return api.create_response(
        request, {"code": code, "message": message, "details": details}, status=status
    )


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        details = _validation_details(list(exc.errors))
        summary = "; ".join(f"{d['field']}: {d['message']}" for d in details)
        message = _("Please fix these fields: %(summary)s") % {"summary": summary}
        return error_response(api, request, 422, "invalid_input", message, details)

    @api.exception_handler(DomainError)
    def on_domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return error_response(api, request, exc.status, exc.code, str(exc.message), exc.details)

    @api.exception_handler(AuthenticationError)
    def on_auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        message = _(
            "Not authenticated. Send an API key in the header “Authorization: Bearer <key>” "
            "(an administrator creates keys with “complaintdesk apikey create”), or sign in "
            "to the desk at /desk/login/ to use the API from that browser session."
        )
        response = error_response(api, request, 401, "not_authenticated", message)
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(CsrfRefused)
    def on_csrf(request: HttpRequest, exc: CsrfRefused) -> HttpResponse:
        message = _(
            "This request comes from your signed-in desk session but carries no valid CSRF "
            "token. Send the value of the “csrftoken” cookie in the “X-CSRFToken” header, or "
            "call the API with “Authorization: Bearer <key>” instead of the session."
        )
        return error_response(api, request, 403, "csrf_failed", message)

    @api.exception_handler(RequestDataTooBig)
    def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        message = _("The request body is too large; send at most %(n)s bytes.") % {
            "n": settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        }
        return error_response(api, request, 413, "request_too_large", message)

    @api.exception_handler(HttpError)
    def on_http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:
            message = _("The request body is not valid JSON; send a JSON object.")
            return error_response(api, request, 400, "invalid_json", message)
        return error_response(api, request, exc.status_code, "error", str(exc))
