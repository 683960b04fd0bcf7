"""Loading the working calendar of an organisation unit: one query for the calendar, one for
the admin's days, never one per day."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from complaintdesk.lib.ttlcache import TimedValue
from complaintdesk.sla.calendar import WorkingCalendar, default_calendar
from complaintdesk.sla.choices import DayKind
from complaintdesk.sla.models import OrgCalendar


def calendar_record_for(department_id: int | None) -> OrgCalendar | None:
    """The department's own calendar, else the default calendar, else ``None`` (built-in)."""
    wanted = Q(is_default=True)
    if department_id is not None:
        wanted |= Q(department_id=department_id)
    records = list(OrgCalendar.objects.filter(wanted))
    own = [r for r in records if department_id is not None and r.department_id == department_id]
    return (own or records)[0] if records else None


def working_calendar(record: OrgCalendar | None) -> WorkingCalendar:
    """The pure calendar of ``record``; the built-in Monday–Friday 09:00–18:00 when ``None``."""
    if record is None:
        return default_calendar()
    holidays: list[dt.date] = []
    workdays: list[dt.date] = []
    for day, kind in record.days.values_list("day", "kind"):
        (holidays if kind == DayKind.HOLIDAY else workdays).append(day)
    return record.settings().working_calendar(
        name=record.code,
        use_statutory_data=record.use_statutory_data,
        holidays=holidays,
        workdays=workdays,
    )


def default_working_calendar() -> WorkingCalendar:
    return working_calendar(calendar_record_for(None))


def all_working_calendars() -> list[WorkingCalendar]:
    """Every stored calendar with its days (two queries), or the built-in one if none."""
    records = list(OrgCalendar.objects.prefetch_related("days"))
    if not records:
        return [default_calendar()]
    calendars = []
    for record in records:
        days = list(record.days.all())
        calendars.append(
            record.settings().working_calendar(
                name=record.code,
                use_statutory_data=record.use_statutory_data,
                holidays=[d.day for d in days if d.kind == DayKind.HOLIDAY],
                workdays=[d.day for d in days if d.kind == DayKind.WORKDAY],
            )
        )
    return calendars


def _pure_calendar(record: OrgCalendar) -> WorkingCalendar:
    """The pure calendar of a record whose days were prefetched."""
    days = list(record.days.all())
    return record.settings().working_calendar(
        name=record.code,
        use_statutory_data=record.use_statutory_data,
        holidays=[d.day for d in days if d.kind == DayKind.HOLIDAY],
        workdays=[d.day for d in days if d.kind == DayKind.WORKDAY],
    )


class CalendarSet:
    """Every stored calendar with its days, loaded at once: the calendar of a department is
    its own, else the default one, else the built-in Monday–Friday 09:00–18:00."""

    def __init__(self, records: list[OrgCalendar]) -> None:
        self.records = records
        self.pure = {record.pk: _pure_calendar(record) for record in records}
        defaults = sorted((r for r in records if r.is_default), key=lambda r: r.pk)
        self.default = defaults[0] if defaults else None
        self.by_department = {r.department_id: r for r in records if r.department_id is not None}

    def for_department(
        self, department_id: int | None
    ) -> tuple[OrgCalendar | None, WorkingCalendar]:
        record = self.by_department.get(department_id) if department_id else None
        record = record or self.default
        return record, (self.pure[record.pk] if record is not None else default_calendar())


def _load_calendar_set() -> CalendarSet:
    return CalendarSet(list(OrgCalendar.objects.prefetch_related("days").order_by("id")))


# Read on every intake, edited rarely: each process keeps the calendars for a minute, and an
# edit clears its own process's copy at once (see apps.py).
CALENDARS = TimedValue(_load_calendar_set, ttl=60)
