"""What the window shows when something goes wrong (issue 12, point 5): a locked database in its
own sentence, anything unexpected as one generic sentence with the traceback in the log; never the
text of a database error (its SQL and the names, ID and phone numbers being written)."""

from __future__ import annotations

import logging
import sqlite3
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy.exc import IntegrityError

from djdesk.domain.enums import OrgKind
from djdesk.paths import DataPaths
from djdesk.services.problems import UNEXPECTED_MESSAGE
from djdesk.store import engine as store_engine
from djdesk.store.errors import LOCKED_MESSAGE
from djdesk.ui.org_dialogs import OrgDialog
from djdesk.ui.tasks import run_in_background
from djdesk.ui.widgets import show_problem
from tests.ui.windows import open_window

NAME, NUMBER, PHONE = "李一", "11010519820101015X", "13922224444"
SQL = "INSERT INTO members (name, id_number, phone) VALUES (?, ?, ?)"


def database_error() -> IntegrityError:
    try:
        try:
            raise sqlite3.IntegrityError("UNIQUE constraint failed: members.id_number")
        except sqlite3.Error as orig:
            raise IntegrityError(SQL, (NAME, NUMBER, PHONE), orig) from orig
    except IntegrityError as exc:
        return exc


def assert_clean(text: str) -> None:
    for value in (NAME, NUMBER, PHONE, "INSERT", "[SQL", "[parameters"):
        assert value not in text, text


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    shown: dict[str, list[str]] = {"warning": [], "critical": []}
    for kind, texts in shown.items():
        monkeypatch.setattr(QMessageBox, kind, lambda _p, _t, text, *_a, _texts=texts, **_k: _texts.append(text))
    return shown


@pytest.fixture
def log_file(data_paths: DataPaths) -> Iterator[Any]:
    """The program's log set up in the data folder (as the window does once started), removed afterwards."""
    from djdesk.services.logs import setup_logging

    logger = logging.getLogger("djdesk")
    before = list(logger.handlers)
    path = setup_logging(data_paths.logs)
    yield path
    for handler in [h for h in logger.handlers if h not in before]:
        logger.removeHandler(handler)
        handler.close()


def test_an_unexpected_database_error_shows_one_sentence_and_logs_no_values(
        qtbot: Any, dialogs: dict[str, list[str]], log_file: Any) -> None:
    show_problem(None, database_error())
    assert dialogs["critical"] == [UNEXPECTED_MESSAGE]
    text = log_file.read_text(encoding="utf-8")
    assert "UNIQUE constraint failed: members.id_number" in text and "Traceback" in text
    assert_clean(text)


def test_a_background_failure_hands_over_a_clean_traceback(qtbot: Any) -> None:
    failed: list[tuple[BaseException, str]] = []

    def work() -> None:
        raise database_error()

    run_in_background(work, lambda _r: None, lambda exc, tb: failed.append((exc, tb)))
    qtbot.waitUntil(lambda: bool(failed), timeout=5000)
    tb = failed[0][1]
    assert "UNIQUE constraint failed" in tb
    assert_clean(tb)


def test_the_crash_hook_logs_and_shows_no_values(qtbot: Any, data_paths: DataPaths, dialogs: dict[str, list[str]],
                                                  log_file: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from djdesk.app import install_excepthook

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back after the test
    install_excepthook(data_paths.logs)
    exc = database_error()
    sys.excepthook(type(exc), exc, exc.__traceback__)
    assert len(dialogs["critical"]) == 1
    assert_clean(dialogs["critical"][0])
    text = log_file.read_text(encoding="utf-8")
    assert "IntegrityError" in text
    assert_clean(text)
    # A locked database that reaches the hook is told as such, and not logged as a bug.
    locked = sqlite3.OperationalError("database is locked")
    sys.excepthook(type(locked), locked, None)
    assert dialogs["warning"] == [LOCKED_MESSAGE]


def test_the_start_up_failure_names_no_values(qtbot: Any, data_paths: DataPaths, log_file: Any) -> None:
    from djdesk.ui.main_window import MainWindow

    window = MainWindow(data_paths, offer_demo=False)
    qtbot.addWidget(window)
    told: list[str] = []
    window.startup_failed.connect(told.append)
    window._open_failed(database_error(), "")
    assert len(told) == 1 and UNEXPECTED_MESSAGE in told[0]
    assert_clean(told[0])
    told.clear()
    window._open_failed(sqlite3.OperationalError("database is locked"), "")
    assert told == [LOCKED_MESSAGE]


def test_saving_while_the_command_line_writes_says_the_database_is_in_use(
        qtbot: Any, demo_paths: DataPaths, dialogs: dict[str, list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    """The clerk adds a branch while an import on the command line holds the database: after the busy
    timeout the dialog says so in Chinese, stays open, and nothing is written."""
    monkeypatch.setattr(store_engine, "BUSY_TIMEOUT_MS", 300)
    window = open_window(qtbot, demo_paths)
    window.orgs_tab.select_org(window.orgs_tab.rows[0].id)

    def fill(dialog: OrgDialog) -> int:
        dialog.kind.setCurrentIndex(dialog.kind.findData(OrgKind.BRANCH))
        dialog.name.setText("中共示例省交通运输厅科技处支部委员会")
        dialog.short_name.setText("科技处支部")
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(OrgDialog, "exec", fill)
    holder = sqlite3.connect(demo_paths.database, isolation_level=None)
    try:
        before = holder.execute("SELECT * FROM organizations ORDER BY id").fetchall()
        holder.execute("BEGIN IMMEDIATE")
        window.orgs_tab.actions.add_child()
        holder.execute("ROLLBACK")
        after = holder.execute("SELECT * FROM organizations ORDER BY id").fetchall()
    finally:
        holder.close()
    assert dialogs["warning"] == [LOCKED_MESSAGE] and dialogs["critical"] == []
    assert after == before
