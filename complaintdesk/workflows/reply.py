"""Messages on a complaint: staff replies, internal notes and the customer's own messages.

A reply to the customer meets the first-response clock and goes out by mail. A customer's
message tells the assignee and moves the complaint on: one waiting for them goes back in
progress; one already resolved is reopened, the message being their reason (the tracking page
invites them to say so when the answer does not solve the problem). Colleagues named as
``@username`` in a note or reply are told. A reply written from a snippet (话术) may then add
tags and move the complaint to the snippet's status, all in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import ClockKind, MessageKind, Status, SystemReason
from complaintdesk.complaints.models import Complaint, Message
from complaintdesk.complaints.services import message_add
from complaintdesk.notify.announce import reply_announce
from complaintdesk.notify.staff_notices import customer_replied_announce, mentions_announce
from complaintdesk.sla.selectors import promised_answer_of
from complaintdesk.sla.services import clocks_meet
from complaintdesk.workflows.assign import tags_change
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
        customer_replied_announce(complaint=complaint)
        _customer_spoke(complaint, actor, body)
    if message.kind != MessageKind.INBOUND:
        mentions_announce(complaint=complaint, actor=actor, body=body)
    return message


@dataclass(frozen=True)
class FollowUp:
    """What a reply written from a snippet does after it is sent; empty values do nothing."""

    add_tags: list[str] = field(default_factory=list)
    to_status: str = ""
    reason: str = ""


@transaction.atomic
def reply_and_follow_up(
    *, complaint: Complaint, actor: Actor, body: str, follow_up: FollowUp
) -> Message:
    """Send the reply, then add the tags, then make the move; a refused move undoes it all."""
    message = reply(complaint=complaint, actor=actor, body=body, internal=False)
    if follow_up.add_tags:
        tags_change(complaint=complaint, actor=actor, add=follow_up.add_tags, remove=[])
    if follow_up.to_status:
        transition(
            complaint=complaint, to=follow_up.to_status, actor=actor, reason=follow_up.reason
        )
    return message


def _customer_spoke(complaint: Complaint, actor: Actor, body: str) -> None:
    status = Complaint.objects.values_list("status", flat=True).get(pk=complaint.pk)
    if status == Status.WAITING_CUSTOMER:
        transition(
            complaint=complaint,
            to=Status.IN_PROGRESS,
            actor=actor,
            reason=str(SystemReason.CUSTOMER_REPLIED.label),
            reason_code=SystemReason.CUSTOMER_REPLIED,
        )
    elif status == Status.RESOLVED:
        quote = body.strip()[:REASON_CHARS]
        reason = str(SystemReason.NOT_SOLVED.label) % {"text": quote}
        reopen(
            complaint=complaint, actor=actor, reason=reason,
            reason_code=SystemReason.NOT_SOLVED, quote=quote,
        )
