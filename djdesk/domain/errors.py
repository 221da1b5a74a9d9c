"""Typed errors. Each carries a Chinese ``message`` the clerk can act on.

The CLI maps :class:`InputError` to exit code 1 and :class:`EnvironmentProblem` to exit code 3;
the GUI shows the message in a dialog.
"""

from __future__ import annotations


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
    pass


class NewerSchema(EnvironmentProblem):
    pass


class FolderNotWritable(EnvironmentProblem):
    pass


class AccessDenied(EnvironmentProblem):
    """The start-up password is set and was not given, or was wrong (the command line's exit code 3)."""
