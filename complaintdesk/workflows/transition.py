"""Moving a complaint along its lifecycle.

One order for every move: change the status (with its event) → a move out of ``in_dispute``
closes the complaint's dispute (refused while its ruling may still be appealed) → apply the
move's column of clock effects from ``complaints.states`` → tell the customer and the
integrations, with the promise read from the answer clock as it now stands (and, when
resolving, the approved remedies awaiting the customer's answer, in their language) → start
or stop follow-up (the customer's confirmation, the survey, return calls:
:mod:`.followup_start`). Resolving and
reopening are moves like the others; :mod:`.resolve` and :mod:`.reopen` name them for their
callers.

Resolving first records the root cause given with it, and is refused without one when
``ROOT_CAUSE_REQUIRED`` is on (:mod:`.root_cause`).

A resolution gives the customer a remedy when one was approved or carried out (or the caller
says so with ``has_remedy``, for a remedy handled outside the product): the survey then asks
whether it was fair, and the policy plans a return call.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import translation

from complaintdesk.complaints import states
from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import Status
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.services import complaint_transition
from complaintdesk.disputes.selectors import dispute_unclosed
from complaintdesk.disputes.services import dispute_close
from complaintdesk.notify.announce import customer_language, status_change_announce
from complaintdesk.resolution.selectors import offers_awaiting_answer, remedy_given
from complaintdesk.resolution.wording import offer_text
from complaintdesk.sla.selectors import promised_answer_of
from complaintdesk.sla.services import ClockChange, clocks_apply
from complaintdesk.workflows.followup_start import followup_after_move
from complaintdesk.workflows.root_cause import RootCauseInput, root_cause_before_resolve


@transaction.atomic
def transition(
    *,
    complaint: Complaint,
    to: str,
    actor: Actor,
    reason: str = "",
    merge_into: Complaint | None = None,
    has_remedy: bool = False,
    reason_code: str = "",
    quote: str = "",
    root_cause: RootCauseInput | None = None,
) -> Complaint:
    """Move the complaint to ``to`` if the lifecycle allows it for this actor. Resolving
    records the ``root_cause`` given with it, and needs one (:mod:`.root_cause`)."""
    if to == Status.RESOLVED:
        root_cause_before_resolve(complaint=complaint, actor=actor, choice=root_cause)
    changed = complaint_transition(
        complaint=complaint, to=to, actor=actor, reason=reason, merge_into=merge_into,
        reason_code=reason_code, quote=quote,
    )
    moved, event = changed.complaint, changed.event
    if event.from_status == Status.IN_DISPUTE:
        dispute = dispute_unclosed(complaint=moved)
        if dispute is not None:
            dispute_close(dispute=dispute, actor=actor, to_status=to, at=event.at)
    move = states.find_transition(event.from_status, event.to_status)
    if move is not None:
        clocks_apply(
            complaint=moved, change=ClockChange(target=to, effects=move.clocks, at=event.at)
        )
    offer = ""
    if to == Status.RESOLVED:
        with translation.override(customer_language(moved)):
            offer = offer_text(offers_awaiting_answer(moved))
        has_remedy = has_remedy or remedy_given(moved)
    status_change_announce(
        complaint=moved, event=event, promised_at=promised_answer_of(moved), offer=offer
    )
    followup_after_move(complaint=moved, event=event, actor=actor, has_remedy=has_remedy)
    return moved
