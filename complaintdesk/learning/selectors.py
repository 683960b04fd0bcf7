"""Reads of the learning app: the taxonomy, a complaint's root cause and the suggestion from
similar complaints, the complaints and orders of a scope, actions and meetings an actor may
see."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import Status
from complaintdesk.complaints.models import Complaint, Department, Respondent
from complaintdesk.learning.choices import ActionStatus
from complaintdesk.learning.models import (
    ComplaintRootCause,
    ImprovementAction,
    OrderVolume,
    OverdueAlert,
    ReviewMeeting,
    RootCause,
)
from complaintdesk.learning.permissions import (
    ensure_can_hold_meetings,
    ensure_can_view_actions,
    may_manage_actions,
    not_found,
)

# Complaints that count for a scope: everything received except batch parents (their members
# count) and complaints merged into another (the other counts).
NOT_COUNTED = Q(is_batch=True) | Q(status=Status.MERGED)


@dataclass(frozen=True)
class Scope:
    """What an action or a meeting targets; every blank part matches everything."""

    category: str = ""
    item: str = ""
    respondent_id: int | None = None
    department_id: int | None = None

    def condition(self) -> Q:
        q = Q()
        if self.category:
            q &= Q(category=self.category)
        if self.item:
            q &= Q(order__item=self.item)
        if self.respondent_id is not None:
            q &= Q(respondent_id=self.respondent_id)
        if self.department_id is not None:
            q &= Q(department_id=self.department_id)
        return q

    @classmethod
    def of_action(cls, action: ImprovementAction) -> Scope:
        return cls(
            category=action.scope_category,
            item=action.scope_item,
            respondent_id=action.scope_respondent_id,
            department_id=action.scope_department_id,
        )

    @classmethod
    def of_meeting(cls, meeting: ReviewMeeting) -> Scope:
        return cls(category=meeting.scope_category, department_id=meeting.scope_department_id)


def root_causes_for(industry: str = "") -> QuerySet[RootCause]:
    """The active root causes offered for a complaint of ``industry`` (and every industry's)."""
    queryset = RootCause.objects.filter(active=True)
    if industry:
        queryset = queryset.filter(Q(industry="") | Q(industry=industry))
    return queryset.order_by("position", "code")


def root_cause_get(code: str) -> RootCause | None:
    return RootCause.objects.filter(code=code, active=True).first()


def root_cause_of(complaint: Complaint) -> ComplaintRootCause | None:
    return (
        ComplaintRootCause.objects.select_related("root_cause", "department", "respondent")
        .filter(complaint=complaint)
        .first()
    )


@dataclass(frozen=True)
class Suggestion:
    """The root cause most similar resolved complaints had, weighted by their similarity,
    and the complaints it came from (numbers, best first)."""

    root_cause: RootCause
    department: Department | None
    respondent: Respondent | None
    weight: float
    sources: list[str] = field(default_factory=list)


def root_cause_records(numbers: list[str]) -> dict[str, ComplaintRootCause]:
    """The recorded root causes of these complaints, by number (one query)."""
    records = ComplaintRootCause.objects.select_related(
        "complaint", "root_cause", "department", "respondent"
    ).filter(complaint__number__in=numbers)
    return {record.complaint.number: record for record in records}


def root_cause_suggest(
    similar: list[tuple[str, float]], records: dict[str, ComplaintRootCause] | None = None
) -> Suggestion | None:
    """Vote among the recorded root causes of ``similar`` (number, similarity) complaints;
    ``records``: those already read (:func:`root_cause_records`)."""
    if not similar:
        return None
    scores = dict(similar)
    if records is None:
        records = root_cause_records(list(scores))
    voters = [
        records[number]
        for number in scores
        if number in records and records[number].root_cause.active
    ]
    if not voters:
        return None
    weight: dict[int, float] = defaultdict(float)
    for record in voters:
        weight[record.root_cause_id] += scores[record.complaint.number]
    best = max(weight, key=lambda code: (weight[code], -code))
    chosen = sorted(
        (r for r in voters if r.root_cause_id == best),
        key=lambda r: -scores[r.complaint.number],
    )
    departments = Counter(r.department_id for r in chosen if r.department_id)
    respondents = Counter(r.respondent_id for r in chosen if r.respondent_id)
    by_department = {r.department_id: r.department for r in chosen}
    by_respondent = {r.respondent_id: r.respondent for r in chosen}
    return Suggestion(
        root_cause=chosen[0].root_cause,
        department=by_department[departments.most_common(1)[0][0]] if departments else None,
        respondent=by_respondent[respondents.most_common(1)[0][0]] if respondents else None,
        weight=weight[best] / sum(scores.values()),
        sources=[r.complaint.number for r in chosen],
    )


def complaints_in(*, scope: Scope, start: dt.datetime, end: dt.datetime) -> QuerySet[Complaint]:
    """The complaints of a scope received in [start, end)."""
    return (
        Complaint.objects.filter(received_at__gte=start, received_at__lt=end)
        .filter(scope.condition())
        .exclude(NOT_COUNTED)
    )


def orders_in(*, scope: Scope, start: dt.date, end: dt.date) -> int | None:
    """Orders of the scope's product, respondent and department (category plays no part:
    orders have none) in the volumes that lie inside [start, end]; None without any."""
    same_scope = Q(item=scope.item)
    same_scope &= (
        Q(respondent_id=scope.respondent_id)
        if scope.respondent_id is not None
        else Q(respondent__isnull=True)
    )
    same_scope &= (
        Q(department_id=scope.department_id)
        if scope.department_id is not None
        else Q(department__isnull=True)
    )
    rows = OrderVolume.objects.filter(
        same_scope, period_start__gte=start, period_end__lte=end
    ).values_list("orders", flat=True)
    found = list(rows)
    return sum(found) if found else None


def top_root_causes(
    *, scope: Scope, start: dt.datetime, end: dt.datetime, limit: int = 8
) -> list[tuple[RootCause, int]]:
    """The most frequent root causes of the scope's complaints received in [start, end)."""
    counts = (
        ComplaintRootCause.objects.filter(
            complaint__in=complaints_in(scope=scope, start=start, end=end)
        )
        .values("root_cause")
        .annotate(n=Count("id"))
        .order_by("-n", "root_cause")[:limit]
    )
    causes = RootCause.objects.in_bulk([row["root_cause"] for row in counts])
    return [(causes[row["root_cause"]], row["n"]) for row in counts]


def actions_for(actor: Actor) -> QuerySet[ImprovementAction]:
    ensure_can_view_actions(actor)
    return ImprovementAction.objects.select_related(
        "owner", "root_cause", "scope_respondent", "scope_department"
    ).order_by("due_date", "id")


def action_get(*, actor: Actor, action_id: int) -> ImprovementAction:
    action = actions_for(actor).filter(pk=action_id).first()
    if action is None:
        raise not_found()
    return action


def actions_overdue(today: dt.date) -> QuerySet[ImprovementAction]:
    """Actions past their due date and not done yet."""
    return (
        ImprovementAction.objects.filter(
            due_date__lt=today, status__in=[ActionStatus.PLANNED, ActionStatus.IN_PROGRESS]
        )
        .select_related("owner")
        .order_by("due_date", "id")
    )


def overdue_alerts_of(*, actor: Actor, day: dt.date) -> QuerySet[OverdueAlert]:
    """The day's overdue alerts the actor is told of: all for supervisors and admins, their
    own actions' for everyone else who sees actions."""
    ensure_can_view_actions(actor)
    alerts = OverdueAlert.objects.filter(day=day).select_related("action", "action__owner")
    if not may_manage_actions(actor):
        alerts = alerts.filter(action__owner_id=actor.user_id)
    return alerts.order_by("action__due_date", "id")


def actions_due_for_evaluation(now: dt.datetime) -> list[ImprovementAction]:
    """Done actions whose after-period (as long as the baseline's) has ended."""
    done = ImprovementAction.objects.filter(
        status=ActionStatus.DONE, done_at__isnull=False
    ).order_by("done_at", "id")
    return [
        a
        for a in done
        if a.done_at is not None and a.done_at + (a.baseline_end - a.baseline_start) <= now
    ]


def actions_due_or_overdue(*, scope: Scope, until: dt.date) -> QuerySet[ImprovementAction]:
    """Actions of a scope due by ``until`` or measured, for reports and meeting packs."""
    queryset = ImprovementAction.objects.select_related("owner", "root_cause").filter(
        Q(due_date__lte=until) | Q(status=ActionStatus.EVALUATED)
    )
    if scope.category:
        queryset = queryset.filter(scope_category__in=["", scope.category])
    if scope.department_id is not None:
        queryset = queryset.filter(
            Q(scope_department_id=scope.department_id) | Q(scope_department__isnull=True)
        )
    return queryset.order_by("due_date", "id")


def meetings_for(actor: Actor) -> QuerySet[ReviewMeeting]:
    ensure_can_hold_meetings(actor)
    return ReviewMeeting.objects.select_related("scope_department").order_by("-held_on", "-id")


def meeting_get(*, actor: Actor, meeting_id: int) -> ReviewMeeting:
    meeting = meetings_for(actor).filter(pk=meeting_id).first()
    if meeting is None:
        raise not_found()
    return meeting


def meeting_cases(meeting: ReviewMeeting) -> list[tuple[Complaint, ComplaintRootCause | None]]:
    """The complaints selected for the meeting with their root causes (two queries)."""
    cases = list(meeting.cases.order_by("received_at", "id"))
    records = {
        r.complaint_id: r
        for r in ComplaintRootCause.objects.select_related("root_cause").filter(complaint__in=cases)
    }
    return [(c, records.get(c.pk)) for c in cases]
