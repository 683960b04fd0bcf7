"""Evaluation of text classifiers and reading labelled files (CSV and Excel).

Every function returns plain JSON-able dicts: accuracy, macro-F1 and per-class precision,
recall, F1 and support.  Labels are always strings, whatever the file holds (0/1, 书籍, codes).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import openpyxl
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support
from sklearn.model_selection import StratifiedKFold, train_test_split


class LabelPredictor(Protocol):
    def predict_labels(self, texts: Sequence[str]) -> list[str]: ...


class FittableClassifier(LabelPredictor, Protocol):
    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> Any: ...


def score_labels(true: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    """Accuracy, macro-F1 and per-class scores of ``predicted`` against ``true``."""
    true_list = [str(v) for v in true]
    pred_list = [str(v) for v in predicted]
    labels = sorted(set(true_list) | set(pred_list))
    precision, recall, f1, support = precision_recall_fscore_support(
        true_list, pred_list, labels=labels, zero_division=0
    )
    per_class = {
        label: {
            "precision": round(float(precision[i]), 4),
            "recall": round(float(recall[i]), 4),
            "f1": round(float(f1[i]), 4),
            "support": int(support[i]),
        }
        for i, label in enumerate(labels)
    }
    present = sorted(set(true_list))
    return {
        "n": len(true_list),
        "accuracy": round(float(accuracy_score(true_list, pred_list)), 4),
        "macro_f1": round(
            float(f1_score(true_list, pred_list, labels=present, average="macro", zero_division=0)),
            4,
        ),
        "per_class": per_class,
    }


def macro_f1_present(truth: np.ndarray, predicted: np.ndarray) -> float:
    """:func:`score_labels`'s macro-F1 (over the labels present in ``truth``; a label only
    predicted lowers the F1 of the labels it was predicted for) in plain numpy: the bootstrap
    of ``fieldscores.target_intervals`` computes it 2,000 times a set, where sklearn's
    ``f1_score`` costs about 2 ms a call."""
    scores = [
        2
        * np.sum((truth == label) & (predicted == label))
        / (np.sum(truth == label) + np.sum(predicted == label))
        for label in np.unique(truth)
    ]
    return float(np.mean(scores))


def evaluate_model(
    model: LabelPredictor, texts: Sequence[str], labels: Sequence[str]
) -> dict[str, Any]:
    """Held-out evaluation of a fitted model."""
    return score_labels(labels, model.predict_labels(list(texts)))


def cross_validate(
    make_model: Callable[[], FittableClassifier],
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    folds: int = 5,
    seed: int = 42,
) -> dict[str, Any]:
    """Stratified k-fold CV: mean and std of accuracy and macro-F1, pooled per-class scores."""
    text_arr = np.asarray(list(texts), dtype=object)
    label_arr = np.asarray([str(v) for v in labels], dtype=object)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    accuracies: list[float] = []
    macro: list[float] = []
    pooled_true: list[str] = []
    pooled_pred: list[str] = []
    for train_idx, test_idx in splitter.split(text_arr, label_arr):
        model = make_model()
        model.fit(list(text_arr[train_idx]), list(label_arr[train_idx]))
        predicted = model.predict_labels(list(text_arr[test_idx]))
        fold = score_labels(list(label_arr[test_idx]), predicted)
        accuracies.append(fold["accuracy"])
        macro.append(fold["macro_f1"])
        pooled_true.extend(label_arr[test_idx])
        pooled_pred.extend(predicted)
    pooled = score_labels(pooled_true, pooled_pred)
    return {
        "folds": folds,
        "n": len(label_arr),
        "accuracy": round(float(np.mean(accuracies)), 4),
        "accuracy_std": round(float(np.std(accuracies)), 4),
        "macro_f1": round(float(np.mean(macro)), 4),
        "macro_f1_std": round(float(np.std(macro)), 4),
        "per_class": pooled["per_class"],
    }


def holdout_split(
    texts: Sequence[str], labels: Sequence[str], *, test_size: float = 0.2, seed: int = 42
) -> tuple[list[str], list[str], list[str], list[str]]:
    """Stratified split (falls back to a plain split when a class has one example)."""
    label_list = [str(v) for v in labels]
    counts = {label: label_list.count(label) for label in set(label_list)}
    stratify = label_list if min(counts.values()) >= 2 else None
    x_train, x_test, y_train, y_test = train_test_split(
        list(texts), label_list, test_size=test_size, random_state=seed, stratify=stratify
    )
    return list(x_train), list(x_test), list(y_train), list(y_test)


def dedupe(texts: Sequence[str], labels: Sequence[str]) -> tuple[list[str], list[str]]:
    """Drop repeated texts (first label wins) and empty ones."""
    seen: set[str] = set()
    out_texts: list[str] = []
    out_labels: list[str] = []
    for text, label in zip(texts, labels, strict=True):
        key = text.strip()
        if not key or key in seen:
            continue
        seen.add(key)
        out_texts.append(text)
        out_labels.append(label)
    return out_texts, out_labels


# -- reading labelled files -------------------------------------------------------------------
def cell_to_str(value: object) -> str:
    """A label or text cell as a string: 1.0 → "1", None → "", strings stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\ufeff", "").strip()


def read_labelled(
    path: str | Path,
    *,
    text_column: str,
    label_column: str,
    sheet: str | None = None,
    encoding: str = "utf-8-sig",
) -> tuple[list[str], list[str]]:
    """Texts and string labels from a CSV or Excel (.xlsx) file; rows missing either are skipped."""
    rows = read_rows(path, sheet=sheet, encoding=encoding)
    texts: list[str] = []
    labels: list[str] = []
    for row in rows:
        if text_column not in row or label_column not in row:
            raise KeyError(f"{path}: needs columns {text_column!r} and {label_column!r}")
        text = cell_to_str(row[text_column])
        label = cell_to_str(row[label_column])
        if text and label:
            texts.append(text)
            labels.append(label)
    return texts, labels


def read_rows(
    path: str | Path, *, sheet: str | None = None, encoding: str = "utf-8-sig"
) -> list[dict[str, object]]:
    """All rows of a CSV or .xlsx file as dicts keyed by the header row."""
    target = Path(path)
    if target.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_excel(target, sheet)
    with target.open(encoding=encoding, newline="") as handle:
        return [dict(row) for row in csv.DictReader(handle)]


def _read_excel(path: Path, sheet: str | None) -> list[dict[str, object]]:
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        values = worksheet.iter_rows(values_only=True)
        header = [cell_to_str(v) for v in next(values, ())]
        return [
            dict(zip(header, row, strict=False))
            for row in values
            if any(v is not None for v in row)
        ]
    finally:
        workbook.close()
