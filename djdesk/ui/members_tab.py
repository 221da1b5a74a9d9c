"""The 党员 tab: the roster with search (names, pinyin initials, ID numbers), filters and columns."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from djdesk.ui.fields import ComboBox, fill_orgs, take_focus_by_click

if TYPE_CHECKING:
    from djdesk.services.members import MemberRow
    from djdesk.services.orgs import OrgRow
    from djdesk.ui.member_table_model import MemberTableModel

def _choice(all_label: str, items: list[str]) -> QComboBox:
    """A filter whose first entry (“…：全部”) names it, so no separate label is needed."""
    box = ComboBox(focus_by_click=False)  # made before the first paint: see set_orgs
    box.addItem(f"{all_label}：全部", None)
    for item in items:
        box.addItem(item, item)
    return box


class MembersTab(QWidget):
    members_shown = Signal(int)
    open_requested = Signal(int)  # a member id (double-click)

    def __init__(self, ui_settings: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui_settings = ui_settings
        self._model: MemberTableModel | None = None
        self._orgs: list[OrgRow] = []
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索：姓名、拼音首字母（如 zs）或身份证号")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search)
        self.count_label = QLabel("正在载入党员名单…")
        self.branch = ComboBox(focus_by_click=False)
        self.branch.addItem("组织：全部", None)
        self.category = _choice("类别", ["正式党员", "预备党员"])
        self.standing = _choice("党籍", ["正常", "停止党籍"])
        self.lost = _choice("失联", ["失联党员", "未失联"])
        self.floating = _choice("流动", ["流动党员", "非流动党员"])
        self.employment = _choice("在职", ["在职", "离退休"])
        self.history = QCheckBox("显示历史党员")
        for box in (self.branch, self.category, self.standing, self.lost, self.floating, self.employment):
            box.currentIndexChanged.connect(self.apply_filters)
            # Let the filter bar fit a 1024-pixel screen: boxes may shrink, their lists stay wide.
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(6)
        self.history.toggled.connect(self.apply_filters)
        self.columns_button = QToolButton()
        self.columns_button.setText("显示列…")
        self.columns_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.order = ComboBox(focus_by_click=False)
        self.order.addItems(["按支部排列", "按姓名拼音", "按姓氏笔画"])
        self.order.currentIndexChanged.connect(self._on_order)
        self.action_buttons: dict[str, QPushButton] = {}

        self.table = QTableView()
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(False)  # each column its own width (COLUMNS)
        self.table.doubleClicked.connect(lambda index: self.open_requested.emit(self.model.member_at(index.row()).id))

        top = QHBoxLayout()
        top.addWidget(QLabel("查找："))
        top.addWidget(self.search, 1)
        top.addWidget(self.order)
        top.addWidget(self.columns_button)
        top.addWidget(self.count_label)
        filters = QHBoxLayout()
        for box in (self.branch, self.category, self.standing, self.lost, self.floating, self.employment):
            filters.addWidget(box)
        filters.addWidget(self.history)
        filters.addStretch(1)
        self.actions_bar = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addLayout(self.actions_bar)
        layout.addWidget(self.table)

    @property
    def model(self) -> MemberTableModel:
        """Made on first use: its module touches PySide6's ``Qt`` namespace, whose first use costs
        about 10 ms, and that should come after the window's first paint (benchmarks/startup.py)."""
        if self._model is None:
            from djdesk.ui.member_table_model import MemberTableModel

            self._model = MemberTableModel()
            self.table.setModel(self._model)
            self.table.horizontalHeader().setSortIndicator(-1, self.table.horizontalHeader().sortIndicatorOrder())
            self._build_column_menu()
        return self._model

    def add_action(self, text: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(lambda _checked=False: slot())  # clicked(bool) must not reach the slot's arguments
        self.actions_bar.addWidget(button)
        self.action_buttons[text] = button
        return button

    def finish_actions(self) -> None:
        self.actions_bar.addStretch(1)

    # --- data ---------------------------------------------------------------------------------
    def set_orgs(self, rows: list[OrgRow]) -> None:
        self._orgs = rows
        # The filters take the wheel only when focused; set once the data is here (djdesk.ui.fields).
        take_focus_by_click(self.branch, self.category, self.standing, self.lost, self.floating, self.employment,
                            self.order)
        fill_orgs(self.branch, [(row.id, row.short_name or row.name, row.depth) for row in rows], first="组织：全部")

    def set_members(self, rows: list[MemberRow]) -> None:
        self.model.set_members(rows)
        if self.order.currentIndex() != 0:  # keep the chosen order across refreshes
            self._on_order(self.order.currentIndex())
        self._apply_widths()
        self._update_count()
        self.members_shown.emit(self.model.rowCount())

    def selected_member(self) -> MemberRow | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.member_at(rows[0].row()) if rows else None

    # --- filters ------------------------------------------------------------------------------
    def apply_filters(self) -> None:
        from djdesk.domain.enums import RosterStatus
        from djdesk.services.orgs import subtree_ids

        org_id = self.branch.currentData()
        orgs = subtree_ids(self._orgs, int(org_id)) if org_id is not None else None
        category, standing = self.category.currentData(), self.standing.currentData()
        lost, floating = self.lost.currentData(), self.floating.currentData()
        employment, history = self.employment.currentData(), self.history.isChecked()

        def keep(m: MemberRow) -> bool:
            if not history and m.roster_status is not RosterStatus.ACTIVE:
                return False
            if orgs is not None and m.branch_id not in orgs and m.group_id not in orgs:
                return False
            if category is not None and m.category.label != category:
                return False
            if standing is not None and m.standing.label != standing:
                return False
            if lost is not None and m.lost_contact != (lost == "失联党员"):
                return False
            if floating is not None and m.floating != (floating == "流动党员"):
                return False
            return employment is None or m.employment.label == employment

        self.model.set_predicate(keep)
        self._update_count()

    def _on_search(self, text: str) -> None:
        self.model.set_query(text)
        self._update_count()

    def _on_order(self, index: int) -> None:
        self.table.horizontalHeader().setSortIndicatorShown(False)
        if index == 2:
            self.model.sort_by_strokes()
        elif index == 1:
            self.model.sort(0)
        else:
            self.model.set_members(sorted(self.model.all_rows(), key=lambda m: (self._branch_rank(m), m.id)))

    def _branch_rank(self, m: MemberRow) -> int:
        order = {row.id: i for i, row in enumerate(self._orgs)}
        return order.get(m.branch_id, len(order))

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total_count()
        if shown == total:
            self.count_label.setText(f"共 {total} 名党员")
        else:
            self.count_label.setText(f"显示 {shown} 名（在册共 {total} 名）")

    # --- columns ------------------------------------------------------------------------------
    def _build_column_menu(self) -> None:
        from djdesk.ui.member_table_model import COLUMNS, DEFAULT_KEYS

        saved = self.ui_settings.value("members/columns") if self.ui_settings else None
        keys = [str(k) for k in saved] if isinstance(saved, list) and saved else list(DEFAULT_KEYS)
        assert self._model is not None
        self._model.set_columns(keys)
        menu = QMenu(self)
        for column in COLUMNS:
            action = menu.addAction(column.header)
            action.setCheckable(True)
            action.setChecked(column.key in keys)
            action.setData(column.key)
            action.toggled.connect(lambda _checked: self._columns_changed(menu))
        menu.addSeparator()
        menu.addAction("恢复默认列", lambda: self._reset_columns(menu))
        self.columns_button.setMenu(menu)

    def _columns_changed(self, menu: QMenu) -> None:
        keys = [str(a.data()) for a in menu.actions() if a.isCheckable() and a.isChecked()]
        self.model.set_columns(keys)
        self._apply_widths()
        if self.ui_settings is not None:
            self.ui_settings.setValue("members/columns", keys)

    def _reset_columns(self, menu: QMenu) -> None:
        from djdesk.ui.member_table_model import DEFAULT_KEYS

        for action in menu.actions():
            if action.isCheckable():
                action.blockSignals(True)
                action.setChecked(str(action.data()) in DEFAULT_KEYS)
                action.blockSignals(False)
        self._columns_changed(menu)

    def _apply_widths(self) -> None:
        for i, column in enumerate(self.model.columns):
            self.table.setColumnWidth(i, column.width)
