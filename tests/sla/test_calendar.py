"""Working-day calendar: scenarios named after the case, then properties.

Pure tests: no database, no settings. Dates of 2026 are checked against the statutory data of
``chinese_calendar`` (Spring Festival 02-15..02-23 with make-up Saturdays 02-14 and 02-28;
Labour Day 05-01..05-05; National Day 10-01..10-07 with make-up Saturday 10-10).
"""

from __future__ import annotations

import time as wall_clock
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from complaintdesk.sla.calendar import (
    SHANGHAI,
    STATUTORY_YEARS,
    DueResult,
    WorkingCalendar,
    add_calendar_days,
    add_calendar_time,
    add_working_days,
    add_working_time,
    calendar_covers,
    default_calendar,
    is_working_day,
    is_working_time,
    span_verified,
    working_time_between,
)

UTC = ZoneInfo("UTC")
TOKYO = ZoneInfo("Asia/Tokyo")
CAL = default_calendar()
LUNCH = WorkingCalendar(name="with lunch", periods=((time(9), time(12)), (time(13, 30), time(18))))
FIRST_UNKNOWN_YEAR = STATUTORY_YEARS.stop


def sh(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)  # type: ignore[misc]


def hours(n: float) -> timedelta:
    return timedelta(hours=n)


def first_monday_of_june(year: int) -> date:
    day = date(year, 6, 1)
    return day + timedelta(days=(7 - day.weekday()) % 7)


# --- the two reference examples ---------------------------------------------------------------


def test_four_working_hours_from_friday_17h_before_make_up_saturday_end_saturday_noon() -> None:
    # 2026-10-09 is a Friday; 2026-10-10 is the make-up Saturday after National Day.
    result = add_working_time(CAL, sh(2026, 10, 9, 17), hours(4))
    assert result == DueResult(due=sh(2026, 10, 10, 12), calendar_verified=True)


def test_three_working_days_from_evening_before_national_day_end_on_make_up_saturday() -> None:
    # 09-30 not counted; 10-01..10-07 holiday; 10-08, 10-09, 10-10 (make-up Saturday).
    result = add_working_days(CAL, sh(2026, 9, 30, 18, 30), 3)
    assert result == DueResult(due=sh(2026, 10, 10, 18), calendar_verified=True)


# --- working time -----------------------------------------------------------------------------


def test_received_before_hours_counts_from_opening() -> None:
    assert add_working_time(CAL, sh(2026, 11, 2, 7, 30), hours(2)).due == sh(2026, 11, 2, 11)


def test_received_after_hours_counts_from_next_opening() -> None:
    assert add_working_time(CAL, sh(2026, 11, 2, 19), hours(2)).due == sh(2026, 11, 3, 11)


def test_received_on_friday_evening_counts_from_monday() -> None:
    assert add_working_time(CAL, sh(2026, 11, 6, 20), hours(1)).due == sh(2026, 11, 9, 10)
    assert add_working_days(CAL, sh(2026, 11, 6, 20), 1).due == sh(2026, 11, 9, 18)


def test_received_on_a_holiday_counts_from_the_first_day_back() -> None:
    # Labour Day 2026: 05-01 (Fri) to 05-05 (Tue).
    assert not is_working_day(CAL, date(2026, 5, 4))
    assert add_working_time(CAL, sh(2026, 5, 1, 10), hours(4)).due == sh(2026, 5, 6, 13)


def test_time_running_out_at_closing_is_due_at_closing_not_next_opening() -> None:
    assert add_working_time(CAL, sh(2026, 11, 2, 9), hours(9)).due == sh(2026, 11, 2, 18)
    assert add_working_time(CAL, sh(2026, 11, 2, 9), hours(9.5)).due == sh(2026, 11, 3, 9, 30)


def test_received_before_make_up_saturday_works_on_saturday() -> None:
    assert is_working_day(CAL, date(2026, 2, 14))
    assert add_working_time(CAL, sh(2026, 2, 13, 17), hours(2)).due == sh(2026, 2, 14, 10)


def test_across_spring_festival_2026() -> None:
    # 02-13 not counted; 02-14 (make-up Saturday); 02-15..02-23 holiday; 02-24; 02-25.
    result = add_working_days(CAL, sh(2026, 2, 13, 10), 3)
    assert result == DueResult(due=sh(2026, 2, 25, 18), calendar_verified=True)
    assert add_working_time(CAL, sh(2026, 2, 14, 17), hours(2)).due == sh(2026, 2, 24, 10)


def test_across_national_day_2026_in_working_hours() -> None:
    start = sh(2026, 9, 30, 17)
    assert add_working_time(CAL, start, hours(10)).due == sh(2026, 10, 8, 18)
    assert working_time_between(CAL, start, sh(2026, 10, 8, 23)) == hours(10)


def test_lunch_break_is_not_counted() -> None:
    assert add_working_time(LUNCH, sh(2026, 11, 2, 11), hours(2)).due == sh(2026, 11, 2, 14, 30)
    during_lunch = add_working_time(LUNCH, sh(2026, 11, 2, 12, 45), timedelta(minutes=30))
    assert during_lunch.due == sh(2026, 11, 2, 14)
    assert working_time_between(LUNCH, sh(2026, 11, 2, 11), sh(2026, 11, 2, 14, 30)) == hours(2)
    assert LUNCH.working_hours_per_day == hours(7.5)
    assert not is_working_time(LUNCH, sh(2026, 11, 2, 12, 30))


def test_lunch_break_working_days_end_at_the_last_closing() -> None:
    assert add_working_days(LUNCH, sh(2026, 11, 2, 10), 1).due == sh(2026, 11, 3, 18)


def test_admin_added_holiday_is_skipped() -> None:
    cal = WorkingCalendar(extra_holidays=frozenset({date(2026, 11, 4)}))
    assert add_working_time(cal, sh(2026, 11, 3, 17), hours(2)).due == sh(2026, 11, 5, 10)


def test_admin_added_holiday_wins_over_statutory_make_up_day() -> None:
    cal = WorkingCalendar(extra_holidays=frozenset({date(2026, 10, 10)}))
    assert add_working_days(cal, sh(2026, 9, 30, 18, 30), 3).due == sh(2026, 10, 12, 18)


def test_admin_added_workday_is_worked() -> None:
    cal = WorkingCalendar(extra_workdays=frozenset({date(2026, 11, 7)}))
    assert add_working_time(cal, sh(2026, 11, 6, 17), hours(2)).due == sh(2026, 11, 7, 10)


def test_admin_added_workday_wins_over_statutory_holiday() -> None:
    cal = WorkingCalendar(extra_workdays=frozenset({date(2026, 10, 5)}))
    assert is_working_day(cal, date(2026, 10, 5))
    assert add_working_days(cal, sh(2026, 9, 30, 18, 30), 1).due == sh(2026, 10, 5, 18)


def test_calendar_without_statutory_data_uses_plain_week() -> None:
    cal = WorkingCalendar(use_statutory_data=False)
    assert is_working_day(cal, date(2026, 10, 1))
    assert not is_working_day(cal, date(2026, 10, 10))
    assert not calendar_covers(cal, 2026)
    assert not add_working_days(cal, sh(2026, 11, 2, 10), 1).calendar_verified


def test_six_day_week() -> None:
    cal = WorkingCalendar(weekdays=frozenset(range(6)))
    assert is_working_day(cal, date(2026, 11, 7))
    assert not is_working_day(cal, date(2026, 10, 3))  # statutory holiday on a Saturday


# --- years past the statutory data ------------------------------------------------------------


def test_statutory_data_does_not_know_the_first_unknown_year() -> None:
    assert calendar_covers(CAL, FIRST_UNKNOWN_YEAR - 1)
    assert not calendar_covers(CAL, FIRST_UNKNOWN_YEAR)
    assert FIRST_UNKNOWN_YEAR >= 2027


def test_year_past_the_data_falls_back_to_weekends_and_is_unverified() -> None:
    monday = first_monday_of_june(FIRST_UNKNOWN_YEAR)
    start = datetime.combine(monday, time(10), tzinfo=SHANGHAI)
    result = add_working_days(CAL, start, 5)
    expected = datetime.combine(monday + timedelta(days=7), time(18), tzinfo=SHANGHAI)
    assert result == DueResult(due=expected, calendar_verified=False)
    assert not add_working_time(CAL, start, hours(1)).calendar_verified


def test_span_reaching_into_year_past_the_data_is_unverified() -> None:
    start = sh(FIRST_UNKNOWN_YEAR - 1, 12, 28, 10)
    assert not add_working_days(CAL, start, 10).calendar_verified
    assert add_calendar_days(CAL, start, 10).calendar_verified  # no holiday data needed
    assert not span_verified(CAL, start, start + timedelta(days=10))
    assert span_verified(CAL, start, start + timedelta(hours=1))


def test_year_maintained_by_admin_is_verified_and_uses_admin_days() -> None:
    monday = first_monday_of_june(FIRST_UNKNOWN_YEAR)
    cal = WorkingCalendar(
        extra_holidays=frozenset({monday + timedelta(days=1)}),
        maintained_years=frozenset({FIRST_UNKNOWN_YEAR}),
    )
    start = datetime.combine(monday, time(10), tzinfo=SHANGHAI)
    result = add_working_days(cal, start, 1)
    expected = datetime.combine(monday + timedelta(days=2), time(18), tzinfo=SHANGHAI)
    assert result == DueResult(due=expected, calendar_verified=True)


# --- working days: the starting day is never counted ------------------------------------------


def test_working_days_received_before_hours_do_not_count_the_starting_day() -> None:
    assert add_working_days(CAL, sh(2026, 11, 2, 8), 1).due == sh(2026, 11, 3, 18)


def test_working_days_received_after_hours() -> None:
    assert add_working_days(CAL, sh(2026, 11, 2, 19), 1).due == sh(2026, 11, 3, 18)


def test_working_days_received_on_a_weekend_start_with_monday() -> None:
    assert add_working_days(CAL, sh(2026, 11, 7, 10), 1).due == sh(2026, 11, 9, 18)


def test_working_days_ending_at_midnight() -> None:
    result = add_working_days(CAL, sh(2026, 9, 30, 18, 30), 3, ends_at_midnight=True)
    assert result.due == sh(2026, 10, 11, 0)


def test_365_working_days_are_fast() -> None:
    start = sh(2025, 1, 6, 10)
    runs = 50
    began = wall_clock.perf_counter()
    for _ in range(runs):
        add_working_days(CAL, start, 365)
        add_working_time(CAL, start, hours(9 * 365))
    per_call = (wall_clock.perf_counter() - began) / (2 * runs)
    assert per_call < 0.02  # typically well under 1 ms; generous for slow machines


# --- calendar time ----------------------------------------------------------------------------


def test_within_15_days_ends_at_24h_of_the_last_day() -> None:
    result = add_calendar_days(CAL, sh(2026, 11, 1, 10), 15)
    assert result == DueResult(due=sh(2026, 11, 17, 0), calendar_verified=True)


def test_calendar_days_ending_on_a_holiday_roll_to_the_next_working_day() -> None:
    start = sh(2026, 9, 16, 10)
    assert add_calendar_days(CAL, start, 15).due == sh(2026, 10, 2, 0)
    rolled = add_calendar_days(CAL, start, 15, roll_past_rest_days=True)
    assert rolled == DueResult(due=sh(2026, 10, 9, 0), calendar_verified=True)


def test_calendar_time_ignores_holidays() -> None:
    result = add_calendar_time(CAL, sh(2026, 10, 1, 10), hours(24))
    assert result == DueResult(due=sh(2026, 10, 2, 10), calendar_verified=True)


# --- timezones --------------------------------------------------------------------------------


def test_input_in_utc_is_read_in_the_calendar_timezone() -> None:
    # 09:00 UTC is 17:00 in Shanghai: the first reference example again.
    result = add_working_time(CAL, datetime(2026, 10, 9, 9, tzinfo=UTC), hours(4))
    assert result.due == sh(2026, 10, 10, 12)
    assert result.due.tzinfo == SHANGHAI


def test_calendar_in_tokyo_counts_tokyo_hours() -> None:
    cal = WorkingCalendar(name="Tokyo desk", timezone=TOKYO, use_statutory_data=False)
    result = add_working_time(cal, sh(2026, 11, 2, 7, 30), hours(1))  # 08:30 in Tokyo
    assert result.due == datetime(2026, 11, 2, 10, tzinfo=TOKYO)
    assert result.due.tzinfo == TOKYO
    assert add_working_days(cal, sh(2026, 11, 2, 23, 30), 1).due == datetime(
        2026, 11, 4, 18, tzinfo=TOKYO
    )


def test_calendar_in_utc_counts_utc_hours() -> None:
    cal = WorkingCalendar(name="UTC desk", timezone=UTC)
    start = datetime(2026, 11, 2, 17, tzinfo=UTC)
    assert add_working_time(cal, start, hours(2)).due == datetime(2026, 11, 3, 10, tzinfo=UTC)


# --- refusals and edges -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda naive: add_working_time(CAL, naive, hours(1)),
        lambda naive: add_working_days(CAL, naive, 1),
        lambda naive: add_calendar_days(CAL, naive, 1),
        lambda naive: add_calendar_time(CAL, naive, hours(1)),
        lambda naive: working_time_between(CAL, naive, naive),
        lambda naive: is_working_time(CAL, naive),
        lambda naive: span_verified(CAL, naive, naive),
    ],
)
def test_naive_datetime_is_refused(call: Callable[[datetime], object]) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        call(datetime(2026, 11, 2, 10))


def test_negative_amounts_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_working_time(CAL, sh(2026, 11, 2, 10), hours(-1))
    with pytest.raises(ValueError, match="negative"):
        add_working_days(CAL, sh(2026, 11, 2, 10), -1)
    with pytest.raises(ValueError, match="negative"):
        add_calendar_days(CAL, sh(2026, 11, 2, 10), -1)
    with pytest.raises(ValueError, match="negative"):
        add_calendar_time(CAL, sh(2026, 11, 2, 10), hours(-1))


def test_zero_returns_the_start_even_after_hours() -> None:
    start = datetime(2026, 11, 2, 12, tzinfo=UTC)  # 20:00 in Shanghai
    for result in (
        add_working_time(CAL, start, timedelta(0)),
        add_working_days(CAL, start, 0),
        add_calendar_days(CAL, start, 0),
        add_calendar_time(CAL, start, timedelta(0)),
    ):
        assert result.due == start
        assert result.due.tzinfo == SHANGHAI


def test_working_time_between_is_negative_backwards_and_zero_on_rest_days() -> None:
    monday, friday = sh(2026, 11, 2, 10), sh(2026, 11, 6, 17)
    assert working_time_between(CAL, monday, friday) == hours(8 + 3 * 9 + 8)
    assert working_time_between(CAL, friday, monday) == -hours(43)
    assert working_time_between(CAL, sh(2026, 11, 7, 9), sh(2026, 11, 8, 18)) == timedelta(0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"periods": ()}, "at least one"),
        ({"periods": ((time(18), time(9)),)}, "open before"),
        ({"periods": ((time(9), time(13)), (time(12), time(18)))}, "overlap"),
        ({"weekdays": frozenset({7})}, "weekdays"),
        ({"weekdays": frozenset()}, "weekdays"),
        (
            {
                "extra_holidays": frozenset({date(2026, 11, 7)}),
                "extra_workdays": frozenset({date(2026, 11, 7)}),
            },
            "2026-11-07",
        ),
        ({"periods": ((time(9, tzinfo=UTC), time(18)),)}, "tzinfo"),
    ],
)
def test_invalid_calendar_is_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        WorkingCalendar(**kwargs)  # type: ignore[arg-type]


def test_calendar_is_a_hashable_value() -> None:
    from_sets = WorkingCalendar(extra_holidays={date(2026, 11, 4)})  # type: ignore[arg-type]
    same = WorkingCalendar(extra_holidays=frozenset({date(2026, 11, 4)}))
    assert from_sets == same
    assert hash(from_sets) == hash(same)
    assert default_calendar() == WorkingCalendar()


def test_is_working_time_includes_opening_and_excludes_closing() -> None:
    assert is_working_time(CAL, sh(2026, 11, 2, 9))
    assert not is_working_time(CAL, sh(2026, 11, 2, 18))
    assert not is_working_time(CAL, sh(2026, 10, 5, 10))


# --- properties -------------------------------------------------------------------------------

CALENDARS = st.sampled_from(
    [
        CAL,
        LUNCH,
        WorkingCalendar(
            name="Tokyo, admin days",
            timezone=TOKYO,
            extra_holidays=frozenset({date(2026, 3, 2), date(2027, 1, 4)}),
            extra_workdays=frozenset({date(2026, 3, 7)}),
        ),
    ]
)
STARTS = st.datetimes(
    min_value=datetime(2025, 12, 1), max_value=datetime(2027, 2, 1), timezones=st.just(SHANGHAI)
)
DURATIONS = st.timedeltas(min_value=timedelta(0), max_value=timedelta(hours=400))


@given(cal=CALENDARS, start=STARTS, duration=DURATIONS, days=st.integers(0, 60))
def test_due_is_never_earlier_than_start(
    cal: WorkingCalendar, start: datetime, duration: timedelta, days: int
) -> None:
    assert add_working_time(cal, start, duration).due >= start
    assert add_working_days(cal, start, days).due >= start
    assert add_calendar_days(cal, start, days, roll_past_rest_days=True).due >= start


@given(cal=CALENDARS, start=STARTS, first=DURATIONS, second=DURATIONS)
def test_adding_working_time_in_two_steps_equals_adding_it_at_once(
    cal: WorkingCalendar, start: datetime, first: timedelta, second: timedelta
) -> None:
    halfway = add_working_time(cal, start, first).due
    assert (
        add_working_time(cal, halfway, second).due
        == add_working_time(cal, start, first + second).due
    )


@given(cal=CALENDARS, start=STARTS, duration=DURATIONS)
def test_working_time_between_inverts_add_working_time(
    cal: WorkingCalendar, start: datetime, duration: timedelta
) -> None:
    due = add_working_time(cal, start, duration).due
    assert working_time_between(cal, start, due) == duration


@settings(max_examples=50)
@given(cal=CALENDARS, a=STARTS, b=STARTS, c=STARTS)
def test_working_time_between_adds_up_over_consecutive_spans(
    cal: WorkingCalendar, a: datetime, b: datetime, c: datetime
) -> None:
    total = working_time_between(cal, a, b) + working_time_between(cal, b, c)
    assert total == working_time_between(cal, a, c)
