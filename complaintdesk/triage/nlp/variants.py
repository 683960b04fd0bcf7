"""Other settings of a shipped model, cross-validated on the folds it was tuned on, before any
of them is shipped.

    .venv/bin/python -m complaintdesk.triage.nlp.variants category \
        request_weight=0.5 request_weight=1 +words

The first argument is the task; each one after it is a variant of the shipped model's
configuration (its artifact's hyperparameters):

- ``field=value`` changes one field of :class:`classifier.ClassifierConfig` (numbers and
  ``true``/``false`` are read as such);
- ``+words`` averages the shipped model's probabilities with those of the same setting on
  characters and jieba words (its softmax temperature fitted on its own out-of-fold scores of
  the written rows, as :mod:`tuning` fits a shipped model's).

The shipped setting and every variant are cross-validated on the training rows' folds
(:func:`shipped.task_folds`; 5 folds, seed 42) and scored out of fold: macro-F1 on the
rewritten public texts (the rows :mod:`addition` scores) and on every written row, each label's
F1 on the rewritten rows, and the difference on them with its 95% paired-bootstrap interval.
Only training rows are read; no unseen set is.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import fields, replace
from typing import Any

import numpy as np

from complaintdesk.triage.nlp.addition import REWRITTEN_ORIGINS, paired_interval
from complaintdesk.triage.nlp.classifier import ClassifierConfig, softmax
from complaintdesk.triage.nlp.corpora import training_rows
from complaintdesk.triage.nlp.evaluate import macro_f1_present, score_labels
from complaintdesk.triage.nlp.pipeline import MODELS_DIR, default_models
from complaintdesk.triage.nlp.shipped import LABEL_COLUMN, task_folds
from complaintdesk.triage.nlp.tuning import fit_temperature, out_of_fold_scores

WORDS_MEAN = "+words"


def parse_variant(text: str, config: ClassifierConfig) -> ClassifierConfig | str:
    """The configuration ``field=value`` names, or :data:`WORDS_MEAN`."""
    if text == WORDS_MEAN:
        return WORDS_MEAN
    name, sep, value = text.partition("=")
    known = {f.name: f for f in fields(ClassifierConfig)}
    if not sep or name not in known:
        raise ValueError(
            f"{text!r} is not a variant: write field=value with a field of ClassifierConfig "
            f"({', '.join(sorted(known))}), or {WORDS_MEAN}"
        )
    current = getattr(config, name)
    parsed: Any
    if isinstance(current, bool):
        if value not in ("true", "false"):
            raise ValueError(f"{name} takes true or false, not {value!r}")
        parsed = value == "true"
    elif isinstance(current, (int, float)):
        try:
            parsed = type(current)(float(value)) if isinstance(current, float) else int(value)
        except ValueError:
            raise ValueError(f"{name} takes a number, not {value!r}") from None
    else:
        parsed = value
    return replace(config, **{name: parsed})


def compare(
    task: str,
    variants: Sequence[str],
    rows: Sequence[dict[str, str]] | None = None,
    *,
    config: ClassifierConfig | None = None,
    folds: int = 5,
) -> dict[str, Any]:
    """Out-of-fold scores of the shipped setting and of each variant, on the same folds."""
    if not variants:
        raise ValueError("name at least one variant (field=value, or +words)")
    shipped = config or getattr(default_models(), task).config
    parsed = [parse_variant(text, shipped) for text in variants]
    rows = list(training_rows() if rows is None else rows)
    column = LABEL_COLUMN.get(task, task)
    groups, written = task_folds(rows, task)
    texts, labels = [r["text"] for r in rows], [r[column] for r in rows]

    def probabilities(setting: ClassifierConfig, temperature: float | None = None) -> np.ndarray:
        scores, classes = out_of_fold_scores(
            task,
            setting,
            texts,
            labels,
            folds=folds,
            groups=groups,
            written=written,
            lsa_dir=MODELS_DIR,
        )
        if temperature is None:
            marks = np.asarray(written)
            truth = np.asarray([classes.index(label) for label in labels])
            temperature = fit_temperature(scores[marks], truth[marks])
        return softmax(scores, temperature)

    classes = sorted(set(labels))
    base = probabilities(shipped, shipped.temperature)
    judged = np.asarray([r["origin"] in REWRITTEN_ORIGINS for r in rows])
    marks = np.asarray(written, dtype=bool)
    truth = np.asarray(labels, dtype=object)
    guess = {"shipped": np.asarray(classes, dtype=object)[base.argmax(axis=1)]}
    for text, setting in zip(variants, parsed, strict=True):
        if setting == WORDS_MEAN:
            mean = (base + probabilities(replace(shipped, words=True))) / 2
            guess[text] = np.asarray(classes, dtype=object)[mean.argmax(axis=1)]
        else:
            assert isinstance(setting, ClassifierConfig)
            found = probabilities(setting)
            guess[text] = np.asarray(classes, dtype=object)[found.argmax(axis=1)]
    report: dict[str, Any] = {
        "task": task,
        "config": shipped.to_json(),
        "rewritten_rows": int(judged.sum()),
        "written_rows": int(marks.sum()),
    }
    before = macro_f1_present(truth[judged], guess["shipped"][judged])
    for name, predicted in guess.items():
        scored = score_labels(truth[judged].tolist(), predicted[judged].tolist())
        after = macro_f1_present(truth[judged], predicted[judged])
        entry: dict[str, Any] = {
            "rewritten_macro_f1": round(after, 4),
            "written_macro_f1": round(macro_f1_present(truth[marks], predicted[marks]), 4),
            "rewritten_per_label_f1": {
                label: values["f1"]
                for label, values in scored["per_class"].items()
                if values["support"]
            },
        }
        if name != "shipped":
            entry["gain"] = round(after - before, 4)
            entry["gain_interval_95"] = paired_interval(
                truth[judged], guess["shipped"][judged], predicted[judged]
            )
        report[name] = entry
    return report


def main(argv: Sequence[str]) -> None:
    if len(argv) < 2:
        raise SystemExit("name the task and at least one variant (field=value, or +words)")
    try:
        print(json.dumps(compare(argv[0], argv[1:]), ensure_ascii=False), flush=True)
    except ValueError as error:
        raise SystemExit(str(error)) from None


if __name__ == "__main__":
    main(sys.argv[1:])
