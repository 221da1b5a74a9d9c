"""The start-up password at the door: its record read without opening the store, and the lock-out.

No SQLAlchemy here: the window asks for the password before it opens the store (design.md,
Start-up). :class:`LoginGuard` applies the lock-out (five wrong tries, then 30 seconds;
``domain.password.Lockout``) and keeps its state in the data folder, so that the window and every
command share it: a script cannot try passwords faster by starting the program again.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from djdesk.domain.password import Lockout, Outcome
from djdesk.paths import DataPaths

KEY = "security.password"
LOCKOUT_FILENAME = "login-tries.json"  # in the data folder, beside window.ini


def stored_record(paths: DataPaths) -> str | None:
    """The password record of the database in ``paths``, read without opening the store (nothing is
    written, nothing migrated); ``None`` when there is no database or no password. Raises
    ``sqlite3.Error`` when the file cannot be read (damaged, locked): the caller then opens the
    store, which says what is wrong, and asks :func:`has_password` of it."""
    from djdesk.store.snapshot import read_setting

    db = paths.database
    if not db.exists():
        return None
    try:
        return read_setting(db, KEY)
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return None  # a database from before settings existed has no password
        wal = db.with_name(db.name + "-wal")
        if os.access(db.parent, os.W_OK) or (wal.exists() and wal.stat().st_size > 0):
            raise
    # A read-only folder (a backup being rescued from it): SQLite cannot make the -shm it reads a WAL
    # database with, so the file is read as immutable, which is safe when nothing can write to it.
    conn = sqlite3.connect(f"{db.absolute().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return read_setting(conn, KEY)
    finally:
        conn.close()


class LoginGuard:
    """Password tries under the lock-out; the state lives in ``paths`` (or only in memory without)."""

    def __init__(self, paths: DataPaths | None = None, clock: Callable[[], float] = time.time) -> None:
        self.file = paths.root / LOCKOUT_FILENAME if paths is not None else None
        self.clock = clock
        self._memory = Lockout()

    def _load(self) -> Lockout:
        if self.file is None:
            return self._memory
        try:
            return Lockout.from_text(self.file.read_text(encoding="utf-8"))
        except OSError:
            return self._memory

    def _save(self, lockout: Lockout) -> None:
        self._memory = lockout
        if self.file is None:
            return
        tmp: Path | None = None
        try:  # a read-only data folder: the lock-out then holds for this window or command only
            fd, name = tempfile.mkstemp(prefix=".login-", dir=self.file.parent)
            tmp = Path(name)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(lockout.to_text())
            os.replace(tmp, self.file)
        except OSError:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    tmp.unlink(missing_ok=True)

    def wait_left(self) -> int:
        return self._load().wait_left(self.clock())

    def attempt(self, record: str, password: str) -> Outcome:
        lockout = self._load()
        outcome = lockout.attempt(record, password, self.clock())
        self._save(lockout)
        return outcome


__all__ = ["KEY", "LOCKOUT_FILENAME", "LoginGuard", "stored_record"]
