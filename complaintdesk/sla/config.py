"""Validated configuration of clock policies and calendars (pydantic), and the conversion of a
stored calendar into the pure :class:`~complaintdesk.sla.calendar.WorkingCalendar`."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterable
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from complaintdesk.complaints.choices import Category, Channel, Industry, Priority, Status
from complaintdesk.complaints.states import FINAL_STATES
from complaintdesk.sla.calendar import WorkingCalendar
from complaintdesk.sla.choices import ClockKind, EscalationAction, TimeUnit, Trigger

HHMM = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]


class PolicySettings(BaseModel):
    """Everything a clock policy says, checked before it is saved or loaded."""

    model_config = ConfigDict(extra="forbid")

    kind: ClockKind
    trigger: Trigger = Trigger.RECEIVED
    channels: list[Channel] = []
    categories: list[Category] = []
    priorities: list[Priority] = []
    industries: list[Industry] = []
    unit: TimeUnit
    amount: int = Field(gt=0, le=100_000)
    ends_at_midnight: bool = False
    roll_past_rest_days: bool = False
    warn_percent: int = Field(80, ge=1, le=99)
    pause_statuses: list[Status] = [Status.WAITING_CUSTOMER]
    on_warning: list[EscalationAction] = []
    on_breach: list[EscalationAction] = []
    max_extension: int = Field(0, ge=0, le=100_000)

    @field_validator("pause_statuses")
    @classmethod
    def _pause_only_in_open_states(cls, value: list[Status]) -> list[Status]:
        final = sorted(str(s) for s in value if s in FINAL_STATES or s == Status.RESOLVED)
        if final:
            raise ValueError(f"a clock stops, it does not pause, in: {', '.join(final)}")
        return value

    @model_validator(mode="after")
    def _options_fit_the_unit(self) -> PolicySettings:
        if self.ends_at_midnight and self.unit != TimeUnit.WORKING_DAYS:
            raise ValueError("ends_at_midnight applies only to working days")
        if self.roll_past_rest_days and self.unit != TimeUnit.CALENDAR_DAYS:
            raise ValueError("roll_past_rest_days applies only to calendar days")
        return self


class CalendarSettings(BaseModel):
    """The stored fields of a working calendar."""

    model_config = ConfigDict(extra="forbid")

    timezone: str
    periods: list[tuple[HHMM, HHMM]] = Field(min_length=1, max_length=6)
    weekdays: list[Annotated[int, Field(ge=0, le=6)]] = Field(min_length=1, max_length=7)
    maintained_years: list[Annotated[int, Field(ge=2000, le=2200)]] = []

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not an IANA time zone such as Asia/Shanghai") from None
        return value

    @model_validator(mode="after")
    def _periods_make_a_calendar(self) -> CalendarSettings:
        self.working_calendar(name="check", use_statutory_data=True, holidays=(), workdays=())
        return self

    def working_calendar(
        self,
        *,
        name: str,
        use_statutory_data: bool,
        holidays: Iterable[dt.date],
        workdays: Iterable[dt.date],
    ) -> WorkingCalendar:
        return WorkingCalendar(
            name=name,
            timezone=zoneinfo.ZoneInfo(self.timezone),
            periods=tuple(
                (dt.time.fromisoformat(opens), dt.time.fromisoformat(closes))
                for opens, closes in self.periods
            ),
            weekdays=frozenset(self.weekdays),
            extra_holidays=frozenset(holidays),
            extra_workdays=frozenset(workdays),
            maintained_years=frozenset(self.maintained_years),
            use_statutory_data=use_statutory_data,
        )


def validation_message(build: Callable[[], Any]) -> str:
    """Run ``build``; return "" when it validates, else one readable line per problem."""
    try:
        build()
    except ValidationError as exc:
        return "; ".join(
            f"{'.'.join(str(p) for p in error['loc']) or 'settings'}: {error['msg']}"
            for error in exc.errors()
        )
    except ValueError as exc:
        return str(exc)
    return ""
