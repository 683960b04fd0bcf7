"""train / evaluate / predict / should_activate for management commands."""

from complaintdesk.triage.nlp.classifier import ClassifierConfig
from complaintdesk.triage.nlp.training import evaluate, predict, should_activate, train

SMALL = ClassifierConfig(min_df=1)


def test_train_returns_model_and_held_out_metrics(toy):
    model, metrics = train("category", *toy, config=SMALL, provenance={"data": "toy"})
    assert 0 <= metrics["holdout"]["macro_f1"] <= 1
    assert model.info.metrics == metrics
    assert model.info.n_train == len(toy[0])
    assert predict(model, ["客服不理人"])[0].label == "service"


def test_activate_only_a_model_that_beats_the_active_one(toy):
    good, _ = train("category", *toy, config=SMALL, holdout=0)
    weak, _ = train("category", toy[0][:6], toy[1][:6], config=SMALL, holdout=0)
    assert evaluate(good, *toy)["macro_f1"] > evaluate(weak, *toy)["macro_f1"]
    assert should_activate(good, None, *toy).activate
    assert should_activate(good, weak, *toy).activate
    decision = should_activate(weak, good, *toy)
    assert not decision.activate
    assert "does not beat" in decision.reason
    assert not should_activate(good, good, *toy).activate
