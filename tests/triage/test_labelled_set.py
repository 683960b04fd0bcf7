"""The product's own labelled set: reproducible, large enough, labels from the taxonomy."""

import csv
import hashlib
from collections import Counter

from complaintdesk.triage.data.build_labelled import (
    COLUMNS,
    LABEL_COLUMNS,
    OUTPUT,
    build_rows,
    slot_values,
)
from complaintdesk.triage.data.phrases import SLOTS

# The test split is frozen: its rows (text and labels) hash to this value.  A change to the
# generator that alters a single test row fails here; rules are written against train only.
FROZEN_TEST_SHA256 = "538ea1501d2f6938c7aed83111e0bce975ddcd512e00d6d9f04dd67d4a465abd"

CATEGORIES = {
    "quality",
    "misdescription",
    "logistics",
    "service",
    "billing",
    "contract",
    "technical",
    "account_security",
    "other",
}
DEMANDS = {
    "refund",
    "return_exchange",
    "compensation",
    "redo",
    "apology",
    "explanation",
    "cancel_service",
    "other",
}
FLAGS = {"legal_threat", "media_exposure", "regulator", "safety", "repeat"}


def rows():
    with OUTPUT.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_is_what_the_generator_writes():
    assert rows() == build_rows()


def test_size_split_and_labels():
    data = rows()
    assert tuple(data[0]) == COLUMNS
    assert len(data) >= 2000
    splits = Counter(r["split"] for r in data)
    assert 0.15 <= splits["test"] / len(data) <= 0.25
    assert {r["category"] for r in data} == CATEGORIES
    assert {r["demand"] for r in data} == DEMANDS
    assert {r["priority"] for r in data} == {"urgent", "high", "normal", "low"}
    assert {r["sentiment"] for r in data} == {"angry", "negative", "neutral", "positive"}
    industries = {"ecommerce", "education", "delivery", "insurance", "other"}
    assert {r["industry"] for r in data} == industries
    assert {f for r in data for f in r["risk_flags"].split(";") if f} == FLAGS
    assert len({r["text"] for r in data}) == len(data)


def test_test_split_has_english_and_traditional_rows():
    test = [r["text"] for r in rows() if r["split"] == "test"]
    assert any(t.isascii() for t in test)
    assert any(ch in t for t in test for ch in "們還這個")


def test_the_test_split_is_frozen():
    digest = hashlib.sha256()
    for row in rows():
        if row["split"] == "test":
            digest.update(("\t".join(row[c] for c in LABEL_COLUMNS[:-1]) + "\n").encode())
    assert digest.hexdigest() == FROZEN_TEST_SHA256


def test_slot_fillers_of_train_and_test_do_not_overlap():
    for slots in SLOTS.values():
        for values in slots.values():
            if len(values) >= 2:
                assert not set(slot_values(values, "train")) & set(slot_values(values, "test"))
