"""``/api/v1/calendar/...``: due dates an agent can promise a customer, on the default
working calendar (statutory holidays, make-up workdays and the admin's own days)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema
from pydantic import Field

from complaintdesk.api.presenters import local
from complaintdesk.api.schemas import ErrorOut, Moment
from complaintdesk.complaints.errors import InvalidInput
from complaintdesk.sla.selectors import calendar_due

router = Router(tags=["calendar"])


class DueQuery(Schema):
    start: Moment
    working_days: Annotated[int, Field(ge=0, le=3650)] | None = None
    working_hours: Annotated[float, Field(ge=0, le=10_000)] | None = None


class DueOut(Schema):
    due: dt.datetime
    calendar_verified: bool


@router.get(
    "/calendar/due",
    response={200: DueOut, 401: ErrorOut, 422: ErrorOut},
    summary="Due date of N working days or H working hours",
)
def calendar_due_get(request: HttpRequest, query: Query[DueQuery]) -> dict[str, Any]:
    """The end of ``working_days`` working days (Civil Code counting: the day of ``start`` is
    not counted, the last day ends at the close of business) or the instant ``working_hours``
    of working time after ``start``. ``calendar_verified`` is false when the span reaches a
    year without holiday data."""
    if (query.working_days is None) == (query.working_hours is None):
        raise InvalidInput(
            _("Give either working_days or working_hours, not both and not neither."),
            {"fields": ["working_days", "working_hours"]},
        )
    result = calendar_due(
        start=query.start, working_days=query.working_days, working_hours=query.working_hours
    )
    return {"due": local(result.due), "calendar_verified": result.calendar_verified}
