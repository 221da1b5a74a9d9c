"""Small widgets and helpers shared by the tabs and dialogs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, QTime
from PySide6.QtGui import QPainter, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTimeEdit,
    QWidget,
)

from djdesk.domain.dates import DateParseError, format_cn, parse_date
from djdesk.domain.errors import DjdeskError
from djdesk.ui.fields import DEPTH_ROLE, take_focus_by_click, wheel_allowed
from djdesk.ui.fields import ComboBox as ComboBox
from djdesk.ui.fields import fill_orgs as fill_orgs
from djdesk.ui.screen import fit_to_screen as fit_to_screen

T = TypeVar("T")


class DateField(QLineEdit):
    """A date typed the way clerks type it (2022-07-01, 2022.7.1, 2022年7月1日 …); empty means none."""

    def __init__(self, value: dt.date | None = None, parent: QWidget | None = None, *, required: bool = False) -> None:
        super().__init__(parent)
        self.required = required
        self.setPlaceholderText("如 2022-07-01" + ("" if required else "（可不填）"))
        self.set_date(value)

    def set_date(self, value: dt.date | None) -> None:
        self.setText(value.isoformat() if value else "")

    def date(self, label: str) -> dt.date | None:
        """The date, or raise :class:`DjdeskError` naming the field ``label``."""
        text = self.text().strip()
        if not text:
            if self.required:
                raise DjdeskError(f"请填写{label}。")
            return None
        try:
            parsed = parse_date(text)
        except DateParseError as exc:
            raise DjdeskError(f"{label}：{exc.message}") from exc
        if parsed is None:
            return None
        if parsed.partial:
            raise DjdeskError(f"{label}请写到日，如 {format_cn(parsed.value)}。")
        return parsed.value


def show_problem(parent: QWidget | None, exc: BaseException) -> None:
    """A refusal or an environment problem in its own words; anything else as one generic sentence,
    its traceback logged. Never the text of the error itself: a database error's holds the SQL and
    the values being written (services/problems.py)."""
    from djdesk.services.problems import Unexpected, as_problem, log_unexpected

    problem = as_problem(exc)
    if isinstance(problem, Unexpected):
        log_unexpected(exc, "操作没有完成")
        QMessageBox.critical(parent, "程序遇到问题", problem.message)
    else:
        QMessageBox.warning(parent, "无法完成", problem.message)


def attempt(parent: QWidget | None, action: Callable[[], T]) -> T | None:
    """Run a quick service call; a refusal is shown to the clerk and ``None`` returned."""
    try:
        return action()
    except DjdeskError as exc:
        show_problem(parent, exc)
        return None


def ok_cancel(dialog: QDialog) -> QDialogButtonBox:
    """确定/取消 buttons (Qt's own Chinese translation) wired to ``dialog``."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes


def cn_date(value: dt.date | None) -> str:
    """A date in a sentence or a form's field: 2026年3月13日 (tables use :func:`table_date`)."""
    return format_cn(value) if value else ""


def table_date(value: dt.date | None) -> str:
    """A date in a table cell: 2026-03-13, compact and sortable, the same in every table."""
    return value.isoformat() if value else ""


def any_text(value: Any) -> str:
    return "" if value is None else str(value)


def fit_columns(view: QTableView, stretch: str | None = None) -> None:
    """Every column as wide as its content; the column headed ``stretch`` (one long text: 内容, 提醒内容…)
    takes the width that is left, so that the last column does not swallow it."""
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(False)
    model = view.model()
    if stretch is None or model is None:
        return
    for column in range(model.columnCount()):
        if model.headerData(column, Qt.Orientation.Horizontal) == stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            return
    raise ValueError(f"no column headed {stretch!r}")


def table_view(model: Any, *, editable: bool = False, stretch: str | None = None) -> QTableView:
    """The project's table: whole rows selected, columns fitted (see :func:`fit_columns`), no row numbers."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if not editable:
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    fit_columns(view, stretch)
    view.verticalHeader().hide()
    return view


def add_buttons(layout: QBoxLayout, actions: Iterable[tuple[str, Callable[[], object]]]) -> list[QPushButton]:
    """A push button for each (text, slot), added to ``layout`` in that order; the buttons."""
    made = []
    for text, slot in actions:
        button = QPushButton(text)
        button.clicked.connect(slot)
        layout.addWidget(button)
        made.append(button)
    return made


def close_button(dialog: QDialog) -> QPushButton:
    """关闭, which closes ``dialog`` as accepted."""
    close = QPushButton("关闭")
    close.clicked.connect(dialog.accept)
    return close


def year_box(year: int) -> QSpinBox:
    """A year chooser (2000–2100, shown as “2025 年”) set to ``year``."""
    box = SpinBox()
    box.setRange(2000, 2100)
    box.setValue(year)
    box.setSuffix(" 年")
    return box


# --- number, date and time fields: the wheel only when focused (see djdesk.ui.fields) -----------------

class SpinBox(QSpinBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        take_focus_by_click(self)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if wheel_allowed(self, event):
            super().wheelEvent(event)


class DoubleSpinBox(QDoubleSpinBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        take_focus_by_click(self)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if wheel_allowed(self, event):
            super().wheelEvent(event)


class TimeEdit(QTimeEdit):
    def __init__(self, time: QTime | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if time is not None:
            self.setTime(time)
        take_focus_by_click(self)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if wheel_allowed(self, event):
            super().wheelEvent(event)


class DateEdit(QDateEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        take_focus_by_click(self)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if wheel_allowed(self, event):
            super().wheelEvent(event)


class IndentDelegate(QStyledItemDelegate):
    """The drop-down list of an organisation picker indented like the tree; the chosen name itself
    (shown in the closed box, read by code) has no leading spaces."""

    def _indent(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> int:
        depth = index.data(DEPTH_ROLE)
        return int(depth) * option.fontMetrics.horizontalAdvance("一") if isinstance(depth, int) else 0

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        indent = self._indent(option, index)
        if indent:
            option = QStyleOptionViewItem(option)
            option.rect.setLeft(option.rect.left() + indent)
        super().paint(painter, option, index)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + self._indent(option, index), size.height())
