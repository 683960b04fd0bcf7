"""Build ``complaints_labelled.csv``: the product's own labelled complaint set.

The rows are written for the product from templates and hand-written phrases
(:mod:`complaintdesk.triage.data.phrases`) across e-commerce sellers, online education, food
delivery and insurers, plus a few other businesses.  Labels follow ../TAXONOMY.md and are set by
construction: the problem phrase gives the category (and a safety or data-breach risk), the
request phrase gives the demand, the added sentences give risk flags, the tone gives the sentiment,
and priority follows the taxonomy's rules from those facts.

The test split (about 20%) is generated only from the ``test`` halves of every pool — phrases,
openers, tones, risk sentences and sentence orders that never appear in train — so its figures
measure generalisation to new wording, not recall of templates.  Slot fillers (products, staff
titles, app names) are split the same way (:func:`slot_values`), so the test split also uses
vocabulary train never shows.

Run ``python -m complaintdesk.triage.data.build_labelled`` to rewrite the CSV; the seed is fixed,
so the file is reproducible byte for byte.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from pathlib import Path

from complaintdesk.triage.data import phrases as P
from complaintdesk.triage.data.english import ENGLISH_ROWS
from complaintdesk.triage.nlp.text import to_traditional

OUTPUT = Path(__file__).with_name("complaints_labelled.csv")
LABEL_COLUMNS = (
    "text", "category", "demand", "priority", "risk_flags", "sentiment", "industry", "split"
)  # fmt: skip
# ``template`` names the problem phrase and the request phrase a row was built from
# ("industry/category/i;demand/form/j"): cross-validation on train groups by the part that
# carries the label, so no fold scores a phrasing it trained on.
COLUMNS = (*LABEL_COLUMNS, "template")
SEED = 20260101
SIZES = {"train": 2600, "test": 650}
INDUSTRY_WEIGHTS = {
    "ecommerce": 3.0,
    "education": 2.5,
    "delivery": 2.5,
    "insurance": 2.0,
    "other": 0.5,
}
CATEGORY_WEIGHTS = {
    "quality": 2.0,
    "misdescription": 1.5,
    "logistics": 1.5,
    "service": 1.5,
    "billing": 1.5,
    "contract": 2.0,
    "technical": 1.0,
    "account_security": 0.8,
    "other": 0.6,
}
HIGH_AMOUNT = 5000
TRADITIONAL_SHARE = 0.08
URGENT_FLAGS = {"legal_threat", "media_exposure", "regulator", "safety"}


@dataclass
class Row:
    """One generated complaint with its labels."""

    parts: list[str]
    category: str
    demand: str
    industry: str
    sentiment: str
    flags: set[str] = field(default_factory=set)
    template: str = ""
    breach: bool = False
    many_affected: bool = False
    high_signal: bool = False
    low_style: bool = False

    def priority(self) -> str:
        if self.flags & URGENT_FLAGS or self.breach or self.many_affected:
            return "urgent"
        if self.high_signal or "repeat" in self.flags or self.sentiment == "angry":
            return "high"
        if self.low_style:
            return "low"
        return "normal"


def _pick(rng: random.Random, pool: dict[str, list[str]], split: str) -> str:
    return rng.choice(pool[split])


def slot_values(values: list[str], split: str) -> list[str]:
    """The slot fillers of one split: train takes every other value, test the rest.

    Products, staff titles and app names of the test split never occur in train, so the test
    split differs from train in vocabulary as well as in phrasing.
    """
    if len(values) < 2:
        return values
    return values[0::2] if split == "train" else values[1::2]


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _categories_for(industry: str) -> dict[str, float]:
    own = set(P.PROBLEMS[industry]) | (set(P.SHARED_PROBLEMS) if industry != "other" else set())
    return {c: w for c, w in CATEGORY_WEIGHTS.items() if c in own}


def _problem(
    rng: random.Random, industry: str, category: str, split: str
) -> tuple[str, set[str], str]:
    pool = P.PROBLEMS[industry].get(category) or P.SHARED_PROBLEMS[category]
    picked = _pick(rng, pool, split)
    template = f"{industry}/{category}/{pool[split].index(picked)}"
    text, *markers = picked.split("|")
    slots = P.SLOTS[industry]
    text = text.format(**{k: rng.choice(slot_values(v, split)) for k, v in slots.items()})
    return text, set(markers), template


def _demand(
    rng: random.Random, industry: str, category: str, split: str, ask: bool
) -> tuple[str, str, str]:
    demand = _weighted(rng, P.DEMAND_WEIGHTS[category])
    if demand == "return_exchange" and industry != "ecommerce":
        demand = "refund"
    if demand == "redo" and industry == "insurance":
        demand = "explanation"
    pool = P.DEMANDS[demand]["ask" if ask else "assert"]
    phrase = _pick(rng, pool, split)
    return demand, phrase, f"{demand}/{'ask' if ask else 'assert'}/{pool[split].index(phrase)}"


def _risk_sentence(rng: random.Random, industry: str, flag: str, split: str) -> str:
    special = P.REGULATOR_BY_INDUSTRY.get(industry)
    if flag == "regulator" and special and rng.random() < 0.5:
        return _pick(rng, special, split)
    return _pick(rng, P.RISKS[flag], split)


def _tone(rng: random.Random) -> str:
    return _weighted(
        rng, {"angry": 2.0, "negative": 2.5, "plain": 3.0, "polite": 1.8, "suggest": 0.7}
    )


def make_row(rng: random.Random, split: str) -> Row:
    industry = _weighted(rng, INDUSTRY_WEIGHTS)
    tone = _tone(rng)
    category = _weighted(rng, _categories_for(industry))
    if tone == "suggest":
        # Suggestions are about small things: the catch-all, or an app that misbehaves.
        allowed = [c for c in ("other", "technical") if c in _categories_for(industry)]
        category = rng.choice(allowed or [category])
    problem, markers, template = _problem(rng, industry, category, split)
    asks = tone in ("polite", "suggest")
    demand, demand_text, demand_template = _demand(rng, industry, category, split, ask=asks)
    sentiment = {"angry": "angry", "negative": "negative", "plain": "negative"}.get(tone, "neutral")
    if tone == "suggest":
        sentiment = "positive"
    row = Row(
        parts=[],
        category=category,
        demand=demand,
        industry=industry,
        sentiment=sentiment,
        template=f"{template};{demand_template}",
    )
    row.breach = "breach" in markers
    if "safety" in markers:
        row.flags.add("safety")
    row.low_style = tone in ("polite", "suggest")
    _compose(rng, row, tone, problem, demand_text, split)
    return row


def _compose(
    rng: random.Random, row: Row, tone: str, problem: str, demand_text: str, split: str
) -> None:
    """Put the sentences together; risk and context sentences only on non-polite rows."""
    head: list[str] = []
    tail: list[str] = []
    if tone == "polite":
        head.append(_pick(rng, P.POLITE_OPENERS, split))
    elif tone == "suggest":
        head.append(_pick(rng, P.SUGGESTION_OPENERS, split))
    else:
        head.append(_pick(rng, P.OPENERS, split))
    _add_purchase(rng, row, head, split)
    if tone not in ("polite", "suggest"):
        _add_context(rng, row, head, tail, split)
    if tone in ("angry", "negative", "plain"):
        emotion = _pick(rng, P.TONES[tone], split)
        if rng.random() < 0.6:
            tail.insert(0, emotion)
        else:
            head.append(emotion)
    if demand_text[-1:] not in "。！？!?":
        demand_text += "。"
    body = f"{problem}，{demand_text}" if split == "train" else f"{problem}。{demand_text}"
    if split == "test" and rng.random() < 0.4:
        body = f"{demand_text.rstrip('！？。!?')}，因为{problem}。"
    closer = _pick(rng, P.POLITE_CLOSERS, split) if tone == "polite" else ""
    row.parts = [*head, body, *tail, closer]


def _add_purchase(rng: random.Random, row: Row, head: list[str], split: str) -> None:
    """Name what was bought. A generic problem ("账号被盗") says nothing about the business, so
    such rows always do; otherwise their industry could not be read from the text at all."""
    shared = row.category in P.SHARED_PROBLEMS and row.category not in P.PROBLEMS[row.industry]
    if shared or rng.random() < 0.35:
        item = rng.choice(slot_values(P.SLOTS[row.industry]["item"], split))
        head.append(_pick(rng, P.CONTEXTS[row.industry], split).format(item=item))


def _add_context(
    rng: random.Random, row: Row, head: list[str], tail: list[str], split: str
) -> None:
    if rng.random() < 0.25:
        amount = rng.choice([39, 89, 199, 368, 899, 1280, 2999, 4800, 6800, 12800, 26000])
        head.append(_pick(rng, P.AMOUNTS, split).format(amount=amount))
        row.high_signal |= amount >= HIGH_AMOUNT
    if rng.random() < 0.06:
        head.append(_pick(rng, P.VULNERABLE, split))
        row.high_signal = True
    if rng.random() < 0.28:
        flag = _weighted(
            rng, {"legal_threat": 1.0, "media_exposure": 0.8, "regulator": 1.0, "repeat": 1.0}
        )
        tail.append(_risk_sentence(rng, row.industry, flag, split))
        row.flags.add(flag)
        if rng.random() < 0.25:
            other = "regulator" if flag != "regulator" else "legal_threat"
            tail.append(_risk_sentence(rng, row.industry, other, split))
            row.flags.add(other)
    elif rng.random() < 0.06:
        head.append(_pick(rng, P.NEGATED_RISKS, split))
    if rng.random() < 0.04:
        tail.append(_pick(rng, P.MANY_AFFECTED, split))
        row.many_affected = True


def _record(row: Row, split: str, text: str) -> dict[str, str]:
    return {
        "text": text,
        "category": row.category,
        "demand": row.demand,
        "priority": row.priority(),
        "risk_flags": ";".join(sorted(row.flags)),
        "sentiment": row.sentiment,
        "industry": row.industry,
        "split": split,
        "template": row.template,
    }


def build_rows(seed: int = SEED) -> list[dict[str, str]]:
    """All rows, train first, deduplicated on text."""
    rng = random.Random(seed)
    seen: set[str] = set()
    records: list[dict[str, str]] = []
    for split, size in SIZES.items():
        produced = 0
        attempts = 0
        while produced < size and attempts < size * 20:
            attempts += 1
            row = make_row(rng, split)
            text = "".join(part for part in row.parts if part)
            if rng.random() < TRADITIONAL_SHARE:
                text = to_traditional(text)
            if text in seen:
                continue
            seen.add(text)
            records.append(_record(row, split, text))
            produced += 1
    for number, (text, labels) in enumerate(ENGLISH_ROWS):
        if text not in seen:
            seen.add(text)
            record = dict(zip(LABEL_COLUMNS, (text, *labels), strict=True))
            records.append({**record, "template": f"english/{number}"})
    return records


def write_csv(path: Path = OUTPUT, seed: int = SEED) -> int:
    rows = build_rows(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


if __name__ == "__main__":
    print(f"wrote {write_csv()} rows to {OUTPUT}")
