"""Request and response shapes of the dispute endpoints (``/api/v1/complaints/{number}/...``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field

from complaintdesk.api.schemas import Line, Money, Prose, RespondentOut, Strict, Text
from complaintdesk.disputes.choices import EvidenceKind, Outcome, Party, Responsible

Note = Annotated[Prose, Field(max_length=5000)]


class DisputeIn(Strict):
    question: Note = ""
    respondent_asks: Note = ""
    customer_asks: Note = ""


class EvidenceRequestIn(Strict):
    party: Party = Party.CUSTOMER
    asks: Note = ""


class EvidenceIn(Strict):
    """``party`` is the caller's own side for a customer or respondent; staff recording what
    a party gave them name it."""

    party: Party | None = None
    kind: EvidenceKind = EvidenceKind.STATEMENT
    text: Note = ""
    tracking_number: Annotated[Line, Field(max_length=64)] = ""


class SharesIn(Strict):
    customer: Annotated[int, Field(ge=0, le=100)] = 0
    respondent: Annotated[int, Field(ge=0, le=100)] = 0
    platform: Annotated[int, Field(ge=0, le=100)] = 0


class RulingIn(Strict):
    """``shares`` may be left out when one party (or no one) is responsible."""

    responsible: Responsible
    shares: SharesIn | None = None
    outcome: Outcome
    rationale: Note = ""
    rules: Annotated[list[Annotated[str, Field(max_length=60)]], Field(max_length=20)] = []
    amount: Money | None = None


class AppealIn(Strict):
    party: Party | None = None
    grounds: Note = ""


class ReviewerIn(Strict):
    reviewer: Annotated[Line, Field(min_length=1, max_length=150)]


class ReviewIn(Strict):
    decision: Literal["confirm", "replace"]
    note: Note = ""
    ruling: RulingIn | None = None


class RespondentNameIn(Strict):
    respondent: Annotated[Line, Field(max_length=80)] | None


class ConflictIn(Strict):
    reason: Text


class SharesOut(Schema):
    customer: int
    respondent: int
    platform: int


class FileOut(Schema):
    id: int
    filename: str
    size: int


class EvidenceOut(Schema):
    id: int
    kind: str
    text: str
    tracking_number: str
    submitted_at: dt.datetime
    late: bool
    channel: str
    files: list[FileOut]


class RequestOut(Schema):
    party: str
    asks: str
    requested_at: dt.datetime
    due_at: dt.datetime | None
    answered: bool
    silent: bool
    evidence: list[EvidenceOut]


class RulingOut(Schema):
    id: int
    responsible: str
    shares: SharesOut
    outcome: str
    rules: list[str]
    rationale: str
    amount: Decimal | None
    default: bool
    decided_at: dt.datetime
    decided_by: str | None
    appeal_until: dt.datetime | None


class AppealOut(Schema):
    party: str
    grounds: str
    filed_at: dt.datetime
    reviewer: str | None
    decision: str | None
    decided_at: dt.datetime | None


class ProposalOut(Schema):
    silent: str
    responsible: str
    shares: SharesOut
    outcome: str
    rationale: str
    policy: str


class DisputeOut(Schema):
    number: str
    stage: str
    question: str
    respondent: RespondentOut
    policy: str
    opened_at: dt.datetime
    requests: list[RequestOut]
    ruling: RulingOut | None
    earlier_rulings: list[RulingOut]
    appeal: AppealOut | None
    default_proposal: ProposalOut | None
    can_appeal: bool


class DisputeOpenedOut(Schema):
    dispute: DisputeOut
    respondent_link: str


class LinkOut(Schema):
    respondent_link: str


class ConflictOut(Schema):
    number: str
    declared_at: dt.datetime
