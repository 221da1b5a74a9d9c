"""A read-only table model over prepared rows of text, each with a payload (an id or a record)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

Index = QModelIndex | QPersistentModelIndex
PAYLOAD_ROLE = Qt.ItemDataRole.UserRole + 1


class RowsModel(QAbstractTableModel):
    def __init__(self, headers: Sequence[str]) -> None:
        super().__init__()
        self.headers = list(headers)
        self._rows: list[list[str]] = []
        self._payloads: list[Any] = []
        self._colors: list[str | None] = []

    def set_rows(self, rows: Sequence[Sequence[str]], payloads: Sequence[Any] | None = None,
                 colors: Sequence[str | None] | None = None) -> None:
        self.beginResetModel()
        self._rows = [list(r) for r in rows]
        self._payloads = list(payloads) if payloads is not None else [None] * len(self._rows)
        self._colors = list(colors) if colors is not None else [None] * len(self._rows)
        self.endResetModel()

    def payload(self, row: int) -> Any:
        return self._payloads[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            row = self._rows[index.row()]
            text = row[index.column()] if index.column() < len(row) else ""
            return text if role == Qt.ItemDataRole.DisplayRole or len(text) > 12 else None
        if role == Qt.ItemDataRole.ForegroundRole and self._colors[index.row()]:
            return QBrush(QColor(self._colors[index.row()]))
        if role == PAYLOAD_ROLE:
            return self._payloads[index.row()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return None
