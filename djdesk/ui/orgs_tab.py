"""The 组织 tab: the organisation tree (left) and the selected organisation (right)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, Signal
from PySide6.QtGui import QBrush, QColor, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from djdesk.services.database import Store
    from djdesk.services.org_info import OrgOverview
    from djdesk.services.orgs import OrgRow
    from djdesk.ui.org_detail import OrgDetail

FIRST_ORG = "建立机关党委…"
ID_ROLE = 256  # Qt.ItemDataRole.UserRole, spelled out so this module does not touch ``Qt`` before the first paint


class OrgTree(QTreeWidget):
    """Drag an organisation onto another to move it; the service decides whether that is allowed."""

    move_requested = Signal(int, int)

    def __init__(self) -> None:
        super().__init__()
        self.setHeaderLabels(["党组织", "类型", "党员数", "换届状态"])
        self.setColumnWidth(0, 240)
        self.setColumnWidth(1, 70)
        self.setColumnWidth(2, 60)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

    def dropEvent(self, event: QDropEvent) -> None:
        source = self.currentItem()
        target = self.itemAt(QPoint(int(event.position().x()), int(event.position().y())))
        event.ignore()  # the tree is rebuilt from the database after the service has decided
        if source is None or target is None or source is target:
            return
        on_item = self.dropIndicatorPosition() == QAbstractItemView.DropIndicatorPosition.OnItem
        parent = target if on_item else target.parent()
        if parent is not None:
            self.move_requested.emit(int(source.data(0, ID_ROLE)), int(parent.data(0, ID_ROLE)))


class OrgsTab(QWidget):
    changed = Signal()  # something was written: the window reloads every view

    def __init__(self, store_getter: Callable[[], Store | None] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store_getter = store_getter or (lambda: None)
        self.overviews: dict[int, OrgOverview] = {}
        self.rows: list[OrgRow] = []
        self.tree = OrgTree()
        self.tree.currentItemChanged.connect(lambda *_: self._show_selected())
        self.status = QLabel("正在载入党组织…")
        self.show_dissolved = QCheckBox("显示已撤销的组织")
        self._detail: OrgDetail | None = None
        self.pending_selection: int | None = None  # a newly created organisation, selected after reload
        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        for key in ("新增下级…", "移动到…", "撤销…", "恢复", "导出一览表…", "换届提醒函…"):
            button = QPushButton(key)
            self.buttons[key] = button
            bar.addWidget(button)
        bar.addStretch(1)
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(self.status)
        left_box.addWidget(self.tree)
        left_box.addWidget(self.show_dissolved)
        self.splitter = splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(QLabel("请在左侧选择一个党组织。"))
        splitter.setSizes([520, 480])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter)
        self._wired = False

    @property
    def detail(self) -> OrgDetail:
        """Built on first use, after the window's first paint: its table models touch PySide6's
        ``Qt`` namespace, whose first use costs about 10 ms (benchmarks/startup.py)."""
        if self._detail is None:
            from djdesk.ui.org_detail import OrgDetail

            self._detail = OrgDetail()
            self.splitter.replaceWidget(1, self._detail)
        return self._detail

    def wire(self, actions: Any) -> None:
        """Connect the buttons to the controller (``djdesk.ui.org_actions.OrgActions``)."""
        self.actions = actions
        b = self.buttons
        b["新增下级…"].clicked.connect(actions.add_child)
        b["移动到…"].clicked.connect(actions.move)
        b["撤销…"].clicked.connect(actions.dissolve)
        b["恢复"].clicked.connect(actions.restore)
        b["导出一览表…"].clicked.connect(actions.export)
        b["换届提醒函…"].clicked.connect(actions.letter)
        self.tree.move_requested.connect(actions.move_to)
        self.show_dissolved.toggled.connect(lambda _checked: self.changed.emit())
        d = self.detail
        d.edit_requested.connect(actions.edit)
        d.model_branch_requested.connect(actions.model_branch)
        d.add_seat_requested.connect(actions.add_seat)
        d.end_seat_requested.connect(actions.end_seat)
        d.delete_seat_requested.connect(actions.delete_seat)
        d.adjust_requested.connect(actions.adjust)
        d.election_requested.connect(actions.election)
        self._wired = True

    # --- data ---------------------------------------------------------------------------------
    def set_orgs(self, rows: list[OrgRow]) -> None:
        """The quick start-up view: the tree without term data."""
        if self.overviews:
            return
        self.rows = rows
        self._fill(rows, {})

    def set_overviews(self, overviews: list[OrgOverview]) -> None:
        selected = self.selected_id()
        self.overviews = {o.row.id: o for o in overviews}
        self.rows = [o.row for o in overviews]
        self._fill(self.rows, self.overviews)
        if self.pending_selection is not None:
            selected, self.pending_selection = self.pending_selection, None
        if selected is not None:
            self.select_org(selected)

    def _fill(self, rows: list[OrgRow], overviews: dict[int, OrgOverview]) -> None:
        from djdesk.ui.org_detail import STATUS_COLORS

        self.tree.clear()
        items: dict[int, QTreeWidgetItem] = {}
        for row in rows:
            ov = overviews.get(row.id)
            status = ov.term.status.label if ov and ov.term.end else ""
            name = (row.short_name or row.name) + ("（已撤销）" if row.dissolved else "")
            item = QTreeWidgetItem([name, row.kind.label, str(row.members), status])
            item.setToolTip(0, row.name)
            item.setData(0, ID_ROLE, row.id)
            if ov and ov.term.end and ov.term.status in STATUS_COLORS:
                item.setForeground(3, QBrush(QColor(STATUS_COLORS[ov.term.status])))
            if row.dissolved:
                for col in range(4):
                    item.setForeground(col, QBrush(QColor("#999999")))
            parent = items.get(row.parent_id) if row.parent_id is not None else None
            if parent is None:
                self.tree.addTopLevelItem(item)
            else:
                parent.addChild(item)
            items[row.id] = item
        self.tree.expandAll()
        # The first organisation is the 机关党委: the button says so until there is one.
        self.buttons["新增下级…"].setText("新增下级…" if rows else FIRST_ORG)
        empty = f"还没有党组织，请点“{FIRST_ORG}”。"
        self.status.setText(f"共 {len(rows)} 个党组织（可拖动调整上下级）" if rows else empty)
        if self.tree.currentItem() is None and self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))

    def selected_id(self) -> int | None:
        item = self.tree.currentItem()
        return int(item.data(0, ID_ROLE)) if item is not None else None

    def selected(self) -> OrgOverview | None:
        org_id = self.selected_id()
        return self.overviews.get(org_id) if org_id is not None else None

    def select_org(self, org_id: int) -> bool:
        stack = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        while stack:
            item = stack.pop()
            if int(item.data(0, ID_ROLE)) == org_id:
                self.tree.setCurrentItem(item)
                self.tree.scrollToItem(item)
                return True
            stack.extend(item.child(i) for i in range(item.childCount()))
        return False

    def _show_selected(self) -> None:
        self.detail.set_overview(self.selected())

