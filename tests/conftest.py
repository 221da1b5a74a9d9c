"""Shared fixtures. Qt runs offscreen; every test gets a fresh data directory."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any QApplication exists

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from djdesk.paths import DataPaths

if TYPE_CHECKING:
    from djdesk.services.database import Store


@pytest.fixture(autouse=True)
def _modal_dialogs_are_answered(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal dialog the test did not answer (by replacing its ``exec``) fails the test at once: on the
    offscreen platform nobody would ever close it, and the run would hang. (The static QMessageBox and
    QInputDialog functions are answered by the tests that reach them.)"""
    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QDialog

    def unanswered(dialog: Any, *_a: Any) -> int:
        raise AssertionError(f"a modal {type(dialog).__name__} «{dialog.windowTitle()}» was opened and the test did "
                             "not answer it: monkeypatch its exec (tests/ui/helpers.py)")

    for cls in (QDialog, QPrintDialog):  # the others inherit QDialog's (PySide6 binds exec on these two)
        monkeypatch.setattr(cls, "exec", unanswered)


@pytest.fixture
def data_paths(tmp_path: Path) -> DataPaths:
    paths = DataPaths(tmp_path / "data")
    paths.ensure()
    return paths


def _opened(paths: DataPaths) -> Iterator[Store]:
    from djdesk.services.database import open_store

    opened = open_store(paths)
    yield opened
    opened.close()


@pytest.fixture
def store(data_paths: DataPaths) -> Iterator[Store]:
    """The store of the fresh, empty data directory, open for the test."""
    yield from _opened(data_paths)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database built once per run; tests copy it instead of rebuilding it."""
    import datetime as dt

    from djdesk.services.database import open_store
    from djdesk.services.demo import fill_demo

    paths = DataPaths(tmp_path_factory.mktemp("demo"))
    opened = open_store(paths)
    fill_demo(opened.sessions, 2025, today=dt.date(2026, 11, 26))
    opened.close()
    return paths.database


@pytest.fixture
def demo_paths(data_paths: DataPaths, demo_template: Path) -> DataPaths:
    import sqlite3

    src = sqlite3.connect(demo_template)
    dst = sqlite3.connect(data_paths.database)
    src.backup(dst)
    src.close()
    dst.close()
    return data_paths


@pytest.fixture
def opened(demo_paths: DataPaths) -> Iterator[Store]:
    """The demo database (a fresh copy for each test), open for the test."""
    yield from _opened(demo_paths)
