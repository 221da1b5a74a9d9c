"""会议编辑: one meeting with its attendance, 议题, 表决 and 决议; 应到/实到 and the quorum shown live.

The attendance starts *unmarked* (未标记): nobody is taken to be 出席 until the clerk says so with
“全部出席” or “出席”; a held meeting is not saved while anyone expected is unmarked. For a planned
meeting (已召开 unticked, as it is for a future date) the unmarked are stored as expected to attend, and
shown unmarked again when the meeting is opened. 打印预览 and 打印 save the meeting first, then print it
the way the 会议 tab does (:mod:`djdesk.ui.meeting_docs_actions`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QTime, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.enums import MeetingKind
from djdesk.domain.errors import DjdeskError
from djdesk.services.meetings import AgendaInput, MeetingInput, MotionInput, ResolutionInput
from djdesk.ui.attendance_page import AttendancePage
from djdesk.ui.edit_model import EditRowsModel
from djdesk.ui.meeting_editor_services import EditorServices as EditorServices
from djdesk.ui.meeting_editor_services import editor_services as editor_services
from djdesk.ui.widgets import (
    ComboBox,
    DateField,
    TimeEdit,
    attempt,
    fill_orgs,
    fit_to_screen,
    ok_cancel,
    show_problem,
    table_view,
)

ORANGE = "#e65100"


def _fill_people(box: QComboBox, people: Sequence[tuple[int, str]]) -> None:
    """The members who may host, record or speak; the member chosen stays if still offered, a name typed stays."""
    chosen, text = box.currentData(), box.currentText()
    box.blockSignals(True)
    box.clear()
    box.addItem("", None)
    for member_id, label in people:
        box.addItem(label, member_id)
    if chosen is not None:
        box.setCurrentIndex(max(box.findData(chosen), 0))
    elif text.strip() and box.findText(text) < 0:
        box.setEditText(text)
    box.blockSignals(False)


def _person_box(hint: str) -> QComboBox:
    box = ComboBox()
    box.setEditable(True)
    box.lineEdit().setPlaceholderText(hint)
    return box


def _person(box: QComboBox) -> int | str | None:
    text = box.currentText().strip()
    if not text:
        return None
    index = box.findText(text)
    return int(box.itemData(index)) if index > 0 else text


class MeetingEditor(QDialog):
    """``services`` gives: kinds(org_id, on), expected(org_id, kind, on) → [(member_id, name, voting)],
    people(org_id) → [(member_id, label)], summary(MeetingInput) → AttendanceSummary, save(MeetingInput) →
    the meeting's id, and html(which) → the saved meeting's minutes or sign-in sheet, to print.

    ``orgs``: (id, name, depth). ``org_id``: the organisation a new meeting is for (none chosen when None)."""

    def __init__(self, title: str, orgs: Sequence[tuple[int, str] | tuple[int, str, int]], services: Any,
                 data: MeetingInput | None = None, parent: QWidget | None = None, *,
                 org_id: int | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.services = services
        self.loaded: MeetingInput | None = None  # fields the form does not show are kept from here
        self.saved = False  # saved by 打印 (the dialog may still be cancelled)
        self._held_chosen = data is not None  # the clerk (or the record) decided 已召开: the date no longer does
        self.org = ComboBox()
        self.org.setPlaceholderText("请选择党组织")
        fill_orgs(self.org, orgs)
        self.org.setCurrentIndex(self.org.findData(org_id) if org_id is not None else -1)
        self.kind = ComboBox()
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("不填则自动生成，如“2025年第3次支部党员大会”")
        self.held_on = DateField(dt.date.today(), required=True)
        self.start = TimeEdit(QTime(9, 0))
        self.end = TimeEdit(QTime(11, 0))
        self.place = QLineEdit()
        self.held = QCheckBox("已召开（未勾选表示计划召开，可先打印通知和签到表）")
        self.held.setChecked(True)
        self.held.clicked.connect(self._held_clicked)
        self.host, self.recorder = _person_box("主持人"), _person_box("记录人")
        self.speaker = _person_box("主讲人（党课）")
        self.summary = QLabel("")
        self.summary.setWordWrap(True)

        form = QFormLayout()
        form.addRow("党组织：", self.org)
        form.addRow("会议类型：", self.kind)
        form.addRow("标题：", self.title_edit)
        when = QHBoxLayout()
        when.addWidget(self.held_on)
        when.addWidget(QLabel("开始"))
        when.addWidget(self.start)
        when.addWidget(QLabel("结束"))
        when.addWidget(self.end)
        form.addRow("日期：", when)
        form.addRow("地点：", self.place)
        people_row = QHBoxLayout()
        for box in (self.host, self.recorder, self.speaker):
            people_row.addWidget(box)
        form.addRow("主持人 / 记录人 / 主讲人：", people_row)
        form.addRow("", self.held)

        self.attendance_page = AttendancePage()
        self.attendance_page.refill_requested = lambda: self.prefill(keep_marks=False)
        self.attendance, self.attendance_view = self.attendance_page.model, self.attendance_page.view
        pages = QTabWidget()
        pages.addTab(self.attendance_page, "出席情况")
        self.agenda = EditRowsModel([("议题", str), ("讨论情况（发言人及主要观点）", str)])
        self.motions = EditRowsModel([("表决事项", str), ("赞成", int), ("反对", int), ("弃权", int),
                                      ("书面赞成", int), ("书面反对", int), ("书面弃权", int)])
        self.resolutions = EditRowsModel([("决议", str), ("负责人", str), ("完成时限", str), ("完成情况", str)])
        self.content = QPlainTextEdit()
        pages.addTab(self._grid(self.agenda, "议题", "讨论情况（发言人及主要观点）"), "议题与讨论")
        pages.addTab(self._grid(self.motions, "表决事项", "表决事项"), "表决")
        pages.addTab(self._grid(self.resolutions, "决议", "决议"), "决议")
        pages.addTab(self.content, "其他内容")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(pages, 1)
        layout.addWidget(self.summary)
        layout.addLayout(self._bottom_row())
        fit_to_screen(self, 900, 720)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.update_summary)
        self.org.currentIndexChanged.connect(self._org_changed)
        self.kind.currentIndexChanged.connect(lambda _i: self.prefill())
        self.held_on.editingFinished.connect(self._date_changed)
        self.held.toggled.connect(lambda _c: self._timer.start())
        self.attendance_page.changed.connect(self._timer.start)
        for signal in (self.motions.dataChanged, self.motions.rowsInserted, self.motions.rowsRemoved,
                       self.motions.modelReset):
            signal.connect(lambda *_: self._timer.start())
        if data is not None:
            self.set_input(data)
        else:
            self._date_changed()

    # --- layout -------------------------------------------------------------------------------
    def _grid(self, model: EditRowsModel, what: str, stretch: str) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        view = table_view(model, editable=True, stretch=stretch)
        box.addWidget(view)
        row = QHBoxLayout()
        add, remove = QPushButton(f"添加{what}"), QPushButton("删除所选")
        add.clicked.connect(lambda: view.edit(model.index(model.add_row(), 0)))
        remove.clicked.connect(lambda: [model.remove_row(i.row()) for i in
                                        sorted(view.selectionModel().selectedRows(), key=lambda i: -i.row())])
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        box.addLayout(row)
        return page

    def _bottom_row(self) -> QHBoxLayout:
        """打印预览 and 打印 (each: 会议记录 or 签到表) on the left, 确定/取消 on the right."""
        row = QHBoxLayout()
        for text, preview in (("打印预览", True), ("打印", False)):
            button = QPushButton(text)
            menu = QMenu(button)
            for label, which in (("会议记录", "minutes"), ("签到表", "signin")):
                menu.addAction(f"{text}{label}…", self._printing(which, preview=preview))
            button.setMenu(menu)
            button.setToolTip("先保存这次会议，再打印（A4）")
            row.addWidget(button)
        row.addStretch(1)
        self.buttons: QDialogButtonBox = ok_cancel(self)
        row.addWidget(self.buttons)
        return row

    # --- organisation, date, kind and people --------------------------------------------------
    def _date(self) -> dt.date:
        try:
            return self.held_on.date("日期") or dt.date.today()
        except DjdeskError:
            return dt.date.today()

    def _org_id(self) -> int | None:
        org = self.org.currentData()
        return int(org) if org is not None else None

    def _held_clicked(self) -> None:
        self._held_chosen = True

    def _date_changed(self) -> None:
        """A future date cannot be 已召开 (untick it); otherwise a new meeting follows its date until the clerk
        ticks or unticks 已召开 themselves. Then the kinds and the roster of that day."""
        future = self._date() > dt.date.today()
        if future or not self._held_chosen:
            self.held.setChecked(not future)
        self._org_changed()

    def _org_changed(self) -> None:
        org_id = self._org_id()
        current = self.kind.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        kinds: list[MeetingKind] = []
        if org_id is not None:
            try:
                kinds = list(self.services.kinds(org_id, self._date()))
            except DjdeskError:
                kinds = list(MeetingKind)
        for kind in kinds:
            self.kind.addItem(kind.label, kind)
        self.kind.setCurrentIndex(max(self.kind.findData(current), 0) if kinds else -1)
        self.kind.blockSignals(False)
        people = self.services.people(org_id) if org_id is not None else []
        for box in (self.host, self.recorder, self.speaker):
            _fill_people(box, people)
        self.prefill()

    def prefill(self, *, keep_marks: bool = True) -> None:
        """The right roster for the organisation, kind and day (the branch, the committee, the 党小组); those
        already marked keep their marks (unless ``keep_marks`` is False), the others start unmarked."""
        kind, org_id = self.kind.currentData(), self._org_id()
        expected = []
        if kind is not None and org_id is not None:
            try:
                expected = self.services.expected(org_id, kind, self._date())
            except DjdeskError as exc:
                self.summary.setText(exc.message)
        self.attendance_page.fill(expected, keep_marks=keep_marks)

    # --- in and out ---------------------------------------------------------------------------
    def set_input(self, data: MeetingInput) -> None:
        """A recorded meeting. A planned one shows its people unmarked (their 出席 only meant “expected”)
        but for those already known to be away, and lists anyone expected since."""
        self.loaded = data
        self.org.blockSignals(True)
        self.org.setCurrentIndex(max(self.org.findData(data.organization_id), 0))
        self.org.blockSignals(False)
        self.held_on.set_date(data.held_on)
        self._org_changed()
        self.kind.blockSignals(True)
        self.kind.setCurrentIndex(max(self.kind.findData(data.kind), 0))
        self.kind.blockSignals(False)
        self.title_edit.setText(data.title)
        if data.start_time:
            self.start.setTime(QTime(data.start_time.hour, data.start_time.minute))
        if data.end_time:
            self.end.setTime(QTime(data.end_time.hour, data.end_time.minute))
        self.place.setText(data.place or "")
        self.held.setChecked(data.held)
        for box, ref in ((self.host, data.host), (self.recorder, data.recorder), (self.speaker, data.speaker)):
            index = box.findData(ref) if isinstance(ref, int) else -1
            if index > 0:
                box.setCurrentIndex(index)
            else:
                box.setEditText(str(ref) if ref else "")
        self.attendance_page.load(data, self.services.expected(data.organization_id, data.kind, data.held_on))
        self.agenda.set_rows([[a.title, a.discussion or ""] for a in data.agenda])
        self.motions.set_rows([[m.title, m.yes, m.no, m.abstain, m.written_yes, m.written_no, m.written_abstain]
                               for m in data.motions])
        self.resolutions.set_rows([[r.content, r.owner_name or "", r.due_on.isoformat() if r.due_on else "",
                                    r.progress or ""] for r in data.resolutions])
        self.content.setPlainText(data.content or "")

    def input(self) -> MeetingInput:
        """The form as the service takes it. Nobody unmarked at a held meeting (:meth:`accept` refuses
        first); at a planned one the unmarked are expected to attend."""
        from djdesk.domain.dates import parse_date

        org_id = self._org_id()
        if org_id is None:
            raise DjdeskError("请先选择党组织。")
        held_on = self.held_on.date("日期")
        assert held_on is not None
        held = self.held.isChecked()
        start, end = self.start.time(), self.end.time()
        completed = {r.content: r.completed_on for r in self.loaded.resolutions} if self.loaded else {}
        resolutions = []
        for content, owner, due, progress in self.resolutions.rows:
            if not str(content).strip():
                continue
            parsed = parse_date(str(due).strip() or None)
            resolutions.append(ResolutionInput(str(content), str(owner) or None, parsed.value if parsed else None,
                                               str(progress) or None, completed.get(str(content))))
        return MeetingInput(
            organization_id=org_id, kind=self.kind.currentData(), held_on=held_on,
            title=self.title_edit.text().strip(), start_time=dt.time(start.hour(), start.minute()),
            end_time=dt.time(end.hour(), end.minute()), place=self.place.text().strip() or None,
            host=_person(self.host), recorder=_person(self.recorder), speaker=_person(self.speaker),
            held=held, content=self.content.toPlainText().strip() or None,
            note=self.loaded.note if self.loaded else None, attendance=self.attendance_page.attendees(held=held),
            agenda=[AgendaInput(str(t), str(d) or None) for t, d in self.agenda.rows if str(t).strip()],
            motions=[MotionInput(str(r[0]), *[int(x) for x in r[1:]]) for r in self.motions.rows if str(r[0]).strip()],
            resolutions=resolutions,
        )

    def _unmarked_problem(self) -> str | None:
        missing = self.attendance_page.unmarked()
        if not missing or not self.held.isChecked():
            return None
        shown = "、".join(missing[:5]) + ("等" if len(missing) > 5 else "")
        return (f"还有 {len(missing)} 人没有标记出席情况（{shown}）。请点“全部出席”，再选中请假、缺席的人员标出；"
                "会议还没有召开时，请取消勾选“已召开”。")

    def update_summary(self) -> None:
        """应到/实到 (with voting rights), the quorum (R-MEET-9, R-MEET-10) and each motion's result, in words."""
        if self._org_id() is None:
            self.summary.setText("请先选择党组织。")
            return
        unmarked = self._unmarked_problem()
        if unmarked is not None:
            expected = self.attendance_page.expected_count()
            self.summary.setText(f"<span style='color:{ORANGE}'>应到 {expected} 人。{unmarked}</span>")
            return
        try:
            summary = self.services.summary(self.input())
        except DjdeskError as exc:
            self.summary.setText(f"<span style='color:#c62828'>{exc.message}</span>")
            return
        if not self.held.isChecked():
            away = self.attendance_page.away_count()
            known = f"，已知请假或缺席 {away} 人" if away else ""
            self.summary.setText(f"计划召开：应到 {summary.expected} 人{known}。"
                                 "会后请勾选“已召开”，点“全部出席”并标出请假、缺席的人员。")
            return
        lines = [summary.text]
        if summary.quorum is not None:
            color = "#2e7d32" if summary.quorum.valid else "#c62828"
            lines.append(f"<span style='color:{color}'>会议{summary.quorum.text}</span>")
        for outcome in summary.motions:
            color = "#2e7d32" if outcome.verdict.valid else "#c62828"
            lines.append(f"<span style='color:{color}'>“{outcome.title}”{outcome.verdict.text}</span>")
        self.summary.setText("<br>".join(lines))

    def _save(self) -> bool:
        problem = self._unmarked_problem()
        try:
            if problem is not None:
                raise DjdeskError(problem)
            self.services.save(self.input())
        except DjdeskError as exc:
            show_problem(self, exc)
            return False
        self.saved = True
        return True

    def accept(self) -> None:
        if self._save():
            super().accept()

    def _printing(self, which: str, *, preview: bool) -> Callable[[], None]:
        return lambda: self.print_paper(which, preview=preview)

    def print_paper(self, which: str, *, preview: bool) -> None:
        """打印预览/打印 the minutes (``which`` "minutes") or the sign-in sheet ("signin"): saved first."""
        from djdesk.ui.meeting_docs_actions import preview_html, print_html

        if not self._save():
            return
        html = attempt(self, lambda: self.services.html(which))
        if html is not None:
            (preview_html if preview else print_html)(self, html)
