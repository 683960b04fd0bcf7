"""Reads behind the agent desk: work queues with their counts, keyset pages sorted by receipt
or priority, the staff one can assign to, and the open load per agent and department."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints import selectors, states
from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import PRIORITY_RANK, STAFF_ROLES, Priority, Role, Status
from complaintdesk.complaints.errors import Forbidden, InvalidInput
from complaintdesk.complaints.models import Complaint, Department

QUEUES = ("mine", "unassigned", "department", "open", "closed")
SORTS = ("received", "priority")
RECENTLY_CLOSED = dt.timedelta(days=30)
DONE_STATES = sorted(states.FINAL_STATES | {Status.RESOLVED})
OPEN_STATES = sorted(states.OPEN_STATES)
_BY_RANK = {rank: str(p) for p, rank in PRIORITY_RANK.items()}


def _queue_condition(actor: Actor, queue: str) -> Q:
    open_now = Q(status__in=OPEN_STATES)
    if queue == "mine":
        return open_now & Q(assignee_id=actor.user_id)
    if queue == "unassigned":
        return open_now & Q(assignee__isnull=True)
    if queue == "department":
        return open_now & Q(department_id=actor.department_id)
    if queue == "closed":
        since = timezone.now() - RECENTLY_CLOSED
        return Q(status__in=DONE_STATES, status_changed_at__gte=since)
    return open_now


def queue_counts(*, actor: Actor) -> dict[str, int]:
    """How many complaints each queue holds for this actor: one indexed count per queue."""
    base = selectors.scope_only(actor)
    counts = {}
    for queue in QUEUES:
        if queue == "department" and actor.department_id is None:
            counts[queue] = 0
            continue
        counts[queue] = base.filter(_queue_condition(actor, queue)).count()
    return counts


def _encode_rank_cursor(complaint: Complaint, rank: int) -> str:
    raw = f"{rank}|{complaint.received_at.isoformat()}|{complaint.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode_rank_cursor(cursor: str) -> tuple[int, dt.datetime, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        rank, stamp, pk = base64.urlsafe_b64decode(padded.encode()).decode().split("|")
        moment = dt.datetime.fromisoformat(stamp)
        if moment.tzinfo is None or int(rank) not in _BY_RANK:
            raise ValueError("bad cursor")
        return int(rank), moment, int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidInput(
            _("The page link is not valid; go back to the first page."), {"field": "cursor"}
        ) from None


def _after_in_received_order(qs: QuerySet[Complaint], cursor: str) -> QuerySet[Complaint]:
    moment, pk = selectors.decode_cursor(cursor)
    return qs.filter(Q(received_at__lt=moment) | Q(received_at=moment, id__lt=pk))


@dataclass(frozen=True)
class QueuePage:
    rows: list[Complaint]
    next_cursor: str | None


def _received_order(
    qs: QuerySet[Complaint], after: tuple[dt.datetime, int] | None
) -> QuerySet[Complaint]:
    """Newest first, after the (received_at, id) position of the previous page's last row."""
    qs = qs.order_by("-received_at", "-id")
    if after is not None:
        moment, pk = after
        qs = qs.filter(Q(received_at__lt=moment) | Q(received_at=moment, id__lt=pk))
    return qs


def _priority_page(qs: QuerySet[Complaint], cursor: str | None, limit: int) -> QueuePage:
    """Most urgent first: one newest-first keyset query per priority, from the cursor's rank
    on, until the page is full. Each query walks the receipt-time index and stops at the
    limit, which stays fast where one sort over every matching row would not."""
    rank, inner = 0, None
    if cursor:
        rank, moment, pk = _decode_rank_cursor(cursor)
        inner = (moment, pk)
    rows: list[Complaint] = []
    for current in range(rank, len(_BY_RANK)):
        bucket = _received_order(qs.filter(priority=_BY_RANK[current]), inner)
        rows += bucket[: limit + 1 - len(rows)]
        inner = None
        if len(rows) > limit:
            break
    if len(rows) <= limit:
        return QueuePage(rows, None)
    last = rows[limit - 1]
    rank = PRIORITY_RANK[Priority(last.priority)]
    return QueuePage(rows[:limit], _encode_rank_cursor(last, rank))


def queue_queryset(
    *, actor: Actor, queue: str, filters: selectors.ComplaintFilters
) -> QuerySet[Complaint]:
    """Every complaint of a queue with the filters applied, unordered (pages and exports)."""
    qs = selectors.complaints_filtered(actor=actor, filters=filters)
    return qs.filter(_queue_condition(actor, queue))


def queue_page(
    *,
    actor: Actor,
    queue: str,
    filters: selectors.ComplaintFilters,
    sort: str,
    cursor: str | None,
    limit: int,
) -> QueuePage:
    """One page of a queue, newest first or most urgent first, continued by ``next_cursor``."""
    qs = queue_queryset(actor=actor, queue=queue, filters=filters)
    if sort == "priority":
        return _priority_page(qs, cursor, limit)
    after = selectors.decode_cursor(cursor) if cursor else None
    rows = list(_received_order(qs, after)[: limit + 1])
    if len(rows) <= limit:
        return QueuePage(rows, None)
    return QueuePage(rows[:limit], selectors.encode_cursor(rows[limit - 1]))


def assignable_staff() -> list[AbstractBaseUser]:
    """Active users with a staff role, for the assignee choices."""
    return list(
        get_user_model()
        .objects.filter(is_active=True, membership__role__in=sorted(STAFF_ROLES))
        .select_related("membership", "membership__department")
        .order_by("username")
    )


def departments_all() -> list[Department]:
    return list(Department.objects.order_by("code"))


@dataclass(frozen=True)
class AgentLoad:
    username: str
    role: str
    department: str
    open: int
    urgent: int


@dataclass(frozen=True)
class DepartmentLoad:
    code: str
    name: str
    open: int
    unassigned: int


def _ensure_can_see_team(actor: Actor) -> None:
    if actor.role not in {Role.SUPERVISOR, Role.ADMIN}:
        raise Forbidden(_("Only supervisors see the team view."))


def team_load(*, actor: Actor) -> tuple[list[AgentLoad], list[DepartmentLoad]]:
    """Open complaints per staff member and per department (three queries)."""
    _ensure_can_see_team(actor)
    open_qs = Complaint.objects.filter(status__in=OPEN_STATES)
    urgent = Q(priority__in=[Priority.URGENT, Priority.HIGH])
    per_user = {
        row["assignee_id"]: row
        for row in open_qs.filter(assignee__isnull=False)
        .values("assignee_id")
        .annotate(open=Count("id"), urgent=Count("id", filter=urgent))
    }
    agents = [
        AgentLoad(
            username=user.get_username(),
            role=user.membership.get_role_display(),  # type: ignore[attr-defined]
            department=str(user.membership.department or ""),  # type: ignore[attr-defined]
            open=per_user.get(user.pk, {}).get("open", 0),
            urgent=per_user.get(user.pk, {}).get("urgent", 0),
        )
        for user in assignable_staff()
    ]
    agents.sort(key=lambda a: (-a.open, a.username))
    per_department = open_qs.values("department_id").annotate(
        open=Count("id"), unassigned=Count("id", filter=Q(assignee__isnull=True))
    )
    by_id = {row["department_id"]: row for row in per_department}
    departments = [
        DepartmentLoad(
            code=d.code,
            name=d.name,
            open=by_id.get(d.pk, {}).get("open", 0),
            unassigned=by_id.get(d.pk, {}).get("unassigned", 0),
        )
        for d in Department.objects.order_by("code")
    ]
    if None in by_id:
        loose = by_id[None]
        departments.append(
            DepartmentLoad("", str(_("No department")), loose["open"], loose["unassigned"])
        )
    return agents, departments
