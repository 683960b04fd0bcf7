"""A second look at complaints the priority rules did not make urgent.

The taxonomy's rules (:mod:`priority`) make a complaint urgent when a risk flag, a batch, "many
people" or a data breach is found.  They miss urgent complaints whose wording the lexicon does
not know.  The second look is a small logistic model over readable signals:

- ``text_urgent``: the probability that the text is urgent, from a character n-gram classifier
  trained on the labelled set's train split (urgent vs the rest; temperature-calibrated);
- ``angry`` and ``negative`` (how far below zero the sentiment score is);
- ``repeat`` (the repeat flag), ``vulnerable`` (customer flag or wording), ``amount``
  (log10 of the amount, scaled to about 0..1) and ``batch`` (customers in the batch, capped).

It is fitted on the train rows the rules leave non-urgent, with the text probability taken
out of fold (grouped by phrase template), and its threshold is chosen by cross-validation on
train: the threshold with the best F2 (recall counted four times as much as precision) among
those whose combined decision (rules *or* score) keeps precision >= 0.5 on the held-out folds.
The weights, the threshold and the CV figures are stored as JSON beside the text model, so the
decision can be read and explained term by term.  Texts shorter than the shortest training text
are left to the rules (``min_chars``): the text model has never seen one.

The text model reads the text with identifiers blanked out (:func:`without_identifiers`: phone,
ID, card and order numbers, e-mail addresses).  A number says nothing about urgency, but in the
training complaints about leaked personal data numbers and addresses are frequent, and a model
that read them flagged ordinary complaints that leave a phone number for a call-back.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from complaintdesk.triage.nlp.classifier import TextClassifier
from complaintdesk.triage.nlp.text import normalize

_IDENTIFIER = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail address
    r"|[+(]?\d[\d ()\-]{5,}\d[xX]?"  # phone, ID, card, order numbers (7+ characters)
    r"|[A-Za-z]{1,4}[-]?\d{3,}[\w-]*"  # SF123, ED-2026-55821
)


@lru_cache(maxsize=8192)
def without_identifiers(text: str) -> str:
    """``text`` with long numbers (seven characters or more: phones, IDs, cards, orders; not
    hotlines such as 12315), letter-and-digit codes and e-mail addresses blanked (cached: the
    risk model and priority's second look both read each text this way)."""
    return _IDENTIFIER.sub(" ", text)


FEATURES = ("text_urgent", "angry", "negative", "repeat", "vulnerable", "amount", "batch")
URGENT = "urgent"
MIN_PRECISION = 0.5
RECALL_WEIGHT = 2.0  # the beta of F-beta: recall weighs beta² = 4 times precision


@dataclass(frozen=True)
class UrgencySignals:
    """The non-text inputs of one complaint, as the pipeline knows them."""

    angry: bool
    sentiment_score: float
    repeat: bool
    vulnerable: bool
    amount: Decimal | None
    batch_size: int


def signal_vector(signals: UrgencySignals, text_urgent: float) -> np.ndarray:
    """The feature vector in the order of :data:`FEATURES`."""
    amount = float(signals.amount) if signals.amount is not None and signals.amount > 0 else 0.0
    return np.asarray(
        [
            text_urgent,
            1.0 if signals.angry else 0.0,
            max(0.0, -signals.sentiment_score),
            1.0 if signals.repeat else 0.0,
            1.0 if signals.vulnerable else 0.0,
            math.log10(1.0 + amount) / 5.0,
            min(signals.batch_size, 10) / 10.0,
        ],
        dtype=np.float64,
    )


@dataclass
class UrgencyModel:
    """Weights, threshold and the text model of the second look."""

    weights: dict[str, float]
    intercept: float
    threshold: float
    text_model: TextClassifier | None = None
    report: dict[str, Any] = field(default_factory=dict)
    version: str = ""
    # The shortest training text (normalised characters): on shorter texts the text model's
    # probability is an extrapolation (a few n-grams carry the whole l2-normalised row), so
    # the second look does not decide there.  Read from the training rows, not tuned.
    min_chars: int = 0

    def applies_to(self, text: str) -> bool:
        """Whether the second look may decide for ``text`` (long enough, see ``min_chars``)."""
        return len(normalize(text)) >= self.min_chars

    def probability(self, vector: np.ndarray) -> float:
        z = self.intercept + sum(self.weights[name] * vector[i] for i, name in enumerate(FEATURES))
        return 1.0 / (1.0 + math.exp(-z))

    def text_probabilities(self, texts: Sequence[str]) -> list[float]:
        """p(urgent) of each text from the text model (0 without one)."""
        if self.text_model is None or not texts:
            return [0.0] * len(texts)
        blanked = [without_identifiers(t) for t in texts]
        probs = self.text_model.probabilities(self.text_model.transform(blanked))
        column = self.text_model.labels.index(URGENT)
        return [float(p) for p in probs[:, column]]

    def text_terms(self, texts: Sequence[str], top: int = 3) -> list[tuple[str, ...]]:
        """Per text, the n-grams that argue most for "urgent" in the text model."""
        if self.text_model is None or not texts:
            return [()] * len(texts)
        ngrams = self.text_model.ngram_matrix([without_identifiers(t) for t in texts])
        urgent = np.full(len(texts), self.text_model.labels.index(URGENT))
        return self.text_model.explain(ngrams, urgent, top)

    def reasons(
        self, vector: np.ndarray, probability: float, terms: Sequence[str] = ()
    ) -> tuple[str, ...]:
        """The decision in words: the score against the threshold, what pushed it up (with
        their share of the score), then the words behind ``text_urgent``."""
        parts = [
            (self.weights[name] * vector[i], name, vector[i]) for i, name in enumerate(FEATURES)
        ]
        pushed = sorted((p for p in parts if p[0] > 0.05), reverse=True)
        return (
            f"urgency_score:{probability:.2f}>={self.threshold:.2f}",
            *(f"{name}={value:.2f}(+{share:.2f})" for share, name, value in pushed[:3]),
            *(f"text:{term}" for term in terms),
        )

    # -- persistence ----------------------------------------------------------------------
    def save(self, directory: Path, name: str) -> str:
        """Write ``name`` (JSON) and the text model next to it; returns ``name``."""
        directory.mkdir(parents=True, exist_ok=True)
        text_name = ""
        if self.text_model is not None:
            text_name = name.replace(".json", "-text.joblib")
            self.text_model.save(directory / text_name)
        data = {
            "version": self.version,
            "features": list(FEATURES),
            "weights": self.weights,
            "intercept": self.intercept,
            "threshold": self.threshold,
            "min_chars": self.min_chars,
            "text_model": text_name,
            "report": self.report,
        }
        (directory / name).write_text(
            json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        return name

    @classmethod
    def load(cls, path: Path) -> UrgencyModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        if list(data["features"]) != list(FEATURES):
            raise ValueError(f"{path}: features {data['features']} differ from {FEATURES}")
        text_name = data.get("text_model") or ""
        text_model = TextClassifier.load(path.parent / text_name) if text_name else None
        return cls(
            weights={k: float(v) for k, v in data["weights"].items()},
            intercept=float(data["intercept"]),
            threshold=float(data["threshold"]),
            text_model=text_model,
            report=dict(data.get("report") or {}),
            version=str(data.get("version", "")),
            min_chars=int(data.get("min_chars", 0)),
        )


@dataclass(frozen=True)
class ThresholdChoice:
    threshold: float
    recall: float
    precision: float
    f2: float
    rules_recall: float
    rules_precision: float


def choose_threshold(
    scores: np.ndarray, rules_urgent: np.ndarray, truth: np.ndarray
) -> ThresholdChoice:
    """The threshold on held-out ``scores`` with the best F2 of ``rules or score >= t`` among
    those keeping precision >= :data:`MIN_PRECISION`; ties go to the higher threshold."""

    def figures(decision: np.ndarray) -> tuple[float, float, float]:
        tp = float((decision & truth).sum())
        recall = tp / max(1.0, float(truth.sum()))
        precision = tp / max(1.0, float(decision.sum()))
        beta2 = RECALL_WEIGHT**2
        f2 = (1 + beta2) * precision * recall / max(1e-9, beta2 * precision + recall)
        return recall, precision, f2

    rules_recall, rules_precision, _ = figures(rules_urgent)
    best: ThresholdChoice | None = None
    for threshold in np.round(np.arange(0.05, 0.96, 0.01), 2):
        recall, precision, f2 = figures(rules_urgent | (scores >= threshold))
        if precision < MIN_PRECISION:
            continue
        if best is None or round(f2, 4) >= round(best.f2, 4):
            best = ThresholdChoice(
                float(threshold), recall, precision, f2, rules_recall, rules_precision
            )
    if best is None:  # no threshold keeps the precision: the score never decides
        return ThresholdChoice(
            1.0, rules_recall, rules_precision, 0.0, rules_recall, rules_precision
        )
    return best


def _round(values: dict[str, float]) -> dict[str, float]:
    return {k: round(float(v), 4) for k, v in values.items()}


def threshold_report(choice: ThresholdChoice) -> dict[str, Any]:
    return {
        "threshold": choice.threshold,
        **_round(
            {
                "cv_recall_rules_or_score": choice.recall,
                "cv_precision_rules_or_score": choice.precision,
                "cv_f2": choice.f2,
                "cv_recall_rules_only": choice.rules_recall,
                "cv_precision_rules_only": choice.rules_precision,
            }
        ),
    }


def signals_as_dict(signals: UrgencySignals) -> dict[str, Any]:
    data = asdict(signals)
    data["amount"] = None if signals.amount is None else str(signals.amount)
    return data


def fit_urgency(
    texts: Sequence[str],
    urgent: Sequence[bool],
    rules_urgent: Sequence[bool],
    signals: Sequence[UrgencySignals],
    *,
    groups: Sequence[str],
    text_config: Any,
    folds: int = 5,
    version: str = "",
    written: Sequence[bool] | None = None,
    fresh: Sequence[bool] | None = None,
) -> UrgencyModel:
    """Fit the second look on training rows only (see the module docstring).

    ``urgent`` is the labelled truth, ``rules_urgent`` what the rules decided on each row,
    ``groups`` the phrase template of each row (no template is split across folds).
    ``written`` marks complaints written in customers' own words: the text model weighs them
    as cross-validation chooses (:func:`tuning.tune`).  ``fresh`` marks the written rows
    written after the rules were frozen: the threshold is chosen on their held-out scores
    (on the written rows' when none is fresh), where the rules miss what they will miss on new
    text — on the rows the rules' terms were read from, they look better than they are and
    the second look would be given too little to do.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedGroupKFold

    from complaintdesk.triage.nlp.classifier import softmax
    from complaintdesk.triage.nlp.tuning import (
        WRITTEN_WEIGHTS,
        out_of_fold_scores,
        tune,
        written_marks,
    )

    min_chars = min(len(normalize(t)) for t in texts)
    texts = [without_identifiers(t) for t in texts]
    truth = np.asarray(list(urgent), dtype=bool)
    by_rules = np.asarray(list(rules_urgent), dtype=bool)
    text_labels = [URGENT if u else "other" for u in truth]
    marks = written_marks(written, len(truth))
    config, text_report = tune(
        "urgent",
        texts,
        text_labels,
        base=text_config,
        groups=groups,
        written=marks.tolist(),
        written_weights=WRITTEN_WEIGHTS,
    )
    scores, classes = out_of_fold_scores(
        "urgent", config, texts, text_labels, groups=groups, written=marks.tolist()
    )
    text_oof = softmax(scores, config.temperature)[:, classes.index(URGENT)]
    matrix = np.vstack([signal_vector(s, p) for s, p in zip(signals, text_oof, strict=True)])

    # The second look only sees rows the rules did not make urgent.
    rest = np.flatnonzero(~by_rules)
    if len(set(truth[rest].tolist())) < 2:
        # Nothing to learn (the rules caught every urgent row, or none is left): never decide.
        weights = dict.fromkeys(FEATURES, 0.0)
        intercept = 0.0
        caught = float((by_rules & truth).sum())
        recall = caught / max(1, int(truth.sum()))
        precision = caught / max(1, int(by_rules.sum()))
        choice = ThresholdChoice(1.0, recall, precision, 0.0, recall, precision)
    else:
        group_arr = np.asarray(list(groups), dtype=object)
        held_out = np.zeros(len(truth))
        splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=42)
        for fit_idx, score_idx in splitter.split(rest, truth[rest], group_arr[rest]):
            fit_rows = rest[fit_idx]
            if len(set(truth[fit_rows].tolist())) < 2:
                continue  # a fold without both classes cannot score: its rows stay at 0
            model = LogisticRegression(C=1.0, max_iter=1000).fit(matrix[fit_rows], truth[fit_rows])
            held_out[rest[score_idx]] = model.predict_proba(matrix[rest[score_idx]])[:, 1]
        fresh_marks = written_marks(fresh, len(truth))
        chosen_on = (
            fresh_marks
            if fresh_marks.any()
            else marks
            if marks.any()
            else np.ones(len(truth), dtype=bool)
        )
        choice = choose_threshold(held_out[chosen_on], by_rules[chosen_on], truth[chosen_on])
        final = LogisticRegression(C=1.0, max_iter=1000).fit(matrix[rest], truth[rest])
        weights = {
            name: round(float(w), 4) for name, w in zip(FEATURES, final.coef_[0], strict=True)
        }
        intercept = round(float(final.intercept_[0]), 4)

    text_model = TextClassifier("urgent", config).fit(
        list(texts), text_labels, version=version, written=marks.tolist()
    )
    report = {
        "procedure": (
            f"{folds}-fold CV on the train split grouped by phrase template: text model C and "
            "temperature by out-of-fold macro-F1 / log-loss; logistic weights on the rows the "
            "rules leave non-urgent, text probability out of fold; threshold = best F2 of "
            f"'rules or score' with precision >= {MIN_PRECISION} on held-out folds"
            + (
                f", on the {int(written_marks(fresh, len(truth)).sum())} fresh written rows"
                if written_marks(fresh, len(truth)).any()
                else f", on the {int(marks.sum())} written rows"
                if marks.any()
                else ""
            )
        ),
        "rows": len(truth),
        "rows_second_look": len(rest),
        "text_model_cv": text_report,
        **threshold_report(choice),
    }
    return UrgencyModel(
        weights=weights,
        intercept=intercept,
        threshold=choice.threshold,
        text_model=text_model,
        report=report,
        version=version,
        min_chars=min_chars,
    )
