"""Messages on a complaint: staff replies, internal notes and the customer's own messages.

A reply to the customer meets the first-response clock and goes out by mail. A customer's
message moves the complaint on: one waiting for them goes back in progress; one already
resolved is reopened, the message being their reason (the tracking page invites them to say
so when the answer does not solve the problem).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import ClockKind, MessageKind, Status
from complaintdesk.complaints.models import Complaint, Message
from complaintdesk.complaints.services import message_add
from complaintdesk.notify.announce import reply_announce
from complaintdesk.sla.selectors import promised_answer_of
from complaintdesk.sla.services import clocks_meet
from complaintdesk.workflows.reopen import reopen
from complaintdesk.workflows.transition import transition

#: Longest part of a customer's message quoted as the reason of the reopening.
REASON_CHARS = 500


@transaction.atomic
def reply(*, complaint: Complaint, actor: Actor, body: str, internal: bool) -> Message:
    """Add the message, then apply what it means for the clocks, the customer and the status."""
    posted = message_add(complaint=complaint, actor=actor, body=body, internal=internal)
    message, event = posted.message, posted.event
    if message.kind == MessageKind.OUTBOUND:
        clocks_meet(complaint=complaint, kinds={ClockKind.FIRST_RESPONSE}, at=event.at)
        reply_announce(
            complaint=complaint,
            event=event,
            message=message,
            promised_at=promised_answer_of(complaint),
        )
    elif message.kind == MessageKind.INBOUND:
        _customer_spoke(complaint, actor, body)
    return message


def _customer_spoke(complaint: Complaint, actor: Actor, body: str) -> None:
    status = Complaint.objects.values_list("status", flat=True).get(pk=complaint.pk)
    if status == Status.WAITING_CUSTOMER:
        transition(
            complaint=complaint,
            to=Status.IN_PROGRESS,
            actor=actor,
            reason=_("The customer replied."),
        )
    elif status == Status.RESOLVED:
        reason = _("The customer says the problem is not solved: %(text)s") % {
            "text": body.strip()[:REASON_CHARS]
        }
        reopen(complaint=complaint, actor=actor, reason=reason)
