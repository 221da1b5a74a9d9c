"""Small helpers shared by the GUI tests: canned answers to questions and file dialogs, the messages
after a save, "the database unchanged"."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from djdesk.paths import DataPaths


def answer(monkeypatch: pytest.MonkeyPatch, button: QMessageBox.StandardButton) -> list[str]:
    """Answer every QMessageBox.question with ``button``; the questions asked are gathered in the list returned."""
    asked: list[str] = []

    def question(_parent: Any, _title: str, text: str, *_a: Any, **_k: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return button

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def member_snapshot(paths: DataPaths) -> tuple[Any, ...]:
    """Every member row and the number of 操作日志 entries: "the database unchanged"."""
    conn = sqlite3.connect(paths.database)
    try:
        members = conn.execute("SELECT * FROM members ORDER BY id").fetchall()
        audit = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    finally:
        conn.close()
    return members, audit


@dataclass
class Offered:
    """What a file dialog offered: its title, the folder it opened in and the file it suggested."""

    title: str
    folder: Path
    suggested: str  # the file name (empty for an open dialog)
    labels: dict[str, str]


def choose_file(monkeypatch: pytest.MonkeyPatch, target: Path | None) -> list[Offered]:
    """Answer every file dialog (save or open) by choosing ``target`` (None: 取消); what each offered is
    gathered in the list returned."""
    offered: list[Offered] = []
    selected = QFileDialog.selectedFiles

    def exec_(dialog: QFileDialog) -> int:
        files = selected(dialog)
        suggested = Path(files[0]).name if files and dialog.acceptMode() is QFileDialog.AcceptMode.AcceptSave else ""
        labels = {label.name: dialog.labelText(label) for label in QFileDialog.DialogLabel}
        offered.append(Offered(dialog.windowTitle(), Path(dialog.directory().absolutePath()), suggested, labels))
        return int(QDialog.DialogCode.Rejected if target is None else QDialog.DialogCode.Accepted)

    monkeypatch.setattr(QFileDialog, "exec", exec_)
    monkeypatch.setattr(QFileDialog, "selectedFiles", lambda _d: [str(target)] if target is not None else [])
    return offered


def saved_messages(monkeypatch: pytest.MonkeyPatch, press: str | None = None) -> list[str]:
    """Answer the message after a save (ui/files.py show_saved), pressing the button labelled ``press`` (or
    none: 关闭); its texts are gathered in the list returned."""
    shown: list[str] = []

    def exec_(box: QMessageBox) -> int:
        shown.append(box.text())
        for button in box.buttons():
            if press is not None and button.text() == press:
                button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown
