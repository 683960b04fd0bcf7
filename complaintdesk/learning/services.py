"""Writes of the learning app. Keyword-only; each records who did it and when. A complaint's
root cause is recorded here and its event by ``complaints.cause_events``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.cause_events import complaint_root_cause_record
from complaintdesk.complaints.choices import Status
from complaintdesk.complaints.errors import Conflict, InvalidInput, MissingRequirement
from complaintdesk.complaints.models import Complaint, Department, Respondent
from complaintdesk.learning.choices import ACTION_MOVES, ActionOrigin, ActionStatus, Verdict
from complaintdesk.learning.models import (
    ActionStatusChange,
    ComplaintRootCause,
    ImprovementAction,
    MeetingDecision,
    OrderVolume,
    OverdueAlert,
    ReviewMeeting,
    RootCause,
)
from complaintdesk.learning.permissions import (
    ensure_can_hold_meetings,
    ensure_can_manage_actions,
    ensure_can_move_action,
    not_found,
)
from complaintdesk.learning.selectors import Scope

SETTLED = frozenset({Status.RESOLVED, Status.CLOSED})


def _user_id(actor: Actor) -> int:
    """Actions and meetings are a person's: an actor without a user cannot create them."""
    if actor.user_id is None:
        raise not_found()
    return actor.user_id


def _snapshot(record: ComplaintRootCause | None) -> dict[str, Any] | None:
    if record is None:
        return None
    return {
        "root_cause": record.root_cause.code,
        "department": record.department.code if record.department else "",
        "respondent": record.respondent.code if record.respondent else "",
    }


@transaction.atomic
def root_cause_set(
    *,
    complaint: Complaint,
    actor: Actor,
    root_cause: RootCause,
    department: Department | None,
    respondent: Respondent | None,
    reason: str = "",
    suggested: bool = False,
) -> ComplaintRootCause:
    """Record the root cause and who is responsible; a second call is a correction and needs
    a reason. Either a department or a respondent is required."""
    if department is None and respondent is None:
        raise MissingRequirement(
            _("Name the responsible department or respondent."),
            {"missing": ["department", "respondent"]},
        )
    if root_cause.industry and complaint.industry and root_cause.industry != complaint.industry:
        raise InvalidInput(
            _(
                "This root cause belongs to another industry; choose one offered for this "
                "complaint."
            ),
            {"field": "root_cause"},
        )
    # The complaint's row is locked first, so two people recording at once are served in
    # turn and the second sees the first's record as the value before.
    Complaint.objects.select_for_update().only("pk").get(pk=complaint.pk)
    record = (
        ComplaintRootCause.objects.select_related("root_cause", "department", "respondent")
        .filter(complaint=complaint)
        .first()
    )
    before = _snapshot(record)
    after = {
        "root_cause": root_cause.code,
        "department": department.code if department else "",
        "respondent": respondent.code if respondent else "",
    }
    if before == after:
        raise InvalidInput(_("It already has this root cause."), {"field": "root_cause"})
    complaint_root_cause_record(
        complaint=complaint, actor=actor, before=before, after=after, reason=reason
    )
    if record is None:
        record = ComplaintRootCause(complaint=complaint)
    record.root_cause = root_cause
    record.department = department
    record.respondent = respondent
    record.suggested = suggested
    record.set_by_id = actor.user_id
    record.set_at = timezone.now()
    record.save()
    return record


@dataclass(frozen=True)
class Measured:
    """A metric measured over one period: the count (or hits), its base (orders, days,
    complaints, answers), and the value as reported."""

    start: dt.datetime
    end: dt.datetime
    numerator: int
    denominator: int | None
    value: float | None


@dataclass(frozen=True)
class ActionDraft:
    """What a person gives to create or edit an action."""

    title: str
    description: str
    owner: AbstractBaseUser
    due_date: dt.date
    metric: str
    period_days: int
    scope: Scope
    complaint_ids: list[int]


def _record_move(
    action: ImprovementAction, *, to: str, actor: Actor | None, at: dt.datetime, note: str = ""
) -> ActionStatusChange:
    return ActionStatusChange.objects.create(
        action=action,
        from_status=action.status if action.pk else "",
        to_status=to,
        by_id=actor.user_id if actor else None,
        at=at,
        note=note,
    )


@transaction.atomic
def action_create(
    *,
    actor: Actor,
    draft: ActionDraft,
    origin: str,
    baseline: Measured,
    root_cause: RootCause | None = None,
    alert_id: int | None = None,
    at: dt.datetime | None = None,
) -> ImprovementAction:
    """Create a planned action with its baseline (measured by the caller as of ``at``, now by
    default: an action recorded after the fact keeps the date it was really started)."""
    ensure_can_manage_actions(actor)
    if origin not in ActionOrigin.values:
        raise InvalidInput(_("Unknown origin."), {"field": "origin"})
    now = at or timezone.now()
    action = ImprovementAction(
        origin=origin,
        root_cause=root_cause,
        alert_id=alert_id,
        status=ActionStatus.PLANNED,
        created_by_id=_user_id(actor),
        created_at=now,
        updated_at=now,
    )
    _apply_draft(action, draft)
    _apply_baseline(action, baseline)
    action.save()
    action.complaints.set(draft.complaint_ids)
    ActionStatusChange.objects.create(
        action=action,
        from_status="",
        to_status=ActionStatus.PLANNED,
        by_id=actor.user_id,
        at=now,
        note="",
    )
    return action


def _apply_draft(action: ImprovementAction, draft: ActionDraft) -> None:
    action.title = draft.title.strip()
    action.description = draft.description.strip()
    action.owner = draft.owner  # type: ignore[assignment]
    action.due_date = draft.due_date
    action.metric = draft.metric
    action.period_days = draft.period_days
    action.scope_category = draft.scope.category
    action.scope_item = draft.scope.item
    action.scope_respondent_id = draft.scope.respondent_id
    action.scope_department_id = draft.scope.department_id


def _apply_baseline(action: ImprovementAction, baseline: Measured) -> None:
    action.baseline_start = baseline.start
    action.baseline_end = baseline.end
    action.baseline_numerator = baseline.numerator
    action.baseline_denominator = baseline.denominator
    action.baseline_value = baseline.value


@transaction.atomic
def action_update(
    *, action: ImprovementAction, actor: Actor, draft: ActionDraft, baseline: Measured | None
) -> ImprovementAction:
    """Edit an action before it is done; a new scope, metric or period comes with its new
    baseline (``None``: they did not change)."""
    ensure_can_manage_actions(actor)
    action = ImprovementAction.objects.select_for_update().get(pk=action.pk)
    if action.status in (ActionStatus.DONE, ActionStatus.EVALUATED):
        raise Conflict(_("A done action cannot be edited; move it back to in progress first."))
    _apply_draft(action, draft)
    if baseline is not None:
        _apply_baseline(action, baseline)
    action.updated_at = timezone.now()
    action.save()
    action.complaints.set(draft.complaint_ids)
    return action


@transaction.atomic
def action_move(
    *,
    action: ImprovementAction,
    actor: Actor,
    to: str,
    note: str = "",
    at: dt.datetime | None = None,
) -> ImprovementAction:
    """planned → in progress → done (and back a step); each change is a status-change row.
    ``at``: when it really happened, if it is recorded later (not before the action was
    created, not in the future); the effect is measured from a done action's ``at``."""
    ensure_can_move_action(actor, action.owner_id)
    action = ImprovementAction.objects.select_for_update().get(pk=action.pk)
    if to not in ACTION_MOVES.get(action.status, frozenset()):
        raise Conflict(
            _("An action cannot move from “%(from)s” to “%(to)s”.")
            % {
                "from": ActionStatus(action.status).label,
                "to": ActionStatus(to).label if to in ActionStatus.values else to,
            },
            {"allowed": sorted(ACTION_MOVES.get(action.status, frozenset()))},
        )
    now = at or timezone.now()
    if now > timezone.now() or now < action.created_at:
        raise InvalidInput(
            _("The date must lie between the action's creation and now."), {"field": "at"}
        )
    _record_move(action, to=to, actor=actor, at=now, note=note.strip())
    action.status = to
    action.done_at = now if to == ActionStatus.DONE else None
    action.updated_at = now
    action.save(update_fields=["status", "done_at", "updated_at"])
    return action


@transaction.atomic
def action_evaluate(
    *, action_id: int, after: Measured, change: float | None, p_value: float | None, verdict: str
) -> ImprovementAction | None:
    """Store the measured effect and move the action to ``evaluated``; ``None`` when another
    worker measured it first (the row is claimed by its status)."""
    if verdict not in Verdict.values:
        raise InvalidInput(_("Unknown verdict."), {"field": "verdict"})
    action = (
        ImprovementAction.objects.select_for_update()
        .filter(pk=action_id, status=ActionStatus.DONE)
        .first()
    )
    if action is None:
        return None
    now = timezone.now()
    _record_move(action, to=ActionStatus.EVALUATED, actor=None, at=now)
    action.status = ActionStatus.EVALUATED
    action.effect_start, action.effect_end = after.start, after.end
    action.effect_numerator, action.effect_denominator = after.numerator, after.denominator
    action.effect_value = after.value
    action.effect_change, action.effect_p_value, action.verdict = change, p_value, verdict
    action.evaluated_at = now
    action.updated_at = now
    action.save()
    return action


def overdue_claim(*, action: ImprovementAction, day: dt.date) -> bool:
    """Claim today's overdue alert of an action; False when it was already raised today."""
    try:
        with transaction.atomic():
            OverdueAlert.objects.create(action=action, day=day, created_at=timezone.now())
    except IntegrityError:
        return False
    return True


def order_volume_add(
    *, actor: Actor, start: dt.date, end: dt.date, orders: int, scope: Scope
) -> OrderVolume:
    """Record the orders of a period and scope (for complaints per 1,000 orders)."""
    ensure_can_manage_actions(actor)
    if end < start:
        raise InvalidInput(_("The period ends before it starts."), {"field": "period_end"})
    return OrderVolume.objects.create(
        period_start=start,
        period_end=end,
        orders=orders,
        item=scope.item,
        respondent_id=scope.respondent_id,
        department_id=scope.department_id,
    )


@transaction.atomic
def meeting_create(
    *,
    actor: Actor,
    title: str,
    held_on: dt.date,
    period_start: dt.date,
    period_end: dt.date,
    scope: Scope,
) -> ReviewMeeting:
    ensure_can_hold_meetings(actor)
    if period_end < period_start:
        raise InvalidInput(_("The period ends before it starts."), {"field": "period_end"})
    return ReviewMeeting.objects.create(
        title=title.strip(),
        held_on=held_on,
        period_start=period_start,
        period_end=period_end,
        scope_category=scope.category,
        scope_department_id=scope.department_id,
        created_by_id=_user_id(actor),
        created_at=timezone.now(),
    )


def meeting_minutes_save(*, meeting: ReviewMeeting, actor: Actor, minutes: str) -> ReviewMeeting:
    ensure_can_hold_meetings(actor)
    meeting.minutes = minutes.strip()
    meeting.save(update_fields=["minutes"])
    return meeting


def meeting_cases_set(*, meeting: ReviewMeeting, actor: Actor, complaints: list[Complaint]) -> None:
    """The resolved complaints chosen to discuss at the meeting."""
    ensure_can_hold_meetings(actor)
    open_ones = [c.number for c in complaints if c.status not in SETTLED]
    if open_ones:
        raise InvalidInput(
            _("Only resolved or closed complaints can be discussed as cases: %(numbers)s.")
            % {"numbers": ", ".join(open_ones)},
            {"numbers": open_ones},
        )
    meeting.cases.set(complaints)


def decision_add(*, meeting: ReviewMeeting, actor: Actor, text: str) -> MeetingDecision:
    ensure_can_hold_meetings(actor)
    if not text.strip():
        raise MissingRequirement(_("Write the decision."), {"missing": ["text"]})
    return MeetingDecision.objects.create(
        meeting=meeting, text=text.strip(), created_at=timezone.now()
    )


def decision_link_action(*, decision: MeetingDecision, action: ImprovementAction) -> None:
    if decision.action_id is not None:
        raise Conflict(_("This decision is already an improvement action."))
    decision.action = action
    decision.save(update_fields=["action"])
