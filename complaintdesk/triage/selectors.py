"""Reads for triage: similar resolved complaints with how they were resolved.

The similarity index over resolved and closed complaints is built once per process and rebuilt
when the cheap staleness check — the count and the latest ``status_changed_at`` of those
complaints, one aggregate query — changes. A request that finds the index current costs that
one query; one that (re)builds it costs one more, to read the settled texts (none when there
are no settled complaints). :func:`similar_index_warm` builds it ahead of requests (at
start-up, or in tests that measure the warm case) and :func:`similar_index_forget` drops it.
"""

from __future__ import annotations

from dataclasses import dataclass
from threading import Lock
from typing import Any

from django.db.models import Count, Max

from complaintdesk.complaints.choices import EventKind, Status
from complaintdesk.complaints.models import Complaint, ComplaintEvent
from complaintdesk.triage.nlp.similar import SimilarIndex

SETTLED = (Status.RESOLVED, Status.CLOSED)


@dataclass(frozen=True)
class SimilarResolved:
    number: str
    title: str
    score: float
    category: str
    status: str
    resolution: str


_index: dict[str, Any] = {}
_lock = Lock()


def _settled() -> Any:
    return Complaint.objects.filter(status__in=SETTLED, is_batch=False)


def similar_index() -> SimilarIndex:
    """The index over settled complaints, rebuilt only when they changed."""
    # ``updated_at`` too: an erased complaint keeps its status but not its text.
    stamp = tuple(
        _settled()
        .aggregate(n=Count("id"), last=Max("status_changed_at"), edited=Max("updated_at"))
        .values()
    )
    if _index.get("stamp") == stamp:
        index: SimilarIndex = _index["index"]
        return index
    with _lock:
        rows = list(_settled().order_by("id").values_list("number", "text")) if stamp[0] else []
        built = SimilarIndex([n for n, _ in rows], [t for _, t in rows])
        _index.update(stamp=stamp, index=built)
        return built


def similar_index_warm() -> int:
    """Build the index now if it is not current; returns how many cases it holds."""
    return len(similar_index())


def similar_index_forget() -> None:
    """Drop this process's index; the next request builds it again."""
    with _lock:
        _index.clear()


def similar_resolved(
    complaint: Complaint, k: int = 5, min_score: float = 0.1
) -> list[SimilarResolved]:
    """The ``k`` settled complaints most like this one, with the reason they were resolved."""
    found = similar_index().query(
        complaint.text, k=k, min_score=min_score, exclude=[complaint.number]
    )
    if not found:
        return []
    numbers = [case.id for case in found]
    by_number = {c.number: c for c in Complaint.objects.filter(number__in=numbers)}
    reasons: dict[int, str] = {}
    events = ComplaintEvent.objects.filter(
        complaint__number__in=numbers, kind=EventKind.STATUS_CHANGED, to_status=Status.RESOLVED
    ).order_by("at", "id")
    for event in events:
        reasons[event.complaint_id] = str(event.data.get("reason", ""))
    return [
        SimilarResolved(
            number=case.id,
            title=by_number[case.id].title,
            score=case.score,
            category=by_number[case.id].category,
            status=by_number[case.id].status,
            resolution=reasons.get(by_number[case.id].pk, ""),
        )
        for case in found
        if case.id in by_number
    ]
