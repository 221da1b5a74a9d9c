"""Choosing where a file goes (issue 13, point 9): Chinese dialogs, a specific suggested name, the last
folder of each kind remembered in window.ini (never the data folder), and after a save 打开文件 and
打开所在文件夹."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from djdesk.paths import DataPaths
from djdesk.services.database import Store
from djdesk.ui import files
from djdesk.ui.main_window import MainWindow
from tests.ui.helpers import Offered, choose_file, saved_messages
from tests.ui.test_meeting_print import BRANCH, _assembly, _list_view
from tests.ui.windows import open_window


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The clerk's 文档 folder, where a kind of file goes the first time."""
    folder = tmp_path / "文档"
    folder.mkdir()
    monkeypatch.setattr(files, "documents_folder", lambda: folder)
    return folder


def _only(offered: list[Offered]) -> Offered:
    assert len(offered) == 1, offered
    return offered[0]


def test_qt_dialog_speaks_chinese(qtbot: Any, documents: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Qt's own dialog (where there is no native one) has Chinese for the texts Qt's translation lacks."""
    offered = choose_file(monkeypatch, None)
    holder = QWidget()
    qtbot.addWidget(holder)
    assert files.choose_save(holder, "导出统计表", files.TABLES, "统计表.xlsx", files.EXCEL) is None
    labels = _only(offered).labels
    assert (labels["LookIn"], labels["FileName"], labels["FileType"], labels["Accept"], labels["Reject"]) == (
        "查找范围：", "文件名(&N)：", "文件类型：", "保存", "取消")
    assert not any(any("a" <= c.lower() <= "z" for c in text.replace("&N", "")) for text in labels.values())


def test_a_name_windows_refuses_is_mended() -> None:
    assert files.file_name('办公室支部2026年第1次"支部党员大会"：会议记录?.docx') == \
        "办公室支部2026年第1次－支部党员大会－：会议记录－.docx"
    assert files.file_name("a/b\\c*d|e<f>g") == "a－b－c－d－e－f－g"
    assert files.file_name(" 末尾. ") == "末尾"


def test_each_kind_starts_in_its_last_folder(qtbot: Any, demo_paths: DataPaths, tmp_path: Path, documents: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """名册 in the folder last used for 名册, 报表 in 文档 until one is saved; remembered in window.ini, so
    across restarts; a folder that has gone (a USB stick taken out) falls back to 文档."""
    window = open_window(qtbot, demo_paths, tab="members_tab")
    rosters = tmp_path / "U盘" / "名册"
    rosters.mkdir(parents=True)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *_a, **_k: ("全部党员（一个工作表）", True))
    from djdesk.ui.roster_columns_dialog import RosterColumnsDialog

    monkeypatch.setattr(RosterColumnsDialog, "exec", lambda _self: 1)  # the printed columns as last time
    offered = choose_file(monkeypatch, rosters / "花名册.xlsx")
    told = saved_messages(monkeypatch)
    window.member_file_actions.export_roster()
    qtbot.waitUntil(lambda: bool(told), timeout=20000)
    first = _only(offered)
    assert first.folder == documents and first.suggested == f"党员花名册{dt.date.today():%Y%m%d}.xlsx"
    offered.clear()
    window.member_file_actions.template()  # another 名册 file: offered where the last one went
    assert _only(offered).folder == rosters and _only(offered).suggested == "党员名册导入模板.xlsx"
    offered.clear()
    window.orgs_tab.actions.export()  # a 报表: its own kind, still 文档
    assert _only(offered).folder == documents and _only(offered).suggested.startswith("党组织一览表")
    qtbot.waitUntil(lambda: len(told) == 3, timeout=20000)  # 花名册, 模板, 一览表
    window.close()

    again = MainWindow(demo_paths, offer_demo=False)
    qtbot.addWidget(again)
    offered.clear()
    assert files.choose_save(again, "导出", files.ROSTER, "x.xlsx", files.EXCEL) is not None
    assert _only(offered).folder == rosters  # window.ini kept it
    shutil.rmtree(rosters)
    offered.clear()
    files.choose_save(again, "导出", files.ROSTER, "x.xlsx", files.EXCEL)
    assert _only(offered).folder == documents


def test_a_backup_is_never_offered_the_data_folder(qtbot: Any, demo_paths: DataPaths, tmp_path: Path,
                                                   documents: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_paths)
    offered = choose_file(monkeypatch, None)
    window.file_actions.backup()
    first = _only(offered)
    assert first.folder == documents and first.folder != demo_paths.root
    assert first.suggested.startswith("党建工作台备份-") and first.suggested.endswith(".sqlite3")
    # Even when window.ini names the backups folder inside the data folder (an earlier 从备份恢复 there).
    window.ui_settings.setValue("folders/backups", str(demo_paths.backups))
    offered.clear()
    window.file_actions.backup()
    assert _only(offered).folder == documents
    # A backup to a USB stick: offered there next time.
    usb = tmp_path / "U盘"
    usb.mkdir()
    offered = choose_file(monkeypatch, usb / "备份.sqlite3")
    told = saved_messages(monkeypatch)
    window.file_actions.backup()
    qtbot.waitUntil(lambda: bool(told), timeout=20000)
    assert told == [f"已备份到：\n{usb / '备份.sqlite3'}"] and (usb / "备份.sqlite3").stat().st_size > 0
    offered = choose_file(monkeypatch, None)
    window.file_actions.backup()
    assert _only(offered).folder == usb


def test_restore_starts_in_the_automatic_backups(qtbot: Any, demo_paths: DataPaths, documents: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_paths)
    offered = choose_file(monkeypatch, None)
    window.file_actions.restore()
    assert _only(offered).folder == demo_paths.backups and _only(offered).title == "从备份恢复"


def test_meeting_papers_are_named_after_the_organisation_and_meeting(
        qtbot: Any, opened: Store, tmp_path: Path, documents: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    detail = _assembly(opened)
    view = _list_view(qtbot, opened, detail)
    offered = choose_file(monkeypatch, None)
    view.docs.minutes()
    view.docs.signin()
    view.docs.notice()
    assert detail.title == "2025年第一季度支部党员大会"
    assert [o.suggested for o in offered] == [f"{BRANCH}2025年第一季度支部党员大会{what}.docx"
                                              for what in ("会议记录", "签到表", "会议通知")]
    assert {o.folder for o in offered} == {documents}


def test_after_a_save_the_file_or_its_folder_can_be_opened(qtbot: Any, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    out = tmp_path / "年终汇总表.xlsx"
    out.write_bytes(b"x")
    holder = QWidget()
    qtbot.addWidget(holder)
    buttons: list[list[str]] = []

    def press(label: str | None) -> None:
        def exec_(box: QMessageBox) -> int:
            buttons.append([b.text() for b in box.buttons()])
            for button in box.buttons():
                if button.text() == label:
                    button.click()
            return 0

        monkeypatch.setattr(QMessageBox, "exec", exec_)

    press("打开文件")
    files.show_saved(holder, "导出完成", f"已导出：\n{out}", out)
    press("打开所在文件夹")
    files.show_saved(holder, "导出完成", f"已导出：\n{out}", out)
    press("关闭")
    files.show_saved(holder, "导出完成", f"已导出：\n{out}", out)
    assert opened == [QUrl.fromLocalFile(str(out)), QUrl.fromLocalFile(str(tmp_path))]
    assert sorted(buttons[0]) == sorted(["打开文件", "打开所在文件夹", "关闭"])
    press(None)
    files.show_saved(holder, "备份完成", "已备份", out, can_open=False)  # a database backup is not opened
    assert sorted(buttons[-1]) == sorted(["打开所在文件夹", "关闭"])


def test_overwriting_is_still_asked_by_the_dialog(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Qt's save dialog asks before replacing a file unless told not to; ours is not told."""
    made: list[QFileDialog] = []

    def exec_(dialog: QFileDialog) -> int:
        made.append(dialog)
        return 0

    monkeypatch.setattr(QFileDialog, "exec", exec_)
    holder = QWidget()
    qtbot.addWidget(holder)
    files.choose_save(holder, "保存", files.DOCUMENTS, "会议记录.docx", files.WORD)
    dialog = made[0]
    assert dialog.acceptMode() is QFileDialog.AcceptMode.AcceptSave and dialog.defaultSuffix() == "docx"
    assert not dialog.testOption(QFileDialog.Option.DontConfirmOverwrite)
