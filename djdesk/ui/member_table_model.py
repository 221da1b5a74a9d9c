"""Table model of the roster. Filtering is done in Python and the model reset (design.md, GUI)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

if TYPE_CHECKING:
    from djdesk.services.members import MemberRow

Index = QModelIndex | QPersistentModelIndex

COL_NAME, COL_GENDER, COL_BRANCH, COL_CATEGORY, COL_JOINED, COL_CONFIRMED = range(6)
HEADERS = ("姓名", "性别", "所在支部", "人员类别", "入党日期", "转正日期")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


def _cell(row: MemberRow, column: int) -> str:
    if column == COL_NAME:
        return row.name
    if column == COL_GENDER:
        return row.gender.label if row.gender else ""
    if column == COL_BRANCH:
        return row.branch
    if column == COL_CATEGORY:
        return row.category.label
    if column == COL_JOINED:
        return row.joined_on.isoformat() if row.joined_on else ""
    if column == COL_CONFIRMED:
        return row.confirmed_on.isoformat() if row.confirmed_on else ""
    return ""


def search_key(row: MemberRow) -> str:
    """Name, pinyin initials (``zs`` finds 张三), full pinyin and ID number, lower-cased."""
    return f"{row.name}\x00{row.initials}\x00{row.pinyin}\x00{(row.id_number or '').lower()}".lower()


class MemberTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._all: list[MemberRow] = []
        self._keys: list[str] = []
        self._rows: list[MemberRow] = []
        self._query = ""

    def set_members(self, rows: list[MemberRow]) -> None:
        self.beginResetModel()
        self._all = rows
        self._keys = [search_key(r) for r in rows]
        self._rows = self._filtered(self._query)
        self.endResetModel()

    def set_query(self, query: str) -> None:
        query = query.strip().lower()
        if query == self._query:
            return
        self.beginResetModel()
        self._query = query
        self._rows = self._filtered(query)
        self.endResetModel()

    def _filtered(self, query: str) -> list[MemberRow]:
        if not query:
            return list(self._all)
        return [row for row, key in zip(self._all, self._keys, strict=True) if query in key]

    def all_rows(self) -> list[MemberRow]:
        return list(self._all)

    def member_at(self, row: int) -> MemberRow:
        return self._rows[row]

    def total_count(self) -> int:
        return len(self._all)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            if role == SORT_ROLE and index.column() == COL_NAME:
                return row.pinyin
            return _cell(row, index.column())
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.beginResetModel()
        reverse = order == Qt.SortOrder.DescendingOrder
        if column == COL_NAME:
            self._all.sort(key=lambda r: r.pinyin, reverse=reverse)
        else:
            self._all.sort(key=lambda r: _cell(r, column), reverse=reverse)
        self._keys = [search_key(r) for r in self._all]
        self._rows = self._filtered(self._query)
        self.endResetModel()
