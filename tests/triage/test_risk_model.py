"""Risk flags' second look: a text model per flag, thresholds chosen on fresh rows, readable."""

import json

import numpy as np
import pytest

from complaintdesk.triage.nlp.classifier import ClassifierConfig
from complaintdesk.triage.nlp.pipeline import TriageModels, risk_field, triage_text
from complaintdesk.triage.nlp.risk import RiskFlag
from complaintdesk.triage.nlp.riskmodel import ModelFlag, RiskModel, fit_risk_model

FILLER = "的了是我在有他这中大来上个国到说们为子和你地出道也时年订单商品客服"
BASE = ClassifierConfig(model="svc", words=False, min_df=1, c=1.0, class_weight="balanced")


def _rows(seed=0, n=240):
    """Texts about goods; one in four says the food made someone sick in words the lexicon
    does not know (浑身发绿), a few of those also in words it does (食物中毒)."""
    rng = np.random.default_rng(seed)
    texts, flags, lexicon = [], [], []
    for i in range(n):
        body = "".join(rng.choice(list(FILLER), size=18))
        sick = i % 4 == 0
        known = sick and i % 8 == 0
        if sick:
            body += "吃完浑身发绿" if not known else "食物中毒了"
        texts.append(body + f"（第{i}单）")
        flags.append({"safety"} if sick else set())
        lexicon.append(["safety"] if known else [])
    return texts, flags, lexicon


def _fit(fresh_every=3):
    texts, flags, lexicon = _rows()
    model = fit_risk_model(
        texts,
        flags,
        lexicon,
        groups=[str(i) for i in range(len(texts))],
        written=[True] * len(texts),
        fresh=[i % fresh_every == 0 for i in range(len(texts))],
        base=BASE,
        codes=("safety", "repeat"),
    )
    return model


@pytest.fixture(scope="module")
def model():
    return _fit()


def test_the_model_raises_what_the_lexicon_misses_and_says_why(model):
    assert set(model.models) == {"safety"}  # repeat has no example: the lexicon decides alone
    assert model.thresholds["safety"] < 1.0
    text = "的了是我在有他这中大来上个国到说们为子和你吃完浑身发绿"
    [found] = model.detect([text], [[]])
    assert [f.code for f in found] == ["safety"]
    assert found[0].probability >= model.thresholds["safety"]
    assert any("发绿" in term or "浑身" in term for term in found[0].terms), found[0].terms


def test_a_flag_the_lexicon_raised_is_not_raised_twice(model):
    text = "的了是我在有他这中大来上个国到说们为子和你吃完浑身发绿"
    assert model.detect([text], [["safety"]]) == [[]]


def test_ordinary_text_raises_nothing(model):
    text = "的了是我在有他这中大来上个国到说们为子和你地出道也时年订单商品客服"
    assert model.detect([text], [[]]) == [[]]


def test_short_texts_are_left_to_the_lexicon(model):
    assert model.detect(["浑身发绿"], [[]]) == [[]]


def test_threshold_is_chosen_on_fresh_rows_only(model):
    report = model.report["flags"]["safety"]
    assert report["support_fresh"] == sum(1 for i in range(240) if i % 3 == 0 and i % 4 == 0)
    assert model.report["fresh_rows"] == 80
    assert report["cv_precision_rules_or_score"] >= 0.5
    # On the fresh rows the lexicon alone finds half of them; with the model, all.
    assert report["cv_recall_rules_only"] == 0.5
    assert report["cv_recall_rules_or_score"] == 1.0


def test_without_fresh_rows_there_is_no_threshold_to_choose():
    texts, flags, lexicon = _rows(n=40)
    with pytest.raises(ValueError, match="no fresh rows"):
        fit_risk_model(
            texts,
            flags,
            lexicon,
            groups=[str(i) for i in range(40)],
            written=[True] * 40,
            fresh=[False] * 40,
            base=BASE,
        )


def test_saved_and_loaded_it_scores_the_same(model, tmp_path):
    model.save(tmp_path, "risk-test.json")
    loaded = RiskModel.load(tmp_path / "risk-test.json")
    texts, _, _ = _rows(seed=1, n=20)
    before, after = model.probabilities(texts), loaded.probabilities(texts)
    assert before.keys() == after.keys()
    assert np.allclose(before["safety"], after["safety"])
    assert loaded.thresholds == model.thresholds


def test_loading_refuses_an_unknown_flag(model, tmp_path):
    model.save(tmp_path, "risk-test.json")
    path = tmp_path / "risk-test.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["text_models"]["danger"] = data["text_models"].pop("safety")
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="unknown risk flags"):
        RiskModel.load(path)


def test_the_field_names_the_lexicon_terms_then_the_model_evidence():
    field = risk_field(
        ["legal_threat", "safety"],
        [RiskFlag("legal_threat", ("律师",))],
        [ModelFlag("safety", 0.71, ("浑身发绿", "吃完"))],
    )
    assert field.source == "model" and field.confidence == 0.71
    assert field.explanation == (
        "legal_threat:律师",
        "safety:model:0.71",
        "safety:text:浑身发绿",
        "safety:text:吃完",
    )
    lexicon_only = risk_field(["legal_threat"], [RiskFlag("legal_threat", ("律师",))], [])
    assert (lexicon_only.source, lexicon_only.confidence) == ("rule", 1.0)
    assert risk_field([], [], []).confidence == 0.8


def test_the_pipeline_raises_model_flags_and_priority_follows(model):
    bundle = TriageModels(risk=model)
    result = triage_text("的了是我在有他这中大来上个国到说们为子和你吃完浑身发绿", models=bundle)
    assert result.risk_flags.value == ["safety"]
    assert result.risk_flags.source == "model"
    assert result.priority.value == "urgent"  # a safety flag makes a complaint urgent
