"""The ruling rules shipped with the product; admins add, rename and retire rules in the admin
(``Ruling rules``). Loaded once by the data migration ``disputes/0002_default_ruling_rules``."""

from __future__ import annotations

from typing import Any

DEFAULT_RULING_RULES: list[tuple[str, str, str]] = [
    ("seven-day-return", "七天无理由退货",
     "《消费者权益保护法》第二十五条：网络购买商品，自收到商品之日起七日内退货，无需说明理由。"),
    ("not-as-described", "商品与描述不符",
     "商品实物与页面描述、宣传不一致的，由商家承担退货运费并退款。"),
    ("quality-defect", "商品质量问题",
     "商品存在质量问题的，消费者可要求退货、换货或修理，运费由商家承担。"),
    ("late-shipment", "未按约定时间发货",
     "商家未在承诺或平台规定的时间内发货的，按平台规则向消费者赔付。"),
    ("false-advertising", "虚假宣传",
     "宣传内容与实际不符、误导消费者的，按《广告法》《消费者权益保护法》处理。"),
    ("undelivered-service", "服务未按约定提供",
     "课程、配送等服务未按约定时间、内容提供的，应补足服务或退还相应费用。"),
    ("burden-of-proof", "举证不能",
     "当事人对自己的主张未能在举证期限内提供证据的，承担不利后果。"),
    ("rider-conduct", "骑手服务规范",
     "骑手辱骂、威胁顾客或私自处理餐品的，由骑手所属站点承担责任。"),
]


def load_default_ruling_rules(model: Any) -> int:
    """Create the rules that do not exist yet (by code); admin edits are kept."""
    created = 0
    for rank, (code, title, description) in enumerate(DEFAULT_RULING_RULES, start=1):
        _, was_created = model.objects.get_or_create(
            code=code, defaults={"title": title, "description": description, "rank": rank * 10}
        )
        created += int(was_created)
    return created
