"""Build the default models shipped in ``complaintdesk/triage/models``.

- category, demand, industry: ``C``, the LSA features, the weight of the written complaints and
  the confidence temperature chosen by 5-fold cross-validation on the training rows (see
  :mod:`tuning`), then fitted on them: the *train* split of the product's own labelled set
  (``complaintdesk/triage/data/complaints_labelled.csv``) plus the complaints written in
  customers' own words (``complaints_written.csv``); the test split and the unseen sets are not
  read here (their figures come from ``bench/triage.py``);
- sentiment: a positive/negative polarity model trained on waimai_10k (third-party research
  data, see MODEL_CARD.md), measured on a held-out 20% (seed 42) before refitting on all rows.
  Without ``../shared/data`` the existing sentiment artifact is kept.

Run ``python -m complaintdesk.triage.nlp.shipped``; it rewrites the artifacts and
``manifest.json``.  ``python -m complaintdesk.triage.nlp.shipped demand`` retrains only the
named models (own-set: category, demand, industry, tone; second looks: risk, urgency) and
leaves the rest as they are.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TypedDict

from complaintdesk.triage.nlp.classifier import (
    ClassifierConfig,
    Prediction,
    TextClassifier,
    sidecar_path,
    softmax,
)
from complaintdesk.triage.nlp.corpora import (
    LABELLED_CSV,
    RETIRED_FRESH_SETS,
    RETIRED_SETS,
    WRITTEN_2_CSV,
    WRITTEN_3_CSV,
    WRITTEN_4_CSV,
    WRITTEN_5_CSV,
    WRITTEN_CSV,
    load_waimai,
    shared_data_dir,
    training_rows,
)
from complaintdesk.triage.nlp.demand import choose_cue_threshold
from complaintdesk.triage.nlp.evaluate import holdout_split
from complaintdesk.triage.nlp.lsa import LsaProjection, corpus_texts, fit_lsa, load_lsa
from complaintdesk.triage.nlp.pipeline import MANIFEST, MODELS_DIR, TriageModels, triage_texts
from complaintdesk.triage.nlp.priority import VULNERABLE_PATTERN, amount_in_text
from complaintdesk.triage.nlp.risk import default_lexicon
from complaintdesk.triage.nlp.riskmodel import fit_risk_model
from complaintdesk.triage.nlp.text import normalize
from complaintdesk.triage.nlp.training import config_for, train
from complaintdesk.triage.nlp.tuning import (
    LSA_GRID,
    NO_LSA,
    WRITTEN_WEIGHTS,
    out_of_fold_scores,
    tune,
)
from complaintdesk.triage.nlp.urgency import UrgencySignals, fit_urgency

MODEL_VERSION = "1.0.0"
LSA_NAME = f"lsa-{MODEL_VERSION}.joblib"
OWN_SET_TASKS = ("category", "demand", "industry", "tone")
# The second looks, which can be refitted alone after the own-set models (urgency last: it reads
# the models written before it).
SECOND_LOOKS = ("risk", "urgency")
# Weights of the request-clause view (classifier.ClassifierConfig.request_weight) tried per task.
REQUEST_WEIGHTS: dict[str, tuple[float, ...]] = {"demand": (0.5, 1.0)}
# Linear models tried beside the LinearSVC, per task, for the chosen features: logistic
# regression for category (a first cross-validation on the round-7 training rows: 0.763 against
# 0.764 on the written rows, 0.691 against 0.665 on the rewritten public texts among them); for
# demand it lost there (0.808 against 0.814) and is not tried.
OTHER_MODELS: dict[str, tuple[str, ...]] = {"category": ("logreg",)}
# The labelled column each task learns (the tone model learns the sentiment label).
LABEL_COLUMN = {"tone": "sentiment"}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write(model: TextClassifier, out_dir: Path, metrics: dict[str, Any]) -> str:
    name = f"{model.task}-{MODEL_VERSION}.joblib"
    for old in out_dir.glob(f"{model.task}-*.joblib"):
        if old.name != name:
            old.unlink()
            sidecar_path(old).unlink(missing_ok=True)
    model.save(out_dir / name, metrics=metrics)
    return name


def template_group(template: str, task: str) -> str:
    """The part of a row's template that carries ``task``'s label (demand: the request)."""
    problem, _, request = template.partition(";")
    return (request or problem) if task == "demand" else problem


def build_lsa(data: Path, out_dir: Path) -> dict[str, Any]:
    """Fit the LSA projection on the unlabelled real corpora and write it (200 dimensions;
    :func:`build_default_models` keeps only as many as the tuned models use)."""
    texts, counts = corpus_texts(data)
    projection = fit_lsa(texts)
    projection.info["corpora"] = counts
    projection.save(out_dir / LSA_NAME)
    load_lsa.cache_clear()
    return dict(projection.info)


def _provenance(rows: list[dict[str, str]]) -> dict[str, Any]:
    written = sum(bool(r["written"]) for r in rows)
    provenance: dict[str, Any] = {
        "data": "complaintdesk/triage/data/complaints_labelled.csv",
        "data_sha256": _sha256(LABELLED_CSV),
        "split": "train",
        "rows": len(rows),
        "note": "written for the product from templates and hand-written phrases",
    }
    if written:
        provenance["written"] = [
            {
                "data": f"complaintdesk/triage/data/{path.name}",
                "data_sha256": _sha256(path),
                "rows": sum(r["origin"] == path.stem for r in rows),
                "note": note,
            }
            for path, note in (
                (WRITTEN_CSV, "complaints written in customers' own words"),
                *(
                    (path, "an unseen set, measured and published, then retired into training")
                    for path in RETIRED_SETS
                ),
                (WRITTEN_2_CSV, "written after the rules froze (fresh rows)"),
                (WRITTEN_3_CSV, "written after the rules froze, with care on the request"),
                *(
                    (
                        path,
                        "public texts rewritten as complaints: an unseen set, measured and "
                        "published, then retired into training as fresh rows",
                    )
                    for path in RETIRED_FRESH_SETS
                ),
                (WRITTEN_4_CSV, "public texts rewritten as complaints, for training (fresh rows)"),
                (WRITTEN_5_CSV, "public texts rewritten as complaints, for training (fresh rows)"),
            )
            if path.exists()
        ]
    return provenance


def task_folds(rows: list[dict[str, str]], task: str) -> tuple[list[str], list[bool]]:
    """Each training row's cross-validation group for ``task`` (an own-set row's phrase
    template, a written row its own complaint) and whether it is a written row."""
    groups = [r["group"] if r["written"] else template_group(r["template"], task) for r in rows]
    return groups, [bool(r["written"]) for r in rows]


def build_own_set_model(task: str, out_dir: Path) -> tuple[str, dict[str, Any]]:
    rows = training_rows()
    column = LABEL_COLUMN.get(task, task)
    texts, labels = [r["text"] for r in rows], [r[column] for r in rows]
    groups, written = task_folds(rows, task)
    provenance = _provenance(rows)
    base = config_for(task)
    lsa_grid = NO_LSA
    if (out_dir / LSA_NAME).exists():
        base = replace(base, lsa=LSA_NAME)
        # A projection already cut to the dimensions the shipped models use caps the grid.
        available = LsaProjection.load(out_dir / LSA_NAME).dims
        lsa_grid = tuple((dims, weight) for dims, weight in LSA_GRID if dims <= available)

    def tuned(
        words: bool,
        request_weight: float,
        model: str = base.model,
        lsa: Sequence[tuple[int, float]] = lsa_grid,
    ) -> tuple[ClassifierConfig, dict[str, Any]]:
        return tune(
            task,
            texts,
            labels,
            base=replace(base, words=words, request_weight=request_weight, model=model),
            groups=groups,
            lsa_grid=lsa,
            written=written,
            written_weights=WRITTEN_WEIGHTS,
        )

    def best(
        pairs: list[tuple[ClassifierConfig, dict[str, Any]]],
    ) -> tuple[ClassifierConfig, dict[str, Any]]:
        # Ties go to the smaller feature set.
        return max(
            pairs,
            key=lambda p: (
                p[1]["cv_macro_f1_chosen"],
                -p[0].words,
                -p[0].request_weight,
                p[0].model == base.model,
            ),
        )

    # Character n-grams alone, or with jieba words; then, for the chosen one, the request-clause
    # view at each weight of REQUEST_WEIGHTS: cross-validation chooses, as for the rest.
    by_words = [tuned(words, 0.0) for words in (False, True)]
    config, report = best(by_words)
    by_request = [(config, report)] + [
        tuned(config.words, weight) for weight in REQUEST_WEIGHTS.get(task, ())
    ]
    config, report = best(by_request)
    # Then, for those features (LSA included), the other linear models of OTHER_MODELS, each
    # with every C and written weight.
    chosen_lsa = ((config.lsa_dims, config.lsa_weight),)
    by_model = [(config, report)] + [
        tuned(config.words, config.request_weight, kind, chosen_lsa)
        for kind in OTHER_MODELS.get(task, ())
    ]
    config, report = best(by_model)
    report["cv_macro_f1_by_words"] = {
        str(cfg.words): rep["cv_macro_f1_chosen"] for cfg, rep in by_words
    }
    if len(by_request) > 1:
        report["cv_macro_f1_by_request_weight"] = {
            str(cfg.request_weight): rep["cv_macro_f1_chosen"] for cfg, rep in by_request
        }
    if len(by_model) > 1:
        report["cv_macro_f1_by_model"] = {
            cfg.model: rep["cv_macro_f1_chosen"] for cfg, rep in by_model
        }
    metrics: dict[str, Any] = {"train_cv": report}
    if task == "demand":
        metrics.update(_cue_threshold(config, texts, labels, groups, written, out_dir))
    model = TextClassifier(task, config)
    model.lsa_dir = out_dir
    model = model.fit(texts, labels, provenance=provenance, version=MODEL_VERSION, written=written)
    return _write(model, out_dir, metrics), metrics


def _cue_threshold(
    config: ClassifierConfig,
    texts: list[str],
    labels: list[str],
    groups: list[str],
    written: list[bool],
    out_dir: Path,
) -> dict[str, Any]:
    """The demand cue threshold (:mod:`demand`) chosen on out-of-fold predictions of the
    written rows (all rows when there are none)."""
    scores, classes = out_of_fold_scores(
        "demand", config, texts, labels, groups=groups, written=written, lsa_dir=out_dir
    )
    probs = softmax(scores, config.temperature)
    rows = [i for i, w in enumerate(written) if w] or list(range(len(texts)))
    predictions = [Prediction(classes[int(probs[i].argmax())], float(probs[i].max())) for i in rows]
    threshold, report = choose_cue_threshold(
        [texts[i] for i in rows], [labels[i] for i in rows], predictions
    )
    report["procedure"] = (
        "out-of-fold demand predictions (same folds and settings as train_cv) on the "
        f"{len(rows)} {'written' if any(written) else 'training'} rows; best macro-F1"
    )
    return {"cue_threshold": threshold, "cue_threshold_cv": report}


class RowMarks(TypedDict):
    """Each training row's cross-validation group and its written and fresh marks."""

    groups: list[str]
    written: list[bool]
    fresh: list[bool]


def _row_marks(rows: list[dict[str, str]]) -> RowMarks:
    """Each training row's cross-validation group and its written and fresh marks."""
    return {
        "groups": [r["group"] for r in rows],
        "written": [bool(r["written"]) for r in rows],
        "fresh": [bool(r["fresh"]) for r in rows],
    }


def build_urgency_model(out_dir: Path) -> tuple[str, dict[str, Any]]:
    """Priority's second look, fitted on the train split with the models just written
    (their rules and sentiment give the signals; see :mod:`urgency`)."""
    rows = training_rows()
    texts = [r["text"] for r in rows]
    bundle = TriageModels.from_dir(out_dir)
    bundle.urgency = None
    # The rules' decision on each row without the risk model: fitted on these very rows, its
    # flags would be right on nearly all of them and leave the second look too little to learn
    # (at triage time it raises flags before the second look; the two add up).
    bundle.risk = None
    results = triage_texts(texts, models=bundle)
    signals = [
        UrgencySignals(
            angry=result.sentiment.value == "angry",
            sentiment_score=result.sentiment_score,
            repeat="repeat" in result.risk_flags.value,
            vulnerable=bool(VULNERABLE_PATTERN.search(normalize(text))),
            amount=amount_in_text(text),
            batch_size=0,
        )
        for text, result in zip(texts, results, strict=True)
    ]
    model = fit_urgency(
        texts,
        [r["priority"] == "urgent" for r in rows],
        [result.priority.value == "urgent" for result in results],
        signals,
        **_row_marks(rows),
        text_config=config_for("urgent"),
        version=MODEL_VERSION,
    )
    name = f"urgency-{MODEL_VERSION}.json"
    model.save(out_dir, name)
    return name, {"train_cv": model.report}


def build_risk_model(out_dir: Path) -> tuple[str, dict[str, Any]]:
    """The second look at risk flags (:mod:`riskmodel`), fitted on the training rows with the
    lexicon's flags on each (its thresholds are chosen on the fresh rows)."""
    rows = training_rows()
    texts = [r["text"] for r in rows]
    lexicon = default_lexicon()
    model = fit_risk_model(
        texts,
        [{f for f in r["risk_flags"].split(";") if f} for r in rows],
        [[flag.code for flag in lexicon.detect(text)] for text in texts],
        **_row_marks(rows),
        base=config_for("urgent"),
        version=MODEL_VERSION,
    )
    name = f"risk-{MODEL_VERSION}.json"
    for old in out_dir.glob("risk-*"):
        old.unlink()
    model.save(out_dir, name)
    return name, {"train_cv": model.report}


def build_sentiment_model(data: Path, out_dir: Path) -> tuple[str, dict[str, Any]]:
    texts, labels = load_waimai(data)
    provenance = {
        "data": "sophonplus-reviews/waimai_10k.csv (SophonPlus/ChineseNlpCorpus @ a0b781d7)",
        "rows": len(texts),
        "labels": "1 = positive review, 0 = negative review",
        "licence": "none stated; third-party research data, used for training only",
    }
    x_train, _, y_train, _ = holdout_split(texts, labels, test_size=0.2, seed=42)
    config, report = tune("sentiment", x_train, y_train, base=config_for("sentiment"), folds=3)
    model, metrics = train(
        "sentiment", texts, labels, config=config, provenance=provenance, version=MODEL_VERSION
    )
    metrics["train_cv"] = report
    return _write(model, out_dir, metrics), metrics


def _save_manifest(path: Path, manifest: dict[str, str]) -> None:
    """Write the manifest after each model, so a run cut short leaves the finished ones named."""
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", "utf-8")


def build_default_models(out_dir: Path = MODELS_DIR) -> dict[str, Any]:
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest_path = out_dir / MANIFEST
    manifest: dict[str, str] = (
        json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    )
    report: dict[str, Any] = {}
    data = shared_data_dir()
    if data is not None:  # without the corpora the shipped projection is kept
        report["lsa"] = build_lsa(data, out_dir)
    for task in OWN_SET_TASKS:
        manifest[task], report[task] = build_own_set_model(task, out_dir)
    used = max(
        int(r["train_cv"].get("lsa", {}).get("chosen_dims", 0))
        for r in report.values()
        if "train_cv" in r
    )
    lsa_path = out_dir / LSA_NAME
    if lsa_path.exists():
        if used == 0:
            lsa_path.unlink()
        elif LsaProjection.load(lsa_path).dims > used:
            LsaProjection.load(lsa_path).truncated(used).save(lsa_path)
        load_lsa.cache_clear()
    if data is not None:
        manifest["sentiment"], report["sentiment"] = build_sentiment_model(data, out_dir)
    manifest["risk"], report["risk"] = build_risk_model(out_dir)
    _save_manifest(manifest_path, manifest)
    manifest["urgency"], report["urgency"] = build_urgency_model(out_dir)
    _save_manifest(manifest_path, manifest)
    return report


def rebuild_models(tasks: Sequence[str], out_dir: Path = MODELS_DIR) -> dict[str, Any]:
    """Retrain only ``tasks`` — own-set models (their LSA projection as shipped: its dimensions
    cap the grid) and the second looks, ``risk`` and ``urgency`` — and update their manifest
    entries; the other models stay. The own-set models are fitted first, then the risk models,
    then priority's second look, which reads the models written before it."""
    unknown = sorted(set(tasks) - set(OWN_SET_TASKS) - set(SECOND_LOOKS))
    if unknown:
        raise ValueError(
            f"not a model shipped alone: {', '.join(unknown)}; "
            f"choose from {', '.join(OWN_SET_TASKS + SECOND_LOOKS)}"
        )
    manifest_path = out_dir / MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    report: dict[str, Any] = {}
    for task in (task for task in OWN_SET_TASKS if task in tasks):
        manifest[task], report[task] = build_own_set_model(task, out_dir)
    _save_manifest(manifest_path, manifest)
    for task, build in (("risk", build_risk_model), ("urgency", build_urgency_model)):
        if task in tasks:
            manifest[task], report[task] = build(out_dir)
            _save_manifest(manifest_path, manifest)
    return report


if __name__ == "__main__":
    # No argument: every model.  Model names (e.g. ``demand risk``): only those models.
    chosen = sys.argv[1:]
    summary = rebuild_models(chosen) if chosen else build_default_models()
    for task, metrics in summary.items():
        print(task, metrics.get("train_cv"), metrics.get("holdout", {}).get("macro_f1"))
