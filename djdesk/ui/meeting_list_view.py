"""The list of meetings with its filters and the actions on a meeting."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.enums import MeetingKind
from djdesk.ui.files import DOCUMENTS, choose_save
from djdesk.ui.rows_model import RowsModel
from djdesk.ui.tasks import run_in_background
from djdesk.ui.widgets import ComboBox, add_buttons, attempt, confirm, fill_orgs, table_view
from djdesk.ui.year_view import YearView


class MeetingListView(YearView):
    def __init__(self, context: Any, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.org = ComboBox()
        self.kind = ComboBox()
        self.kind.addItem("类型：全部", None)
        for kind in MeetingKind:
            self.kind.addItem(kind.label, kind)
        self.deleted = QCheckBox("显示回收站")
        self.count = QLabel("")
        self.model = RowsModel(["日期", "党组织", "类型", "标题", "应到", "实到", "状态"])
        self.shown: dict[int, Any] = {}  # the rows listed, by meeting id
        self.view = table_view(self.model, stretch="标题")
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.doubleClicked.connect(lambda _i: self.edit())
        for widget in (self.year, self.org, self.kind):
            signal = widget.valueChanged if isinstance(widget, QSpinBox) else widget.currentIndexChanged
            signal.connect(lambda *_: self.refresh())
        self.deleted.toggled.connect(lambda _c: self.refresh())

        filters = QHBoxLayout()
        for widget in (self.year, self.org, self.kind, self.deleted):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.count)
        buttons = QHBoxLayout()
        add_buttons(buttons, (("新建会议…", self.new), ("复制为新会议…", self.copy), ("编辑…", self.edit),
                              ("删除", self.delete), ("恢复", self.restore)))
        docs = QPushButton("文书与打印")
        menu = QMenu(docs)
        from djdesk.ui.meeting_docs_actions import MeetingDocsActions

        self.docs = MeetingDocsActions(self)
        menu.addAction("会议记录（Word）…", self.docs.minutes)
        menu.addAction("签到表（Word）…", self.docs.signin)
        menu.addAction("会议通知（Word）…", self.docs.notice)
        menu.addSeparator()
        menu.addAction("打印预览会议记录…", lambda: self.docs.preview("minutes"))
        menu.addAction("打印预览签到表…", lambda: self.docs.preview("signin"))
        menu.addAction("打印会议记录…", lambda: self.docs.print("minutes"))
        menu.addAction("打印签到表…", lambda: self.docs.print("signin"))
        menu.addAction("会议记录导出为 PDF…", lambda: self.docs.pdf("minutes"))
        menu.addSeparator()
        menu.addAction("生成全年会议记录本…", self.docs.book)
        menu.addAction("模板管理…", self.docs.templates)
        docs.setMenu(menu)
        buttons.addWidget(docs)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.view)
        self.fill_orgs()

    # --- data ---------------------------------------------------------------------------------
    def sessions(self) -> Any:
        store = self.context.store()
        return store.sessions if store is not None else None

    def fill_orgs(self) -> None:
        fill_orgs(self.org, self._orgs(), first="党组织：全部")

    def refresh(self) -> None:
        sessions = self.sessions()
        if sessions is None:
            return
        if self.org.count() <= 1:
            self.fill_orgs()
        year, org_id, kind, deleted = (self.year.value(), self.org.currentData(), self.kind.currentData(),
                                       self.deleted.isChecked())

        def work() -> Any:
            from djdesk.services.meetings import list_meetings

            rows = list_meetings(sessions, year=year, org_id=org_id, kind=kind, include_deleted=deleted)
            return [r for r in rows if r.deleted] if deleted else rows

        self.read(work, self._show, run_in_background)  # this module's name for it, which tests may replace

    def _show(self, rows: list[Any]) -> None:
        self.shown = {r.id: r for r in rows}
        self.model.set_rows(
            [[r.held_on.isoformat(), r.organisation, r.kind.label, r.title, str(r.expected), str(r.present),
              "回收站" if r.deleted else ("已召开" if r.held else "计划")] for r in rows],
            [r.id for r in rows],
            [None if r.held else "#0d47a1" for r in rows],
        )
        self.count.setText(f"共 {len(rows)} 次会议")

    def selected_id(self, *, quiet: bool = False) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            if not quiet:
                QMessageBox.information(self, "请先选择", "请先在列表中选中一次会议。")
            return None
        return int(self.model.payload(rows[0].row()))

    # --- actions ------------------------------------------------------------------------------
    def _orgs(self) -> list[tuple[int, str, int]]:
        return [(r.id, r.short_name or r.name, r.depth) for r in self.context.orgs() if not r.dissolved]

    def _open(self, meeting_id: int | None, data: Any = None) -> None:
        from djdesk.ui.meeting_editor import MeetingEditor, editor_services

        sessions = self.sessions()
        if sessions is None:
            return
        services = editor_services(sessions, self.context.people, meeting_id)
        # A new meeting is for the organisation the list shows (none when it shows them all).
        editor = MeetingEditor("编辑会议" if meeting_id else "新建会议", self._orgs(), services, data, self,
                               org_id=self.org.currentData())
        if editor.exec() or editor.saved:  # 打印 in the editor saves the meeting first
            self.context.changed()
            self.refresh()

    def new(self) -> None:
        self._open(None)

    def edit(self) -> None:
        meeting_id = self.selected_id()
        sessions = self.sessions()
        if meeting_id is None or sessions is None:
            return
        from djdesk.services.meetings import meeting_input

        data = attempt(self, lambda: meeting_input(sessions, meeting_id))
        if data is not None:
            self._open(meeting_id, data)

    def copy(self) -> None:
        meeting_id = self.selected_id()
        sessions = self.sessions()
        if meeting_id is None or sessions is None:
            return
        from djdesk.services.meetings import copy_meeting
        from djdesk.ui.org_dialogs import DateDialog

        dialog = DateDialog("复制为新会议", "新会议日期",
                            "复制党组织、类型、地点和议题，出席名单按新日期的名单重新填写；新会议为“计划”状态。", self)
        new_id: list[int] = []
        dialog.submit = lambda: new_id.append(copy_meeting(sessions, meeting_id, dialog.value()))
        if dialog.exec():
            self.context.changed()
            self.refresh()

    def delete(self) -> None:
        meeting_id = self.selected_id()
        sessions = self.sessions()
        if meeting_id is None or sessions is None:
            return
        from djdesk.services.meetings import delete_meeting

        if confirm(self, "删除会议", "把这次会议移入回收站？之后可以勾选“显示回收站”恢复。") and attempt(
                self, lambda: (delete_meeting(sessions, meeting_id), True)[1]):
            self.context.changed()
            self.refresh()

    def restore(self) -> None:
        meeting_id = self.selected_id()
        sessions = self.sessions()
        if meeting_id is None or sessions is None:
            return
        from djdesk.services.meetings import restore_meeting

        if attempt(self, lambda: (restore_meeting(sessions, meeting_id), True)[1]):
            self.context.changed()
            self.refresh()

    def save_path(self, title: str, name: str, pattern: str) -> Path | None:
        return choose_save(self, title, DOCUMENTS, name, pattern)

    def file_name(self, meeting_id: int, what: str, suffix: str) -> str:
        """«办公室支部2026年第3次支部党员大会会议记录.docx»: the organisation, the meeting's title, ``what``."""
        row = self.shown.get(meeting_id)
        if row is None:
            return f"{what}{suffix}"
        title = row.title if row.title.startswith(row.organisation) else f"{row.organisation}{row.title}"
        return f"{title}{what}{suffix}"

    def today(self) -> dt.date:
        return self.context.clock()
