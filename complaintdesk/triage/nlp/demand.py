"""Demand (what the complainant asks for): the model, checked against the taxonomy's own words.

The cue words are the names TAXONOMY.md gives each demand (退款/退费, 退货/换货, 赔偿/补偿,
补发/补课/重做/修复, 道歉/处理责任人, 给个说法/查明原因, 取消服务/解约/关闭自动续费) and their
everyday variants.  The request usually closes the complaint, so the cue that appears last wins.
When the model is unsure (confidence below ``trust_model_above``) and a cue is present, the cue
decides and the source is ``rule``; otherwise the model's answer stands.  The shipped demand
model carries the threshold chosen for it by cross-validation on training rows
(:func:`choose_cue_threshold`, in its sidecar as ``metrics.cue_threshold``); without one,
:data:`DEFAULT_TRUST_MODEL_ABOVE` applies.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from complaintdesk.triage.nlp.classifier import Prediction
from complaintdesk.triage.nlp.text import normalize

DEFAULT_TRUST_MODEL_ABOVE = 0.6
# Thresholds tried by :func:`choose_cue_threshold`: 0 = the model always decides, above 1 = a
# cue always decides when there is one.
CUE_THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)

DEMAND_CUES: dict[str, tuple[str, ...]] = {
    "refund": ("退款", "退费", "退钱", "退回来", "把钱退", "钱退给", "refund"),
    "return_exchange": ("退货", "换货", "调换", "换一个", "换个新", "换新", "exchange"),
    "compensation": ("赔偿", "补偿", "赔我", "损失", "compensat", "pay for my"),
    "redo": (
        "补发",
        "补课",
        "重做",
        "重新",
        "修复",
        "修好",
        "返修",
        "补送",
        "再送",
        "补上",
        "replacement",
        "fix it",
    ),
    "apology": ("道歉", "处罚", "处理这个人", "处理相关人员", "apolog", "disciplin"),
    "explanation": ("说法", "原因", "解释", "查清", "核实", "explain", "explanation"),
    "cancel_service": (
        "取消",
        "解约",
        "自动续费",
        "注销",
        "退订",
        "终止",
        "退保",
        "cancel",
        "terminate",
        "unsubscribe",
        "stop the automatic",
    ),
}
_CUE_PATTERN = re.compile(
    "|".join(
        f"(?P<{demand}>{'|'.join(re.escape(c) for c in sorted(cues, key=len, reverse=True))})"
        for demand, cues in DEMAND_CUES.items()
    )
)


@dataclass(frozen=True)
class DemandResult:
    value: str
    confidence: float
    source: str
    terms: tuple[str, ...]


def last_cue(text: str) -> tuple[str, str] | None:
    """The demand and cue word that appear last in the text, if any."""
    found: tuple[str, str] | None = None
    for match in _CUE_PATTERN.finditer(normalize(text)):
        demand = match.lastgroup
        if demand is not None:
            found = (demand, match.group(0))
    return found


def decide_demand(
    text: str,
    prediction: Prediction | None,
    *,
    trust_model_above: float = DEFAULT_TRUST_MODEL_ABOVE,
) -> DemandResult:
    cue = last_cue(text)
    if prediction is not None and (cue is None or prediction.confidence >= trust_model_above):
        return DemandResult(
            prediction.label, prediction.confidence, "model", prediction.explanation_terms
        )
    if cue is not None:
        confidence = 0.7 if prediction is None or prediction.label == cue[0] else 0.6
        return DemandResult(cue[0], confidence, "rule", (cue[1],))
    return DemandResult("other", 0.3, "rule", ())


def choose_cue_threshold(
    texts: Sequence[str], truth: Sequence[str], predictions: Sequence[Prediction]
) -> tuple[float, dict[str, Any]]:
    """The threshold of :func:`decide_demand` with the best macro-F1 on ``truth``, given
    ``predictions`` made by models that did not see those rows (out of fold); ties go to the
    threshold closest to the model deciding alone.  Returns it with every threshold's score."""
    from sklearn.metrics import f1_score

    scores: dict[float, float] = {}
    for threshold in CUE_THRESHOLDS:
        decided = [
            decide_demand(text, prediction, trust_model_above=threshold).value
            for text, prediction in zip(texts, predictions, strict=True)
        ]
        scores[threshold] = round(
            float(f1_score(list(truth), decided, average="macro", zero_division=0)), 4
        )
    best = max(CUE_THRESHOLDS, key=lambda t: (scores[t], -t))
    return best, {"cv_macro_f1_by_threshold": {str(t): v for t, v in scores.items()}}
