"""Intake as an outsider attacks it (issue 17, findings 1 and 3).

1. An integration key typed a victim's phone and got back the victim's name, email, ID number
   and flags; the complaint was filed under the victim and the victim was sent an
   acknowledgement. Customers are now matched only within the caller's own source.
3. Deduplication was on (channel, external_id) across sources, and API callers could say
   ``channel=platform``: an integration could swallow a marketplace's complaint, and reusing
   another integration's id answered 409 and wrote an event into the other complaint.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from complaintdesk.complaints.apikeys import apikey_create
from complaintdesk.complaints.choices import EventKind, Role
from complaintdesk.complaints.models import Complaint, ComplaintEvent, Customer, Membership
from complaintdesk.intake.models import PlatformSource
from complaintdesk.lib.signatures import sign_body
from complaintdesk.notify.models import OutboundEmail
from tests.conftest import Api, complaint_body
from tests.portal.conftest import form_data

pytestmark = pytest.mark.django_db

VICTIM = {"name": "李秀英", "phone": "13911112222", "email": "li.xiuying@example.com"}


def integration_api(name: str) -> Api:
    user = get_user_model().objects.create_user(username=name)
    Membership.objects.create(user=user, role=Role.INTEGRATION)
    _, key = apikey_create(name=name, role=Role.INTEGRATION, username=name)
    api = Api(None, "en")
    api.headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return api


@pytest.fixture
def victim(api: Any) -> Customer:
    """A customer an agent took a complaint from on the phone, with an ID number and VIP."""
    response = api("agent").post(
        "/complaints",
        complaint_body(
            channel="phone",
            customer={**VICTIM, "id_number": "110101199003074514"},
            order=None,
        ),
    )
    assert response.status_code == 201, response.content
    customer = Customer.objects.get(phone=VICTIM["phone"])
    Customer.objects.filter(pk=customer.pk).update(is_vip=True)
    OutboundEmail.objects.all().delete()
    return customer


def test_an_integration_typing_a_victims_phone_learns_nothing(victim: Customer) -> None:
    attacker = integration_api("shady-crm")
    response = attacker.post(
        "/complaints",
        complaint_body(customer={"phone": VICTIM["phone"]}, order=None, text="x" * 10),
    )
    assert response.status_code == 201, response.content
    answer = json.dumps(response.json(), ensure_ascii=False)
    for secret in (VICTIM["name"], VICTIM["email"], "110101199003074514"):
        assert secret not in answer
    complaint = Complaint.objects.get(number=response.json()["number"])
    assert complaint.customer_id != victim.pk
    assert victim.complaints.count() == 1  # only the agent's
    assert not OutboundEmail.objects.filter(to_address=VICTIM["email"]).exists()


def test_an_integration_typing_a_victims_email_files_nothing_under_them(victim: Customer) -> None:
    attacker = integration_api("shady-crm")
    response = attacker.post(
        "/complaints", complaint_body(customer={"email": VICTIM["email"]}, order=None)
    )
    assert response.status_code == 201
    assert victim.complaints.count() == 1
    # The new record holds only what the caller sent, so the acknowledgement goes to the
    # address it typed, not to a name or record it did not create.
    assert response.json()["customer"]["name"] == ""
    assert response.json()["customer"]["is_vip"] is False


def test_an_integration_finds_its_own_customers_again(victim: Customer) -> None:
    crm = integration_api("crm")
    first = crm.post("/complaints", complaint_body(customer={"phone": "13500000001", "name": "周"}))
    second = crm.post("/complaints", complaint_body(customer={"phone": "13500000001"}))
    assert first.status_code == second.status_code == 201
    one = Complaint.objects.get(number=first.json()["number"])
    two = Complaint.objects.get(number=second.json()["number"])
    assert one.customer_id == two.customer_id
    assert second.json()["customer"]["name"] == "周"
    # Another integration typing the same phone gets a record of its own.
    other = integration_api("other-crm").post(
        "/complaints", complaint_body(customer={"phone": "13500000001"})
    )
    assert Complaint.objects.get(number=other.json()["number"]).customer_id != one.customer_id


def test_staff_intake_still_matches_existing_customers(api: Any, victim: Customer) -> None:
    response = api("supervisor").post(
        "/complaints", complaint_body(channel="phone", customer={"phone": VICTIM["phone"]})
    )
    assert response.status_code == 201
    assert Complaint.objects.get(number=response.json()["number"]).customer_id == victim.pk


def test_the_anonymous_portal_does_not_attach_to_someone_elses_record(victim: Customer) -> None:
    response = Client().post("/", form_data(name="冒充者", phone=VICTIM["phone"]))
    assert response.status_code == 302
    assert victim.complaints.count() == 1
    assert Complaint.objects.count() == 2


# --- finding 3: channel platform and deduplication per source ---------------------------------

SECRET = "platform-secret-123"


@pytest.fixture
def tmall() -> PlatformSource:
    return PlatformSource.objects.create(code="tmall", name="天猫投诉中心", secret=SECRET)


def _webhook(body: dict[str, Any]) -> Any:
    raw = json.dumps(body, ensure_ascii=False).encode()
    signature = sign_body(secret=SECRET, timestamp=int(time.time()), body=raw)
    return Client().post(
        "/api/v1/webhooks/platform/tmall",
        raw,
        content_type="application/json",
        HTTP_X_COMPLAINTDESK_SIGNATURE=signature,
    )


def test_api_callers_cannot_use_the_platform_channel(tmall: PlatformSource) -> None:
    attacker = integration_api("shady-crm")
    response = attacker.post(
        "/complaints", complaint_body(channel="platform", external_id="tmall:TM-1")
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert response.json()["details"][0]["code"] == "platform_reserved"
    assert "/api/v1/webhooks/platform/" in response.json()["message"]
    assert not Complaint.objects.exists()
    real = _webhook({"id": "TM-1", "text": "商家发错货，三天不回复。"})
    assert real.status_code == 201 and real.json()["created"] is True
    assert Complaint.objects.get().text == "商家发错货，三天不回复。"


def test_a_platform_complaint_is_not_swallowed_by_an_integration_id(tmall: PlatformSource) -> None:
    # The integration files first, with the id the platform will use, on its own channel.
    integration_api("shady-crm").post("/complaints", complaint_body(external_id="tmall:TM-2"))
    real = _webhook({"id": "TM-2", "text": "真实的平台投诉。"})
    assert real.status_code == 201 and real.json()["created"] is True
    assert Complaint.objects.filter(text="真实的平台投诉。").exists()
    again = _webhook({"id": "TM-2", "text": "真实的平台投诉。"})
    assert again.status_code == 200 and again.json()["created"] is False


def test_reusing_another_sources_id_reveals_nothing_and_writes_nothing_there(api: Any) -> None:
    victim_crm = integration_api("crm")
    original = victim_crm.post("/complaints", complaint_body(external_id="ORDER-77"))
    assert original.status_code == 201
    target = Complaint.objects.get(number=original.json()["number"])
    events_before = ComplaintEvent.objects.filter(complaint=target).count()
    probe = integration_api("shady-crm").post("/complaints", complaint_body(external_id="ORDER-77"))
    assert probe.status_code == 201  # the same answer as for an id nobody used
    assert probe.json()["number"] != target.number
    assert ComplaintEvent.objects.filter(complaint=target).count() == events_before
    assert not ComplaintEvent.objects.filter(
        complaint=target, kind=EventKind.DUPLICATE_RECEIVED
    ).exists()
    # The source's own retry is still one complaint.
    retry = victim_crm.post("/complaints", complaint_body(external_id="ORDER-77"))
    assert retry.status_code == 200 and retry.json()["number"] == target.number
