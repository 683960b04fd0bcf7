"""The two unseen sets are frozen: a changed row would let a later choice be fitted to them."""

import hashlib

from complaintdesk.triage.nlp.fieldscores import UNSEEN_2_CSV, load_unseen_rows

TAXONOMY = {
    "category": {
        "quality",
        "misdescription",
        "logistics",
        "service",
        "billing",
        "contract",
        "technical",
        "account_security",
        "other",
    },
    "demand": {
        "refund",
        "return_exchange",
        "compensation",
        "redo",
        "apology",
        "explanation",
        "cancel_service",
        "other",
    },
    "priority": {"urgent", "high", "normal", "low"},
    "sentiment": {"angry", "negative", "neutral", "positive"},
    "industry": {"ecommerce", "education", "delivery", "insurance", "other"},
}
FLAGS = {"legal_threat", "media_exposure", "regulator", "safety", "repeat"}


def test_second_unseen_set_is_frozen():
    digest = hashlib.sha256(UNSEEN_2_CSV.read_bytes()).hexdigest()
    assert digest == "36eb099da9fe2604aa65a56a207bf82bb6d22bce9b45eba4f6db6340f92dea64"


def test_second_unseen_set_uses_taxonomy_codes_only():
    rows = load_unseen_rows(UNSEEN_2_CSV)
    assert len(rows) == 240
    for row in rows:
        for field, codes in TAXONOMY.items():
            assert row[field] in codes, (row["id"], field, row[field])
        assert {f for f in row["risk_flags"].split(";") if f} <= FLAGS
    assert {r["industry"] for r in rows} >= {"ecommerce", "education", "delivery", "insurance"}
