"""Pure training entry points for management commands and jobs.

- :func:`train` fits a classifier for a task and measures it on a stratified held-out 20% before
  refitting on everything; the held-out figures go into the model's sidecar.
- :func:`evaluate` scores a fitted model on labelled rows.
- :func:`predict` returns :class:`~complaintdesk.triage.nlp.classifier.Prediction` objects.
- :func:`should_activate` says whether a candidate may replace the active model: only when it
  beats it on the same held-out rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from complaintdesk.triage.nlp.classifier import ClassifierConfig, Prediction, TextClassifier
from complaintdesk.triage.nlp.evaluate import evaluate_model, holdout_split

TASKS = ("category", "demand", "sentiment", "industry")
# Settings that measured best on the product's labelled set and on the corpora (see
# docs/triage.md); any other task name gets the generic default.
DEFAULT_CONFIGS: dict[str, ClassifierConfig] = {
    "category": ClassifierConfig(model="svc", words=False, c=0.2, class_weight="balanced"),
    "demand": ClassifierConfig(model="svc", words=False, c=0.5, class_weight="balanced"),
    "industry": ClassifierConfig(model="svc", words=False, c=0.2, class_weight="balanced"),
    # The sentiment label from complaints (angry, negative, neutral, positive; sentiment.py).
    "tone": ClassifierConfig(model="svc", words=False, c=0.5, class_weight="balanced"),
    # The text part of priority's second look (urgent vs the rest, see urgency.py).
    "urgent": ClassifierConfig(model="svc", words=False, c=0.5, class_weight="balanced"),
    "sentiment": ClassifierConfig(
        model="svc", words=False, c=0.5, max_features=40000, class_weight="balanced"
    ),
}


@dataclass(frozen=True)
class ActivationDecision:
    """Whether a candidate model should become the active one, and why."""

    activate: bool
    metric: str
    candidate_score: float
    active_score: float | None
    reason: str


def config_for(task: str) -> ClassifierConfig:
    return DEFAULT_CONFIGS.get(task, ClassifierConfig())


def train(
    task: str,
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    config: ClassifierConfig | None = None,
    provenance: dict[str, Any] | None = None,
    holdout: float = 0.2,
    seed: int = 42,
    version: str | None = None,
) -> tuple[TextClassifier, dict[str, Any]]:
    """Fit a model for ``task``; return it and held-out metrics (also stored in its sidecar).

    With ``holdout`` > 0 the model is first fitted on the other rows and scored on the held-out
    ones, then refitted on all rows, so the shipped model uses every example while the figure
    stays honest.  ``holdout=0`` skips the measurement.
    """
    settings = config or config_for(task)
    label_list = [str(label) for label in labels]
    metrics: dict[str, Any] = {}
    if holdout > 0:
        x_train, x_test, y_train, y_test = holdout_split(
            texts, label_list, test_size=holdout, seed=seed
        )
        probe = TextClassifier(task, settings).fit(x_train, y_train)
        metrics = {"holdout": evaluate_model(probe, x_test, y_test), "holdout_share": holdout}
    model = TextClassifier(task, settings).fit(
        list(texts), label_list, provenance=provenance, version=version
    )
    model.info.metrics = metrics
    return model, metrics


def evaluate(model: TextClassifier, texts: Sequence[str], labels: Sequence[str]) -> dict[str, Any]:
    """Accuracy, macro-F1 and per-class scores of ``model`` on labelled rows."""
    return evaluate_model(model, list(texts), [str(label) for label in labels])


def predict(model: TextClassifier, texts: Sequence[str], *, explain: int = 5) -> list[Prediction]:
    """Predictions with confidence and explanation terms."""
    return model.predict(list(texts), explain=explain)


def should_activate(
    candidate: TextClassifier,
    active: TextClassifier | None,
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    metric: str = "macro_f1",
    min_gain: float = 0.0,
) -> ActivationDecision:
    """Compare both models on the same held-out rows; activate only a strict improvement.

    Without an active model the candidate is activated.  ``min_gain`` demands a margin
    (e.g. 0.005) so noise does not flip models back and forth.
    """
    candidate_score = float(evaluate(candidate, texts, labels)[metric])
    if active is None:
        return ActivationDecision(True, metric, candidate_score, None, "no active model")
    active_score = float(evaluate(active, texts, labels)[metric])
    if candidate_score > active_score + min_gain:
        reason = f"{metric} {candidate_score:.4f} beats active {active_score:.4f}"
        return ActivationDecision(True, metric, candidate_score, active_score, reason)
    reason = f"{metric} {candidate_score:.4f} does not beat active {active_score:.4f} (+{min_gain})"
    return ActivationDecision(False, metric, candidate_score, active_score, reason)
