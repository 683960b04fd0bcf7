"""TextClassifier: fit, confidence, explanation, save/load round trip."""

import json
from datetime import datetime

import numpy as np
import pytest

from complaintdesk.triage.nlp.classifier import ClassifierConfig, TextClassifier
from complaintdesk.triage.nlp.text import normalize, request_clauses

SMALL = ClassifierConfig(min_df=1, max_features=5000)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@pytest.mark.parametrize("kind", ["svc", "logreg", "sgd", "cnb"])
def test_every_model_kind_predicts_a_label_with_a_probability(toy, kind):
    model = TextClassifier("category", ClassifierConfig(model=kind, min_df=1)).fit(*toy)
    [prediction] = model.predict(["快递一直没到，包裹也找不到"])
    assert prediction.label in {"logistics", "billing", "service"}
    assert 0.0 <= prediction.confidence <= 1.0


def test_explanation_names_ngrams_of_the_text_for_the_predicted_class(toy):
    model = TextClassifier("category", SMALL).fit(*toy)
    [prediction] = model.predict(["客服态度太差了"], explain=3)
    assert prediction.label == "service"
    assert prediction.explanation_terms
    assert all(term in normalize("客服态度太差了") for term in prediction.explanation_terms)


def test_fast_transform_equals_sklearn_transform(toy):
    model = TextClassifier("category", SMALL).fit(*toy)
    texts = ["快递没到", "", "Refund NOW!!", "客服不回消息，扣了两次钱"]
    fast = model.transform(texts).toarray()
    reference = model.features.transform([normalize(t) for t in texts]).toarray()
    assert np.allclose(fast, reference, atol=1e-6)


def test_request_clause_view_is_weighted_as_the_feature_union_weighs_it(toy):
    config = ClassifierConfig(min_df=1, max_features=5000, request_weight=0.5)
    model = TextClassifier("demand", config).fit(*toy)
    texts = ["快递没到，我要求退款，否则投诉", "", "客服态度差。", "Please refund me, now"]
    fast = model.transform(texts).toarray()
    reference = model.features.transform([normalize(t) for t in texts]).toarray()
    assert np.allclose(fast, reference, atol=1e-6)
    # The second view holds only the request clause, at half weight.
    width = fast.shape[1] - len(model.features.transformer_list[-1][1].vocabulary_)
    assert 0 < np.linalg.norm(fast[0, width:]) <= 0.5 + 1e-6


def test_request_clauses_pick_the_asking_clause_or_the_last_two():
    assert request_clauses("快递三天没到,客服不回,我要求退款,否则投诉") == "我要求退款 | 否则投诉"
    assert request_clauses("快递三天没到,客服不回,包装也破了") == "客服不回 | 包装也破了"
    assert request_clauses("") == ""


def test_batch_gram_table_counts_like_sklearn_on_awkward_text():
    texts = ["快递没到", "", "a", "  两个   空格 ", "😀😀 ok", "快\n\n\t递", "退款退款退款", "ab"]
    model = TextClassifier("category", ClassifierConfig(min_df=1, words=False))
    model.fit([*texts[:4], "扣了两次钱", "客服挂电话"], ["a", "b", "a", "b", "a", "b"])
    fast = model.transform(texts).toarray()
    reference = model.features.transform([normalize(t) for t in texts]).toarray()
    assert np.allclose(fast, reference, atol=1e-6)
    # Grams unknown to the vocabulary (the emoji) are dropped, not mapped to a wrong column.
    assert model.transform(["😀"]).nnz == 0


def test_save_and_load_round_trip_with_sidecar(toy, tmp_path):
    model = TextClassifier("category", SMALL).fit(*toy, provenance={"data": "toy"}, version="9")
    path = model.save(tmp_path / "category-9.joblib", metrics={"macro_f1": 1.0})
    sidecar = json.loads((tmp_path / "category-9.json").read_text(encoding="utf-8"))
    assert sidecar["task"] == "category"
    assert sidecar["version"] == "9"
    assert sidecar["labels"] == ["billing", "logistics", "service"]
    assert sidecar["metrics"] == {"macro_f1": 1.0}
    assert sidecar["provenance"] == {"data": "toy"}
    assert datetime.fromisoformat(sidecar["created_at"]).tzinfo is not None
    loaded = TextClassifier.load(path)
    texts = ["快递丢了", "扣了两次钱"]
    assert loaded.predict(texts) == model.predict(texts)


def test_fit_refuses_a_single_label():
    with pytest.raises(ValueError, match="two distinct labels"):
        TextClassifier("x", SMALL).fit(["a", "b"], ["1", "1"])
