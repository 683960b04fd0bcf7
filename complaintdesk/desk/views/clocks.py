"""Deadlines on the desk: the "breaching soon" queue and the countdown rows of a complaint."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import Priority, Status
from complaintdesk.complaints.models import Complaint
from complaintdesk.desk.access import desk_view
from complaintdesk.desk.presenters import label
from complaintdesk.lib.clock import utcnow
from complaintdesk.sla.choices import ClockKind, ClockState
from complaintdesk.sla.selectors import Countdown, clock_countdowns, clocks_breaching_soon

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
        left = "—"
    return {
        "kind": label(ClockKind, clock.kind),
        "state": clock.state,
        "state_label": label(ClockState, clock.state),
        "target_at": clock.target_at,
        "left": left,
        "late": bool(countdown.overdue) or clock.state == ClockState.BREACHED,
        "verified": clock.calendar_verified,
    }


def countdown_rows(complaint: Complaint) -> list[dict[str, Any]]:
    return [countdown_row(c) for c in clock_countdowns(complaint=complaint)]


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
