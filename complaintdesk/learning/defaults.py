"""The default root-cause taxonomy, seeded by the first migration; admins edit it after.
(code, Chinese name, English name, industry — blank for every industry)."""

from __future__ import annotations

DEFAULT_ROOT_CAUSES: list[tuple[str, str, str, str]] = [
    ("policy_unclear", "政策/规则不清晰", "Policy or rules unclear", ""),
    ("staff_attitude", "员工服务态度", "Staff attitude", ""),
    ("process_gap", "流程缺陷（交接、跟进缺失）", "Process gap (handover, no follow-up)", ""),
    ("platform_fault", "平台/系统故障", "Platform or system fault", ""),
    ("misleading_advertising", "虚假或误导宣传", "Misleading advertising", ""),
    ("billing_error", "计费或扣款错误", "Billing error", ""),
    ("customer_misunderstanding", "客户误解", "Customer misunderstanding", ""),
    ("product_defect", "产品缺陷", "Product defect", "ecommerce"),
    ("logistics_partner", "物流合作方", "Logistics partner", "ecommerce"),
    ("merchant_conduct", "商家违规", "Merchant conduct", "ecommerce"),
    ("listing_inaccurate", "商品描述不准确", "Listing inaccurate", "ecommerce"),
    ("course_content_outdated", "课程内容过时", "Course content outdated", "education"),
    ("teacher", "教师教学问题", "Teacher", "education"),
    ("class_scheduling", "排课与课时安排", "Class scheduling", "education"),
    ("refund_terms", "退费规则", "Refund terms", "education"),
    ("rider_conduct", "骑手行为", "Rider conduct", "delivery"),
    ("restaurant_quality", "商家出餐质量", "Restaurant food quality", "delivery"),
    ("dispatch_delay", "调度与配送延误", "Dispatch and delivery delay", "delivery"),
    ("claim_rules", "理赔规则", "Claim rules", "insurance"),
    ("mis_selling", "销售误导", "Mis-selling by agents", "insurance"),
    ("slow_claim_handling", "理赔处理缓慢", "Slow claim handling", "insurance"),
    ("underwriting", "核保问题", "Underwriting", "insurance"),
]
