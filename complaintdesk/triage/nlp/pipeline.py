"""One call that triages a complaint text: every field with value, confidence, source, explanation.

``triage_text`` / ``triage_texts`` use the models shipped in ``complaintdesk/triage/models``
(listed in its ``manifest.json``), loaded once per process, unless a :class:`TriageModels` is
passed.  A missing model degrades to rules: category becomes ``other`` with confidence 0,
demand comes from the taxonomy's cue words, sentiment from the lexicon, industry from keywords.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from complaintdesk.triage.nlp.classifier import Prediction, TextClassifier
from complaintdesk.triage.nlp.demand import DEFAULT_TRUST_MODEL_ABOVE, decide_demand
from complaintdesk.triage.nlp.industry import predict_industries
from complaintdesk.triage.nlp.priority import (
    VULNERABLE_PATTERN,
    PriorityDecision,
    PriorityPolicy,
    amount_in_text,
    decide_priority,
)
from complaintdesk.triage.nlp.risk import RiskFlag, RiskLexicon, default_lexicon
from complaintdesk.triage.nlp.riskmodel import ModelFlag, RiskModel
from complaintdesk.triage.nlp.sentiment import score_sentiments
from complaintdesk.triage.nlp.text import detect_language, normalize
from complaintdesk.triage.nlp.urgency import UrgencyModel, UrgencySignals, signal_vector

# A calibrated probability under one half means the model's answer is more likely wrong than
# right: such a result is marked for a person to review.  Fixed by that reading, not tuned.
REVIEW_BELOW = 0.5
MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
MANIFEST = "manifest.json"
CHUNK = 4096
# At most this many runner-up categories are offered beside the chosen one.
CATEGORY_ALTERNATIVES = 2


@dataclass(frozen=True)
class FieldResult:
    """One triage field: the value, how sure, where it came from and why."""

    value: Any
    confidence: float
    source: str  # "model" or "rule"
    explanation: tuple[str, ...] = ()
    # Category only: the model's runner-up labels with their probabilities (see
    # classifier.ALTERNATIVE_FLOOR), offered to the agent as one-click corrections.
    alternatives: tuple[tuple[str, float], ...] = ()

    @property
    def calibrated(self) -> bool:
        """Model confidences are calibrated probabilities; a rule's is a fixed, stated level."""
        return self.source == "model"

    def as_dict(self) -> dict[str, Any]:
        data = {
            "value": self.value,
            "confidence": self.confidence,
            "source": self.source,
            "calibrated": self.calibrated,
            "explanation": list(self.explanation),
        }
        if self.alternatives:
            data["alternatives"] = [
                {"value": value, "confidence": confidence}
                for value, confidence in self.alternatives
            ]
        return data


@dataclass(frozen=True)
class TriageResult:
    category: FieldResult
    demand: FieldResult
    priority: FieldResult
    risk_flags: FieldResult  # value: list of codes; explanation: "code:term" entries
    sentiment: FieldResult  # value: label; score in ``sentiment_score``
    sentiment_score: float
    industry: FieldResult
    language: FieldResult
    review: FieldResult  # value: True when a person should check the result; why in explanation

    def as_dict(self) -> dict[str, Any]:
        fields = ("category", "demand", "priority", "risk_flags", "sentiment", "industry")
        data = {name: getattr(self, name).as_dict() for name in (*fields, "language", "review")}
        data["sentiment"]["score"] = self.sentiment_score
        return data


@dataclass
class TriageModels:
    """The models and rules the pipeline uses; any model may be ``None``."""

    category: TextClassifier | None = None
    demand: TextClassifier | None = None
    sentiment: TextClassifier | None = None  # polarity (positive vs negative)
    industry: TextClassifier | None = None
    tone: TextClassifier | None = None  # the sentiment label (angry, negative, neutral, positive)
    urgency: UrgencyModel | None = None  # second look at complaints the rules left non-urgent
    risk: RiskModel | None = None  # second look at risk flags the lexicon did not raise
    lexicon: RiskLexicon = field(default_factory=default_lexicon)
    policy: PriorityPolicy = field(default_factory=PriorityPolicy)

    @classmethod
    def from_dir(cls, directory: str | Path) -> TriageModels:
        """Load the artifacts named in ``directory/manifest.json`` (missing ones are None)."""
        base = Path(directory)
        manifest_path = base / MANIFEST
        manifest = (
            json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
        )
        return cls(
            category=_load_task(base, manifest, "category"),
            demand=_load_task(base, manifest, "demand"),
            sentiment=_load_task(base, manifest, "sentiment"),
            industry=_load_task(base, manifest, "industry"),
            tone=_load_task(base, manifest, "tone"),
            urgency=_load_urgency(base, manifest),
            risk=_load_risk(base, manifest),
        )


def _load_task(base: Path, manifest: dict[str, str], task: str) -> TextClassifier | None:
    name = manifest.get(task)
    path = base / name if name else None
    return TextClassifier.load(path) if path is not None and path.exists() else None


def _load_urgency(base: Path, manifest: dict[str, str]) -> UrgencyModel | None:
    name = manifest.get("urgency")
    path = base / name if name else None
    return UrgencyModel.load(path) if path is not None and path.exists() else None


def _load_risk(base: Path, manifest: dict[str, str]) -> RiskModel | None:
    name = manifest.get("risk")
    path = base / name if name else None
    return RiskModel.load(path) if path is not None and path.exists() else None


@lru_cache(maxsize=1)
def default_models() -> TriageModels:
    """The shipped models, loaded once per process."""
    return TriageModels.from_dir(MODELS_DIR)


def _from_prediction(prediction: Prediction | None) -> FieldResult:
    if prediction is None:
        return FieldResult("other", 0.0, "rule", ("no model loaded",))
    return FieldResult(
        prediction.label,
        prediction.confidence,
        "model",
        prediction.explanation_terms,
        prediction.alternatives,
    )


def review_of(predictions: dict[str, Prediction | None]) -> FieldResult:
    """Marked for review when a reviewed field's model is less than :data:`REVIEW_BELOW` sure
    or no model answered; the confidence is the lowest of those models' probabilities."""
    reasons = []
    for name, prediction in predictions.items():
        if prediction is None:
            reasons.append(f"{name}:no_model")
        elif prediction.confidence < REVIEW_BELOW:
            reasons.append(f"{name}:{prediction.confidence:.2f}<{REVIEW_BELOW}")
    sure = [p.confidence for p in predictions.values() if p is not None]
    lowest = min(sure) if len(sure) == len(predictions) else 0.0
    return FieldResult(bool(reasons), round(lowest, 4), "rule", tuple(reasons))


def reviewed_fields(explanation: Iterable[str]) -> set[str]:
    """The fields a review entry names, read back from the explanation :func:`review_of` wrote
    (``demand:0.49<0.5``, ``category:no_model`` → ``{"demand", "category"}``)."""
    return {str(reason).partition(":")[0] for reason in explanation}


def _predict_all(
    model: TextClassifier | None, texts: list[str], alternatives: int = 0
) -> list[Prediction | None]:
    if model is None:
        return [None] * len(texts)
    return list(model.predict(texts, alternatives=alternatives))


def triage_texts(
    texts: Sequence[str],
    *,
    amounts: Sequence[Decimal | None] | None = None,
    customer_flags: Sequence[Iterable[str]] | None = None,
    batch_sizes: Sequence[int] | None = None,
    models: TriageModels | None = None,
) -> list[TriageResult]:
    """Triage many texts at once (one vectorisation per model: the fast path).

    Texts go through in chunks of :data:`CHUNK` so the character n-grams counted for the
    first model are still cached when the other models need them.
    """
    bundle = models or default_models()
    items = list(texts)
    count = len(items)
    amount_list = list(amounts) if amounts is not None else [None] * count
    flag_list = list(customer_flags) if customer_flags is not None else [()] * count
    batch_list = list(batch_sizes) if batch_sizes is not None else [0] * count
    results: list[TriageResult] = []
    for start in range(0, count, CHUNK):
        window = slice(start, start + CHUNK)
        results.extend(
            _triage_chunk(
                items[window], amount_list[window], flag_list[window], batch_list[window], bundle
            )
        )
    return results


def _triage_chunk(
    items: list[str],
    amount_list: list[Decimal | None],
    flag_list: list[Iterable[str]],
    batch_list: list[int],
    bundle: TriageModels,
) -> list[TriageResult]:
    categories = _predict_all(bundle.category, items, alternatives=CATEGORY_ALTERNATIVES)
    demands = _predict_all(bundle.demand, items)
    cue_threshold = float(
        bundle.demand.info.metrics.get("cue_threshold", DEFAULT_TRUST_MODEL_ABOVE)
        if bundle.demand is not None
        else DEFAULT_TRUST_MODEL_ABOVE
    )
    sentiments = score_sentiments(items, bundle.sentiment, bundle.tone)
    industries = predict_industries(items, bundle.industry)
    urgency = bundle.urgency
    text_urgent = urgency.text_probabilities(items) if urgency is not None else []
    lexicon_flags = [bundle.lexicon.detect(text) for text in items]
    model_flags = (
        bundle.risk.detect(items, [[flag.code for flag in flags] for flags in lexicon_flags])
        if bundle.risk is not None
        else [[] for _ in items]
    )
    results = []
    second_look: list[tuple[int, np.ndarray, float]] = []  # rows the second look made urgent
    for i, text in enumerate(items):
        category = _from_prediction(categories[i])
        flags = lexicon_flags[i]
        codes = [flag.code for flag in flags] + [found.code for found in model_flags[i]]
        sentiment = sentiments[i]
        priority = decide_priority(
            text=text,
            risk_flags=codes,
            sentiment_label=sentiment.label,
            amount=amount_list[i],
            customer_flags=flag_list[i],
            batch_size=batch_list[i],
            category=str(category.value),
            policy=bundle.policy,
        )
        priority_source = "rule"
        if urgency is not None and priority.value != "urgent" and urgency.applies_to(text):
            signals = UrgencySignals(
                angry=sentiment.label == "angry",
                sentiment_score=sentiment.score,
                repeat="repeat" in codes,
                vulnerable=_vulnerable(text, flag_list[i]),
                amount=amount_list[i] if amount_list[i] is not None else amount_in_text(text),
                batch_size=batch_list[i],
            )
            vector = signal_vector(signals, text_urgent[i])
            probability = urgency.probability(vector)
            if probability >= urgency.threshold:
                second_look.append((i, vector, probability))
                reasons = urgency.reasons(vector, probability)
                priority = PriorityDecision("urgent", reasons, round(probability, 4))
                priority_source = "model"
        industry = industries[i]
        decided = decide_demand(text, demands[i], trust_model_above=cue_threshold)
        demand = FieldResult(decided.value, decided.confidence, decided.source, decided.terms)
        results.append(
            TriageResult(
                category=category,
                demand=demand,
                priority=FieldResult(
                    priority.value, priority.confidence, priority_source, priority.rules
                ),
                risk_flags=risk_field(codes, flags, model_flags[i]),
                sentiment=FieldResult(
                    sentiment.label, sentiment.confidence, sentiment.source, sentiment.terms
                ),
                sentiment_score=sentiment.score,
                industry=FieldResult(
                    industry.value, round(industry.confidence, 4), industry.source, industry.terms
                ),
                language=FieldResult(detect_language(text), 0.9, "rule", ()),
                review=review_of({"category": categories[i], "demand": demands[i]}),
            )
        )
    if urgency is not None and second_look:
        # The words behind each second-look decision, in one pass over those rows only.
        terms = urgency.text_terms([items[i] for i, _, _ in second_look])
        for (i, vector, probability), words in zip(second_look, terms, strict=True):
            reasons = urgency.reasons(vector, probability, words)
            priority_field = replace(results[i].priority, explanation=reasons)
            results[i] = replace(results[i], priority=priority_field)
    return results


# The middle word of a risk explanation entry that carries the model's probability.
MODEL_MARK = "model"


def risk_field(
    codes: list[str], flags: Sequence[RiskFlag], model_flags: Sequence[ModelFlag]
) -> FieldResult:
    """The risk flags with their evidence: the lexicon's terms (``safety:食物中毒``), then for
    each flag the model raised its probability and the n-grams behind it
    (``safety:model:0.74``, ``safety:text:拉肚子``).  The source is ``model`` when the model
    raised any flag, and the confidence the lowest probability among those (1.0 when only the
    lexicon raised flags, 0.8 for none: fixed levels, not measured)."""
    explanation = [f"{flag.code}:{term}" for flag in flags for term in flag.terms]
    for found in model_flags:
        explanation.append(f"{found.code}:{MODEL_MARK}:{found.probability:.2f}")
        explanation.extend(f"{found.code}:text:{term}" for term in found.terms)
    if model_flags:
        confidence = min(found.probability for found in model_flags)
        return FieldResult(codes, confidence, "model", tuple(explanation))
    return FieldResult(codes, 1.0 if codes else 0.8, "rule", tuple(explanation))


def model_flag_probabilities(explanation: Iterable[str]) -> dict[str, float]:
    """The probability of each flag the risk model raised, read back from the explanation
    :func:`risk_field` wrote (``safety:model:0.74`` → ``{"safety": 0.74}``)."""
    found: dict[str, float] = {}
    for entry in explanation:
        code, _sep, rest = str(entry).partition(":")
        mark, _sep, value = rest.partition(":")
        if mark == MODEL_MARK:
            try:
                found[code] = float(value)
            except ValueError:
                continue
    return found


def _vulnerable(text: str, customer_flags: Iterable[str]) -> bool:
    flags = {flag.lower() for flag in customer_flags}
    return "vulnerable" in flags or bool(VULNERABLE_PATTERN.search(normalize(text)))


def triage_text(
    text: str,
    *,
    amount: Decimal | None = None,
    customer_flags: Iterable[str] = (),
    batch_size: int = 0,
    models: TriageModels | None = None,
) -> TriageResult:
    """Triage one complaint text."""
    return triage_texts(
        [text],
        amounts=[amount],
        customer_flags=[tuple(customer_flags)],
        batch_sizes=[batch_size],
        models=models,
    )[0]
