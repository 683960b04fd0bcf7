"""Retraining some of the shipped models: a name that is not one of them is refused before
anything is read or written."""

import json

import pytest

from complaintdesk.triage.nlp.shipped import OWN_SET_TASKS, SECOND_LOOKS, rebuild_models


def test_a_name_that_is_no_shipped_model_is_refused_and_nothing_is_written(tmp_path):
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"category": "category-1.0.0.joblib"}), "utf-8")
    with pytest.raises(
        ValueError, match="not a model shipped alone: priority; choose from"
    ) as error:
        rebuild_models(["category", "priority"], out_dir=tmp_path)
    for name in (*OWN_SET_TASKS, *SECOND_LOOKS):
        assert name in str(error.value)
    assert json.loads(manifest.read_text("utf-8")) == {"category": "category-1.0.0.joblib"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.json"]
