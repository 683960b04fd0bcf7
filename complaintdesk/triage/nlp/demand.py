"""Demand (what the complainant asks for): the model, checked against the taxonomy's own words.

The cue words are the names TAXONOMY.md gives each demand (退款/退费, 退货/换货, 赔偿/补偿,
补发/补课/重做/修复, 道歉/处理责任人, 给个说法/查明原因, 取消服务/解约/关闭自动续费) and their
everyday variants.  The request usually closes the complaint, so the cue that appears last wins.
When the model is unsure (confidence below ``trust_model_above``) and a cue is present, the cue
decides and the source is ``rule``; otherwise the model's answer stands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from complaintdesk.triage.nlp.classifier import Prediction
from complaintdesk.triage.nlp.text import normalize

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
    text: str, prediction: Prediction | None, *, trust_model_above: float = 0.6
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
