"""``/api/v1/cases``: the case library (案例库) — browse and search published cases (all
staff), add a resolved complaint as a case, review, publish and mark for training
(supervisors and administrators). Everyone else finds no library: 404."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja import Status as Reply
from pydantic import Field

from complaintdesk.api.auth import actor_of
from complaintdesk.api.presenters import local
from complaintdesk.api.routes import ERRORS
from complaintdesk.api.schemas import Strict
from complaintdesk.cases.models import Case
from complaintdesk.cases.selectors import CaseFilters, case_get, cases_list
from complaintdesk.cases.services import CaseReview
from complaintdesk.complaints import selectors
from complaintdesk.workflows import cases as case_flow

router = Router(tags=["case library"])
Note = Annotated[str, Field(max_length=4000)]
LIMIT = 50


class CaseAddIn(Strict):
    complaint: Annotated[str, Field(min_length=1, max_length=32)]


class CaseReviewIn(Strict):
    title: Annotated[str, Field(min_length=1, max_length=200)]
    text: Annotated[str, Field(min_length=1, max_length=20000)]
    thread: list[Annotated[str, Field(min_length=1, max_length=20000)]]
    went_well: Note = ""
    went_wrong: Note = ""
    lesson: Note = ""
    tags: list[Annotated[str, Field(max_length=40)]] = []
    publish: bool = False


class CaseTrainingIn(Strict):
    for_training: bool


class CaseFiltersIn(Schema):
    q: str = Field("", max_length=200)
    tag: str = Field("", max_length=40)
    category: str = Field("", max_length=30)
    training: bool | None = None


class CaseMessageOut(Schema):
    at: str
    kind: str
    body: str


class CaseOut(Schema):
    id: int
    status: str
    title: str
    text: str
    thread: list[CaseMessageOut]
    attachment_names: list[str]
    category: str | None
    industry: str | None
    went_well: str
    went_wrong: str
    lesson: str
    tags: list[str]
    for_training: bool
    created_at: Any
    published_at: Any


def _payload(case: Case) -> dict[str, Any]:
    return {
        "id": case.pk,
        "status": case.status,
        "title": case.title,
        "text": case.text,
        "thread": case.thread,
        "attachment_names": case.attachment_names,
        "category": case.category or None,
        "industry": case.industry or None,
        "went_well": case.went_well,
        "went_wrong": case.went_wrong,
        "lesson": case.lesson,
        "tags": case.tags,
        "for_training": case.for_training,
        "created_at": local(case.created_at),
        "published_at": local(case.published_at),
    }


@router.get("/cases", response={200: list[CaseOut], **ERRORS}, summary="Search the case library")
def case_list(request: HttpRequest, filters: Query[CaseFiltersIn]) -> list[dict[str, Any]]:
    actor = actor_of(request)
    found = cases_list(
        actor=actor,
        filters=CaseFilters(
            q=filters.q, tag=filters.tag, category=filters.category, training=filters.training
        ),
    )
    return [_payload(c) for c in found[:LIMIT]]


@router.get("/cases/{case_id}", response={200: CaseOut, **ERRORS}, summary="Get a case")
def case_detail(request: HttpRequest, case_id: int) -> dict[str, Any]:
    return _payload(case_get(actor=actor_of(request), case_id=case_id))


@router.post("/cases", response={201: CaseOut, **ERRORS}, summary="Add a resolved complaint")
def case_add(request: HttpRequest, payload: CaseAddIn) -> Reply[dict[str, Any]]:
    actor = actor_of(request)
    complaint = selectors.complaint_get(actor=actor, number=payload.complaint)
    return Reply(201, _payload(case_flow.case_add(actor=actor, complaint=complaint)))


@router.post(
    "/cases/{case_id}/review",
    response={200: CaseOut, **ERRORS},
    summary="Edit a case's anonymised text and notes; publish it",
)
def case_review(request: HttpRequest, case_id: int, payload: CaseReviewIn) -> dict[str, Any]:
    actor = actor_of(request)
    case = case_get(actor=actor, case_id=case_id)
    review = CaseReview(
        title=payload.title,
        text=payload.text,
        thread=payload.thread,
        went_well=payload.went_well,
        went_wrong=payload.went_wrong,
        lesson=payload.lesson,
        tags=payload.tags,
    )
    return _payload(
        case_flow.case_review(actor=actor, case=case, review=review, publish=payload.publish)
    )


@router.post(
    "/cases/{case_id}/training",
    response={200: CaseOut, **ERRORS},
    summary="Mark a case for training, or not",
)
def case_training(request: HttpRequest, case_id: int, payload: CaseTrainingIn) -> dict[str, Any]:
    actor = actor_of(request)
    case = case_get(actor=actor, case_id=case_id)
    return _payload(
        case_flow.case_training(actor=actor, case=case, for_training=payload.for_training)
    )
