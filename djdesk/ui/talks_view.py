"""谈心谈话 register (R-MEET-7) and the members with no talk recorded this year."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.enums import TalkKind
from djdesk.ui.org_dialogs import FormDialog
from djdesk.ui.rows_model import RowsModel
from djdesk.ui.tasks import run_in_background
from djdesk.ui.widgets import DateField, attempt, confirm, show_problem, table_view


class TalkDialog(FormDialog):
    def __init__(self, people: list[tuple[int, str]], parent: QWidget | None = None) -> None:
        super().__init__("登记谈心谈话", parent)
        self.held_on = DateField(dt.date.today(), required=True)
        self.kind = QComboBox()
        for kind in TalkKind:
            self.kind.addItem(kind.label, kind)
        self.who = QListWidget()
        self.who.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        for member_id, label in people:
            self.who.addItem(label)
            self.who.item(self.who.count() - 1).setData(256, member_id)
        self.topic, self.summary_edit, self.follow_up = QLineEdit(), QLineEdit(), QLineEdit()
        self.form.addRow("谈话日期：", self.held_on)
        self.form.addRow("谈话类型：", self.kind)
        self.form.addRow("谈话人员（可多选）：", self.who)
        self.form.addRow("谈话主题：", self.topic)
        self.form.addRow("谈话内容：", self.summary_edit)
        self.form.addRow("后续措施：", self.follow_up)
        self.hint.setText("谈心谈话每年至少一次：书记与委员、委员之间、委员与党员、党员之间（R-MEET-7）。")

    def data(self) -> Any:
        from djdesk.services.talks import TalkInput

        held_on = self.held_on.date("谈话日期")
        assert held_on is not None
        people = [int(item.data(256)) for item in self.who.selectedItems()]
        return TalkInput(held_on, self.kind.currentData(), people, self.topic.text() or None,
                         self.summary_edit.text() or None, self.follow_up.text() or None)


class TalksView(QWidget):
    def __init__(self, context: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(context.clock().year)
        self.year.setSuffix(" 年")
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.talks = RowsModel(["日期", "党组织", "类型", "谈话人员", "主题", "后续措施"])
        self.without = RowsModel(["姓名", "党组织"])
        self.talk_view = table_view(self.talks)
        self.without_label = QLabel("")
        top = QHBoxLayout()
        top.addWidget(self.year)
        for text, slot in (("登记谈话…", self.add), ("删除", self.delete)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            top.addWidget(button)
        top.addStretch(1)
        right = QWidget()
        box = QVBoxLayout(right)
        box.addWidget(self.without_label)
        box.addWidget(table_view(self.without))
        split = QSplitter()
        split.addWidget(self.talk_view)
        split.addWidget(right)
        split.setSizes([640, 300])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)

    def refresh(self) -> None:
        store = self.context.store()
        if store is None:
            return
        year = self.year.value()

        def work() -> Any:
            from djdesk.services.talks import list_talks, members_without_talk

            return list_talks(store.sessions, year=year), members_without_talk(store.sessions, year)

        self._request = getattr(self, '_request', 0) + 1
        request = self._request
        run_in_background(work, lambda result: request == self._request and self._show(result),
                          lambda exc, _tb: show_problem(self, exc), owner=self)

    def _show(self, result: Any) -> None:
        talks, without = result
        self.talks.set_rows([[t.held_on.isoformat(), t.organisation, t.kind.label, "、".join(t.participants),
                              t.topic or "", t.follow_up or ""] for t in talks], [t.id for t in talks])
        self.without.set_rows([[m.name, m.organisation] for m in without])
        self.without_label.setText(f"本年度尚未谈话的党员：{len(without)} 名")

    def add(self) -> None:
        store = self.context.store()
        if store is None:
            return
        from djdesk.services.talks import create_talk

        people = [(m_id, label) for org in self.context.orgs() if org.depth == 0
                  for m_id, label in self.context.people(org.id)]
        dialog = TalkDialog(people, self)
        dialog.submit = lambda: create_talk(store.sessions, dialog.data()) and None
        if dialog.exec():
            self.refresh()

    def delete(self) -> None:
        store = self.context.store()
        rows = self.talk_view.selectionModel().selectedRows()
        if store is None or not rows:
            return
        from djdesk.services.talks import delete_talk

        talk_id = int(self.talks.payload(rows[0].row()))
        if confirm(self, "删除谈话记录", "把这条谈话记录移入回收站？") and attempt(
                self, lambda: (delete_talk(store.sessions, talk_id), True)[1]):
            self.refresh()
