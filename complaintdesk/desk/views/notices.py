"""The notification bell's list: open a notice (marked read) or mark them all read."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.errors import NotFound
from complaintdesk.desk.access import desk_view
from complaintdesk.desk.panels import notice_lines
from complaintdesk.notify.selectors import notification_get, notifications_for
from complaintdesk.workflows.personal import notices_read

PAGE = 50


@desk_view
def notices(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The newest notices of the signed-in user, unread ones marked."""
    rows = list(notifications_for(user_id=actor.user_id or 0)[:PAGE])
    return render(request, "desk/notices.html", {"notices": notice_lines(rows)})


@desk_view
def notice_open(request: HttpRequest, actor: Actor, notice_id: int) -> HttpResponse:
    """Mark one's own notice read and go to its complaint; another user's is not found."""
    notice = notification_get(user_id=actor.user_id or 0, notice_id=notice_id)
    if notice is None:
        raise NotFound(_("No such notification."))
    notices_read(actor=actor, ids=[notice.pk])
    return redirect("desk:complaint", number=notice.complaint.number)


@require_POST
@desk_view
def notices_read_all(request: HttpRequest, actor: Actor) -> HttpResponse:
    notices_read(actor=actor, ids=None)
    return redirect("desk:notices")
