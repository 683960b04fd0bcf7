"""Who may use the desk, and how domain errors become pages.

Every desk view is wrapped in :func:`desk_view`: it sends anonymous visitors to the sign-in
page, refuses users without a desk role (403), hands the view the acting :class:`Actor`, and
renders a :class:`DomainError` as a page with its status (404, 403, 409, 422) and message.

Outside overseers see the desk read-only: only views marked :func:`open_to_overseers` (the
queue, the complaint page, their opinion) answer them; every other page and action is 404 for
them, as if it did not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from complaintdesk.complaints.actors import Actor, actor_for_user
from complaintdesk.complaints.choices import STAFF_ROLES, Role
from complaintdesk.complaints.errors import DomainError

DESK_ROLES = STAFF_ROLES | {Role.AUDITOR, Role.OVERSEER}
P = ParamSpec("P")
DeskView = Callable[Concatenate[HttpRequest, Actor, P], HttpResponseBase]
OVERSEER_MARK = "open_to_overseers"


def open_to_overseers(view: DeskView[P]) -> DeskView[P]:
    """Let outside overseers use this view (put it under ``@desk_view``)."""
    setattr(view, OVERSEER_MARK, True)
    return view


def error_page(request: HttpRequest, status: int, message: str) -> HttpResponse:
    titles = {
        403: _("Not allowed"),
        404: _("Not found"),
        409: _("Not possible now"),
        422: _("Please check your input"),
    }
    title = titles.get(status, _("Request refused"))
    context = {"status": status, "title": title, "message": message}
    return render(request, "desk/error.html", context, status=status)


def desk_view(view: DeskView[P]) -> Callable[Concatenate[HttpRequest, P], HttpResponseBase]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        actor = actor_for_user(request.user)
        if actor is None or actor.role not in DESK_ROLES:
            return error_page(request, 403, _("Your account has no role on the desk."))
        if actor.role == Role.OVERSEER and not getattr(view, OVERSEER_MARK, False):
            return error_page(request, 404, _("There is no such page."))
        try:
            return view(request, actor, *args, **kwargs)
        except DomainError as exc:
            return error_page(request, exc.status, str(exc.message))

    return wrapper


def form_errors(form: Any) -> str:
    """All of a form's messages in one line, for the error page of a refused action."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = " ".join(str(e) for e in errors)
        parts.append(f"{label}: {text}" if label else text)
    return " ".join(parts)
