"""What a batch of new training rows does to the rows already there, measured before a model
is retrained with it.

    .venv/bin/python -m complaintdesk.triage.nlp.addition \
        complaintdesk/triage/data/complaints_written_6.csv category demand

The batch is one or more CSV files of written rows (training files or not), named before the
tasks. For each task the shipped
model's configuration (its artifact's hyperparameters, not chosen again) is cross-validated on
the training rows without the batch (when a file is one of them, its rows are left out), on
the folds the shipped models are tuned on (:func:`shipped.task_folds`; 5 folds, seed 42),
twice: as they are, and with the batch's rows added to every fold's training and scored in
none. The out-of-fold predictions of the rewritten public texts (training batches 4 and 5 and
the retired unseen sets 5 to 12, the rows most like the unseen sets) are scored both ways:
macro-F1, each label's F1, and the difference with its 95% paired-bootstrap interval (the rows
drawn again with replacement 1,000 times, seed 0). Only training rows are read; no unseen set is.

    .venv/bin/python -m complaintdesk.triage.nlp.addition --each-held-out \
        complaintdesk/triage/data/unseen_complaints_10.csv \
        complaintdesk/triage/data/unseen_complaints_11.csv \
        complaintdesk/triage/data/unseen_complaints_12.csv category demand

With ``--each-held-out`` the files are held out in turn instead: the shipped setting is fitted
on the training rows outside them, then on those rows and the other files, and the file held out
is scored both ways — what rows from other writers do for a set of writers the model has never
seen (the files are then read as rows to train on and to hold out, so name no judging set).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from complaintdesk.triage.nlp.classifier import TextClassifier
from complaintdesk.triage.nlp.corpora import load_written_rows, training_rows
from complaintdesk.triage.nlp.evaluate import macro_f1_present, score_labels
from complaintdesk.triage.nlp.pipeline import MODELS_DIR, default_models
from complaintdesk.triage.nlp.shipped import LABEL_COLUMN, task_folds
from complaintdesk.triage.nlp.tuning import out_of_fold_scores

# The rewritten public texts among the training rows, by the file they came from.
REWRITTEN_ORIGINS = (
    "complaints_written_4",
    "complaints_written_5",
    *(f"unseen_complaints_{number}" for number in (5, 6, 7, 8, 9, 10, 11, 12)),
)
DRAWS = 1_000


def paired_interval(
    truth: np.ndarray,
    before: np.ndarray,
    after: np.ndarray,
    *,
    draws: int = DRAWS,
    seed: int = 0,
) -> list[float]:
    """The 95% percentile-bootstrap interval of macro-F1(after) − macro-F1(before), both drawn
    on the same rows each time."""
    rng = np.random.default_rng(seed)
    gains = []
    for _ in range(draws):
        idx = rng.integers(0, len(truth), len(truth))
        gains.append(
            macro_f1_present(truth[idx], after[idx]) - macro_f1_present(truth[idx], before[idx])
        )
    low, high = np.percentile(gains, [2.5, 97.5])
    return [round(float(low), 4), round(float(high), 4)]


def measure(
    task: str,
    batch: Path | Sequence[Path],
    rows: Sequence[dict[str, str]] | None = None,
    *,
    folds: int = 5,
) -> dict[str, Any]:
    """Out-of-fold scores of the training rows outside ``batch`` (one or more CSV files of
    written rows), trained without and with the batch's rows, on the rewritten public texts."""
    files = [batch] if isinstance(batch, Path) else list(batch)
    added = []
    for path in files:
        found = load_written_rows(path)
        if not found:
            raise ValueError(f"{path} holds no rows: name a CSV file of written complaints")
        added.extend(found)
    rows = list(training_rows() if rows is None else rows)
    column = LABEL_COLUMN.get(task, task)
    stems = {path.stem for path in files}
    base = [r for r in rows if r["origin"] not in stems]
    config = getattr(default_models(), task).config
    groups, written = task_folds(base, task)
    texts, labels = [r["text"] for r in base], [r[column] for r in base]
    predicted = {}
    for name, extra in (("without", None), ("with", added)):
        scores, classes = out_of_fold_scores(
            task,
            config,
            texts,
            labels,
            folds=folds,
            groups=groups,
            written=written,
            lsa_dir=MODELS_DIR,
            added=([r["text"] for r in extra], [r[column] for r in extra]) if extra else None,
        )
        predicted[name] = np.asarray(classes, dtype=object)[scores.argmax(axis=1)]
    judged = np.asarray([r["origin"] in REWRITTEN_ORIGINS for r in base])
    truth = np.asarray(labels, dtype=object)[judged]
    before, after = predicted["without"][judged], predicted["with"][judged]
    report: dict[str, Any] = {
        "task": task,
        "batch": [path.name for path in files],
        "batch_rows": len(added),
        "scored_rows": int(judged.sum()),
        "config": config.to_json(),
    }
    for name, guess in (("without", before), ("with", after)):
        scored = score_labels(truth.tolist(), guess.tolist())
        report[name] = {
            "macro_f1": round(scored["macro_f1"], 4),
            "accuracy": round(scored["accuracy"], 4),
            "per_label_f1": {
                label: values["f1"]
                for label, values in scored["per_class"].items()
                if values["support"]
            },
        }
    report["gain"] = round(report["with"]["macro_f1"] - report["without"]["macro_f1"], 4)
    report["gain_interval_95"] = paired_interval(truth, before, after)
    return report


def held_out(
    task: str,
    batches: Sequence[Path],
    rows: Sequence[dict[str, str]] | None = None,
) -> dict[str, Any]:
    """Each batch held out in turn: the shipped setting fitted on the training rows outside the
    batches, then on those rows and the other batches, and the held-out batch scored both ways
    (what rows from other writers do for writers the model has never seen)."""
    if len(batches) < 2:
        raise ValueError("name at least two batches: each is held out while the others are added")
    loaded = {path.name: load_written_rows(path) for path in batches}
    for name, found in loaded.items():
        if not found:
            raise ValueError(f"{name} holds no rows: name a CSV file of written complaints")
    rows = list(training_rows() if rows is None else rows)
    stems = {path.stem for path in batches}
    base = [r for r in rows if r["origin"] not in stems]
    column = LABEL_COLUMN.get(task, task)
    config = getattr(default_models(), task).config
    base_texts, base_labels = [r["text"] for r in base], [r[column] for r in base]
    base_written = [bool(r["written"]) for r in base]

    def fitted(extra: list[dict[str, str]]) -> TextClassifier:
        model = TextClassifier(task, config)
        model.lsa_dir = MODELS_DIR
        return model.fit(
            base_texts + [r["text"] for r in extra],
            base_labels + [r[column] for r in extra],
            written=base_written + [True] * len(extra),
        )

    alone = fitted([])
    report: dict[str, Any] = {"task": task, "config": config.to_json(), "held_out": {}}
    gains = []
    for name, scored in loaded.items():
        others = [r for other, found in loaded.items() if other != name for r in found]
        texts, truth = [r["text"] for r in scored], np.asarray([r[column] for r in scored])
        before = np.asarray(alone.predict_labels(texts), dtype=object)
        after = np.asarray(fitted(others).predict_labels(texts), dtype=object)
        gain = macro_f1_present(truth, after) - macro_f1_present(truth, before)
        gains.append(gain)
        report["held_out"][name] = {
            "rows": len(scored),
            "added_rows": len(others),
            "without": round(macro_f1_present(truth, before), 4),
            "with": round(macro_f1_present(truth, after), 4),
            "gain": round(gain, 4),
            "gain_interval_95": paired_interval(truth, before, after),
        }
    report["mean_gain"] = round(float(np.mean(gains)), 4)
    return report


HELD_OUT = "--each-held-out"


def main(argv: Sequence[str]) -> None:
    batch = [Path(arg) for arg in argv if arg.endswith(".csv")]
    tasks = [arg for arg in argv if not arg.endswith(".csv") and arg != HELD_OUT]
    tasks = tasks or ["category", "demand"]
    if not batch:
        raise SystemExit("name the batch (CSV files of written complaints) and the tasks")
    rows = training_rows()
    for task in tasks:
        try:
            report = held_out(task, batch, rows) if HELD_OUT in argv else measure(task, batch, rows)
        except ValueError as error:
            raise SystemExit(str(error)) from None
        print(json.dumps(report, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
