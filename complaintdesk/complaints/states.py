"""The complaint lifecycle as data.

One row per allowed move: which roles may make it and what it requires. Services consult this
table and nothing else; every pair of states not listed here is refused. The table is pure: it
reads no database and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from complaintdesk.complaints.choices import Role, Status

S = Status
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
    """One allowed move. ``requires`` names the inputs that must be non-empty."""

    source: Status
    target: Status
    roles: frozenset[Role]
    requires: tuple[str, ...] = ()


_MOVES: list[Transition] = [
    Transition(S.NEW, S.ACKNOWLEDGED, STAFF),
    Transition(S.NEW, S.REJECTED, DECIDERS, requires=("reason",)),
    Transition(S.ACKNOWLEDGED, S.IN_PROGRESS, STAFF),
    Transition(S.IN_PROGRESS, S.WAITING_CUSTOMER, STAFF, requires=("reason",)),
    Transition(S.WAITING_CUSTOMER, S.IN_PROGRESS, STAFF | COMPLAINANT),
    Transition(S.IN_PROGRESS, S.IN_DISPUTE, STAFF, requires=("reason",)),
    Transition(S.IN_DISPUTE, S.IN_PROGRESS, STAFF),
    Transition(S.IN_PROGRESS, S.RESOLVED, STAFF, requires=("reason",)),
    Transition(S.RESOLVED, S.CLOSED, STAFF | COMPLAINANT),
    Transition(S.RESOLVED, S.REOPENED, STAFF | COMPLAINANT, requires=("reason",)),
    Transition(S.REOPENED, S.IN_PROGRESS, STAFF),
]
_MOVES += [Transition(state, S.WITHDRAWN, STAFF | COMPLAINANT) for state in sorted(OPEN_STATES)]
_MOVES += [
    Transition(state, S.MERGED, DECIDERS, requires=("merge_into",)) for state in sorted(OPEN_STATES)
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
