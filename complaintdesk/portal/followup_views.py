"""After a resolution: the customer confirms it and rates us, on the tracking page (their
standing link) or through the single-use survey link of the mail.

A survey link works once: an answer spends it and the page that follows carries a fresh link
to change the answer while the survey is open. Answering whether the problem is solved does
not spend the link, so the customer can rate next. Bad input re-renders the page with a 400
and the message next to the field; a refusal by a service shows its message with its status;
a used or expired link is a 410 page; nothing is written in either case.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from complaintdesk.complaints.errors import DomainError, NotFound
from complaintdesk.complaints.models import Complaint
from complaintdesk.followup.choices import AnswerChannel
from complaintdesk.followup.models import SurveyLink
from complaintdesk.followup.selectors import survey_link_find, survey_of
from complaintdesk.followup.services import SurveyAnswer
from complaintdesk.portal.forms import ConfirmForm, SurveyForm
from complaintdesk.portal.presenters import followup_context
from complaintdesk.portal.views import complaint_for_token, customer_actor, tracking_page
from complaintdesk.workflows.followup import confirm, survey_submit

FOLLOWUP_ANCHOR = "#followup"


def _answer(form: SurveyForm) -> SurveyAnswer:
    data = form.cleaned_data
    return SurveyAnswer(
        score=data["score"], comment=data["comment"], remedy_fair=data.get("remedy_fair")
    )


@require_POST
def track_confirm(request: HttpRequest, token: str) -> HttpResponse:
    complaint = complaint_for_token(token)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return tracking_page(request, token, complaint, status=400, confirm_form=form)
    try:
        confirm(
            complaint=complaint, actor=customer_actor(complaint),
            solved=form.cleaned_data["solved"], reason=form.cleaned_data["reason"],
            via=AnswerChannel.PORTAL,
        )
    except DomainError as exc:
        return tracking_page(request, token, complaint, None, exc.status, str(exc.message))
    return redirect(reverse("portal:track", args=[token]) + FOLLOWUP_ANCHOR)


@require_POST
def track_survey(request: HttpRequest, token: str) -> HttpResponse:
    complaint = complaint_for_token(token)
    survey = survey_of(complaint=complaint)
    form = SurveyForm(request.POST)
    if survey is None:
        raise Http404
    if not form.is_valid():
        return tracking_page(request, token, complaint, status=400, survey_form=form)
    try:
        survey_submit(
            survey=survey, actor=customer_actor(complaint), answer=_answer(form),
            via=AnswerChannel.PORTAL,
        )
    except DomainError as exc:
        return tracking_page(
            request, token, complaint, None, exc.status, str(exc.message), survey_form=form
        )
    return redirect(reverse("portal:track", args=[token]) + "?rated=1" + FOLLOWUP_ANCHOR)


def _gone(request: HttpRequest, exc: DomainError) -> HttpResponse:
    context = {"title": _("This link no longer works"), "message": str(exc.message)}
    return render(request, "portal/refused.html", context, status=exc.status)


def _survey_page(
    request: HttpRequest, token: str, link: SurveyLink, status: int = 200, error: str = "",
    **forms: ConfirmForm | SurveyForm,
) -> HttpResponse:
    complaint: Complaint = link.survey.complaint
    context = {
        "c": complaint,
        "token": token,
        "error": error,
        "thanks": request.GET.get("thanks") == "1",
        **followup_context(complaint, **forms),  # type: ignore[arg-type]
    }
    return render(request, "portal/survey.html", context, status=status)


@require_http_methods(["GET", "POST"])
def survey_page(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = survey_link_find(token)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        return _gone(request, exc)
    if request.method != "POST":
        return _survey_page(request, token, link)
    form = SurveyForm(request.POST)
    if not form.is_valid():
        return _survey_page(request, token, link, status=400, survey_form=form)
    complaint = link.survey.complaint
    try:
        answered = survey_submit(
            survey=link.survey, actor=customer_actor(complaint), answer=_answer(form),
            via=AnswerChannel.MAIL_LINK, link=link,
        )
    except DomainError as exc:
        if exc.status == 410:
            return _gone(request, exc)
        return _survey_page(
            request, token, link, exc.status, str(exc.message), survey_form=form
        )
    return redirect(reverse("portal:survey", args=[answered.token]) + "?thanks=1")


@require_POST
def survey_confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = survey_link_find(token)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        return _gone(request, exc)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return _survey_page(request, token, link, status=400, confirm_form=form)
    complaint = link.survey.complaint
    try:
        confirm(
            complaint=complaint, actor=customer_actor(complaint),
            solved=form.cleaned_data["solved"], reason=form.cleaned_data["reason"],
            via=AnswerChannel.MAIL_LINK,
        )
    except DomainError as exc:
        return _survey_page(request, token, link, exc.status, str(exc.message))
    return redirect("portal:survey", token=token)
