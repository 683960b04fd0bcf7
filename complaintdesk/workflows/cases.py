"""The case library (案例库): add a resolved complaint as a case, review and publish it, mark it
for training. Add: anonymise the complaint's text, conversation and file names into a draft
(the complaint is only read). Review: the reviewer's edits, refused while a phone, ID, email
or card number is left; publish makes it readable by all staff."""

from __future__ import annotations

from django.db import transaction

from complaintdesk.cases import services
from complaintdesk.cases.models import Case
from complaintdesk.cases.services import CaseReview
from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.models import Complaint


@transaction.atomic
def case_add(*, actor: Actor, complaint: Complaint) -> Case:
    return services.case_create(actor=actor, complaint=complaint)


@transaction.atomic
def case_review(*, actor: Actor, case: Case, review: CaseReview, publish: bool) -> Case:
    return services.case_review(actor=actor, case=case, review=review, publish=publish)


@transaction.atomic
def case_training(*, actor: Actor, case: Case, for_training: bool) -> Case:
    return services.case_mark_training(actor=actor, case=case, for_training=for_training)
