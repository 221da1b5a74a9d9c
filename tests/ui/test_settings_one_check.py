"""设置 is checked once: the dialog and ``djdesk settings set`` refuse the same typed value with the same
words, and store the same value for the same text."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import pytest
from PySide6.QtWidgets import QLineEdit, QMessageBox
from sqlalchemy import text

from djdesk.cli import EXIT_INPUT, EXIT_OK
from djdesk.paths import DataPaths
from djdesk.services.database import Store
from djdesk.ui.settings_dialog import SettingsDialog
from tests.e2e.cli_helpers import run_main


def stored(paths: DataPaths) -> dict[str, Any]:
    conn = sqlite3.connect(paths.database)
    try:
        return {k: json.loads(v) for k, v in conn.execute("SELECT key, value FROM settings")}
    finally:
        conn.close()


def through_the_dialog(qtbot: Any, store: Store, monkeypatch: pytest.MonkeyPatch, key: str, typed: str) -> list[str]:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: told.append(text))
    dialog = SettingsDialog(store)
    qtbot.addWidget(dialog)
    editor = dialog.editors[key]
    assert isinstance(editor, QLineEdit)
    editor.setText(typed)
    dialog.accept()
    return told


@pytest.mark.parametrize(("key", "typed"), [
    ("eval.secretary_grades", "优秀"),
    ("eval.secretary_grades", "好、好、差"),
    ("eval.excellent_share", "三分之一"),
    ("eval.excellent_share", "3/2"),
    ("dues.rounding", "0.5"),
    ("unit.committee_name", "中共××厅直属机关委员会"),
])
def test_the_same_refusal_in_the_dialog_and_on_the_command_line(
        qtbot: Any, store: Store, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        key: str, typed: str) -> None:
    in_dialog = through_the_dialog(qtbot, store, monkeypatch, key, typed)
    result = run_main(capsys, ["--data-dir", str(store.paths.root), "settings", "set", key, typed])
    assert result.code == EXIT_INPUT
    assert len(in_dialog) == 1 and in_dialog == [result.err.strip()]
    assert stored(store.paths) == {}


def test_the_same_text_is_stored_the_same_way(qtbot: Any, store: Store, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    assert through_the_dialog(qtbot, store, monkeypatch, "eval.secretary_grades", "优秀，称职,基本称职、不称职") == []
    from_dialog = stored(store.paths)
    assert from_dialog == {"eval.secretary_grades": ["优秀", "称职", "基本称职", "不称职"]}
    with store.sessions.begin() as session:
        session.execute(text("DELETE FROM settings"))
    result = run_main(capsys, ["--data-dir", str(store.paths.root), "settings", "set", "eval.secretary_grades",
                               "优秀，称职,基本称职、不称职"])
    assert result.code == EXIT_OK
    assert stored(store.paths) == from_dialog
