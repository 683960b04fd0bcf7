"""The remedy policies and approval limits shipped with the product.

A data migration loads them once; admins change them in the admin afterwards (a changed
policy gets a new version). Names are in Chinese, the language of the businesses that run it;
pages show the translated kind of rule beside them. Every default configuration is validated
here, so a typo fails loudly at import.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from complaintdesk.resolution.policies import config_validate


def _policy(code: str, name: str, rule: str, rank: int, **fields: Any) -> dict[str, Any]:
    config = fields.pop("config", {})
    config_validate(rule, config)
    return {"code": code, "name": name, "rule": rule, "rank": rank, "config": config, **fields}


DEFAULT_POLICIES: list[dict[str, Any]] = [
    _policy("education-lesson-refund", "教育：按未上课时比例退费", "lesson_refund",
            10, industries=["education"],
            config={"clause": "《课程服务协议》第 8 条 / Course agreement §8"}),
    _policy("education-progress-schedule", "培训：按学习进度阶梯退费", "progress_schedule",
            20, industries=["education"],
            config={"clause": "《培训合同》第 6 条 / Training contract §6",
                    "steps": [{"up_to_percent": "0", "refund_percent": "100"},
                              {"up_to_percent": "33.33", "refund_percent": "70"},
                              {"up_to_percent": "50", "refund_percent": "50"},
                              {"up_to_percent": "100", "refund_percent": "0"}]}),
    _policy("education-cooling-off", "教育：7 天冷静期", "cooling_off", 5,
            industries=["education"],
            config={"clause": "《课程服务协议》第 7 条 / Course agreement §7", "days": 7,
                    "max_lessons_used": 1, "deduct_used_lessons": True}),
    _policy("ecommerce-seven-day-return", "电商：七天无理由退货",
            "seven_day_return", 10, industries=["ecommerce"],
            demands=["refund", "return_exchange"],
            config={"clause": "《消费者权益保护法》第 25 条 / Consumer Protection Law art. 25"}),
    _policy("ecommerce-late-delivery", "电商：延迟发货补偿",
            "late_delivery", 30, industries=["ecommerce"], categories=["logistics"],
            config={"clause": "平台发货规则 / Platform shipping rules", "step_minutes": 1440,
                    "percent_per_step": "5", "max_percent": "30"}),
    _policy("delivery-late-meal", "外卖：超时送达优惠券", "late_delivery", 30,
            industries=["delivery"], categories=["logistics"],
            config={"clause": "准时宝 / On-time guarantee", "grace_minutes": 5,
                    "step_minutes": 10, "percent_per_step": "10", "max_percent": "50",
                    "remedy_kind": "coupon", "valid_days": 30}),
    _policy("service-goodwill-coupon", "服务过失：致歉优惠券", "goodwill_coupon", 50,
            categories=["service"],
            config={"categories": ["service"], "amount": "20.00", "valid_days": 30}),
]

DEFAULT_LIMITS: list[dict[str, Any]] = [
    {"role": "agent", "department_code": "", "max_amount": Decimal("200.00")},
    {"role": "supervisor", "department_code": "", "max_amount": Decimal("2000.00")},
    {"role": "department", "department_code": "finance", "max_amount": None},
    {"role": "admin", "department_code": "", "max_amount": None},
]


def load_defaults(policy_model: Any, limit_model: Any) -> int:
    """Create the defaults that do not exist yet; admin edits are kept. The models are passed
    in so a data migration can give its historical ones. Returns how many rows were created."""
    created = 0
    for spec in DEFAULT_POLICIES:
        fields = {key: value for key, value in spec.items() if key != "code"}
        created += int(policy_model.objects.get_or_create(code=spec["code"], defaults=fields)[1])
    for limit in DEFAULT_LIMITS:
        created += int(
            limit_model.objects.get_or_create(
                role=limit["role"],
                department_code=limit["department_code"],
                defaults={"max_amount": limit["max_amount"]},
            )[1]
        )
    return created
