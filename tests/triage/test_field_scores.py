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
    per_label = figures["category"]["per_label"]
    assert sum(entry["support"] for entry in per_label.values()) == 40
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


def test_bootstrap_macro_f1_counts_as_the_published_figure_does():
    import random

    import numpy as np

    from complaintdesk.triage.nlp.evaluate import macro_f1_present, score_labels

    rng = random.Random(7)
    codes = ["quality", "billing", "service", "technical"]
    for _ in range(20):
        truth = [rng.choice(codes[:3]) for _ in range(30)]
        predicted = [rng.choice(codes) for _ in range(30)]  # a label only predicted counts too
        expected = score_labels(truth, predicted)["macro_f1"]
        got = macro_f1_present(np.asarray(truth, dtype=object), np.asarray(predicted, dtype=object))
        assert round(got, 4) == expected


def _result(category, demand, priority, flags):
    from types import SimpleNamespace

    return SimpleNamespace(
        category=SimpleNamespace(value=category),
        demand=SimpleNamespace(value=demand),
        priority=SimpleNamespace(value=priority),
        risk_flags=SimpleNamespace(value=list(flags)),
    )


def _row(category, demand, priority, flags):
    return {"category": category, "demand": demand, "priority": priority, "risk_flags": flags}


def test_target_intervals_are_a_point_when_every_answer_is_right_and_widen_when_half_are_wrong():
    from complaintdesk.triage.nlp.fieldscores import target_intervals

    rows = [_row("quality", "refund", "urgent", "safety")] * 20 + [
        _row("billing", "apology", "normal", "")
    ] * 20
    right = [_result("quality", "refund", "urgent", ["safety"])] * 20 + [
        _result("billing", "apology", "normal", [])
    ] * 20
    assert target_intervals(rows, right, draws=200) == {
        name: [1.0, 1.0]
        for name in (
            "urgent_recall",
            "urgent_precision",
            "risk_flag_recall",
            "category_macro_f1",
            "demand_macro_f1",
        )
    }
    # Half the urgent rows missed: recall 0.5 on these rows, and other draws of 40 rows differ.
    half = [
        _result("quality", "refund", "urgent" if n % 2 else "high", ["safety"]) for n in range(20)
    ]
    low, high = target_intervals(rows, half + right[20:], draws=500)["urgent_recall"]
    assert low < 0.5 < high and high - low > 0.2


def test_the_targets_carry_their_bootstrap_interval():
    figures = field_figures(load_unseen_rows()[:40], default_models())
    for name, entry in against_targets(figures).items():
        low, high = entry["interval_95"]
        assert 0 <= low <= high <= 1, name
