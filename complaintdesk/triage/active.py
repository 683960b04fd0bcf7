"""The models triage uses in the product: shipped defaults, overridden by activated ones.

``complaintdesk triage train`` writes versioned artifacts to ``COMPLAINTDESK_DATA_DIR/models``
and activates one by naming it in that folder's ``manifest.json`` (same format as the shipped
manifest). :func:`active_models` loads the shipped models once per process and the activated
ones on top; it re-reads only when the active manifest's modification time or size changes,
so the check costs one ``stat`` per call and a new activation reaches every process without a
restart.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from threading import Lock

from django.conf import settings

from complaintdesk.triage.nlp.classifier import TextClassifier, sidecar_path
from complaintdesk.triage.nlp.pipeline import MANIFEST, TriageModels, default_models


@dataclass(frozen=True)
class ActiveModels:
    """The pipeline's bundle plus the learned priority model, when one was activated."""

    bundle: TriageModels
    priority: TextClassifier | None
    versions: dict[str, str]


_cache: dict[str, tuple[tuple[int, int], ActiveModels]] = {}
_lock = Lock()


def active_dir() -> Path:
    return Path(settings.DATA_DIR) / "models"


def read_manifest(directory: Path) -> dict[str, str]:
    path = directory / MANIFEST
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data.items()}


def _stamp(directory: Path) -> tuple[int, int]:
    try:
        info = (directory / MANIFEST).stat()
    except FileNotFoundError:
        return (0, 0)
    return (info.st_mtime_ns, info.st_size)


def _load(directory: Path) -> ActiveModels:
    shipped = default_models()
    manifest = read_manifest(directory)
    loaded: dict[str, TextClassifier] = {}
    for task, name in manifest.items():
        path = directory / name
        if path.exists():
            loaded[task] = TextClassifier.load(path)
    bundle = replace(
        shipped,
        category=loaded.get("category", shipped.category),
        demand=loaded.get("demand", shipped.demand),
        sentiment=loaded.get("sentiment", shipped.sentiment),
        industry=loaded.get("industry", shipped.industry),
        tone=loaded.get("tone", shipped.tone),
    )
    versions = {task: model.info.version for task, model in loaded.items()}
    return ActiveModels(bundle=bundle, priority=loaded.get("priority"), versions=versions)


def active_models() -> ActiveModels:
    """The models to triage with now (cached per process; one ``stat`` per call)."""
    directory = active_dir()
    key = str(directory)
    stamp = _stamp(directory)
    cached = _cache.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    with _lock:
        cached = _cache.get(key)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        models = _load(directory)
        _cache[key] = (stamp, models)
        return models


def active_model(task: str) -> TextClassifier | None:
    """The model currently used for ``task`` (activated, else shipped), if any."""
    models = active_models()
    if task == "priority":
        return models.priority
    model: TextClassifier | None = getattr(models.bundle, task)
    return model


def model_save_atomic(model: TextClassifier, path: Path) -> Path:
    """Save artifact and sidecar under temporary names, then move both into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=".partial-", suffix=path.suffix)
    os.close(handle)
    temp = Path(temp_name)
    try:
        model.save(temp)
        os.replace(sidecar_path(temp), sidecar_path(path))
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
        sidecar_path(temp).unlink(missing_ok=True)
    return path


def model_activate(model: TextClassifier, *, task: str) -> Path:
    """Store ``model`` as a new version in the active folder and name it in the manifest."""
    directory = active_dir()
    target = directory / f"{task}-{model.info.version}.joblib"
    model_save_atomic(model, target)
    manifest = read_manifest(directory)
    manifest[task] = target.name
    handle, temp_name = tempfile.mkstemp(dir=directory, prefix=".manifest-", suffix=".json")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    os.replace(temp_name, directory / MANIFEST)
    return target
