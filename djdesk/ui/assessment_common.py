"""Helpers shared by the pages of the 考核评议 tab: a table view, the combo fillers, the save dialog, the
newest-answer guard for background reads, and small adapters for service calls."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QTableView, QWidget

from djdesk.ui.tasks import run_in_background
from djdesk.ui.widgets import fit_columns, show_problem

RED, ORANGE, BLUE, GREY = "#c62828", "#e65100", "#0d47a1", "#757575"


def table(model: QAbstractItemModel, *, multi: bool = False, stretch: str | None = None) -> QTableView:
    """A page's table: columns fitted to their content, ``stretch`` (a long text column) taking what is left."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                          else QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    fit_columns(view, stretch)
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


def org_choice(row: Any) -> tuple[int, str, int]:
    """(id, short name, depth) of an organisation, for :func:`djdesk.ui.widgets.fill_orgs`."""
    return int(row.id), str(row.short_name or row.name), int(row.depth)


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
    """A workbook (报表) or a document (文书) to save, suggested as ``name`` in the last folder of its kind."""
    from djdesk.ui.files import DOCUMENTS, TABLES, choose_save

    return choose_save(parent, title, TABLES if "xlsx" in pattern else DOCUMENTS, name, pattern)


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
