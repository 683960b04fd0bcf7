"""No rule term may come from the test split: a term the test rows use and train never does
was written by reading the test rows, and would make the test figures meaningless."""

import json
import re

from complaintdesk.triage.nlp.audit import (
    FROZEN_TERMS_PATH,
    SPEC_WORDS,
    RuleTerm,
    rule_terms,
    split_alternatives,
    terms_added_since,
    terms_only_in_test,
)
from complaintdesk.triage.nlp.corpora import load_labelled_rows, training_rows
from complaintdesk.triage.nlp.fieldscores import UNSEEN_SETS, load_unseen_rows


def _split(name):
    return [r["text"] for r in load_labelled_rows() if r["split"] == name]


def _training_texts():
    """The own train split and the written complaints."""
    return [r["text"] for r in training_rows()]


def test_no_rule_term_occurs_only_in_the_test_split():
    leaked = terms_only_in_test(_training_texts(), _split("test"), rule_terms())
    assert [f"{t.source} {t.term}" for t in leaked] == []


def test_no_term_added_since_the_second_unseen_set_occurs_only_in_test_data():
    """A term added after the unseen sets were frozen could have been read from them."""
    unseen = [r["text"] for path in UNSEEN_SETS.values() for r in load_unseen_rows(path)]
    added = terms_added_since(rule_terms())
    assert added, "the rules changed since the freeze, so this check has terms to audit"
    leaked = terms_only_in_test(_training_texts(), _split("test") + unseen, added)
    assert [f"{t.source} {t.term}" for t in leaked] == []


def test_terms_at_the_freeze_are_listed():
    frozen = json.loads(FROZEN_TERMS_PATH.read_text(encoding="utf-8"))
    assert len(frozen) > 900
    assert "risk:regulator 12315" in frozen
    planted = [RuleTerm("risk:regulator", "维权中心", re.compile("维权中心"))]
    assert terms_added_since(planted) == planted


def test_the_check_catches_a_term_only_the_test_split_uses():
    train = ["商品坏了，我要退款。"]
    test = ["商品坏了，我要找维权中心。"]
    terms = [t for t in rule_terms() if t.source.startswith("risk:regulator")]
    assert terms_only_in_test(train, test, terms) == []
    planted = [RuleTerm("risk:regulator", "维权中心", re.compile("维权中心"))]
    assert [t.term for t in terms_only_in_test(train, test, planted)] == ["维权中心"]


def test_words_the_specification_names_are_allowed():
    assert {"12315", "记者", "过敏", "黑猫投诉"} <= SPEC_WORDS


def test_regex_alternatives_are_audited_one_by_one():
    assert split_alternatives(r"老人|[六七]十(?:多|来)岁|a\|b") == [
        "老人",
        "[六七]十(?:多|来)岁",
        r"a\|b",
    ]
