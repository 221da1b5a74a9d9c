"""The main window as the clerk sees it: tabs, the roster search, start-up faults."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from djdesk.paths import DataPaths
from djdesk.services.members import list_members
from djdesk.ui.main_window import TAB_TITLES, MainWindow
from djdesk.ui.member_table_model import MemberTableModel
from tests.ui.windows import open_window

COL_NAME = 0


def test_opens_on_demo_data_and_lists_every_member(qtbot: Any, demo_paths: DataPaths) -> None:
    window = open_window(qtbot, demo_paths)
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == list(TAB_TITLES)
    assert window.store is not None
    expected = list_members(window.store.sessions)
    model = window.members_tab.model
    assert model.rowCount() == len(expected) > 300
    names = {model.index(r, COL_NAME).data() for r in range(model.rowCount())}
    assert names == {m.name for m in expected}
    assert f"共 {len(expected)} 名党员" in window.members_tab.count_label.text()
    # The 组织 tab shows the tree: the 机关党委 at the top with its children under it.
    tree = window.orgs_tab.tree
    assert tree.topLevelItemCount() == 1
    assert tree.topLevelItem(0).text(1) == "机关党委"
    assert tree.topLevelItem(0).childCount() >= 5


def test_ctrl_number_switches_tabs(qtbot: Any, demo_paths: DataPaths) -> None:
    window = open_window(qtbot, demo_paths)
    window.activateWindow()
    for index in (2, 7, 0, 4):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_1 + index), Qt.KeyboardModifier.ControlModifier)
        assert window.tabs.currentIndex() == index
        assert window.tabs.currentWidget().isVisible()


def test_search_by_pinyin_initials_name_and_id(qtbot: Any, demo_paths: DataPaths) -> None:
    window = open_window(qtbot, demo_paths)
    tab = window.members_tab
    model = tab.model
    first = model.member_at(0)
    # Pinyin initials of a real member: every row shown has those initials somewhere.
    qtbot.keyClicks(tab.search, first.initials)
    shown = [model.member_at(r) for r in range(model.rowCount())]
    assert first in shown
    assert all(first.initials in (m.initials + m.pinyin + m.name) or first.initials in (m.id_number or "").lower()
               for m in shown)
    assert model.rowCount() < model.total_count()
    assert f"显示 {model.rowCount()} 名" in tab.count_label.text()
    # The ID number finds exactly that member.
    tab.search.setText(first.id_number or "")
    assert model.rowCount() == 1 and model.member_at(0).id == first.id
    # The name finds the member too; clearing shows everyone again.
    tab.search.setText(first.name)
    assert first in [model.member_at(r) for r in range(model.rowCount())]
    tab.search.clear()
    assert model.rowCount() == model.total_count()


def test_zs_finds_zhang_san(qtbot: Any, qtmodeltester: Any) -> None:
    """``zs`` finds 张三 but not 李四 (design.md, GUI)."""
    import datetime as dt

    from djdesk.domain.enums import Gender, MemberCategory
    from djdesk.services.members import MemberRow

    def row(i: int, name: str, initials: str, pinyin: str) -> MemberRow:
        return MemberRow(i, name, Gender.MALE, None, 1, "第一党支部", MemberCategory.FULL,
                         dt.date(2000, 7, 1), dt.date(2001, 7, 1), initials, pinyin)

    model = MemberTableModel()
    model.set_members([row(1, "张三", "zs", "zhangsan"), row(2, "李四", "ls", "lisi")])
    qtmodeltester.check(model)
    model.set_query("zs")
    assert [model.member_at(r).name for r in range(model.rowCount())] == ["张三"]
    model.set_query("ZS")
    assert model.rowCount() == 1
    model.set_query("")
    model.sort(COL_NAME, Qt.SortOrder.DescendingOrder)
    assert [model.member_at(r).name for r in range(model.rowCount())] == ["张三", "李四"]
    qtmodeltester.check(model)


def test_window_geometry_is_remembered(qtbot: Any, demo_paths: DataPaths) -> None:
    window = open_window(qtbot, demo_paths)
    size = (min(790, window.minimumSizeHint().width() + 20), 520)  # fits the 800×600 offscreen screen
    window.resize(*size)
    window.tabs.setCurrentIndex(2)
    window.close()
    settings = QSettings(str(demo_paths.root / "window.ini"), QSettings.Format.IniFormat)
    assert settings.value("window/tab") in (2, "2")
    again = MainWindow(demo_paths, offer_demo=False)
    qtbot.addWidget(again)
    assert (again.size().width(), again.size().height()) == size
    assert again.tabs.currentIndex() == 2


def test_empty_database_offers_demo_data(qtbot: Any, data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    offered: list[bool] = []  # the welcome (tests/ui/test_welcome.py), which offers the demo among its ways in
    monkeypatch.setattr(MainWindow, "_offer_welcome", lambda self: offered.append(True))
    window = open_window(qtbot, data_paths, offer_demo=True)
    qtbot.waitUntil(lambda: offered == [True], timeout=5000)
    assert window.members_tab.model.rowCount() == 0
    with qtbot.waitSignal(window.data_loaded, timeout=30000):
        window.load_demo()
    assert window.members_tab.model.rowCount() > 300


def test_corrupt_database_is_reported_and_untouched(qtbot: Any, data_paths: DataPaths) -> None:
    data_paths.database.write_bytes(b"SQLite format 3\x00" + b"\x13" * 4000)
    before = data_paths.database.read_bytes()
    window = MainWindow(data_paths, offer_demo=False)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.startup_failed, timeout=10000) as blocker:
        window.open_data()
    assert "损坏" in blocker.args[0]
    assert data_paths.database.read_bytes() == before


def test_second_instance_is_refused(qtbot: Any, data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import QLockFile

    from djdesk import app

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a[2]))
    first = QLockFile(str(data_paths.lock_file))
    assert first.tryLock(100)
    try:
        assert app.run_gui(data_paths) == app.EXIT_ENV
    finally:
        first.unlock()
    assert shown and "已经在运行" in shown[0]


def test_chinese_translations_loaded(qtbot: Any) -> None:
    from PySide6.QtCore import QCoreApplication

    from djdesk.app import install_translators

    app = QCoreApplication.instance()
    translators = install_translators(app)  # type: ignore[arg-type]
    try:
        assert translators
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    finally:
        for t in translators:
            app.removeTranslator(t)  # type: ignore[union-attr]


def test_smoke_test_exits_zero(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "djdesk", "--smoke-test"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_tabs_are_made_when_first_needed_and_all_work(qtbot: Any, demo_paths: DataPaths) -> None:
    """Only the tab on screen is made before the first paint; the roster, tree and 首页 when the
    data arrives; the rest once the store is open — each in its own place, with its title, and
    wired to the store (benchmarks/startup.py)."""
    window = MainWindow(demo_paths, offer_demo=False)
    qtbot.addWidget(window)
    assert sorted(window._pages) == [0]  # 首页, the default tab
    assert window.tabs.currentWidget() is window.home_tab
    window.show()
    with qtbot.waitSignal(window.data_loaded, timeout=20000):
        window.open_data()
    assert {0, 1, 2} <= set(window._pages)
    assert window.members_tab.model.rowCount() > 300
    qtbot.waitUntil(lambda: window.store is not None and len(window._pages) == len(TAB_TITLES), timeout=20000)
    for index, title in enumerate(TAB_TITLES):
        assert window.tabs.tabText(index) == title
        assert window.tabs.widget(index) is window.page(index)
    assert window.tabs.currentIndex() == 0  # building the others did not move the current tab
    # The tabs made after the store opened have their store-backed parts.
    assert window.meetings_tab.list_view is not None
    window.tabs.setCurrentWidget(window.meetings_tab)
    window.meetings_tab.list_view.year.setValue(2025)  # the demo's year
    qtbot.waitUntil(lambda: window.meetings_tab.list_view.model.rowCount() > 100, timeout=20000)
    assert window.member_actions is not None and "新增党员…" in window.members_tab.action_buttons


def test_a_tab_shown_first_is_made_before_the_paint_and_gets_its_data(qtbot: Any, demo_paths: DataPaths) -> None:
    settings = QSettings(str(demo_paths.root / "window.ini"), QSettings.Format.IniFormat)
    settings.setValue("window/tab", 4)  # 会议, left open last time
    settings.sync()
    window = MainWindow(demo_paths, offer_demo=False)
    qtbot.addWidget(window)
    assert sorted(window._pages) == [4] and window.tabs.currentIndex() == 4
    assert window.meetings_tab.list_view is None  # no store yet: wired once it opens
    window.show()
    with qtbot.waitSignals([window.data_loaded, window.store_ready], timeout=20000):
        window.open_data()
    assert window.meetings_tab.list_view is not None
    window.meetings_tab.list_view.year.setValue(2025)  # the demo's year
    qtbot.waitUntil(lambda: window.meetings_tab.list_view.model.rowCount() > 100, timeout=20000)
    assert window.tabs.currentWidget() is window.meetings_tab


def test_a_broken_remembered_tab_opens_the_home_tab(qtbot: Any, demo_paths: DataPaths) -> None:
    settings = QSettings(str(demo_paths.root / "window.ini"), QSettings.Format.IniFormat)
    settings.setValue("window/tab", "x")
    settings.sync()
    window = MainWindow(demo_paths, offer_demo=False)
    qtbot.addWidget(window)
    assert window.tabs.currentIndex() == 0 and window.tabs.currentWidget() is window.home_tab


def test_the_data_folder_stays_in_the_status_bar(qtbot: Any, demo_paths: DataPaths) -> None:
    from PySide6.QtWidgets import QLabel

    window = MainWindow(demo_paths, offer_demo=False)
    qtbot.addWidget(window)
    window.statusBar().showMessage("示例数据已载入。")
    window.statusBar().clearMessage()  # a passing message (or a menu's status tip) is gone again
    labels = [label.text() for label in window.statusBar().findChildren(QLabel)]
    assert f"数据位置：{demo_paths.root}" in labels


def test_start_up_checks_the_database_once(qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    """quick_check reads the whole file: the window's start-up runs it once, not again when the store opens."""
    import djdesk.store.migrate as migrate_module

    checked: list[Path] = []
    sound = migrate_module.ensure_sound
    monkeypatch.setattr(migrate_module, "ensure_sound", lambda path: (checked.append(path), sound(path))[1])
    window = open_window(qtbot, demo_paths)
    assert window.store is not None
    assert checked == [demo_paths.database]
