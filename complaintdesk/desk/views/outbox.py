"""The outbox: every email the product queued, sent, captured or gave up on, for admins.

Anyone else, signed in with any role or none, gets the same 404 as an address that does not
exist, so the page does not announce itself. A mail is shown as it goes out: the message is
built by :func:`complaintdesk.notify.sending.mail_message`, the function the worker sends with.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from complaintdesk.complaints.actors import Actor, actor_for_user
from complaintdesk.complaints.choices import Role
from complaintdesk.complaints.errors import InvalidInput, NotFound
from complaintdesk.desk.access import desk_view, form_errors
from complaintdesk.desk.presenters import label
from complaintdesk.notify.models import DeliveryState, MailKind, OutboundEmail
from complaintdesk.notify.selectors import outbound_email_get, outbound_emails
from complaintdesk.notify.sending import mail_message

OUTBOX_PAGE_SIZE = 50


def admin_only(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Sign-in page for visitors, 404 for every role but admin, then the desk's own wrapper."""
    desk_wrapped = desk_view(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        actor = actor_for_user(request.user)
        if actor is None or actor.role != Role.ADMIN:
            raise Http404
        return desk_wrapped(request, *args, **kwargs)

    return wrapper


class OutboxFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[("", gettext_lazy("Any")), *DeliveryState.choices],
        required=False,
    )
    number = forms.CharField(label=gettext_lazy("Complaint number"), required=False, max_length=40)
    page = forms.IntegerField(min_value=1, required=False)

    def clean_number(self) -> str:
        return str(self.cleaned_data.get("number") or "").strip().upper()


def _capture_note() -> str:
    if settings.EMAIL_DELIVERY != "capture":
        return ""
    return _(
        "Mail capture is on (EMAIL_DELIVERY=capture): the worker writes each mail to a file "
        "in %(path)s instead of sending it, so “Sent” here means captured on this machine."
    ) % {"path": settings.EMAIL_FILE_PATH}


@admin_only
def outbox(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = OutboxFilterForm(request.GET)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    state, number = form.cleaned_data["state"], form.cleaned_data["number"]
    paginator = Paginator(outbound_emails(state=state, complaint_number=number), OUTBOX_PAGE_SIZE)
    page = paginator.get_page(form.cleaned_data.get("page") or 1)
    rows = [
        {
            "mail": mail,
            "state": label(DeliveryState, mail.state),
            "kind": label(MailKind, mail.kind),
        }
        for mail in page.object_list
    ]
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "form": form,
        "rows": rows,
        "page": page,
        "query": params.urlencode(),
        "capture_note": _capture_note(),
    }
    return render(request, "desk/outbox.html", context)


@admin_only
def outbox_mail(request: HttpRequest, actor: Actor, mail_id: int) -> HttpResponse:
    mail: OutboundEmail | None = outbound_email_get(mail_id=mail_id)
    if mail is None:
        raise NotFound(_("No email %(id)s in the outbox.") % {"id": mail_id})
    message = mail_message(mail)
    context = {
        "mail": mail,
        "message": message,
        "state": label(DeliveryState, mail.state),
        "kind": label(MailKind, mail.kind),
        "capture_note": _capture_note(),
    }
    return render(request, "desk/outbox_mail.html", context)
