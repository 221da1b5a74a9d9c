"""The 组织 tab: the organisation tree."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from djdesk.services.orgs import OrgRow


class OrgsTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["党组织", "类型", "党员数"])
        self.tree.setColumnWidth(0, 420)
        self.status = QLabel("正在载入党组织…")
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.tree)

    def set_orgs(self, rows: list[OrgRow]) -> None:
        self.tree.clear()
        items: dict[int, QTreeWidgetItem] = {}
        for row in rows:
            item = QTreeWidgetItem([row.name, row.kind.label, str(row.members)])
            parent = items.get(row.parent_id) if row.parent_id is not None else None
            if parent is None:
                self.tree.addTopLevelItem(item)
            else:
                parent.addChild(item)
            items[row.id] = item
        self.tree.expandAll()
        self.status.setText(f"共 {len(rows)} 个党组织" if rows else "还没有党组织。")
