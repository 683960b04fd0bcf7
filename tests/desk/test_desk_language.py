"""Every label, code and system text in the language of the page; the small things: select
at the current value, no service users among assignees, the English portal help line, a
styled page for a broken tracking link, API refusals naming statuses by their labels."""

from __future__ import annotations

import pytest
from django.test import Client

from complaintdesk.complaints.actors import Actor, actor_for_user
from complaintdesk.complaints.apikeys import apikey_create
from complaintdesk.complaints.choices import Role, Status
from complaintdesk.complaints.models import Complaint
from complaintdesk.workflows.reply import reply
from complaintdesk.workflows.transition import transition

pytestmark = pytest.mark.django_db


def _english(client):
    client.cookies["django_language"] = "en"
    return client


def test_risk_flags_are_shown_by_their_names(desk, make_complaint):
    c = make_complaint()
    Complaint.objects.filter(pk=c.pk).update(risk_flags=["regulator", "legal_threat"])
    html = desk("agent").get(f"/desk/c/{c.number}/").content.decode()
    assert "监管投诉" in html or "监管" in html
    assert ">regulator<" not in html and "legal_threat" not in html


def test_a_system_reason_follows_the_page_language(desk, make_complaint, personas):
    c = make_complaint()
    admin = actor_for_user(personas["admin"].user)
    for step in (Status.ACKNOWLEDGED, Status.IN_PROGRESS):
        c = transition(complaint=c, to=step, actor=admin)
    c = transition(complaint=c, to=Status.WAITING_CUSTOMER, actor=admin, reason="请补充照片")
    customer = Actor(user_id=None, role=Role.CUSTOMER, customer_id=c.customer_id)
    reply(complaint=c, actor=customer, body="照片已补充", internal=False)
    zh = desk("agent").get(f"/desk/c/{c.number}/").content.decode()
    assert "客户已回复。" in zh
    en = _english(desk("agent")).get(f"/desk/c/{c.number}/", HTTP_ACCEPT_LANGUAGE="en")
    text = en.content.decode()
    assert "The customer replied." in text and "客户已回复" not in text


def test_correction_selects_start_at_the_current_value(desk, make_complaint):
    c = make_complaint()
    Complaint.objects.filter(pk=c.pk).update(category="billing", priority="high")
    html = desk("agent").get(f"/desk/c/{c.number}/").content.decode()
    assert '<option value="billing" selected>' in html
    assert '<option value="high" selected>' in html


def test_service_users_of_api_keys_are_not_assignees(desk, make_complaint):
    apikey_create(name="shop", role=Role.AGENT)
    c = make_complaint()
    staff = [u.username for u in desk("agent").get(f"/desk/c/{c.number}/").context["staff"]]
    assert "agent" in staff and not any(name.startswith("key-") for name in staff)


def test_department_staff_are_offered_only_their_own_department(desk, make_complaint):
    c = make_complaint(department="tech")
    context = desk("dept").get(f"/desk/c/{c.number}/").context
    assert [d.code for d in context["departments"]] == ["tech"]
    assert [u.username for u in context["staff"]] == ["dept"]


def test_english_portal_help_line_is_english():
    client = _english(Client())
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Up to 5 files" in html and "最多" not in html


def test_a_broken_tracking_link_is_a_styled_404_that_says_what_to_do():
    response = Client().get(f"/t/{'x' * 43}/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'id="link-invalid"' in html and "portal.css" in html and "受理邮件" in html
    assert Client().post(f"/t/{'x' * 43}/withdraw/").status_code == 404


def test_api_refusal_names_statuses_by_their_labels(api, make_complaint):
    c = make_complaint()
    response = api("agent").post(f"/complaints/{c.number}/transitions", {"to": "closed"})
    assert response.status_code == 409
    message = response.json()["message"]
    assert "已关闭" in message or "关闭" in message
    assert "closed" not in message and "acknowledged" not in message
    english = api("agent", "en").post(f"/complaints/{c.number}/transitions", {"to": "closed"})
    assert "Closed" in english.json()["message"] and "、" not in english.json()["message"]
