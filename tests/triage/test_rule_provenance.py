"""No rule term may come from the test split: a term the test rows use and train never does
was written by reading the test rows, and would make the test figures meaningless."""

import re

from complaintdesk.triage.nlp.audit import (
    SPEC_WORDS,
    RuleTerm,
    rule_terms,
    split_alternatives,
    terms_only_in_test,
)
from complaintdesk.triage.nlp.corpora import load_labelled_rows


def _split(name):
    return [r["text"] for r in load_labelled_rows() if r["split"] == name]


def test_no_rule_term_occurs_only_in_the_test_split():
    leaked = terms_only_in_test(_split("train"), _split("test"), rule_terms())
    assert [f"{t.source} {t.term}" for t in leaked] == []


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
