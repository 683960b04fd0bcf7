"""Improvement actions (整改措施): created with a baseline measured from the data at that
moment; measured again automatically over an equal period after they are done; overdue ones
alert their owner and the supervisors once a day.

A metric over a period reads the scope's complaints (learning) and, depending on the metric,
their orders (learning), executed refunds (resolution), clock states (sla) or survey answers
(followup); the comparison is :mod:`complaintdesk.learning.stats`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import Category
from complaintdesk.complaints.errors import InvalidInput
from complaintdesk.complaints.selectors import (
    complaint_get,
    department_get,
    respondent_get,
    user_get,
)
from complaintdesk.followup.selectors import satisfaction_among
from complaintdesk.learning.choices import ActionOrigin, Metric, Verdict
from complaintdesk.learning.models import ImprovementAction, MeetingDecision, RootCause
from complaintdesk.learning.selectors import (
    Scope,
    actions_due_for_evaluation,
    actions_overdue,
    complaints_in,
    orders_in,
    root_cause_get,
)
from complaintdesk.learning.services import (
    ActionDraft,
    Measured,
    action_create,
    action_evaluate,
    action_update,
    decision_link_action,
    overdue_claim,
)
from complaintdesk.learning.stats import Comparison, poisson_rates, two_proportions
from complaintdesk.notify.services import report_mail_queue
from complaintdesk.resolution.selectors import refunded_among
from complaintdesk.sla.selectors import clock_states_for
from complaintdesk.workflows.insights_alerts import managers

DAYS_PER_MONTH = 30


@dataclass(frozen=True)
class ActionForm:
    """An action as a form or the API sends it: codes and numbers, not objects."""

    title: str
    owner: str  # username
    due_date: dt.date
    metric: str
    description: str = ""
    period_days: int = 90
    category: str = ""
    item: str = ""
    respondent: str = ""  # code
    department: str = ""  # code
    complaints: tuple[str, ...] = ()  # numbers
    root_cause: str = ""  # code


def action_draft(*, actor: Actor, form: ActionForm) -> ActionDraft:
    """The objects behind a form's codes; a clear error for each unknown or bad value."""
    if not form.title.strip():
        raise InvalidInput(_("Give the action a title."), {"field": "title"})
    if form.metric not in Metric.values:
        raise InvalidInput(_("Choose a target metric."), {"field": "metric"})
    if form.category and form.category not in Category.values:
        raise InvalidInput(_("Unknown category."), {"field": "category"})
    if not 7 <= form.period_days <= 366:
        raise InvalidInput(_("The measurement period is 7 to 366 days."), {"field": "period_days"})
    owner = user_get(form.owner)
    if not getattr(owner, "is_active", False):
        raise InvalidInput(_("The owner must be an active user."), {"field": "owner"})
    complaints = [complaint_get(actor=actor, number=n) for n in dict.fromkeys(form.complaints)]
    return ActionDraft(
        title=form.title,
        description=form.description,
        owner=owner,
        due_date=form.due_date,
        metric=form.metric,
        period_days=form.period_days,
        scope=Scope(
            category=form.category,
            item=form.item.strip(),
            respondent_id=respondent_get(form.respondent).pk if form.respondent else None,
            department_id=department_get(form.department).pk if form.department else None,
        ),
        complaint_ids=[c.pk for c in complaints],
    )


def measure(*, metric: str, scope: Scope, start: dt.datetime, end: dt.datetime) -> Measured:
    """The metric over [start, end): counts are complaints in the period (per 1,000 orders
    when orders were recorded); rates are hits among the period's complaints (or answers)."""
    ids = list(complaints_in(scope=scope, start=start, end=end).values_list("pk", flat=True))
    count = len(ids)
    days = max(1, round((end - start).total_seconds() / 86400))
    if metric == Metric.COUNT:
        return Measured(start, end, count, days, float(count))
    if metric == Metric.PER_THOUSAND_ORDERS:
        local = timezone.localtime
        orders = orders_in(
            scope=scope,
            start=local(start).date(),
            end=(local(end) - dt.timedelta(seconds=1)).date(),
        )
        value = count / orders * 1000 if orders else None
        return Measured(start, end, count, orders, value)
    if metric == Metric.REFUND_RATE:
        hits = refunded_among(ids)
        return Measured(start, end, hits, count, hits / count if count else None)
    if metric == Metric.BREACH_RATE:
        states = clock_states_for(complaint_ids=ids)
        hits = sum(1 for kinds in states.values() if "breached" in kinds.values())
        with_clocks = len(states)
        return Measured(start, end, hits, with_clocks, hits / with_clocks if with_clocks else None)
    if metric == Metric.CSAT:
        answered, satisfied = satisfaction_among(ids)
        return Measured(start, end, satisfied, answered, satisfied / answered if answered else None)
    raise InvalidInput(_("Unknown metric."), {"field": "metric"})


def compare(*, metric: str, before: Measured, after: Measured) -> Comparison:
    """Is the change from ``before`` to ``after`` beyond the noise of the before-period?"""
    if metric == Metric.COUNT:
        return poisson_rates(
            before=before.numerator,
            after=after.numerator,
            exposure_before=float(before.denominator or 0),
            exposure_after=float(after.denominator or 0),
            scale=float(before.denominator or 1),
        )
    if metric == Metric.PER_THOUSAND_ORDERS:
        return poisson_rates(
            before=before.numerator,
            after=after.numerator,
            exposure_before=float(before.denominator or 0),
            exposure_after=float(after.denominator or 0),
            scale=1000.0,
        )
    return two_proportions(
        hits_before=before.numerator,
        n_before=before.denominator or 0,
        hits_after=after.numerator,
        n_after=after.denominator or 0,
    )


def baseline_at(*, metric: str, scope: Scope, period_days: int, now: dt.datetime) -> Measured:
    """The metric over the ``period_days`` before ``now``."""
    return measure(metric=metric, scope=scope, start=now - dt.timedelta(days=period_days), end=now)


@transaction.atomic
def action_start(
    *,
    actor: Actor,
    draft: ActionDraft,
    origin: str,
    root_cause: RootCause | None = None,
    alert_id: int | None = None,
    decision: MeetingDecision | None = None,
    at: dt.datetime | None = None,
) -> ImprovementAction:
    """Create an action: its baseline is measured now (or as of ``at``, for an action
    recorded after the fact), over the period before."""
    now = at or timezone.now()
    baseline = baseline_at(
        metric=draft.metric, scope=draft.scope, period_days=draft.period_days, now=now
    )
    action = action_create(
        actor=actor,
        draft=draft,
        origin=ActionOrigin.MEETING if decision else origin,
        baseline=baseline,
        root_cause=root_cause,
        alert_id=alert_id,
        at=now,
    )
    if decision is not None:
        decision_link_action(decision=decision, action=action)
    return action


@transaction.atomic
def action_open(
    *,
    actor: Actor,
    form: ActionForm,
    origin: str,
    alert_id: int | None = None,
    decision: MeetingDecision | None = None,
) -> ImprovementAction:
    """:func:`action_start` from a form's codes."""
    cause = root_cause_get(form.root_cause) if form.root_cause else None
    if form.root_cause and cause is None:
        raise InvalidInput(
            _("No active root cause with code %(code)s.") % {"code": form.root_cause},
            {"field": "root_cause"},
        )
    return action_start(
        actor=actor,
        draft=action_draft(actor=actor, form=form),
        origin=origin,
        root_cause=cause,
        alert_id=alert_id,
        decision=decision,
    )


@transaction.atomic
def action_edit(
    *, action: ImprovementAction, actor: Actor, draft: ActionDraft
) -> ImprovementAction:
    """Edit an action; a new metric, scope or period measures the baseline again."""
    measured_again = (
        draft.metric != action.metric
        or draft.period_days != action.period_days
        or draft.scope != Scope.of_action(action)
    )
    baseline = (
        baseline_at(
            metric=draft.metric,
            scope=draft.scope,
            period_days=draft.period_days,
            now=timezone.now(),
        )
        if measured_again
        else None
    )
    return action_update(action=action, actor=actor, draft=draft, baseline=baseline)


@dataclass(frozen=True)
class Evaluated:
    action: ImprovementAction
    comparison: Comparison


def action_measure_effect(action: ImprovementAction) -> Evaluated | None:
    """Measure a done action's effect over the period after its done date (as long as its
    baseline) and mark it evaluated."""
    if action.done_at is None:
        return None
    length = action.baseline_end - action.baseline_start
    before = Measured(
        action.baseline_start,
        action.baseline_end,
        action.baseline_numerator,
        action.baseline_denominator,
        action.baseline_value,
    )
    after = measure(
        metric=action.metric,
        scope=Scope.of_action(action),
        start=action.done_at,
        end=action.done_at + length,
    )
    comparison = compare(metric=action.metric, before=before, after=after)
    if comparison.p_value is None:
        verdict = Verdict.NO_DATA
    else:
        verdict = Verdict.BEYOND_NOISE if comparison.beyond_noise else Verdict.WITHIN_NOISE
    evaluated = action_evaluate(
        action_id=action.pk,
        after=after,
        change=comparison.change,
        p_value=comparison.p_value,
        verdict=verdict,
    )
    return Evaluated(evaluated, comparison) if evaluated is not None else None


def effects_measure(now: dt.datetime | None = None) -> list[Evaluated]:
    """Every done action whose after-period has ended (the periodic job)."""
    now = now or timezone.now()
    results = []
    for action in actions_due_for_evaluation(now):
        result = action_measure_effect(action)
        if result is not None:
            results.append(result)
    return results


def _overdue_mail(action: ImprovementAction, recipient: AbstractBaseUser, day: dt.date) -> None:
    link = f"{settings.SITE_URL.rstrip('/')}/desk/learning/actions/{action.pk}/"
    with override(settings.LANGUAGE_CODE):
        report_mail_queue(
            recipient=recipient,
            subject=_("Improvement action overdue: %(title)s") % {"title": action.title},
            body=_(
                "The improvement action “%(title)s” (owner %(owner)s) was due on %(due)s and "
                "is not done. Its page: %(link)s"
            )
            % {
                "title": action.title,
                "owner": action.owner.get_username(),
                "due": action.due_date.isoformat(),
                "link": link,
            },
            key=f"action{action.pk}-overdue-{day.isoformat()}",
        )


@transaction.atomic
def overdue_alerts(today: dt.date | None = None) -> list[ImprovementAction]:
    """Alert the owner and the supervisors and admins of each overdue action, once per action
    per day (the desk shows the same alerts on the actions page)."""
    today = today or timezone.localdate()
    alerted = []
    people = managers()
    for action in actions_overdue(today):
        if not overdue_claim(action=action, day=today):
            continue
        recipients = {action.owner.pk: action.owner, **{p.pk: p for p in people}}
        for person in recipients.values():
            _overdue_mail(action, person, today)
        alerted.append(action)
    return alerted
