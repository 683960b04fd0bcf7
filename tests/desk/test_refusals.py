"""Every refusal on the desk: wrong scope, wrong role, no CSRF token, no sign-in."""

from __future__ import annotations

import pytest
from django.test import Client

from complaintdesk.complaints.choices import Status
from complaintdesk.complaints.models import Message

pytestmark = pytest.mark.django_db


def test_department_staff_of_another_department_gets_404(desk, make_complaint):
    c = make_complaint(department="tech")
    assert desk("dept").get(f"/desk/c/{c.number}/").status_code == 200
    response = desk("other_dept").get(f"/desk/c/{c.number}/")
    assert response.status_code == 404
    assert desk("other_dept").post(f"/desk/c/{c.number}/reply/", {"body": "x"}).status_code == 404
    assert not Message.objects.filter(complaint=c).exists()


def test_unknown_number_is_404(desk, personas):
    assert desk("agent").get("/desk/c/TS-20000101-999999/").status_code == 404


def test_auditor_sees_masked_phone_and_no_action_forms(desk, make_complaint):
    c = make_complaint(phone="13912345678")
    body = desk("auditor").get(f"/desk/c/{c.number}/").content.decode()
    assert "139****5678" in body
    assert "13912345678" not in body
    assert "/reply/" not in body and "/status/" not in body and "/assign/" not in body
    agent_body = desk("agent").get(f"/desk/c/{c.number}/").content.decode()
    assert "13912345678" in agent_body


@pytest.mark.parametrize(
    ("path", "data", "status"),
    [
        ("reply", {"body": "x"}, 403),
        ("note", {"body": "x"}, 403),
        ("assign", {"department": "cs"}, 403),
        ("status", {"to": "acknowledged"}, 409),
        ("correct", {"field": "priority", "value": "urgent", "reason": "r"}, 403),
        ("tags", {"add": "x"}, 403),
    ],
)
def test_auditor_actions_are_refused(desk, make_complaint, path, data, status):
    c = make_complaint()
    response = desk("auditor").post(f"/desk/c/{c.number}/{path}/", data)
    assert response.status_code == status
    c.refresh_from_db()
    assert c.status == Status.NEW and c.tags == [] and c.priority == "normal"


def test_customer_account_has_no_desk(desk):
    assert desk("customer").get("/desk/").status_code == 403


def test_team_view_is_for_supervisors_only(desk):
    assert desk("agent").get("/desk/team/").status_code == 403


def test_post_without_csrf_token_is_refused(personas, make_complaint):
    c = make_complaint()
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["agent"].user)
    response = client.post(f"/desk/c/{c.number}/reply/", {"body": "x"})
    assert response.status_code == 403
    assert not Message.objects.filter(complaint=c).exists()


def test_actions_refuse_get(desk, make_complaint):
    c = make_complaint()
    assert desk("agent").get(f"/desk/c/{c.number}/reply/").status_code == 405


def test_bad_cursor_is_422(desk):
    assert desk("agent").get("/desk/?cursor=!!notacursor").status_code == 422


def test_attachment_download_is_refused_to_auditor_and_other_department(
    desk, make_complaint, settings, tmp_path
):
    settings.ATTACHMENT_ROOT = tmp_path
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = make_complaint(department="tech")
    desk("dept").post(f"/desk/c/{c.number}/attach/",
                      {"attachments": [SimpleUploadedFile("a.txt", "退货单号 123".encode())]})
    attachment = c.attachments.get()
    url = f"/desk/files/{attachment.pk}/"
    response = desk("dept").get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert desk("auditor").get(url).status_code == 403
    assert desk("other_dept").get(url).status_code == 404
