"""Background work through one helper: a QThreadPool task whose callbacks run on the GUI thread.

The work function never touches widgets; it returns plain data or raises.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(object, str)


class _Task(QRunnable):
    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self.work = work
        self.signals = _Signals()

    @Slot()
    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:  # handed to the GUI thread, which decides how to show it
            from djdesk.services.problems import safe_traceback  # never a database error's SQL and values

            outcome: tuple[Any, ...] = (self.signals.failed, exc, safe_traceback(exc))
        else:
            outcome = (self.signals.succeeded, result)
        try:
            outcome[0].emit(*outcome[1:])
        except RuntimeError:  # the application is already gone (closed while this ran)
            pass


_running: set[_Task] = set()


def run_in_background(
    work: Callable[[], Any],
    on_success: Callable[[Any], None],
    on_error: Callable[[BaseException, str], None],
    owner: QObject | None = None,
) -> None:
    """Run ``work`` in the pool; the callbacks run on the GUI thread, and not at all once ``owner``
    (the widget that asked) has been destroyed."""
    task = _Task(work)
    task.setAutoDelete(False)
    _running.add(task)

    def alive() -> bool:
        return owner is None or shiboken6.isValid(owner)

    def done_ok(result: Any) -> None:
        _running.discard(task)
        if alive():
            on_success(result)

    def done_err(exc: BaseException, tb: str) -> None:
        _running.discard(task)
        if alive():
            on_error(exc, tb)

    task.signals.succeeded.connect(done_ok)
    task.signals.failed.connect(done_err)
    QThreadPool.globalInstance().start(task)
