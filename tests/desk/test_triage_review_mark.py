"""The complaint page marks the triage field whose model was too unsure, while the complaint
waits for review, and never shows that field's probability above what it was."""

from __future__ import annotations

import pytest

from complaintdesk.complaints.models import Complaint
from complaintdesk.desk.presenters import triage_lines

UNSURE_DEMAND = {
    "category": {"value": "service", "source": "model", "confidence": 0.86, "explanation": []},
    "demand": {"value": "apology", "source": "model", "confidence": 0.4969, "explanation": []},
    "review": {
        "value": True,
        "source": "rule",
        "confidence": 0.4969,
        "explanation": ["demand:0.50<0.5"],
    },
}


def test_only_the_unsure_field_is_marked():
    complaint = Complaint(
        category="service", demand="apology", needs_review=True, triage=UNSURE_DEMAND
    )
    marks = {line.field: line.needs_review for line in triage_lines(complaint)}
    assert marks == {"category": False, "demand": True, "priority": False}


def test_nothing_is_marked_once_the_complaint_no_longer_waits_for_review():
    complaint = Complaint(
        category="service", demand="apology", needs_review=False, triage=UNSURE_DEMAND
    )
    assert not any(line.needs_review for line in triage_lines(complaint))


def test_a_probability_is_rounded_down_so_it_never_reads_above_the_review_line():
    complaint = Complaint(
        category="service", demand="apology", needs_review=True, triage=UNSURE_DEMAND
    )
    shown = {line.field: line.confidence for line in triage_lines(complaint)}
    assert shown == {"category": 0.86, "demand": 0.49, "priority": None}


def test_a_garbled_review_entry_or_confidence_is_left_out_not_an_error():
    garbled = {**UNSURE_DEMAND, "review": "yes", "demand": {"confidence": "high"}}
    complaint = Complaint(category="service", demand="apology", needs_review=True, triage=garbled)
    lines = {line.field: line for line in triage_lines(complaint)}
    assert not lines["demand"].needs_review and lines["demand"].confidence is None


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "mark"), [("zh-hans", "待人工复核"), ("en", "needs review")])
def test_the_page_marks_the_unsure_field_in_the_agents_language(
    desk, make_complaint, language, mark
):
    c = make_complaint()
    Complaint.objects.filter(pk=c.pk).update(
        needs_review=True, triage={**c.triage, **UNSURE_DEMAND}
    )
    client = desk("agent")
    client.cookies["django_language"] = language
    page = client.get(f"/desk/c/{c.number}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    card = page[page.index('id="triage"') :].split("</section>")[0]
    lines = card.split("</dd>")
    assert mark in lines[1] and "0.49" in lines[1]  # demand: marked, rounded down
    assert mark not in lines[0] and mark not in lines[2]
    assert card.count(mark) == 1
