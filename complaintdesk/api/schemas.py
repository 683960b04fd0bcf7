"""Request and response shapes of the JSON API. Validation of input happens here."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal
from typing import Annotated, Any

from django.conf import settings
from django.utils import timezone
from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from complaintdesk.complaints.choices import Channel, Currency, RespondentKind, Status
from complaintdesk.lib.text import find_control_character, is_blank

MAX_TEXT = 20_000
FUTURE_TOLERANCE = dt.timedelta(minutes=10)


def _no_control(value: str) -> str:
    position = find_control_character(value)
    if position is not None:
        raise PydanticCustomError(
            "control_character",
            "contains a control character at position {position}",
            {"position": position},
        )
    return value


def _one_line(value: str) -> str:
    """Names, phones, subjects, ids: a line break there could split a header or a CSV row."""
    for position, char in enumerate(value):
        if char in "\r\n\u2028\u2029\x85":
            raise PydanticCustomError(
                "line_break", "contains a line break at position {position}", {"position": position}
            )
    return value


def _not_blank(value: str) -> str:
    if is_blank(value):
        raise PydanticCustomError("blank", "must not be empty")
    return value


def _aware(value: dt.datetime) -> dt.datetime:
    """A time without an offset is read in the installation's time zone."""
    if value.tzinfo is None:
        return value.replace(tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    return value


def _plausible(value: dt.datetime) -> dt.datetime:
    """Years a complaint can concern, and offsets real time zones use (at most 14 hours)."""
    offset = value.utcoffset() or dt.timedelta(0)
    if not 1970 <= value.year <= 2200 or abs(offset) > dt.timedelta(hours=14):
        raise PydanticCustomError("datetime_out_of_range", "outside 1970-2200 or bad offset")
    return value


def _not_future(value: dt.datetime) -> dt.datetime:
    if value > timezone.now() + FUTURE_TOLERANCE:
        raise PydanticCustomError("future_datetime", "must not be in the future")
    return value


# One line (names, phones, subjects, ids); Prose may run over several lines (notes, reasons).
Line = Annotated[str, AfterValidator(_no_control), AfterValidator(_one_line)]
Prose = Annotated[str, AfterValidator(_no_control)]
Text = Annotated[
    str, Field(max_length=MAX_TEXT), AfterValidator(_not_blank), AfterValidator(_no_control)
]
Moment = Annotated[dt.datetime, AfterValidator(_aware), AfterValidator(_plausible)]
PastMoment = Annotated[Moment, AfterValidator(_not_future)]
Money = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class CustomerIn(Strict):
    name: Annotated[Line, Field(max_length=100)] = ""
    phone: Annotated[Line, Field(max_length=32, pattern=r"^[0-9+\-() ]*$")] = ""
    email: Annotated[Line, Field(max_length=254, pattern=r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$")] = ""
    external_id: Annotated[Line, Field(max_length=128)] = ""
    id_number: Annotated[Line, Field(max_length=40)] = ""


class OrderIn(Strict):
    number: Annotated[Line, Field(min_length=1, max_length=64)]
    item: Annotated[Line, Field(max_length=200)] = ""
    amount: Money | None = None
    currency: Currency = Currency.CNY
    purchased_at: PastMoment | None = None
    lessons_total: Annotated[int, Field(ge=0, le=100_000)] | None = None
    lessons_used: Annotated[int, Field(ge=0, le=100_000)] | None = None
    platform: Annotated[Line, Field(max_length=60)] = ""

    @model_validator(mode="after")
    def _lessons_within_total(self) -> OrderIn:
        if (
            self.lessons_total is not None
            and self.lessons_used is not None
            and self.lessons_used > self.lessons_total
        ):
            raise PydanticCustomError(
                "lessons_exceed_total", "lessons_used cannot exceed lessons_total"
            )
        return self


class RespondentIn(Strict):
    """Who the complaint is about: found by ``code``, else created with the other fields."""

    code: Annotated[Line, Field(min_length=1, max_length=80, pattern=r"^[-\w]+$")]
    name: Annotated[Line, Field(max_length=200)] = ""
    kind: RespondentKind = RespondentKind.MERCHANT
    phone: Annotated[Line, Field(max_length=32, pattern=r"^[0-9+\-() ]*$")] = ""
    email: Annotated[Line, Field(max_length=254, pattern=r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$")] = ""
    platform: Annotated[Line, Field(max_length=60)] = ""


def _not_platform(value: Channel) -> Channel:
    if value == Channel.PLATFORM:
        raise PydanticCustomError("platform_reserved", "platform is reserved for signed webhooks")
    return value


class ComplaintIn(Strict):
    # ``platform`` is for complaints a marketplace signed (POST /webhooks/platform/{source}).
    channel: Annotated[Channel, AfterValidator(_not_platform)]
    text: Text
    title: Annotated[Line, Field(max_length=200)] = ""
    customer: CustomerIn | None = None
    order: OrderIn | None = None
    respondent: RespondentIn | None = None
    amount_claimed: Money | None = None
    currency: Currency = Currency.CNY
    received_at: PastMoment | None = None
    external_id: Annotated[Line, Field(min_length=1, max_length=128)] | None = None
    language: Annotated[Line, Field(max_length=10)] = ""


class RootCauseIn(Strict):
    """A root cause (its code in ``/api/v1/root-causes``) and who is responsible: a
    department code, a respondent code, or both. ``reason``: required to correct one."""

    code: Annotated[Line, Field(min_length=1, max_length=60)]
    department: Annotated[Line, Field(max_length=40)] = ""
    respondent: Annotated[Line, Field(max_length=80)] = ""
    reason: Annotated[Line, Field(max_length=2000)] = ""


class TransitionIn(Strict):
    to: Status
    reason: Annotated[Prose, Field(max_length=2000)] = ""
    merge_into: Annotated[Line, Field(max_length=32)] | None = None
    has_remedy: bool = False
    root_cause: RootCauseIn | None = None


class AssignIn(Strict):
    assignee: Annotated[Line, Field(max_length=150)] | None = None
    department: Annotated[Line, Field(max_length=40)] | None = None


class MessageIn(Strict):
    body: Text
    internal: bool = False


class CustomerOut(Schema):
    name: str
    phone: str
    email: str
    external_id: str
    id_number: str
    is_vip: bool
    is_vulnerable: bool


class OrderOut(Schema):
    number: str
    item: str
    amount: Decimal | None
    currency: str
    purchased_at: dt.datetime | None
    lessons_total: int | None
    lessons_used: int | None
    platform: str


class RespondentOut(Schema):
    code: str
    name: str
    kind: str


class SentimentOut(Schema):
    label: str | None
    score: float | None


class ClockOut(Schema):
    kind: str
    state: str
    target_at: dt.datetime
    paused_seconds: int
    warned_at: dt.datetime | None
    breached_at: dt.datetime | None
    calendar_verified: bool


class ComplaintOut(Schema):
    id: int
    number: str
    status: Status
    channel: Channel
    external_id: str | None
    title: str
    text: str
    language: str
    received_at: dt.datetime
    created_at: dt.datetime
    status_changed_at: dt.datetime
    customer: CustomerOut | None
    order: OrderOut | None
    respondent: RespondentOut | None = None
    amount_claimed: Decimal | None
    currency: str
    category: str | None
    demand: str | None
    priority: str
    risk_flags: list[str]
    sentiment: SentimentOut
    industry: str | None
    triage: dict[str, Any]
    tags: list[str]
    department: str | None
    assignee: str | None
    parent: str | None
    allowed_transitions: list[str]
    clocks: list[ClockOut] = []
    promised_at: dt.datetime | None = Field(
        None,
        description="The answer promised to the customer: the target of the answer clock while "
        "it runs (else the resolution, else the statutory clock); the same instant the emails "
        "and the tracking page show.",
    )


class ComplaintPage(Schema):
    items: list[ComplaintOut]
    next_cursor: str | None


class TimelineEntry(Schema):
    type: str
    at: dt.datetime
    id: int
    kind: str
    actor: str | None
    actor_role: str | None = None
    from_status: str | None = None
    to_status: str | None = None
    data: dict[str, Any] | None = None
    body: str | None = None


class MessageOut(Schema):
    id: int
    kind: str
    body: str
    created_at: dt.datetime
    complaint_status: Status


class ErrorOut(Schema):
    code: str
    message: str
    details: Any = None
