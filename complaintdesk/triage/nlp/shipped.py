"""Build the default models shipped in ``complaintdesk/triage/models``.

- category, demand, industry: trained on the *train* split of the product's own labelled set
  (``complaintdesk/triage/data/complaints_labelled.csv``) and measured on its test split;
- sentiment: a positive/negative polarity model trained on waimai_10k (third-party research
  data, see MODEL_CARD.md), measured on a held-out 20% (seed 42) before refitting on all rows.
  Without ``../shared/data`` the existing sentiment artifact is kept.

Run ``python -m complaintdesk.triage.nlp.shipped``; it rewrites the artifacts and
``manifest.json``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from complaintdesk.triage.nlp.classifier import TextClassifier, sidecar_path
from complaintdesk.triage.nlp.corpora import (
    LABELLED_CSV,
    load_labelled_set,
    load_waimai,
    shared_data_dir,
)
from complaintdesk.triage.nlp.pipeline import MANIFEST, MODELS_DIR
from complaintdesk.triage.nlp.training import config_for, evaluate, train

MODEL_VERSION = "1.0.0"
OWN_SET_TASKS = ("category", "demand", "industry")


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


def build_own_set_model(task: str, out_dir: Path) -> tuple[str, dict[str, Any]]:
    texts, labels = load_labelled_set(task, split="train")
    test_texts, test_labels = load_labelled_set(task, split="test")
    provenance = {
        "data": "complaintdesk/triage/data/complaints_labelled.csv",
        "data_sha256": _sha256(LABELLED_CSV),
        "split": "train",
        "rows": len(texts),
        "note": "written for the product from templates and hand-written phrases",
    }
    model = TextClassifier(task, config_for(task)).fit(
        texts, labels, provenance=provenance, version=MODEL_VERSION
    )
    metrics = {"test_split": evaluate(model, test_texts, test_labels)}
    return _write(model, out_dir, metrics), metrics


def build_sentiment_model(data: Path, out_dir: Path) -> tuple[str, dict[str, Any]]:
    texts, labels = load_waimai(data)
    provenance = {
        "data": "sophonplus-reviews/waimai_10k.csv (SophonPlus/ChineseNlpCorpus @ a0b781d7)",
        "rows": len(texts),
        "labels": "1 = positive review, 0 = negative review",
        "licence": "none stated; third-party research data, used for training only",
    }
    model, metrics = train("sentiment", texts, labels, provenance=provenance, version=MODEL_VERSION)
    return _write(model, out_dir, metrics), metrics


def build_default_models(out_dir: Path = MODELS_DIR) -> dict[str, Any]:
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest_path = out_dir / MANIFEST
    manifest: dict[str, str] = (
        json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    )
    report: dict[str, Any] = {}
    for task in OWN_SET_TASKS:
        manifest[task], report[task] = build_own_set_model(task, out_dir)
    data = shared_data_dir()
    if data is not None:
        manifest["sentiment"], report["sentiment"] = build_sentiment_model(data, out_dir)
    manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", "utf-8")
    return report


if __name__ == "__main__":
    summary = build_default_models()
    for task, metrics in summary.items():
        figures = metrics.get("test_split") or metrics.get("holdout") or {}
        print(task, "macro_f1", figures.get("macro_f1"), "accuracy", figures.get("accuracy"))
