"""triage_text end to end with the shipped models."""

import json
from decimal import Decimal

import pytest

from complaintdesk.triage.nlp.pipeline import (
    TriageModels,
    default_models,
    model_flag_probabilities,
    risk_field,
    triage_text,
    triage_texts,
)
from complaintdesk.triage.nlp.risk import RiskFlag
from complaintdesk.triage.nlp.riskmodel import ModelFlag

FURIOUS = (
    "气死我了！！你们这群骗子，说好的课一节都不给上，再不退钱我马上打12315，还要请律师起诉你们！"
)
POLITE = "您好，想问一下我的退款大概什么时候能到账？谢谢"


def test_furious_threat_of_12315_and_a_lawyer_is_urgent_with_both_flags():
    result = triage_text(FURIOUS)
    assert result.priority.value == "urgent"
    assert {"regulator", "legal_threat"} <= set(result.risk_flags.value)
    assert "risk:regulator" in result.priority.explanation
    assert "risk:legal_threat" in result.priority.explanation
    assert result.sentiment.value == "angry"
    assert result.sentiment_score < -0.5


def test_polite_question_is_low():
    result = triage_text(POLITE)
    assert result.priority.value == "low"
    assert result.risk_flags.value == []
    assert result.sentiment.value in {"neutral", "positive"}


def test_every_field_has_value_confidence_source_and_explanation():
    data = triage_text("点的外卖超时一个多小时，饭都凉了，要求退款").as_dict()
    fields = {
        "category",
        "demand",
        "priority",
        "risk_flags",
        "sentiment",
        "industry",
        "language",
        "review",
    }
    assert set(data) == fields
    for field in fields:
        assert set(data[field]) >= {"value", "confidence", "source", "explanation"}
        assert 0.0 <= data[field]["confidence"] <= 1.0
        assert data[field]["source"] in {"model", "rule"}
    assert data["industry"]["value"] == "delivery"
    assert data["language"]["value"] == "zh"
    assert data["category"]["source"] == "model"
    assert data["priority"]["source"] == "rule"
    assert data["category"]["calibrated"] is True and data["priority"]["calibrated"] is False
    assert data["review"]["value"] in {True, False}
    json.dumps(data, ensure_ascii=False)


def test_amount_and_vulnerable_flag_raise_priority_to_high():
    text = "买的手机屏幕有问题，要求换货"
    assert triage_text(text).priority.value == "normal"
    assert triage_text(text, amount=Decimal("8999")).priority.value == "high"
    assert triage_text(text, customer_flags=["vulnerable"]).priority.value == "high"
    assert triage_text(text, batch_size=12).priority.value == "urgent"


def test_english_and_traditional_texts():
    english = triage_text("I was charged twice for the same order. I will sue you.")
    assert english.language.value == "en"
    assert english.priority.value == "urgent"
    traditional = triage_text("騎手闖紅燈把我撞倒了，我要投訴")
    assert "safety" in traditional.risk_flags.value


def test_batch_matches_single_calls():
    texts = [FURIOUS, POLITE]
    assert [r.as_dict() for r in triage_texts(texts)] == [triage_text(t).as_dict() for t in texts]


def test_without_models_the_rules_still_answer():
    result = triage_text(FURIOUS, models=TriageModels())
    assert result.category.value == "other" and result.category.confidence == 0.0
    assert result.priority.value == "urgent"
    assert result.sentiment.source == "rule"


@pytest.mark.parametrize("task", ["category", "demand", "sentiment", "industry", "tone"])
def test_shipped_models_load_with_provenance(task):
    model = getattr(default_models(), task)
    assert model is not None
    assert model.info.provenance
    assert model.info.version


def test_shipped_second_looks_load_and_answer_in_the_pipeline():
    models = default_models()
    assert models.risk is not None and models.urgency is not None
    assert set(models.risk.models) <= {
        "legal_threat",
        "media_exposure",
        "regulator",
        "safety",
        "repeat",
    }
    assert all(0 < t <= 1 for t in models.risk.thresholds.values())
    result = triage_text(FURIOUS)
    assert result.sentiment.source == "model"  # the tone model gives the label
    assert result.sentiment.value == "angry"


def test_model_flag_probabilities_read_back_what_risk_field_wrote():
    field = risk_field(
        ["legal_threat", "safety"],
        [RiskFlag("legal_threat", ("律师",))],
        [ModelFlag("safety", 0.7134, ("冒火花",)), ModelFlag("media_exposure", 0.9, ())],
    )
    assert field.source == "model"
    assert model_flag_probabilities(field.explanation) == {"safety": 0.71, "media_exposure": 0.9}
    # Lexicon terms, a term that happens to read "model", and damaged entries are not read.
    assert model_flag_probabilities(["legal_threat:model", "safety:model:x", "律师"]) == {}
