"""SQLite backend whose write transactions queue on an operating-system lock.

Every transaction starts with ``BEGIN IMMEDIATE``. When several processes (gunicorn workers,
the job worker) write at once, SQLite itself makes the losers poll: sleep, retry, sleep longer,
up to the busy timeout. Under load those sleeps, not the work, set the pace. Here each write
transaction first takes an exclusive ``flock`` on a file beside the database, so a waiting
writer sleeps in the kernel and wakes the moment the previous one commits. The lock is
released on commit, rollback and close; reads never take it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from typing import Any

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._write_lock_fd: int | None = None
        self._write_lock_held = False

    def _lock_path(self) -> str | None:
        name = str(self.settings_dict["NAME"])
        if self.is_in_memory_db() or name.startswith("file:"):
            return None
        return f"{name}.writelock"

    def _acquire_write_lock(self) -> None:
        path = self._lock_path()
        if path is None or self._write_lock_held:
            return
        if self._write_lock_fd is None:
            self._write_lock_fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._write_lock_fd, fcntl.LOCK_EX)
        self._write_lock_held = True

    def _release_write_lock(self) -> None:
        if self._write_lock_held and self._write_lock_fd is not None:
            fcntl.flock(self._write_lock_fd, fcntl.LOCK_UN)
        self._write_lock_held = False

    def get_new_connection(self, conn_params: Any) -> Any:
        """Create a new database file owner-only (0600) before SQLite opens it; SQLite gives
        its ``-wal`` and ``-shm`` files the same mode. An existing file is left as it is (the
        ``migrate``, ``serve`` and ``run`` commands tighten it, ``config.files``)."""
        path = self._lock_path()
        if path is not None:
            name = path.removesuffix(".writelock")
            if not os.path.exists(name):
                with contextlib.suppress(FileExistsError):  # another process was first
                    os.close(os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        return super().get_new_connection(conn_params)

    def _start_transaction_under_autocommit(self) -> None:
        self._acquire_write_lock()
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
        except BaseException:
            self._release_write_lock()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()  # type: ignore[misc]
        finally:
            self._release_write_lock()

    def _rollback(self) -> None:
        try:
            super()._rollback()  # type: ignore[misc]
        finally:
            self._release_write_lock()

    def _close(self) -> None:
        try:
            super()._close()  # type: ignore[misc]
        finally:
            self._release_write_lock()
            if self._write_lock_fd is not None:
                os.close(self._write_lock_fd)
                self._write_lock_fd = None
