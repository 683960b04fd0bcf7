"""Respondents: named at intake (API, platform webhook) or by staff, a filter of the desk and
the API, a key of their own, and the customer's contacts masked in what they read."""

from __future__ import annotations

import json
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from complaintdesk.complaints.models import Complaint, Respondent
from complaintdesk.intake.models import PlatformSource
from complaintdesk.lib.signatures import sign_body
from complaintdesk.lib.text import mask_contacts_in_text
from tests.conftest import complaint_body
from tests.disputes.conftest import events

pytestmark = pytest.mark.django_db


def test_intake_names_the_respondent_creating_it_once(as_, shops) -> None:
    body = complaint_body(respondent={"code": "shop-new", "name": "新开小店", "kind": "merchant"})
    first = as_("agent").post("/complaints", body).json()
    second = as_("agent").post("/complaints", complaint_body(
        respondent={"code": "shop-new", "name": "改了名字"}
    )).json()
    assert first["respondent"] == {"code": "shop-new", "name": "新开小店", "kind": "merchant"}
    assert second["respondent"]["name"] == "新开小店"  # found by code, not renamed
    assert Respondent.objects.filter(code="shop-new").count() == 1


def test_a_bad_respondent_at_intake_is_refused(as_, shops) -> None:
    response = as_("agent", "en").post("/complaints", complaint_body(
        respondent={"code": "has space", "kind": "shopkeeper"}
    ))
    assert response.status_code == 422
    fields = {d["field"] for d in response.json()["details"]}
    assert fields == {"respondent.code", "respondent.kind"}
    assert not Complaint.objects.exists()


def test_the_platform_webhook_names_the_shop(personas) -> None:
    PlatformSource.objects.create(code="tmall", name="天猫投诉中心", secret="s3cret")
    complaint = {"id": "TM-1", "text": "发错货", "shop": {"id": "9931", "name": "某某旗舰店"}}
    body = json.dumps(complaint, ensure_ascii=False).encode()
    signature = sign_body(secret="s3cret", timestamp=int(time.time()), body=body)
    response = Client().post("/api/v1/webhooks/platform/tmall", body,
                             content_type="application/json",
                             HTTP_X_COMPLAINTDESK_SIGNATURE=signature)
    assert response.status_code == 201, response.content
    complaint = Complaint.objects.get()
    assert complaint.respondent is not None
    assert (complaint.respondent.code, complaint.respondent.name,
            complaint.respondent.platform) == ("tmall-9931", "某某旗舰店", "tmall")


def test_staff_name_and_change_the_respondent_and_filter_by_it(as_, shops) -> None:
    number = as_("agent").post("/complaints", complaint_body()).json()["number"]
    named = as_("agent").post(f"/complaints/{number}/respondent", {"respondent": "shop-b"})
    assert named.status_code == 200 and named.json()["respondent"]["code"] == "shop-b"
    again = as_("agent", "en").post(f"/complaints/{number}/respondent", {"respondent": "shop-b"})
    assert again.status_code == 422
    unknown = as_("agent", "en").post(f"/complaints/{number}/respondent", {"respondent": "zzz"})
    assert unknown.status_code == 404
    [event] = events(number, "respondent_named")
    assert (event.data["before"], event.data["after"]) == (None, "shop-b")
    listed = as_("agent").get("/complaints", respondent="shop-b").json()["items"]
    assert [c["number"] for c in listed] == [number]
    assert as_("agent").get("/complaints", respondent="shop-a").json()["items"] == []


def test_the_desk_queue_filters_by_respondent(as_, people, shops) -> None:
    number = as_("agent").post("/complaints", complaint_body(respondent={"code": "shop-a"}))
    other = as_("agent").post("/complaints", complaint_body(respondent={"code": "shop-b"}))
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(people["agent"].user)
    page = client.get("/desk/?queue=open&respondent=shop-a").content.decode()
    assert number.json()["number"] in page and other.json()["number"] not in page
    assert "阿福数码旗舰店" in page


def test_a_respondent_key_is_made_by_the_command(shops) -> None:
    out, err = StringIO(), StringIO()
    call_command("apikey", "create", "--name", "afu", "--role", "respondent",
                 "--respondent", "shop-a", stdout=out, stderr=err)
    key = out.getvalue().strip()
    detail = Client().get("/api/v1/complaints", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert detail.status_code == 200 and detail.json()["items"] == []
    with pytest.raises(Exception, match="--respondent"):
        call_command("apikey", "create", "--name", "x", "--role", "respondent",
                     stdout=StringIO(), stderr=StringIO())


def test_contacts_in_free_text_are_masked() -> None:
    text = "我的电话13912345678，邮箱wang.li@example.com，订单号20261009123456789"
    masked = mask_contacts_in_text(text)
    assert "139****5678" in masked and "w***@example.com" in masked
    assert "20261009123456789" in masked
