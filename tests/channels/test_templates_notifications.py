"""Reply templates (话术) and staff notifications."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import Channel, EventKind, Role
from complaintdesk.complaints.errors import InvalidInput
from complaintdesk.complaints.services import event_record
from complaintdesk.intake.services import CustomerData, IntakeRequest
from complaintdesk.notify.announce import staff_announce
from complaintdesk.notify.models import MailKind, Notification, OutboundEmail, ReplyTemplate
from complaintdesk.notify.selectors import notifications_for, notifications_unread_count
from complaintdesk.notify.services import notifications_mark_read
from complaintdesk.notify.templating import (
    promise_format,
    template_context,
    template_pick,
    template_render,
    template_variables_check,
)
from complaintdesk.workflows.assign import assign
from complaintdesk.workflows.receive import receive
from complaintdesk.workflows.reply import reply

pytestmark = pytest.mark.django_db
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def _complaint(category: str = "", language: str = "zh-hans") -> Any:
    result = receive(
        request=IntakeRequest(
            channel=Channel.API,
            text="快递一周没到。",
            received_at=timezone.now(),
            customer=CustomerData(name="孙女士", email="sun@example.com"),
            language=language,
        ),
        actor=None,
    )
    complaint = result.complaint
    complaint.category = category
    complaint.save()
    return complaint


def test_the_category_template_wins_over_the_general_one() -> None:
    assert (
        template_pick(kind="acknowledgement", category="logistics", language="zh-hans").code
        == "ack-logistics"
    )
    assert (
        template_pick(kind="acknowledgement", category="other", language="zh-hans").code
        == "ack-general"
    )
    assert (
        template_pick(kind="acknowledgement", category="", language="en").code == "ack-general-en"
    )


def test_every_shipped_template_renders_and_acknowledges_or_apologises() -> None:
    complaint = _complaint()
    for template in ReplyTemplate.objects.all():
        context = template_context(
            complaint=complaint,
            language=template.language,
            promised_at=dt.datetime(2026, 10, 10, 18, 0, tzinfo=SHANGHAI),
            remedy="全额退款",
            reply="已为您补发。",
            tracking_link="L",
        )
        rendered = template_render(template=template, context=context)
        assert "${" not in rendered.body and "\n" not in rendered.subject
        if template.kind == "macro":
            # Reply snippets are the text of a reply; its mail (kind "reply") names the number.
            feeling = ("歉", "理解", "委屈", "失望", "谢", "sorry", "understand", "Thank")
            assert any(w in rendered.body for w in feeling), template.code
            continue
        assert complaint.number in rendered.subject + rendered.body
        if template.kind in {"acknowledgement", "resolution"}:
            assert any(w in rendered.body for w in ("歉", "sorry", "apologise")), template.code


def test_unknown_variables_and_attribute_access_are_refused() -> None:
    for text in ("${complaint.customer.phone}", "${secret_key}", "$"):
        with pytest.raises(InvalidInput):
            template_variables_check(text)
    template_variables_check("${customer_name} ${number} ${due_date} ${remedy}")


def test_the_promise_is_written_as_the_local_instant_in_the_customers_language() -> None:
    promised = dt.datetime(2026, 10, 10, 10, 0, tzinfo=dt.UTC)  # 18:00 in Shanghai
    assert promise_format(promised, "zh-hans") == "2026年10月10日 18:00"
    assert promise_format(promised, "en") == "10 October 2026, 18:00"
    assert promise_format(None, "zh-hans") == "我们会尽快答复"


def test_an_agents_reply_is_mailed_in_the_thread(personas: Any) -> None:
    complaint = _complaint()
    agent = personas["agent"]
    actor = Actor(user_id=agent.user.pk, role=Role.AGENT, department_id=agent.department.pk)
    reply(complaint=complaint, actor=actor, body="已为您安排补发，单号 SF123。", internal=False)
    ack, mailed = OutboundEmail.objects.order_by("id")
    assert mailed.kind == MailKind.REPLY and "SF123" in mailed.body
    assert mailed.in_reply_to == ack.message_id and not mailed.auto_submitted


def test_assignment_escalation_and_warning_notify_staff(personas: Any) -> None:
    complaint = _complaint()
    supervisor = personas["supervisor"]
    agent = personas["agent"]
    agent.user.email = "agent@shop.example"
    agent.user.save()
    boss = Actor(
        user_id=supervisor.user.pk, role=Role.SUPERVISOR, department_id=supervisor.department.pk
    )
    assign(complaint=complaint, actor=boss, assignee=agent.user, department=agent.department)
    for kind in (EventKind.CLOCK_WARNING, EventKind.ESCALATED):
        event = event_record(complaint=complaint, kind=kind, actor=None)
        staff_announce(complaint=complaint, event=event)

    kinds = list(notifications_for(user_id=agent.user.pk).values_list("kind", flat=True))
    assert sorted(kinds) == ["assigned", "clock_warning", "escalated"]
    assert list(
        Notification.objects.filter(user=supervisor.user).values_list("kind", flat=True)
    ) == ["escalated"]
    staff_mail = OutboundEmail.objects.filter(kind=MailKind.STAFF)
    assert staff_mail.filter(to_address="agent@shop.example").count() == 3
    assert notifications_unread_count(user_id=agent.user.pk) == 3
    assert notifications_mark_read(user_id=agent.user.pk) == 3
    assert notifications_unread_count(user_id=agent.user.pk) == 0
