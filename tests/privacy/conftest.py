"""A customer with everything the product can hold about a person: complaints with their
text, messages, an attachment, a dispute with evidence and a ruling, a remedy, outbox mail and
an idempotency record. The dispute fixtures (shops, their users, frozen time) are shared."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from complaintdesk.complaints.actors import Actor
from complaintdesk.complaints.attachments import attachment_store
from complaintdesk.complaints.choices import Role
from complaintdesk.complaints.models import Complaint
from complaintdesk.disputes.defaults import load_default_ruling_rules
from complaintdesk.disputes.models import RulingRule
from tests.conftest import complaint_body
from tests.disputes.conftest import (  # noqa: F401 - the dispute fixtures, shared
    RULING,
    _policies,
    as_,
    frozen,
    open_dispute,
    people,
    sh,
    shops,
)

PERSON = {
    "name": "欧阳娜娜",
    "phone": "13712349876",
    "email": "ouyang.nana@example.org",
    "id_number": "110101199003071233",
}


def needles() -> list[bytes]:
    """Each value as UTF-8 and as JSON writes it with non-ASCII characters escaped."""
    found = []
    for value in PERSON.values():
        found.append(value.encode())
        found.append(json.dumps(value)[1:-1].encode())
    return sorted(set(found))


def files_holding(folder: Path) -> dict[str, list[bytes]]:
    hits: dict[str, list[bytes]] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            inside = [n for n in needles() if n in data]
            if inside:
                hits[str(path)] = inside
    return hits


@pytest.fixture
def data_dirs(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path
    settings.ATTACHMENT_ROOT = tmp_path / "attachments"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    return tmp_path


def _move(api: Any, number: str, by: str, to: str, **extra: Any) -> None:
    moved = api(by).post(f"/complaints/{number}/transitions", {"to": to, **extra})
    assert moved.status_code == 200, moved.content


@pytest.fixture
def person_history(request: pytest.FixtureRequest, data_dirs: Path) -> dict[str, Any]:
    """Two complaints of the person, the first disputed and remedied; both end closed when
    ``close()`` is called, so tests can try an erasure before and after."""
    api = request.getfixturevalue("as_")
    cast = request.getfixturevalue("people")
    travel = request.getfixturevalue("frozen")
    load_default_ruling_rules(RulingRule)
    customer = cast["customer"].customer
    for field, value in PERSON.items():
        setattr(customer, field, value)
    customer.save()
    travel(sh(2026, 10, 9, 10))
    text = (
        f"我是{PERSON['name']}，电话 {PERSON['phone']}，身份证 {PERSON['id_number']}，"
        f"邮箱 {PERSON['email']}。买的耳机左耳没有声音。"
    )
    body = complaint_body(
        respondent={"code": "shop-a"},
        text=text,
        customer={"name": PERSON["name"], "phone": PERSON["phone"], "email": PERSON["email"]},
    )
    created = api("customer").post("/complaints", body, HTTP_IDEMPOTENCY_KEY="privacy-1")
    assert created.status_code == 201, created.content
    first = created.json()["number"]
    second_body = complaint_body(
        text=f"{PERSON['name']}：上次的退款还没到账，请回电 {PERSON['phone']}"
    )
    second = api("customer").post("/complaints", second_body).json()["number"]
    Complaint.objects.filter(number__in=[first, second]).update(
        industry="ecommerce", category="quality", priority="normal", department=None
    )
    for number in (first, second):
        _move(api, number, "agent", "acknowledged")
        _move(api, number, "agent", "in_progress")
    said = api("customer").post(
        f"/complaints/{first}/messages", {"body": f"我的手机 {PERSON['phone']}，随时可以联系"}
    )
    assert said.status_code == 201, said.content
    replied = api("agent").post(
        f"/complaints/{first}/messages", {"body": f"{PERSON['name']}您好，我们已联系商家。"}
    )
    assert replied.status_code == 201, replied.content
    complaint = Complaint.objects.get(number=first)
    actor = Actor(user_id=cast["customer"].user.pk, role=Role.CUSTOMER, customer_id=customer.pk)
    attachment_store(
        complaint=complaint,
        filename=f"{PERSON['name']}-发票.txt",
        actor=actor,
        content=f"发票抬头 {PERSON['name']} 证件 {PERSON['id_number']}".encode(),
    )
    open_dispute(api, first, customer_asks=f"请{PERSON['name']}提供开箱视频")
    travel(sh(2026, 10, 9, 11))
    evidence = api("customer").post(
        f"/complaints/{first}/dispute/evidence",
        {"kind": "statement", "text": f"开箱时录像，联系人 {PERSON['name']} {PERSON['phone']}"},
    )
    assert evidence.status_code == 201, evidence.content
    ruled = api("agent").post(f"/complaints/{first}/dispute/ruling", RULING)
    assert ruled.status_code == 201, ruled.content
    remedy = api("agent").post(
        f"/complaints/{first}/remedies",
        {"kind": "apology", "note": f"向{PERSON['name']}致歉，电话 {PERSON['phone']} 回访"},
    )
    assert remedy.status_code == 201, remedy.content

    def close() -> None:
        travel(sh(2026, 10, 20, 10))  # past the appeal period: the dispute can close
        _move(api, first, "agent", "in_progress")
        for number in (first, second):
            _move(api, number, "agent", "resolved", reason=f"已处理，{PERSON['name']}满意")
            _move(api, number, "customer", "closed")

    return {
        "customer": customer,
        "numbers": [first, second],
        "close": close,
        "agent": cast["agent"].user,
    }
