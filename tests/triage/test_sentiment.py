"""Sentiment sanity: anger, praise, polite questions; lexicon-only fallback."""

import pytest

from complaintdesk.triage.nlp.pipeline import default_models
from complaintdesk.triage.nlp.sentiment import BANDS, label_for, score_sentiment, within_band


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


TONE_ROWS = {
    "angry": ["你们这群骗子，退钱", "忍无可忍，马上处理", "太离谱了，我要疯了"],
    "negative": ["东西有点问题，不太满意", "送得有点慢，菜凉了", "课程一般，有点失望"],
    "neutral": ["请问订单到哪里了", "想问一下发票怎么开", "麻烦帮我查一下进度"],
    "positive": ["客服态度很好，谢谢", "处理很快，点赞", "老师讲得很好，满意"],
}


@pytest.fixture(scope="module")
def tone():
    from complaintdesk.triage.nlp.classifier import ClassifierConfig, TextClassifier

    texts = [t for rows in TONE_ROWS.values() for t in rows] * 3
    labels = [label for label, rows in TONE_ROWS.items() for _ in rows] * 3
    config = ClassifierConfig(model="svc", words=False, min_df=1, c=1.0, temperature=0.3)
    return TextClassifier("tone", config).fit(texts, labels)


@pytest.mark.parametrize(
    ("label", "score", "moved"),
    [
        ("angry", 0.2, -0.4),
        ("angry", -0.9, -0.9),
        ("negative", 0.5, -0.25),
        ("neutral", -0.8, -0.249),
        ("neutral", 0.9, 0.299),
        ("positive", -0.3, 0.3),
    ],
)
def test_the_score_moves_into_the_labels_band(label, score, moved):
    assert within_band(label, score) == pytest.approx(moved)
    assert label_for(within_band(label, score), 0) == label or label == "angry"


def test_with_a_tone_model_the_label_is_its_and_the_score_agrees(model, tone):
    from complaintdesk.triage.nlp.sentiment import score_sentiments

    texts = ["想问一下发票怎么开", "你们这群骗子，退钱"]
    plain = score_sentiments(texts, model)
    toned = score_sentiments(texts, model, tone)
    assert [r.label for r in toned] == ["neutral", "angry"]
    assert all(r.source == "model" for r in toned)
    for before, after in zip(plain, toned, strict=True):
        low, high = BANDS[after.label]
        assert low <= after.score <= high
        assert 0 < after.confidence <= 1
        if low <= before.score <= high:  # already inside: left as it was
            assert after.score == before.score
