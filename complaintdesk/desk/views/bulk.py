"""Bulk actions on a queue: assign, change status or tag many complaints at once.

Each complaint goes through the same service as on its own page, in its own transaction: one
refusal does not undo the others, and the result lists what changed and what was refused.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaintdesk.complaints import selectors
from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.errors import DomainError, InvalidInput
from complaintdesk.complaints.models import Complaint
from complaintdesk.desk.access import desk_view, form_errors
from complaintdesk.desk.forms import BulkForm
from complaintdesk.workflows.assign import assign, tags_change
from complaintdesk.workflows.transition import transition


def _operation(form: BulkForm, actor: Actor) -> Callable[[Complaint], object]:
    data = form.cleaned_data
    action = data["action"]
    if action == "assign":
        department = selectors.department_get(data["department"]) if data["department"] else None
        assignee = selectors.user_get(data["assignee"]) if data["assignee"] else None
        return lambda c: assign(
            complaint=c, actor=actor, department=department, assignee=assignee
        )
    if action == "status":
        if not data["to"]:
            raise InvalidInput(_("Choose the new status."))
        return lambda c: transition(
            complaint=c, to=data["to"], actor=actor, reason=data["reason"]
        )
    if not data["tag"].strip():
        raise InvalidInput(_("Type the tag to add."))
    return lambda c: tags_change(
        complaint=c, actor=actor, add=[data["tag"]], remove=[]
    )


@require_POST
@desk_view
def bulk(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = BulkForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    apply = _operation(form, actor)
    done: list[str] = []
    refused: list[str] = []
    for number in form.cleaned_data["numbers"]:
        try:
            apply(selectors.complaint_get(actor=actor, number=number))
        except DomainError as exc:
            refused.append(f"{number}: {exc.message}")
        else:
            done.append(number)
    if done:
        messages.success(request, _("Changed %(n)s complaints.") % {"n": len(done)})
    for line in refused:
        messages.error(request, line)
    back = form.cleaned_data["back"]
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("desk:queue")
