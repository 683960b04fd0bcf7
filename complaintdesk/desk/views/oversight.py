"""Outside oversight on the desk: an overseer's opinion, staff's answer, the queue of open
opinions, and the administrators' log of complaints opened by overseers and auditors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from complaintdesk.complaints import oversight, selectors
from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import Role
from complaintdesk.complaints.errors import InvalidInput, NotFound
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.permissions import may_change
from complaintdesk.desk.access import desk_view, form_errors, open_to_overseers
from complaintdesk.workflows import oversight as oversight_flow

VIEW_LOG_PAGE = 50


class OpinionForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Opinion"), max_length=oversight.OPINION_MAX, strip=True
    )


class OpinionAnswerForm(forms.Form):
    answer = forms.CharField(
        label=gettext_lazy("Answer"), max_length=oversight.OPINION_MAX, strip=True
    )


class ViewLogForm(forms.Form):
    viewer = forms.CharField(label=gettext_lazy("User name"), max_length=150, required=False)
    number = forms.CharField(label=gettext_lazy("Complaint number"), max_length=32, required=False)


def opinion_card(request: HttpRequest, complaint: Complaint, actor: Actor) -> dict[str, Any]:
    """The opinions card of the complaint page; logs the opening for overseers and auditors."""
    oversight_flow.complaint_viewed(
        actor=actor,
        complaint=complaint,
        surface="desk",
        path=request.path,
        address=request.META.get("REMOTE_ADDR"),
    )
    return {
        "opinions": oversight.opinions_of(actor=actor, complaint=complaint),
        "can_give_opinion": actor.role == Role.OVERSEER,
        "can_answer_opinion": may_change(actor, complaint),
        "overseer_scopes": oversight.scopes_of(actor=actor),
    }


@require_POST
@desk_view
@open_to_overseers
def give(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    complaint = selectors.complaint_get(actor=actor, number=number)
    form = OpinionForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    oversight_flow.opinion_give(actor=actor, complaint=complaint, text=form.cleaned_data["text"])
    messages.success(request, _("Your opinion is recorded; staff must answer it."))
    return redirect("desk:complaint", number=number)


@require_POST
@desk_view
def answer(request: HttpRequest, actor: Actor, number: str, opinion_id: int) -> HttpResponse:
    opinion = oversight.opinion_get(actor=actor, opinion_id=opinion_id)
    if opinion.complaint.number != number:
        raise NotFound(_("No such opinion."))
    form = OpinionAnswerForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    oversight_flow.opinion_answer(actor=actor, opinion=opinion, answer=form.cleaned_data["answer"])
    messages.success(request, _("Answer recorded."))
    return redirect("desk:complaint", number=number)


@desk_view
def opinions_queue(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Open opinions on the complaints this member of staff may change, oldest first."""
    if not actor.is_staff_role:
        raise NotFound(_("There is no such page."))
    opinions = list(oversight.opinions_open(actor=actor)[:200])
    return render(request, "desk/opinions.html", {"opinions": opinions})


@desk_view
def view_log(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Who opened which complaint: overseers and auditors, newest first (administrators)."""
    form = ViewLogForm(request.GET)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    filters = oversight.ViewLogFilters(
        viewer=form.cleaned_data["viewer"], number=form.cleaned_data["number"]
    )
    rows = oversight.view_log(actor=actor, filters=filters)
    page = Paginator(rows, VIEW_LOG_PAGE).get_page(request.GET.get("page"))
    return render(request, "desk/view_log.html", {"form": form, "page": page})
