"""Which clock policies apply to a complaint, and the default policies shipped with the product.

The defaults are documented in ``docs/clocks.md`` ("Default policies"); a data migration loads
them once and admins change them in the admin afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from django.utils.translation import gettext as _

from complaintdesk.complaints.choices import Channel
from complaintdesk.complaints.errors import InvalidInput
from complaintdesk.lib.ttlcache import TimedValue
from complaintdesk.sla.choices import ClockKind
from complaintdesk.sla.config import PolicySettings
from complaintdesk.sla.models import Clock, ClockPolicy

#: Every channel but imported history: old complaints loaded in bulk start no clocks.
LIVE_CHANNELS = [str(c) for c in Channel if c != Channel.IMPORT]

_NOTIFY = ["notify_supervisor"]
_NOTIFY_RAISE = ["notify_supervisor", "raise_priority"]
_NOTIFY_SPECIAL = ["notify_supervisor", "move_to_special_team"]


def _policy(code: str, name: str, rank: int, description: str, **fields: Any) -> dict[str, Any]:
    fields.setdefault("channels", LIVE_CHANNELS)
    settings = PolicySettings.model_validate(fields)  # a typo in a default fails loudly here
    return {
        "code": code,
        "name": name,
        "rank": rank,
        "description": description,
        **settings.model_dump(mode="json"),
    }


DEFAULT_POLICIES: list[dict[str, Any]] = [
    _policy("chat-first-response", "Chat: first reply in 30 working minutes", 10,
            "Online chat and WeChat expect a reply within minutes while the desk is open.",
            kind="first_response", channels=["chat", "wechat"], unit="working_minutes",
            amount=30, pause_statuses=[], on_warning=_NOTIFY, on_breach=_NOTIFY_RAISE),
    _policy("urgent-first-response", "Urgent: first reply in 1 working hour", 20,
            "Urgent complaints (safety, media, legal threats) get a reply within the hour.",
            kind="first_response", priorities=["urgent"], unit="working_hours", amount=1,
            pause_statuses=[], on_warning=_NOTIFY, on_breach=_NOTIFY_SPECIAL),
    _policy("delivery-first-response", "Delivery: first reply in 30 minutes", 50,
            "Food delivery runs every day: calendar time, not working time.",
            kind="first_response", industries=["delivery"], unit="calendar_minutes",
            amount=30, pause_statuses=[], on_warning=_NOTIFY, on_breach=_NOTIFY_RAISE),
    _policy("platform-first-response", "Platform: first reply within 24 hours", 60,
            "Marketplace complaint centres (e.g. Taobao) require a reply within 24 hours.",
            kind="first_response", channels=["platform"], unit="calendar_hours", amount=24,
            pause_statuses=[], on_warning=_NOTIFY, on_breach=_NOTIFY_RAISE),
    _policy("first-response", "First reply within 8 working hours", 100,
            "Every other live channel: a first reply within one working day's hours.",
            kind="first_response", unit="working_hours", amount=8, pause_statuses=[],
            on_warning=_NOTIFY, on_breach=_NOTIFY_RAISE),
    _policy("ecommerce-answer", "E-commerce: merchant answer within 48 hours", 50,
            "Platform rules give the merchant 48 hours to handle a buyer's complaint.",
            kind="answer", industries=["ecommerce"], unit="calendar_hours", amount=48,
            on_warning=_NOTIFY, on_breach=_NOTIFY_RAISE, max_extension=24),
    _policy("delivery-answer", "Delivery: answer within 24 hours", 50,
            "Delivery complaints are about a meal or an order of today.",
            kind="answer", industries=["delivery"], unit="calendar_hours", amount=24,
            on_warning=_NOTIFY, on_breach=_NOTIFY_RAISE, max_extension=12),
    _policy("answer", "Answer within 3 working days", 100,
            "The promise made to every customer: an answer within 3 working days.",
            kind="answer", unit="working_days", amount=3, on_warning=_NOTIFY,
            on_breach=_NOTIFY_RAISE, max_extension=5),
    _policy("education-resolution", "Education: resolved within 7 working days", 50,
            "Course refunds and make-up lessons need teaching and finance; 7 working days.",
            kind="resolution", industries=["education"], unit="working_days", amount=7,
            on_warning=_NOTIFY, on_breach=_NOTIFY_SPECIAL, max_extension=5),
    _policy("delivery-resolution", "Delivery: resolved within 72 hours", 50,
            "Refunds for delivery orders are settled within three days.",
            kind="resolution", industries=["delivery"], unit="calendar_hours", amount=72,
            on_warning=_NOTIFY, on_breach=_NOTIFY_SPECIAL, max_extension=48),
    _policy("resolution", "Resolved within 10 working days", 100,
            "Every other complaint is resolved within two working weeks.",
            kind="resolution", unit="working_days", amount=10, on_warning=_NOTIFY,
            on_breach=_NOTIFY_SPECIAL, max_extension=10),
    _policy("insurance-statutory", "Insurance: decision within 15 days (+45 approved)", 50,
            "银行保险机构消费投诉处理管理办法: a decision within 15 days of receipt, up to 30 "
            "when complex and a further 30 with approval and written notice to the customer.",
            kind="statutory", industries=["insurance"], unit="calendar_days", amount=15,
            roll_past_rest_days=True, max_extension=45, pause_statuses=[],
            on_warning=_NOTIFY_RAISE, on_breach=_NOTIFY_SPECIAL),
    _policy("regulator-statutory", "12315 referral: negotiation within 10 working days", 100,
            "Complaints referred by 12315 (ODR) are negotiated within 10 working days.",
            kind="statutory", channels=["regulator"], unit="working_days", amount=10,
            pause_statuses=[], on_warning=_NOTIFY_RAISE, on_breach=_NOTIFY_SPECIAL),
    _policy("ecommerce-evidence", "E-commerce dispute: evidence within 4 working hours", 50,
            "When a dispute opens the merchant submits evidence within 4 working hours "
            "(09:00–18:00).",
            kind="evidence", trigger="dispute", industries=["ecommerce"], unit="working_hours",
            amount=4, pause_statuses=[], on_warning=_NOTIFY, on_breach=_NOTIFY_RAISE),
    _policy("evidence", "Dispute: evidence within 3 working days", 100,
            "Every other dispute gives the parties 3 working days for their evidence.",
            kind="evidence", trigger="dispute", unit="working_days", amount=3,
            pause_statuses=[], on_warning=_NOTIFY, on_breach=_NOTIFY, max_extension=2),
    _policy("platform-evidence", "Platform dispute: respondent's evidence within 48 hours", 60,
            "Marketplace complaint centres (e.g. WeChat Shop, 待商家补充凭证) give the merchant "
            "48 hours for its evidence.",
            kind="evidence", trigger="dispute", channels=["platform"], unit="calendar_hours",
            amount=48, pause_statuses=[], on_warning=_NOTIFY, on_breach=_NOTIFY),
    _policy("platform-customer-evidence", "Platform dispute: customer's evidence within 48 hours",
            60, "On a marketplace the buyer has the same 48 hours as the merchant "
            "(待双方补充凭证).",
            kind="customer_evidence", trigger="dispute", channels=["platform"],
            unit="calendar_hours", amount=48, pause_statuses=[], on_warning=_NOTIFY,
            on_breach=_NOTIFY),
    _policy("customer-evidence", "Dispute: customer's evidence within 3 working days", 100,
            "When the customer is asked for evidence in a dispute, 3 working days.",
            kind="customer_evidence", trigger="dispute", unit="working_days", amount=3,
            pause_statuses=[], on_warning=_NOTIFY, on_breach=_NOTIFY, max_extension=2),
    _policy("review", "Appeal: independent review within 5 working days", 100,
            "An appealed ruling is reviewed by someone who took no part in it within 5 working "
            "days.",
            kind="review", trigger="dispute", unit="working_days", amount=5, pause_statuses=[],
            on_warning=_NOTIFY, on_breach=_NOTIFY_RAISE, max_extension=5),
]


def load_default_policies(model: Any = ClockPolicy) -> int:
    """Create the default policies that do not exist yet (by code); admin edits are kept.

    ``model`` lets a data migration pass its historical model. Returns how many were created.
    """
    created = 0
    for spec in DEFAULT_POLICIES:
        fields = {key: value for key, value in spec.items() if key != "code"}
        _, was_created = model.objects.get_or_create(code=spec["code"], defaults=fields)
        created += int(was_created)
    return created


class PolicyFacts(Protocol):
    """What a policy matches on: a complaint, or the facts intake knows before writing one."""

    @property
    def channel(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def priority(self) -> str: ...
    @property
    def industry(self) -> str: ...


def policy_matches(policy: ClockPolicy, complaint: PolicyFacts) -> bool:
    """Empty lists match anything; an unset complaint field matches only an empty list."""
    pairs = (
        (policy.channels, complaint.channel),
        (policy.categories, complaint.category),
        (policy.priorities, complaint.priority),
        (policy.industries, complaint.industry),
    )
    return all(not allowed or value in allowed for allowed, value in pairs)


def _load_active_policies() -> tuple[ClockPolicy, ...]:
    return tuple(ClockPolicy.objects.filter(is_active=True))


# Read on every intake, edited rarely: each process keeps the active policies for a minute, and
# an edit clears its own process's copy at once (see apps.py).
ACTIVE_POLICIES = TimedValue(_load_active_policies, ttl=60)


def policies_for(complaint: PolicyFacts, *, trigger: str) -> dict[str, ClockPolicy]:
    """For each clock kind, the winning policy (lowest rank, then code) for this complaint."""
    chosen: dict[str, ClockPolicy] = {}
    for policy in ACTIVE_POLICIES.get():
        if policy.trigger != trigger:
            continue
        if policy.kind not in chosen and policy_matches(policy, complaint):
            chosen[policy.kind] = policy
    return chosen


@dataclass(frozen=True)
class ExtensionRoom:
    """How far a clock may still be extended under its policy, in the clock's unit."""

    clock: Clock
    limit: int
    used: int

    @property
    def left(self) -> int:
        return max(self.limit - self.used, 0)


def extension_rooms(clocks: Iterable[Clock]) -> list[ExtensionRoom]:
    """The room left on each clock; the policies are read in one query."""
    clocks = list(clocks)
    limits = dict(
        ClockPolicy.objects.filter(pk__in={c.policy_id for c in clocks}).values_list(
            "pk", "max_extension"
        )
    )
    return [ExtensionRoom(c, limits.get(c.policy_id, 0), c.extension) for c in clocks]


def extension_limit_error(room: ExtensionRoom) -> InvalidInput:
    """The refusal of an amount beyond the room: says whether the deadline can be extended at
    all, and why not."""
    clock = room.clock
    names = {
        "clock": ClockKind(clock.kind).label,
        "policy": clock.policy.name,
        "unit": clock.get_unit_display(),
        "used": room.used,
        "limit": room.limit,
        "room": room.left,
    }
    if room.limit == 0 and clock.kind == ClockKind.FIRST_RESPONSE:
        template = _(
            "The first-response deadline cannot be extended: a first reply is owed promptly. "
            "Reply to the customer now, even if only to say the complaint is being looked into."
        )
    elif room.limit == 0:
        template = _(
            "The “%(clock)s” deadline cannot be extended: its clock policy “%(policy)s” allows "
            "no extension. An administrator can change that under “Clock policies” in the admin."
        )
    elif room.left == 0:
        template = _(
            "The “%(clock)s” deadline cannot be extended further: it has already been extended "
            "by %(used)s (%(unit)s), the most its clock policy “%(policy)s” allows."
        )
    else:
        template = _(
            "The “%(clock)s” deadline can be extended by at most %(room)s more (%(unit)s): its "
            "clock policy allows %(limit)s in total and %(used)s is already used."
        )
    return InvalidInput(template % names, {"field": "amount", "max": room.left})
