"""The complaint page offers triage's runner-up categories; an agent takes one in one click,
which is a correction like any other (reason, event, agent source)."""

from __future__ import annotations

import pytest
from django.utils import translation

from complaintdesk.complaints.choices import EventKind
from complaintdesk.complaints.models import Complaint, ComplaintEvent
from complaintdesk.desk.presenters import triage_lines

UNSURE_CATEGORY = {
    "category": {
        "value": "contract",
        "source": "model",
        "confidence": 0.5512,
        "explanation": [],
        "alternatives": [
            {"value": "service", "confidence": 0.3109},
            {"value": "billing", "confidence": 0.2011},
        ],
    }
}


def _lines(triage, category="contract"):
    complaint = Complaint(category=category, demand="refund", triage=triage)
    # The page's language, whatever an earlier test in this process left active.
    with translation.override("zh-hans"):
        return {line.field: line for line in triage_lines(complaint)}


def test_the_runner_ups_are_shown_with_their_names_and_probabilities_rounded_down():
    offered = _lines(UNSURE_CATEGORY)["category"].alternatives
    assert [(a.code, a.title, a.probability) for a in offered] == [
        ("service", "服务态度与响应", 0.31),
        ("billing", "收费与支付", 0.20),
    ]


def test_no_runner_up_once_a_person_set_the_value_or_for_unknown_codes():
    corrected = {"category": {**UNSURE_CATEGORY["category"], "source": "agent"}}
    assert _lines(corrected)["category"].alternatives == ()
    # The value itself, a code not in the taxonomy and garbage are left out.
    odd = {
        "category": {
            **UNSURE_CATEGORY["category"],
            "alternatives": [{"value": "contract"}, {"value": "weather"}, "service", None],
        }
    }
    assert _lines(odd)["category"].alternatives == ()
    assert (
        _lines({"category": {**UNSURE_CATEGORY["category"], "alternatives": "x"}})[
            "category"
        ].alternatives
        == ()
    )


def _unsure(make_complaint, **extra):
    c = make_complaint(**extra)
    Complaint.objects.filter(pk=c.pk).update(
        category="contract", triage={**c.triage, **UNSURE_CATEGORY}
    )
    return c


def _card(page: str) -> str:
    return page[page.index('id="triage"') :].split("</section>")[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("zh-hans", ("也可能是", "服务态度与响应", "改为此项")),
        ("en", ("Or perhaps", "Service", "Use this")),
    ],
)
def test_the_agent_sees_the_runner_ups_in_their_language(desk, make_complaint, language, words):
    c = _unsure(make_complaint)
    client = desk("agent")
    client.cookies["django_language"] = language
    card = _card(client.get(f"/desk/c/{c.number}/", HTTP_ACCEPT_LANGUAGE=language).content.decode())
    assert all(word in card for word in words)
    assert card.count('name="value" value="service"') == 1
    assert card.count('name="value" value="billing"') == 1


@pytest.mark.django_db
def test_taking_a_runner_up_corrects_the_category_with_a_reason_and_an_event(desk, make_complaint):
    c = _unsure(make_complaint)
    client = desk("agent")
    response = client.post(
        f"/desk/c/{c.number}/correct/",
        {"field": "category", "value": "service", "reason": "采用分流给出的备选分类"},
    )
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.category == "service" and c.triage["category"]["source"] == "agent"
    event = ComplaintEvent.objects.get(complaint=c, kind=EventKind.CORRECTED)
    assert (event.data["before"], event.data["after"]) == ("contract", "service")
    # Once a person chose, nothing is offered any more.
    assert "也可能是" not in _card(client.get(f"/desk/c/{c.number}/").content.decode())


@pytest.mark.django_db
def test_an_auditor_sees_the_runner_ups_but_no_button(desk, make_complaint):
    c = _unsure(make_complaint)
    card = _card(desk("auditor").get(f"/desk/c/{c.number}/").content.decode())
    assert "也可能是" in card and "服务态度与响应" in card
    assert "/correct/" not in card and "改为此项" not in card


@pytest.mark.django_db
def test_staff_of_another_department_cannot_take_a_runner_up(desk, make_complaint):
    c = _unsure(make_complaint, department="tech")
    response = desk("other_dept").post(
        f"/desk/c/{c.number}/correct/",
        {"field": "category", "value": "service", "reason": "采用分流给出的备选分类"},
    )
    assert response.status_code == 404
    c.refresh_from_db()
    assert c.category == "contract"
    assert not ComplaintEvent.objects.filter(complaint=c, kind=EventKind.CORRECTED).exists()
