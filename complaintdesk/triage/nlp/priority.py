"""Priority (urgent / high / normal / low) by the rules of TAXONOMY.md, with the rules that fired.

- urgent: a risk to health or safety; a threat of legal action, media exposure or a regulator
  complaint; many customers hit by the same fault (a batch signal, or the text says so);
  a personal-data breach.
- high: strong anger; a repeated complaint; a large amount of money; a vulnerable complainant
  (elderly, minor, illness, disability, pregnancy) from the customer's flags or the text.
- low: a suggestion, mild dissatisfaction or a question dressed as a complaint, when nothing
  above applies and the sentiment is not negative.
- normal: everything else.

The thresholds live in :class:`PriorityPolicy` so an organisation can change them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from complaintdesk.triage.nlp.text import normalize

PRIORITIES = ("urgent", "high", "normal", "low")
URGENT_FLAGS = ("safety", "legal_threat", "regulator", "media_exposure")

VULNERABLE_PATTERN = re.compile(
    r"老人|[六七八九]十多?岁|孕妇|怀孕|未成年|孩子才|小学生|初中生|"
    r"身体不好|重病|癌症|在吃药|独居|elderly|pensioner|disabled|pregnant|my child is|minor"
)
BREACH_PATTERN = re.compile(
    r"泄露|泄漏|信息被(?:卖|盗|泄)|冒充客服|数据外泄|个人信息被|"
    r"外泄|个资|(?:流|漏)出去|(?:共享|提供|卖)给(?:了)?(?:哪些)?第三方|(?:准确|张口就?)(?:说出|报出)|"
    r"(?:未经|没经过|没有经过)(?:我的?)?(?:同意|授权).{0,12}(?:信息|资料|数据|记录|共享|提供|查)|"
    r"(?:信息|资料|数据|记录).{0,12}(?:未经|没经过|没有经过)(?:我的?)?(?:同意|授权)|"
    r"从(?:来)?没(?:有)?授权|没(?:给|签)过(?:任何)?授权|冒用|盗用|被人(?:改|换|盗|登)|"
    r"有人用我的(?:账号|账户|身份)|盗号|异地登录|在外[省地]登录|登入地|"
    r"(?:信息|身份证|资料|病史).{0,6}被.{0,8}(?:拿去|冒用|盗用|卖)|把我的信息卖|"
    r"(?:看到|显示|写)的?(?:是)?(?:另外|另|别)(?:一个|外)?人的|别人的(?:名字|姓名|身份证|车牌|信息)|"
    r"(?:病历|隐私|身份证复印件).{0,12}(?:发到|丢|不见)|"
    r"data breach|leaked|personal data (?:was|were) (?:stolen|exposed)"
)
MANY_AFFECTED_PATTERN = re.compile(
    r"(?:很多|好多|不少|许多|大量|一群|十几个|几十个|上百个?|好几个)"
    r"(?:人|用户|同学|家长|顾客|客户|买家|业主|邻居)(?:都|也都|全都|也)|"
    r"大家都(?:遇到|这样|是|出现)|不止我一个|不只我一个|集体(?:投诉|维权)|"
    r"(?:几百|几千|上百|上千|上万|一百多|几十|十几|一半|一大片|一堆)(?:个|号)?"
    r"(?:人|同学|用户|家长|买家|同事|会员)|"
    r"(?:群里|评论区)(?:一堆人|好多人|全是|全在|都|清一色)|"
    r"(?:同事|同学|家长|会员|大家|人)(?:都一样|全都|也都这样|都这样|都是这样)|全国的|"
    r"\d{2,}(?:多)?(?:个|名|位)?(?:孩子|学生|同学|家长|用户|客户|人都)|[二三四五六七八九]十多?(?:个|名|位)?人|全班|"
    r"hundreds of|thousands of|all of us|over [\d,]+ (?:students|customers|users|people)|"
    r"many (?:other )?(?:customers|users|people)|everyone (?:else )?(?:has|is)"
)
LOW_PATTERN = re.compile(
    r"请问|想问|咨询|了解一下|建议|提个意见|小问题|有点|稍微|能不能|可不可以|是否可以|"
    r"谢谢|just a question|could you|suggest|wondering|thanks"
)
RULE_PATTERNS: dict[str, re.Pattern[str]] = {
    "vulnerable": VULNERABLE_PATTERN,
    "breach": BREACH_PATTERN,
    "many_affected": MANY_AFFECTED_PATTERN,
    "low": LOW_PATTERN,
}
AMOUNT_PATTERN = re.compile(r"(\d+(?:\.\d+)?)\s*(万|千)?\s*(?:元|块|rmb|cny|¥|yuan)")


@dataclass(frozen=True)
class PriorityPolicy:
    """Thresholds of the priority rules."""

    high_amount: Decimal = Decimal("5000")
    batch_size_urgent: int = 5
    low_max_sentiment_labels: tuple[str, ...] = ("neutral", "positive")


@dataclass(frozen=True)
class PriorityDecision:
    value: str
    rules: tuple[str, ...]
    confidence: float


def amount_in_text(text: str) -> Decimal | None:
    """The largest money amount written in the text (元/块/万), if any."""
    best: Decimal | None = None
    for number, unit in AMOUNT_PATTERN.findall(normalize(text)):
        try:
            value = Decimal(number)
        except InvalidOperation:
            continue
        value *= {"万": 10000, "千": 1000}.get(unit, 1)
        best = value if best is None or value > best else best
    return best


def decide_priority(
    *,
    text: str,
    risk_flags: Iterable[str],
    sentiment_label: str,
    amount: Decimal | None = None,
    customer_flags: Iterable[str] = (),
    batch_size: int = 0,
    category: str | None = None,
    policy: PriorityPolicy | None = None,
) -> PriorityDecision:
    """Apply the rules; the explanation lists every rule that fired, strongest first."""
    rules = policy or PriorityPolicy()
    normalised = normalize(text)
    flags = set(risk_flags)
    customer = {flag.lower() for flag in customer_flags}
    urgent = [f"risk:{flag}" for flag in URGENT_FLAGS if flag in flags]
    if batch_size >= rules.batch_size_urgent:
        urgent.append(f"batch:{batch_size}_customers")
    if MANY_AFFECTED_PATTERN.search(normalised):
        urgent.append("text:many_affected")
    if BREACH_PATTERN.search(normalised):
        urgent.append("text:data_breach")
    if urgent:
        return PriorityDecision("urgent", tuple(urgent), 0.9)

    high = []
    if sentiment_label == "angry":
        high.append("sentiment:angry")
    if "repeat" in flags:
        high.append("risk:repeat")
    money = amount if amount is not None else amount_in_text(text)
    if money is not None and money >= rules.high_amount:
        high.append(f"amount>={rules.high_amount}")
    if "vulnerable" in customer or VULNERABLE_PATTERN.search(normalised):
        high.append("vulnerable_complainant")
    if high:
        return PriorityDecision("high", tuple(high), 0.8)

    low_cue = LOW_PATTERN.search(normalised)
    if sentiment_label in rules.low_max_sentiment_labels and (low_cue or category == "other"):
        cue = f"text:{low_cue.group(0)}" if low_cue else "category:other"
        return PriorityDecision("low", (f"sentiment:{sentiment_label}", cue), 0.7)
    return PriorityDecision("normal", ("no_rule_matched",), 0.6)
