"""The small dialog that asks which columns the printed 党员花名册 has, before the save dialog of
导出花名册 (the choice is remembered in 设置: ``roster.print_columns``)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QCheckBox, QDialog, QGridLayout, QLabel, QVBoxLayout, QWidget

from djdesk.domain.config import ROSTER_PRINT_COLUMNS
from djdesk.ui.widgets import ok_cancel

PER_ROW = 3
ALWAYS = "姓名"


class RosterColumnsDialog(QDialog):
    """A check box for each column the 花名册 may print, ticked as last time; 姓名 is always printed."""

    def __init__(self, chosen: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("花名册打印的列")
        layout = QVBoxLayout(self)
        note = QLabel("选择打印在花名册上的列（A4 横向打印）。\n"
                      "每名党员的全部信息另在“完整信息”工作表中，供核对和再次导入。")
        note.setWordWrap(True)
        layout.addWidget(note)
        grid = QGridLayout()
        self.boxes: dict[str, QCheckBox] = {}
        for i, name in enumerate(ROSTER_PRINT_COLUMNS):
            box = QCheckBox(name)
            box.setChecked(name in chosen or name == ALWAYS)
            box.setEnabled(name != ALWAYS)
            grid.addWidget(box, i // PER_ROW, i % PER_ROW)
            self.boxes[name] = box
        layout.addLayout(grid)
        layout.addWidget(ok_cancel(self))

    def chosen(self) -> list[str]:
        """The ticked columns, in the order the 花名册 prints them."""
        return [name for name, box in self.boxes.items() if box.isChecked()]
