"""Every desk page renders for the roles that may see it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_queue_page_lists_the_complaint_for_an_agent(desk, make_complaint):
    complaint = make_complaint()
    response = desk("agent").get("/desk/?queue=open")
    assert response.status_code == 200
    assert complaint.number in response.content.decode()


def test_complaint_page_shows_number_status_and_actions(desk, make_complaint):
    complaint = make_complaint()
    response = desk("agent").get(f"/desk/c/{complaint.number}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert complaint.number in body
    assert f'action="/desk/c/{complaint.number}/reply/"' in body


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/desk/")
    assert response.status_code == 302
    assert response["Location"].startswith("/desk/login/")
