"""Table model of the roster. Filtering and sorting are done in Python and the model reset:
on 50,000 rows that is far faster than ``QSortFilterProxyModel`` (design.md, GUI)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from djdesk.domain.enums import RosterStatus
from djdesk.domain.idcard import age_on
from djdesk.domain.names import stroke_sort_key

if TYPE_CHECKING:
    from djdesk.services.members import MemberRow

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _years(value: dt.date | None) -> str:
    # R-DEV-12: 党龄 counts from the 转正 date (and age from the birth date), in full years.
    return str(age_on(value, dt.date.today())) if value else ""


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    text: Callable[[MemberRow], str]
    visible: bool = False  # shown by default
    width: int = 90


COLUMNS: tuple[Column, ...] = (
    Column("name", "姓名", lambda m: m.name, True, 80),
    Column("gender", "性别", lambda m: m.gender.label if m.gender else "", True, 45),
    Column("ethnicity", "民族", lambda m: m.ethnicity or "", False, 60),
    Column("id_number", "公民身份号码", lambda m: m.id_number or "", False, 160),
    Column("birth_date", "出生日期", lambda m: _date(m.birth_date)),
    Column("age", "年龄", lambda m: _years(m.birth_date), False, 45),
    Column("education", "学历", lambda m: m.education or "", False, 80),
    Column("category", "人员类别", lambda m: m.category.label, True, 75),
    Column("branch", "所在支部", lambda m: m.branch_short, True, 150),
    Column("group", "党小组", lambda m: m.group or "", False, 130),
    Column("joined_on", "入党日期", lambda m: _date(m.joined_on), True),
    Column("confirmed_on", "转正日期", lambda m: _date(m.confirmed_on), True),
    Column("party_age", "党龄", lambda m: _years(m.confirmed_on), False, 45),
    Column("job_post", "工作岗位", lambda m: m.job_post or "", False, 120),
    Column("phone", "联系电话", lambda m: m.phone or "", False, 110),
    Column("standing", "党籍状态", lambda m: m.standing.label, False, 70),
    Column("lost_contact", "失联", lambda m: "是" if m.lost_contact else "", False, 45),
    Column("floating", "流动", lambda m: f"是（{m.floating_to}）" if m.floating and m.floating_to else
           ("是" if m.floating else ""), False, 80),
    Column("employment", "在职/离退休", lambda m: m.employment.label, False, 80),
    Column("admin_position", "行政职务", lambda m: m.admin_position or "", False, 100),
    Column("party_position", "党内职务", lambda m: m.party_position or "", False, 120),
    Column("roster_status", "在册状态", lambda m: m.roster_status.label, False, 70),
)
DEFAULT_KEYS = tuple(c.key for c in COLUMNS if c.visible)


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
        self._predicate: Callable[[MemberRow], bool] | None = None
        self.columns: list[Column] = [c for c in COLUMNS if c.visible]

    # --- data in ------------------------------------------------------------------------------
    def set_members(self, rows: list[MemberRow]) -> None:
        self.beginResetModel()
        self._all = rows
        self._keys = []  # built on the first search: the roster shows sooner (benchmarks/startup.py)
        self._rows = self._filtered()
        self.endResetModel()

    def set_query(self, query: str) -> None:
        query = query.strip().lower()
        if query == self._query:
            return
        self.beginResetModel()
        self._query = query
        self._rows = self._filtered()
        self.endResetModel()

    def set_predicate(self, predicate: Callable[[MemberRow], bool] | None) -> None:
        """The tab's filters (branch, 人员类别, …) as one test; ``None`` shows those on the roster."""
        self.beginResetModel()
        self._predicate = predicate
        self._rows = self._filtered()
        self.endResetModel()

    def set_columns(self, keys: list[str]) -> None:
        wanted = [c for c in COLUMNS if c.key in keys] or [COLUMNS[0]]
        self.beginResetModel()
        self.columns = wanted
        self.endResetModel()

    def _filtered(self) -> list[MemberRow]:
        query, predicate = self._query, self._predicate
        if predicate is None:
            def predicate(m: MemberRow) -> bool:
                return m.roster_status is RosterStatus.ACTIVE
        if not query:
            return [row for row in self._all if predicate(row)]
        if len(self._keys) != len(self._all):
            self._keys = [search_key(r) for r in self._all]
        return [row for row, key in zip(self._all, self._keys, strict=True) if query in key and predicate(row)]

    # --- data out -----------------------------------------------------------------------------
    def all_rows(self) -> list[MemberRow]:
        return list(self._all)

    def member_at(self, row: int) -> MemberRow:
        return self._rows[row]

    def shown(self) -> list[MemberRow]:
        return list(self._rows)

    def total_count(self) -> int:
        """Members on the roster (not 历史党员)."""
        return sum(1 for m in self._all if m.roster_status is RosterStatus.ACTIVE)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)) or index.column() >= len(self.columns):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == SORT_ROLE:
            return row.pinyin if column.key == "name" else column.text(row)
        if role == Qt.ItemDataRole.ForegroundRole and row.roster_status is not RosterStatus.ACTIVE:
            return QBrush(QColor("#888888"))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].header if 0 <= section < len(self.columns) else None
        return None

    # --- sorting ------------------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        col = self.columns[column]
        key: Callable[[MemberRow], Any]
        if col.key == "name":
            key = lambda m: m.pinyin  # noqa: E731
        elif col.key in ("age", "party_age"):
            key = lambda m: int(col.text(m) or -1)  # noqa: E731
        else:
            key = col.text
        self._sort(key, order == Qt.SortOrder.DescendingOrder)

    def sort_by_strokes(self) -> None:
        """姓氏笔画: the order official lists use."""
        self._sort(lambda m: stroke_sort_key(m.name), False)

    def _sort(self, key: Callable[[MemberRow], Any], reverse: bool) -> None:
        self.beginResetModel()
        order = sorted(range(len(self._all)), key=lambda i: key(self._all[i]), reverse=reverse)
        self._all = [self._all[i] for i in order]
        if len(self._keys) == len(order):
            self._keys = [self._keys[i] for i in order]
        self._rows = self._filtered()
        self.endResetModel()
