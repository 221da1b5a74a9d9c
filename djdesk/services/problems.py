"""What the clerk is told when something goes wrong, and what the log keeps of it (no Qt).

Every way out (the command line's ``main``, the window's dialogs, the background helper and the
crash hook) asks :func:`as_problem` for the sentence to show: a refusal or an environment problem
keeps its own words; a database error the clerk can act on becomes its typed error
(:func:`djdesk.store.errors.environment_problem`); anything else is :class:`Unexpected`, one generic
sentence, and its traceback goes to the log through :func:`log_unexpected`.

A database error's text holds the SQL and its parameters (names, ID and phone numbers), so it is
never shown, printed or logged: :func:`safe_traceback` writes the frames as Python does, but for a
database error only its class and the driver's own message (``UNIQUE constraint failed:
members.id_number``), which names no value. The log's scrubber then masks any ID or phone number
left in the text of other errors.
"""

from __future__ import annotations

import logging
import traceback
from typing import Final

from djdesk.domain.errors import DjdeskError
from djdesk.store.errors import driver_error, environment_problem

UNEXPECTED_MESSAGE: Final = (
    "程序遇到意外问题，这次操作没有完成。详细情况已记入运行日志（数据文件夹中的 logs 文件夹）；"
    "如果问题反复出现，请把日志文件发给技术人员。")


class Unexpected(DjdeskError):
    """Not the clerk's input nor the PC's state: a bug. Shown as one generic sentence."""

    def __init__(self, message: str = UNEXPECTED_MESSAGE) -> None:
        super().__init__(message)


def as_problem(exc: BaseException) -> DjdeskError:
    """The error whose ``message`` the clerk reads for ``exc``."""
    if isinstance(exc, DjdeskError):
        return exc
    return environment_problem(exc) or Unexpected()


def _is_database_error(exc: BaseException) -> bool:
    module = type(exc).__module__
    return module.startswith("sqlalchemy") or driver_error(exc) is exc


def describe(exc: BaseException) -> str:
    """One line for the log: the class, and the message unless it may carry SQL or values."""
    name = f"{type(exc).__module__}.{type(exc).__qualname__}"
    if not _is_database_error(exc):
        return f"{name}: {exc}"
    error = driver_error(exc)
    if error is None:
        return f"{name}（数据库错误的内容不记入日志）"
    detail = f"{type(error).__module__}.{type(error).__qualname__}: {error}"
    return detail if error is exc else f"{name}: {detail}"


def safe_traceback(exc: BaseException) -> str:
    """The traceback of ``exc`` and of the exceptions it was raised from, as Python prints it,
    with each database error's text replaced by :func:`describe`."""
    chain: list[tuple[BaseException, str]] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    link = ""
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((current, link))
        if current.__cause__ is not None:
            current, link = current.__cause__, "\n上面的异常直接引发了下面的异常：\n\n"
        elif current.__context__ is not None and not current.__suppress_context__:
            current, link = current.__context__, "\n处理上面的异常时又发生了下面的异常：\n\n"
        else:
            current = None
    parts: list[str] = []
    for error, link_after in reversed(chain):
        frames = traceback.format_tb(error.__traceback__)
        head = "Traceback (most recent call last):\n" if frames else ""
        parts.append(head + "".join(frames) + describe(error) + "\n" + link_after)
    return "".join(parts)


def log_unexpected(exc: BaseException, what: str = "未处理的异常") -> None:
    """Log ``exc`` with its (safe) traceback to the program's log."""
    logging.getLogger("djdesk").error("%s：\n%s", what, safe_traceback(exc))


__all__ = ["UNEXPECTED_MESSAGE", "Unexpected", "as_problem", "describe", "log_unexpected", "safe_traceback"]
