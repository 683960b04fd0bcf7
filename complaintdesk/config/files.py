"""Owner-only modes for the data directory and the files that hold personal data.

New ones are created owner-only (``settings`` creates ``DATA_DIR`` with 0700, the SQLite
backend creates the database file with 0600). :func:`data_files_secure` tightens an existing
installation; ``complaintdesk migrate``, ``serve`` and ``run`` call it once at start, never
per connection.
"""

from __future__ import annotations

import stat
from pathlib import Path

DIRECTORY_MODE = 0o700
FILE_MODE = 0o600


def data_files_secure(*, data_dir: Path, database: Path | None) -> list[str]:
    """Take group and other permissions off the data directory, the SQLite database (with its
    ``-wal``, ``-shm`` and lock files) and the secret key. Returns what was changed."""
    changed = []
    targets: list[tuple[Path, int]] = [(data_dir, DIRECTORY_MODE)]
    if database is not None:
        targets += [
            (Path(f"{database}{suffix}"), FILE_MODE)
            for suffix in ("", "-wal", "-shm", ".writelock")
        ]
    targets.append((data_dir / "secret_key", FILE_MODE))
    for path, mode in targets:
        if not path.exists():
            continue
        current = stat.S_IMODE(path.stat().st_mode)
        if current & 0o077:
            path.chmod(current & ~0o077 & mode)
            changed.append(f"{path}: {current:o} -> {stat.S_IMODE(path.stat().st_mode):o}")
    return changed
