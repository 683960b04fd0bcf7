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

When the training rows join two sources — the template-built own set and the complaints written
in customers' own words (``data/complaints_written.csv``) — ``written`` marks the latter: their
weight in the fit is a hyperparameter too (``written_weights``), and the out-of-fold macro-F1
that picks the winner, and the temperature, are measured on the written rows only, the rows
closest to what the product will read.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

from complaintdesk.triage.nlp.classifier import (
    ClassifierConfig,
    TextClassifier,
    build_estimator,
    build_features,
    softmax,
)
from complaintdesk.triage.nlp.lsa import load_lsa
from complaintdesk.triage.nlp.text import normalize

# The grids reach past where cross-validation chose before (C=1.0 and written weight 4 were the
# edges); LSA weight 2 lost in every setting of every task and is no longer tried.
C_GRID = (0.1, 0.2, 0.5, 1.0, 2.0)
# (dims, weight) of the LSA features tried by :func:`tune`; (0, 0.0) = without them.
NO_LSA: tuple[tuple[int, float], ...] = ((0, 0.0),)
LSA_GRID: tuple[tuple[int, float], ...] = (
    (0, 0.0),
    *((dims, weight) for dims in (50, 100, 200) for weight in (0.5, 1.0)),
)
# Weights of the written complaints against the template-built rows tried by :func:`tune`.
WRITTEN_WEIGHTS = (1.0, 2.0, 4.0, 8.0)
TEMPERATURES = tuple(float(t) for t in np.round(np.geomspace(0.05, 2.0, 40), 4))


def written_marks(written: Sequence[bool] | None, rows: int) -> np.ndarray:
    """Booleans marking the written rows (none marked when ``written`` is ``None``)."""
    return np.asarray(list(written), dtype=bool) if written is not None else np.zeros(rows, bool)


def out_of_fold_scores(
    task: str,
    config: ClassifierConfig,
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    folds: int = 5,
    seed: int = 42,
    groups: Sequence[str] | None = None,
    written: Sequence[bool] | None = None,
    lsa_dir: Path | None = None,
    added: tuple[Sequence[str], Sequence[str]] | None = None,
) -> tuple[np.ndarray, list[str]]:
    """Decision scores of every row from a model that did not see it, and the label order.

    With ``groups`` (e.g. the phrase template a row was built from) no group is split across
    folds, so every score comes from a model that never saw that phrasing. ``added`` (texts,
    labels) are written rows every fold trains on and none scores: what a batch of new rows
    does to the others' out-of-fold scores, on the same folds.
    """
    text_arr = np.asarray(list(texts), dtype=object)
    label_arr = np.asarray([str(v) for v in labels], dtype=object)
    marks = written_marks(written, len(text_arr))
    added_texts = np.asarray(list(added[0]) if added else [], dtype=object)
    added_labels = np.asarray([str(v) for v in added[1]] if added else [], dtype=object)
    classes = sorted(set(label_arr.tolist()) | set(added_labels.tolist()))
    scores = np.zeros((len(text_arr), len(classes)), dtype=np.float64)
    splitter: StratifiedKFold | StratifiedGroupKFold
    if groups is None:
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    else:
        splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train_idx, test_idx in splitter.split(text_arr, label_arr, groups):
        model = TextClassifier(task, config)
        model.lsa_dir = lsa_dir
        model = model.fit(
            text_arr[train_idx].tolist() + added_texts.tolist(),
            label_arr[train_idx].tolist() + added_labels.tolist(),
            written=marks[train_idx].tolist() + [True] * len(added_texts),
        )
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


def linear_scores(estimator: Any, matrix: Any) -> np.ndarray:
    """Decision scores of a fitted linear model, one column per class (binary: ``-s/2, s/2``)."""
    scores = np.asarray(matrix @ np.asarray(estimator.coef_).T) + np.asarray(estimator.intercept_)
    if scores.shape[1] == 1:
        scores = np.column_stack([-scores[:, 0] / 2, scores[:, 0] / 2])
    return scores


def tune(
    task: str,
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    base: ClassifierConfig,
    grid: Sequence[float] = C_GRID,
    lsa_grid: Sequence[tuple[int, float]] = NO_LSA,
    folds: int = 5,
    groups: Sequence[str] | None = None,
    written: Sequence[bool] | None = None,
    written_weights: Sequence[float] = (1.0,),
) -> tuple[ClassifierConfig, dict[str, Any]]:
    """The config with the best out-of-fold macro-F1 and a fitted temperature, and a report.

    Every ``C`` of ``grid`` is tried with every ``(dims, weight)`` of ``lsa_grid`` (LSA
    dimensions appended to the n-grams; ``(0, 0.0)`` = none).  The n-gram features of each fold
    are fitted once on that fold's training rows; the LSA projection is fixed (fitted on
    unlabelled corpora, no label involved).  With ``written``, every weight of
    ``written_weights`` is tried for those rows too, and the score and the temperature come from
    them alone.  Ties go to fewer dimensions, then the smaller weight, then the smaller C.
    """
    label_list = [str(v) for v in labels]
    label_arr = np.asarray(label_list, dtype=object)
    classes = sorted(set(label_list))
    truth = np.asarray([classes.index(label) for label in label_list])
    is_written = written_marks(written, len(label_list))
    scored = is_written if is_written.any() else np.ones(len(label_list), dtype=bool)
    weight_options = tuple(written_weights) if is_written.any() else (1.0,)
    normalised = [normalize(t) for t in texts]
    splitter: StratifiedKFold | StratifiedGroupKFold
    if groups is None:
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=42)
    else:
        splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=42)
    fold_data = []
    for train_idx, test_idx in splitter.split(normalised, label_arr, groups):
        features = build_features(base)
        fit_rows = features.fit_transform([normalised[i] for i in train_idx])
        held_rows = features.transform([normalised[i] for i in test_idx])
        fold_data.append((train_idx, test_idx, fit_rows.tocsr(), held_rows.tocsr()))
    options = [(0, 0.0)] + [(d, w) for d, w in lsa_grid if d > 0 and base.lsa]
    dense = None
    if len(options) > 1:
        projection = load_lsa(base.lsa)
        dense = projection.transform(normalised, max(d for d, _ in options))
    results: dict[tuple[float, int, float, float], tuple[float, np.ndarray]] = {}
    for c, (dims, weight), boost in itertools.product(grid, options, weight_options):
        scores = np.zeros((len(label_list), len(classes)), dtype=np.float64)
        for train_idx, test_idx, fit_rows, held_rows in fold_data:
            if dims and dense is not None:
                fit_rows = sparse.hstack(
                    [fit_rows, sparse.csr_matrix(weight * dense[train_idx, :dims])], format="csr"
                )
                held_rows = sparse.hstack(
                    [held_rows, sparse.csr_matrix(weight * dense[test_idx, :dims])], format="csr"
                )
            estimator = build_estimator(replace(base, c=c))
            sample_weight = np.where(is_written[train_idx], boost, 1.0)
            estimator.fit(fit_rows, label_arr[train_idx], sample_weight=sample_weight)
            columns = [classes.index(str(label)) for label in estimator.classes_]
            scores[np.ix_(test_idx, columns)] = linear_scores(estimator, held_rows)
        predicted = np.asarray([classes[i] for i in scores.argmax(axis=1)], dtype=object)
        macro = float(
            f1_score(label_arr[scored], predicted[scored], average="macro", zero_division=0)
        )
        results[(c, dims, weight, boost)] = (macro, scores)
    best = max(results, key=lambda k: (round(results[k][0], 4), -k[1], -k[3], -k[0]))
    best_c, best_dims, best_weight, best_boost = best
    scores = results[best][1]
    best_predicted = np.asarray([classes[i] for i in scores.argmax(axis=1)], dtype=object)
    temperature = fit_temperature(scores[scored], truth[scored])
    without_lsa = max((k for k in results if k[1] == 0), key=lambda k: results[k][0])
    report = {
        "procedure": f"{folds}-fold stratified CV on the training rows only (seed 42)"
        + (", grouped by phrase template" if groups is not None else "")
        + (
            f"; scored on the {int(scored.sum())} written rows, written-row weight tried"
            f" {list(weight_options)}"
            if is_written.any()
            else ""
        ),
        "cv_macro_f1_by_c": {
            str(c): round(max(v[0] for k, v in results.items() if k[0] == c and not k[1]), 4)
            for c in grid
        },
        "chosen_c": best_c,
        "cv_macro_f1_chosen": round(results[best][0], 4),
        "temperature": temperature,
        "cv_ece_before": expected_calibration_error(
            softmax(scores[scored], base.temperature), truth[scored]
        ),
        "cv_ece_after": expected_calibration_error(
            softmax(scores[scored], temperature), truth[scored]
        ),
    }
    if is_written.any():
        on_written: dict[str, Any] = {
            "rows": int(is_written.sum()),
            "chosen_weight": best_boost,
            "cv_macro_f1_by_weight": {
                str(b): round(max(v[0] for k, v in results.items() if k[3] == b), 4)
                for b in weight_options
            },
        }
        report["written"] = on_written
        if (~is_written).any():
            on_written["cv_macro_f1_on_own_set_rows"] = round(
                float(
                    f1_score(
                        label_arr[~is_written],
                        best_predicted[~is_written],
                        average="macro",
                        zero_division=0,
                    )
                ),
                4,
            )
    if len(options) > 1:
        report["lsa"] = {
            "artifact": base.lsa,
            "cv_macro_f1_by_c_dims_weight": {
                f"C={c} dims={d} weight={w}" + (f" written={b}" if is_written.any() else ""): round(
                    v[0], 4
                )
                for (c, d, w, b), v in results.items()
            },
            "chosen_dims": best_dims,
            "chosen_weight": best_weight,
            "cv_macro_f1_chosen": round(results[best][0], 4),
            "cv_macro_f1_best_without_lsa": round(results[without_lsa][0], 4),
        }
    chosen = replace(
        base,
        c=best_c,
        temperature=temperature,
        lsa=base.lsa if best_dims else "",
        lsa_dims=best_dims,
        lsa_weight=best_weight if best_dims else 1.0,
        written_weight=best_boost,
    )
    return chosen, report
