"""The right-hand panel of the 组织 tab: one organisation's facts, committee, term and elections."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.enums import CommitteeRole, OrgKind
from djdesk.domain.terms import Severity, TermStatus
from djdesk.ui.rows_model import RowsModel
from djdesk.ui.widgets import cn_date, table_date, table_view

if TYPE_CHECKING:
    from djdesk.services.org_info import OrgOverview

STATUS_COLORS = {TermStatus.NORMAL: "#2e7d32", TermStatus.DUE_SOON: "#e65100", TermStatus.OVERDUE: "#c62828"}
APPROVED_ROLES = (CommitteeRole.SECRETARY, CommitteeRole.DEPUTY_SECRETARY)


def _table(model: RowsModel, stretch: str) -> QTableView:
    view = table_view(model, stretch=stretch)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setMinimumHeight(120)
    return view


class OrgDetail(QScrollArea):
    edit_requested = Signal()
    add_seat_requested = Signal()
    end_seat_requested = Signal(int)
    delete_seat_requested = Signal(int)
    adjust_requested = Signal()
    election_requested = Signal()
    model_branch_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.overview: OrgOverview | None = None
        body = QWidget()
        layout = QVBoxLayout(body)
        self.title = QLabel("请在左侧选择一个党组织。")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)

        facts = QGroupBox("基本信息")
        self.facts = QFormLayout(facts)
        self.fact_labels: dict[str, QLabel] = {}
        for key in ("类型", "简称", "所在单位", "成立日期", "联系人", "党员人数", "示范党支部"):
            label = QLabel("")
            label.setWordWrap(True)
            self.fact_labels[key] = label
            self.facts.addRow(f"{key}：", label)
        self.warnings = QLabel("")
        self.warnings.setWordWrap(True)
        self.facts.addRow(self.warnings)
        row = QHBoxLayout()
        for text, signal in (("编辑…", self.edit_requested), ("示范党支部…", self.model_branch_requested)):
            button = QPushButton(text)
            button.clicked.connect(signal.emit)
            row.addWidget(button)
        row.addStretch(1)
        self.facts.addRow(row)
        layout.addWidget(facts)

        committee = QGroupBox("班子成员")
        box = QVBoxLayout(committee)
        self.seats = RowsModel(["职务", "姓名", "任职日期", "批准/备案文号"])
        self.seat_view = _table(self.seats, "批准/备案文号")
        box.addWidget(self.seat_view)
        row = QHBoxLayout()
        self.add_seat = QPushButton("添加…")
        self.add_seat.clicked.connect(self.add_seat_requested.emit)
        self.end_seat = QPushButton("离任…")
        self.end_seat.clicked.connect(lambda: self._with_seat(self.end_seat_requested))
        self.delete_seat = QPushButton("删除（录错时）")
        self.delete_seat.clicked.connect(lambda: self._with_seat(self.delete_seat_requested))
        for button in (self.add_seat, self.end_seat, self.delete_seat):
            row.addWidget(button)
        row.addStretch(1)
        box.addLayout(row)
        layout.addWidget(committee)

        term = QGroupBox("任期与换届")
        term_box = QVBoxLayout(term)
        self.term_form = QFormLayout()
        self.term_labels: dict[str, QLabel] = {}
        for key in ("届次", "选举日期", "任期", "延期/提前", "任期届满", "状态"):
            label = QLabel("")
            self.term_labels[key] = label
            self.term_form.addRow(f"{key}：", label)
        term_box.addLayout(self.term_form)
        row = QHBoxLayout()
        for text, signal in (("记录换届选举…", self.election_requested), ("延期或提前换届…", self.adjust_requested)):
            button = QPushButton(text)
            button.clicked.connect(signal.emit)
            row.addWidget(button)
        row.addStretch(1)
        term_box.addLayout(row)
        self.elections = RowsModel(["选举日期", "届次", "应到", "实到", "当选（得票）"])
        term_box.addWidget(QLabel("换届记录："))
        term_box.addWidget(_table(self.elections, "当选（得票）"))
        layout.addWidget(term)
        layout.addStretch(1)
        self.setWidget(body)
        self.set_overview(None)

    def _with_seat(self, signal: Signal) -> None:  # type: ignore[type-arg]
        rows = self.seat_view.selectionModel().selectedRows()
        if rows:
            signal.emit(int(self.seats.payload(rows[0].row())))  # type: ignore[attr-defined]

    def set_overview(self, ov: OrgOverview | None) -> None:
        self.overview = ov
        self.setEnabled(ov is not None)
        if ov is None:
            self.title.setText("请在左侧选择一个党组织。")
            for label in (*self.fact_labels.values(), *self.term_labels.values(), self.warnings):
                label.clear()  # nothing of an organisation no longer shown (e.g. after 清除示例数据)
            self.seats.set_rows([])
            self.elections.set_rows([])
            return
        row = ov.row
        dissolved = "（已撤销）" if row.dissolved else ""
        self.title.setText(f"<h3>{row.name}{dissolved}</h3>")
        f = self.fact_labels
        f["类型"].setText(row.kind.label)
        f["简称"].setText(row.short_name or "")
        f["所在单位"].setText(ov.unit_name or "")
        f["成立日期"].setText(cn_date(ov.founded_on))
        f["联系人"].setText(ov.contact or "")
        total = ov.full + ov.probationary
        f["党员人数"].setText(f"正式党员 {ov.full} 名，预备党员 {ov.probationary} 名，合计 {total} 名")
        model = f"第{ov.model_branch_batch}批（{ov.model_branch_year}年）" if ov.model_branch_batch else "—"
        f["示范党支部"].setText(model)
        lines = [
            f"<span style='color:{'#c62828' if x.severity >= Severity.WARNING else '#555'}'>⚠ {x.text}</span>"
            for x in ov.findings
        ]
        self.warnings.setText("<br>".join(lines))
        self.seats.set_rows(
            [[s.role.label, s.person_name, table_date(s.started_on),
              (("批准：" if s.role in APPROVED_ROLES else "备案：") + s.filing_doc) if s.filing_doc else ""]
             for s in ov.seats],
            [s.id for s in ov.seats],
        )
        group = row.kind is OrgKind.GROUP
        for button in (self.add_seat, self.end_seat, self.delete_seat):
            button.setEnabled(not group)
        t = self.term_labels
        t["届次"].setText(f"第 {ov.term.number} 届" if ov.term.number else "未记录")
        t["选举日期"].setText(cn_date(ov.term.elected_on) or "未记录")
        t["任期"].setText(f"{ov.term.years} 年" if ov.term.years else "—")
        adjust = ov.term.adjust_months
        if adjust:
            word = "延期" if adjust > 0 else "提前"
            approval = f"{ov.term.adjust_doc or ''}，{cn_date(ov.term.adjust_on)}"
            t["延期/提前"].setText(f"{word} {abs(adjust)} 个月（{approval}）")
        else:
            t["延期/提前"].setText("无")
        t["任期届满"].setText(cn_date(ov.term.end) or "—")
        color = STATUS_COLORS.get(ov.term.status, "#555")
        t["状态"].setText(f"<b style='color:{color}'>{ov.term.status.label if not group else '不适用'}</b>")
        self.elections.set_rows(
            [[table_date(e.held_on), f"第{e.term_number}届", str(e.entitled), str(e.present),
              "、".join(f"{n}（{v}）" for n, v in e.elected)] for e in ov.elections],
            [e.id for e in ov.elections],
        )
