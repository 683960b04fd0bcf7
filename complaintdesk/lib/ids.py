"""Human-readable complaint numbers such as ``TS-20261122-000123``."""

from __future__ import annotations

import datetime as dt
import re

NUMBER_PATTERN = re.compile(r"^[A-Z]{1,6}-\d{8}-\d{6,}$")


def format_complaint_number(prefix: str, day: dt.date, serial: int) -> str:
    """The prefix, the local day of receipt and a per-day serial, zero-padded to six digits.

    Numbers sort by day and then by serial as long as a day holds fewer than a million
    complaints; past that the serial simply grows a digit and stays unique.
    """
    if serial < 1:
        raise ValueError("serial numbers start at 1")
    return f"{prefix}-{day:%Y%m%d}-{serial:06d}"


def looks_like_complaint_number(value: str) -> bool:
    return bool(NUMBER_PATTERN.match(value))
