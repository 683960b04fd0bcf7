"""Industry (ecommerce, education, delivery, insurance, other): keywords first, model second.

Keywords that name the business ("理赔", "骑手", "课时" …) decide when one industry clearly leads;
otherwise the model trained on the labelled set decides; with neither, ``other``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from complaintdesk.triage.nlp.classifier import Prediction, TextClassifier
from complaintdesk.triage.nlp.text import normalize

INDUSTRIES = ("ecommerce", "education", "delivery", "insurance", "other")

INDUSTRY_KEYWORDS: dict[str, tuple[str, ...]] = {
    "ecommerce": (
        "快递",
        "物流",
        "发货",
        "退货",
        "换货",
        "网店",
        "店铺",
        "旗舰店",
        "下单",
        "包裹",
        "签收",
        "详情页",
        "直播间",
        "主播",
        "商品",
        "淘宝",
        "京东",
        "拼多多",
        "parcel",
        "listing",
        "seller",
        "shipping",
        "tracking",
    ),
    "education": (
        "课程",
        "上课",
        "课时",
        "老师",
        "外教",
        "班主任",
        "教材",
        "报名",
        "机构",
        "网课",
        "补课",
        "学习",
        "考研",
        "辅导",
        "退费",
        "学员",
        "tutor",
        "lesson",
        "school",
        "class",
    ),
    "delivery": (
        "外卖",
        "骑手",
        "送餐",
        "外卖员",
        "餐",
        "饭",
        "菜",
        "奶茶",
        "超时",
        "美团",
        "饿了么",
        "rider",
        "food",
        "meal",
        "restaurant",
        "takeaway",
    ),
    "insurance": (
        "保险",
        "理赔",
        "保单",
        "投保",
        "退保",
        "保费",
        "出险",
        "定损",
        "代理人",
        "保障",
        "车险",
        "医疗险",
        "重疾险",
        "寿险",
        "insurance",
        "claim",
        "policy",
        "premium",
    ),
}


@dataclass(frozen=True)
class IndustryResult:
    value: str
    confidence: float
    source: str
    terms: tuple[str, ...]


def keyword_scores(text: str) -> dict[str, list[str]]:
    """Matched keywords per industry."""
    normalised = normalize(text)
    return {
        industry: [k for k in keywords if k in normalised]
        for industry, keywords in INDUSTRY_KEYWORDS.items()
    }


def decide_industry(text: str, prediction: Prediction | None = None) -> IndustryResult:
    """Keywords if one industry leads by two matches or more, else the model, else ``other``."""
    scores = keyword_scores(text)
    ranked = sorted(scores.items(), key=lambda item: len(item[1]), reverse=True)
    (best, best_terms), (_, second_terms) = ranked[0], ranked[1]
    margin = len(best_terms) - len(second_terms)
    if best_terms and (margin >= 2 or (prediction is None and margin >= 1)):
        confidence = min(0.95, 0.6 + 0.1 * margin)
        return IndustryResult(best, confidence, "rule", tuple(best_terms[:5]))
    if prediction is not None:
        if best_terms and prediction.label == best:
            confidence = max(prediction.confidence, 0.7)
            return IndustryResult(best, confidence, "model", prediction.explanation_terms)
        return IndustryResult(
            prediction.label, prediction.confidence, "model", prediction.explanation_terms
        )
    return IndustryResult("other", 0.5, "rule", ())


def predict_industries(
    texts: list[str], model: TextClassifier | None = None
) -> list[IndustryResult]:
    """:func:`decide_industry` for many texts; the model's n-grams are looked up only for the
    texts whose industry the model decides (keywords explain themselves)."""
    if model is None:
        return [decide_industry(t) for t in texts]
    predictions = model.predict(texts, explain=0)
    results = [decide_industry(t, p) for t, p in zip(texts, predictions, strict=True)]
    by_model = [i for i, result in enumerate(results) if result.source == "model"]
    if by_model:
        # The n-grams of the whole batch (its segmentation is cached), explained on those rows.
        ngrams = model.ngram_matrix(texts)[by_model]
        classes = np.asarray([model.labels.index(results[i].value) for i in by_model])
        for i, terms in zip(by_model, model.explain(ngrams, classes, 3), strict=True):
            results[i] = replace(results[i], terms=terms)
    return results
