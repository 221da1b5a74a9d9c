"""评先评优 (R-EVAL-5): the year's nominations for 优秀共产党员, 优秀党务工作者, 先进基层党组织 and others."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from djdesk.domain.enums import COMMENDATION_TITLES, CommendationStatus, OrgKind
from djdesk.ui.assessment_common import BLUE, GREY, org_choice, ran, save_path, submitting
from djdesk.ui.files import show_saved
from djdesk.ui.org_dialogs import FormDialog
from djdesk.ui.record_view import RecordView
from djdesk.ui.tasks import run_in_background
from djdesk.ui.widgets import ComboBox, DateField, attempt, confirm, fill_orgs, fit_to_screen, show_problem

if TYPE_CHECKING:
    from djdesk.services.commendations import NominationInput, NominationRow

HEADERS = ["荣誉称号", "推荐对象", "所在党组织", "推荐层级", "状态", "文号", "文件日期", "主要事迹"]
STATUS_COLORS = {CommendationStatus.NOMINATED: BLUE, CommendationStatus.REJECTED: GREY}
PICK_MEMBER, PICK_ORG = "（请选择党员）", "（请选择党组织）"


def searchable(box: QComboBox) -> None:
    """An editable combo whose typed text finds any item containing it (a name, or part of one)."""
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = box.completer()
    if completer is not None:
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)


class NominationDialog(FormDialog):
    """The nominee is a member or an organisation, depending on the title (commendations.is_org_title)."""

    def __init__(self, year: int, people: Sequence[tuple[int, str]], orgs: Sequence[tuple[int, str, int]],
                 row: NominationRow | None = None, parent: QWidget | None = None) -> None:
        super().__init__(f"{year}年度评先评优：{'编辑推荐' if row else '新增推荐'}", parent)
        from djdesk.services.commendations import LEVELS

        self.title_box = ComboBox()
        searchable(self.title_box)
        self.title_box.addItems(list(COMMENDATION_TITLES))
        self.title_box.setEditText(row.title if row else COMMENDATION_TITLES[0])
        self.member = ComboBox()
        searchable(self.member)
        self.member.addItem(PICK_MEMBER, None)
        if row is not None and row.member_id is not None and all(m != row.member_id for m, _l in people):
            self.member.addItem(row.nominee_name, row.member_id)  # no longer on the active roster
        for member_id, label in people:
            self.member.addItem(label, member_id)
        self.org = ComboBox()
        fill_orgs(self.org, orgs, first=PICK_ORG)
        if row is not None:
            box, value = (self.org, row.org_id) if row.member_id is None else (self.member, row.member_id)
            box.setCurrentIndex(max(box.findData(value), 0))
        self.deeds = QPlainTextEdit(row.deeds or "" if row else "")
        self.deeds.setPlaceholderText("主要事迹：可分段填写，推荐审批表中每段为一个自然段。")
        self.deeds.setMinimumHeight(110)
        self.level = ComboBox()
        self.level.setEditable(True)
        self.level.addItems(list(LEVELS))
        self.level.setEditText(row.level or "" if row else LEVELS[0])
        self.status = ComboBox()
        for status in CommendationStatus:
            self.status.addItem(status.label, status)
        self.status.setCurrentIndex(self.status.findData(row.status if row else CommendationStatus.NOMINATED))
        self.doc_number = QLineEdit(row.doc_number or "" if row else "")
        self.doc_number.setPlaceholderText("表彰决定的文号，如 ××〔2025〕18号（可不填）")
        self.doc_on = DateField(row.doc_on if row else None)
        self.note = QLineEdit(row.note or "" if row else "")
        self.form.addRow("荣誉称号：", self.title_box)
        self.nominee_label = QLabel("推荐党员：")
        nominee = QHBoxLayout()
        nominee.addWidget(self.member, 1)
        nominee.addWidget(self.org, 1)
        self.form.addRow(self.nominee_label, nominee)
        self.form.addRow("主要事迹：", self.deeds)
        self.form.addRow("推荐层级：", self.level)
        self.form.addRow("状态：", self.status)
        self.form.addRow("文号：", self.doc_number)
        self.form.addRow("文件日期：", self.doc_on)
        self.form.addRow("备注：", self.note)
        self.hint.setText("每年“七一”前评选优秀共产党员、优秀党务工作者和先进基层党组织。荣誉称号也可以"
                          "直接输入；授予党组织的称号（如先进基层党组织）推荐对象是党组织，其他称号推荐党员个人。")
        self.title_box.editTextChanged.connect(lambda _t: self._nominee_kind())
        self._nominee_kind()
        fit_to_screen(self, 620, self.sizeHint().height())

    def for_org(self) -> bool:
        from djdesk.services.commendations import is_org_title

        return is_org_title(self.title_box.currentText())

    def _nominee_kind(self) -> None:
        org = self.for_org()
        self.org.setVisible(org)
        self.member.setVisible(not org)
        self.nominee_label.setText("推荐党组织：" if org else "推荐党员：")

    def _member_id(self) -> int | None:
        index = self.member.findText(self.member.currentText().strip())
        return self.member.itemData(index) if index >= 0 else None

    def nomination(self) -> NominationInput:
        from djdesk.services.commendations import NominationInput

        org = self.for_org()
        return NominationInput(
            title=self.title_box.currentText(), member_id=None if org else self._member_id(),
            organization_id=self.org.currentData() if org else None, deeds=self.deeds.toPlainText() or None,
            level=self.level.currentText() or None, status=self.status.currentData(),
            doc_number=self.doc_number.text() or None, doc_on=self.doc_on.date("文件日期"),
            note=self.note.text() or None)


class NominationView(RecordView):
    def __init__(self, context: Any, year: Callable[[], int], touched: Callable[[QWidget], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(context, year, touched, HEADERS,
                         (("新增推荐…", self.add), ("编辑…", self.edit), ("删除", self.delete),
                          ("推荐审批表…", self.form)),
                         "“七一”前评选表彰优秀共产党员、优秀党务工作者、先进基层党组织。", parent)

    def refresh(self) -> None:
        def work(sessions: Any, year: int) -> list[NominationRow]:
            from djdesk.services.commendations import list_nominations

            return list_nominations(sessions, year)

        self.read_year(work, self._show)

    def _show(self, rows: list[NominationRow]) -> None:
        self.model.set_rows(
            [[r.title, r.nominee_name, r.organisation if r.member_id is not None else "", r.level or "",
              r.status.label, r.doc_number or "", r.doc_on.isoformat() if r.doc_on else "",
              " ".join((r.deeds or "").split())] for r in rows],
            rows, [STATUS_COLORS.get(r.status) for r in rows])
        titles: dict[str, int] = {}
        for r in rows:
            titles[r.title] = titles.get(r.title, 0) + 1
        counts = "、".join(f"{t} {n} 个" for t, n in titles.items())
        self.summary.setText(f"{self.year()}年度共推荐 {len(rows)} 个" + (f"：{counts}" if counts else "") + "。")
        self.loaded.emit()

    def selected(self) -> NominationRow | None:
        row: NominationRow | None = self.picked("请先在列表中选中一条推荐记录。")
        return row

    def _open(self, row: NominationRow | None) -> None:
        sessions = self.sessions()
        if sessions is None:
            return
        from djdesk.services.commendations import add_nomination, update_nomination

        roots = [r for r in self.context.orgs() if r.depth == 0]
        people = [p for r in roots for p in self.context.people(r.id)]
        orgs = [org_choice(r) for r in self.context.orgs() if not r.dissolved and r.kind is not OrgKind.GROUP]
        year, today = self.year(), self.context.clock()
        dialog = NominationDialog(year, people, orgs, row, self)
        if row is None:
            dialog.submit = submitting(lambda: add_nomination(sessions, year, dialog.nomination(), today=today))
        else:
            dialog.submit = lambda: update_nomination(sessions, row.id, dialog.nomination(), today=today)
        if dialog.exec():
            self._changed()

    def _changed(self) -> None:
        self.touched(self)
        self.refresh()
        self.context.changed()  # the 七一 reminder on 首页 (R-EVAL-5)

    def add(self) -> None:
        self._open(None)

    def edit(self) -> None:
        row = self.selected()
        if row is not None:
            self._open(row)

    def delete(self) -> None:
        sessions = self.sessions()
        row = self.selected() if sessions is not None else None
        if row is None:
            return
        from djdesk.services.commendations import delete_nomination

        if confirm(self, "删除推荐", f"删除推荐记录“{row.nominee_name}：{row.title}”？") and attempt(
                self, ran(lambda: delete_nomination(sessions, row.id))):
            self._changed()

    def form(self) -> None:
        """推荐审批表 of the selected nomination (Word), made in the background."""
        store = self.context.store()
        row = self.selected() if store is not None else None
        if row is None:
            return
        out = save_path(self, "保存推荐审批表", f"{row.year}年度{row.title}推荐审批表（{row.nominee_name}）.docx",
                        "Word 文档 (*.docx)")
        if out is None:
            return

        def work() -> Path:
            from djdesk.services.eval_docs import write_nomination_form

            return write_nomination_form(store.paths, store.sessions, row.id, out)

        def done(path: Path) -> None:
            show_saved(self, "已生成", f"已生成推荐审批表：\n{path}", path)

        run_in_background(work, done, lambda exc, _tb: show_problem(self, exc), owner=self)
