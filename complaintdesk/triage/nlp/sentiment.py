"""Sentiment: a score in [-1, 1] and a label (angry, negative, neutral, positive).

The score starts from a polarity model (positive vs negative reviews; the shipped one is trained
on food-delivery reviews, see MODEL_CARD.md) and is moved by lexicon cues that reviews do not
teach well: insults and anger words (气死, 垃圾, 骗子 …), runs of exclamation marks, polite
question forms (请问, 谢谢 …) and praise.  Anger is a label on top of a negative score.
Without a model the lexicon alone decides (score from cues only).

With a *tone* model — a classifier of the four labels trained on complaints (the shipped one on
the own set's train split and the written complaints, see docs/triage.md) — the label is the
tone model's and its probability the confidence; the score is the polarity score moved to the
nearest value inside the label's band (angry ≤ -0.4, negative ≤ -0.25, neutral between,
positive ≥ 0.3), so the two never contradict each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from complaintdesk.triage.nlp.classifier import TextClassifier
from complaintdesk.triage.nlp.text import normalize

SENTIMENT_LABELS = ("angry", "negative", "neutral", "positive")

ANGER_TERMS = (
    "气死",
    "垃圾",
    "骗子",
    "坑人",
    "坑爹",
    "恶心",
    "无耻",
    "奸商",
    "流氓",
    "滚开",
    "破服务",
    "太过分",
    "什么玩意",
    "妈的",
    "他妈",
    "傻逼",
    "去死",
    "混蛋",
    "王八蛋",
    "忍无可忍",
    "受够了",
    "愤怒",
    "火大",
    "骗人",
    "骗钱",
    "缺德",
    "不要脸",
    "脑子有病",
    "scam",
    "scammer",
    "disgrace",
    "ridiculous",
    "furious",
    "fraud",
    "pathetic",
    "disgusting",
    "worst",
    "unacceptable",
    "angry",
)
NEGATIVE_TERMS = (
    "失望",
    "很差",
    "太差",
    "不满",
    "糟糕",
    "不负责任",
    "难吃",
    "差评",
    "投诉",
    "坏了",
    "不行",
    "disappointed",
    "disappointing",
    "terrible",
    "poor",
    "bad",
)
POLITE_TERMS = (
    "请问",
    "您好",
    "谢谢",
    "麻烦",
    "咨询",
    "想问",
    "打扰",
    "了解一下",
    "please",
    "could you",
    "question",
)
POSITIVE_TERMS = (
    "满意",
    "不错",
    "点赞",
    "感谢",
    "喜欢",
    "great",
    "satisfied",
    "love",
    "excellent",
    "good service",
)
SENTIMENT_LEXICONS: dict[str, tuple[str, ...]] = {
    "anger": ANGER_TERMS,
    "negative": NEGATIVE_TERMS,
    "polite": POLITE_TERMS,
    "positive": POSITIVE_TERMS,
}
# Cue weights and label thresholds.  The politeness damping was chosen on the train split of
# the own labelled set (0.2–0.5 tried); the rest is set by hand: a search there preferred much
# larger praise weights, which over-fit the set's fixed phrasing ("整体挺满意的，不过…") and
# turned "不错" anywhere into a positive label.
POLITE_DAMPING = 0.4
PRAISE_WEIGHT = 0.3
NEGATIVE_AT_MOST = -0.25
POSITIVE_AT_LEAST = 0.3
_NEGATED_POSITIVE = re.compile(r"[不没太]{1,2}$|not\s+$|n't\s+$")
_EXCLAIM_RUN = re.compile(r"[!！]{2,}")
_EXCLAIM = re.compile(r"[!！]")


@dataclass(frozen=True)
class SentimentResult:
    score: float
    label: str
    confidence: float
    terms: tuple[str, ...]
    source: str


def _find(text: str, terms: tuple[str, ...]) -> list[str]:
    return [t for t in terms if t in text]


def _find_positive(text: str) -> list[str]:
    found = []
    for term in POSITIVE_TERMS:
        start = text.find(term)
        while start != -1:
            if not _NEGATED_POSITIVE.search(text[max(0, start - 4) : start]):
                found.append(term)
                break
            start = text.find(term, start + 1)
    return found


@dataclass(frozen=True)
class _Cues:
    shift: float
    damping: float
    terms: list[str]
    anger: int


def _cues(text: str) -> _Cues:
    """Lexicon cues: a score shift, a damping factor for politeness, terms, anger count.

    Politeness (请问, 谢谢 …) pulls the model's polarity towards neutral instead of adding
    to it: a courteous question is calm, not praise.
    """
    anger = _find(text, ANGER_TERMS)
    negative = _find(text, NEGATIVE_TERMS)
    polite = _find(text, POLITE_TERMS)
    positive = _find_positive(text)
    exclaim_runs = len(_EXCLAIM_RUN.findall(text))
    shift = -0.35 * min(len(anger), 2) - 0.1 * min(len(negative), 2)
    shift -= 0.15 * min(exclaim_runs, 2) + (0.05 if _EXCLAIM.search(text) else 0.0)
    shift += PRAISE_WEIGHT * min(len(positive), 2)
    damping = 1.0 - POLITE_DAMPING * min(len(polite), 2)
    terms = [*anger, *negative, *positive, *polite]
    if exclaim_runs:
        terms.append("！！")
    return _Cues(shift, damping, terms, len(anger) + (1 if exclaim_runs >= 2 else 0))


def label_for(score: float, anger_cues: int) -> str:
    """Label from the combined score and the number of anger cues."""
    if anger_cues >= 2 or (anger_cues >= 1 and score <= -0.4):
        return "angry"
    if score <= NEGATIVE_AT_MOST:
        return "negative"
    if score >= POSITIVE_AT_LEAST:
        return "positive"
    return "neutral"


def score_sentiment(text: str, model: TextClassifier | None = None) -> SentimentResult:
    """Combine the polarity model (if any) with lexicon cues."""
    return score_sentiments([text], model)[0]


# The score range of each label when a tone model gives the label (see the module docstring).
BANDS = {
    "angry": (-1.0, -0.4),
    "negative": (-1.0, NEGATIVE_AT_MOST),
    "neutral": (NEGATIVE_AT_MOST + 0.001, POSITIVE_AT_LEAST - 0.001),
    "positive": (POSITIVE_AT_LEAST, 1.0),
}


def within_band(label: str, score: float) -> float:
    """``score`` moved to the nearest value inside ``label``'s band."""
    low, high = BANDS[label]
    return min(high, max(low, score))


def score_sentiments(
    texts: list[str], model: TextClassifier | None = None, tone: TextClassifier | None = None
) -> list[SentimentResult]:
    """Batch version of :func:`score_sentiment` (one model call for all texts); with ``tone``
    the label comes from it (see the module docstring)."""
    normalised = [normalize(t) for t in texts]
    model_terms: list[tuple[str, ...]] = [()] * len(texts)
    polarity = [0.0] * len(texts)
    if model is not None and texts:
        # With a tone model the terms shown are the tone model's: the polarity model's go unread.
        predictions = model.predict(texts, explain=0 if tone is not None else 3)
        labels = model.labels
        positive_label = "1" if "1" in labels else labels[-1]
        for i, pred in enumerate(predictions):
            p_pos = pred.confidence if pred.label == positive_label else 1.0 - pred.confidence
            polarity[i] = 0.8 * (2.0 * p_pos - 1.0)
            model_terms[i] = pred.explanation_terms
    tones = tone.predict(texts, explain=3) if tone is not None and texts else None
    results = []
    for i, text in enumerate(normalised):
        cues = _cues(text)
        score = max(-1.0, min(1.0, polarity[i] * cues.damping + cues.shift))
        if tones is not None and tones[i].label in BANDS:
            label, confidence = tones[i].label, tones[i].confidence
            score = within_band(label, score)
            terms = tuple(dict.fromkeys([*tones[i].explanation_terms, *cues.terms]))[:6]
            results.append(SentimentResult(round(score, 3), label, confidence, terms, "model"))
            continue
        label = label_for(score, cues.anger)
        confidence = min(1.0, 0.5 + abs(score) / 2) if label != "neutral" else 1 - abs(score)
        terms = tuple(dict.fromkeys([*cues.terms, *model_terms[i]]))[:6]
        source = "model" if model is not None else "rule"
        results.append(SentimentResult(round(score, 3), label, round(confidence, 3), terms, source))
    return results
