"""Outside oversight (外部监督): an overseer's opinion on a complaint and staff's answer.

Give: record the opinion with its event; it waits in the staff's queue of open opinions
(``/desk/opinions/``) until answered. Answer: record the answer with its event; the overseer
reads it on the complaint page. Neither changes the complaint's status, clocks or owner.
Viewed: an overseer or an auditor opened a complaint (desk page or API); the log keeps who,
which, when and from where.
"""

from __future__ import annotations

from django.db import transaction

from complaintdesk.complaints import oversight
from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.models import Complaint, ComplaintView, OverseerOpinion


@transaction.atomic
def opinion_give(*, actor: Actor, complaint: Complaint, text: str) -> OverseerOpinion:
    return oversight.opinion_give(actor=actor, complaint=complaint, text=text)


@transaction.atomic
def opinion_answer(*, actor: Actor, opinion: OverseerOpinion, answer: str) -> OverseerOpinion:
    return oversight.opinion_answer(actor=actor, opinion=opinion, answer=answer)


def complaint_viewed(
    *, actor: Actor, complaint: Complaint, surface: str, path: str, address: str | None
) -> ComplaintView | None:
    return oversight.complaint_view_record(
        actor=actor, complaint=complaint, surface=surface, path=path, address=address
    )
