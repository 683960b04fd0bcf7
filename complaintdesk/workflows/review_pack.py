"""The review meeting pack (复盘会材料): for a meeting's period and scope, the headline
figures and clock attainment (insights), the top root causes (learning), the spikes of the
period (insights alerts), the improvement actions due or overdue with their effect, and the
cases selected for the meeting; and the decisions that become improvement actions.

The page is HTML (printable); its PDF is the same page printed by headless Chromium
(:mod:`complaintdesk.learning.pdf`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from complaintdesk.cases.models import Case
from complaintdesk.cases.selectors import cases_of_complaints
from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import ClockKind
from complaintdesk.complaints.models import Complaint
from complaintdesk.insights.describe import alert_title
from complaintdesk.insights.models import Alert
from complaintdesk.insights.selectors import Headline, headline, sla_attainment
from complaintdesk.insights.slices import Slice
from complaintdesk.learning.choices import ActionOrigin
from complaintdesk.learning.models import (
    ComplaintRootCause,
    ImprovementAction,
    MeetingDecision,
    ReviewMeeting,
    RootCause,
)
from complaintdesk.learning.permissions import ensure_can_hold_meetings
from complaintdesk.learning.selectors import (
    Scope,
    actions_due_or_overdue,
    meeting_cases,
    top_root_causes,
)
from complaintdesk.workflows.improvement import ActionForm, action_open


@dataclass(frozen=True)
class PackCase:
    """A complaint selected for the meeting, its root cause, and its case in the library when
    one was published there (then the pack shows the anonymised title and the lesson)."""

    complaint: Complaint
    root_cause: ComplaintRootCause | None
    library: Case | None


@dataclass(frozen=True)
class Pack:
    meeting: ReviewMeeting
    headline: Headline
    attainment: list[tuple[str, Any]]
    root_causes: list[tuple[RootCause, int]]
    spikes: list[tuple[Alert, str]]
    actions: list[ImprovementAction]
    cases: list[PackCase]
    today: dt.date


def _bounds(meeting: ReviewMeeting) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(meeting.period_start, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(meeting.period_end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start, end


def _cases(meeting: ReviewMeeting, actor: Actor) -> list[PackCase]:
    selected = meeting_cases(meeting)
    library = cases_of_complaints(actor=actor, complaint_ids=[c.pk for c, _ in selected])
    return [
        PackCase(complaint=c, root_cause=record, library=library.get(c.pk))
        for c, record in selected
    ]


def review_pack(*, meeting: ReviewMeeting, actor: Actor) -> Pack:
    """Everything the meeting's page shows, read once."""
    ensure_can_hold_meetings(actor)
    scope = Scope.of_meeting(meeting)
    slice_ = Slice(
        day_from=meeting.period_start,
        day_to=meeting.period_end,
        department_id=meeting.scope_department_id,
        category=meeting.scope_category,
    )
    start, end = _bounds(meeting)
    kinds = dict(ClockKind.choices)
    alerts = Alert.objects.filter(
        day__gte=meeting.period_start, day__lte=meeting.period_end
    ).order_by("-count", "day", "id")[:10]
    return Pack(
        meeting=meeting,
        headline=headline(actor=actor, slice_=slice_),
        attainment=[
            (str(kinds[figures.kind]), figures)
            for figures in sla_attainment(actor=actor, slice_=slice_)
        ],
        root_causes=top_root_causes(scope=scope, start=start, end=end),
        spikes=[(a, alert_title(a)) for a in alerts],
        actions=list(actions_due_or_overdue(scope=scope, until=meeting.held_on)),
        cases=_cases(meeting, actor),
        today=timezone.localdate(),
    )


@transaction.atomic
def decision_to_action(
    *, decision: MeetingDecision, actor: Actor, form: ActionForm
) -> ImprovementAction:
    """One click: the decision becomes an improvement action (origin: the meeting), with the
    meeting's scope unless the form narrows it."""
    ensure_can_hold_meetings(actor)
    return action_open(actor=actor, form=form, origin=ActionOrigin.MEETING, decision=decision)
