"""Every window fits a 1366×768 laptop with a taskbar (issue 13, point 8).

The room such a screen leaves a window is 1366×728; Windows adds a title bar and borders of about 16×39
pixels (djdesk.ui.screen.FRAME). The dialogs are sized from the screen's available geometry
(``screen.available_size``), which the tests set to 1366×728, then shown on the offscreen platform (its
own screen is 800×800 and clamps nothing): the window with the Windows frame must fit, the layout's
minimum included (a layout grows a window to its minimum when shown).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtPrintSupport import QPrintDialog, QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QInputDialog, QMessageBox, QWidget

from djdesk.paths import DataPaths
from djdesk.services.database import Store
from djdesk.ui import screen, tasks
from djdesk.ui.import_wizard import ImportWizard
from djdesk.ui.meeting_docs_actions import preview_html
from djdesk.ui.screen import FRAME
from tests.ui.test_no_rule_codes import Reader, walk_every_screen

LAPTOP = QSize(1366, 728)  # 1366×768 less a 40-pixel taskbar


@pytest.fixture(autouse=True)
def laptop(monkeypatch: pytest.MonkeyPatch) -> QSize:
    monkeypatch.setattr(screen, "available_size", lambda: LAPTOP)
    return LAPTOP


def framed(widget: QWidget) -> QSize:
    """The window's size on Windows: what it shows, and the title bar and borders around it."""
    return widget.size() + FRAME


def fits(size: QSize) -> bool:
    return size.width() <= LAPTOP.width() and size.height() <= LAPTOP.height()


class SizeReader(Reader):
    """test_no_rule_codes' reader, which also shows each dialog before answering it, and notes its size."""

    def __init__(self, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
        super().__init__(qtbot, monkeypatch)
        self.sizes: dict[str, QSize] = {}
        answer = QDialog.exec  # the reader's: 取消, after reading the texts

        def exec_(dialog: QDialog) -> int:
            dialog.show()
            QApplication.processEvents()
            title = dialog.windowTitle() or type(dialog).__name__
            if not isinstance(dialog, QMessageBox | QFileDialog | QInputDialog):  # sized by Qt itself
                self.sizes[title] = framed(dialog)
            dialog.hide()
            return int(answer(dialog))

        for cls in (QDialog, QMessageBox, QFileDialog, QInputDialog, QPrintDialog):
            monkeypatch.setattr(cls, "exec", exec_)


def test_every_dialog_fits_a_laptop_screen(qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every dialog the window opens (each tab's buttons and menus, 设置, 操作日志, 回收站, 数据安全, 使用说明…)."""
    reader = SizeReader(qtbot, monkeypatch)
    window = walk_every_screen(qtbot, demo_paths, reader)
    assert fits(framed(window))
    opened = set(reader.sizes)
    for title in ("设置", "编辑会议", "新建会议", "打印预览", "编辑党员信息", "新增党员", "记录换届选举",
                  "操作日志", "回收站", "数据安全", "使用说明", "登记谈心谈话", "评先评优", "考核表"):
        assert any(title in t for t in opened), (title, sorted(opened))
    assert len(opened) >= 30, sorted(opened)
    too_big = {title: (s.width(), s.height()) for title, s in reader.sizes.items() if not fits(s)}
    assert too_big == {}


def test_the_print_preview_fits(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[QSize] = []

    def exec_(dialog: QPrintPreviewDialog) -> int:
        dialog.show()
        QApplication.processEvents()
        shown.append(framed(dialog))
        dialog.hide()
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", exec_)
    holder = QWidget()
    qtbot.addWidget(holder)
    preview_html(holder, "<p>会议记录</p>")
    assert len(shown) == 1 and fits(shown[0]), shown
    assert shown[0].height() == LAPTOP.height()  # as tall as the screen allows: the page is large


def test_the_import_wizard_fits(qtbot: Any, store: Store, tmp_path: Path) -> None:
    roster = tmp_path / "名册.csv"
    with roster.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["姓名", "性别", "公民身份号码", "所在党支部", *(f"备注{i}" for i in range(40))])
        writer.writerow(["张三", "男", "", "办公室支部"])
    wizard = ImportWizard(roster, store.sessions, [(1, "办公室支部")])
    qtbot.addWidget(wizard)
    qtbot.waitUntil(lambda: not tasks._running, timeout=20000)
    wizard.show()
    QApplication.processEvents()
    assert wizard.sheet_tabs.count() == 1  # the 44 columns, each with its choice, scroll inside
    assert fits(framed(wizard)), framed(wizard)


def test_fit_to_screen_shrinks_to_the_room_and_keeps_what_fits(qtbot: Any) -> None:
    small, large = QWidget(), QWidget()
    qtbot.addWidget(small)
    qtbot.addWidget(large)
    screen.fit_to_screen(small, 560, 400)
    screen.fit_to_screen(large, 1500, 900)
    assert (small.width(), small.height()) == (560, 400)
    assert (large.width(), large.height()) == (1366 - 16, 728 - 39)
