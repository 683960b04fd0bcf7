"""Saved queue filters: keep the current filters under a name, or delete one."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.errors import InvalidInput
from complaintdesk.desk.access import desk_view, form_errors
from complaintdesk.desk.forms import QueueFilterForm, SavedFilterForm
from complaintdesk.workflows.personal import filter_delete, filter_save


def _clean_query(raw: str) -> str:
    """The queue filters in ``raw`` as the queue form accepts them (no cursor); bad values are
    refused here, before anything is kept."""
    params = {k: v[-1] for k, v in parse_qs(raw.lstrip("?")).items()}
    params.pop("cursor", None)
    form = QueueFilterForm(params)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    return urlencode({k: v for k, v in params.items() if v and k in form.fields})


@require_POST
@desk_view
def save(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = SavedFilterForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    query = _clean_query(form.cleaned_data["query"])
    saved = filter_save(actor=actor, name=form.cleaned_data["name"], query=query)
    messages.success(request, _("Filter “%(name)s” saved.") % {"name": saved.name})
    return redirect(f"{reverse('desk:queue')}?{query}")


@require_POST
@desk_view
def delete(request: HttpRequest, actor: Actor, filter_id: int) -> HttpResponse:
    filter_delete(actor=actor, filter_id=filter_id)
    messages.success(request, _("Filter deleted."))
    return redirect("desk:queue")
