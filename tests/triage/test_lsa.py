"""LSA features learnt from unlabelled text, appended to the n-grams of a classifier."""

import numpy as np
import pytest

from complaintdesk.triage.nlp.classifier import ClassifierConfig, TextClassifier
from complaintdesk.triage.nlp.corpora import load_labelled_set
from complaintdesk.triage.nlp.lsa import LsaProjection, fit_lsa, load_lsa
from complaintdesk.triage.nlp.pipeline import MODELS_DIR, default_models
from complaintdesk.triage.nlp.text import normalize


@pytest.fixture(scope="module")
def projection():
    texts, _ = load_labelled_set("category", split="train")
    return fit_lsa(texts[:600], dims=16, max_features=3000)


def test_vectors_are_unit_length_and_put_shared_wording_closer(projection):
    texts = ["快递一直没有送到", "快递三天了还没送到", "课程老师一直换人"]
    vectors = projection.transform(texts, 16)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_a_text_without_known_ngrams_gets_a_zero_vector(projection):
    [vector] = projection.transform(["ᚠᚢᚦ"], 8)
    assert not vector.any()


def test_save_and_load_keep_the_vectors_within_float16_rounding(projection, tmp_path):
    path = projection.save(tmp_path / "lsa-test.joblib")
    again = LsaProjection.load(path)
    texts = ["外卖送错了地址", "保险理赔一直不批"]
    assert np.allclose(projection.transform(texts, 16), again.transform(texts, 16), atol=2e-3)
    assert again.truncated(4).transform(texts, 4).shape == (2, 4)


def test_classifier_with_lsa_explains_with_ngrams_only_and_round_trips(projection, toy, tmp_path):
    projection.save(tmp_path / "lsa-test.joblib")
    load_lsa.cache_clear()
    config = ClassifierConfig(min_df=1, lsa="lsa-test.joblib", lsa_dims=8, lsa_weight=2.0)
    model = TextClassifier("category", config)
    model.lsa_dir = tmp_path
    model.fit(*toy)
    width = len(model.feature_terms())
    assert model.transform(["客服态度太差"]).shape[1] == width + 8
    [prediction] = model.predict(["客服态度太差了"], explain=3)
    assert all(term in normalize("客服态度太差了") for term in prediction.explanation_terms)
    model.save(tmp_path / "category-x.joblib")
    again = TextClassifier.load(tmp_path / "category-x.joblib")
    texts = ["快递丢了", "扣了两次钱", "客服挂电话"]
    assert again.predict(texts) == model.predict(texts)
    load_lsa.cache_clear()


def test_a_model_needing_more_dimensions_than_the_projection_holds_says_so(
    projection, toy, tmp_path
):
    projection.save(tmp_path / "lsa-test.joblib")
    load_lsa.cache_clear()
    config = ClassifierConfig(min_df=1, lsa="lsa-test.joblib", lsa_dims=16)
    model = TextClassifier("category", config)
    model.lsa_dir = tmp_path
    model.fit(*toy)
    projection.truncated(8).save(tmp_path / "lsa-test.joblib")
    load_lsa.cache_clear()
    with pytest.raises(ValueError, match=r"uses 16 dimensions .* now holds 8"):
        model.predict(["快递丢了"])
    load_lsa.cache_clear()


def test_shipped_models_name_an_lsa_artifact_that_is_shipped():
    models = default_models()
    named = {
        m.config.lsa
        for m in (models.category, models.demand, models.industry)
        if m is not None and m.config.lsa_dims
    }
    for name in named:
        shipped = load_lsa(name)
        assert (MODELS_DIR / name).exists()
        assert shipped.dims >= max(
            m.config.lsa_dims for m in (models.category, models.demand, models.industry) if m
        )


def test_tuning_tries_lsa_settings_and_returns_the_best_one(projection, tmp_path):
    from complaintdesk.triage.nlp.tuning import tune

    projection.save(tmp_path / "lsa-tune.joblib")
    load_lsa.cache_clear()
    rows = load_labelled_set("category", split="train")
    texts, labels = rows[0][:300], rows[1][:300]
    base = ClassifierConfig(words=False, min_df=1, lsa=str(tmp_path / "lsa-tune.joblib"))
    config, report = tune(
        "category", texts, labels, base=base, grid=(0.5,), lsa_grid=((0, 0.0), (8, 1.0)), folds=3
    )
    scores = report["lsa"]["cv_macro_f1_by_c_dims_weight"]
    assert set(scores) == {"C=0.5 dims=0 weight=0.0", "C=0.5 dims=8 weight=1.0"}
    assert report["lsa"]["cv_macro_f1_chosen"] == max(scores.values())
    assert config.lsa_dims == report["lsa"]["chosen_dims"]
    assert (config.lsa == "") == (config.lsa_dims == 0)
    load_lsa.cache_clear()
