"""Database errors the clerk can act on, told apart from bugs: the one place that reads SQLite's codes.

A database error carries the SQL and its parameters (names, ID and phone numbers; the bulk import
even writes constant values into the SQL itself), so none of it is ever shown, printed or logged
(design.md, known traps). What the clerk can do something about becomes a typed error with a
Chinese sentence: another window or command holds the database (:class:`DatabaseLocked`), the disk
is full or the folder read-only (:class:`FolderNotWritable`), the file is damaged
(:class:`DatabaseCorrupt`). The engine (:mod:`djdesk.store.engine`) raises these in place of
SQLAlchemy's errors; :mod:`djdesk.services.problems` uses :func:`environment_problem` for errors of
the plain ``sqlite3`` readers and says a generic sentence for everything else.
"""

from __future__ import annotations

import sqlite3
from typing import Final

from djdesk.domain.errors import DatabaseCorrupt, DatabaseLocked, EnvironmentProblem, FolderNotWritable

LOCKED_MESSAGE: Final = "数据库正被另一个窗口或命令使用，请稍后再试。"
NOT_WRITABLE_MESSAGE: Final = (
    "磁盘空间不足或数据文件夹不可写，这次操作没有写入任何数据。请清理磁盘空间或检查数据文件夹的权限后再试。")
CORRUPT_MESSAGE: Final = (
    "数据库文件已损坏，这次操作没有完成。请从备份恢复（文件 → 从备份恢复…，或命令 djdesk db restore 备份文件），"
    "或联系技术人员。")

# SQLite's primary result codes (sqlite3.h).
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26
_BY_CODE: Final = {
    _BUSY: (DatabaseLocked, LOCKED_MESSAGE),
    _LOCKED: (DatabaseLocked, LOCKED_MESSAGE),
    _READONLY: (FolderNotWritable, NOT_WRITABLE_MESSAGE),
    _IOERR: (FolderNotWritable, NOT_WRITABLE_MESSAGE),
    _FULL: (FolderNotWritable, NOT_WRITABLE_MESSAGE),
    _CANTOPEN: (FolderNotWritable, NOT_WRITABLE_MESSAGE),
    _CORRUPT: (DatabaseCorrupt, CORRUPT_MESSAGE),
    _NOTADB: (DatabaseCorrupt, CORRUPT_MESSAGE),
}
# Drivers without error codes: the words of SQLite's messages for the same cases.
_BY_WORDS: Final = (
    (("locked", "busy"), _BUSY),
    (("readonly", "read-only", "disk is full", "disk i/o", "unable to open"), _READONLY),
    (("malformed", "not a database"), _CORRUPT),
)


def driver_error(exc: BaseException) -> sqlite3.Error | None:
    """The driver's own error behind ``exc`` (SQLAlchemy keeps it as ``orig``), or ``exc`` if it is one."""
    if isinstance(exc, sqlite3.Error):
        return exc
    orig = getattr(exc, "orig", None)
    return orig if isinstance(orig, sqlite3.Error) else None


def _code(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF  # extended codes (SQLITE_BUSY_SNAPSHOT …) carry the primary one in the low byte
    text = str(error).lower()
    return next((found for words, found in _BY_WORDS if any(w in text for w in words)), None)


def environment_problem(exc: BaseException) -> EnvironmentProblem | None:
    """The typed error for a database error the clerk can act on; ``None`` for anything else (a bug).

    The new error is chained to the driver's error only, whose text names no value
    (``database is locked``), never to SQLAlchemy's, whose text holds the SQL and its parameters.
    """
    error = driver_error(exc)
    if error is None:
        return None
    code = _code(error)
    if code not in _BY_CODE:
        return None
    kind, message = _BY_CODE[code]
    problem = kind(message)
    problem.__cause__ = error
    return problem


__all__ = ["CORRUPT_MESSAGE", "LOCKED_MESSAGE", "NOT_WRITABLE_MESSAGE", "driver_error", "environment_problem"]
