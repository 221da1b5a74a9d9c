"""数据安全 in the window: the daily check's finding on the 首页, 修复 and the restore it offers, and an
empty database file at start-up (the recovery dialog, never an empty program)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from djdesk.paths import DataPaths
from djdesk.services.backups import daily_name
from djdesk.store.backup import backup_to
from djdesk.ui.admin_dialogs import SafetyDialog
from djdesk.ui.main_window import MainWindow
from tests.store.damage import break_index, pragma

TODAY = dt.date(2026, 11, 26)


def home_rows(window: MainWindow) -> list[list[str]]:
    model = window.home_tab.model
    return [[str(model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole) or "")
             for c in range(model.columnCount())] for r in range(model.rowCount())]


def safety_rows(window: MainWindow) -> list[list[str]]:
    return [row for row in home_rows(window) if "数据安全" in row]


def started(qtbot: Any, paths: DataPaths) -> MainWindow:
    window = MainWindow(paths, offer_demo=False, clock=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignals([window.data_loaded, window.store_ready, window.daily_backup_done], timeout=30000):
        window.open_data()
    return window


def test_index_damage_is_an_urgent_home_item_and_repair_clears_it(
    qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_index(demo_paths.database)
    window = started(qtbot, demo_paths)  # quick_check passes: the window opens as usual
    qtbot.waitUntil(lambda: len(safety_rows(window)) == 1, timeout=20000)
    [row] = safety_rows(window)
    assert row[0] == "紧急" and "数据需要修复" in row[-1] and "R-" not in row[-1]
    assert not (demo_paths.backups / daily_name(TODAY)).exists()

    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a, **k: told.append(text))
    assert window.store is not None
    dialog = SafetyDialog(window.store, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.repair_box.isVisible()
    assert "需要修复" in dialog.check_label.text()
    [repair] = [b for b in dialog.findChildren(QPushButton) if b.text() == "修复"]
    with qtbot.waitSignal(dialog.repair_finished, timeout=20000) as finished:
        qtbot.mouseClick(repair, Qt.MouseButton.LeftButton)
    assert finished.args == [True]
    assert len(told) == 1 and "修复完成" in told[0] and "before-repair-" in told[0]
    assert not dialog.repair_box.isVisible()
    assert pragma(demo_paths.database, "integrity_check") == ["ok"]

    assert dialog.changed
    with qtbot.waitSignal(window.details_loaded, timeout=20000):
        window.refresh_details()  # what 文件 → 数据安全… does when the dialog closes after a change
    assert safety_rows(window) == []


def test_the_dialog_offers_the_newest_good_backup(qtbot: Any, demo_paths: DataPaths) -> None:
    good = backup_to(demo_paths.database, demo_paths.backups / daily_name(TODAY - dt.timedelta(days=1)))
    break_index(demo_paths.database)
    window = started(qtbot, demo_paths)
    assert window.store is not None
    dialog = SafetyDialog(window.store, window)
    qtbot.addWidget(dialog)
    dialog.show()
    [restore] = [b for b in dialog.findChildren(QPushButton) if b.text() == "从最新的完好备份恢复…"]
    qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    assert dialog.result() == SafetyDialog.RESTORE
    assert dialog.restore_source == good


def test_a_sound_database_shows_no_repair(qtbot: Any, demo_paths: DataPaths) -> None:
    window = started(qtbot, demo_paths)
    assert window.store is not None
    dialog = SafetyDialog(window.store, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.repair_box.isVisible()
    assert dialog.check_label.text() == "2026年11月26日，通过"
    assert safety_rows(window) == []


def test_a_zero_byte_database_is_offered_the_good_backup_not_opened_empty(
    qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = backup_to(demo_paths.database, demo_paths.backups / daily_name(TODAY - dt.timedelta(days=1)))
    expected = pragma(good, "integrity_check")
    for side in ("-wal", "-shm"):
        demo_paths.database.with_name(demo_paths.database.name + side).unlink(missing_ok=True)
    demo_paths.database.write_bytes(b"")
    asked: list[str] = []

    def question(_parent: Any, _title: str, text: str, *_a: Any, **_k: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "information", lambda *_a, **_k: None)
    window = MainWindow(demo_paths, offer_demo=True, clock=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignals([window.data_loaded, window.store_ready], timeout=30000):
        window.open_data()
    assert len(asked) == 1 and "0 字节" in asked[0] and good.name in asked[0]
    assert 'db restore "' not in asked[0]  # the command line's own advice is not the window's
    [aside] = demo_paths.backups.glob("damaged-*.sqlite3")
    assert aside.read_bytes() == b""
    assert window.members_tab.model.rowCount() > 300
    assert expected == ["ok"]
