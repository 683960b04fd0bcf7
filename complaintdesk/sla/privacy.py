"""Personal data on clocks: the reason written for an extension."""

from __future__ import annotations

from collections.abc import Sequence

from complaintdesk.complaints.personal_data import Scrub, rows_scrub
from complaintdesk.sla.models import Clock


def clocks_scrub(*, complaint_ids: Sequence[int], scrub: Scrub) -> dict[str, int]:
    return {
        "clocks": rows_scrub(
            Clock.objects.filter(complaint_id__in=complaint_ids),
            scrub=scrub,
            text=["extension_reason"],
        )
    }
