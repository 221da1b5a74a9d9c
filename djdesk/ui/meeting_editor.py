"""会议编辑: one meeting with its attendance, 议题, 表决 and 决议; 应到/实到 and the quorum shown live."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QTime, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.enums import AttendanceStatus, MeetingKind
from djdesk.domain.errors import DjdeskError
from djdesk.services.meetings import AgendaInput, AttendeeInput, MeetingInput, MotionInput, ResolutionInput
from djdesk.ui.edit_model import EditRowsModel
from djdesk.ui.rows_model import RowsModel
from djdesk.ui.widgets import DateField, ok_cancel, show_problem, table_view

STATUS_COLORS = {AttendanceStatus.LEAVE: "#e65100", AttendanceStatus.ABSENT: "#c62828"}




def _person_box(people: Sequence[tuple[int, str]]) -> QComboBox:
    box = QComboBox()
    box.setEditable(True)
    box.addItem("", None)
    for member_id, label in people:
        box.addItem(label, member_id)
    return box


def _person(box: QComboBox) -> int | str | None:
    text = box.currentText().strip()
    if not text:
        return None
    index = box.findText(text)
    return int(box.itemData(index)) if index > 0 else text


class MeetingEditor(QDialog):
    """``services`` gives: kinds(org_id, on), expected(org_id, kind, on) → [(member_id, name, voting)],
    people(org_id) → [(member_id, label)], summary(MeetingInput) → AttendanceSummary, save(MeetingInput)."""

    def __init__(self, title: str, orgs: Sequence[tuple[int, str]], services: Any,
                 data: MeetingInput | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.services = services
        self.people: list[dict[str, Any]] = []  # attendance lines being edited
        self.loaded: MeetingInput | None = None  # fields the form does not show are kept from here
        self.org = QComboBox()
        for org_id, label in orgs:
            self.org.addItem(label, org_id)
        self.kind = QComboBox()
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("不填则自动生成，如“2025年第3次支部党员大会”")
        self.held_on = DateField(dt.date.today(), required=True)
        self.start = QTimeEdit(QTime(9, 0))
        self.end = QTimeEdit(QTime(11, 0))
        self.place = QLineEdit()
        self.held = QCheckBox("已召开（未勾选表示计划召开，可先打印通知和签到表）")
        self.held.setChecked(True)
        self.host, self.recorder, self.speaker = QComboBox(), QComboBox(), QComboBox()
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
        self.people_row = QHBoxLayout()
        form.addRow("主持人 / 记录人 / 主讲人：", self.people_row)
        form.addRow("", self.held)

        self.attendance = RowsModel(["姓名", "出席情况", "原因", "表决权"])
        self.attendance_view = table_view(self.attendance)
        self.attendance_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        att_buttons = QHBoxLayout()
        for text, slot in (("出席", lambda: self._mark(AttendanceStatus.PRESENT)),
                           ("请假…", lambda: self._mark(AttendanceStatus.LEAVE)),
                           ("缺席…", lambda: self._mark(AttendanceStatus.ABSENT)),
                           ("添加列席…", self._add_observer), ("重新按名单填写", self.prefill)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            att_buttons.addWidget(button)
        att_buttons.addStretch(1)
        att_page = QWidget()
        att_box = QVBoxLayout(att_page)
        att_box.addWidget(QLabel("选中人员后点“请假…”或“缺席…”并填写原因；列席人员不计入应到、实到。"))
        att_box.addWidget(self.attendance_view)
        att_box.addLayout(att_buttons)

        self.agenda = EditRowsModel([("议题", str), ("讨论情况（发言人及主要观点）", str)])
        self.motions = EditRowsModel([("表决事项", str), ("赞成", int), ("反对", int), ("弃权", int),
                                      ("书面赞成", int), ("书面反对", int), ("书面弃权", int)])
        self.resolutions = EditRowsModel([("决议", str), ("负责人", str), ("完成时限", str), ("完成情况", str)])
        self.content = QPlainTextEdit()
        pages = QTabWidget()
        pages.addTab(att_page, "出席情况")
        pages.addTab(self._grid(self.agenda, "议题"), "议题与讨论")
        pages.addTab(self._grid(self.motions, "表决事项"), "表决")
        pages.addTab(self._grid(self.resolutions, "决议"), "决议")
        pages.addTab(self.content, "其他内容")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(pages, 1)
        layout.addWidget(self.summary)
        layout.addWidget(ok_cancel(self))
        self.resize(900, 720)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.update_summary)
        self.org.currentIndexChanged.connect(self._org_changed)
        self.kind.currentIndexChanged.connect(lambda _i: self.prefill())
        self.held_on.editingFinished.connect(self._org_changed)
        self.held.toggled.connect(lambda _c: self._timer.start())
        for signal in (self.motions.dataChanged, self.motions.rowsInserted, self.motions.rowsRemoved,
                       self.motions.modelReset):
            signal.connect(lambda *_: self._timer.start())
        if data is not None:
            self.set_input(data)
        else:
            self._org_changed()

    def _grid(self, model: EditRowsModel, what: str) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        view = table_view(model, editable=True)
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

    # --- organisation, kind and people --------------------------------------------------------
    def _date(self) -> dt.date:
        try:
            return self.held_on.date("日期") or dt.date.today()
        except DjdeskError:
            return dt.date.today()

    def _org_id(self) -> int:
        return int(self.org.currentData())

    def _org_changed(self) -> None:
        current = self.kind.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        try:
            kinds = self.services.kinds(self._org_id(), self._date())
        except DjdeskError:
            kinds = list(MeetingKind)
        for kind in kinds:
            self.kind.addItem(kind.label, kind)
        self.kind.setCurrentIndex(max(self.kind.findData(current), 0))
        self.kind.blockSignals(False)
        people = self.services.people(self._org_id())
        for box in (self.host, self.recorder, self.speaker):
            self.people_row.removeWidget(box)
            box.deleteLater()
        self.host, self.recorder, self.speaker = (_person_box(people) for _ in range(3))
        for box, hint in ((self.host, "主持人"), (self.recorder, "记录人"), (self.speaker, "主讲人（党课）")):
            box.lineEdit().setPlaceholderText(hint)
            self.people_row.addWidget(box)
        self.prefill()

    def prefill(self) -> None:
        """Attendance from the right roster: the branch, the committee, or the 党小组 (everyone 出席)."""
        kind = self.kind.currentData()
        if kind is None:
            return
        try:
            expected = self.services.expected(self._org_id(), kind, self._date())
        except DjdeskError as exc:
            self.summary.setText(exc.message)
            expected = []
        observers = [p for p in self.people if p["observer"]]
        self.people = [{"person": e.member_id if e.member_id is not None else e.name, "name": e.name,
                        "status": AttendanceStatus.PRESENT, "reason": "", "voting": e.voting, "observer": False}
                       for e in expected] + observers
        self._show_people()

    def _show_people(self) -> None:
        rows = [[p["name"], "列席" if p["observer"] else p["status"].label, p["reason"],
                 "" if p["observer"] else ("有" if p["voting"] else "无（预备党员等）")] for p in self.people]
        self.attendance.set_rows(rows, list(range(len(self.people))),
                                 [STATUS_COLORS.get(p["status"]) for p in self.people])
        self._timer.start()

    def _mark(self, status: AttendanceStatus) -> None:
        rows = sorted({i.row() for i in self.attendance_view.selectionModel().selectedRows()})
        if not rows:
            return
        reason = ""
        if status is not AttendanceStatus.PRESENT:
            text, ok = QInputDialog.getText(self, status.label, f"{status.label}原因（如 出差、病假）：")
            if not ok:
                return
            reason = text.strip()
        for row in rows:
            if not self.people[row]["observer"]:
                self.people[row]["status"], self.people[row]["reason"] = status, reason
        self._show_people()

    def _add_observer(self) -> None:
        name, ok = QInputDialog.getText(self, "添加列席人员", "列席人员姓名（及职务）：")
        if ok and name.strip():
            self.people.append({"person": name.strip(), "name": name.strip(), "status": AttendanceStatus.PRESENT,
                                "reason": "", "voting": False, "observer": True})
            self._show_people()

    # --- in and out ---------------------------------------------------------------------------
    def set_input(self, data: MeetingInput) -> None:
        self.loaded = data
        self.org.setCurrentIndex(max(self.org.findData(data.organization_id), 0))
        self.held_on.set_date(data.held_on)
        self._org_changed()
        self.kind.setCurrentIndex(max(self.kind.findData(data.kind), 0))
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
        names = {e.member_id: (e.name, e.voting) for e in self.services.expected(data.organization_id, data.kind,
                                                                                 data.held_on)}
        self.people = []
        for a in data.attendance:
            if isinstance(a.person, int):
                name, voting = names.get(a.person, (str(a.person), False))
            else:
                name, voting = a.person, True
            self.people.append({"person": a.person, "name": name, "status": a.status, "reason": a.reason or "",
                                "voting": voting and not a.observer, "observer": a.observer})
        self._show_people()
        self.agenda.set_rows([[a.title, a.discussion or ""] for a in data.agenda])
        self.motions.set_rows([[m.title, m.yes, m.no, m.abstain, m.written_yes, m.written_no, m.written_abstain]
                               for m in data.motions])
        self.resolutions.set_rows([[r.content, r.owner_name or "", r.due_on.isoformat() if r.due_on else "",
                                    r.progress or ""] for r in data.resolutions])
        self.content.setPlainText(data.content or "")

    def input(self) -> MeetingInput:
        from djdesk.domain.dates import parse_date

        held_on = self.held_on.date("日期")
        assert held_on is not None
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
            organization_id=self._org_id(), kind=self.kind.currentData(), held_on=held_on,
            title=self.title_edit.text().strip(), start_time=dt.time(start.hour(), start.minute()),
            end_time=dt.time(end.hour(), end.minute()), place=self.place.text().strip() or None,
            host=_person(self.host), recorder=_person(self.recorder), speaker=_person(self.speaker),
            held=self.held.isChecked(), content=self.content.toPlainText().strip() or None,
            note=self.loaded.note if self.loaded else None,
            attendance=[AttendeeInput(p["person"], p["status"], p["reason"] or None, p["observer"])
                        for p in self.people],
            agenda=[AgendaInput(str(t), str(d) or None) for t, d in self.agenda.rows if str(t).strip()],
            motions=[MotionInput(str(r[0]), *[int(x) for x in r[1:]]) for r in self.motions.rows if str(r[0]).strip()],
            resolutions=resolutions,
        )

    def update_summary(self) -> None:
        """应到/实到 (with voting rights), the quorum (R-MEET-9, R-MEET-10) and each motion's result, in words."""
        try:
            summary = self.services.summary(self.input())
        except DjdeskError as exc:
            self.summary.setText(f"<span style='color:#c62828'>{exc.message}</span>")
            return
        lines = [summary.text]
        if summary.quorum is not None:
            color = "#2e7d32" if summary.quorum.valid else "#c62828"
            lines.append(f"<span style='color:{color}'>会议{summary.quorum.text}</span>")
        for outcome in summary.motions:
            color = "#2e7d32" if outcome.verdict.valid else "#c62828"
            lines.append(f"<span style='color:{color}'>“{outcome.title}”{outcome.verdict.text}</span>")
        self.summary.setText("<br>".join(lines))

    def accept(self) -> None:
        try:
            self.services.save(self.input())
        except DjdeskError as exc:
            show_problem(self, exc)
            return
        super().accept()


def editor_services(sessions: Any, people: Callable[[int], list[tuple[int, str]]],
                    meeting_id: int | None) -> Any:
    """The service calls the editor needs, bound to one database."""
    from types import SimpleNamespace

    from djdesk.services import meetings

    return SimpleNamespace(
        kinds=lambda org_id, on: meetings.allowed_kinds(sessions, org_id, on),
        expected=lambda org_id, kind, on: meetings.expected_attendees(sessions, org_id, kind, on),
        people=people,
        summary=lambda data: meetings.summarize_input(sessions, data, meeting_id=meeting_id),
        save=(lambda data: meetings.create_meeting(sessions, data)) if meeting_id is None else
             (lambda data: meetings.update_meeting(sessions, meeting_id, data)),
    )
