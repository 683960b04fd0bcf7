"""The figures bench/triage.py prints for the frozen test split and the unseen set."""

from complaintdesk.triage.nlp.fieldscores import (
    TARGETS,
    against_targets,
    field_figures,
    load_unseen_rows,
)
from complaintdesk.triage.nlp.pipeline import default_models

FIELDS = {"category", "demand", "industry", "sentiment", "priority", "risk_flags"}


def test_unseen_set_is_labelled_with_taxonomy_codes():
    rows = load_unseen_rows()
    assert len(rows) >= 100
    assert {r["priority"] for r in rows} == {"urgent", "high", "normal", "low"}
    assert sum(r["priority"] == "urgent" for r in rows) >= 20


def test_every_field_is_scored_with_and_without_rules_and_checked_against_targets():
    figures = field_figures(load_unseen_rows()[:40], default_models())
    assert set(figures) >= FIELDS
    for field in FIELDS - {"risk_flags"}:
        assert "with_rules" in figures[field] and "model_only" in figures[field]
    # Risk flags: as the pipeline runs, and the lexicon alone without the risk model.
    assert figures["risk_flags"]["lexicon_only"]["all_flags"]["support"] >= 0
    assert 0 <= figures["risk_flags"]["decided_by_model"] <= 40
    assert figures["category"]["model_only"]["n"] == 40
    assert 0 <= figures["review"]["share_marked"] <= 1
    checked = against_targets(figures)
    assert set(checked) == set(TARGETS)
    assert all(isinstance(entry["met"], bool) for entry in checked.values())


def test_overlap_counts_the_share_of_a_rows_four_grams_one_training_text_holds():
    from complaintdesk.triage.nlp.fieldscores import overlap_shares, overlap_with_training

    rows = [{"text": "外卖送错了地址"}, {"text": "课程老师换了好几次"}, {"text": "短"}]
    shares = overlap_shares(rows, ["外卖送错了地址，退钱", "老师换了"])
    # row 1: all 4 of its 4-grams in one text; row 2: 1 of 6 (老师换了); row 3: none to share
    assert shares == [1.0, 1 / 6, 0.0]
    figures = overlap_with_training(shares)
    assert figures == {"median": round(1 / 6, 4), "max": 1.0, "rows_over_30_percent": 1, "n": 3}
