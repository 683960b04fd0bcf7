"""Sentiment sanity: anger, praise, polite questions; lexicon-only fallback."""

import pytest

from complaintdesk.triage.nlp.pipeline import default_models
from complaintdesk.triage.nlp.sentiment import label_for, score_sentiment


@pytest.fixture(scope="module")
def model():
    return default_models().sentiment


def test_angry(model):
    result = score_sentiment("垃圾商家！！骗子！气死我了", model)
    assert result.label == "angry"
    assert result.score < -0.6
    assert {"垃圾", "骗子"} <= set(result.terms)


def test_negative(model):
    assert score_sentiment("送餐太慢了，菜都凉了，很失望", model).label == "negative"


def test_positive(model):
    result = score_sentiment("送餐很快，味道不错，非常满意", model)
    assert result.label == "positive"
    assert result.score > 0.3


def test_polite_question_is_not_negative(model):
    assert score_sentiment("您好，请问退款多久到账？谢谢", model).label in {"neutral", "positive"}


def test_negated_praise_is_not_positive(model):
    assert score_sentiment("一点都不满意", model).label != "positive"


def test_score_stays_in_range_and_lexicon_alone_works():
    result = score_sentiment("太过分了！！！骗子！垃圾！恶心！")
    assert -1.0 <= result.score <= 1.0
    assert result.label == "angry"
    assert result.source == "rule"


def test_label_thresholds():
    assert label_for(-0.9, 0) == "negative"
    assert label_for(-0.9, 1) == "angry"
    assert label_for(0.0, 0) == "neutral"
    assert label_for(0.6, 0) == "positive"
