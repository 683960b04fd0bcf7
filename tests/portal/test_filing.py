"""Filing a complaint on the portal: validation, attachments, honeypot, rate limit."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from complaintdesk.complaints.choices import Channel, EventKind
from complaintdesk.complaints.models import Attachment, Complaint, ComplaintEvent, TrackingToken
from tests.portal.conftest import form_data

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def test_form_renders_with_demand_choices(client):
    response = client.get("/")
    assert response.status_code == 200
    assert 'name="demand"' in response.content.decode()
    assert 'name="website"' in response.content.decode()


def test_filing_creates_a_web_complaint_with_stated_demand_and_a_hashed_token(
    client, file_complaint
):
    number, path = file_complaint()
    complaint = Complaint.objects.get(number=number)
    assert complaint.channel == Channel.WEB
    assert complaint.demand == "refund"
    assert complaint.triage["demand"]["source"] == "customer"
    assert complaint.customer.phone == "13700001111"
    assert complaint.order.number == "MT-778899"
    raw = path.split("/")[2]
    token = TrackingToken.objects.get(complaint=complaint)
    assert raw not in token.token_hash and len(raw) >= 40
    assert ComplaintEvent.objects.filter(complaint=complaint, kind=EventKind.CREATED).exists()


def test_confirmation_is_shown_once(client, file_complaint):
    file_complaint()
    assert client.get("/submitted/").status_code == 302


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"text": "   "}, "text"),
        ({"demand": ""}, "demand"),
        ({"demand": "free_money"}, "demand"),
        ({"name": ""}, "name"),
        ({"phone": "", "email": ""}, "phone"),
        ({"phone": "call me"}, "phone"),
        ({"email": "not-an-email"}, "email"),
        ({"text": "bad\x00text"}, "text"),
    ],
)
def test_invalid_fields_get_a_message_next_to_them(client, overrides, field):
    response = client.post("/", form_data(**overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert f'id="{field}-error"' in response.content.decode()
    assert not Complaint.objects.exists()


def test_files_are_checked_from_content_not_name(client):
    fake = SimpleUploadedFile("receipt.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    response = client.post("/", {**form_data(), "attachments": [fake]})
    assert response.status_code == 400
    assert "attachments" in response.context["form"].errors
    assert not Complaint.objects.exists()


def test_oversize_and_too_many_files_are_refused(client, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * 2048)
    response = client.post("/", {**form_data(), "attachments": [big]})
    assert response.status_code == 400
    six = [SimpleUploadedFile(f"f{i}.pdf", PDF) for i in range(6)]
    response = client.post("/", {**form_data(), "attachments": six})
    assert response.status_code == 400
    assert not Complaint.objects.exists()


def test_valid_files_are_stored_with_their_sniffed_type(client, file_complaint):
    response = client.post("/", {**form_data(), "attachments": [
        SimpleUploadedFile("小票.pdf", PDF), SimpleUploadedFile("说明.txt", "汤洒了".encode()),
    ]})
    assert response.status_code == 302
    types = sorted(Attachment.objects.values_list("content_type", flat=True))
    assert types == ["application/pdf", "text/plain"]


def test_honeypot_filled_creates_nothing(client):
    response = client.post("/", form_data(website="http://spam.example"))
    assert response.status_code == 400
    assert not Complaint.objects.exists()


def test_rate_limit_per_address(client, settings):
    settings.PORTAL_SUBMISSIONS_PER_HOUR = 2
    for i in range(2):
        assert client.post("/", form_data(phone=f"1370000{i:04d}")).status_code == 302
    response = client.post("/", form_data(phone="13700009999"))
    assert response.status_code == 429
    assert Complaint.objects.count() == 2
    other = Client(REMOTE_ADDR="10.0.0.2")
    assert other.post("/", form_data(phone="13700008888")).status_code == 302


def test_post_without_csrf_token_is_refused(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/", form_data())
    assert response.status_code == 403
    assert not Complaint.objects.exists()


def test_english_switch(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert "Make a complaint" in client.get("/").content.decode()
