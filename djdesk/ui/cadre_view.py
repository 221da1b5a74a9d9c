"""双重组织生活 of leading cadres (R-MEET-12) and their 调研课题 (R-MEET-13)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from djdesk.ui.org_dialogs import FormDialog
from djdesk.ui.rows_model import RowsModel
from djdesk.ui.widgets import ComboBox, add_buttons, table_view
from djdesk.ui.year_view import YearView


class TopicDialog(FormDialog):
    def __init__(self, year: int, leaders: list[tuple[int, str]], parent: QWidget | None = None) -> None:
        super().__init__("登记调研课题", parent)
        self.year = year
        self.person = ComboBox()
        self.person.setEditable(True)
        for member_id, label in leaders:
            self.person.addItem(label, member_id)
        self.title_edit, self.status, self.result = QLineEdit(), ComboBox(), QLineEdit()
        self.status.addItems(["已立项", "进行中", "已结题"])
        self.form.addRow("领导干部：", self.person)
        self.form.addRow("课题名称：", self.title_edit)
        self.form.addRow("进展：", self.status)
        self.form.addRow("成果：", self.result)
        self.hint.setText("县处级以上领导班子成员每年至少领题调研 1 个课题。")

    def data(self) -> Any:
        from djdesk.services.research import ResearchInput

        index = self.person.findText(self.person.currentText())
        person: int | str = int(self.person.itemData(index)) if index >= 0 else self.person.currentText()
        return ResearchInput(self.year, person, self.title_edit.text(), self.status.currentText(),
                             self.result.text() or None)


class CadreView(YearView):
    def __init__(self, context: Any, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.cadres = RowsModel(["领导干部", "职务", "所在支部", "应参加", "参加", "请假", "缺席", "未参加的会议"])
        self.topics = RowsModel(["领导干部", "课题", "进展", "成果"])
        self.topic_view = table_view(self.topics, stretch="课题")
        self.missing = QLabel("")
        self.missing.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.year)
        top.addWidget(QLabel("标记为“领导干部”的党员参加所在支部组织生活的情况（双重组织生活）"))
        top.addStretch(1)
        buttons = QHBoxLayout()
        add_buttons(buttons, (("登记调研课题…", self.add_topic), ("删除课题", self.delete_topic)))
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(table_view(self.cadres, stretch="未参加的会议"), 2)
        layout.addWidget(QLabel("调研课题："))
        layout.addLayout(buttons)
        layout.addWidget(self.topic_view, 1)
        layout.addWidget(self.missing)

    def refresh(self) -> None:
        def work(sessions: Any, year: int) -> Any:
            from djdesk.services.meetings import leading_cadre_attendance
            from djdesk.services.research import leaders_without_topic, list_topics

            return (leading_cadre_attendance(sessions, year), list_topics(sessions, year=year),
                    leaders_without_topic(sessions, year))

        self.read_year(work, self._show)

    def _show(self, result: Any) -> None:
        cadres, topics, without = result
        self.cadres.set_rows([[c.name, c.admin_position or "", c.branch, str(c.expected), str(c.attended),
                               str(c.leave), str(c.absent),
                               "、".join(f"{d:%m-%d}{k}" for d, k, _why in c.missed[:6])] for c in cadres])
        self.topics.set_rows([[t.person_name, t.title, t.status or "", t.result or ""] for t in topics],
                             [t.id for t in topics])
        names = "、".join(f"{x.name}（{x.topics}/{x.required}）" for x in without)
        self.missing.setText(f"尚未完成调研课题的领导干部：{names}" if without else "领导干部均已确定调研课题。")
        self._leaders = [(c.member_id, f"{c.name}（{c.admin_position or ''}）") for c in cadres]

    def add_topic(self) -> None:
        from djdesk.services.research import create_topic

        self.add_record(lambda: TopicDialog(self.year.value(), getattr(self, "_leaders", []), self), create_topic)

    def delete_topic(self) -> None:
        from djdesk.services.research import delete_topic

        self.delete_record(self.topic_view, self.topics, delete_topic, "删除调研课题",
                           "删除这条调研课题记录？（操作日志中会留下记录）")
