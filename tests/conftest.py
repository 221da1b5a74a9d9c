"""Shared fixtures. Qt runs offscreen; every test gets a fresh data directory."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any QApplication exists

from collections.abc import Iterator
from pathlib import Path

import pytest

from djdesk.paths import DataPaths


@pytest.fixture
def data_paths(tmp_path: Path) -> DataPaths:
    paths = DataPaths(tmp_path / "data")
    paths.ensure()
    return paths


@pytest.fixture
def store(data_paths: DataPaths) -> Iterator[object]:
    from djdesk.services.database import open_store

    opened = open_store(data_paths)
    yield opened
    opened.close()


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
