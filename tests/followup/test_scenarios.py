"""The loop closed with the customer, scenario by scenario, through the workflows with a
frozen clock: solved and rated, not solved and reopened, silence across a holiday, a low
score, return calls reached, unreached and recurring."""

from __future__ import annotations

import pytest
from django.core import mail as _mail  # noqa: F401 - the locmem backend is the default in tests

from complaintdesk.complaints.choices import EventKind, Status
from complaintdesk.complaints.models import Complaint, ComplaintEvent
from complaintdesk.followup.choices import (
    AnswerChannel,
    CallOutcome,
    CallReason,
    CallState,
    ConfirmationState,
    SurveyState,
)
from complaintdesk.followup.models import Confirmation, ReturnCall, Survey
from complaintdesk.followup.selectors import survey_link_find
from complaintdesk.followup.services import SurveyAnswer
from complaintdesk.notify.models import Notification, OutboundEmail
from complaintdesk.sla.models import Clock
from complaintdesk.workflows.followup import (
    CallReport,
    call_outcome,
    confirm,
    followup_pass,
    survey_submit,
)
from tests.followup.conftest import customer_of, sh, survey_token

pytestmark = pytest.mark.django_db


def kinds(complaint: Complaint) -> list[str]:
    return list(
        ComplaintEvent.objects.filter(complaint=complaint).values_list("kind", flat=True)
    )


def test_solved_then_five_stars(resolved, frozen):
    frozen(sh(2026, 11, 2, 10))
    complaint = resolved()
    asked = Confirmation.objects.get(complaint=complaint)
    assert asked.state == ConfirmationState.ASKED
    assert asked.closes_at == sh(2026, 11, 11, 18)  # 7 working days, Civil Code counting
    survey = Survey.objects.get(complaint=complaint)
    assert (survey.state, survey.agent.username, survey.has_remedy) == ("pending", "agent", False)

    frozen(sh(2026, 11, 2, 10, 1))
    assert followup_pass().invited == 1
    token = survey_token(complaint)
    invitation = OutboundEmail.objects.get(complaint=complaint, kind="survey")
    assert "2026年11月11日 18:00" in invitation.body
    survey.refresh_from_db()
    assert survey.reminder_due_at == sh(2026, 11, 5, 18)

    confirm(complaint=complaint, actor=customer_of(complaint), solved=True, reason="",
            via=AnswerChannel.MAIL_LINK)
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    link = survey_link_find(token)
    answered = survey_submit(
        survey=link.survey, actor=customer_of(complaint),
        answer=SurveyAnswer(score=5, comment="处理很快，谢谢！", remedy_fair=None),
        via=AnswerChannel.MAIL_LINK, link=link,
    )
    survey.refresh_from_db()
    assert (survey.state, survey.score, survey.comment) == ("answered", 5, "处理很快，谢谢！")
    assert answered.token and not answered.low_first
    assert ReturnCall.objects.filter(complaint=complaint).count() == 0
    assert Notification.objects.filter(kind="low_score").count() == 0
    frozen(sh(2026, 11, 20, 10))
    again = followup_pass()
    assert (again.invited, again.reminded, again.closed) == (0, 0, 0)
    assert kinds(complaint).count(EventKind.SURVEY_SENT) == 1
    assert EventKind.CONFIRMATION_ANSWERED in kinds(complaint)


def test_not_solved_reopens_with_the_answer_clock_restarted(resolved, frozen):
    frozen(sh(2026, 11, 2, 10))
    complaint = resolved()
    answer = Clock.objects.get(complaint=complaint, kind="answer")
    assert answer.state == "met"

    frozen(sh(2026, 11, 4, 15))
    confirm(complaint=complaint, actor=customer_of(complaint), solved=False,
            reason="退款还没有到账。", via=AnswerChannel.PORTAL)
    complaint.refresh_from_db()
    assert complaint.status == Status.REOPENED
    answer.refresh_from_db()
    assert answer.state == "running"
    assert answer.started_at == sh(2026, 11, 4, 15)
    assert answer.target_at > sh(2026, 11, 4, 15)
    asked = Confirmation.objects.get(complaint=complaint)
    assert (asked.state, asked.reason) == ("not_solved", "退款还没有到账。")
    reopened = ComplaintEvent.objects.get(complaint=complaint, to_status=Status.REOPENED)
    assert "退款还没有到账" in reopened.data["reason"]
    # While reopened, the survey is neither sent nor reminded.
    assert followup_pass().invited == 0


def test_silence_closes_after_seven_working_days_across_national_day(resolved, frozen):
    frozen(sh(2026, 9, 29, 10))
    complaint = resolved()
    asked = Confirmation.objects.get(complaint=complaint)
    # 09-30 is day 1; 10-01..10-07 is the holiday; 10-08, 10-09, the make-up Saturday 10-10,
    # 10-12, 10-13 are days 2–6; Wednesday 10-14 is day 7.
    assert asked.closes_at == sh(2026, 10, 14, 18)
    frozen(sh(2026, 10, 14, 17, 59))
    assert followup_pass().closed == 0
    frozen(sh(2026, 10, 14, 18))
    assert followup_pass().closed == 1
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    closing = ComplaintEvent.objects.get(complaint=complaint, to_status=Status.CLOSED)
    assert closing.actor_id is None
    assert "2026-10-14 18:00" in closing.data["reason"]
    assert EventKind.CONFIRMATION_EXPIRED in kinds(complaint)
    asked.refresh_from_db()
    assert asked.state == ConfirmationState.EXPIRED
    assert followup_pass().closed == 0


def test_score_one_tells_the_supervisor_and_opens_a_follow_up_call(resolved, frozen, personas):
    personas["supervisor"].user.email = "boss@example.com"
    personas["supervisor"].user.save()
    frozen(sh(2026, 11, 6, 16))  # a Friday
    complaint = resolved()
    followup_pass()
    link = survey_link_find(survey_token(complaint))
    answered = survey_submit(
        survey=link.survey, actor=customer_of(complaint),
        answer=SurveyAnswer(score=1, comment="客服态度很差", remedy_fair=None),
        via=AnswerChannel.MAIL_LINK, link=link,
    )
    assert answered.low_first
    call = ReturnCall.objects.get(complaint=complaint)
    assert (call.reason, call.state, call.assignee.username) == ("low_score", "scheduled", "agent")
    assert call.due_on.isoformat() == "2026-11-09"  # the next working day: Monday
    notice = Notification.objects.get(kind="low_score")
    assert notice.user == personas["supervisor"].user
    assert "1" in notice.text and complaint.number in notice.text
    assert OutboundEmail.objects.filter(kind="staff", to_address="boss@example.com").count() == 1
    # Changing the answer within the window is allowed; the supervisors are told only once.
    survey = Survey.objects.get(complaint=complaint)
    changed = survey_submit(
        survey=survey, actor=customer_of(complaint),
        answer=SurveyAnswer(score=2, comment="", remedy_fair=None), via=AnswerChannel.PORTAL,
    )
    assert not changed.low_first
    survey.refresh_from_db()
    assert (survey.score, survey.changed_at is not None) == (2, True)
    assert Notification.objects.filter(kind="low_score").count() == 1
    assert ReturnCall.objects.filter(complaint=complaint).count() == 1


def test_remedy_plans_a_return_call_three_working_days_later_reached_satisfied(
    resolved, frozen, actors
):
    frozen(sh(2026, 11, 5, 11))  # Thursday
    complaint = resolved(has_remedy=True)
    call = ReturnCall.objects.get(complaint=complaint)
    assert (call.reason, call.due_on.isoformat()) == (CallReason.REMEDY, "2026-11-10")
    assert call.script.startswith("1.")
    assert Survey.objects.get(complaint=complaint).has_remedy
    frozen(sh(2026, 11, 10, 9, 30))
    call_outcome(call=call, actor=actors["agent"],
                 report=CallReport(reached=True, outcome=CallOutcome.SATISFIED, notes="已到账"))
    call.refresh_from_db()
    assert (call.state, call.outcome, call.attempts) == ("done", "satisfied", 1)
    assert EventKind.RETURN_CALL_COMPLETED in kinds(complaint)


def test_return_call_unreached_three_times_is_closed_as_unreached(resolved, frozen, actors):
    frozen(sh(2026, 11, 2, 10))
    complaint = resolved(priority="high")
    call = ReturnCall.objects.get(complaint=complaint)
    assert call.reason == CallReason.HIGH_PRIORITY
    due_days = []
    for moment in (sh(2026, 11, 5, 10), sh(2026, 11, 6, 10), sh(2026, 11, 9, 10)):
        frozen(moment)
        call.refresh_from_db()
        due_days.append(call.due_on.isoformat())
        call_outcome(call=call, actor=actors["agent"],
                     report=CallReport(reached=False, notes="无人接听"))
    call.refresh_from_db()
    assert due_days == ["2026-11-05", "2026-11-06", "2026-11-09"]
    assert (call.state, call.attempts) == (CallState.UNREACHED, 3)
    assert kinds(complaint).count(EventKind.RETURN_CALL_ATTEMPTED) == 2
    assert kinds(complaint).count(EventKind.RETURN_CALL_UNREACHED) == 1


def test_return_call_finds_the_issue_recurring_and_reopens(resolved, frozen, actors):
    frozen(sh(2026, 11, 2, 10))
    complaint = resolved(has_remedy=True)
    call = ReturnCall.objects.get(complaint=complaint)
    frozen(sh(2026, 11, 5, 10))
    call_outcome(call=call, actor=actors["agent"],
                 report=CallReport(reached=True, outcome=CallOutcome.RECURRING,
                                   notes="换的新耳机又没声音了"))
    complaint.refresh_from_db()
    assert complaint.status == Status.REOPENED
    reopened = ComplaintEvent.objects.get(complaint=complaint, to_status=Status.REOPENED)
    assert "换的新耳机又没声音了" in reopened.data["reason"]
    assert Clock.objects.get(complaint=complaint, kind="answer").state == "running"
    # Staff reopened it: the customer's confirmation is withdrawn, not answered for them.
    assert Confirmation.objects.get(complaint=complaint).state == ConfirmationState.WITHDRAWN


def test_return_call_new_issue_opens_a_linked_complaint(resolved, frozen, actors):
    frozen(sh(2026, 11, 2, 10))
    complaint = resolved(has_remedy=True)
    call = ReturnCall.objects.get(complaint=complaint)
    frozen(sh(2026, 11, 5, 10))
    call_outcome(call=call, actor=actors["agent"],
                 report=CallReport(reached=True, outcome=CallOutcome.NEW_ISSUE,
                                   new_issue="充电盒也无法充电。"))
    call.refresh_from_db()
    new = call.new_complaint
    assert new is not None and new.customer_id == complaint.customer_id
    assert (new.channel, new.text) == ("phone", "充电盒也无法充电。")
    linked = ComplaintEvent.objects.get(complaint=new, kind=EventKind.LINKED)
    assert linked.data["number"] == complaint.number
    assert ComplaintEvent.objects.get(complaint=complaint, kind=EventKind.LINKED).data[
        "number"] == new.number


def test_reminder_goes_once_after_three_working_days(resolved, frozen):
    frozen(sh(2026, 11, 2, 10))
    complaint = resolved()
    followup_pass()
    frozen(sh(2026, 11, 5, 17, 59))
    assert followup_pass().reminded == 0
    frozen(sh(2026, 11, 5, 18))
    assert followup_pass().reminded == 1
    assert followup_pass().reminded == 0
    reminder = OutboundEmail.objects.get(complaint=complaint, kind="survey_reminder")
    assert survey_token(complaint, "survey_reminder") != survey_token(complaint)
    assert "/s/" in reminder.body


def test_a_customer_without_email_is_asked_on_the_tracking_page_only(resolved, frozen):
    frozen(sh(2026, 11, 2, 10))
    complaint = resolved(email="")
    assert followup_pass().invited == 0
    survey = Survey.objects.get(complaint=complaint)
    assert (survey.by_mail, survey.state) == (False, SurveyState.PENDING)
    survey_submit(survey=survey, actor=customer_of(complaint),
                  answer=SurveyAnswer(score=4, comment="", remedy_fair=None),
                  via=AnswerChannel.PORTAL)
    survey.refresh_from_db()
    assert survey.score == 4
