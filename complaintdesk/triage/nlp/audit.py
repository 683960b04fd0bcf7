"""Where the rules' words come from: every rule term, and the ones only the test split uses.

A rule term (a risk-lexicon entry, a demand cue, a sentiment or industry keyword, a priority
pattern) that matches rows of the frozen test split but no row of the train split was almost
certainly written by reading the test rows; it makes the test figures say nothing about new
complaints.  :func:`terms_only_in_test` lists them, and a test keeps the list empty.

The unseen sets were written after the rules they judge, so a term that was already in the rules
when a set was frozen cannot have been read from it: ``lexicons/terms_before_unseen_2.json``
lists every rule term as it stood when the second unseen set was frozen.  A term added since
(:func:`terms_added_since`) must also not match the unseen sets alone.
``lexicons/terms_before_unseen_4.json`` does the same for the fourth set.

Words the specification itself names are allowed anywhere: TAXONOMY.md's own words
(:data:`TAXONOMY_WORDS`) and the lexicon brief of issue 16 (:data:`BRIEF_WORDS`: regulators,
media, legal words, and the safety concepts it lists — illness, injury, fire, allergy, food
poisoning, minors — in Chinese).  They are given, not learnt from data.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from complaintdesk.triage.nlp.demand import DEMAND_CUES
from complaintdesk.triage.nlp.industry import INDUSTRY_KEYWORDS
from complaintdesk.triage.nlp.priority import RULE_PATTERNS
from complaintdesk.triage.nlp.risk import RiskLexicon, default_lexicon, term_regex
from complaintdesk.triage.nlp.sentiment import SENTIMENT_LEXICONS
from complaintdesk.triage.nlp.text import normalize

# Words TAXONOMY.md writes in its own definitions (demand names, risk evidence, priority rules).
TAXONOMY_WORDS = frozenset(
    {
        "退款", "退费", "退货", "换货", "赔偿", "补偿", "补发", "补课", "重做", "修复", "道歉",
        "说法", "原因", "取消", "解约", "自动续费", "起诉", "律师", "法院", "仲裁", "报警",
        "曝光", "媒体", "微博", "抖音", "小红书", "发到网上", "12315", "12345", "消协",
        "市场监管局", "市场监管", "银保监", "金融监管局", "金融监管", "教育局", "老人",
        "未成年", "食物中毒", "火灾", "泄露",
    }
)  # fmt: skip


# Issue 16's list for the lexicons, word for word, plus its safety concepts in Chinese.
BRIEF_WORDS = frozenset(
    {
        "12315", "市场监管", "消协", "金融监管", "银保监", "315", "黑猫投诉", "工信部", "媒体",
        "曝光", "微博", "抖音", "小红书", "记者", "律师", "起诉", "法院", "仲裁", "生病",
        "受伤", "起火", "着火", "过敏", "食物中毒", "未成年",
    }
)  # fmt: skip
SPEC_WORDS = TAXONOMY_WORDS | BRIEF_WORDS
# Variants of a spec word (full names, synonyms of the same legal act, translations of the
# taxonomy's English evidence words), each with the word it renders.  An entry here is a claim a
# reviewer can check: the term is derivable from the specification without any data.
SPEC_VARIANTS: dict[str, str] = {
    "诉讼": "起诉 (the noun of the same act)",
    "訴訟": "起诉 (traditional spelling of 诉讼)",
    "打官司": "起诉 (colloquial)",
    "the press": "媒体 (English)",
    "消费者协会": "消协 (full name)",
    "消費者協會": "消协 (full name, traditional)",
    "金融监督管理": "金融监管 (full name)",
    "教育部": "教育局 (the ministry above it)",
    "consumer protection agency": "消协 / 市场监管 (English)",
    "威胁": "threats (TAXONOMY.md safety evidence, Chinese)",
    "威脅": "threats (TAXONOMY.md safety evidence, traditional)",
    "投诉过": "already complained (TAXONOMY.md repeat evidence, Chinese)",
    "投訴過": "already complained (TAXONOMY.md repeat evidence, traditional)",
    "contacted you several times": "called several times (TAXONOMY.md repeat evidence)",
    "(?:called|contacted|emailed|complained)[a-z ]{0,20}"
    "(?:\\d+|two|three|four|five|several|many|multiple) times": "called several times",
}


# Every rule term ("source term") when the second unseen set was frozen.
FROZEN_TERMS_PATH = Path(__file__).with_name("lexicons") / "terms_before_unseen_2.json"


@dataclass(frozen=True)
class RuleTerm:
    """One rule entry: where it lives, its text and the regex that matches it."""

    source: str
    term: str
    regex: re.Pattern[str]


def _plain(source: str, terms: Iterable[str]) -> list[RuleTerm]:
    return [
        RuleTerm(source, term, re.compile(term_regex(normalize(term))))
        for term in terms
        if term.strip()
    ]


def _risk_terms(lexicon: RiskLexicon) -> list[RuleTerm]:
    out: list[RuleTerm] = []
    for code, spec in lexicon.spec.get("flags", {}).items():
        out.extend(_plain(f"risk:{code}", spec.get("terms", ())))
        out.extend(
            RuleTerm(f"risk:{code}:pattern", p, re.compile(p)) for p in spec.get("patterns", ())
        )
    return out


def rule_terms(lexicon: RiskLexicon | None = None) -> list[RuleTerm]:
    """Every term of every rule of the pipeline."""
    terms = _risk_terms(lexicon or default_lexicon())
    for demand, cues in DEMAND_CUES.items():
        terms.extend(_plain(f"demand:{demand}", cues))
    for name, words in SENTIMENT_LEXICONS.items():
        terms.extend(_plain(f"sentiment:{name}", words))
    for industry, keywords in INDUSTRY_KEYWORDS.items():
        terms.extend(_plain(f"industry:{industry}", keywords))
    for name, pattern in RULE_PATTERNS.items():
        for alternative in split_alternatives(pattern.pattern):
            terms.append(RuleTerm(f"priority:{name}", alternative, re.compile(alternative)))
    return terms


def split_alternatives(pattern: str) -> list[str]:
    """The top-level ``|`` alternatives of a regex (groups and classes kept whole)."""
    parts: list[str] = []
    depth = 0
    in_class = False
    current = ""
    escaped = False
    for ch in pattern:
        if escaped:
            current += ch
            escaped = False
            continue
        if ch == "\\":
            escaped = True
        elif ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        elif ch == "(" and not in_class:
            depth += 1
        elif ch == ")" and not in_class:
            depth -= 1
        elif ch == "|" and depth == 0 and not in_class:
            parts.append(current)
            current = ""
            continue
        current += ch
    parts.append(current)
    return [p for p in parts if p]


def terms_only_in_test(
    train_texts: Sequence[str], test_texts: Sequence[str], terms: Sequence[RuleTerm]
) -> list[RuleTerm]:
    """Terms that match at least one test text and no train text (spec words excepted)."""
    train = "\n".join(normalize(t) for t in train_texts)
    test = "\n".join(normalize(t) for t in test_texts)
    return [
        term
        for term in terms
        if normalize(term.term) not in SPEC_WORDS
        and term.term not in SPEC_VARIANTS
        and term.regex.search(test)
        and not term.regex.search(train)
    ]


def terms_added_since(
    terms: Sequence[RuleTerm], frozen_path: Path = FROZEN_TERMS_PATH
) -> list[RuleTerm]:
    """The terms that were not rule terms when the list at ``frozen_path`` was written."""
    frozen = set(json.loads(frozen_path.read_text(encoding="utf-8")))
    return [t for t in terms if f"{t.source} {t.term}" not in frozen]
