"""Files the clerk owns are never overwritten by surprise, in the window (issue 12, point 6).

Every target is chosen in Qt's save dialog, which asks before replacing an existing file (its
default: no dialog here turns that off); a target that is the database or lies in the data folder
is refused with a Chinese sentence and nothing is written; the PDF goes through a temporary file
like every other export.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from djdesk.paths import DataPaths
from djdesk.services.database import Store
from tests.ui.helpers import choose_file, saved_messages
from tests.ui.test_meeting_print import _assembly, _list_view
from tests.ui.windows import open_window

UI = Path(__file__).resolve().parents[2] / "djdesk" / "ui"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_no_save_dialog_turns_off_the_overwrite_question() -> None:
    """Qt asks before replacing a file unless told not to; no save dialog in ui/ tells it so. Every file
    dialog is ui/files.py's (Chinese labels, remembered folders), none of Qt's static functions."""
    sources = {p.name: p.read_text(encoding="utf-8") for p in UI.glob("*.py")}
    assert not [n for n, text in sources.items() if "DontConfirmOverwrite" in text or "QFileDialog.Option" in text]
    statics = ("getSaveFileName", "getOpenFileName", "getExistingDirectory", "QFileDialog(")
    assert [n for n, text in sources.items() if any(s in text for s in statics)] == ["files.py"]
    calls = sum(text.count("choose_save(") for n, text in sources.items() if n != "files.py")
    assert calls >= 10  # backup, roster, template, error report, 操作日志, tree, letter, compliance, meetings…


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, lambda _p, _t, text, *_a, _k=kind, **_kw: shown.append(f"{_k}:{text}"))
    return shown


def test_exporting_onto_the_database_or_into_the_data_folder_is_refused(
        qtbot: Any, demo_paths: DataPaths, told: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from djdesk.ui.roster_columns_dialog import RosterColumnsDialog

    window = open_window(qtbot, demo_paths, tab="members_tab")
    monkeypatch.setattr(QInputDialog, "getItem", lambda *_a, **_k: ("全部党员（一个工作表）", True))
    monkeypatch.setattr(RosterColumnsDialog, "exec", lambda _self: 1)  # the columns as last time
    for target in (demo_paths.root / "花名册.xlsx", demo_paths.backups / "花名册.xlsx"):
        choose_file(monkeypatch, target)
        window.member_file_actions.export_roster()
        qtbot.waitUntil(lambda: bool(told), timeout=10000)
        assert len(told) == 1 and told[0].startswith("warning:") and "数据文件夹" in told[0], told
        assert not target.exists()
        told.clear()
    window.store.engine.dispose()  # type: ignore[union-attr]  # the file as it is on disk
    before = sha(demo_paths.database)
    choose_file(monkeypatch, demo_paths.database)
    window.orgs_tab.actions.export()
    qtbot.waitUntil(lambda: bool(told), timeout=10000)
    assert len(told) == 1 and told[0].startswith("warning:") and "数据库文件" in told[0], told
    window.store.engine.dispose()  # type: ignore[union-attr]
    assert sha(demo_paths.database) == before


def test_the_pdf_is_written_through_a_temporary_file_and_never_into_the_data_folder(
        qtbot: Any, opened: Store, tmp_path: Path, told: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    detail = _assembly(opened)
    view = _list_view(qtbot, opened, detail)
    out = tmp_path / "会议记录.pdf"
    out.write_bytes(b"old")  # the clerk confirmed replacing it in the save dialog
    choose_file(monkeypatch, out)
    saved = saved_messages(monkeypatch)
    view.docs.pdf("minutes")
    assert saved == [f"已导出：\n{out}"] and not told
    assert out.read_bytes()[:5] == b"%PDF-"
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["会议记录.pdf"]  # no temporary file left
    told.clear()
    inside = opened.paths.root / "会议记录.pdf"
    choose_file(monkeypatch, inside)
    view.docs.pdf("minutes")
    assert len(told) == 1 and told[0].startswith("warning:") and "数据文件夹" in told[0]
    assert not inside.exists()
