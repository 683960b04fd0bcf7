"""The demo's learning data: the root cause recorded with each resolution, two improvement
actions (one whose effect has been measured) and one review meeting with cases, minutes and a
decision. Everything goes through the workflows, like the rest of the demo."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import Status
from complaintdesk.complaints.models import Complaint, Department
from complaintdesk.learning.choices import ActionOrigin, ActionStatus, Metric
from complaintdesk.learning.models import RootCause
from complaintdesk.learning.selectors import Scope
from complaintdesk.learning.services import (
    ActionDraft,
    action_move,
    decision_add,
    meeting_cases_set,
    meeting_create,
    meeting_minutes_save,
)
from complaintdesk.workflows.improvement import action_start, effects_measure, overdue_alerts
from complaintdesk.workflows.root_cause import RootCauseInput

#: The root cause of each demo story, by its template's title.
ROOT_CAUSES = {
    "快递一直不更新": "logistics_partner",
    "收到的商品与描述不符": "listing_inaccurate",
    "同一笔订单被扣了两次钱": "billing_error",
    "买到假货要求赔偿": "merchant_conduct",
    "课程视频无法播放": "platform_fault",
    "申请退还剩余课时费用": "refund_terms",
    "自动续费没有提醒": "policy_unclear",
    "老师上课态度差": "teacher",
    "骑手送餐超时还态度恶劣": "rider_conduct",
    "外卖吃出异物后腹泻": "restaurant_quality",
    "少送了餐品": "restaurant_quality",
    "理赔被拒不合理": "claim_rules",
    "退保扣费太多": "mis_selling",
    "保单信息被泄露": "process_gap",
}
#: When triage read the complaint as another industry than the story's: a cause of every
#: industry, by category.
GENERAL_BY_CATEGORY = {
    "technical": "platform_fault",
    "billing": "billing_error",
    "misdescription": "misleading_advertising",
    "service": "staff_attitude",
    "contract": "policy_unclear",
}


def demo_root_cause(complaint: Complaint, story: str, department_code: str) -> RootCauseInput:
    """The root cause a demo complaint is resolved with, its department responsible."""
    cause = RootCause.objects.get(code=ROOT_CAUSES.get(story, "process_gap"))
    if cause.industry and complaint.industry and cause.industry != complaint.industry:
        cause = RootCause.objects.get(
            code=GENERAL_BY_CATEGORY.get(complaint.category, "process_gap")
        )
    return RootCauseInput(
        root_cause=cause,
        department=Department.objects.get(code=department_code),
        respondent=None,
    )


def demo_learning(actors: dict[str, Actor]) -> None:
    """Two actions and one meeting over the demo's complaints."""
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["supervisor", "tech", "agent"])
    }
    supervisor = actors["supervisor"]
    now = timezone.now()
    measured = action_start(
        actor=supervisor,
        draft=ActionDraft(
            title="课程播放器改用自适应码率",
            description="教学部与技术部排查视频无法播放的问题，更换播放器并对弱网做自适应码率。",
            owner=users["tech"],
            due_date=(now - dt.timedelta(days=16)).date(),
            metric=Metric.COUNT,
            period_days=14,
            scope=Scope(category="technical"),
            complaint_ids=list(
                Complaint.objects.filter(category="technical")
                .order_by("id")
                .values_list("pk", flat=True)[:5]
            ),
        ),
        origin=ActionOrigin.ROOT_CAUSE,
        root_cause=RootCause.objects.get(code="platform_fault"),
        at=now - dt.timedelta(days=28),
    )
    action_move(
        action=measured,
        actor=supervisor,
        to=ActionStatus.IN_PROGRESS,
        at=now - dt.timedelta(days=25),
    )
    action_move(
        action=measured,
        actor=supervisor,
        to=ActionStatus.DONE,
        note="新播放器已全量上线。",
        at=now - dt.timedelta(days=14),
    )
    effects_measure(now=now)
    action_start(
        actor=supervisor,
        draft=ActionDraft(
            title="骑手配送超时的调度规则复核",
            description="与配送站核对高峰期派单规则。",
            owner=users["agent"],
            due_date=(now - dt.timedelta(days=2)).date(),
            metric=Metric.COUNT,
            period_days=30,
            scope=Scope(category="logistics"),
            complaint_ids=[],
        ),
        origin=ActionOrigin.ROOT_CAUSE,
        root_cause=RootCause.objects.get(code="rider_conduct"),
    )
    today = timezone.localdate()
    meeting = meeting_create(
        actor=supervisor,
        title="月度投诉复盘会",
        held_on=today,
        period_start=today - dt.timedelta(days=30),
        period_end=today,
        scope=Scope(),
    )
    cases = list(
        Complaint.objects.filter(status__in=[Status.RESOLVED, Status.CLOSED]).order_by(
            "-received_at"
        )[:3]
    )
    meeting_cases_set(meeting=meeting, actor=supervisor, complaints=cases)
    meeting_minutes_save(
        meeting=meeting,
        actor=supervisor,
        minutes=("技术部汇报新播放器上线后的视频故障投诉变化；物流部说明骑手超时投诉的主要时段。"),
    )
    decision_add(
        meeting=meeting,
        actor=supervisor,
        text="客服部两周内更新自动续费提醒话术，并在续费前三天短信提醒。",
    )
    overdue_alerts()  # the overdue action's alert, on the desk and in the outbox
