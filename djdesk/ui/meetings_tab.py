"""The 会议 tab: meetings by year, organisation and kind; 谈心谈话; 组织生活开展情况; 双重组织生活; 调研课题.

The sub-views are built once the database is open (``wire``), after the window's first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from djdesk.ui.meeting_list_view import MeetingListView


class MeetingsTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pages = QTabWidget()
        self.pages.addTab(QLabel("正在载入…"), "会议记录")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.pages)
        self.list_view: MeetingListView | None = None
        self.context: Any = None

    def wire(self, context: Any) -> None:
        """``context`` gives store(), orgs(), people(org_id), clock() and changed()."""
        if self.list_view is not None:
            return
        from djdesk.ui.cadre_view import CadreView
        from djdesk.ui.compliance_view import ComplianceView
        from djdesk.ui.meeting_list_view import MeetingListView
        from djdesk.ui.talks_view import TalksView

        self.context = context
        self.pages.clear()
        self.list_view = MeetingListView(context)
        self.compliance_view = ComplianceView(context)
        self.talks_view = TalksView(context)
        self.cadre_view = CadreView(context)
        self.pages.addTab(self.list_view, "会议记录")
        self.pages.addTab(self.compliance_view, "组织生活开展情况")
        self.pages.addTab(self.talks_view, "谈心谈话")
        self.pages.addTab(self.cadre_view, "双重组织生活与调研课题")
        self.pages.currentChanged.connect(lambda _i: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        page = self.pages.currentWidget()
        if page is not None and hasattr(page, "refresh"):
            page.refresh()

    def year(self) -> int:
        import datetime

        clock = getattr(self.context, "clock", datetime.date.today)
        return int(clock().year)
