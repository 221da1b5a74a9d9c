"""What the pages of the 考核评议 tab share: the tab's year, the newest-answer guard for background reads,
the 党支部 chooser, and the page of one table of the year's records."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMessageBox, QVBoxLayout, QWidget

from djdesk.domain.enums import OrgKind
from djdesk.ui.assessment_common import Latest, org_choice, table
from djdesk.ui.rows_model import RowsModel
from djdesk.ui.widgets import ComboBox, add_buttons, fill_orgs

T = TypeVar("T")


class YearPage(QWidget):
    """A page shown for the year chosen on the tab (``year``); ``touched`` says that it changed data."""

    loaded = Signal()  # the page's data is on screen

    def __init__(self, context: Any, year: Callable[[], int], touched: Callable[[QWidget], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.year, self.touched = context, year, touched
        self.reads = Latest(self)

    def sessions(self) -> Any:
        store = self.context.store()
        return store.sessions if store is not None else None

    def refresh(self) -> None:
        raise NotImplementedError

    def read_year(self, load: Callable[[Any, int], T], show: Callable[[T], None]) -> None:
        """Read with ``load(sessions, year)`` in the background, once the data is open, and ``show`` the answer
        unless a newer read was asked for meanwhile."""
        sessions, year = self.sessions(), self.year()
        if sessions is None:
            return
        self.reads.read(lambda: load(sessions, year), show)


class BranchPage(YearPage):
    """A page of one 党支部 at a time, chosen in ``org``; choosing another calls ``org_changed``."""

    def __init__(self, context: Any, year: Callable[[], int], touched: Callable[[QWidget], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(context, year, touched, parent)
        self.org = ComboBox()
        self.org.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.org.currentIndexChanged.connect(lambda _i: self.org_changed())

    def org_changed(self) -> None:
        self.refresh()

    def fill_orgs(self) -> None:
        """党支部 and 党总支 (with its branches), not the 机关党委 itself: 民主评议 and 支部年度考核 are
        organised by the branch (R-EVAL-1)."""
        rows = [r for r in self.context.orgs() if not r.dissolved
                and (r.kind.is_branch or r.kind is OrgKind.GENERAL_BRANCH)]
        fresh = self.org.count() == 0
        fill_orgs(self.org, [org_choice(r) for r in rows])
        if fresh:  # start on the first 党支部, not on the 党总支 above it
            self.org.blockSignals(True)
            self.org.setCurrentIndex(next((i for i, r in enumerate(rows) if r.kind.is_branch), 0))
            self.org.blockSignals(False)


class RecordView(YearPage):
    """The year's records in one table (a double click edits one), with buttons and a grey note above it and
    a summary line below."""

    def __init__(self, context: Any, year: Callable[[], int], touched: Callable[[QWidget], None],
                 headers: Sequence[str], actions: Iterable[tuple[str, Callable[[], object]]], note: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, year, touched, parent)
        self.model = RowsModel(headers)
        self.view = table(self.model, stretch=headers[-1])  # the long text (主要事迹, 评语) is last
        self.view.doubleClicked.connect(lambda _i: self.edit())
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        top = QHBoxLayout()
        add_buttons(top, actions)
        hint = QLabel(note)
        hint.setStyleSheet("color: #555;")
        hint.setWordWrap(True)
        top.addWidget(hint, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)

    def edit(self) -> None:
        raise NotImplementedError

    def picked(self, ask: str) -> Any:
        """The payload of the selected row; none selected, the clerk is asked (``ask``) and None returned."""
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            QMessageBox.information(self, "请先选择", ask)
            return None
        return self.model.payload(rows[0].row())
