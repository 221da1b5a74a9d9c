"""记录换届选举: the election record with the R-ORG-9 checks shown while typing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QWidget,
)

from djdesk.domain.enums import CommitteeRole
from djdesk.domain.errors import DjdeskError
from djdesk.domain.terms import check_election
from djdesk.services.org_terms import CandidateInput, ElectionInput
from djdesk.ui.org_dialogs import FormDialog
from djdesk.ui.widgets import ComboBox, DateField, SpinBox, fit_to_screen

COL_NAME, COL_ROLE, COL_VOTES = range(3)


class ElectionDialog(FormDialog):
    """The candidate grid is a form the clerk fills in, not a view of stored rows."""

    def __init__(self, org_name: str, next_term: int, members: Sequence[tuple[int, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(f"记录换届选举：{org_name}", parent)
        self.members = list(members)
        self.held_on = DateField(dt.date.today(), required=True)
        self.term = SpinBox()
        self.term.setRange(1, 99)
        self.term.setValue(next_term)
        self.term.setPrefix("第 ")
        self.term.setSuffix(" 届")
        self.entitled = SpinBox()
        self.entitled.setRange(0, 10000)
        self.present = SpinBox()
        self.present.setRange(0, 10000)
        self.approval_doc = QLineEdit()
        self.approval_doc.setPlaceholderText("上级党组织批复文号（可不填）")
        self.approval_on = DateField()
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["候选人", "分工", "得票数"])
        header = self.table.horizontalHeader()  # the name takes the width; 分工 and 得票数 are short
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(COL_ROLE, 110)
        header.resizeSection(COL_VOTES, 90)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        add = QPushButton("添加候选人")
        add.clicked.connect(lambda: self.add_candidate())
        remove = QPushButton("删除所选")
        remove.clicked.connect(self._remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        holder = QWidget()
        holder.setLayout(buttons)
        self.form.addRow("选举日期：", self.held_on)
        self.form.addRow("届次：", self.term)
        self.form.addRow("应到人数（有选举权）：", self.entitled)
        self.form.addRow("实到人数：", self.present)
        self.form.addRow("候选人及得票：", self.table)
        self.form.addRow("", holder)
        self.form.addRow("批复文号：", self.approval_doc)
        self.form.addRow("批复日期：", self.approval_on)
        for spin in (self.entitled, self.present):
            spin.valueChanged.connect(self.update_check)
        fit_to_screen(self, 640, 620)
        self.update_check()

    def add_candidate(self, name: str = "", role: CommitteeRole | None = None, votes: int = 0,
                      member_id: int | None = None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        who = ComboBox()
        who.setEditable(True)
        who.addItem("", None)
        for choice_id, label in self.members:
            who.addItem(label, choice_id)
        index = who.findData(member_id) if member_id is not None else -1
        if index > 0:
            who.setCurrentIndex(index)
        else:
            who.setEditText(name)
        what = ComboBox()
        what.addItem("（未分工）", None)
        for r in CommitteeRole:
            what.addItem(r.label, r)
        if role is not None:
            what.setCurrentIndex(what.findData(role))
        count = SpinBox()
        count.setRange(0, 10000)
        count.setValue(votes)
        count.valueChanged.connect(self.update_check)
        who.editTextChanged.connect(self.update_check)
        self.table.setCellWidget(row, COL_NAME, who)
        self.table.setCellWidget(row, COL_ROLE, what)
        self.table.setCellWidget(row, COL_VOTES, count)
        self.update_check()

    def _remove_selected(self) -> None:
        for index in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(index)
        self.update_check()

    def candidates(self) -> list[CandidateInput]:
        result = []
        for row in range(self.table.rowCount()):
            who = self.table.cellWidget(row, COL_NAME)
            what = self.table.cellWidget(row, COL_ROLE)
            count = self.table.cellWidget(row, COL_VOTES)
            assert isinstance(who, QComboBox) and isinstance(what, QComboBox) and isinstance(count, QSpinBox)
            name = who.currentText().strip()
            if not name:
                continue
            index = who.findText(name)
            member_id = who.itemData(index) if index > 0 else None
            result.append(CandidateInput(name=name.split("（")[0], votes=count.value(), member_id=member_id,
                                         role=what.currentData()))
        return result

    def update_check(self) -> None:
        """R-ORG-9, in words, as the clerk types."""
        check = check_election(self.entitled.value(), self.present.value(),
                               [(c.name, c.votes) for c in self.candidates()])
        elected = [c.name for c in check.candidates if c.elected]
        verdict = "有效" if check.valid else "无效"
        lines = [f"选举{verdict}：" + "；".join(check.messages)]
        if elected:
            lines.append("当选：" + "、".join(elected))
        self.hint.setText("\n".join(lines))

    def election(self) -> ElectionInput:
        held_on = self.held_on.date("选举日期")
        if held_on is None:
            raise DjdeskError("请填写选举日期。")
        if not self.candidates():
            raise DjdeskError("请至少填写一名候选人及其得票数。")
        return ElectionInput(
            held_on=held_on,
            term_number=self.term.value(),
            entitled=self.entitled.value(),
            present=self.present.value(),
            candidates=self.candidates(),
            approval_doc=self.approval_doc.text().strip() or None,
            approval_on=self.approval_on.date("批复日期"),
        )

