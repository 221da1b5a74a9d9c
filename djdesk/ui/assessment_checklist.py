"""考核表 of 支部年度考核: the year's items (area, kind, content, maximum points, scoring note), edited
in a dialog opened from the 支部年度考核 page. An item already scored is deleted only after confirmation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.enums import AssessmentItemKind
from djdesk.ui.assessment_common import ran, submitting, table
from djdesk.ui.org_dialogs import FormDialog
from djdesk.ui.rows_model import RowsModel
from djdesk.ui.widgets import ComboBox, DoubleSpinBox, SpinBox, attempt, confirm, fit_to_screen

if TYPE_CHECKING:
    from djdesk.services.assessments import ItemInput, ItemRow

ITEM_HEADERS = ["序号", "类别", "类型", "考核内容", "分值", "评分标准", "已评分"]


def points(value: float) -> str:
    return f"{value:g}"


class ItemDialog(FormDialog):
    """One item of the checklist: area, kind, content, maximum points and the scoring note."""

    def __init__(self, areas: list[str], item: ItemRow | None, next_seq: int, parent: QWidget | None = None) -> None:
        super().__init__("编辑考核项目" if item else "新增考核项目", parent)
        self.area = ComboBox()
        self.area.setEditable(True)
        self.area.addItems(areas)
        self.area.setEditText(item.area if item else "")
        self.kind = ComboBox()
        for kind in AssessmentItemKind:
            self.kind.addItem(kind.label, kind)
        self.kind.setCurrentIndex(self.kind.findData(item.kind if item else AssessmentItemKind.NORMAL))
        self.title = QPlainTextEdit(item.title if item else "")
        self.title.setFixedHeight(70)
        self.max_points = DoubleSpinBox()
        self.max_points.setRange(0, 1000)
        self.max_points.setDecimals(2)
        self.max_points.setSuffix(" 分")
        self.max_points.setValue(item.max_points if item else 5)
        self.note = QLineEdit(item.scoring_note or "" if item else "")
        self.note.setPlaceholderText("如：每缺一次扣1分")
        self.seq = SpinBox()
        self.seq.setRange(1, 999)
        self.seq.setValue(item.seq if item else next_seq)
        for label, widget in (("类别：", self.area), ("类型：", self.kind), ("考核内容：", self.title),
                              ("分值：", self.max_points), ("评分标准：", self.note), ("序号：", self.seq)):
            self.form.addRow(label, widget)
        self.hint.setText("基本项的分值是该项最高得分；加分项、减分项的分值是最多加（减）的分数。")
        fit_to_screen(self, 560, self.sizeHint().height())

    def item(self) -> ItemInput:
        from djdesk.services.assessments import ItemInput

        return ItemInput(self.area.currentText(), self.title.toPlainText(), self.max_points.value(),
                         self.kind.currentData(), self.note.text() or None, self.seq.value())


class ChecklistDialog(QDialog):
    """考核表 of a year: add, edit and delete items (an item already scored only after confirmation)."""

    def __init__(self, sessions: Any, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{year}年度党支部考核表")
        self.sessions, self.year, self.changed = sessions, year, False
        self.model = RowsModel(ITEM_HEADERS)
        self.view = table(self.model, stretch="考核内容")
        self.view.doubleClicked.connect(lambda _i: self.edit())
        self.totals = QLabel("")
        buttons = QHBoxLayout()
        for text, slot in (("新增项目…", self.add), ("编辑…", self.edit), ("删除", self.delete)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.totals)
        layout.addLayout(buttons)
        fit_to_screen(self, 1000, 600)
        self.load()

    def load(self) -> None:
        from djdesk.services.assessments import list_items

        self.items = list_items(self.sessions, self.year)
        self.model.set_rows([[str(i.seq), i.area, i.kind.label, i.title, points(i.max_points), i.scoring_note or "",
                              f"{i.scored} 个" if i.scored else ""] for i in self.items], self.items)
        sums = {kind: sum(i.max_points for i in self.items if i.kind is kind) for kind in AssessmentItemKind}
        normal, bonus, penalty = (sums[k] for k in AssessmentItemKind)
        self.totals.setText(f"共 {len(self.items)} 项：基本项合计 {normal:g} 分，加分最多 {bonus:g} 分，"
                            f"减分最多 {penalty:g} 分。")

    def _selected(self) -> ItemRow | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            QMessageBox.information(self, "请先选择", "请先选中一个考核项目。")
            return None
        item: ItemRow = self.model.payload(rows[0].row())
        return item

    def _open(self, item: ItemRow | None) -> None:
        from djdesk.services.assessments import save_item

        areas = list(dict.fromkeys(i.area for i in self.items))
        dialog = ItemDialog(areas, item, max((i.seq for i in self.items), default=0) + 1, self)
        dialog.submit = submitting(lambda: save_item(self.sessions, self.year, dialog.item(),
                                                     item_id=item.id if item else None))
        if dialog.exec():
            self.changed = True
            self.load()

    def add(self) -> None:
        self._open(None)

    def edit(self) -> None:
        item = self._selected()
        if item is not None:
            self._open(item)

    def delete(self) -> None:
        item = self._selected()
        if item is None:
            return
        from djdesk.services.assessments import delete_item

        text = f"删除考核项目“{item.title[:30]}”？"
        if item.scored:
            text += f"\n\n已有 {item.scored} 个党组织在该项有得分：删除后这些得分一并删除，总分重新计算。"
        if confirm(self, "删除考核项目", text) and attempt(
                self, ran(lambda: delete_item(self.sessions, item.id, confirm_scored=bool(item.scored)))):
            self.changed = True
            self.load()
