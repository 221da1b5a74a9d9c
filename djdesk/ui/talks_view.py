"""谈心谈话 register (R-MEET-7) and the members with no talk recorded this year.

The form's hint says which talks a branch owes in the words of :func:`djdesk.domain.schedule.owed_talk_kinds`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.enums import TalkKind
from djdesk.ui.org_dialogs import FormDialog
from djdesk.ui.rows_model import RowsModel
from djdesk.ui.widgets import ComboBox, DateField, add_buttons, table_view
from djdesk.ui.year_view import YearView


class TalkDialog(FormDialog):
    def __init__(self, people: list[tuple[int, str]], parent: QWidget | None = None) -> None:
        super().__init__("登记谈心谈话", parent)
        self.held_on = DateField(dt.date.today(), required=True)
        self.kind = ComboBox()
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
        self.hint.setText("谈心谈话每年至少一次：设支部委员会的党支部，书记与委员、委员之间、委员与党员、党员之间"
                          "各类都要开展；未设支部委员会的党支部只要求党员之间的谈话（《中国共产党支部工作条例（试行）》第十九条）。")

    def data(self) -> Any:
        from djdesk.services.talks import TalkInput

        held_on = self.held_on.date("谈话日期")
        assert held_on is not None
        people = [int(item.data(256)) for item in self.who.selectedItems()]
        return TalkInput(held_on, self.kind.currentData(), people, self.topic.text() or None,
                         self.summary_edit.text() or None, self.follow_up.text() or None)


class TalksView(YearView):
    def __init__(self, context: Any, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.talks = RowsModel(["日期", "党组织", "类型", "谈话人员", "主题", "后续措施"])
        self.without = RowsModel(["姓名", "党组织"])
        self.talk_view = table_view(self.talks, stretch="主题")
        self.without_label = QLabel("")
        top = QHBoxLayout()
        top.addWidget(self.year)
        add_buttons(top, (("登记谈话…", self.add), ("删除", self.delete)))
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
        def work(sessions: Any, year: int) -> Any:
            from djdesk.services.talks import list_talks, members_without_talk

            return list_talks(sessions, year=year), members_without_talk(sessions, year)

        self.read_year(work, self._show)

    def _show(self, result: Any) -> None:
        talks, without = result
        self.talks.set_rows([[t.held_on.isoformat(), t.organisation, t.kind.label, "、".join(t.participants),
                              t.topic or "", t.follow_up or ""] for t in talks], [t.id for t in talks])
        self.without.set_rows([[m.name, m.organisation] for m in without])
        self.without_label.setText(f"本年度尚未谈话的党员：{len(without)} 名")

    def add(self) -> None:
        from djdesk.services.talks import create_talk

        self.add_record(lambda: TalkDialog(self._people(), self), create_talk)

    def _people(self) -> list[tuple[int, str]]:
        return [(m_id, label) for org in self.context.orgs() if org.depth == 0
                for m_id, label in self.context.people(org.id)]

    def delete(self) -> None:
        from djdesk.services.talks import delete_talk

        self.delete_record(self.talk_view, self.talks, delete_talk, "删除谈话记录", "把这条谈话记录移入回收站？")
