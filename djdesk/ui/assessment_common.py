"""Helpers shared by the pages of the 考核评议 tab: a table view, the combo fillers, the save dialog, the
newest-answer guard for background reads, and small adapters for service calls."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QFileDialog, QHeaderView, QTableView, QWidget

from djdesk.ui.tasks import run_in_background
from djdesk.ui.widgets import show_problem

RED, ORANGE, BLUE, GREY = "#c62828", "#e65100", "#0d47a1", "#757575"


def table(model: QAbstractItemModel, *, multi: bool = False) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                          else QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    view.verticalHeader().hide()
    return view


def fill_combo(box: QComboBox, choices: list[tuple[Any, str]]) -> None:
    """Replace the items, keeping the current choice when it is still there (no change signal)."""
    current = box.currentData()
    box.blockSignals(True)
    box.clear()
    for data, label in choices:
        box.addItem(label, data)
    box.setCurrentIndex(max(box.findData(current), 0))
    box.blockSignals(False)


def org_label(row: Any) -> str:
    return "　" * int(row.depth) + str(row.short_name or row.name)


def ran(action: Callable[[], object]) -> Callable[[], bool]:
    """A service call whose answer is not needed, as one that says it ran (for ``attempt``)."""

    def run() -> bool:
        action()
        return True

    return run


def submitting(action: Callable[[], object]) -> Callable[[], None]:
    """A service call as a dialog's ``submit`` (its answer is not needed; a refusal raises)."""

    def submit() -> None:
        action()

    return submit


def save_path(parent: QWidget, title: str, name: str, pattern: str) -> Path | None:
    target, _ = QFileDialog.getSaveFileName(parent, title, str(Path.home() / name), pattern)
    return Path(target) if target else None


class Latest:
    """Background reads of a page, numbered so that only the newest answer is shown: stepping through
    the years quickly never leaves an earlier year's rows under the later year."""

    def __init__(self, owner: QWidget) -> None:
        self.owner = owner
        self.asked = 0

    def read(self, work: Callable[[], Any], show: Callable[[Any], None]) -> None:
        self.asked += 1
        ticket = self.asked

        def done(result: Any) -> None:
            if ticket == self.asked:
                show(result)

        def failed(exc: BaseException, _tb: str) -> None:
            if ticket == self.asked:
                show_problem(self.owner, exc)

        run_in_background(work, done, failed, owner=self.owner)
