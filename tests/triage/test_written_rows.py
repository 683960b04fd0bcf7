"""Complaints written in customers' own words: training rows whose weight, scoring and the
demand cue threshold are chosen by cross-validation on them."""

import numpy as np

from complaintdesk.triage.nlp.classifier import ClassifierConfig, Prediction, TextClassifier
from complaintdesk.triage.nlp.corpora import (
    FRESH_SETS,
    RETIRED_SETS,
    WRITTEN_2_CSV,
    load_written_rows,
    training_rows,
)
from complaintdesk.triage.nlp.demand import choose_cue_threshold, decide_demand
from complaintdesk.triage.nlp.pipeline import default_models, triage_texts
from complaintdesk.triage.nlp.tuning import tune

FILLER = "的了是我在有他这中大来上个国到说们为子和你地出道也时年"
CONFIG = ClassifierConfig(model="svc", words=False, min_df=1, c=1.0)


def test_training_rows_join_the_train_split_and_the_written_complaints():
    rows = training_rows()
    written = [r for r in rows if r["written"]]
    files = (load_written_rows(), *map(load_written_rows, RETIRED_SETS))
    fresh = [row for path in FRESH_SETS for row in load_written_rows(path)]
    assert len(written) == sum(map(len, files)) + len(fresh)
    assert len(load_written_rows()) >= 500 and len(fresh) >= 500
    assert all(r["group"] == r["id"] for r in written if r.get("id"))
    assert all(r["split"] == "train" for r in rows if not r["written"])
    assert len({r["group"] for r in written}) == len(written)


def test_fresh_rows_are_the_ones_written_after_the_rules_froze():
    rows = training_rows()
    fresh = [r for r in rows if r["fresh"]]
    assert [r["id"] for r in fresh] == [
        r["id"] for path in FRESH_SETS for r in load_written_rows(path)
    ]
    assert len(fresh) > len(load_written_rows(WRITTEN_2_CSV))
    assert all(r["written"] for r in fresh)
    assert {r["origin"] for r in rows if r["written"] and not r["fresh"]} == {
        "complaints_written",
        *(path.stem for path in RETIRED_SETS),
    }


def test_written_rows_weigh_as_the_config_says():
    # The same wording labelled two ways: the heavier side wins.
    texts = ["课程老师换了好几次"] * 6 + ["外卖洒了一地"] * 4
    labels = ["service"] * 3 + ["contract"] * 3 + ["logistics"] * 4
    written = [False] * 3 + [True] * 3 + [False] * 4
    light = TextClassifier("category", CONFIG).fit(texts, labels, written=written)
    heavy = TextClassifier(
        "category", ClassifierConfig(model="svc", words=False, min_df=1, c=1.0, written_weight=4.0)
    ).fit(texts, labels, written=written)
    assert heavy.predict_labels(["课程老师换了好几次"]) == ["contract"]
    assert light.predict(["课程老师换了好几次"])[0].confidence < 0.9


def test_tuning_scores_on_written_rows_and_chooses_their_weight():
    rng = np.random.default_rng(0)
    topics = {"refund": "退钱退款", "redo": "补发重做", "apology": "道歉认错"}
    texts, labels, written, groups = [], [], [], []
    for i in range(90):
        label = list(topics)[i % 3]
        filler = "".join(rng.choice(list(FILLER)) for _ in range(6))
        texts.append(f"{filler}{topics[label]}{i}")
        labels.append(label)
        written.append(i % 2 == 0)
        groups.append(f"g{i}")
    config, report = tune(
        "demand",
        texts,
        labels,
        base=CONFIG,
        groups=groups,
        written=written,
        written_weights=(1.0, 3.0),
    )
    assert report["written"]["rows"] == 45
    assert set(report["written"]["cv_macro_f1_by_weight"]) == {"1.0", "3.0"}
    assert config.written_weight in (1.0, 3.0)
    assert "scored on the 45 written rows" in report["procedure"]


def test_cue_threshold_is_the_one_scoring_best_out_of_fold():
    texts = ["我要退款", "请给我退款", "能退钱吗", "给个说法"]
    truth = ["refund", "refund", "refund", "explanation"]
    # An unsure model that is wrong on the cued rows: letting the cue decide helps.
    unsure = [Prediction("other", 0.45)] * 3 + [Prediction("explanation", 0.9)]
    threshold, report = choose_cue_threshold(texts, truth, unsure)
    assert threshold > 0.45
    assert report["cv_macro_f1_by_threshold"]["0.0"] < report["cv_macro_f1_by_threshold"]["0.5"]
    # A sure and right model: it decides alone.
    sure = [Prediction(label, 0.95) for label in truth]
    assert choose_cue_threshold(texts, truth, sure)[0] == 0.0


def test_the_pipeline_uses_the_shipped_cue_threshold():
    models = default_models()
    threshold = models.demand.info.metrics["cue_threshold"]
    text = "东西收到了，我想退款"
    [result] = triage_texts([text], models=models)
    [prediction] = models.demand.predict([text])
    expected = decide_demand(text, prediction, trust_model_above=threshold)
    assert (result.demand.value, result.demand.source) == (expected.value, expected.source)
