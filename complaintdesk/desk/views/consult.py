"""Consultations on the complaint page: ask another department, and its answer."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaintdesk.complaints import selectors
from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.errors import InvalidInput
from complaintdesk.consult.selectors import consultation_get
from complaintdesk.desk.access import desk_view, form_errors
from complaintdesk.desk.forms import AnswerForm, AskForm
from complaintdesk.workflows import consult


@require_POST
@desk_view
def ask(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    complaint = selectors.complaint_get(actor=actor, number=number)
    form = AskForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    consultation = consult.ask(
        complaint=complaint,
        actor=actor,
        department=selectors.department_get(form.cleaned_data["department"]),
        question=form.cleaned_data["question"],
        working_days=form.cleaned_data["working_days"],
    )
    messages.success(
        request, _("Question sent to %(department)s.") % {"department": consultation.department}
    )
    return redirect("desk:complaint", number=number)


@require_POST
@desk_view
def answer(request: HttpRequest, actor: Actor, number: str, consultation_id: int) -> HttpResponse:
    complaint = selectors.complaint_get(actor=actor, number=number)
    consultation = consultation_get(
        actor=actor, complaint=complaint, consultation_id=consultation_id
    )
    form = AnswerForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    consult.answer(consultation=consultation, actor=actor, text=form.cleaned_data["answer"])
    messages.success(request, _("Answer recorded."))
    return redirect("desk:complaint", number=number)
