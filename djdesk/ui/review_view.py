"""书记抓党建述职评议考核 (R-EVAL-4): every 党支部, 党总支 and the 机关党委 with its secretary's review."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QMessageBox, QPlainTextEdit, QWidget

from djdesk.domain.errors import DjdeskError
from djdesk.ui.assessment_common import BLUE, ran, submitting
from djdesk.ui.org_dialogs import FormDialog
from djdesk.ui.record_view import RecordView
from djdesk.ui.widgets import ComboBox, DateField, attempt, confirm, fit_to_screen

if TYPE_CHECKING:
    from djdesk.services.secretary_reviews import ReviewInput, ReviewRow

HEADERS = ["党组织", "书记", "述职日期", "得分", "等次", "考核主体", "评语"]
AUTO = "（按班子任职记录）"


def score_text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


class ReviewDialog(FormDialog):
    """One organisation's 述职评议考核 of the year: secretary, date, score, grade (configured) and comments."""

    def __init__(self, row: ReviewRow, year: int, grades: Sequence[str], people: Sequence[tuple[int, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(f"{year}年度述职评议考核：{row.organisation}", parent)
        self.secretary = ComboBox()
        self.secretary.setEditable(True)
        self.secretary.addItem(AUTO, None)
        if row.member_id is not None and all(member_id != row.member_id for member_id, _label in people):
            self.secretary.addItem(row.secretary or "", row.member_id)
        for member_id, label in people:
            self.secretary.addItem(label, member_id)
        completer = self.secretary.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        if row.review_id is not None:
            found = self.secretary.findData(row.member_id) if row.member_id is not None else -1
            if found >= 0:
                self.secretary.setCurrentIndex(found)
            else:
                self.secretary.setEditText(row.secretary or AUTO)
        self.reported_on = DateField(row.reported_on)
        self.score = QLineEdit(score_text(row.score))
        self.score.setPlaceholderText("0–100 分，可不填")
        self.grade = ComboBox()
        self.grade.addItem("（未评定）", None)
        for grade in grades:
            self.grade.addItem(grade, grade)
        if row.grade:
            if self.grade.findData(row.grade) < 0:
                self.grade.addItem(row.grade, row.grade)
            self.grade.setCurrentIndex(self.grade.findData(row.grade))
        self.comments = QPlainTextEdit(row.comments or "")
        self.comments.setPlaceholderText("如：述职内容全面，履行抓党建第一责任人职责较好。")
        self.comments.setFixedHeight(90)
        self.form.addRow("述职书记：", self.secretary)
        self.form.addRow("述职日期：", self.reported_on)
        self.form.addRow("考核得分：", self.score)
        self.form.addRow("考核等次：", self.grade)
        self.form.addRow("评议意见：", self.comments)
        self.hint.setText(f"考核主体：{row.reviewer}。每年年底至次年一季度开展；等次为{'、'.join(grades)}，"
                          "可在设置中修改。书记选“按班子任职记录”时，取述职日期（或年底）在任的书记。")
        fit_to_screen(self, 560, self.sizeHint().height())

    def review(self) -> ReviewInput:
        from djdesk.services.secretary_reviews import ReviewInput

        text = self.score.text().strip()
        try:
            score = float(text) if text else None
        except ValueError:
            raise DjdeskError(f"考核得分“{text}”不是数字。请填写 0 到 100 之间的分数，如 92.5，或不填。") from None
        if score is not None and not math.isfinite(score):
            raise DjdeskError(f"考核得分“{text}”不是有效的分数。请填写 0 到 100 之间的分数。")
        member_id, name = None, None
        typed = self.secretary.currentText().strip()
        index = self.secretary.findText(typed)
        if index >= 0:
            member_id = self.secretary.itemData(index)
        elif typed and typed != AUTO:
            name = typed  # someone not on the roster: the name as typed
        return ReviewInput(self.reported_on.date("述职日期"), score, self.grade.currentData(),
                           self.comments.toPlainText().strip() or None, member_id, name)


class ReviewView(RecordView):
    def __init__(self, context: Any, year: Callable[[], int], touched: Callable[[QWidget], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(context, year, touched, HEADERS, (("编辑…", self.edit), ("删除记录", self.delete)),
                         "党支部、党总支书记向机关党委述职，机关党委书记向上级党组织述职；"
                         "年底至次年一季度进行。双击一行可编辑。", parent)

    def refresh(self) -> None:
        def work(sessions: Any, year: int) -> list[ReviewRow]:
            from djdesk.services.secretary_reviews import list_reviews

            return list_reviews(sessions, year)

        self.read_year(work, self._show)

    def _show(self, rows: list[ReviewRow]) -> None:
        self.model.set_rows(
            [["　" * r.depth + r.organisation, r.secretary or "（无书记任职记录）",
              r.reported_on.isoformat() if r.reported_on else "", score_text(r.score), r.grade or "", r.reviewer,
              r.comments or ""] for r in rows],
            rows, [None if r.review_id is not None else BLUE for r in rows])
        done = sum(1 for r in rows if r.review_id is not None)
        grades: dict[str, int] = {}
        for r in rows:
            if r.grade:
                grades[r.grade] = grades.get(r.grade, 0) + 1
        counts = "、".join(f"{g} {n} 个" for g, n in grades.items())
        missing = len(rows) - done
        self.summary.setText(f"{self.year()}年度应述职 {len(rows)} 个党组织，已记录 {done} 个"
                             + (f"（{counts}）" if counts else "")
                             + (f"；蓝色的 {missing} 个尚未记录。" if missing else "。"))
        self.loaded.emit()

    def selected(self) -> ReviewRow | None:
        row: ReviewRow | None = self.picked("请先在列表中选中一个党组织。")
        return row

    def edit(self) -> None:
        sessions = self.sessions()
        row = self.selected() if sessions is not None else None
        if row is None:
            return
        from djdesk.services.secretary_reviews import save_review, secretary_grades
        from djdesk.services.settings import load_settings

        grades = attempt(self, lambda: secretary_grades(load_settings(sessions)))
        if grades is None:
            return
        year, today = self.year(), self.context.clock()
        dialog = ReviewDialog(row, year, grades, self.context.people(row.org_id), self)
        dialog.submit = submitting(lambda: save_review(sessions, year, row.org_id, dialog.review(), today=today))
        if dialog.exec():
            self.touched(self)
            self.refresh()

    def delete(self) -> None:
        sessions = self.sessions()
        row = self.selected() if sessions is not None else None
        if row is None:
            return
        if row.review_id is None:
            QMessageBox.information(self, "没有记录", f"{row.organisation}{self.year()}年度还没有述职评议考核记录。")
            return
        from djdesk.services.secretary_reviews import delete_review

        review_id = row.review_id
        if confirm(self, "删除记录", f"删除{row.organisation}{self.year()}年度的述职评议考核记录？") and attempt(
                self, ran(lambda: delete_review(sessions, review_id))):
            self.touched(self)
            self.refresh()
