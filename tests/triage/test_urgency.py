"""Priority's second look: threshold chosen for recall, readable reasons, shipped and loaded."""

import json
from dataclasses import replace
from decimal import Decimal

import numpy as np
import pytest

from complaintdesk.triage.nlp.pipeline import MODELS_DIR, default_models, triage_text, triage_texts
from complaintdesk.triage.nlp.urgency import (
    FEATURES,
    MIN_PRECISION,
    UrgencyModel,
    UrgencySignals,
    choose_threshold,
    signal_vector,
)

CALM = UrgencySignals(
    angry=False, sentiment_score=0.0, repeat=False, vulnerable=False, amount=None, batch_size=0
)


def test_threshold_takes_the_missed_urgent_rows_while_precision_holds():
    truth = np.array([True] * 6 + [False] * 6)
    rules = np.array([True, True, True, False, False, False] + [False] * 6)
    scores = np.array([0, 0, 0, 0.9, 0.8, 0.3, 0.7, 0.2, 0.1, 0.1, 0.1, 0.1])
    choice = choose_threshold(scores, rules, truth)
    assert choice.rules_recall == 0.5
    assert choice.recall > choice.rules_recall
    assert choice.precision >= MIN_PRECISION
    decided = rules | (scores >= choice.threshold)
    assert choice.recall == (decided & truth).sum() / truth.sum()


def test_no_threshold_when_every_one_breaks_the_precision_floor():
    truth = np.array([True] + [False] * 9)
    rules = np.zeros(10, dtype=bool)
    scores = np.full(10, 0.99)
    choice = choose_threshold(scores, rules, truth)
    assert choice.threshold == 1.0  # the score can never reach it: the rules decide alone
    assert choice.recall == 0.0


def test_signals_are_scaled_in_feature_order():
    signals = UrgencySignals(
        angry=True,
        sentiment_score=-0.6,
        repeat=True,
        vulnerable=False,
        amount=Decimal("99999"),
        batch_size=30,
    )
    vector = signal_vector(signals, 0.25)
    assert len(vector) == len(FEATURES)
    assert vector.tolist() == pytest.approx([0.25, 1.0, 0.6, 1.0, 0.0, 1.0, 1.0], abs=1e-4)


def test_reasons_name_the_score_the_threshold_and_what_pushed_it():
    model = UrgencyModel(weights=dict.fromkeys(FEATURES, 0.0), intercept=0.0, threshold=0.4)
    model.weights.update(text_urgent=3.0, angry=1.0)
    vector = signal_vector(replace(CALM, angry=True), 0.8)
    probability = model.probability(vector)
    reasons = model.reasons(vector, probability)
    assert reasons[0] == f"urgency_score:{probability:.2f}>=0.40"
    assert reasons[1].startswith("text_urgent=0.80(+2.40)")
    assert reasons[2].startswith("angry=1.00")


def test_the_shipped_second_look_is_loaded_from_the_manifest_and_round_trips(tmp_path):
    urgency = default_models().urgency
    assert urgency is not None and urgency.text_model is not None
    assert 0 < urgency.threshold <= 1
    assert urgency.report["cv_precision_rules_or_score"] >= MIN_PRECISION
    urgency.save(tmp_path, "urgency-x.json")
    again = UrgencyModel.load(tmp_path / "urgency-x.json")
    assert (again.weights, again.threshold) == (urgency.weights, urgency.threshold)
    texts = ["注册时留的信息被别人拿去用了", "想问一下课程能不能改时间"]
    assert again.text_probabilities(texts) == urgency.text_probabilities(texts)
    manifest = json.loads((MODELS_DIR / "manifest.json").read_text(encoding="utf-8"))
    assert (MODELS_DIR / manifest["urgency"]).exists()


def test_pipeline_marks_what_the_second_look_decided():
    models = default_models()
    assert models.urgency is not None
    text = "想问一下，我报的英语网课可以换个上课时间吗？麻烦了，谢谢。"
    by_rules = triage_text(text, models=replace(models, urgency=None))
    assert by_rules.priority.value != "urgent" and by_rules.priority.source == "rule"
    always = replace(models.urgency, threshold=0.0)
    forced = triage_text(text, models=replace(models, urgency=always)).priority
    assert (forced.value, forced.source) == ("urgent", "model")
    assert forced.explanation[0].startswith("urgency_score:")
    assert forced.as_dict()["calibrated"] is True
    never = replace(models.urgency, threshold=1.01)
    assert triage_text(text, models=replace(models, urgency=never)).priority == by_rules.priority


def test_texts_shorter_than_any_training_text_are_left_to_the_rules():
    models = default_models()
    assert models.urgency is not None and models.urgency.min_chars >= 5
    always = replace(models.urgency, threshold=0.0)
    short = "充电盒也无法充电。"[: models.urgency.min_chars - 1]
    result = triage_text(short, models=replace(models, urgency=always))
    assert result.priority.source == "rule"
    assert result.priority == triage_text(short, models=replace(models, urgency=None)).priority
    longer = short + "买了才一个星期，换了插座和充电线也不行。"
    assert triage_text(longer, models=replace(models, urgency=always)).priority.source == "model"


def test_rules_keep_deciding_what_they_make_urgent():
    models = default_models()
    never = replace(models.urgency, threshold=1.01)
    result = triage_text("我要去12315投诉你们", models=replace(models, urgency=never))
    assert (result.priority.value, result.priority.source) == ("urgent", "rule")


def test_fitting_on_train_rows_keeps_the_precision_floor_and_never_loses_recall():
    from complaintdesk.triage.nlp.corpora import load_labelled_rows
    from complaintdesk.triage.nlp.training import config_for
    from complaintdesk.triage.nlp.urgency import fit_urgency

    rows = [r for r in load_labelled_rows() if r["split"] == "train"][:500]
    texts = [r["text"] for r in rows]
    results = triage_texts(texts, models=replace(default_models(), urgency=None))
    signals = [
        replace(CALM, angry=t.sentiment.value == "angry", sentiment_score=t.sentiment_score)
        for t in results
    ]
    model = fit_urgency(
        texts,
        [r["priority"] == "urgent" for r in rows],
        [t.priority.value == "urgent" for t in results],
        signals,
        groups=[r["template"] for r in rows],
        text_config=config_for("urgent"),
        folds=3,
    )
    report = model.report
    assert set(model.weights) == set(FEATURES)
    assert report["rows_second_look"] == sum(t.priority.value != "urgent" for t in results)
    assert report["cv_recall_rules_or_score"] >= report["cv_recall_rules_only"]
    if model.threshold < 1.0:
        assert report["cv_precision_rules_or_score"] >= MIN_PRECISION


def test_identifiers_are_blanked_before_the_text_model_reads_them():
    from complaintdesk.triage.nlp.urgency import without_identifiers

    text = "电话13912345678，邮箱wang.li@example.com，单号SF1234567，打12315"
    blanked = without_identifiers(text)
    assert "13912345678" not in blanked and "example.com" not in blanked
    assert "SF1234567" not in blanked
    assert "12315" in blanked  # hotlines are evidence, not identifiers
