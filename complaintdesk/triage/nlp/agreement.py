"""How far two people agree on a label, against how far the model agrees with the first.

Every labelled set was labelled once, by its writer. On unseen sets 5 and 6 (real public texts
rewritten as complaints, training rows since round 7) a second labeller, who saw the texts and
the taxonomy but not the first labels, gave category and demand again
(``data/second_labels_5_6.csv``; brief: ``second_labels_5_6.brief.md``). Their agreement says
how much of a target a model can be expected to reach on such texts; the shipped settings'
out-of-fold predictions on the same rows say how much of it the model reaches.

    .venv/bin/python -m complaintdesk.triage.nlp.agreement

prints one JSON document: per field, the second labeller against the first (accuracy, Cohen's
kappa, macro-F1 with the first labels as truth) and, from 5-fold cross-validation of the
shipped model's settings on every training row (folds as ``shipped`` forms them), the model's
out-of-fold predictions on the same rows against the first labels and against the second.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sklearn.metrics import accuracy_score, cohen_kappa_score, f1_score

from complaintdesk.triage.nlp.corpora import RETIRED_FRESH_SETS, load_written_rows, training_rows
from complaintdesk.triage.nlp.pipeline import MODELS_DIR, default_models
from complaintdesk.triage.nlp.shipped import task_folds
from complaintdesk.triage.nlp.tuning import out_of_fold_scores

SECOND_LABELS_CSV = Path(__file__).resolve().parents[1] / "data" / "second_labels_5_6.csv"
FIELDS = ("category", "demand")


def agreement(first: Sequence[str], second: Sequence[str]) -> dict[str, float]:
    """Accuracy, Cohen's kappa and macro-F1 of ``second`` against ``first`` (taken as truth)."""
    if len(first) != len(second):
        raise ValueError(f"{len(first)} first labels but {len(second)} second labels")
    if not first:
        raise ValueError("no labels to compare")
    return {
        "accuracy": round(float(accuracy_score(first, second)), 4),
        "kappa": round(float(cohen_kappa_score(first, second)), 4),
        "macro_f1": round(float(f1_score(first, second, average="macro", zero_division=0)), 4),
        "n": len(first),
    }


def paired_rows(path: Path = SECOND_LABELS_CSV) -> list[tuple[dict[str, str], dict[str, str]]]:
    """(first row, second labels) for every id of ``path``, first rows from sets 5 and 6."""
    first = {row["id"]: row for each in RETIRED_FRESH_SETS for row in load_written_rows(each)}
    second = load_written_rows(path)
    unknown = [row["id"] for row in second if row["id"] not in first]
    if unknown:
        raise ValueError(f"second labels for rows not in sets 5 and 6: {', '.join(unknown[:5])}")
    return [(first[row["id"]], row) for row in second]


def model_out_of_fold(field: str) -> dict[str, str]:
    """The shipped model's settings, cross-validated on every training row as ``shipped``
    does: each row's out-of-fold label, by row id (written rows that have one)."""
    model = getattr(default_models(), field)
    rows = training_rows()
    texts, labels = [r["text"] for r in rows], [r[field] for r in rows]
    groups, written = task_folds(rows, field)
    scores, classes = out_of_fold_scores(
        field, model.config, texts, labels, groups=groups, written=written, lsa_dir=MODELS_DIR
    )
    predicted = scores.argmax(axis=1)
    return {
        r["id"]: classes[int(p)]
        for r, p in zip(rows, predicted, strict=True)
        if r["written"] and r.get("id")
    }


def report(path: Path = SECOND_LABELS_CSV) -> dict[str, Any]:
    pairs = paired_rows(path)
    out: dict[str, Any] = {"rows": len(pairs), "second_labels": path.name}
    for field in FIELDS:
        first = [a[field] for a, _ in pairs]
        second = [b[field] for _, b in pairs]
        by_model = model_out_of_fold(field)
        model = [by_model[a["id"]] for a, _ in pairs]
        out[field] = {
            "second_labeller_vs_first": agreement(first, second),
            "model_out_of_fold_vs_first": agreement(first, model),
            "model_out_of_fold_vs_second": agreement(second, model),
        }
    return out


if __name__ == "__main__":
    print(json.dumps(report(), indent=2))
