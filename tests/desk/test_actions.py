"""Actions on the complaint page change the complaint through services and leave events."""

from __future__ import annotations

import pytest

from complaintdesk.complaints.choices import EventKind, MessageKind, Status
from complaintdesk.complaints.models import Attachment, ComplaintEvent, Message

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_agent_assigns_to_self(desk, make_complaint):
    c = make_complaint()
    response = desk("agent").post(f"/desk/c/{c.number}/assign/", {"department": "cs",
                                                                   "assignee": "agent"})
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.assignee.username == "agent"
    assert ComplaintEvent.objects.filter(complaint=c, kind=EventKind.ASSIGNED).count() == 2


def test_transition_needing_a_reason_is_refused_without_one(desk, make_complaint):
    c = make_complaint()
    client = desk("agent")
    assert client.post(f"/desk/c/{c.number}/status/", {"to": "acknowledged"}).status_code == 302
    assert client.post(f"/desk/c/{c.number}/status/", {"to": "in_progress"}).status_code == 302
    response = client.post(f"/desk/c/{c.number}/status/", {"to": "resolved", "reason": " "})
    assert response.status_code == 422
    c.refresh_from_db()
    assert c.status == Status.IN_PROGRESS
    response = client.post(f"/desk/c/{c.number}/status/", {"to": "resolved", "reason": "已退款"})
    c.refresh_from_db()
    assert c.status == Status.RESOLVED


def test_illegal_transition_is_a_409_page_with_the_message(desk, make_complaint):
    c = make_complaint()
    response = desk("agent").post(f"/desk/c/{c.number}/status/", {"to": "closed"})
    assert response.status_code == 409
    assert "error-message" in response.content.decode()
    c.refresh_from_db()
    assert c.status == Status.NEW


def test_reply_and_note_are_recorded_with_their_kind(desk, make_complaint):
    c = make_complaint()
    client = desk("agent")
    client.post(f"/desk/c/{c.number}/reply/", {"body": "您好，已为您登记退货。"})
    client.post(f"/desk/c/{c.number}/note/", {"body": "仓库确认缺货"})
    kinds = list(Message.objects.filter(complaint=c).values_list("kind", flat=True))
    assert kinds == [MessageKind.OUTBOUND, MessageKind.NOTE]


def test_correct_triage_records_the_reason_and_agent_source(desk, make_complaint):
    c = make_complaint()
    response = desk("agent").post(
        f"/desk/c/{c.number}/correct/",
        {"field": "priority", "value": "urgent", "reason": "客户提到安全问题"},
    )
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.priority == "urgent"
    assert c.triage["priority"]["source"] == "agent"
    event = ComplaintEvent.objects.get(complaint=c, kind=EventKind.CORRECTED)
    assert event.data["before"] == "normal" and event.data["reason"] == "客户提到安全问题"


def test_correct_triage_without_reason_or_with_bad_value_is_422(desk, make_complaint):
    c = make_complaint()
    client = desk("agent")
    url = f"/desk/c/{c.number}/correct/"
    no_reason = {"field": "priority", "value": "urgent", "reason": ""}
    assert client.post(url, no_reason).status_code == 422
    assert client.post(url, {"field": "priority", "value": "x", "reason": "r"}).status_code == 422
    assert not ComplaintEvent.objects.filter(complaint=c, kind=EventKind.CORRECTED).exists()


def test_attach_stores_an_image_and_refuses_an_executable(desk, make_complaint, settings, tmp_path):
    settings.ATTACHMENT_ROOT = tmp_path
    c = make_complaint()
    client = desk("agent")
    png = _upload("photo.png", PNG)
    assert client.post(f"/desk/c/{c.number}/attach/", {"attachments": [png]}).status_code == 302
    stored = Attachment.objects.get(complaint=c)
    assert stored.content_type == "image/png"
    assert (tmp_path / stored.storage_path).read_bytes() == PNG
    exe = _upload("invoice.pdf", b"MZ\x90\x00" + b"\x00" * 60)
    response = client.post(f"/desk/c/{c.number}/attach/", {"attachments": [exe]})
    assert response.status_code == 422
    assert Attachment.objects.filter(complaint=c).count() == 1


def test_tags_are_added_and_removed_with_one_event_each(desk, make_complaint):
    c = make_complaint()
    client = desk("agent")
    client.post(f"/desk/c/{c.number}/tags/", {"add": "退款, 媒体"})
    client.post(f"/desk/c/{c.number}/tags/", {"remove": "媒体"})
    c.refresh_from_db()
    assert c.tags == ["退款"]
    assert ComplaintEvent.objects.filter(complaint=c, kind=EventKind.TAGGED).count() == 2


def test_bulk_assign_and_tag_and_status_report_refusals(desk, make_complaint):
    a, b = make_complaint(), make_complaint(phone="13900000009")
    client = desk("agent")
    response = client.post("/desk/bulk/", {"numbers": [a.number, b.number], "action": "assign",
                                           "department": "cs", "assignee": "agent"})
    assert response.status_code == 302
    client.post("/desk/bulk/", {"numbers": [a.number, b.number], "action": "tag", "tag": "批量"})
    client.post(f"/desk/c/{a.number}/status/", {"to": "acknowledged"})
    response = client.post("/desk/bulk/", {"numbers": [a.number, b.number], "action": "status",
                                           "to": "acknowledged"}, follow=True)
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.assignee.username == b.assignee.username == "agent"
    assert a.tags == b.tags == ["批量"]
    assert b.status == Status.ACKNOWLEDGED
    notices = [str(m) for m in response.context["messages"]]
    assert any(m.startswith(f"{a.number}:") for m in notices)  # refused: already acknowledged
    assert not any(m.startswith(f"{b.number}:") for m in notices)


def test_team_view_shows_open_load_for_supervisor(desk, make_complaint):
    c = make_complaint()
    desk("agent").post(f"/desk/c/{c.number}/assign/", {"department": "cs", "assignee": "agent"})
    response = desk("supervisor").get("/desk/team/")
    assert response.status_code == 200
    assert response.context["agents"][0].username == "agent"
    assert response.context["agents"][0].open == 1


def test_password_reset_sends_an_email_with_a_working_link(client, personas, mailoutbox):
    user = personas["agent"].user
    user.email = "agent@example.com"
    user.save()
    response = client.post("/desk/password-reset/", {"email": "agent@example.com"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    link = next(line for line in mailoutbox[0].body.splitlines() if "/desk/password-reset/" in line)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    assert response.context["validlink"] is True


def _upload(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)
