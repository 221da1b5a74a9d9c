"""组织生活开展情况: per requirement, organisations × periods, green where held and red where missing.

Rules R-MEET-1 … R-MEET-8 and R-MEET-11; the frequencies come from 设置.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from djdesk.ui.files import EXCEL, TABLES, choose_save, show_saved
from djdesk.ui.tasks import run_in_background
from djdesk.ui.widgets import ComboBox, cn_date, show_problem
from djdesk.ui.year_view import YearView

if TYPE_CHECKING:
    from djdesk.services.compliance import ComplianceGrid

Index = QModelIndex | QPersistentModelIndex
GREEN, RED, GREY, WHITE = QColor("#c8e6c9"), QColor("#ffcdd2"), QColor("#eeeeee"), QColor("white")
# Each colour of the grid, what its cells show, and what it means: the legend is drawn from this table,
# the cells are coloured by CELL_COLORS below; tests/ui/test_compliance_view.py checks that they agree.
LEGEND = (
    (GREEN, "✓ 次数", "已开展"),
    (RED, "缺", "期已结束，未开展或次数不够"),
    (WHITE, "次数", "本期未结束或尚未开始"),
    (GREY, "—", "不作要求（如成立前、撤销后）"),
)
CELL_COLORS = {"HELD": GREEN, "MISSING": RED, "CURRENT": WHITE, "NOT_DUE": WHITE, "NOT_REQUIRED": GREY}


class GridModel(QAbstractTableModel):
    """Rows: organisations the requirement applies to; columns: the periods of its frequency."""

    def __init__(self) -> None:
        super().__init__()
        self.grid: ComplianceGrid | None = None
        self.key = ""
        self.rows: list[Any] = []
        self.periods: list[Any] = []

    def set_grid(self, grid: ComplianceGrid | None, key: str) -> None:
        self.beginResetModel()
        self.grid, self.key = grid, key
        self.rows, self.periods = [], []
        if grid is not None:
            requirement = next((r for r in grid.requirements if r.key == key), None)
            if requirement is not None:
                self.periods = list(grid.periods(requirement.frequency))
                self.rows = [(row, line) for row in grid.rows
                             if (line := row.line(key)) is not None and line.applies]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.periods) + 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        _row, line = self.rows[index.row()]
        if index.column() == len(self.periods):
            if role == Qt.ItemDataRole.DisplayRole:
                missing = len(line.missing)
                return f"共 {line.total} 次" + (f"，缺 {missing}" if missing else "")
            return None
        cell = line.cells[index.column()]
        status = cell.status.name
        if role == Qt.ItemDataRole.DisplayRole:
            if status == "HELD":
                return f"✓ {cell.count}"
            if status == "MISSING":
                return "缺" + (f"（{cell.count}）" if cell.count else "")
            if status == "NOT_REQUIRED":
                return "—"
            return str(cell.count) if cell.count else ""
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(CELL_COLORS[status])
        if role == Qt.ItemDataRole.ToolTipRole:
            days = "、".join(d.isoformat() for d in cell.dates)
            return f"{cell.period.full_label}：{cell.status.label}" + (f"\n召开日期：{days}" if days
                                                                                else "")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.periods[section].label if section < len(self.periods) else "合计"
        row, _line = self.rows[section]
        return "　" * row.depth + row.display_name


def legend_html() -> str:
    """图例: each colour as the grid shows it (a framed cell: the white one too), and what it means."""
    cells = "".join(
        f"<td><table cellspacing='1' cellpadding='2' bgcolor='#9e9e9e'><tr><td bgcolor='{color.name()}'>"
        f"&nbsp;{shows}&nbsp;</td></tr></table></td><td>&nbsp;{means}&nbsp;&nbsp;</td>"
        for color, shows, means in LEGEND)
    return f"<table cellspacing='0'><tr><td>图例：</td>{cells}</tr></table>"


class ComplianceView(YearView):
    def __init__(self, context: Any, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.grid: ComplianceGrid | None = None
        self.requirement = ComboBox()
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.model = GridModel()
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        export = QPushButton("导出统计表…")
        export.clicked.connect(self.export)
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.requirement.currentIndexChanged.connect(self._show)
        top = QHBoxLayout()
        top.addWidget(self.year)
        top.addWidget(QLabel("要求："))
        top.addWidget(self.requirement, 1)
        top.addWidget(export)
        self.legend = QLabel(legend_html())
        self.legend.setWordWrap(True)  # the page must still fit a narrow window
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.legend)
        layout.addWidget(self.summary)

    def _on(self) -> dt.date:
        """Judge a past year as a whole; the current year as of today."""
        today = self.context.clock()
        year = self.year.value()
        return today if year >= today.year else dt.date(year + 1, 1, 1)

    def refresh(self) -> None:
        store = self.context.store()
        if store is None:
            return
        year, on = self.year.value(), self._on()

        def work() -> ComplianceGrid:
            from djdesk.services.compliance import compliance

            return compliance(store.sessions, year, on=on)

        self.read(work, self._loaded)

    def _loaded(self, grid: ComplianceGrid) -> None:
        self.grid = grid
        current = self.requirement.currentData()
        self.requirement.blockSignals(True)
        self.requirement.clear()
        for req in grid.requirements:
            self.requirement.addItem(f"{req.label}（{req.demand}）", req.key)
        self.requirement.setCurrentIndex(max(self.requirement.findData(current), 0))
        self.requirement.blockSignals(False)
        self._show()

    def _show(self) -> None:
        self.model.set_grid(self.grid, str(self.requirement.currentData() or ""))
        if self.grid is not None:
            missing = len(self.grid.missing)
            self.summary.setText(f"{self.grid.year}年（截至{cn_date(self.grid.on)}）共缺 {missing} 项。"
                                 "鼠标停在格子上可看到召开日期。")

    def export(self) -> None:
        store = self.context.store()
        if store is None or self.grid is None:
            return
        target = choose_save(self, "导出统计表", TABLES, f"{self.year.value()}年组织生活开展情况统计表.xlsx", EXCEL)
        if target is None:
            return
        grid, year, on = self.grid, self.year.value(), self._on()

        def work() -> Path:
            from djdesk.services.compliance_export import export_compliance

            return export_compliance(store.sessions, year, target, on=on, grid=grid)

        run_in_background(work, lambda out: show_saved(self, "导出完成", f"已导出：\n{out}", out),
                          lambda exc, _tb: show_problem(self, exc), owner=self)
