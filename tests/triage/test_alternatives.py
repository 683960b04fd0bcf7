"""Runner-up categories: the labels the model gave at least one chance in five besides its
choice, offered to the agent as one-click corrections."""

from types import SimpleNamespace

import numpy as np

from complaintdesk.triage.nlp.classifier import (
    ALTERNATIVE_FLOOR,
    ClassifierConfig,
    TextClassifier,
    runner_up_labels,
)
from complaintdesk.triage.nlp.pipeline import FieldResult, TriageModels, triage_texts

LABELS = ["billing", "logistics", "service"]


def test_runner_ups_reach_the_floor_and_come_most_likely_first():
    probs = np.array(
        [
            [0.50, 0.21, 0.29],  # two runner-ups, the likelier first
            [0.90, 0.06, 0.04],  # none reaches the floor
            [0.05, 0.75, 0.20],  # exactly at the floor
        ]
    )
    assert ALTERNATIVE_FLOOR == 0.2
    assert runner_up_labels(probs, LABELS, 2) == [
        (("service", 0.29), ("logistics", 0.21)),
        (),
        (("service", 0.2),),
    ]
    assert runner_up_labels(probs, LABELS, 1)[0] == (("service", 0.29),)
    assert runner_up_labels(probs[:, :1], LABELS[:1], 2) == [(), (), ()]


def test_the_classifier_gives_runner_ups_only_when_asked(toy):
    model = TextClassifier("category", ClassifierConfig(min_df=1, max_features=5000)).fit(*toy)
    text = "客服不回消息，扣了两次钱，快递也没到"
    [plain] = model.predict([text])
    [asked] = model.predict([text], alternatives=2)
    assert plain.alternatives == ()
    assert (asked.label, asked.confidence) == (plain.label, plain.confidence)
    assert asked.alternatives  # two complaints in one: the other one is the runner-up
    assert all(label != asked.label for label, _ in asked.alternatives)
    assert all(p >= ALTERNATIVE_FLOOR for _, p in asked.alternatives)
    scores = model.probabilities(model.transform([text]))[0]
    probabilities = dict(zip(model.labels, scores, strict=True))
    others = sorted((p for label, p in probabilities.items() if label != asked.label), reverse=True)
    expected = [round(float(p), 4) for p in others[:2] if p >= ALTERNATIVE_FLOOR]
    assert [p for _, p in asked.alternatives] == expected


def test_the_pipeline_offers_runner_ups_for_the_category_alone(toy):
    model = TextClassifier("category", ClassifierConfig(min_df=1, max_features=5000)).fit(*toy)
    texts = ["客服不回消息，扣了两次钱，快递也没到", "快递三天没到"]
    results = triage_texts(texts, models=TriageModels(category=model, demand=model))
    predicted = model.predict(texts, alternatives=2)
    assert [r.category.alternatives for r in results] == [p.alternatives for p in predicted]
    assert results[0].category.alternatives and results[1].category.alternatives == ()
    assert all(r.demand.alternatives == () for r in results)


def test_runner_ups_are_stored_only_when_there_are_some():
    bare = FieldResult("service", 0.9, "model")
    assert "alternatives" not in bare.as_dict()
    offered = FieldResult("contract", 0.55, "model", (), (("service", 0.31),))
    assert offered.as_dict()["alternatives"] == [{"value": "service", "confidence": 0.31}]


def test_the_runner_up_figures_count_what_the_agent_is_offered():
    from complaintdesk.triage.nlp.fieldscores import runner_up_scores

    def result(value, alternatives=()):
        return SimpleNamespace(category=FieldResult(value, 0.5, "model", (), alternatives))

    rows = [{"category": c} for c in ("service", "billing", "quality", "other")]
    results = [
        result("service"),  # right, nothing offered
        result("contract", (("billing", 0.3),)),  # wrong, the right one offered
        result("quality", (("misdescription", 0.25),)),  # right, something offered
        result("quality", (("service", 0.2),)),  # wrong, the right one not offered
    ]
    assert runner_up_scores(rows, results) == {
        "share_offered": 0.75,
        "chosen_right": 0.5,
        "chosen_or_offered_right": 0.75,
        "wrong_with_the_right_one_offered": 0.5,
    }
