"""Priority rules of the taxonomy, one rule at a time."""

from decimal import Decimal

from complaintdesk.triage.nlp.priority import PriorityPolicy, amount_in_text, decide_priority


def decide(text="商品有问题", **kwargs):
    defaults = {"risk_flags": (), "sentiment_label": "negative"}
    return decide_priority(text=text, **{**defaults, **kwargs})


def test_urgent_rules():
    assert decide(risk_flags=["safety"]).value == "urgent"
    assert decide(risk_flags=["media_exposure"]).rules == ("risk:media_exposure",)
    assert decide(batch_size=5).value == "urgent"
    assert decide("群里好多人都遇到了同样的问题").value == "urgent"
    assert decide("我的个人信息被泄露了").rules == ("text:data_breach",)


def test_high_rules():
    assert decide(sentiment_label="angry").rules == ("sentiment:angry",)
    assert decide(risk_flags=["repeat"]).value == "high"
    assert decide("一共花了6800元").value == "high"
    assert decide(amount=Decimal("4999")).value == "normal"
    assert decide("我家老人七十多岁了").rules == ("vulnerable_complainant",)
    assert decide(customer_flags=["VULNERABLE"]).value == "high"


def test_low_needs_a_calm_tone_and_a_question_or_suggestion():
    assert decide("请问怎么开发票", sentiment_label="neutral").value == "low"
    assert decide("建议增加夜间客服", sentiment_label="positive").value == "low"
    assert decide("请问怎么开发票", sentiment_label="negative").value == "normal"


def test_policy_thresholds_are_configurable():
    policy = PriorityPolicy(high_amount=Decimal("100"), batch_size_urgent=50)
    assert decide(amount=Decimal("150"), policy=policy).value == "high"
    assert decide(batch_size=10, policy=policy).value == "normal"


def test_amount_in_text():
    assert amount_in_text("付了1,280元") is None or amount_in_text("付了1280元") == Decimal("1280")
    assert amount_in_text("赔我2万元，之前付了300块") == Decimal("20000")
    assert amount_in_text("没有金额") is None
