"""Batch incidents in the product: one parent per fault, children linked, one broadcast."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from complaintdesk.complaints.actors import Actor, actor_for_user
from complaintdesk.complaints.choices import EventKind, MessageKind
from complaintdesk.complaints.errors import InvalidInput
from complaintdesk.complaints.models import Complaint, ComplaintEvent, Message
from complaintdesk.intake.services import CustomerData, IntakeRequest
from complaintdesk.lib.clock import utcnow
from complaintdesk.workflows.batches import batch_broadcast, batches_detect
from complaintdesk.workflows.receive import receive

VIDEO_FAULT = [
    "第三章的课程视频一直播放不了，点开就黑屏转圈",
    "课程视频打不开，播放器黑屏，今天的课没法学",
    "你们网课的视频播放失败，一直加载黑屏",
    "视频课点进去就黑屏，播放不了，急着复习",
    "课程视频无法播放！黑屏加载半天没反应",
    "今天所有课程视频都播放不了，屏幕全黑",
    "网课视频加载不出来，黑屏，交了钱学不了",
    "播放课程视频时一直黑屏，换了手机也不行",
    "课程里的视频全部播放失败，显示黑屏",
    "视频播放不了，黑屏转圈，课程进度落下了",
]
UNRELATED = [
    "买的羊毛衫洗一次就缩水了，要求换货",
    "外卖送到时汤洒了一半，包装破了",
    "车险理赔材料交了二十天还没有消息",
    "直播课老师连续三次迟到半小时",
    "信用卡被同一笔订单扣款两次",
    "快递显示已签收但是我根本没收到包裹",
    "保险业务员承诺的收益和合同不一样",
    "客服电话打了十次都没人接听",
    "奶茶里喝出一根头发",
    "预约的上门维修师傅没有来",
]


def submit(text: str, phone: str, minutes_ago: int, actor: Actor | None = None) -> Complaint:
    request = IntakeRequest(
        channel="api",
        text=text,
        received_at=utcnow() - timedelta(minutes=minutes_ago),
        customer=CustomerData(name="客户", phone=phone),
    )
    return receive(request=request, actor=actor).complaint


@pytest.fixture
def reports(personas: Any) -> list[Complaint]:
    return [submit(text, f"1390000{i:04d}", 200 - 7 * i) for i, text in enumerate(VIDEO_FAULT)]


def test_ten_reports_of_one_fault_become_one_incident_with_ten_children(
    reports: list[Complaint],
) -> None:
    for i, text in enumerate(UNRELATED):
        submit(text, f"1370000{i:04d}", 190 - 5 * i)
    report = batches_detect()
    assert len(report.incidents) == 1
    incident = report.incidents[0]
    assert incident["created"] and incident["children"] == 10 and incident["customers"] == 10
    parent = Complaint.objects.get(number=incident["parent"])
    assert parent.is_batch and parent.parent_id is None
    assert set(parent.children.values_list("pk", flat=True)) == {c.pk for c in reports}
    assert parent.priority == "urgent"  # ten customers hit by one fault
    assert any("batch:10_customers" in e for e in parent.triage["priority"]["explanation"])
    for child in reports:
        event = ComplaintEvent.objects.get(complaint=child, kind=EventKind.BATCHED)
        assert event.data == {"parent": parent.number, "duplicate": False}
    assert Complaint.objects.filter(is_batch=True).count() == 1


def test_ten_unrelated_complaints_make_no_incident(personas: Any) -> None:
    for i, text in enumerate(UNRELATED):
        submit(text, f"1370000{i:04d}", 100 - 5 * i)
    assert batches_detect().incidents == []
    assert not Complaint.objects.filter(is_batch=True).exists()
    assert not Complaint.objects.exclude(parent=None).exists()


def test_running_again_grows_the_same_incident(reports: list[Complaint]) -> None:
    first = batches_detect().incidents[0]
    late = submit("课程视频还是黑屏播放不了，一直转圈", "13600000001", 1)
    again = batches_detect().incidents[0]
    assert again["parent"] == first["parent"] and not again["created"]
    assert again["linked_now"] == 1 and again["customers"] == 11
    late.refresh_from_db()
    assert late.parent is not None and late.parent.number == first["parent"]


def test_same_customer_duplicates_are_linked_not_counted(personas: Any) -> None:
    phones = ["13900000001"] * 3 + [f"1390000{i:04d}" for i in range(2, 9)]
    # One integration sends them all: it finds its own customer again by phone.
    crm = actor_for_user(personas["integration"].user)
    for i, (text, phone) in enumerate(zip(VIDEO_FAULT, phones, strict=True)):
        submit(text, phone, 100 - 5 * i, crm)
    incident = batches_detect().incidents[0]
    assert incident["children"] == 10 and incident["customers"] == 8
    assert incident["duplicates"] == 2
    duplicates = ComplaintEvent.objects.filter(kind=EventKind.BATCHED, data__duplicate=True)
    assert duplicates.count() == 2


def test_complaints_outside_the_window_are_not_grouped(personas: Any) -> None:
    for i, text in enumerate(VIDEO_FAULT[:5]):
        submit(text, f"1390000{i:04d}", 60 * 24 * 5 + i)
    assert batches_detect().incidents == []


def test_one_broadcast_reaches_every_affected_customer(
    reports: list[Complaint], personas: Any
) -> None:
    parent = Complaint.objects.get(number=batches_detect().incidents[0]["parent"])
    agent = actor_for_user(personas["agent"].user)
    assert agent is not None
    body = "视频服务已于今天下午恢复，给您带来不便深表歉意。"
    assert batch_broadcast(parent=parent, actor=agent, body=body) == 10
    for child in reports:
        message = Message.objects.get(complaint=child, body=body)
        assert message.kind == MessageKind.OUTBOUND
    customers = set(
        Message.objects.filter(body=body, complaint__parent=parent).values_list(
            "complaint__customer_id", flat=True
        )
    )
    assert customers == {c.customer_id for c in reports} and len(customers) == 10


def test_broadcast_refuses_a_complaint_that_is_not_a_batch(
    reports: list[Complaint], personas: Any
) -> None:
    agent = actor_for_user(personas["agent"].user)
    assert agent is not None
    with pytest.raises(InvalidInput):
        batch_broadcast(parent=reports[0], actor=agent, body="test")
    assert not Message.objects.filter(body="test").exists()


def test_batches_command_prints_the_incidents(reports: list[Complaint], capsys: Any) -> None:
    call_command("batches", "--hours", "72")
    out = capsys.readouterr().out
    assert '"children": 10' in out and '"scanned": 10' in out


def test_desk_shows_the_batch_link_and_the_children(
    reports: list[Complaint], personas: Any
) -> None:
    parent = Complaint.objects.get(number=batches_detect().incidents[0]["parent"])
    client = Client()
    client.force_login(personas["agent"].user)
    child_page = client.get(f"/desk/c/{reports[0].number}/").content.decode()
    assert 'id="batch"' in child_page and parent.number in child_page
    parent_page = client.get(f"/desk/c/{parent.number}/").content.decode()
    assert all(child.number in parent_page for child in reports)
