"""Reply snippets (话术) in the reply box: filtered by the complaint's category, industry and
language, filled with its values, edited and sent, with the move and tags they carry."""

from __future__ import annotations

import pytest
from django.test import Client

from complaintdesk.complaints.actors import actor_for_user
from complaintdesk.complaints.choices import EventKind, MessageKind, Status
from complaintdesk.complaints.models import ComplaintEvent, Membership, Message
from complaintdesk.complaints.services import complaint_correct_triage
from complaintdesk.notify.models import ReplyTemplate, TemplateKind
from complaintdesk.workflows.transition import transition

pytestmark = pytest.mark.django_db


def _in_category(complaint, personas, category):
    agent = actor_for_user(personas["agent"].user)
    return complaint_correct_triage(
        complaint=complaint, actor=agent, field="category", value=category, reason="核实"
    ).complaint


def _snippet(code, language="zh-hans"):
    return ReplyTemplate.objects.get(code=code, language=language)


def test_every_category_has_shipped_snippets_in_both_languages():
    snippets = ReplyTemplate.objects.filter(kind=TemplateKind.MACRO)
    for language in ("zh-hans", "en"):
        categories = set(snippets.filter(language=language).values_list("category", flat=True))
        assert {"quality", "misdescription", "logistics", "service", "billing", "contract",
                "technical", "account_security", ""} <= categories


def test_the_box_offers_this_category_and_general_snippets_in_the_complaints_language(
    desk, make_complaint, personas
):
    c = _in_category(make_complaint(), personas, "logistics")
    names = [name for _id, name in desk("agent").get(f"/desk/c/{c.number}/").context["snippets"]]
    assert _snippet("snip-logistics").name in names
    assert _snippet("snip-other").name in names
    assert _snippet("snip-quality").name not in names
    assert _snippet("snip-logistics-en", "en").name not in names
    assert _snippet("snip-education-refund").name not in names


def test_a_snippet_is_filled_with_the_customer_order_promise_and_amount(
    desk, make_complaint, personas
):
    c = _in_category(make_complaint(amount_claimed="299.00"), personas, "quality")
    snippet = _snippet("snip-quality")
    response = desk("agent").get(f"/desk/c/{c.number}/?snippet={snippet.pk}")
    body = response.context["snippet"].body
    assert "王女士" in body and "JD-1001" in body and c.number in body
    assert "299.00 元" in body
    assert "${" not in body
    promised = response.context["promised"]
    assert f"{promised.month}月{promised.day}日" in body


def test_htmx_swaps_only_the_reply_box(desk, make_complaint, personas):
    c = _in_category(make_complaint(), personas, "quality")
    snippet = _snippet("snip-quality")
    response = desk("agent").get(
        f"/desk/c/{c.number}/?snippet={snippet.pk}",
        HTTP_HX_REQUEST="true", HTTP_HX_TARGET="reply-box",
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card reply-card" id="reply-box">')
    assert "JD-1001" in html and "<html" not in html


def test_a_snippet_of_another_language_or_a_bad_value_is_refused(desk, make_complaint):
    c = make_complaint()
    english = _snippet("snip-other-en", "en")
    assert desk("agent").get(f"/desk/c/{c.number}/?snippet={english.pk}").status_code == 404
    assert desk("agent").get(f"/desk/c/{c.number}/?snippet=x").status_code == 422


def test_sending_a_snippet_reply_moves_the_status_and_adds_the_tag(desk, make_complaint, personas):
    c = make_complaint()
    admin = actor_for_user(personas["admin"].user)
    for step in (Status.ACKNOWLEDGED, Status.IN_PROGRESS):
        c = transition(complaint=c, to=step, actor=admin)
    response = desk("agent").post(f"/desk/c/{c.number}/reply/", {
        "body": "请补充照片（已编辑）", "then_status": "waiting_customer",
        "then_reason": "请补充订单截图。", "then_tags": "待补充材料",
    })
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.status == Status.WAITING_CUSTOMER
    assert c.tags == ["待补充材料"]
    sent = Message.objects.get(complaint=c, kind=MessageKind.OUTBOUND)
    assert sent.body == "请补充照片（已编辑）"
    moved = ComplaintEvent.objects.get(complaint=c, kind=EventKind.STATUS_CHANGED,
                                       to_status=Status.WAITING_CUSTOMER)
    assert moved.data["reason"] == "请补充订单截图。"


def test_a_refused_move_sends_nothing(desk, make_complaint):
    c = make_complaint()
    response = desk("agent").post(f"/desk/c/{c.number}/reply/", {
        "body": "已处理", "then_status": "closed", "then_tags": "x",
    })
    assert response.status_code == 409
    c.refresh_from_db()
    assert c.status == Status.NEW and c.tags == []
    assert not Message.objects.filter(complaint=c).exists()


def test_a_move_needing_a_reason_without_one_is_422_and_writes_nothing(
    desk, make_complaint, personas
):
    c = make_complaint()
    admin = actor_for_user(personas["admin"].user)
    for step in (Status.ACKNOWLEDGED, Status.IN_PROGRESS):
        c = transition(complaint=c, to=step, actor=admin)
    response = desk("agent").post(f"/desk/c/{c.number}/reply/", {
        "body": "您好", "then_status": "waiting_customer", "then_reason": "",
    })
    assert response.status_code == 422
    assert "原因" in response.content.decode()
    assert not Message.objects.filter(complaint=c).exists()


def test_auditor_and_outside_department_get_no_snippets(desk, make_complaint):
    c = make_complaint(department="tech")
    assert "snippets" not in desk("auditor").get(f"/desk/c/{c.number}/").context
    assert desk("other_dept").get(f"/desk/c/{c.number}/?snippet=1").status_code == 404


def test_admin_refuses_a_template_with_an_unknown_variable(desk, personas):
    user = personas["admin"].user
    user.is_staff = user.is_superuser = True
    user.save()
    assert Membership.objects.filter(user=user).exists()
    client = Client()
    client.force_login(user)
    response = client.post("/admin/notify/replytemplate/add/", {
        "code": "bad", "name": "x", "kind": "macro", "language": "zh-hans", "subject": "x",
        "body": "您好 ${nobody}", "is_active": "on",
    })
    assert response.status_code == 200
    assert not ReplyTemplate.objects.filter(code="bad").exists()
