"""The complaint page says which risk flags triage's risk model raised, with its probability."""

from __future__ import annotations

import pytest

from complaintdesk.complaints.models import Complaint
from complaintdesk.desk.presenters import RiskTag, risk_tags

RAISED_BY_MODEL = {
    "value": ["legal_threat", "safety"],
    "source": "model",
    "confidence": 0.71,
    "explanation": ["legal_threat:律师", "safety:model:0.71", "safety:text:上吐下泻"],
}


def test_a_flag_the_model_raised_carries_its_probability():
    complaint = Complaint(
        risk_flags=["legal_threat", "safety"], triage={"risk_flags": RAISED_BY_MODEL}
    )
    assert [(t.probability) for t in risk_tags(complaint)] == [None, 0.71]


def test_flags_from_the_lexicon_or_an_agent_carry_none():
    lexicon = {**RAISED_BY_MODEL, "source": "rule", "explanation": ["legal_threat:律师"]}
    agent = {**RAISED_BY_MODEL, "source": "agent"}
    for entry in (lexicon, agent, None):
        complaint = Complaint(risk_flags=["legal_threat", "safety"], triage={"risk_flags": entry})
        assert all(t.probability is None for t in risk_tags(complaint))


def test_a_garbled_probability_is_left_out_not_an_error():
    entry = {**RAISED_BY_MODEL, "explanation": ["safety:model:high"]}
    complaint = Complaint(risk_flags=["safety"], triage={"risk_flags": entry})
    assert risk_tags(complaint) == [RiskTag(risk_tags(complaint)[0].name, None)]


@pytest.mark.django_db
def test_the_page_shows_the_model_and_its_probability_beside_the_flag(desk, make_complaint):
    c = make_complaint()
    Complaint.objects.filter(pk=c.pk).update(
        risk_flags=["legal_threat", "safety"], triage={**c.triage, "risk_flags": RAISED_BY_MODEL}
    )
    page = desk("agent").get(f"/desk/c/{c.number}/").content.decode()
    risks = page[page.index('id="risks"') :].split("</dd>")[0]
    assert "人身安全" in risks and "(模型 · 0.71)" in risks
    assert risks.count("模型") == 1  # the lexicon's legal-threat flag carries no mark
