"""Remedy policies as pure functions: one module per kind of rule, each the same shape.

Every module has ``RULE`` (its code), ``Config`` (its configuration, a pydantic model that
refuses unknown keys) and ``decide(facts, config) -> Decision``. :data:`RULES` lists them;
:func:`decide` validates a stored configuration and runs the rule. Nothing here imports Django
(import-linter keeps it so), so the policies are tested without a database.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from complaintdesk.resolution.policies import (
    cooling_off,
    goodwill_coupon,
    late_delivery,
    lesson_refund,
    progress_schedule,
    seven_day_return,
)
from complaintdesk.resolution.policies.base import Decision, Facts, PolicyConfig

RULES: dict[str, ModuleType] = {
    module.RULE: module
    for module in (
        lesson_refund,
        progress_schedule,
        cooling_off,
        seven_day_return,
        late_delivery,
        goodwill_coupon,
    )
}


def config_validate(rule: str, config: dict[str, Any]) -> PolicyConfig:
    """The rule's configuration, validated (``KeyError`` for an unknown rule, pydantic's
    ``ValidationError`` for a bad configuration)."""
    validated: PolicyConfig = RULES[rule].Config.model_validate(config)
    return validated


def decide(rule: str, facts: Facts, config: dict[str, Any]) -> Decision:
    """Run one rule on the facts with its stored configuration."""
    decision: Decision = RULES[rule].decide(facts, config_validate(rule, config))
    return decision
