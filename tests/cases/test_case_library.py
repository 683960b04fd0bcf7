"""The case library: a supervisor adds a resolved complaint as a case, anonymised (text,
messages, file names) with the complaint unchanged; reviews, edits and publishes it; staff
browse, search, mark for training and print; everyone else finds no library (404)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from complaintdesk.cases.models import Case
from complaintdesk.complaints.actors import actor_for_user
from complaintdesk.complaints.attachments import attachment_store
from complaintdesk.complaints.models import Attachment, Complaint, ComplaintEvent, Message
from complaintdesk.testing.personas import respondent_persona
from complaintdesk.workflows.reply import reply
from tests.cases.conftest import (
    CARD,
    EMAIL,
    ID_NUMBER,
    MESSAGE_PHONE,
    PHONE,
    World,
)
from tests.conftest import Api

pytestmark = pytest.mark.django_db
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
PERSONAL = (
    "赵丽",
    PHONE,
    ID_NUMBER,
    EMAIL,
    CARD,
    MESSAGE_PHONE,
    "ED-2026-55821",
    "agent",
    "阳光路18号",
)


@pytest.fixture(autouse=True)
def _files(settings: Any, tmp_path: Any) -> None:
    settings.ATTACHMENT_ROOT = tmp_path / "attachments"


@pytest.fixture
def resolved(world: World, personas) -> Complaint:
    """The first school's complaint, with the customer's message, an agent's reply, an
    internal note and a file named after the customer, resolved."""
    complaint = world.inside[0]
    agent = actor_for_user(personas["agent"].user)
    assert agent is not None
    reply(
        complaint=complaint,
        actor=agent,
        body="赵女士您好，我是agent，已联系学校，退款将退回尾号0123的卡。",
        internal=False,
    )
    Message.objects.create(
        complaint=complaint,
        kind="inbound",
        created_at=timezone.now(),
        body=f"我住在北京市海淀区阳光路18号，电话{PHONE}，请尽快处理。",
    )
    reply(complaint=complaint, actor=agent, body="内部：家长很着急。", internal=True)
    attachment_store(
        complaint=complaint, filename=f"赵丽_身份证{ID_NUMBER}.png", content=PNG, actor=agent
    )
    Complaint.objects.filter(pk=complaint.pk).update(
        status="resolved", title=f"赵丽要求退费 {PHONE}", category="teacher"
    )
    complaint.refresh_from_db()
    return complaint


def snapshot(complaint: Complaint) -> Any:
    complaint.refresh_from_db()
    return (
        complaint.text,
        complaint.title,
        complaint.status,
        list(Message.objects.filter(complaint=complaint).values_list("body", flat=True)),
        list(Attachment.objects.filter(complaint=complaint).values_list("filename", flat=True)),
        ComplaintEvent.objects.filter(complaint=complaint).count(),
    )


def desk(persona: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(persona.user)
    return client


def test_a_case_is_anonymised_and_the_complaint_is_unchanged(resolved: Complaint, personas) -> None:
    before = snapshot(resolved)
    response = desk(personas["supervisor"]).post(f"/desk/c/{resolved.number}/case/")
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.status == "draft" and case.complaint == resolved
    stored = " ".join(
        [case.title, case.text, *[m["body"] for m in case.thread], *case.attachment_names]
    )
    for value in PERSONAL:
        assert value not in stored, value
    assert "【手机号】" in case.text and "【证件号】" in case.text and "【邮箱】" in case.text
    assert "【银行卡号】" in case.text and "【订单号】" in case.text and "【姓名】" in case.text
    assert "【地址】" in stored
    assert "内部：家长很着急" not in stored  # internal notes stay out of the library
    assert case.attachment_names == ["【姓名】_身份证【证件号】.png"]
    assert [m["kind"] for m in case.thread] == ["outbound", "outbound", "inbound"]
    assert snapshot(resolved) == before


def test_the_reviewer_edits_and_publishes_then_staff_find_it(resolved: Complaint, personas) -> None:
    supervisor = desk(personas["supervisor"])
    supervisor.post(f"/desk/c/{resolved.number}/case/")
    case = Case.objects.get()
    agent = desk(personas["agent"])
    assert agent.get(f"/desk/cases/{case.pk}/").status_code == 404  # a draft
    assert f'data-case="{case.pk}"' not in agent.get("/desk/cases/").content.decode()
    form = {
        "title": "老师迟到，家长要求退费",
        "text": case.text + "（审核时补充：课程为周末班。）",
        "went_well": "当天回电，三天内退款。",
        "went_wrong": "排课变动没有提前通知家长。",
        "lesson": "排课变动须提前48小时书面通知。",
        "tags": "排课, 退费，教师",
        **{f"thread_{i}": m["body"] for i, m in enumerate(case.thread)},
        "publish": "1",
    }
    assert supervisor.post(f"/desk/cases/{case.pk}/review/", form).status_code == 302
    case.refresh_from_db()
    assert case.is_published and case.reviewed_by == personas["supervisor"].user
    assert case.tags == ["排课", "退费", "教师"] and case.text.endswith("周末班。）")
    page = agent.get(f"/desk/cases/{case.pk}/").content.decode()
    assert "排课变动须提前48小时书面通知。" in page and 'id="case-review"' not in page
    found = agent.get("/desk/cases/", {"q": "提前48小时 周末班"}).content.decode()
    assert f'data-case="{case.pk}"' in found
    assert f'data-case="{case.pk}"' in agent.get("/desk/cases/?tag=排课").content.decode()
    assert f'data-case="{case.pk}"' not in agent.get("/desk/cases/?tag=排").content.decode()
    missing = agent.get("/desk/cases/", {"q": "快递丢失"}).content.decode()
    assert f'data-case="{case.pk}"' not in missing
    # the search covers the anonymised text only: the customer's real phone finds nothing
    assert f'data-case="{case.pk}"' not in agent.get("/desk/cases/", {"q": PHONE}).content.decode()


def test_publishing_is_refused_while_a_phone_is_left_and_nothing_is_saved(
    resolved: Complaint, personas
) -> None:
    supervisor = Api(personas["supervisor"])
    created = supervisor.post("/cases", {"complaint": resolved.number})
    assert created.status_code == 201
    case = created.json()
    body = {
        "title": "t",
        "text": "家长说可以打13500001111找她。",
        "thread": [m["body"] for m in case["thread"]],
        "publish": True,
    }
    refused = supervisor.post(f"/cases/{case['id']}/review", body)
    assert refused.status_code == 422 and "13500001111" in refused.json()["message"]
    stored = Case.objects.get()
    assert stored.status == "draft" and "13500001111" not in stored.text


def test_training_mark_and_print_view(resolved: Complaint, personas) -> None:
    supervisor = desk(personas["supervisor"])
    supervisor.post(f"/desk/c/{resolved.number}/case/")
    case = Case.objects.get()
    supervisor.post(f"/desk/cases/{case.pk}/training/", {"for_training": "1"})
    case.refresh_from_db()
    assert case.for_training
    listed = supervisor.get("/desk/cases/?training=on").content.decode()
    assert f'data-case="{case.pk}"' in listed
    printed = supervisor.get(f"/desk/cases/{case.pk}/print/")
    assert printed.status_code == 200
    html = printed.content.decode()
    assert 'id="case-print-page"' in html and "desk/cases.css" in html and PHONE not in html
    assert 'class="nav' not in html  # the print view has no desk chrome


def test_only_a_resolved_complaint_becomes_a_case_once(world: World, resolved, personas) -> None:
    supervisor = Api(personas["supervisor"])
    open_one = supervisor.post("/cases", {"complaint": world.inside[1].number})
    assert open_one.status_code == 409 and Case.objects.count() == 0
    assert supervisor.post("/cases", {"complaint": resolved.number}).status_code == 201
    again = supervisor.post("/cases", {"complaint": resolved.number})
    assert again.status_code == 409 and Case.objects.count() == 1


@pytest.mark.parametrize("who", ["agent", "dept", "auditor", "customer", "integration"])
def test_who_may_not_add_or_publish_gets_404(resolved: Complaint, personas, who: str) -> None:
    response = Api(personas[who]).post("/cases", {"complaint": resolved.number})
    assert response.status_code == 404 and Case.objects.count() == 0
    Api(personas["supervisor"]).post("/cases", {"complaint": resolved.number})
    case = Case.objects.get()
    body = {"title": "t", "text": "x", "thread": [m["body"] for m in case.thread], "publish": True}
    assert Api(personas[who]).post(f"/cases/{case.pk}/review", body).status_code == 404
    training = Api(personas[who]).post(f"/cases/{case.pk}/training", {"for_training": True})
    assert training.status_code == 404
    case.refresh_from_db()
    assert case.status == "draft" and not case.for_training


@pytest.mark.parametrize("who", ["auditor", "customer", "integration", "respondent", "overseer"])
def test_the_library_does_not_exist_outside_staff(
    world: World, resolved: Complaint, personas, who: str
) -> None:
    Api(personas["supervisor"]).post("/cases", {"complaint": resolved.number})
    case = Case.objects.get()
    case_id = case.pk
    Case.objects.filter(pk=case_id).update(
        status="published", reviewed_by=personas["admin"].user, published_at=case.created_at
    )
    persona = {
        "respondent": respondent_persona("school", resolved.respondent),
        "overseer": world.overseer,
    }.get(who) or personas[who]
    api = Api(persona)
    assert api.get("/cases").status_code == 404
    assert api.get(f"/cases/{case_id}").status_code == 404
    if who in {"auditor", "overseer"}:
        client = desk(persona)
        for path in ("/desk/cases/", f"/desk/cases/{case_id}/", f"/desk/cases/{case_id}/print/"):
            assert client.get(path).status_code == 404, path


def test_staff_read_published_cases_by_the_api(resolved: Complaint, personas) -> None:
    created = Api(personas["supervisor"]).post("/cases", {"complaint": resolved.number}).json()
    assert Api(personas["agent"]).get("/cases").json() == []
    body = {
        "title": "老师迟到",
        "text": created["text"],
        "thread": [m["body"] for m in created["thread"]],
        "lesson": "提前通知",
        "tags": ["排课"],
        "publish": True,
    }
    assert Api(personas["admin"]).post(f"/cases/{created['id']}/review", body).status_code == 200
    listed = Api(personas["dept"]).get("/cases", q="提前通知").json()
    assert [c["id"] for c in listed] == [created["id"]]
    assert Api(personas["agent"]).get("/cases", tag="排课").json()[0]["lesson"] == "提前通知"
