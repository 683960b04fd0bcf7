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
the retired unseen sets 5 to 9, the rows most like the unseen sets) are scored both ways:
macro-F1, each label's F1, and the difference with its 95% paired-bootstrap interval (the rows
drawn again with replacement 1,000 times, seed 0). Only training rows are read; no unseen set is.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from complaintdesk.triage.nlp.corpora import load_written_rows, training_rows
from complaintdesk.triage.nlp.evaluate import macro_f1_present, score_labels
from complaintdesk.triage.nlp.pipeline import MODELS_DIR, default_models
from complaintdesk.triage.nlp.shipped import LABEL_COLUMN, task_folds
from complaintdesk.triage.nlp.tuning import out_of_fold_scores

# The rewritten public texts among the training rows, by the file they came from.
REWRITTEN_ORIGINS = (
    "complaints_written_4",
    "complaints_written_5",
    *(f"unseen_complaints_{number}" for number in (5, 6, 7, 8, 9)),
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


def main(argv: Sequence[str]) -> None:
    batch = [Path(arg) for arg in argv if arg.endswith(".csv")]
    tasks = [arg for arg in argv if not arg.endswith(".csv")] or ["category", "demand"]
    if not batch:
        raise SystemExit("name the batch (CSV files of written complaints) and the tasks")
    rows = training_rows()
    for task in tasks:
        print(json.dumps(measure(task, batch, rows), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
