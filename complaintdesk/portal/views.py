"""The customer portal: file a complaint, then follow it through an unguessable link.

Customers have no account here. Filing goes through the one intake service with channel
``web``; on the tracking page the customer acts as the complaint's own customer, so the same
services and permission checks apply as everywhere else. A wrong or expired link is a plain
404 that says nothing about other complaints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from complaintdesk.complaints import selectors, services
from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.attachments import CheckedUpload, attachment_upload
from complaintdesk.complaints.choices import Channel, Role, Status, SystemReason
from complaintdesk.complaints.errors import DomainError, NotFound
from complaintdesk.complaints.models import Complaint, Message
from complaintdesk.complaints.states import is_open
from complaintdesk.disputes.choices import Channel as EvidenceChannel
from complaintdesk.disputes.choices import Party
from complaintdesk.intake.services import CustomerData, IntakeRequest, OrderData
from complaintdesk.portal.dispute_views import (
    dispute_context,
    evidence_download,
    file_appeal,
    submit_evidence,
)
from complaintdesk.portal.forms import AddInformationForm, ComplaintForm, DeclineOfferForm
from complaintdesk.portal.presenters import (
    conversation,
    followup_context,
    offer_cards,
    plain_status,
)
from complaintdesk.portal.ratelimit import over_limit
from complaintdesk.resolution.selectors import remedies_for, remedy_get
from complaintdesk.sla.selectors import promised_answer_of
from complaintdesk.workflows import remedy as remedies
from complaintdesk.workflows.receive import receive
from complaintdesk.workflows.reply import reply
from complaintdesk.workflows.transition import transition

SESSION_KEY = "portal_submitted"
HOUR = 3600


def _too_many(request: HttpRequest) -> HttpResponse:
    message = _("Too many submissions from your network. Please try again in an hour.")
    return render(request, "portal/refused.html", {"message": message}, status=429)


def customer_actor(complaint: Complaint) -> Actor:
    return Actor(user_id=None, role=Role.CUSTOMER, customer_id=complaint.customer_id)


def _attach(complaint: Complaint, actor: Actor, uploads: list[CheckedUpload],
            message: Message | None) -> None:
    for upload in uploads:
        attachment_upload(complaint=complaint, actor=actor, upload=upload, message=message)


def _file(form: ComplaintForm) -> tuple[Complaint, str]:
    data = form.cleaned_data
    request = IntakeRequest(
        channel=Channel.WEB,
        text=data["text"],
        received_at=timezone.now(),
        customer=CustomerData(name=data["name"], phone=data["phone"], email=data["email"]),
        order=OrderData(number=data["order_number"]) if data["order_number"] else None,
        demand=data["demand"],
        language=get_language() or "",
    )
    with transaction.atomic():
        complaint = receive(request=request, actor=None).complaint
        _attach(complaint, customer_actor(complaint), data["attachments"], None)
        token = services.tracking_token_issue(
            complaint=complaint, valid_for=dt.timedelta(days=settings.PORTAL_TRACKING_DAYS)
        )
    return complaint, token


@require_http_methods(["GET", "POST"])
def complaint_form(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "portal/form.html", {"form": ComplaintForm()})
    if over_limit(request, bucket="file", limit=settings.PORTAL_SUBMISSIONS_PER_HOUR,
                  window_seconds=HOUR):
        return _too_many(request)
    form = ComplaintForm(request.POST, request.FILES)
    if form.is_spam:
        message = _("Your submission could not be accepted.")
        return render(request, "portal/refused.html", {"message": message}, status=400)
    if not form.is_valid():
        return render(request, "portal/form.html", {"form": form}, status=400)
    complaint, token = _file(form)
    request.session[SESSION_KEY] = {"number": complaint.number, "token": token}
    return redirect("portal:submitted")


def submitted(request: HttpRequest) -> HttpResponse:
    """Shows the number and the tracking link once; the link is not stored anywhere readable."""
    done = request.session.pop(SESSION_KEY, None)
    if not done:
        return redirect("portal:form")
    link = request.build_absolute_uri(f"/t/{done['token']}/")
    return render(request, "portal/submitted.html", {"number": done["number"], "link": link})


class LinkNotValid(Http404):
    """The tracking link is unknown or expired: a 404 everywhere, and the styled page that
    says what to do on the views wrapped in :func:`tracking_view`."""


def complaint_for_token(token: str) -> Complaint:
    try:
        return selectors.complaint_for_tracking_token(token)
    except NotFound:
        raise LinkNotValid from None


def link_not_valid(request: HttpRequest) -> HttpResponse:
    """A styled 404 that says what to do, and nothing about any complaint."""
    return render(request, "portal/link_invalid.html", status=404)


def tracking_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A tracking page view whose unknown or expired link shows :func:`link_not_valid`."""

    @wraps(view)
    def wrapper(request: HttpRequest, token: str) -> HttpResponse:
        try:
            return view(request, token)
        except LinkNotValid:
            return link_not_valid(request)

    return wrapper


#: The forms of the follow-up card; the others shown again with their errors are the dispute's.
FOLLOWUP_FORMS = frozenset({"confirm_form", "survey_form"})


def tracking_page(
    request: HttpRequest, token: str, complaint: Complaint, form: AddInformationForm | None = None,
    status: int = 200, error: str = "", **forms: Any,
) -> HttpResponse:
    actor = customer_actor(complaint)
    context = {
        **dispute_context(actor, complaint),
        **{name: f for name, f in forms.items() if name not in FOLLOWUP_FORMS},
        "c": complaint,
        "token": token,
        "plain_status": plain_status(complaint),
        "status_label": Status(complaint.status).label,
        "promised": promised_answer_of(complaint),
        "lines": conversation(selectors.timeline(actor=actor, complaint=complaint)),
        "is_open": is_open(complaint.status) or complaint.status == Status.RESOLVED,
        "can_withdraw": is_open(complaint.status),
        "form": form or AddInformationForm(),
        "error": error,
        **followup_context(
            complaint, **{name: f for name, f in forms.items() if name in FOLLOWUP_FORMS}
        ),
        "offers": offer_cards(remedies_for(actor=actor, complaint=complaint)),
        "decline_form": DeclineOfferForm(),
    }
    return render(request, "portal/track.html", context, status=status)


@tracking_view
def track(request: HttpRequest, token: str) -> HttpResponse:
    return tracking_page(request, token, complaint_for_token(token))


@require_POST
@tracking_view
def add_information(request: HttpRequest, token: str) -> HttpResponse:
    complaint = complaint_for_token(token)
    if over_limit(request, bucket="add", limit=settings.PORTAL_SUBMISSIONS_PER_HOUR * 3,
                  window_seconds=HOUR):
        return _too_many(request)
    form = AddInformationForm(request.POST, request.FILES)
    if not form.is_valid():
        return tracking_page(request, token, complaint, form, status=400)
    actor = customer_actor(complaint)
    try:
        with transaction.atomic():
            message = reply(
                complaint=complaint, actor=actor, body=form.cleaned_data["body"], internal=False
            )
            _attach(complaint, actor, form.cleaned_data["attachments"], message)
    except DomainError as exc:
        return tracking_page(request, token, complaint, form, exc.status, str(exc.message))
    return redirect("portal:track", token=token)


@require_POST
@tracking_view
def withdraw(request: HttpRequest, token: str) -> HttpResponse:
    complaint = complaint_for_token(token)
    try:
        transition(
            complaint=complaint, to=Status.WITHDRAWN, actor=customer_actor(complaint),
            reason=str(SystemReason.WITHDRAWN_ON_PORTAL.label),
            reason_code=SystemReason.WITHDRAWN_ON_PORTAL,
        )
    except DomainError as exc:
        return tracking_page(request, token, complaint, None, exc.status, str(exc.message))
    return redirect("portal:track", token=token)


@require_POST
def offer_accept(request: HttpRequest, token: str, remedy_id: int) -> HttpResponse:
    """The customer accepts an approved offer; a payout is sent to the business at once."""
    complaint = complaint_for_token(token)
    actor = customer_actor(complaint)
    try:
        remedy = remedy_get(actor=actor, complaint=complaint, remedy_id=remedy_id)
        remedies.accept(remedy=remedy, actor=actor)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        return tracking_page(request, token, complaint, None, exc.status, str(exc.message))
    return redirect("portal:track", token=token)


@require_POST
def offer_decline(request: HttpRequest, token: str, remedy_id: int) -> HttpResponse:
    """The customer declines an offer and says why; the reason joins the conversation."""
    complaint = complaint_for_token(token)
    actor = customer_actor(complaint)
    form = DeclineOfferForm(request.POST)
    if not form.is_valid():
        message = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return tracking_page(request, token, complaint, None, 400, message)
    try:
        remedy = remedy_get(actor=actor, complaint=complaint, remedy_id=remedy_id)
        remedies.decline(remedy=remedy, actor=actor, reason=form.cleaned_data["reason"])
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        return tracking_page(request, token, complaint, None, exc.status, str(exc.message))
    return redirect("portal:track", token=token)


@require_POST
def evidence(request: HttpRequest, token: str) -> HttpResponse:
    """The customer submits evidence in the dispute of their complaint."""
    complaint = complaint_for_token(token)
    status, error, form = submit_evidence(
        request, complaint, customer_actor(complaint), Party.CUSTOMER, EvidenceChannel.PORTAL
    )
    if form is not None:
        return tracking_page(request, token, complaint, None, status, error, evidence_form=form)
    return redirect("portal:track", token=token)


@require_POST
def appeal(request: HttpRequest, token: str) -> HttpResponse:
    """The customer appeals the ruling of the dispute within its period."""
    complaint = complaint_for_token(token)
    status, error, form = file_appeal(
        request, complaint, customer_actor(complaint), Party.CUSTOMER, EvidenceChannel.PORTAL
    )
    if form is not None:
        return tracking_page(request, token, complaint, None, status, error, appeal_form=form)
    return redirect("portal:track", token=token)


def evidence_file(request: HttpRequest, token: str, file_id: int) -> HttpResponseBase:
    complaint = complaint_for_token(token)
    return evidence_download(customer_actor(complaint), complaint, file_id)
