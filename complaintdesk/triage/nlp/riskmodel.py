"""A second look at risk flags the lexicon did not raise.

The lexicon (:mod:`risk`) knows the words it was given; customers find others ("这饭吃完上吐下泻",
"我会让更多人知道你们是怎么做生意的").  For each flag a small text model reads the complaint —
character n-grams of the normalised text with identifiers blanked (see
:func:`urgency.without_identifiers`), a linear SVM, flag against the rest — and raises the flag
when the lexicon did not and its calibrated probability reaches the flag's threshold.

How each part is chosen, on training rows only:

- ``C``, the weight of the written complaints and the softmax temperature: by grouped
  cross-validation, scored on the written rows (:func:`tuning.tune`);
- the threshold of each flag: on out-of-fold probabilities of the *fresh* rows — complaints
  written after the lexicon was frozen, so that the lexicon's recall on them is what it will be
  on new text, not what it is on the rows its terms were read from.  The threshold with the best
  F2 of "lexicon or model" among those whose precision stays >= :data:`MIN_PRECISION`, as for
  priority's second look (:func:`urgency.choose_threshold`); none (1.0, the model never
  decides) when no threshold keeps the precision.

The flags, probabilities, thresholds and CV figures are stored as JSON beside the text models,
and every raised flag names the n-grams that argued for it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from complaintdesk.triage.nlp.classifier import ClassifierConfig, TextClassifier
from complaintdesk.triage.nlp.risk import RISK_FLAGS
from complaintdesk.triage.nlp.text import normalize
from complaintdesk.triage.nlp.urgency import (
    MIN_PRECISION,
    choose_threshold,
    threshold_report,
    without_identifiers,
)

RAISED = "raised"
OTHER = "other"


@dataclass(frozen=True)
class ModelFlag:
    """A flag the model raised: its probability and the n-grams behind it."""

    code: str
    probability: float
    terms: tuple[str, ...]


@dataclass
class RiskModel:
    """One text model and one threshold per flag."""

    models: dict[str, TextClassifier]
    thresholds: dict[str, float]
    report: dict[str, Any] = field(default_factory=dict)
    version: str = ""
    min_chars: int = 0  # shorter texts are left to the lexicon (as in priority's second look)

    def probabilities(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """p(flag) of every text, per flag that has a model."""
        return self._probabilities_of([without_identifiers(t) for t in texts])

    def _probabilities_of(self, blanked: Sequence[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for code, model in self.models.items():
            probs = model.probabilities(model.transform(blanked))
            out[code] = probs[:, model.labels.index(RAISED)]
        return out

    def detect(
        self, texts: Sequence[str], raised: Sequence[Sequence[str]], *, explain: int = 3
    ) -> list[list[ModelFlag]]:
        """Per text, the flags the model raises that ``raised`` (the lexicon's) lacks."""
        if not texts or not self.models:
            return [[] for _ in texts]
        blanked = [without_identifiers(text) for text in texts]
        probabilities = self._probabilities_of(blanked)
        long_enough = [len(normalize(text)) >= self.min_chars for text in texts]
        found: list[list[ModelFlag]] = [[] for _ in texts]
        for code, probs in probabilities.items():
            threshold = self.thresholds.get(code, 1.0)
            rows = [
                i
                for i in np.flatnonzero(probs >= threshold).tolist()
                if long_enough[i] and code not in raised[i]
            ]
            if not rows:
                continue
            model = self.models[code]
            # The batch's rows, already computed for the probabilities (shared, not changed).
            matrix = model.ngram_matrix(blanked)[rows]
            classes = np.full(len(rows), model.labels.index(RAISED))
            terms = model.explain(matrix, classes, explain)
            for i, words in zip(rows, terms, strict=True):
                found[i].append(ModelFlag(code, round(float(probs[i]), 4), words))
        order = {code: n for n, code in enumerate(RISK_FLAGS)}
        for flags in found:
            flags.sort(key=lambda flag: order.get(flag.code, len(order)))
        return found

    # -- persistence ----------------------------------------------------------------------
    def save(self, directory: Path, name: str) -> str:
        """Write ``name`` (JSON) and one text model per flag next to it; returns ``name``."""
        directory.mkdir(parents=True, exist_ok=True)
        files = {}
        for code, model in self.models.items():
            files[code] = name.replace(".json", f"-{code}.joblib")
            model.save(directory / files[code])
        data = {
            "version": self.version,
            "thresholds": self.thresholds,
            "text_models": files,
            "min_chars": self.min_chars,
            "report": self.report,
        }
        (directory / name).write_text(
            json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        return name

    @classmethod
    def load(cls, path: Path) -> RiskModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        unknown = set(data["text_models"]) - set(RISK_FLAGS)
        if unknown:
            raise ValueError(f"{path}: unknown risk flags {sorted(unknown)}")
        return cls(
            models={
                code: TextClassifier.load(path.parent / file)
                for code, file in data["text_models"].items()
            },
            thresholds={k: float(v) for k, v in data["thresholds"].items()},
            report=dict(data.get("report") or {}),
            version=str(data.get("version", "")),
            min_chars=int(data.get("min_chars", 0)),
        )


def fit_risk_model(
    texts: Sequence[str],
    flags: Sequence[set[str]],
    lexicon_flags: Sequence[Sequence[str]],
    *,
    groups: Sequence[str],
    written: Sequence[bool],
    fresh: Sequence[bool],
    base: ClassifierConfig,
    codes: Sequence[str] = RISK_FLAGS,
    folds: int = 5,
    version: str = "",
) -> RiskModel:
    """Fit the second look at risk flags on training rows only (see the module docstring).

    ``flags`` are the labelled flags of each row, ``lexicon_flags`` what the lexicon raised on
    it, ``groups`` the phrase template (or the written complaint's own id), ``written`` marks
    complaints in customers' own words and ``fresh`` those written after the lexicon froze.
    """
    from complaintdesk.triage.nlp.classifier import softmax
    from complaintdesk.triage.nlp.tuning import WRITTEN_WEIGHTS, out_of_fold_scores, tune

    blanked = [without_identifiers(t) for t in texts]
    written_list = [bool(w) for w in written]
    fresh_rows = np.asarray([bool(f) for f in fresh], dtype=bool)
    if not fresh_rows.any():
        raise ValueError("no fresh rows: the thresholds need rows the lexicon was not read from")
    models: dict[str, TextClassifier] = {}
    thresholds: dict[str, float] = {}
    per_flag: dict[str, Any] = {}
    for code in codes:
        labels = [RAISED if code in row else OTHER for row in flags]
        if labels.count(RAISED) < folds:
            continue  # too few examples to fit and check a model: the lexicon decides alone
        config, cv = tune(
            f"risk_{code}",
            blanked,
            labels,
            base=base,
            groups=groups,
            written=written_list,
            written_weights=WRITTEN_WEIGHTS,
        )
        scores, classes = out_of_fold_scores(
            f"risk_{code}", config, blanked, labels, groups=groups, written=written_list
        )
        held_out = softmax(scores, config.temperature)[:, classes.index(RAISED)]
        truth = np.asarray([label == RAISED for label in labels])
        by_lexicon = np.asarray([code in row for row in lexicon_flags])
        choice = choose_threshold(held_out[fresh_rows], by_lexicon[fresh_rows], truth[fresh_rows])
        thresholds[code] = choice.threshold
        models[code] = TextClassifier(f"risk_{code}", config).fit(
            blanked, labels, version=version, written=written_list
        )
        per_flag[code] = {
            "support_fresh": int(truth[fresh_rows].sum()),
            "text_model_cv": cv,
            **threshold_report(choice),
        }
    report = {
        "procedure": (
            f"{folds}-fold CV on the training rows grouped by phrase template: per flag, text "
            "model C, written weight and temperature by out-of-fold macro-F1 / log-loss on the "
            "written rows; threshold = best F2 of 'lexicon or model' with precision >= "
            f"{MIN_PRECISION} on the out-of-fold probabilities of the {int(fresh_rows.sum())} "
            "fresh rows (written after the lexicon froze)"
        ),
        "rows": len(blanked),
        "fresh_rows": int(fresh_rows.sum()),
        "flags": per_flag,
    }
    return RiskModel(
        models=models,
        thresholds=thresholds,
        report=report,
        version=version,
        min_chars=min(len(normalize(t)) for t in texts),
    )
