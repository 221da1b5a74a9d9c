"""Small widgets and helpers shared by the tabs and dialogs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QWidget,
)

from djdesk.domain.dates import DateParseError, format_cn, parse_date
from djdesk.domain.errors import DjdeskError

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
    return format_cn(value) if value else ""


def any_text(value: Any) -> str:
    return "" if value is None else str(value)


def table_view(model: Any, *, editable: bool = False) -> QTableView:
    """The project's table: whole rows selected, columns fitted, the last one stretched, no row numbers."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if not editable:
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    view.verticalHeader().hide()
    return view


def add_buttons(layout: QBoxLayout, actions: Iterable[tuple[str, Callable[[], object]]]) -> None:
    """A push button for each (text, slot), added to ``layout`` in that order."""
    for text, slot in actions:
        button = QPushButton(text)
        button.clicked.connect(slot)
        layout.addWidget(button)


def close_button(dialog: QDialog) -> QPushButton:
    """关闭, which closes ``dialog`` as accepted."""
    close = QPushButton("关闭")
    close.clicked.connect(dialog.accept)
    return close


def year_box(year: int) -> QSpinBox:
    """A year chooser (2000–2100, shown as “2025 年”) set to ``year``."""
    box = QSpinBox()
    box.setRange(2000, 2100)
    box.setValue(year)
    box.setSuffix(" 年")
    return box
