"""The one place that asks the time; tests freeze it with time-machine."""

from __future__ import annotations

import datetime as dt
import zoneinfo


def utcnow() -> dt.datetime:
    return dt.datetime.now(tz=dt.UTC)


def local_date(moment: dt.datetime, tz_name: str) -> dt.date:
    if moment.tzinfo is None:
        raise ValueError("a timezone-aware datetime is required")
    return moment.astimezone(zoneinfo.ZoneInfo(tz_name)).date()
