"""A small per-process cache of configuration rows that change rarely.

Configuration such as clock policies is read on every intake but edited a few times a year.
Each process keeps what it loaded for ``ttl`` seconds; an edit in the same process clears it at
once (the owner connects ``clear`` to its model's save and delete signals), and other processes
see it when their copy expires.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class TimedValue(Generic[T]):
    def __init__(self, load: Callable[[], T], ttl: float) -> None:
        self._load = load
        self._ttl = ttl
        self._lock = threading.Lock()
        self._value: T | None = None
        self._expires = 0.0

    def get(self) -> T:
        now = time.monotonic()
        with self._lock:
            if self._value is None or now >= self._expires:
                self._value = self._load()
                self._expires = now + self._ttl
            return self._value

    def clear(self, *args: object, **kwargs: object) -> None:
        with self._lock:
            self._value = None
            self._expires = 0.0
