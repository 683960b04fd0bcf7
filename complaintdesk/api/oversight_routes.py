"""``/api/v1/`` outside oversight: an overseer's opinions on a complaint of their scope, staff's
answers, and the staff's queue of open opinions.

An overseer may give an opinion and read their own; staff who may change the complaint
answer it. Outside these the route answers 404, and a complaint outside the caller's scope is
404 exactly like one that does not exist.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja import Status as Reply
from pydantic import Field

from complaintdesk.api.auth import actor_of
from complaintdesk.api.presenters import local
from complaintdesk.api.routes import ERRORS
from complaintdesk.api.schemas import Strict
from complaintdesk.complaints import oversight, selectors
from complaintdesk.complaints.errors import NotFound
from complaintdesk.complaints.models import OverseerOpinion
from complaintdesk.workflows import oversight as oversight_flow

router = Router(tags=["oversight"])
Text = Annotated[str, Field(min_length=1, max_length=oversight.OPINION_MAX)]


class OpinionIn(Strict):
    text: Text


class OpinionAnswerIn(Strict):
    answer: Text


class OpinionOut(Schema):
    id: int
    complaint: str
    author: str
    text: str
    created_at: Any
    open: bool
    answer: str
    answered_by: str | None
    answered_at: Any


def _payload(opinion: OverseerOpinion) -> dict[str, Any]:
    return {
        "id": opinion.pk,
        "complaint": opinion.complaint.number,
        "author": opinion.author.get_username(),
        "text": opinion.text,
        "created_at": local(opinion.created_at),
        "open": opinion.is_open,
        "answer": opinion.answer,
        "answered_by": opinion.answered_by.get_username() if opinion.answered_by else None,
        "answered_at": local(opinion.answered_at),
    }


@router.get(
    "/complaints/{number}/opinions",
    response={200: list[OpinionOut], **ERRORS},
    summary="Overseers' opinions on a complaint",
)
def opinion_list(request: HttpRequest, number: str) -> list[dict[str, Any]]:
    actor = actor_of(request)
    complaint = selectors.complaint_get(actor=actor, number=number)
    return [_payload(o) for o in oversight.opinions_of(actor=actor, complaint=complaint)]


@router.post(
    "/complaints/{number}/opinions",
    response={201: OpinionOut, **ERRORS},
    summary="Give an overseer's opinion (overseers)",
)
def opinion_give(request: HttpRequest, number: str, payload: OpinionIn) -> Reply[dict[str, Any]]:
    actor = actor_of(request)
    complaint = selectors.complaint_get(actor=actor, number=number)
    opinion = oversight_flow.opinion_give(actor=actor, complaint=complaint, text=payload.text)
    return Reply(201, _payload(opinion))


@router.post(
    "/complaints/{number}/opinions/{opinion_id}/answer",
    response={200: OpinionOut, **ERRORS},
    summary="Answer an overseer's opinion (staff)",
)
def opinion_answer(
    request: HttpRequest, number: str, opinion_id: int, payload: OpinionAnswerIn
) -> dict[str, Any]:
    actor = actor_of(request)
    opinion = oversight.opinion_get(actor=actor, opinion_id=opinion_id)
    if opinion.complaint.number != number:
        raise NotFound(_("No such opinion."), {"opinion": opinion_id})
    answered = oversight_flow.opinion_answer(actor=actor, opinion=opinion, answer=payload.answer)
    return _payload(answered)


@router.get(
    "/opinions", response={200: list[OpinionOut], **ERRORS}, summary="Open opinions (staff)"
)
def opinions_open(request: HttpRequest) -> list[dict[str, Any]]:
    actor = actor_of(request)
    if not actor.is_staff_role:
        raise NotFound(_("There is no such page."))
    return [_payload(o) for o in oversight.opinions_open(actor=actor)[:200]]
