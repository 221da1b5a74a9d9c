"""The 首页 tab: a summary and the reminders (换届, 组织设置, …); clicking one opens the organisation.

While there is no organisation it shows the welcome's three ways in instead (建立本机关党委,
导入党员名册, 载入示例数据): ``way_chosen`` carries the choice.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from djdesk.services.members import MemberRow
    from djdesk.services.orgs import OrgRow
    from djdesk.services.reminders import Reminder
    from djdesk.ui.rows_model import RowsModel

SEVERITY_COLORS = {3: "#c62828", 2: "#e65100", 1: "#455a64"}


class HomeTab(QWidget):
    org_requested = Signal(int)
    way_chosen = Signal(str)  # welcome_dialog.FOUND, IMPORT or DEMO

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel("正在载入…")
        self.summary.setWordWrap(True)
        self.reminder_title = QLabel("<b>提醒事项</b>")
        self.view = QTableView()
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.clicked.connect(lambda index: self._open(index.row()))
        self.view.activated.connect(lambda index: self._open(index.row()))
        self._model: RowsModel | None = None
        self._welcome: QWidget | None = None
        self._layout = layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>首页</h2>"))
        layout.addWidget(self.summary)
        layout.addWidget(self.reminder_title)
        layout.addWidget(self.view, 1)
        self.hint = QLabel("点击一条提醒，可打开相应的党组织。")
        layout.addWidget(self.hint)
        layout.addStretch(0)  # takes the room of the hidden reminders while the welcome is shown

    @property
    def model(self) -> RowsModel:
        if self._model is None:  # after the first paint (see MembersTab.model)
            from djdesk.ui.rows_model import RowsModel

            self._model = RowsModel(["级别", "党组织", "事项", "期限", "提醒内容"])
            self.view.setModel(self._model)
            header = self.view.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            header.setStretchLastSection(True)
        return self._model

    @property
    def welcome(self) -> QWidget:
        """The three ways in, made when first shown (an empty database)."""
        if self._welcome is None:
            from PySide6.QtWidgets import QGroupBox

            from djdesk.ui.welcome_dialog import way_buttons

            self._welcome = box = QGroupBox("开始使用")
            inner = QVBoxLayout(box)
            text = QLabel("数据库还是空的。请选择从哪里开始：")
            inner.addWidget(text)
            for button in way_buttons(self.way_chosen.emit):
                inner.addWidget(button)
            self._layout.insertWidget(2, box)
        return self._welcome

    def set_data(self, orgs: list[OrgRow], members: list[MemberRow]) -> None:
        empty = not orgs
        if empty or self._welcome is not None:
            self.welcome.setVisible(empty)
        for part in (self.reminder_title, self.view, self.hint):
            part.setVisible(not empty)
        kinds = Counter(o.kind.label for o in orgs)
        categories = Counter(m.category.label for m in members)
        parts = "，".join(f"{k} {v} 个" for k, v in kinds.items())
        self.summary.setText(
            f"党组织：{parts or '无'}。<br>党员 {len(members)} 名，其中正式党员 {categories.get('正式党员', 0)} 名、"
            f"预备党员 {categories.get('预备党员', 0)} 名。"
        )

    def set_reminders(self, reminders: list[Reminder]) -> None:

        self.model.set_rows(
            [[r.severity.label, r.organisation, r.topic, r.deadline.isoformat() if r.deadline else "", r.text]
             for r in reminders],
            [r.org_id for r in reminders],
            [SEVERITY_COLORS.get(int(r.severity)) for r in reminders],
        )
        title = f"提醒事项（{len(reminders)} 条）" if reminders else "没有需要提醒的事项。"
        self.reminder_title.setText(f"<b>{title}</b>")

    def _open(self, row: int) -> None:
        org_id = self.model.payload(row)
        if org_id is not None:
            self.org_requested.emit(int(org_id))
