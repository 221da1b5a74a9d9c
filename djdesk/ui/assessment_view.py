"""支部年度考核: the year's checklist, each branch's scores beside the facts to score from, and the ranking.

The checklist of a year is created from the default the first time the year is shown (ensure_checklist).
Points are typed in the grid (自评 and 机关党委评分) and checked by the service when saved: a refusal
(above the item's maximum, below zero, 加分/减分 without a reason) is shown and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.enums import AssessmentItemKind
from djdesk.domain.errors import DjdeskError
from djdesk.ui.assessment_checklist import ChecklistDialog
from djdesk.ui.assessment_common import GREY, table
from djdesk.ui.edit_model import EditRowsModel, Index
from djdesk.ui.record_view import BranchPage
from djdesk.ui.rows_model import RowsModel
from djdesk.ui.widgets import ComboBox, DoubleSpinBox, attempt, confirm

if TYPE_CHECKING:
    from djdesk.services.assessments import AssessmentResult, ItemRow, RankedRow

OWN, COMMITTEE = 3, 4  # the editable columns of the scoring grid
GRADES = ("", "优秀", "良好", "一般", "较差")  # suggestions; any 等次 may be typed
RANK_HEADERS = ["名次", "党组织", "自评合计", "机关党委评分合计", "基本项得分", "加分", "减分", "总分", "等次"]
EDITABLE = QColor("#fffde7")


def points(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def parse_points(text: str, what: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise DjdeskError(f"{what}“{text}”不是数字。请填写分数，如 4.5，或留空。") from None


class ScoreModel(EditRowsModel):
    """The 基本项 of the checklist with the branch's own points and the committee's; only those two
    columns can be edited, as text, and are checked when saved."""

    def __init__(self) -> None:
        super().__init__([("类别", str), ("考核内容", str), ("分值", str), ("自评", str), ("机关党委评分", str)])
        self.items: list[ItemRow] = []

    def set_items(self, items: list[ItemRow], result: AssessmentResult | None) -> None:
        given = {s.item_id: s for s in result.scores} if result else {}
        self.items = [i for i in items if i.kind is AssessmentItemKind.NORMAL]
        rows = []
        for item in self.items:
            score = given.get(item.id)
            rows.append([item.area, item.title, points(item.max_points), points(score.self_points if score else None),
                         points(score.committee_points if score else None)])
        self.set_rows(rows)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = QAbstractTableModel.flags(self, index)
        return base | Qt.ItemFlag.ItemIsEditable if index.isValid() and index.column() in (OWN, COMMITTEE) else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        column = index.column()
        if role == Qt.ItemDataRole.ToolTipRole and column <= 2:
            item = self.items[index.row()]
            return f"{item.title}\n评分标准：{item.scoring_note or '—'}（满分 {item.max_points:g} 分）"
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole and column in (OWN, COMMITTEE):
            return QBrush(EDITABLE)
        return super().data(index, role)

    def scores(self) -> dict[int, tuple[float | None, float | None]]:
        """Item id → (自评, 机关党委评分); a cell that is not a number is refused here, the range by the service."""
        found: dict[int, tuple[float | None, float | None]] = {}
        for item, row in zip(self.items, self.rows, strict=True):
            name = f"“{item.title[:20]}”的"
            found[item.id] = (parse_points(str(row[OWN]), name + "自评分"),
                              parse_points(str(row[COMMITTEE]), name + "机关党委评分"))
        return found

    def base(self) -> float:
        """What counts, as typed so far: the committee's points, else the branch's own (not-numbers as 0)."""
        total = 0.0
        for row in self.rows:
            for column in (COMMITTEE, OWN):
                try:
                    value = parse_points(str(row[column]), "")
                except DjdeskError:
                    value = None
                if value is not None:
                    total += value
                    break
        return total


class AssessmentView(BranchPage):
    def __init__(self, context: Any, year: Callable[[], int], touched: Callable[[QWidget], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(context, year, touched, parent)
        self.dirty = False  # scores typed but not saved
        self.shown: tuple[int, int | None] | None = None  # (year, org id) in the grid
        self.status = QLabel("")
        self.status.setStyleSheet("color: #555;")
        checklist = QPushButton("考核表…")
        checklist.setToolTip("查看和修改本年度的考核项目、分值和评分标准")
        checklist.clicked.connect(self.edit_checklist)
        save = QPushButton("保存评分")
        save.clicked.connect(self.save)
        top = QHBoxLayout()
        top.addWidget(QLabel("党支部："))
        top.addWidget(self.org)
        top.addWidget(checklist)
        top.addStretch(1)
        top.addWidget(self.status)
        top.addWidget(save)

        self.model = ScoreModel()
        self.grid = QTableView()
        self.grid.setModel(self.model)
        self.grid.setWordWrap(True)
        self.grid.verticalHeader().hide()
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((2, 50), (OWN, 70), (COMMITTEE, 100)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, width)
        self.model.dataChanged.connect(lambda *_: self._edited())
        self.bonus, self.penalty = self._spin(), self._spin()
        self.bonus_reason, self.penalty_reason, self.note = QLineEdit(), QLineEdit(), QLineEdit()
        self.bonus_reason.setPlaceholderText("加分理由（有加分时必填），如：获评先进基层党组织")
        self.penalty_reason.setPlaceholderText("减分理由（有减分时必填）")
        self.grade = ComboBox()
        self.grade.setEditable(True)
        self.grade.setMinimumWidth(110)
        self.grade.addItems(list(GRADES))
        for widget in (self.bonus_reason, self.penalty_reason, self.note):
            widget.textEdited.connect(lambda _t: self._edited())
        self.grade.editTextChanged.connect(lambda _t: self._edited())
        extra = QGridLayout()
        for row, (label, spin, reason) in enumerate((("加分：", self.bonus, self.bonus_reason),
                                                     ("减分：", self.penalty, self.penalty_reason))):
            extra.addWidget(QLabel(label), row, 0)
            extra.addWidget(spin, row, 1)
            extra.addWidget(reason, row, 2)
        extra.addWidget(QLabel("等次："), 2, 0)
        extra.addWidget(self.grade, 2, 1)
        extra.addWidget(self.note, 2, 2)
        self.note.setPlaceholderText("备注")
        extra.setColumnStretch(2, 1)
        self.total = QLabel("")
        self.total.setStyleSheet("font-weight: bold;")
        left = QWidget()
        box = QVBoxLayout(left)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.grid, 1)
        box.addLayout(extra)
        box.addWidget(self.total)
        self.evidence = QTextBrowser()
        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(QLabel("<b>评分依据</b>（系统中的记录）"))
        side.addWidget(self.evidence, 1)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([720, 300])
        self.ranking = RowsModel(RANK_HEADERS)
        self.rank_view = table(self.ranking)
        self.pages = QTabWidget()
        self.pages.addTab(split, "逐支部评分")
        self.pages.addTab(self.rank_view, "考核排名")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)

    def _spin(self) -> QDoubleSpinBox:
        spin = DoubleSpinBox()
        spin.setRange(0, 100)
        spin.setDecimals(2)
        spin.setSuffix(" 分")
        spin.valueChanged.connect(lambda _v: self._edited())
        return spin

    def org_changed(self) -> None:
        if self.dirty and not self._discard("切换到其他党支部"):
            self.org.blockSignals(True)
            self.org.setCurrentIndex(max(self.org.findData(self.shown[1] if self.shown else None), 0))
            self.org.blockSignals(False)
            return
        self.dirty = False
        self.refresh()

    def _discard(self, then: str) -> bool:
        return confirm(self, "放弃未保存的评分", f"当前党支部的评分还没有保存。放弃这些修改，{then}？")

    def _edited(self) -> None:
        self.dirty = True
        self._total()

    def _total(self) -> None:
        base, plus, minus = self.model.base(), self.bonus.value(), self.penalty.value()
        total = base + plus - minus
        self.total.setText(f"基本项合计 {base:g} 分 + 加分 {plus:g} 分 − 减分 {minus:g} 分 = 总分 {total:g} 分"
                           "（机关党委评分优先，未评的按自评计）" + ("　尚未保存" if self.dirty else ""))

    def refresh(self) -> None:
        sessions, year = self.sessions(), self.year()
        if sessions is None:
            return
        self.fill_orgs()
        org_id, today = self.org.currentData(), self.context.clock()
        on = today if year >= today.year else dt.date(year + 1, 1, 1)

        def work() -> tuple[int, int | None, list[ItemRow], AssessmentResult | None, list[str], list[RankedRow]]:
            from djdesk.services import assessments as a

            a.ensure_checklist(sessions, year, today=today)  # the default checklist, the first time
            if org_id is None:
                return year, None, a.list_items(sessions, year), None, [], a.ranking(sessions, year)
            return (year, org_id, a.list_items(sessions, year), a.assessment(sessions, year, org_id),
                    a.evidence(sessions, year, org_id, on=on), a.ranking(sessions, year))

        self.reads.read(work, self._show)

    def _show(self, found: tuple[int, int | None, list[ItemRow], AssessmentResult | None, list[str],
                                 list[RankedRow]]) -> None:
        year, org_id, items, result, lines, ranked = found
        if not (self.dirty and self.shown == (year, org_id)):  # keep what the clerk is typing
            self._fill(items, result)
            self.shown = (year, org_id)
        self.evidence.setHtml("<ul style='margin-left: -20px'>" + "".join(
            f"<li style='margin-bottom: 6px'>{html.escape(line)}</li>" for line in lines) + "</ul>")
        self.ranking.set_rows(
            [[str(r.rank) if r.rank else "—", r.organisation, *self._rank_cells(r)] for r in ranked], ranked,
            [None if r.result else GREY for r in ranked])
        self.loaded.emit()

    @staticmethod
    def _rank_cells(r: RankedRow) -> list[str]:
        x = r.result
        if x is None:
            return ["", "", "", "", "", "", "未考核"]
        return [points(x.self_score), points(x.committee_score), points(x.base), points(x.bonus), points(x.penalty),
                points(x.total), x.grade or ""]

    def _fill(self, items: list[ItemRow], result: AssessmentResult | None) -> None:
        self.model.set_items(items, result)
        self.grid.resizeRowsToContents()
        widgets = (self.bonus, self.penalty, self.bonus_reason, self.penalty_reason, self.grade, self.note)
        for widget in widgets:
            widget.blockSignals(True)
        self.bonus.setValue(result.bonus if result else 0.0)
        self.penalty.setValue(result.penalty if result else 0.0)
        self.bonus_reason.setText(result.bonus_reason or "" if result else "")
        self.penalty_reason.setText(result.penalty_reason or "" if result else "")
        self.grade.setEditText(result.grade or "" if result else "")
        self.note.setText(result.note or "" if result else "")
        for widget in widgets:
            widget.blockSignals(False)
        self.dirty = False
        self._total()

    def save(self) -> None:
        sessions, org_id = self.sessions(), self.org.currentData()
        if sessions is None or org_id is None or self.shown is None:
            return
        from djdesk.services.assessments import set_scores

        year = self.shown[0]
        result = attempt(self, lambda: set_scores(
            sessions, year, org_id, self.model.scores(), bonus=self.bonus.value(),
            bonus_reason=self.bonus_reason.text() or None, penalty=self.penalty.value(),
            penalty_reason=self.penalty_reason.text() or None, grade=self.grade.currentText() or None,
            note=self.note.text() or None, today=self.context.clock()))
        if result is None:
            return
        self.dirty = False
        self.status.setText(f"已保存{result.organisation}的评分：总分 {result.total:g} 分。")
        self.touched(self)
        self.refresh()

    def edit_checklist(self) -> None:
        sessions = self.sessions()
        if sessions is None:
            return
        if self.dirty and not self._discard("打开考核表"):
            return
        dialog = ChecklistDialog(sessions, self.year(), self)
        dialog.exec()
        if dialog.changed:
            self.dirty = False
            self.touched(self)
            self.refresh()
