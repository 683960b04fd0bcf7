"""The per-process configuration cache: loads once, expires, and clears on demand."""

from __future__ import annotations

import time_machine

from complaintdesk.lib.ttlcache import TimedValue


def test_loads_once_until_it_expires_or_is_cleared() -> None:
    loads: list[int] = []

    def load() -> int:
        loads.append(1)
        return len(loads)

    cached = TimedValue(load, ttl=60)
    with time_machine.travel(0, tick=False) as clock:
        assert cached.get() == 1 and cached.get() == 1
        clock.shift(61)
        assert cached.get() == 2
        cached.clear()
        assert cached.get() == 3
