"""The 首页 tab: a summary now; reminders and charts as the features arrive."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from djdesk.services.members import MemberRow
    from djdesk.services.orgs import OrgRow


class HomeTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel("正在载入…")
        self.summary.setWordWrap(True)
        note = QLabel("换届提醒、组织生活提醒和评先评优提醒将显示在这里。")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>首页</h2>"))
        layout.addWidget(self.summary)
        layout.addWidget(note)
        layout.addStretch(1)

    def set_data(self, orgs: list[OrgRow], members: list[MemberRow]) -> None:
        kinds = Counter(o.kind.label for o in orgs)
        categories = Counter(m.category.label for m in members)
        parts = "，".join(f"{k} {v} 个" for k, v in kinds.items())
        self.summary.setText(
            f"党组织：{parts or '无'}。<br>党员 {len(members)} 名，其中正式党员 {categories.get('正式党员', 0)} 名、"
            f"预备党员 {categories.get('预备党员', 0)} 名。"
        )
