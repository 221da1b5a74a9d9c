"""No internal rule code (R-MEET-1 and the like) on any screen (issue 11, point 11).

The main window is opened on the demo data and every tab and sub-page is shown; on each page a row
of every table is selected and every button (and every entry of a button's menu) is clicked. The
dialogs those open, the message boxes they show and the 设置 / 操作日志 / 回收站 / 数据安全 / 关于 windows
of the menus are read instead of being shown: dialogs are answered 取消, questions 否, file choosers
cancelled. Everything the clerk can read is gathered (labels, buttons, tooltips, placeholders, window
and group titles, tab texts, combo items, spin box suffixes, menu entries, the header and cell texts
and tooltips of every table and tree model) and searched for ``R-[A-Z]+-\\d+``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QToolButton,
    QWidget,
)
from sqlalchemy import select

from djdesk.paths import DataPaths
from djdesk.services import demo
from djdesk.store.models import Organization
from djdesk.ui import tasks
from djdesk.ui.main_window import MainWindow
from tests.rule_codes import codes_in
from tests.ui.windows import open_window

ON = demo.reference_date(2025)  # the demo year is "this year": its pages open on it
ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
MAX_ROWS = 400  # per model level: the roster of the demo has 325 members


def _columns(model: QAbstractItemModel, parent: QModelIndex) -> int:
    return 1 if isinstance(model, QAbstractListModel) else model.columnCount(parent)  # private in a list model


def _model_texts(model: QAbstractItemModel, where: str) -> Iterator[tuple[str, str]]:
    for orientation in (Qt.Orientation.Horizontal, Qt.Orientation.Vertical):
        top = QModelIndex()
        count = _columns(model, top) if orientation is Qt.Orientation.Horizontal else model.rowCount(top)
        for section in range(min(count, MAX_ROWS)):
            for role in ROLES:
                value = model.headerData(section, orientation, role)
                if value is not None:
                    yield f"{where} header {section}", str(value)

    def cells(parent: QModelIndex) -> Iterator[tuple[str, str]]:
        for row in range(min(model.rowCount(parent), MAX_ROWS)):
            for column in range(_columns(model, parent)):
                index = model.index(row, column, parent)
                for role in ROLES:
                    value = index.data(role)
                    if isinstance(value, str):
                        yield f"{where} cell {row},{column}", value
            first = model.index(row, 0, parent)
            if model.rowCount(first) > 0:
                yield from cells(first)

    yield from cells(QModelIndex())


def _action_texts(actions: list[QAction], where: str) -> Iterator[tuple[str, str]]:
    for action in actions:
        yield f"{where} action", action.text()
        yield f"{where} action tip", action.toolTip()
        yield f"{where} action status", action.statusTip()
        if action.menu() is not None:
            yield from _action_texts(action.menu().actions(), where)


def widget_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """Every text the clerk can read in ``root`` and its children, as (where, text)."""
    for widget in [root, *root.findChildren(QWidget)]:
        where = f"{type(widget).__name__}({widget.objectName() or root.windowTitle()})"
        yield f"{where} title", widget.windowTitle()
        yield f"{where} tooltip", widget.toolTip()
        yield f"{where} status tip", widget.statusTip()
        yield f"{where} what's this", widget.whatsThis()
        yield from _action_texts(QWidget.actions(widget), where)  # some pages name an attribute "actions"
        if isinstance(widget, QLabel):
            yield f"{where} text", widget.text()
        elif isinstance(widget, QAbstractButton):
            yield f"{where} text", widget.text()
            if isinstance(widget, QPushButton | QToolButton) and widget.menu() is not None:
                yield from _action_texts(widget.menu().actions(), where)
        elif isinstance(widget, QLineEdit):
            yield f"{where} text", widget.text()
            yield f"{where} placeholder", widget.placeholderText()
        elif isinstance(widget, QTextEdit | QPlainTextEdit):
            yield f"{where} text", widget.toPlainText()
            yield f"{where} placeholder", widget.placeholderText()
        elif isinstance(widget, QGroupBox):
            yield f"{where} title", widget.title()
        elif isinstance(widget, QComboBox):
            for i in range(widget.count()):
                yield f"{where} item", widget.itemText(i)
                tip = widget.itemData(i, Qt.ItemDataRole.ToolTipRole)
                if isinstance(tip, str):
                    yield f"{where} item tip", tip
        elif isinstance(widget, QAbstractSpinBox):
            yield f"{where} special", widget.specialValueText()
            if isinstance(widget, QSpinBox):
                yield f"{where} affixes", widget.prefix() + widget.suffix()
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                yield f"{where} tab", widget.tabText(i)
                yield f"{where} tab tip", widget.tabToolTip(i)
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            yield from _model_texts(widget.model(), where)


class Reader:
    """Stands in for every dialog, message box and file chooser; keeps what they would have shown."""

    def __init__(self, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
        self.qtbot = qtbot
        self.texts: list[tuple[str, str]] = []
        self.dialogs: list[str] = []
        self.messages: list[str] = []
        reader = self

        def exec_dialog(dialog: QDialog) -> int:
            QApplication.processEvents()
            reader.dialogs.append(dialog.windowTitle() or type(dialog).__name__)
            reader.texts += widget_texts(dialog)
            return int(QDialog.DialogCode.Rejected)

        for cls in (QDialog, QMessageBox, QFileDialog, QInputDialog, QPrintDialog):
            monkeypatch.setattr(cls, "exec", exec_dialog)

        def message(kind: str, answer: QMessageBox.StandardButton) -> Any:
            def shown(_parent: Any, title: str, text: str, *_a: Any, **_k: Any) -> QMessageBox.StandardButton:
                reader.messages.append(text)
                reader.texts += [(f"{kind} box title", title), (f"{kind} box", text)]
                return answer
            return shown

        no, ok = QMessageBox.StandardButton.No, QMessageBox.StandardButton.Ok
        for kind, answer in (("information", ok), ("warning", ok), ("critical", ok), ("question", no)):
            monkeypatch.setattr(QMessageBox, kind, message(kind, answer))
        monkeypatch.setattr(QMessageBox, "about", lambda _p, title, text: reader.texts.extend(
            [("about title", title), ("about", text)]))
        for name in ("getSaveFileName", "getOpenFileName"):
            monkeypatch.setattr(QFileDialog, name, lambda *_a, **_k: ("", ""))
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: "")
        for name, cancelled in (("getText", ""), ("getMultiLineText", ""), ("getItem", ""), ("getInt", 0),
                                ("getDouble", 0.0)):
            monkeypatch.setattr(QInputDialog, name, lambda *_a, _c=cancelled, **_k: (_c, False))
        monkeypatch.setattr(QDesktopServices, "openUrl", lambda *_a: True)

    def settle(self) -> None:
        """Let background reads finish and their answers reach the screen."""
        self.qtbot.waitUntil(lambda: not tasks._running, timeout=20000)
        QApplication.processEvents()

    def read(self, widget: QWidget) -> None:
        self.settle()
        self.texts += widget_texts(widget)

    def press_everything(self, page: QWidget, prefer: str = "") -> None:
        """Select a row of each table that has no current row yet (the first, or the first showing
        ``prefer``), then click each button and each entry of a button's menu."""
        self.settle()
        for view in page.findChildren(QAbstractItemView):
            model = view.model()
            if model is None or not view.isVisible() or view.currentIndex().isValid():
                continue
            rows = range(min(model.rowCount(QModelIndex()), MAX_ROWS))
            shown = [r for r in rows if any(prefer and prefer in str(model.index(r, c).data())
                                            for c in range(_columns(model, QModelIndex())))]
            if rows:
                index = model.index((shown or list(rows))[0], 0)
                view.setCurrentIndex(index)
                view.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                             | QItemSelectionModel.SelectionFlag.Rows)
        self.settle()
        for button in page.findChildren(QPushButton):
            if not (button.isVisible() and button.isEnabled()):
                continue
            menu: QMenu | None = button.menu()
            if menu is None:
                button.click()
            else:
                for action in menu.actions():
                    if action.isEnabled() and not action.isSeparator() and action.menu() is None:
                        action.trigger()
                        self.settle()
            self.settle()
        self.read(page)


def _pages(widget: QWidget) -> list[tuple[QTabWidget, int]]:
    return [(tabs, i) for tabs in widget.findChildren(QTabWidget) for i in range(tabs.count())]


def _org_id(window: MainWindow, short: str) -> int:
    assert window.store is not None
    with window.store.sessions() as session:
        return int(session.scalar(select(Organization.id).where(Organization.short_name == short)))


def walk_every_screen(qtbot: Any, demo_paths: DataPaths, reader: Reader) -> MainWindow:
    """Open the window on the demo data and show every tab, page, dialog and menu window through ``reader``."""
    window = open_window(qtbot, demo_paths, clock=lambda: ON)
    reader.settle()
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        page = window.tabs.currentWidget()
        reader.read(page)
        for tabs, sub in _pages(page):
            tabs.setCurrentIndex(sub)
            reader.read(tabs.widget(sub))
    # The 组织 tab on a branch with a committee and an overdue term, then on the 机关党委.
    for short in (demo.OVERDUE_BRANCH, "机关党委"):
        window.open_org(_org_id(window, short))
        reader.press_everything(window.orgs_tab)
    # The roster, the 会议 pages and the 考核评议 pages (民主评议 of the branch with the 不合格 member).
    window.tabs.setCurrentWidget(window.members_tab)
    reader.press_everything(window.members_tab)
    member = window.members_tab.selected_member()
    assert member is not None
    window.member_form_actions.edit(member.id)  # the member form, as a double click opens it
    reader.settle()
    for tab in (window.meetings_tab, window.assessments_tab):
        window.tabs.setCurrentWidget(tab)
        for tabs, sub in _pages(tab):
            tabs.setCurrentIndex(sub)
            reader.press_everything(tabs.widget(sub))
    evaluation = window.assessments_tab.evaluation_view
    window.assessments_tab.pages.setCurrentWidget(evaluation)
    reader.settle()
    for combo in evaluation.findChildren(QComboBox):
        found = combo.findText(demo.UNQUALIFIED_BRANCH, Qt.MatchFlag.MatchContains)
        if found >= 0:
            combo.setCurrentIndex(found)
    reader.settle()
    reader.press_everything(evaluation, prefer="不合格")
    # The menus: 设置, 操作日志, 回收站, 数据安全, 关于.
    for menu in (window.file_menu, window.tools_menu, window.help_menu):
        for action in menu.actions():
            if action.text() and not action.text().startswith(("退出", "打开数据文件夹")):
                action.trigger()
                reader.settle()
    reader.read(window)
    return window


def test_no_rule_code_on_any_screen(qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    reader = Reader(qtbot, monkeypatch)
    window = walk_every_screen(qtbot, demo_paths, reader)
    reader.texts += _action_texts(window.menuBar().actions(), "menu bar")

    opened = "|".join(reader.dialogs)
    for title in ("设置", "操作日志", "回收站", "数据安全", "使用说明", "编辑党员信息", "组织关系转出", "失联",
                  "班子成员", "延期或提前换届", "记录换届选举", "编辑会议", "登记谈心谈话", "登记调研课题", "组织处置",
                  "述职评议考核", "评先评优", "考核表"):
        assert title in opened, reader.dialogs
    assert len(reader.dialogs) >= 45, reader.dialogs
    assert len(reader.texts) > 5000
    found = codes_in(reader.texts)
    assert found == [], "\n".join(dict.fromkeys(found))
