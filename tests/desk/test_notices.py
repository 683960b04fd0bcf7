"""The notification bell: counts the unread notices, lists them in the reader's language,
each opening its complaint (and marked read); mentions and customer replies write them."""

from __future__ import annotations

import pytest

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.choices import Role
from complaintdesk.notify.models import Notification, NotificationKind
from complaintdesk.workflows.reply import reply

pytestmark = pytest.mark.django_db


def _customer(c):
    return Actor(user_id=None, role=Role.CUSTOMER, customer_id=c.customer_id)


def test_assignment_shows_in_the_bell_and_opens_the_complaint(desk, make_complaint):
    c = make_complaint()
    desk("supervisor").post(f"/desk/c/{c.number}/assign/", {"department": "cs",
                                                             "assignee": "agent"})
    client = desk("agent")
    page = client.get("/desk/").content.decode()
    assert 'id="bell-count">1<' in page
    notices = client.get("/desk/notifications/")
    [line] = notices.context["notices"]
    assert line.unread and c.number in line.text and "分派" in line.text
    response = client.get(f"/desk/notifications/{line.id}/")
    assert response.status_code == 302 and response.url == f"/desk/c/{c.number}/"
    assert 'id="bell-count">0<' in client.get("/desk/").content.decode()


def test_notices_read_in_english_on_the_english_desk(desk, make_complaint):
    c = make_complaint()
    desk("supervisor").post(f"/desk/c/{c.number}/assign/", {"department": "cs",
                                                             "assignee": "agent"})
    client = desk("agent")
    client.cookies["django_language"] = "en"
    html = client.get("/desk/notifications/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"Complaint {c.number} was assigned to you." in html
    assert "分派" not in html


def test_another_users_notice_is_404_and_stays_unread(desk, make_complaint):
    c = make_complaint()
    desk("supervisor").post(f"/desk/c/{c.number}/assign/", {"department": "cs",
                                                             "assignee": "agent"})
    notice = Notification.objects.get(user__username="agent")
    assert desk("supervisor").get(f"/desk/notifications/{notice.pk}/").status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_mark_all_read(desk, make_complaint):
    for i in range(3):
        c = make_complaint(phone=f"1390000000{i}")
        desk("supervisor").post(f"/desk/c/{c.number}/assign/", {"department": "cs",
                                                                 "assignee": "agent"})
    client = desk("agent")
    assert client.post("/desk/notifications/read/").status_code == 302
    assert not Notification.objects.filter(user__username="agent", read_at__isnull=True).exists()


def test_customer_reply_tells_the_assignee(desk, make_complaint, personas):
    c = make_complaint()
    desk("supervisor").post(f"/desk/c/{c.number}/assign/", {"department": "cs",
                                                             "assignee": "agent"})
    reply(complaint=c, actor=_customer(c), body="补充：快递单号 SF123", internal=False)
    notice = Notification.objects.get(kind=NotificationKind.CUSTOMER_REPLIED)
    assert notice.user == personas["agent"].user and notice.complaint == c


def test_a_mention_in_a_note_tells_that_colleague_only_if_they_may_see_it(desk, make_complaint):
    c = make_complaint()
    desk("agent").post(f"/desk/c/{c.number}/note/",
                       {"body": "@supervisor 请看一下，@other_dept 也看看，@nobody"})
    mentioned = Notification.objects.filter(kind=NotificationKind.MENTIONED)
    assert [n.user.username for n in mentioned] == ["supervisor"]
    assert mentioned[0].by == "agent"


def test_auditor_has_a_bell_but_no_notices_of_others(desk):
    response = desk("auditor").get("/desk/notifications/")
    assert response.status_code == 200 and response.context["notices"] == []
