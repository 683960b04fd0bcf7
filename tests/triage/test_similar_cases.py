"""Similar resolved cases for a complaint, with how they were resolved; shown on the desk."""

from __future__ import annotations

from typing import Any

from django.test import Client

from complaintdesk.complaints.actors import actor_for_user
from complaintdesk.complaints.choices import Status
from complaintdesk.complaints.models import Complaint
from complaintdesk.intake.services import IntakeRequest
from complaintdesk.lib.clock import utcnow
from complaintdesk.triage.selectors import similar_index, similar_resolved
from complaintdesk.workflows.receive import receive
from complaintdesk.workflows.transition import transition


def submit(text: str) -> Complaint:
    request = IntakeRequest(channel="api", text=text, received_at=utcnow())
    return receive(request=request, actor=None).complaint


def resolve(complaint: Complaint, actor: Any, reason: str) -> None:
    for step in (Status.ACKNOWLEDGED, Status.IN_PROGRESS):
        complaint = transition(complaint=complaint, to=step, actor=actor)
    transition(complaint=complaint, to=Status.RESOLVED, actor=actor, reason=reason)


def test_similar_resolved_cases_with_their_resolution(personas: Any) -> None:
    agent = actor_for_user(personas["agent"].user)
    refund = submit("蓝牙耳机左耳没有声音，申请退货")
    resolve(refund, agent, "已补发新耳机并上门取回旧件")
    resolve(submit("外卖超时一个小时，饭菜都凉了"), agent, "退还配送费")
    open_one = submit("手机壳颜色和图片不一样")  # still open: never suggested
    query = submit("耳机右耳没有声音了，想退货")
    found = similar_resolved(query, k=5)
    assert found[0].number == refund.number
    assert found[0].resolution == "已补发新耳机并上门取回旧件"
    assert found[0].score > 0.1
    assert all(case.number not in {open_one.number, query.number} for case in found)


def test_index_is_rebuilt_only_when_settled_complaints_change(personas: Any) -> None:
    agent = actor_for_user(personas["agent"].user)
    resolve(submit("课程视频打不开"), agent, "修复播放器")
    first = similar_index()
    assert similar_index() is first
    resolve(submit("课程视频黑屏"), agent, "修复播放器")
    assert similar_index() is not first and len(similar_index()) == 2


def test_desk_page_shows_similar_cases_and_the_batch_link(personas: Any) -> None:
    agent = actor_for_user(personas["agent"].user)
    done = submit("蓝牙耳机左耳没有声音，申请退货")
    resolve(done, agent, "已补发新耳机")
    query = submit("耳机左耳没声音，要退货")
    client = Client()
    client.force_login(personas["agent"].user)
    page = client.get(f"/desk/c/{query.number}/").content.decode()
    assert 'id="similar"' in page and done.number in page and "已补发新耳机" in page
