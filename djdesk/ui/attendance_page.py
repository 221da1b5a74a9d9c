"""The 出席情况 page of the meeting editor: who is expected, and how each was marked.

Nobody is marked to begin with (未标记): “全部出席” marks everyone not yet marked 出席, then the clerk
selects those away and marks them 请假 or 缺席 with a reason. Nothing is taken to be 出席 by itself, so
a forgotten absentee is not recorded as present.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QInputDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from djdesk.domain.enums import AttendanceStatus
from djdesk.services.meetings import AttendeeInput, MeetingInput
from djdesk.ui.rows_model import RowsModel
from djdesk.ui.widgets import confirm, table_view

STATUS_COLORS = {AttendanceStatus.LEAVE: "#e65100", AttendanceStatus.ABSENT: "#c62828"}
UNMARKED, UNMARKED_COLOR = "（未标记）", "#757575"
Line = dict[str, Any]  # person (member id or name), name, status (None: not marked), reason, voting, observer


def _key(expected: Any) -> int | str:
    return expected.member_id if expected.member_id is not None else expected.name  # type: ignore[no-any-return]


def _line(expected: Any) -> Line:
    return {"person": _key(expected), "name": expected.name, "status": None, "reason": "",
            "voting": expected.voting, "observer": False}


class AttendancePage(QWidget):
    changed = Signal()  # a mark, a line added or the roster filled again

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.people: list[Line] = []
        self.model = RowsModel(["姓名", "出席情况", "原因", "表决权"])
        self.view = table_view(self.model, stretch="原因")
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.refill_requested: Any = lambda: None  # the editor lists the roster again, marks cleared
        buttons = QHBoxLayout()
        for text, slot, tip in (
                ("全部出席", self.all_present, "把还没有标记的人员全部标为出席（已标为请假、缺席的不变）"),
                ("出席", lambda: self.mark(AttendanceStatus.PRESENT), "把选中的人员标为出席"),
                ("请假…", lambda: self.mark(AttendanceStatus.LEAVE), "把选中的人员标为请假，并填写原因"),
                ("缺席…", lambda: self.mark(AttendanceStatus.ABSENT), "把选中的人员标为缺席，并填写原因"),
                ("添加列席…", self.add_observer, "添加不计入应到、实到的列席人员"),
                ("重新按名单填写", self.refill, "按党组织和会议类型重新列出应到人员，已做的标记全部清除")):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(lambda _c=False, s=slot: s())
            buttons.addWidget(button)
        buttons.addStretch(1)
        box = QVBoxLayout(self)
        box.addWidget(QLabel("会后点“全部出席”，再选中请假、缺席的人员，点“请假…”或“缺席…”并填写原因；"
                             "列席人员不计入应到、实到。"))
        box.addWidget(self.view)
        box.addLayout(buttons)

    # --- filling ------------------------------------------------------------------------------
    def fill(self, expected: Sequence[Any], *, keep_marks: bool = True) -> None:
        """The expected attendees (another date or kind); those still expected keep their marks unless
        ``keep_marks`` is False, the others are unmarked; 列席 guests already added stay."""
        marks = {p["person"]: (p["status"], p["reason"]) for p in self.people if keep_marks and not p["observer"]}
        observers = [p for p in self.people if p["observer"]]
        self.people = [_line(e) for e in expected] + observers
        for p in self.people:
            if p["person"] in marks and not p["observer"]:
                p["status"], p["reason"] = marks[p["person"]]
        self.show_people()

    def load(self, data: MeetingInput, expected: Sequence[Any]) -> None:
        """A recorded meeting's attendance. At a planned meeting 出席 only meant “expected”: shown unmarked,
        with anyone expected since added (unmarked); 请假/缺席 known in advance stay."""
        names = {e.member_id: (e.name, e.voting) for e in expected}
        self.people = []
        for a in data.attendance:
            if isinstance(a.person, int):
                name, voting = names.get(a.person, (str(a.person), False))
            else:
                name, voting = a.person, True
            status: AttendanceStatus | None = a.status
            if not data.held and not a.observer and a.status is AttendanceStatus.PRESENT:
                status = None
            self.people.append({"person": a.person, "name": name, "status": status, "reason": a.reason or "",
                                "voting": voting and not a.observer, "observer": a.observer})
        if not data.held:
            listed = {p["person"] for p in self.people}
            self.people += [_line(e) for e in expected if _key(e) not in listed]
        self.show_people()

    def refill(self) -> None:
        """重新按名单填写, once the clerk agrees to lose the marks made."""
        if any(p["status"] is not None and not p["observer"] for p in self.people) and not confirm(
                self, "重新按名单填写", "按名单重新填写出席情况？已标记的出席、请假、缺席和原因将清除。"):
            return
        self.refill_requested()

    # --- marking ------------------------------------------------------------------------------
    def all_present(self) -> None:
        """全部出席: everyone not yet marked is 出席 (those marked 请假 or 缺席 stay so)."""
        for p in self.people:
            if p["status"] is None and not p["observer"]:
                p["status"] = AttendanceStatus.PRESENT
        self.show_people()

    def mark(self, status: AttendanceStatus) -> None:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
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
        self.show_people()

    def add_observer(self) -> None:
        name, ok = QInputDialog.getText(self, "添加列席人员", "列席人员姓名（及职务）：")
        if ok and name.strip():
            self.people.append({"person": name.strip(), "name": name.strip(), "status": AttendanceStatus.PRESENT,
                                "reason": "", "voting": False, "observer": True})
            self.show_people()

    def show_people(self) -> None:
        def status(p: Line) -> str:
            return "列席" if p["observer"] else (p["status"].label if p["status"] is not None else UNMARKED)

        rows = [[p["name"], status(p), p["reason"],
                 "" if p["observer"] else ("有" if p["voting"] else "无（预备党员等）")] for p in self.people]
        colors = [UNMARKED_COLOR if p["status"] is None and not p["observer"] else STATUS_COLORS.get(p["status"])
                  for p in self.people]
        self.model.set_rows(rows, list(range(len(self.people))), colors)
        self.changed.emit()

    # --- reading ------------------------------------------------------------------------------
    def unmarked(self) -> list[str]:
        return [p["name"] for p in self.people if p["status"] is None and not p["observer"]]

    def expected_count(self) -> int:
        return sum(1 for p in self.people if not p["observer"])

    def away_count(self) -> int:
        return sum(1 for p in self.people if p["status"] in (AttendanceStatus.LEAVE, AttendanceStatus.ABSENT))

    def attendees(self, *, held: bool) -> list[AttendeeInput]:
        """The lines to save: at a held meeting only those marked; at a planned one the unmarked as
        expected to attend (出席)."""
        return [AttendeeInput(p["person"], p["status"] or AttendanceStatus.PRESENT, p["reason"] or None,
                              p["observer"]) for p in self.people if p["status"] is not None or not held]
