"""Typed errors. Each carries a Chinese ``message`` the clerk can act on.

The CLI maps :class:`InputError` to exit code 1 and :class:`EnvironmentProblem` to exit code 3;
the GUI shows the message in a dialog.
"""

from __future__ import annotations

from pathlib import Path


class DjdeskError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(DjdeskError):
    """Input refused; nothing was written."""


class EnvironmentProblem(DjdeskError):
    """The database or data folder cannot be used (locked, corrupt, newer, not writable)."""


class DatabaseLocked(EnvironmentProblem):
    pass


class DatabaseCorrupt(EnvironmentProblem):
    """The database file is damaged. ``summary``: what is wrong, without the advice on how to restore
    that ``message`` may add for the command line; ``good_backup``: the newest backup that passes its
    check, when one was looked for."""

    def __init__(self, message: str, *, summary: str | None = None, good_backup: Path | None = None) -> None:
        super().__init__(message)
        self.summary = summary if summary is not None else message
        self.good_backup = good_backup


class NewerSchema(EnvironmentProblem):
    pass


class FolderNotWritable(EnvironmentProblem):
    pass


class AccessDenied(EnvironmentProblem):
    """The start-up password is set and was not given, or was wrong (the command line's exit code 3)."""
