"""Dialogs for a member's changes of status, history and the 回收站."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.enums import MemberEventKind
from djdesk.services.member_status import DeletedMember, HistoryLine, TransferOut
from djdesk.ui.org_dialogs import FormDialog
from djdesk.ui.rows_model import RowsModel
from djdesk.ui.widgets import ComboBox, DateField, SpinBox, fit_to_screen, table_date, table_view

STATUS_HINTS = {
    MemberEventKind.SUSPEND: "停止党籍须按规定程序办理，请在“说明”中写明决定文号。",
    MemberEventKind.RESTORE: "恢复党籍须经上级党组织批准，请在“说明”中写明批准文号。",
    MemberEventKind.LOST_CONTACT: (  # R-EVAL-7 (domain.contact)
        "失联日期为最后一次参加组织生活或交纳党费的日期；失去联系满 6 个月后才能登记为失联党员。"
        "本程序中记有其更晚参加组织生活的，以较晚的日期为准。"
    ),
    MemberEventKind.REGAINED_CONTACT: "恢复联系后，请核实其情况并按规定处理。",
    MemberEventKind.FLOATING: "请在“外出流向”中填写去向，如 广东省深圳市。",
    MemberEventKind.FLOATING_END: "流动党员返回后，恢复正常管理。",
    MemberEventKind.PARTY_RIGHTS_RESTORED: (
        "留党察看期满、确已改正错误的，恢复其党员权利；请在“说明”中写明决定文号。恢复之日起有表决权。"
    ),
    MemberEventKind.LEFT_PARTY: "出党后该党员移入“历史党员”，记录仍保留。",
    MemberEventKind.DECEASED: "去世后该党员移入“历史党员”，记录仍保留。",
}


class StatusDialog(FormDialog):
    def __init__(self, name: str, kind: MemberEventKind, parent: QWidget | None = None) -> None:
        super().__init__(f"{kind.label}：{name}", parent)
        self.kind = kind
        label = "失联日期" if kind is MemberEventKind.LOST_CONTACT else f"{kind.label}日期"
        self.date_label = label
        self.on = DateField(dt.date.today(), required=True)
        self.detail = QLineEdit()
        self.form.addRow(f"{label}：", self.on)
        self.form.addRow("外出流向：" if kind is MemberEventKind.FLOATING else "说明：", self.detail)
        self.hint.setText(STATUS_HINTS.get(kind, ""))

    def value(self) -> dt.date:
        value = self.on.date(self.date_label)
        assert value is not None
        return value


class PartyProbationDialog(FormDialog):
    """留党察看: its start, one or two years, and the decision (kept in the member's history)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(f"留党察看：{name}", parent)
        self.on = DateField(dt.date.today(), required=True)
        self.years = ComboBox()
        for years, words in ((1, "一年"), (2, "二年")):
            self.years.addItem(words, years)
        self.detail = QLineEdit()
        self.detail.setPlaceholderText("处分决定的文号")
        self.form.addRow("留党察看开始日期：", self.on)
        self.form.addRow("察看期限：", self.years)
        self.form.addRow("说明：", self.detail)
        self.hint.setText("留党察看期间，该党员没有表决权、选举权和被选举权，也不能作入党介绍人。"
                          "期满恢复党员权利后，请在“变动”中登记“恢复党员权利”。")

    def value(self) -> tuple[dt.date, int]:
        start = self.on.date("留党察看开始日期")
        assert start is not None
        return start, int(self.years.currentData())


class TransferOutDialog(FormDialog):
    """组织关系转出 with the 介绍信 fields (R-XFER-1, R-XFER-2)."""

    def __init__(self, name: str, validity: int, parent: QWidget | None = None) -> None:
        super().__init__(f"组织关系转出：{name}", parent)
        self.on = DateField(dt.date.today(), required=True)
        self.letter = QLineEdit()
        self.letter.setPlaceholderText("介绍信编号")
        self.to_org = QLineEdit()
        self.to_org.setPlaceholderText("转往的党组织（介绍信抬头）")
        self.dues = QLineEdit(dt.date.today().strftime("%Y-%m"))
        self.validity = SpinBox()
        self.validity.setRange(1, 365)
        self.validity.setValue(validity)
        self.validity.setSuffix(" 天")
        self.form.addRow("转出日期：", self.on)
        self.form.addRow("介绍信编号：", self.letter)
        self.form.addRow("转往：", self.to_org)
        self.form.addRow("党费缴至（年月）：", self.dues)
        self.form.addRow("有效期：", self.validity)
        self.hint.setText(
            "介绍信有效期一般市内 10 天、市外 30 天，最长不超过 90 天。回执退回后请在历史记录中登记。"
        )

    def data(self) -> TransferOut:
        on = self.on.date("转出日期")
        assert on is not None
        return TransferOut(on=on, letter_number=self.letter.text(), to_org=self.to_org.text(),
                           dues_paid_to=self.dues.text(), validity_days=self.validity.value())


class TransferInDialog(FormDialog):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(f"组织关系转入：{name}", parent)
        self.on = DateField(dt.date.today(), required=True)
        self.letter = QLineEdit()
        self.from_org = QLineEdit()
        self.form.addRow("转入日期：", self.on)
        self.form.addRow("介绍信编号：", self.letter)
        self.form.addRow("转自：", self.from_org)




class HistoryDialog(QDialog):
    def __init__(self, name: str, lines: Sequence[HistoryLine], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"变动记录：{name}")
        self.model = RowsModel(["日期", "变动", "说明"])
        self.model.set_rows([[table_date(x.on), x.what, x.detail] for x in lines])
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{name}的组织关系和状态变动（共 {len(lines)} 条）：" if lines else "没有变动记录。"))
        layout.addWidget(table_view(self.model, stretch="说明"))
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        layout.addWidget(close)
        fit_to_screen(self, 560, 360)


class RecycleBinDialog(QDialog):
    """删除的党员记录：可以恢复。"""

    def __init__(self, rows: Sequence[DeletedMember], restore: Callable[[int], bool],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("回收站（党员）")
        self.restore_one = restore
        self.model = RowsModel(["姓名", "所在支部", "删除时间"])
        self.view = table_view(self.model)
        self._rows = list(rows)
        self.empty = QLabel("回收站是空的：没有删除的党员记录。")
        self.empty.setStyleSheet("color: #555; padding: 24px;")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.restore_button = QPushButton("恢复所选")
        self.restore_button.clicked.connect(self._restore)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("误删的党员记录放在这里，选中后点“恢复所选”即可恢复。"))
        layout.addWidget(self.view)
        layout.addWidget(self.empty, 1)
        layout.addLayout(buttons)
        self._fill()
        fit_to_screen(self, 520, 360)

    def _fill(self) -> None:
        self.model.set_rows([[r.name, r.branch, r.deleted_at.strftime("%Y-%m-%d %H:%M")] for r in self._rows],
                            [r.id for r in self._rows])
        self.view.setVisible(bool(self._rows))
        self.empty.setVisible(not self._rows)
        self.restore_button.setEnabled(bool(self._rows))

    def _restore(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return
        member_id = int(self.model.payload(rows[0].row()))
        if self.restore_one(member_id):
            self._rows = [r for r in self._rows if r.id != member_id]
            self._fill()
