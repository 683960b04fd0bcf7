"""Learning from the agents: training data from corrected history or a file, training with
cross-validated figures, versioning, and activation only when the new model is better.

From history (no ``--data``): the training rows are the product's own labelled train split and
the written complaints (what the shipped models learned from) plus every complaint whose field
was set by an agent
(a correction, or imported history labelled by agents). Rows the models labelled themselves
are left out on purpose: learning from its own high-confidence guesses would only teach a model
what it already believes, and those rows would make the comparison with the active model
unfair. The organisation's rows are split 80/20; the candidate is fitted without the held-out
20% and must beat the active model on them to be activated.

From a file: the file's rows are split 80/20 the same way.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils import timezone

from complaintdesk.complaints.choices import Category, Demand, Priority, TriageSource
from complaintdesk.complaints.models import Complaint
from complaintdesk.triage.active import active_model, model_activate, model_save_atomic
from complaintdesk.triage.nlp.classifier import ClassifierConfig, TextClassifier
from complaintdesk.triage.nlp.corpora import LABELLED_CSV, training_rows
from complaintdesk.triage.nlp.evaluate import cell_to_str, cross_validate, holdout_split, read_rows
from complaintdesk.triage.nlp.pipeline import default_models
from complaintdesk.triage.nlp.training import (
    TASKS,
    ActivationDecision,
    config_for,
    should_activate,
)

TRAIN_TASKS = ("category", "demand", "priority", "sentiment")
HISTORY_TASKS = ("category", "demand", "priority")
ACTIVATABLE_LABELS: dict[str, frozenset[str]] = {
    "category": frozenset(Category.values),
    "demand": frozenset(Demand.values),
    "priority": frozenset(Priority.values),
    "sentiment": frozenset({"0", "1"}),
}
MIN_ROWS = 10
MIN_PER_CLASS = 2


class TrainingError(Exception):
    """Training or reading refused, with a message a person can act on."""


@dataclass(frozen=True)
class LabelledRows:
    texts: list[str]
    labels: list[str]
    source: dict[str, Any]
    # Rows in customers' own words (written complaints), weighted in the fit as the shipped
    # model's ``written_weight`` says; empty = none.
    written: list[bool] = field(default_factory=list)

    def marks(self) -> list[bool]:
        return self.written or [False] * len(self.texts)


def rows_from_file(
    path: Path, *, text_column: str, label_column: str | None
) -> list[dict[str, Any]]:
    """Rows of a CSV or .xlsx file, refusing a missing file or missing columns."""
    if not path.is_file():
        raise TrainingError(f"{path}: no such file")
    if path.suffix.lower() not in (".csv", ".xlsx", ".xlsm"):
        raise TrainingError(f"{path}: give a .csv or .xlsx file")
    try:
        rows = read_rows(path)
    except (UnicodeDecodeError, OSError, ValueError) as error:
        raise TrainingError(f"{path}: cannot be read ({error})") from error
    columns = list(rows[0].keys()) if rows else []
    wanted = [text_column] + ([label_column] if label_column else [])
    missing = [name for name in wanted if name not in columns]
    if missing:
        raise TrainingError(
            f"{path}: no column {', '.join(map(repr, missing))}; "
            f"the file has: {', '.join(map(repr, columns)) or 'no columns'}"
        )
    return rows


def labelled_from_file(path: Path, *, text_column: str, label_column: str) -> LabelledRows:
    rows = rows_from_file(path, text_column=text_column, label_column=label_column)
    texts: list[str] = []
    labels: list[str] = []
    for row in rows:
        text, label = cell_to_str(row[text_column]), cell_to_str(row[label_column])
        if text and label:
            texts.append(text)
            labels.append(label)
    source = {"data": str(path), "text_column": text_column, "label_column": label_column}
    return LabelledRows(texts, labels, {**source, "rows": len(texts)})


def labelled_from_history(task: str) -> LabelledRows:
    """Complaints whose ``task`` field was set by an agent, with its final value."""
    if task not in HISTORY_TASKS:
        raise TrainingError(
            f"agents do not correct {task}, so the history has no {task} labels; "
            "give --data FILE --text-column COL --label-column COL"
        )
    lookup = {f"triage__{task}__source": TriageSource.AGENT}
    pairs = Complaint.objects.filter(**lookup).order_by("id").values_list("text", task)
    texts = [text for text, label in pairs if text.strip() and label]
    labels = [str(label) for text, label in pairs if text.strip() and label]
    source = {
        "data": "corrected history",
        "rows": len(texts),
        "taken_at": timezone.now().isoformat(),
    }
    return LabelledRows(texts, labels, source)


def check_trainable(rows: LabelledRows) -> None:
    counts = Counter(rows.labels)
    if len(rows.texts) < MIN_ROWS:
        raise TrainingError(
            f"{len(rows.texts)} labelled rows ({rows.source['data']}); training needs at least "
            f"{MIN_ROWS}"
        )
    if len(counts) < 2:
        raise TrainingError(
            f"only one label ({', '.join(counts) or 'none'}) in {rows.source['data']}; "
            "training needs at least two"
        )
    rare = sorted(label for label, n in counts.items() if n < MIN_PER_CLASS)
    if rare:
        raise TrainingError(
            f"labels with fewer than {MIN_PER_CLASS} rows: {', '.join(rare)}; add rows or drop them"
        )


def _base_rows(task: str) -> LabelledRows:
    if not LABELLED_CSV.exists():
        return LabelledRows([], [], {})
    rows = training_rows()
    return LabelledRows(
        [r["text"] for r in rows],
        [r[task] for r in rows],
        {
            "data": "complaintdesk/triage/data/complaints_labelled.csv",
            "written": "complaintdesk/triage/data/complaints_written.csv",
        },
        [bool(r["written"]) for r in rows],
    )


def retrain_config(task: str) -> ClassifierConfig:
    """The shipped model's settings (C, temperature and LSA features chosen by cross-validation
    on the train split), else the task's default: a retrained model is built like the shipped one.
    """
    shipped = getattr(default_models(), task, None) if task in TASKS else None
    return shipped.config if isinstance(shipped, TextClassifier) else config_for(task)


def pipeline_labels_ok(task: str, labels: Sequence[str]) -> bool:
    """Whether a model with these labels can stand in for the pipeline's model of ``task``."""
    allowed = ACTIVATABLE_LABELS[task]
    present = set(labels)
    return present == allowed if task == "sentiment" else present <= allowed


def _measure(
    task: str, rows: LabelledRows, base: LabelledRows, folds: int
) -> tuple[dict[str, Any], ActivationDecision]:
    """Cross-validated figures on every training row, and the held-out duel with the active
    model: the candidate is fitted without the held-out 20% of ``rows``."""
    x_train, x_test, y_train, y_test = holdout_split(rows.texts, rows.labels, seed=42)
    config = retrain_config(task)
    # The organisation's own complaints weigh like the written ones: customers' words.
    probe = TextClassifier(task, config).fit(
        [*base.texts, *x_train],
        [*base.labels, *y_train],
        written=[*base.marks(), *[True] * len(x_train)],
    )
    decision = should_activate(probe, active_model(task), x_test, y_test)
    all_labels = [*base.labels, *rows.labels]
    fold_count = max(2, min(folds, min(Counter(all_labels).values())))
    cross_validated = cross_validate(
        lambda: TextClassifier(task, config),
        [*base.texts, *rows.texts],
        all_labels,
        folds=fold_count,
    )
    holdout = {
        "n": len(y_test),
        "metric": decision.metric,
        "candidate": decision.candidate_score,
        "active": decision.active_score,
    }
    return {"cross_validated": cross_validated, "holdout": holdout}, decision


def train_task(
    *,
    task: str,
    rows: LabelledRows,
    with_base: bool,
    folds: int,
    force: bool,
    model_out: Path | None,
) -> dict[str, Any]:
    """Train, report cross-validated and held-out figures, save, and activate if better."""
    check_trainable(rows)
    usable = pipeline_labels_ok(task, rows.labels)
    if not usable and model_out is None:
        raise TrainingError(
            f"labels {', '.join(sorted(set(rows.labels)))} are not the {task} codes triage uses "
            f"({', '.join(sorted(ACTIVATABLE_LABELS[task]))}), so the model cannot be "
            "activated; give --model-out PATH to keep it"
        )
    base = _base_rows(task) if with_base else LabelledRows([], [], {})
    metrics, decision = _measure(task, rows, base, folds)
    provenance = {
        **rows.source,
        "base": base.source or None,
        "rows_total": len(base.texts) + len(rows.texts),
    }
    model = TextClassifier(task, retrain_config(task)).fit(
        [*base.texts, *rows.texts],
        [*base.labels, *rows.labels],
        written=[*base.marks(), *[True] * len(rows.texts)],
        provenance=provenance,
        version=timezone.now().strftime("%Y%m%d%H%M%S%f"),
    )
    model.info.metrics = metrics
    activate = usable and (force or decision.activate)
    report: dict[str, Any] = {
        "task": task,
        "version": model.info.version,
        "rows": provenance["rows_total"],
        "labels": model.labels,
        "metrics": metrics,
        "decision": decision.reason if usable else "labels are not the taxonomy codes",
        "activated": activate,
        "forced": activate and not decision.activate,
    }
    if model_out is not None:
        report["model"] = str(model_save_atomic(model, model_out))
    if activate:
        report["active_model"] = str(model_activate(model, task=task))
    return report


def model_load(path: Path) -> TextClassifier:
    if not path.is_file():
        raise TrainingError(f"{path}: no such model file")
    try:
        return TextClassifier.load(path)
    except (OSError, ValueError, KeyError, json.JSONDecodeError) as error:
        raise TrainingError(f"{path}: not a triage model ({error})") from error


def labels_seen(labels: Sequence[str]) -> dict[str, int]:
    return dict(sorted(Counter(labels).items()))
