"""System checks of the working-day calendars."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Warning, register
from django.db import DatabaseError
from django.utils import timezone

from complaintdesk.sla.calendar import calendar_covers
from complaintdesk.sla.calendars import all_working_calendars


@register("sla")
def check_calendar_coverage(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """sla.W001 until every calendar knows the holidays of this year and the next."""
    this_year = timezone.localdate().year
    try:
        calendars = all_working_calendars()
    except DatabaseError:  # not migrated yet: nothing to check
        return []
    problems: list[CheckMessage] = []
    for cal in calendars:
        missing = [y for y in (this_year, this_year + 1) if not calendar_covers(cal, y)]
        if missing:
            years = ", ".join(str(y) for y in missing)
            problems.append(
                Warning(
                    f"Working calendar '{cal.name}' has no holiday data for {years}; deadlines "
                    "there count weekends only and are marked calendar_verified=false.",
                    hint=(
                        "Upgrade the chinesecalendar package once the State Council publishes "
                        "the schedule, or add the year's holidays and make-up workdays as "
                        "calendar days in the admin and list the year as maintained."
                    ),
                    obj=cal.name,
                    id="sla.W001",
                )
            )
    return problems
