"""Disputes between a customer and a merchant, from the API: shops, their users, a complaint
in progress that names its shop, and helpers to open, answer, rule and appeal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from complaintdesk.complaints.choices import RespondentKind
from complaintdesk.complaints.models import Complaint, ComplaintEvent, Department, Respondent
from complaintdesk.sla.calendar import SHANGHAI
from complaintdesk.sla.models import OrgCalendar
from complaintdesk.sla.policies import load_default_policies
from complaintdesk.testing.personas import Persona, respondent_persona
from tests.conftest import Api, complaint_body


def sh(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SHANGHAI)  # type: ignore[misc]


def iso(*args: int) -> str:
    return sh(*args).isoformat()


@pytest.fixture(autouse=True)
def _policies(db: Any) -> None:
    load_default_policies()
    OrgCalendar.objects.get_or_create(
        code="default", defaults={"name": "Default", "is_default": True}
    )


@pytest.fixture
def shops(personas: dict[str, Persona]) -> dict[str, Respondent]:
    """Two shops on the marketplace and a teacher of the tech department."""
    tech = Department.objects.get(code="tech")
    return {
        "shop": Respondent.objects.create(code="shop-a", name="阿福数码旗舰店",
                                          kind=RespondentKind.MERCHANT, phone="0571-88886666"),
        "other_shop": Respondent.objects.create(code="shop-b", name="百味零食店",
                                                kind=RespondentKind.MERCHANT),
        "teacher": Respondent.objects.create(code="teacher-li", name="李老师",
                                             kind=RespondentKind.TEACHER, department=tech),
    }


@pytest.fixture
def people(personas: dict[str, Persona], shops: dict[str, Respondent]) -> dict[str, Persona]:
    """The test personas plus the users of the two shops."""
    return {
        **personas,
        "merchant": respondent_persona("merchant", shops["shop"]),
        "other_merchant": respondent_persona("other_merchant", shops["other_shop"]),
    }


@pytest.fixture
def as_(people: dict[str, Persona]) -> Any:
    def make(name: str | None, language: str = "zh-hans") -> Api:
        return Api(people[name] if name else None, language)

    return make


@pytest.fixture
def frozen() -> Iterator[Any]:
    traveller: list[Any] = []

    def move(moment: dt.datetime) -> None:
        if traveller:
            traveller.pop().stop()
        t = time_machine.travel(moment, tick=False)
        t.start()
        traveller.append(t)

    yield move
    if traveller:
        traveller.pop().stop()


def file_complaint(as_: Any, *, respondent: str = "shop-a", industry: str = "ecommerce",
                   by: str = "customer") -> str:
    """A complaint filed by the customer naming the shop, classified and in progress."""
    body = complaint_body(respondent={"code": respondent})
    response = as_(by).post("/complaints", body)
    assert response.status_code == 201, response.content
    number = response.json()["number"]
    Complaint.objects.filter(number=number).update(
        industry=industry, category="quality", priority="normal", department=None
    )
    for step in ("acknowledged", "in_progress"):
        moved = as_("agent").post(f"/complaints/{number}/transitions", {"to": step})
        assert moved.status_code == 200, moved.content
    return number


def open_dispute(as_: Any, number: str, *, customer_asks: str = "") -> dict[str, Any]:
    response = as_("agent").post(
        f"/complaints/{number}/dispute",
        {
            "question": "耳机左耳无声是否属于质量问题",
            "respondent_asks": "请提供出厂质检报告和发货前检测记录",
            "customer_asks": customer_asks,
        },
    )
    assert response.status_code == 201, response.content
    return dict(response.json())


def events(number: str, *kinds: str) -> list[ComplaintEvent]:
    return list(
        ComplaintEvent.objects.filter(complaint__number=number, kind__in=kinds).order_by("id")
    )


RULING = {
    "responsible": "respondent",
    "outcome": "refund_by_respondent",
    "rationale": "质检报告未覆盖左耳单元，买家视频显示左耳无声，认定为质量问题。",
    "rules": ["quality-defect"],
    "amount": "299.00",
}
