"""Agreement between two labellers, and the second labels of sets 5 and 6."""

import pytest

from complaintdesk.triage.nlp.agreement import SECOND_LABELS_CSV, agreement, paired_rows
from tests.triage.test_unseen_sets import TAXONOMY


def test_agreement_of_identical_labels_is_perfect():
    labels = ["refund", "apology", "other", "refund"]
    assert agreement(labels, labels) == {"accuracy": 1.0, "kappa": 1.0, "macro_f1": 1.0, "n": 4}


def test_agreement_counts_chance_in_kappa():
    first = ["a", "a", "b", "b"]
    second = ["a", "b", "a", "b"]  # right half the time, as chance would be
    found = agreement(first, second)
    assert found["accuracy"] == 0.5
    assert found["kappa"] == 0.0


def test_agreement_refuses_lists_of_different_length():
    with pytest.raises(ValueError, match="3 first labels but 2 second labels"):
        agreement(["a", "b", "c"], ["a", "b"])


def test_agreement_refuses_nothing_to_compare():
    with pytest.raises(ValueError, match="no labels"):
        agreement([], [])


def test_second_labels_for_unknown_rows_are_refused(tmp_path):
    path = tmp_path / "second.csv"
    path.write_text("id,category,demand,labeller\nnot-a-row,quality,refund,a\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not-a-row"):
        paired_rows(path)


def test_every_row_of_sets_5_and_6_has_second_labels_in_taxonomy_codes():
    pairs = paired_rows(SECOND_LABELS_CSV)
    assert len(pairs) == 480
    assert len({first["id"] for first, _ in pairs}) == 480
    for _first, second in pairs:
        assert second["category"] in TAXONOMY["category"]
        assert second["demand"] in TAXONOMY["demand"]
