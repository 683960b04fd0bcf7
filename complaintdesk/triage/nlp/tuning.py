"""Hyperparameters and calibration chosen by cross-validation on training rows only.

:func:`tune` takes a task's *training* rows (never the test split, never the unseen set) and

1. for every ``C`` of the grid, fits one model per fold (folds grouped by phrase template when
   ``groups`` are given) and keeps the out-of-fold decision
   scores; the ``C`` with the best out-of-fold macro-F1 wins (ties: the smaller ``C``);
2. fits the softmax temperature on the winner's out-of-fold scores by minimising the negative
   log-likelihood of the true labels (temperature scaling), so ``confidence`` is a calibrated
   probability: of the predictions made with confidence 0.8, about 80% are right on rows the
   model did not see;
3. reports the out-of-fold macro-F1 of each ``C``, the chosen temperature, and the expected
   calibration error (ECE, 10 bins) before and after scaling.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

from complaintdesk.triage.nlp.classifier import ClassifierConfig, TextClassifier, softmax

C_GRID = (0.1, 0.2, 0.5, 1.0)
TEMPERATURES = tuple(float(t) for t in np.round(np.geomspace(0.05, 2.0, 40), 4))


def out_of_fold_scores(
    task: str,
    config: ClassifierConfig,
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    folds: int = 5,
    seed: int = 42,
    groups: Sequence[str] | None = None,
) -> tuple[np.ndarray, list[str]]:
    """Decision scores of every row from a model that did not see it, and the label order.

    With ``groups`` (e.g. the phrase template a row was built from) no group is split across
    folds, so every score comes from a model that never saw that phrasing.
    """
    text_arr = np.asarray(list(texts), dtype=object)
    label_arr = np.asarray([str(v) for v in labels], dtype=object)
    classes = sorted(set(label_arr.tolist()))
    scores = np.zeros((len(text_arr), len(classes)), dtype=np.float64)
    splitter: StratifiedKFold | StratifiedGroupKFold
    if groups is None:
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    else:
        splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train_idx, test_idx in splitter.split(text_arr, label_arr, groups):
        model = TextClassifier(task, config).fit(text_arr[train_idx], label_arr[train_idx])
        fold_scores = model.decision_scores(model.transform(list(text_arr[test_idx])))
        columns = [classes.index(label) for label in model.labels]
        scores[np.ix_(test_idx, columns)] = fold_scores
    return scores, classes


def negative_log_likelihood(scores: np.ndarray, truth: np.ndarray, temperature: float) -> float:
    probs = softmax(scores, temperature)
    picked = probs[np.arange(len(truth)), truth]
    return float(-np.log(np.clip(picked, 1e-12, 1.0)).mean())


def expected_calibration_error(probs: np.ndarray, truth: np.ndarray, bins: int = 10) -> float:
    """Weighted mean |accuracy − confidence| over equal-width confidence bins."""
    return confidence_gap(probs.max(axis=1), probs.argmax(axis=1) == truth, bins)


def confidence_gap(confidence: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    """ECE of answers given with ``confidence`` that were ``correct`` (booleans)."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    total = 0.0
    for low, high in itertools.pairwise(edges):
        inside = (confidence > low) & (confidence <= high)
        if inside.any():
            total += inside.mean() * abs(correct[inside].mean() - confidence[inside].mean())
    return round(float(total), 4)


def fit_temperature(scores: np.ndarray, truth: np.ndarray) -> float:
    return min(TEMPERATURES, key=lambda t: negative_log_likelihood(scores, truth, t))


def tune(
    task: str,
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    base: ClassifierConfig,
    grid: Sequence[float] = C_GRID,
    folds: int = 5,
    groups: Sequence[str] | None = None,
) -> tuple[ClassifierConfig, dict[str, Any]]:
    """The config with the best out-of-fold macro-F1 and a fitted temperature, and a report."""
    label_list = [str(v) for v in labels]
    by_c: dict[float, tuple[float, np.ndarray, list[str]]] = {}
    for c in grid:
        scores, classes = out_of_fold_scores(
            task, replace(base, c=c), texts, label_list, folds=folds, groups=groups
        )
        predicted = [classes[i] for i in scores.argmax(axis=1)]
        macro = float(f1_score(label_list, predicted, average="macro", zero_division=0))
        by_c[c] = (macro, scores, classes)
    best_c = max(grid, key=lambda c: (round(by_c[c][0], 4), -c))
    _, scores, classes = by_c[best_c]
    truth = np.asarray([classes.index(label) for label in label_list])
    temperature = fit_temperature(scores, truth)
    report = {
        "procedure": f"{folds}-fold stratified CV on the training rows only (seed 42)"
        + (", grouped by phrase template" if groups is not None else ""),
        "cv_macro_f1_by_c": {str(c): round(by_c[c][0], 4) for c in grid},
        "chosen_c": best_c,
        "temperature": temperature,
        "cv_ece_before": expected_calibration_error(softmax(scores, base.temperature), truth),
        "cv_ece_after": expected_calibration_error(softmax(scores, temperature), truth),
    }
    return replace(base, c=best_c, temperature=temperature), report
