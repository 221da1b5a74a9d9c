"""Small helpers shared by the GUI tests: canned answers to questions, "the database unchanged"."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

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
