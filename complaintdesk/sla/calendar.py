"""Working-day calendar: pure working-time arithmetic for deadlines.

Every clock of a complaint (first reply, answer, statutory deadline) is computed here, from a
:class:`WorkingCalendar` value and timezone-aware datetimes. The module holds no state, performs
no I/O and must not import Django: the clock services load a calendar (with its admin-maintained
days, in one query) and pass it in.

Which days are working days, in order of precedence:

1. days the admin added to the calendar (``extra_holidays``, then ``extra_workdays``);
2. the statutory data of the ``chinese_calendar`` package — public holidays and make-up
   workdays (调休) — for the years it covers, when ``use_statutory_data`` is set;
3. otherwise the plain week (``weekdays``, Monday to Friday by default).

A result computed over a year that neither the statutory data nor the admin covers is still
given, on the plain week plus admin days, but with ``calendar_verified=False``.

Counting rules (see ``docs/clocks.md``, "Working-day calendar"):

* working time (hours, minutes) runs only inside the working periods of working days;
* working days and calendar days follow the Civil Code (民法典第二百零一条、第二百零三条): the
  day on which the period starts is not counted, and the last day ends at the close of business
  (working days) or at 24:00 (calendar days).

Working time is measured on the local wall clock of the calendar's timezone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar

__all__ = [
    "SHANGHAI",
    "STATUTORY_YEARS",
    "DueResult",
    "WorkingCalendar",
    "add_calendar_days",
    "add_calendar_time",
    "add_working_days",
    "add_working_time",
    "calendar_covers",
    "default_calendar",
    "is_working_day",
    "is_working_time",
    "span_verified",
    "working_time_between",
]

SHANGHAI = ZoneInfo("Asia/Shanghai")

_STATUTORY_HOLIDAYS: frozenset[date] = frozenset(chinese_calendar.holidays)
_STATUTORY_WORKDAYS: frozenset[date] = frozenset(chinese_calendar.workdays)

#: Years for which the statutory data lists every public holiday and make-up workday.
STATUTORY_YEARS: range = range(
    min(_STATUTORY_HOLIDAYS).year, max(_STATUTORY_HOLIDAYS | _STATUTORY_WORKDAYS).year + 1
)

_ONE_DAY = timedelta(days=1)
_NO_TIME = timedelta(0)

Period = tuple[time, time]
_Offsets = tuple[tuple[timedelta, timedelta], ...]


def _time_offset(value: time) -> timedelta:
    return timedelta(
        hours=value.hour,
        minutes=value.minute,
        seconds=value.second,
        microseconds=value.microsecond,
    )


def _validated_offsets(periods: Iterable[Period]) -> _Offsets:
    offsets: list[tuple[timedelta, timedelta]] = []
    for opens, closes in periods:
        if opens.tzinfo is not None or closes.tzinfo is not None:
            raise ValueError("working periods are local times; give them without a tzinfo")
        if opens >= closes:
            raise ValueError(f"working period {opens}–{closes} must open before it closes")
        if offsets and _time_offset(opens) < offsets[-1][1]:
            raise ValueError("working periods must be in order and must not overlap")
        offsets.append((_time_offset(opens), _time_offset(closes)))
    if not offsets:
        raise ValueError("a working calendar needs at least one working period per day")
    return tuple(offsets)


@dataclass(frozen=True)
class WorkingCalendar:
    """The working days and hours of one organisation unit.

    ``periods`` are the working periods of every working day in local time, in order; a lunch
    break is two periods, e.g. ``((time(9), time(12)), (time(13, 30), time(18)))``.
    ``weekdays`` are the usual working weekdays (0 = Monday). ``extra_holidays`` and
    ``extra_workdays`` are days the admin added; they win over every other rule.
    ``maintained_years`` are years the admin has checked and completed by hand (for instance a
    year the statutory data does not know yet), so results in them count as verified.
    """

    name: str = "default"
    timezone: ZoneInfo = SHANGHAI
    periods: tuple[Period, ...] = ((time(9), time(18)),)
    weekdays: frozenset[int] = frozenset(range(5))
    extra_holidays: frozenset[date] = frozenset()
    extra_workdays: frozenset[date] = frozenset()
    maintained_years: frozenset[int] = frozenset()
    use_statutory_data: bool = True
    _offsets: _Offsets = field(init=False, repr=False, compare=False)
    _day_length: timedelta = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        offsets = _validated_offsets(self.periods)
        weekdays = frozenset(self.weekdays)
        if not weekdays or not weekdays <= frozenset(range(7)):
            raise ValueError("weekdays must be a non-empty set of numbers 0 (Monday) to 6")
        holidays, workdays = frozenset(self.extra_holidays), frozenset(self.extra_workdays)
        both = holidays & workdays
        if both:
            listed = ", ".join(sorted(day.isoformat() for day in both))
            raise ValueError(f"days marked both holiday and workday: {listed}")
        # Accept any iterable from callers but store hashable, immutable values.
        object.__setattr__(self, "periods", tuple(self.periods))
        object.__setattr__(self, "weekdays", weekdays)
        object.__setattr__(self, "extra_holidays", holidays)
        object.__setattr__(self, "extra_workdays", workdays)
        object.__setattr__(self, "maintained_years", frozenset(self.maintained_years))
        object.__setattr__(self, "_offsets", offsets)
        object.__setattr__(self, "_day_length", sum((e - s for s, e in offsets), _NO_TIME))

    @property
    def working_hours_per_day(self) -> timedelta:
        """Working time in one full working day."""
        return self._day_length


@dataclass(frozen=True)
class DueResult:
    """A computed deadline.

    ``due`` is timezone-aware, in the calendar's timezone. ``calendar_verified`` is False when
    the computed span touched a year that neither the statutory data nor the admin covers; the
    deadline then rests on the plain week plus the admin's days and should be shown as such.
    """

    due: datetime
    calendar_verified: bool


def default_calendar() -> WorkingCalendar:
    """Monday to Friday, 09:00–18:00 Asia/Shanghai, with the statutory holidays and 调休."""
    return WorkingCalendar()


# --- days -------------------------------------------------------------------------------------


def _statutory_applies(cal: WorkingCalendar, year: int) -> bool:
    return cal.use_statutory_data and year in STATUTORY_YEARS


def calendar_covers(cal: WorkingCalendar, year: int) -> bool:
    """Whether the working days of ``year`` are known for ``cal``.

    True when the statutory data applies to that year, or when the admin has marked the year
    as maintained (after adding its holidays and make-up workdays by hand).
    """
    return year in cal.maintained_years or _statutory_applies(cal, year)


def is_working_day(cal: WorkingCalendar, day: date) -> bool:
    """Whether ``day`` is a working day: admin days, then statutory data, then the plain week."""
    if day in cal.extra_holidays:
        return False
    if day in cal.extra_workdays:
        return True
    if _statutory_applies(cal, day.year):
        if day in _STATUTORY_HOLIDAYS:
            return False
        if day in _STATUTORY_WORKDAYS:
            return True
    return day.weekday() in cal.weekdays


def span_verified(cal: WorkingCalendar, start: datetime, end: datetime) -> bool:
    """Whether every year between ``start`` and ``end`` (either order) is covered."""
    first, last = sorted((_local(cal, start).year, _local(cal, end).year))
    return all(calendar_covers(cal, year) for year in range(first, last + 1))


def _years_verified(cal: WorkingCalendar, first: date, last: date) -> bool:
    return all(calendar_covers(cal, year) for year in range(first.year, last.year + 1))


# --- instants ---------------------------------------------------------------------------------


def _require_aware(value: datetime, what: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be a timezone-aware datetime, got naive {value.isoformat()}")


def _local(cal: WorkingCalendar, value: datetime) -> datetime:
    _require_aware(value, "datetime")
    return value.astimezone(cal.timezone)


def _position(cal: WorkingCalendar, value: datetime, what: str) -> tuple[date, timedelta]:
    """Split an aware instant into the local day and the wall-clock time since its midnight."""
    _require_aware(value, what)
    local = value.astimezone(cal.timezone)
    return local.date(), _time_offset(local.time())


def _instant(cal: WorkingCalendar, day: date, offset: timedelta) -> datetime:
    return datetime.combine(day, time(0), tzinfo=cal.timezone) + offset


def _require_not_negative(amount: timedelta | int, what: str) -> None:
    negative = amount < _NO_TIME if isinstance(amount, timedelta) else amount < 0
    if negative:
        raise ValueError(f"{what} must not be negative, got {amount}")


def is_working_time(cal: WorkingCalendar, at: datetime) -> bool:
    """Whether ``at`` falls inside a working period of a working day (opening included)."""
    day, offset = _position(cal, at, "at")
    if not is_working_day(cal, day):
        return False
    return any(opens <= offset < closes for opens, closes in cal._offsets)


# --- working time -----------------------------------------------------------------------------


def _worked_within_day(cal: WorkingCalendar, since: timedelta, until: timedelta) -> timedelta:
    """Working time between two wall-clock offsets of one working day."""
    total = _NO_TIME
    for opens, closes in cal._offsets:
        overlap = min(closes, until) - max(opens, since)
        if overlap > _NO_TIME:
            total += overlap
    return total


def add_working_time(cal: WorkingCalendar, start: datetime, duration: timedelta) -> DueResult:
    """The instant at which ``duration`` of working time has run from ``start``.

    Time counts only inside working periods: a start before opening counts from the opening, a
    start after closing (or on a rest day) from the next opening. When the time runs out exactly
    at a closing time, the due instant is that closing time. A zero duration returns ``start``
    unchanged (in the calendar's timezone); a negative one is refused.
    """
    _require_not_negative(duration, "duration")
    day, offset = _position(cal, start, "start")
    if duration == _NO_TIME:
        return DueResult(start.astimezone(cal.timezone), calendar_covers(cal, day.year))
    first_day, remaining = day, duration
    while True:
        if is_working_day(cal, day):
            if offset == _NO_TIME and remaining > cal._day_length:
                remaining -= cal._day_length
            else:
                for opens, closes in cal._offsets:
                    begin = max(opens, offset)
                    available = closes - begin
                    if available <= _NO_TIME:
                        continue
                    if remaining <= available:
                        due = _instant(cal, day, begin + remaining)
                        return DueResult(due, _years_verified(cal, first_day, day))
                    remaining -= available
        day, offset = day + _ONE_DAY, _NO_TIME


def working_time_between(cal: WorkingCalendar, start: datetime, end: datetime) -> timedelta:
    """Working time from ``start`` to ``end``; negative when ``end`` is before ``start``.

    The inverse of :func:`add_working_time`: for any ``d >= 0``,
    ``working_time_between(cal, s, add_working_time(cal, s, d).due) == d``.
    """
    if end < start:
        return -working_time_between(cal, end, start)
    first_day, since = _position(cal, start, "start")
    last_day, until = _position(cal, end, "end")
    if first_day == last_day:
        if not is_working_day(cal, first_day):
            return _NO_TIME
        return _worked_within_day(cal, since, until)
    total = _NO_TIME
    if is_working_day(cal, first_day):
        total += _worked_within_day(cal, since, _ONE_DAY)
    day = first_day + _ONE_DAY
    while day < last_day:
        if is_working_day(cal, day):
            total += cal._day_length
        day += _ONE_DAY
    if is_working_day(cal, last_day):
        total += _worked_within_day(cal, _NO_TIME, until)
    return total


# --- working days and calendar days -----------------------------------------------------------


def _nth_working_day_after(cal: WorkingCalendar, day: date, count: int) -> date:
    while count > 0:
        day += _ONE_DAY
        if is_working_day(cal, day):
            count -= 1
    return day


def add_working_days(
    cal: WorkingCalendar, start: datetime, days: int, *, ends_at_midnight: bool = False
) -> DueResult:
    """The end of the ``days``-th working day after the day of ``start``.

    Civil Code counting (民法典第二百零一条): the day on which the period starts is never
    counted, whatever the hour and whether or not it is a working day; counting begins with the
    next working day. The last day ends at the close of business, the end of its last working
    period (第二百零三条), or at 24:00 with ``ends_at_midnight`` for rules that say so.
    Zero days returns ``start`` unchanged; a negative count is refused.
    """
    _require_not_negative(days, "days")
    first_day, _ = _position(cal, start, "start")
    if days == 0:
        return DueResult(start.astimezone(cal.timezone), calendar_covers(cal, first_day.year))
    last_day = _nth_working_day_after(cal, first_day, days)
    if ends_at_midnight:
        due = _instant(cal, last_day + _ONE_DAY, _NO_TIME)
    else:
        due = _instant(cal, last_day, cal._offsets[-1][1])
    return DueResult(due, _years_verified(cal, first_day, last_day))


def add_calendar_days(
    cal: WorkingCalendar, start: datetime, days: int, *, roll_past_rest_days: bool = False
) -> DueResult:
    """The end (24:00, i.e. the next day's 00:00 local) of the ``days``-th day after ``start``.

    For rules such as "within 15 days". The day of ``start`` is not counted (第二百零一条).
    With ``roll_past_rest_days`` a last day that is not a working day moves to the next working
    day (第二百零三条: 最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日).
    Without it the result needs no holiday data and is always verified.
    Zero days returns ``start`` unchanged; a negative count is refused.
    """
    _require_not_negative(days, "days")
    first_day, _ = _position(cal, start, "start")
    if days == 0:
        return DueResult(start.astimezone(cal.timezone), True)
    last_day = first_day + timedelta(days=days)
    if not roll_past_rest_days:
        return DueResult(_instant(cal, last_day + _ONE_DAY, _NO_TIME), True)
    while not is_working_day(cal, last_day):
        last_day += _ONE_DAY
    due = _instant(cal, last_day + _ONE_DAY, _NO_TIME)
    return DueResult(due, _years_verified(cal, first_day, last_day))


def add_calendar_time(cal: WorkingCalendar, start: datetime, duration: timedelta) -> DueResult:
    """``start`` plus ``duration`` of elapsed time (for "within 24 hours"), in ``cal``'s zone.

    Holidays play no part, so the result is always verified. A negative duration is refused.
    """
    _require_not_negative(duration, "duration")
    _require_aware(start, "start")
    due = (start.astimezone(UTC) + duration).astimezone(cal.timezone)
    return DueResult(due, True)
