"""Loading demo data: one user per role and a few hundred complaints in every status.

Everything goes through the real intake and lifecycle services, so the timeline of each demo
complaint is what a real one would show.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import Channel, Role, Status
from complaintdesk.complaints.models import Complaint, Department, Membership
from complaintdesk.demo import oversight_and_cases
from complaintdesk.demo.content import (
    DISPUTE_QUESTIONS,
    GIVEN,
    RESPONDENTS,
    SURNAMES,
    TEMPLATES,
    Template,
)
from complaintdesk.demo.learning import demo_learning, demo_root_cause
from complaintdesk.followup.choices import AnswerChannel, CallState
from complaintdesk.followup.selectors import calls_of, survey_of
from complaintdesk.followup.services import SurveyAnswer
from complaintdesk.intake.services import CustomerData, IntakeRequest, OrderData, RespondentData
from complaintdesk.workflows.assign import assign
from complaintdesk.workflows.dispute import open_dispute
from complaintdesk.workflows.followup import call_schedule_by_staff, survey_submit
from complaintdesk.workflows.insights_feed import facts_refresh
from complaintdesk.workflows.receive import receive
from complaintdesk.workflows.reply import reply
from complaintdesk.workflows.transition import transition

DEPARTMENTS = [
    ("cs", "客服部", False),
    ("tech", "技术部", False),
    ("legal", "法务部", False),
    ("finance", "财务部", False),
    ("teaching", "教学部", False),
    ("logistics", "物流部", False),
    ("special", "专项小组", True),
]
USERS = [
    ("admin", Role.ADMIN, None),
    ("supervisor", Role.SUPERVISOR, "cs"),
    ("agent", Role.AGENT, "cs"),
    ("tech", Role.DEPARTMENT, "tech"),
    ("legal", Role.DEPARTMENT, "legal"),
    ("auditor", Role.AUDITOR, None),
    ("overseer", Role.OVERSEER, None),
]
# Who handles what the supervisor hands to each department, so "Mine" is not empty for the
# demo agent and the department staff on their first sign-in.
DEPARTMENT_HANDLERS = {"cs": "agent", "tech": "tech", "legal": "legal"}
# The path through the lifecycle that ends in each status.
PATHS: dict[str, list[str]] = {
    Status.NEW: [],
    Status.ACKNOWLEDGED: [Status.ACKNOWLEDGED],
    Status.IN_PROGRESS: [Status.ACKNOWLEDGED, Status.IN_PROGRESS],
    Status.WAITING_CUSTOMER: [Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.WAITING_CUSTOMER],
    Status.IN_DISPUTE: [Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.IN_DISPUTE],
    Status.RESOLVED: [Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.RESOLVED],
    Status.CLOSED: [Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED],
    Status.REOPENED: [Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.RESOLVED, Status.REOPENED],
    Status.REJECTED: [Status.REJECTED],
    Status.WITHDRAWN: [Status.ACKNOWLEDGED, Status.WITHDRAWN],
    Status.MERGED: [Status.ACKNOWLEDGED, Status.MERGED],
}
REASONS: dict[str, str] = {
    Status.WAITING_CUSTOMER: "请提供订单截图和商品照片。",
    Status.IN_DISPUTE: "商家对责任认定有异议，进入举证期。",
    Status.RESOLVED: "已与客户协商一致，按诉求处理完毕。",
    Status.REOPENED: "客户表示问题仍未解决。",
    Status.REJECTED: "不属于本平台受理范围，已告知客户向商家所在地市场监管部门反映。",
    Status.WITHDRAWN: "客户来电表示已与商家自行和解，撤回投诉。",
    Status.MERGED: "同一客户就同一订单重复投诉，合并处理。",
}
CHANNELS = [Channel.API, Channel.WEB, Channel.EMAIL, Channel.PHONE, Channel.PLATFORM, Channel.CHAT]


@dataclass(frozen=True)
class DemoSummary:
    created: bool
    complaints: int
    passwords: dict[str, str]


def demo_password(username: str) -> str:
    return f"demo-{username}-2026"


def _setup_people() -> dict[str, Actor]:
    departments = {
        code: Department.objects.get_or_create(
            code=code, defaults={"name": name, "is_special_team": special}
        )[0]
        for code, name, special in DEPARTMENTS
    }
    actors: dict[str, Actor] = {}
    user_model = get_user_model()
    for username, role, department_code in USERS:
        user = user_model.objects.create_user(
            username=username,
            password=demo_password(username),
            is_staff=role == Role.ADMIN,
            is_superuser=role == Role.ADMIN,
        )
        department = departments[department_code] if department_code else None
        Membership.objects.create(user=user, role=role, department=department)
        actors[username] = Actor(
            user_id=user.pk,
            role=role,
            department_id=department.pk if department else None,
            label=username,
        )
    return actors


def _intake(rng: random.Random, template: Template, received_at: dt.datetime) -> Complaint:
    item = rng.choice(template.items)
    amount = rng.choice(template.amounts)
    name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(["", *GIVEN])
    phone = f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
    text = template.text.format(item=item, amount=amount, days=rng.randint(2, 20))
    code, respondent_name, kind = rng.choice(RESPONDENTS[template.industry])
    result = receive(
        request=IntakeRequest(
            channel=rng.choice(CHANNELS),
            text=text,
            title=template.title,
            received_at=received_at,
            customer=CustomerData(name=name, phone=phone),
            order=OrderData(
                number=f"{template.industry[:2].upper()}{rng.randrange(10**8):08d}",
                item=item,
                amount=Decimal(amount),
                purchased_at=received_at - dt.timedelta(days=rng.randint(3, 90)),
            ),
            amount_claimed=Decimal(amount),
            respondent=RespondentData(code=code, name=respondent_name, kind=kind),
        ),
        actor=None,
    )
    return result.complaint


def _walk(
    complaint: Complaint,
    target: str,
    actors: dict[str, Actor],
    dept_code: str,
    previous: Complaint | None,
    has_remedy: bool = False,
    story: str = "",
) -> None:
    agent, supervisor = actors["agent"], actors["supervisor"]
    if target != Status.NEW:
        department = Department.objects.get(code=dept_code)
        handler = DEPARTMENT_HANDLERS.get(dept_code)
        complaint = assign(
            complaint=complaint,
            actor=supervisor,
            assignee=get_user_model().objects.get(username=handler) if handler else None,
            department=department,
        )
    for step in PATHS[target]:
        if step == Status.IN_PROGRESS and complaint.status == Status.ACKNOWLEDGED:
            reply(
                complaint=complaint,
                actor=agent,
                internal=False,
                body="您好，您的投诉我们已受理，正在核实情况，会尽快给您答复。",
            )
        if step == Status.IN_DISPUTE:
            question, asks = DISPUTE_QUESTIONS.get(complaint.industry or "ecommerce",
                                                   DISPUTE_QUESTIONS["ecommerce"])
            complaint = open_dispute(
                complaint=complaint, actor=agent, question=question, respondent_asks=asks
            ).dispute.complaint
            continue
        complaint = transition(
            complaint=complaint,
            to=step,
            actor=supervisor,
            reason=REASONS.get(step, ""),
            merge_into=previous if step == Status.MERGED else None,
            has_remedy=has_remedy and step == Status.RESOLVED,
            root_cause=demo_root_cause(complaint, story, dept_code) if step == Status.RESOLVED
            else None,
        )


#: Ratings and comments the demo's closed complaints were given.
RATINGS = [
    (5, "处理很及时，客服态度也好，谢谢！"), (4, "结果满意，就是等得稍微久了点。"),
    (5, ""), (2, "问题是解决了，但是来回沟通了好几次，体验很差。"), (3, "一般。"),
    (4, "补偿方案可以接受。"), (1, "到现在退款还没到账，非常失望。"), (5, "感谢耐心解释。"),
]


def _follow_up(actors: dict[str, Actor], agent_user: AbstractBaseUser) -> None:
    """Ratings on closed complaints (low ones open follow-up calls and tell the supervisor)
    and a few return calls due today, so the desk's follow-up pages have something to show."""
    closed = list(Complaint.objects.filter(status=Status.CLOSED).order_by("id"))
    for complaint, (score, comment) in zip(closed, RATINGS, strict=False):
        survey = survey_of(complaint=complaint)
        if survey is None:
            continue
        customer = Actor(user_id=None, role=Role.CUSTOMER, customer_id=complaint.customer_id)
        survey_submit(
            survey=survey, actor=customer, via=AnswerChannel.PORTAL,
            answer=SurveyAnswer(score, comment, True if survey.has_remedy else None),
        )
    for complaint in closed[len(RATINGS):len(RATINGS) + 4]:
        if not calls_of(complaint=complaint).filter(state=CallState.SCHEDULED).exists():
            call_schedule_by_staff(
                complaint=complaint, actor=actors["agent"], due_on=timezone.localdate(),
                assignee=agent_user,
            )


@transaction.atomic
def demo_load(*, count: int = 300, seed: int = 20261122) -> DemoSummary:
    """Create the demo users and complaints, unless a demo was loaded before."""
    passwords = {username: demo_password(username) for username, _, _ in USERS}
    if get_user_model().objects.filter(username="agent").exists():
        return DemoSummary(created=False, complaints=Complaint.objects.count(), passwords=passwords)
    actors = _setup_people()
    rng = random.Random(seed)
    now = timezone.now()
    targets = list(PATHS)
    previous: Complaint | None = None
    for index in range(count):
        template = TEMPLATES[index % len(TEMPLATES)]
        received_at = now - dt.timedelta(minutes=rng.randint(5, 60 * 24 * 45))
        complaint = _intake(rng, template, received_at)
        _walk(
            complaint, targets[index % len(targets)], actors, template.department, previous,
            has_remedy=index % 3 == 0, story=template.title,
        )
        previous = complaint
    _follow_up(actors, get_user_model().objects.get(username="agent"))
    oversight_and_cases.load(actors)
    demo_learning(actors)
    facts_refresh()  # the dashboard shows the demo at once, without waiting for the worker
    return DemoSummary(created=True, complaints=Complaint.objects.count(), passwords=passwords)
