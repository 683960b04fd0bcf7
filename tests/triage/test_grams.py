"""The batch n-gram tables give the features scikit-learn's vectorizers give, number for number."""

from collections import Counter

import numpy as np
import pytest

from complaintdesk.triage.nlp.classifier import ClassifierConfig, TextClassifier
from complaintdesk.triage.nlp.grams import token_gram_table
from complaintdesk.triage.nlp.text import normalize

TEXTS = [
    "快递三天了还没到，客服也不回复，我要求退款！",
    "骑手送错地址了，饭都凉了，要求赔偿",
    "課程退費一直拖著，老师也联系不上。",
    "The premium was charged twice, please refund it.",
    "APP一打开就闪退，auto-renew 还扣了 38.5 元",
    "物流一直不更新",
    "",
    "！！！",
]


def _counts(table, row):
    start, end = table.indptr[row], table.indptr[row + 1]
    return {
        table.grams[g]: c
        for g, c in zip(table.ids[start:end], table.counts[start:end], strict=True)
    }


@pytest.mark.parametrize(("low", "high"), [(1, 1), (1, 2), (2, 2), (1, 3)])
def test_token_grams_are_those_of_a_word_vectorizer(low, high):
    from sklearn.feature_extraction.text import TfidfVectorizer

    analyze = TfidfVectorizer(
        tokenizer=str.split, token_pattern=None, lowercase=False, ngram_range=(low, high)
    ).build_analyzer()
    texts = ["a b c a b", "b", "", "c c c", "a b a b a b x y"]
    table = token_gram_table([text.split() for text in texts], low, high)
    assert len(table.indptr) == len(texts) + 1
    for row, text in enumerate(texts):
        assert _counts(table, row) == dict(Counter(analyze(text)))


def test_token_grams_of_no_texts_are_an_empty_table():
    table = token_gram_table([], 1, 2)
    assert table.grams == [] and table.indptr.tolist() == [0]


def test_a_model_scores_the_features_its_fitted_vectorizers_give():
    config = ClassifierConfig(words=True, request_weight=0.5, min_df=1, c=1.0)
    labels = ["logistics", "logistics", "billing", "billing", "technical", "logistics"]
    labels += ["other", "other"]
    model = TextClassifier("category", config).fit(TEXTS, labels)
    fast = model.ngram_matrix(TEXTS).toarray()
    slow = model.features.transform([normalize(text) for text in TEXTS]).toarray()
    assert fast.shape == slow.shape
    np.testing.assert_allclose(fast, slow, rtol=1e-5, atol=1e-6)


def test_models_fitted_alike_share_their_terms_and_a_batchs_rows_and_neither_changes_them():
    config = ClassifierConfig(words=False, request_weight=0.5, min_df=1, c=1.0)
    labels = ["a", "a", "b", "b", "c", "a", "c", "c"]
    first = TextClassifier("category", config).fit(TEXTS, labels)
    second = TextClassifier("demand", config).fit(TEXTS, list(reversed(labels)))
    batch = [*TEXTS, "要求退款，否则投诉"]
    alone = second.ngram_matrix(batch).toarray()
    shared = first.ngram_matrix(batch)  # the request block is weighted 0.5 for both
    assert [a[1] for a in first._analyzers] == [a[1] for a in second._analyzers]
    assert all(a[1] is b[1] for a, b in zip(first._analyzers, second._analyzers, strict=True))
    np.testing.assert_array_equal(second.ngram_matrix(batch).toarray(), alone)
    np.testing.assert_array_equal(shared.toarray(), alone)
    by_sklearn = first.features.transform([normalize(t) for t in batch]).toarray()
    np.testing.assert_allclose(alone, by_sklearn, rtol=1e-5, atol=1e-6)


def test_the_shared_terms_do_not_keep_a_model_that_is_gone():
    import gc

    from complaintdesk.triage.nlp import classifier

    model = TextClassifier("category", ClassifierConfig(words=False, min_df=1)).fit(
        TEXTS, ["a", "a", "b", "b", "c", "a", "c", "c"]
    )
    model.ngram_matrix(TEXTS[:2])
    assert model in classifier._models_with_terms
    del model
    gc.collect()
    assert len([m for m in classifier._models_with_terms if m.info.labels == ["a", "b", "c"]]) == 0
