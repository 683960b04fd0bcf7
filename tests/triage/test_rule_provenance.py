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
from complaintdesk.triage.nlp.corpora import RETIRED_SETS, load_labelled_rows, training_rows
from complaintdesk.triage.nlp.fieldscores import UNSEEN_3_CSV, UNSEEN_SETS, load_unseen_rows

FROZEN_AT_UNSEEN_4 = FROZEN_TERMS_PATH.with_name("terms_before_unseen_4.json")


def _split(name):
    return [r["text"] for r in load_labelled_rows() if r["split"] == name]


def _training_texts():
    """The own train split and the written complaints."""
    return [r["text"] for r in training_rows()]


def test_no_rule_term_occurs_only_in_the_test_split():
    leaked = terms_only_in_test(_training_texts(), _split("test"), rule_terms())
    assert [f"{t.source} {t.term}" for t in leaked] == []


def test_no_term_added_since_the_second_unseen_set_occurs_only_in_test_data():
    """A term added after the unseen sets were frozen could have been read from them.  The
    retired sets count as test data here: they were test data when the terms were added."""
    judged = (*RETIRED_SETS, UNSEEN_3_CSV)  # the sets there were until the next freeze
    unseen = [r["text"] for path in judged for r in load_unseen_rows(path)]
    retired = {path.stem for path in RETIRED_SETS}
    before = [r["text"] for r in training_rows() if r["origin"] not in retired]
    added = terms_added_since(rule_terms())
    assert added, "the rules changed since the freeze, so this check has terms to audit"
    leaked = terms_only_in_test(before, _split("test") + unseen, added)
    assert [f"{t.source} {t.term}" for t in leaked] == []


def test_no_term_added_since_the_fourth_unseen_set_occurs_only_in_it():
    """Terms added after unseen set 4 was frozen must not be read from it (nor from set 3 or
    the test split): every row written before, the fresh ones included, may supply them."""
    judged = [r["text"] for path in UNSEEN_SETS.values() for r in load_unseen_rows(path)]
    added = terms_added_since(rule_terms(), FROZEN_AT_UNSEEN_4)
    leaked = terms_only_in_test(_training_texts(), _split("test") + judged, added)
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
