"""Deadlines on the desk: the "breaching soon" queue, the deadlines card of a complaint and
the supervisor's extension of a deadline."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaintdesk.complaints import selectors
from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import Priority, Status
from complaintdesk.complaints.errors import InvalidInput, NotFound
from complaintdesk.complaints.models import Complaint
from complaintdesk.desk.access import desk_view, form_errors
from complaintdesk.desk.forms import ExtensionForm
from complaintdesk.desk.presenters import label
from complaintdesk.lib.clock import utcnow
from complaintdesk.sla.choices import ClockKind, ClockState
from complaintdesk.sla.policies import ExtensionRoom, extension_rooms
from complaintdesk.sla.selectors import (
    Countdown,
    clock_countdowns,
    clocks_breaching_soon,
    promised_answer,
)
from complaintdesk.sla.services import EXTENDERS
from complaintdesk.workflows.escalate import extend as extension_grant

WINDOWS = {"2": dt.timedelta(hours=2), "8": dt.timedelta(hours=8), "24": dt.timedelta(hours=24)}
DEFAULT_WINDOW = "8"


def duration_text(value: dt.timedelta, *, working: bool = False) -> str:
    """``3天2小时``, ``2小时5分钟``, ``40分钟``; working time in hours only (a working day is
    not 24 hours)."""
    minutes = int(value.total_seconds() // 60)
    days, rest = (0, minutes) if working else divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return _("%(days)sd %(hours)sh") % {"days": days, "hours": hours}
    if hours:
        return _("%(hours)sh %(minutes)smin") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)smin") % {"minutes": minutes}


def countdown_row(countdown: Countdown) -> dict[str, Any]:
    clock = countdown.clock
    if countdown.overdue:
        late = duration_text(countdown.overdue, working=countdown.working)
        left = _("overdue by %(time)s") % {"time": late}
    elif clock.state in (ClockState.RUNNING, ClockState.PAUSED):
        left = duration_text(countdown.remaining, working=countdown.working)
        if countdown.working:
            left = _("%(time)s of working time") % {"time": left}
    else:
        left = ""
    return {
        "kind": label(ClockKind, clock.kind),
        "state": clock.state,
        "state_label": label(ClockState, clock.state),
        "target_at": clock.target_at,
        "left": left,
        "late": bool(countdown.overdue) or clock.state == ClockState.BREACHED,
        "verified": clock.calendar_verified,
    }


def extension_option(room: ExtensionRoom) -> tuple[str, str]:
    """``答复 · 还可延长 5（工作日）`` or ``首次答复 · 不可延长``."""
    clock = room.clock
    names = {
        "clock": label(ClockKind, clock.kind),
        "n": room.left,
        "unit": clock.get_unit_display(),
    }
    if room.left:
        return clock.kind, _("%(clock)s · up to %(n)s more (%(unit)s)") % names
    return clock.kind, _("%(clock)s · cannot be extended") % names


def clock_card(complaint: Complaint, actor: Actor) -> dict[str, Any]:
    """The deadlines card: a countdown row per clock and, for supervisors and admins, the
    extension form over the clocks still running or paused (one more query, for the
    policies)."""
    countdowns = clock_countdowns(complaint=complaint)
    card: dict[str, Any] = {
        "clocks": [countdown_row(c) for c in countdowns],
        "promised": promised_answer(c.clock for c in countdowns),
    }
    open_clocks = [
        c.clock for c in countdowns if c.clock.state in (ClockState.RUNNING, ClockState.PAUSED)
    ]
    if actor.role in EXTENDERS and open_clocks:
        options = [extension_option(room) for room in extension_rooms(open_clocks)]
        card["extension_form"] = ExtensionForm(clocks=options)
    return card


@require_POST
@desk_view
def extend(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    """A supervisor or admin extends one of the complaint's deadlines; for anyone else the
    page does not exist."""
    if actor.role not in EXTENDERS:
        raise NotFound(_("There is no such page."))
    complaint = selectors.complaint_get(actor=actor, number=number)
    form = ExtensionForm(request.POST, clocks=[(k.value, str(k.label)) for k in ClockKind])
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    kind = form.cleaned_data["clock"]
    clock = extension_grant(
        complaint=complaint,
        kind=kind,
        actor=actor,
        amount=form.cleaned_data["amount"],
        reason=form.cleaned_data["reason"],
    )
    target = date_format(localtime(clock.target_at), "Y-m-d H:i")
    messages.success(
        request,
        _("Deadline extended to %(target)s. Tell the customer in writing, with the reason.")
        % {"target": target},
    )
    return redirect("desk:complaint", number=number)


@desk_view
def breaching_soon(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Running clocks of the complaints the user may see that are due within the window."""
    window = request.GET.get("within", DEFAULT_WINDOW)
    if window not in WINDOWS:
        window = DEFAULT_WINDOW
    now = utcnow()
    rows = [
        {
            "clock": clock,
            "c": clock.complaint,
            "kind": label(ClockKind, clock.kind),
            "status": label(Status, clock.complaint.status),
            "priority": label(Priority, clock.complaint.priority),
            "late": clock.target_at <= now,
        }
        for clock in clocks_breaching_soon(actor=actor, within=WINDOWS[window], now=now, limit=100)
    ]
    context = {"rows": rows, "window": window, "windows": list(WINDOWS)}
    return render(request, "desk/breaching.html", context)
