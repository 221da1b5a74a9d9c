"""What the pages of the 会议 tab share: their own year box, background reads of which only the newest
answer is shown, and adding or deleting a record of the page's table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtWidgets import QTableView, QWidget

from djdesk.ui.rows_model import RowsModel
from djdesk.ui.tasks import run_in_background
from djdesk.ui.widgets import attempt, confirm, show_problem, year_box

T = TypeVar("T")


class YearView(QWidget):
    """A page with a year box (this year to start with); ``refresh`` reads the page's data again."""

    def __init__(self, context: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.year = year_box(context.clock().year)
        self._request = 0

    def refresh(self) -> None:
        raise NotImplementedError

    def read(self, work: Callable[[], T], show: Callable[[T], object],
             run: Callable[..., None] = run_in_background) -> None:
        """Run ``work`` in the background (through ``run``) and ``show`` its answer, unless a newer read was
        asked for meanwhile: stepping through the years quickly never leaves an earlier year's rows under the
        later year."""
        self._request += 1
        request = self._request

        def done(result: T) -> None:
            if request == self._request:
                show(result)

        run(work, done, lambda exc, _tb: show_problem(self, exc), owner=self)

    def read_year(self, load: Callable[[Any, int], T], show: Callable[[T], object]) -> None:
        """``read`` with ``load(sessions, year)`` for the year in the box, once the data is open."""
        store = self.context.store()
        if store is None:
            return
        sessions, year = store.sessions, self.year.value()
        self.read(lambda: load(sessions, year), show)

    def add_record(self, dialog_for: Callable[[], Any], create: Callable[[Any, Any], object]) -> None:
        """Open the dialog made by ``dialog_for``; its 确定 passes ``dialog.data()`` to ``create``."""
        store = self.context.store()
        if store is None:
            return
        dialog = dialog_for()

        def submit() -> None:
            create(store.sessions, dialog.data())

        dialog.submit = submit
        if dialog.exec():
            self.refresh()

    def delete_record(self, view: QTableView, model: RowsModel, delete: Callable[[Any, int], object], title: str,
                      question: str) -> None:
        """Delete the record selected in ``view`` (the row's payload is its id) once the clerk agrees."""
        store = self.context.store()
        rows = view.selectionModel().selectedRows()
        if store is None or not rows:
            return
        record_id = int(model.payload(rows[0].row()))

        def run() -> bool:
            delete(store.sessions, record_id)
            return True

        if confirm(self, title, question) and attempt(self, run):
            self.refresh()
