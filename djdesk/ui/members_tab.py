"""The 党员 tab: the roster with a search box (names, pinyin initials, ID numbers)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from djdesk.services.members import MemberRow
    from djdesk.ui.member_table_model import MemberTableModel


class MembersTab(QWidget):
    members_shown = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model: MemberTableModel | None = None
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索：姓名、拼音首字母（如 zs）或身份证号")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search)
        self.count_label = QLabel("正在载入党员名单…")
        self.table = QTableView()
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        top = QHBoxLayout()
        top.addWidget(QLabel("查找："))
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)

    @property
    def model(self) -> MemberTableModel:
        """Made on first use: its module touches PySide6's ``Qt`` namespace, whose first use costs
        about 10 ms, and that should come after the window's first paint (benchmarks/startup.py)."""
        if self._model is None:
            from djdesk.ui.member_table_model import MemberTableModel

            self._model = MemberTableModel()
            self.table.setModel(self._model)
        return self._model

    def set_members(self, rows: list[MemberRow]) -> None:
        self.model.set_members(rows)
        self.table.setColumnWidth(0, 90)
        self.table.setColumnWidth(1, 50)
        self.table.setColumnWidth(2, 260)
        self.table.setColumnWidth(3, 90)
        self.table.setColumnWidth(4, 100)
        self._update_count()
        self.members_shown.emit(len(rows))

    def _on_search(self, text: str) -> None:
        self.model.set_query(text)
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total_count()
        if shown == total:
            self.count_label.setText(f"共 {total} 名党员")
        else:
            self.count_label.setText(f"找到 {shown} 名（共 {total} 名）")
