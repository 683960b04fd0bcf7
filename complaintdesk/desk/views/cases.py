"""The case library on the desk: browse and search, a case, its review (edit and publish), the
training mark, the print view, and adding a resolved complaint as a case."""

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

from complaintdesk.cases.choices import CaseStatus
from complaintdesk.cases.models import Case
from complaintdesk.cases.permissions import may_keep
from complaintdesk.cases.selectors import CaseFilters, case_get, case_of_complaint, cases_list
from complaintdesk.cases.services import CASE_STATUSES, CaseReview
from complaintdesk.complaints import selectors
from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import Category, MessageKind
from complaintdesk.complaints.errors import InvalidInput
from complaintdesk.complaints.models import Complaint
from complaintdesk.desk.access import desk_view, form_errors
from complaintdesk.desk.presenters import label
from complaintdesk.workflows import cases as case_flow

PAGE = 20
TEXT_MAX = 20000


class CaseSearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), max_length=200, required=False)
    tag = forms.CharField(label=gettext_lazy("Tag"), max_length=40, required=False)
    category = forms.ChoiceField(
        label=gettext_lazy("Category"), choices=[("", "—"), *Category.choices], required=False
    )
    training = forms.BooleanField(label=gettext_lazy("For training only"), required=False)
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), choices=[("", "—"), *CaseStatus.choices], required=False
    )


class CaseReviewForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    text = forms.CharField(label=gettext_lazy("What the customer wrote"), max_length=TEXT_MAX)
    went_well = forms.CharField(
        label=gettext_lazy("What went well"), max_length=4000, required=False
    )
    went_wrong = forms.CharField(
        label=gettext_lazy("What went wrong"), max_length=4000, required=False
    )
    lesson = forms.CharField(label=gettext_lazy("The lesson"), max_length=4000, required=False)
    tags = forms.CharField(
        label=gettext_lazy("Tags, separated by commas"), max_length=400, required=False
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index, _message in enumerate(case.thread):
            self.fields[f"thread_{index}"] = forms.CharField(
                label=gettext_lazy("Message %(n)d") % {"n": index + 1}, max_length=TEXT_MAX
            )

    def review(self, case: Case) -> CaseReview:
        data = self.cleaned_data
        tags = data["tags"].replace("，", ",").split(",")
        return CaseReview(
            title=data["title"],
            text=data["text"],
            thread=[data[f"thread_{i}"] for i in range(len(case.thread))],
            went_well=data["went_well"],
            went_wrong=data["went_wrong"],
            lesson=data["lesson"],
            tags=tags,
        )


def case_card(complaint: Complaint, actor: Actor) -> dict[str, Any]:
    """What the complaint page shows of the library: the complaint's case, or the button to
    add it (supervisors and administrators, once the complaint is resolved)."""
    case = case_of_complaint(actor=actor, complaint_id=complaint.pk)
    return {
        "library_case": case,
        "can_add_case": case is None and may_keep(actor) and complaint.status in CASE_STATUSES,
    }


def _thread_rows(case: Case) -> list[dict[str, Any]]:
    return [
        {**m, "who": label(MessageKind, m.get("kind")), "index": i}
        for i, m in enumerate(case.thread)
    ]


def _case_context(case: Case, actor: Actor) -> dict[str, Any]:
    return {
        "case": case,
        "status_label": label(CaseStatus, case.status),
        "category_label": label(Category, case.category),
        "thread": _thread_rows(case),
        "can_keep": may_keep(actor),
    }


@desk_view
def library(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = CaseSearchForm(request.GET)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    data = form.cleaned_data
    filters = CaseFilters(
        q=data["q"],
        tag=data["tag"],
        category=data["category"],
        training=True if data["training"] else None,
        status=data["status"],
    )
    page = Paginator(cases_list(actor=actor, filters=filters), PAGE).get_page(
        request.GET.get("page")
    )
    rows = [(c, label(CaseStatus, c.status), label(Category, c.category)) for c in page]
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "desk/cases/library.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "params": params.urlencode(),
            "can_keep": may_keep(actor),
        },
    )


@desk_view
def case_page(request: HttpRequest, actor: Actor, case_id: int) -> HttpResponse:
    case = case_get(actor=actor, case_id=case_id)
    context = _case_context(case, actor)
    if context["can_keep"]:
        context["form"] = CaseReviewForm(
            initial={
                "title": case.title,
                "text": case.text,
                "went_well": case.went_well,
                "went_wrong": case.went_wrong,
                "lesson": case.lesson,
                "tags": ", ".join(case.tags),
                **{f"thread_{i}": m.get("body", "") for i, m in enumerate(case.thread)},
            },
            case=case,
        )
    return render(request, "desk/cases/case.html", context)


@desk_view
def case_print(request: HttpRequest, actor: Actor, case_id: int) -> HttpResponse:
    case = case_get(actor=actor, case_id=case_id)
    return render(request, "desk/cases/print.html", _case_context(case, actor))


@require_POST
@desk_view
def case_add(request: HttpRequest, actor: Actor, number: str) -> HttpResponse:
    complaint = selectors.complaint_get(actor=actor, number=number)
    case = case_flow.case_add(actor=actor, complaint=complaint)
    messages.success(request, _("Draft case made. Review the anonymised text before publishing."))
    return redirect("desk:case", case_id=case.pk)


@require_POST
@desk_view
def case_review(request: HttpRequest, actor: Actor, case_id: int) -> HttpResponse:
    case = case_get(actor=actor, case_id=case_id)
    form = CaseReviewForm(request.POST, case=case)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    publish = request.POST.get("publish") == "1"
    case_flow.case_review(actor=actor, case=case, review=form.review(case), publish=publish)
    messages.success(request, _("Case published.") if publish else _("Case saved."))
    return redirect("desk:case", case_id=case.pk)


@require_POST
@desk_view
def case_training(request: HttpRequest, actor: Actor, case_id: int) -> HttpResponse:
    case = case_get(actor=actor, case_id=case_id)
    wanted = request.POST.get("for_training") == "1"
    case_flow.case_training(actor=actor, case=case, for_training=wanted)
    messages.success(
        request, _("Marked for training.") if wanted else _("No longer marked for training.")
    )
    return redirect("desk:case", case_id=case.pk)
