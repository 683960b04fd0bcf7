"""The complaint lifecycle as data.

One row per allowed move: which roles may make it, what it requires and what it does to each
kind of clock. Services consult this table and nothing else; every pair of states not listed
here is refused. The table is pure: it reads no database and changes nothing.

The clock column (``Transition.clocks``) maps a clock kind to its effect. A kind not named is
left as it is. ``pause`` pauses a running clock only when its policy pauses in the target
status (a statutory deadline, for instance, keeps running while the customer is asked).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from complaintdesk.complaints.choices import ClockEffect, ClockKind, Role, Status

S = Status
K = ClockKind
E = ClockEffect
STAFF = frozenset({Role.AGENT, Role.DEPARTMENT, Role.SUPERVISOR, Role.ADMIN})
DECIDERS = frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMIN})
COMPLAINANT = frozenset({Role.CUSTOMER, Role.INTEGRATION})

# States in which the complaint is still being handled: it may be withdrawn or merged.
OPEN_STATES = frozenset(
    {S.NEW, S.ACKNOWLEDGED, S.IN_PROGRESS, S.WAITING_CUSTOMER, S.IN_DISPUTE, S.REOPENED}
)
FINAL_STATES = frozenset({S.CLOSED, S.REJECTED, S.WITHDRAWN, S.MERGED})


@dataclass(frozen=True)
class Transition:
    """One allowed move. ``requires`` names the inputs that must be non-empty; ``clocks``
    says what the move does to the complaint's clock of each kind."""

    source: Status
    target: Status
    roles: frozenset[Role]
    requires: tuple[str, ...] = ()
    clocks: Mapping[ClockKind, ClockEffect] = field(default_factory=lambda: _NONE)


def _every(effect: ClockEffect) -> Mapping[ClockKind, ClockEffect]:
    return MappingProxyType(dict.fromkeys(ClockKind, effect))


_NONE: Mapping[ClockKind, ClockEffect] = MappingProxyType({})
#: Waiting for the customer stops the count of what we owe them.
PAUSE_WORK = MappingProxyType({K.ANSWER: E.PAUSE, K.RESOLUTION: E.PAUSE})
RESUME_WORK = MappingProxyType({K.ANSWER: E.RESUME, K.RESOLUTION: E.RESUME})
#: A dispute opens the respondent's evidence period; leaving it closes whatever of the
#: dispute's periods still runs (the customer's evidence, the review of an appeal) as met.
OPEN_EVIDENCE = MappingProxyType({K.EVIDENCE: E.START})
CLOSE_EVIDENCE = MappingProxyType(
    {K.EVIDENCE: E.MEET, K.CUSTOMER_EVIDENCE: E.MEET, K.REVIEW: E.MEET}
)
#: The answer given: every open clock is met (or breached, if its target had passed).
ANSWERED = _every(E.MEET)
#: The complaint ends without the work: open clocks stop unmet.
ENDED = _every(E.STOP)
#: A reopened complaint owes a new answer and a new resolution.
OWED_AGAIN = MappingProxyType({K.ANSWER: E.RESTART, K.RESOLUTION: E.RESTART})


_MOVES: list[Transition] = [
    Transition(S.NEW, S.ACKNOWLEDGED, STAFF),
    Transition(S.NEW, S.REJECTED, DECIDERS, requires=("reason",), clocks=ENDED),
    Transition(S.ACKNOWLEDGED, S.IN_PROGRESS, STAFF),
    Transition(S.IN_PROGRESS, S.WAITING_CUSTOMER, STAFF, requires=("reason",), clocks=PAUSE_WORK),
    Transition(S.WAITING_CUSTOMER, S.IN_PROGRESS, STAFF | COMPLAINANT, clocks=RESUME_WORK),
    Transition(S.IN_PROGRESS, S.IN_DISPUTE, STAFF, requires=("reason",), clocks=OPEN_EVIDENCE),
    Transition(S.IN_DISPUTE, S.IN_PROGRESS, STAFF, clocks=CLOSE_EVIDENCE),
    Transition(S.IN_PROGRESS, S.RESOLVED, STAFF, requires=("reason",), clocks=ANSWERED),
    Transition(S.RESOLVED, S.CLOSED, STAFF | COMPLAINANT, clocks=ENDED),
    Transition(
        S.RESOLVED, S.REOPENED, STAFF | COMPLAINANT, requires=("reason",), clocks=OWED_AGAIN
    ),
    Transition(S.REOPENED, S.IN_PROGRESS, STAFF),
]
_MOVES += [
    Transition(state, S.WITHDRAWN, STAFF | COMPLAINANT, clocks=ENDED)
    for state in sorted(OPEN_STATES)
]
_MOVES += [
    Transition(state, S.MERGED, DECIDERS, requires=("merge_into",), clocks=ENDED)
    for state in sorted(OPEN_STATES)
]

TRANSITIONS: dict[tuple[Status, Status], Transition] = {(t.source, t.target): t for t in _MOVES}


def find_transition(source: str, target: str) -> Transition | None:
    return TRANSITIONS.get((Status(source), Status(target)))


def allowed_targets(source: str, role: str | None = None) -> list[str]:
    """Targets reachable from ``source``; with a role, only those that role may choose."""
    return sorted(
        str(t.target) for t in _MOVES if t.source == source and (role is None or role in t.roles)
    )


def is_open(status: str) -> bool:
    return status in OPEN_STATES
