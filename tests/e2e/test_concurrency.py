"""Two writers at once (issue 12, point 5): a second import while the first is writing, the window
saving while the command line imports. The second waits for the busy timeout, then is told in
Chinese that the database is in use (exit code 3), and nothing a database error carries (the SQL,
the names, ID and phone numbers being written) reaches the terminal, the log or a dialog.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from djdesk.domain.errors import DatabaseLocked
from djdesk.paths import DataPaths
from djdesk.services.database import open_store
from djdesk.services.roster_import import ImportResult, apply_import, plan_import
from djdesk.store import engine as store_engine
from djdesk.store.models import Member
from tests.e2e.cli_helpers import child_env
from tests.services.test_roster_import_support import HEADER, member_row, open_fresh, pid, write_xlsx

EXIT_ENV = 3
LOCKED = "数据库正被另一个窗口或命令使用，请稍后再试"
PHONE_HEADER = [*HEADER, "联系电话"]

# The second import, in its own process: a short busy timeout; after planning (the database
# checked and read, as when two imports start together) it says so and waits for the go-ahead.
SECOND_IMPORT = r"""
import sys
from djdesk.store import engine
import djdesk.services.roster_import as roster_import

engine.BUSY_TIMEOUT_MS = int(sys.argv[1])
real_plan = roster_import.plan_import

def plan_then_wait(*args, **kwargs):
    plan = real_plan(*args, **kwargs)
    print("planned", flush=True)
    sys.stdin.readline()
    return plan

roster_import.plan_import = plan_then_wait
from djdesk.cli import main
sys.exit(main(sys.argv[2:]))
"""


def roster(path: Path, people: list[tuple[str, str, str]]) -> Path:
    return write_xlsx(path, {"Sheet1": [PHONE_HEADER, *([*member_row(name, number), phone]
                                                       for name, number, phone in people)]})


FIRST = [("张一", pid(1980, seq=11), "13811112222"), ("张二", pid(1981, seq=13), "13811113333")]
SECOND = [("李一", pid(1982, seq=15), "13922224444"), ("李二", pid(1983, seq=17), "13922225555")]


def names_in(paths: DataPaths) -> set[str]:
    store = open_store(paths)
    try:
        with store.sessions() as session:
            return set(session.scalars(select(Member.name)))
    finally:
        store.close()


def assert_no_values(text: str, people: list[tuple[str, str, str]]) -> None:
    """None of the people's names, ID or phone numbers, and no SQL statement."""
    for name, number, phone in people:
        assert name not in text and number not in text and phone not in text, text
    assert not re.search(r"\d{17}[\dX]|1[3-9]\d{9}", text), text
    for sql in ("INSERT", "SELECT", "UPDATE", "[SQL", "[parameters"):
        assert sql not in text, text


def assert_nothing_personal(text: str, people: list[tuple[str, str, str]]) -> None:
    """What the clerk reads: no values, no SQL, no traceback, no technical words."""
    assert_no_values(text, people)
    for word in ("Traceback", "sqlalchemy", "sqlite3", "Error"):
        assert word not in text, text


def test_two_imports_racing_one_lands_and_the_other_is_refused_cleanly(data_paths: DataPaths,
                                                                       tmp_path: Path) -> None:
    store, _ids = open_fresh(data_paths)
    store.close()
    first_file, second_file = roster(tmp_path / "一.xlsx", FIRST), roster(tmp_path / "二.xlsx", SECOND)
    second = subprocess.Popen(
        [sys.executable, "-c", SECOND_IMPORT, "300", "--data-dir", str(data_paths.root), "members", "import",
         str(second_file)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
        env=child_env(tmp_path / "home"))
    writing, release = threading.Event(), threading.Event()
    outcome: dict[str, Any] = {}

    def first_import() -> None:
        # The first import holds its write transaction open (rows written, not committed) until released.
        def progress(done: int, _total: int) -> bool:
            if done:
                writing.set()
                release.wait(30)
            return True

        opened = open_store(data_paths)
        try:
            plan = plan_import(opened.sessions, first_file, today=dt.date(2026, 11, 26))
            outcome["result"] = apply_import(opened.sessions, plan, progress=progress)
        except BaseException as exc:  # reported by the assertions below
            outcome["error"] = exc
        finally:
            opened.close()

    holder = threading.Thread(target=first_import)
    try:
        assert second.stdout is not None and second.stdin is not None and second.stderr is not None
        assert second.stdout.readline().strip() == "planned", second.stderr.read()
        holder.start()
        assert writing.wait(30), outcome
        start = time.perf_counter()
        second.stdin.write("go\n")
        second.stdin.flush()
        out, err = second.communicate(timeout=60)
        waited = time.perf_counter() - start
    finally:
        release.set()
        holder.join(60)
        if second.poll() is None:
            second.kill()
            second.wait()
    assert second.returncode == EXIT_ENV, err
    assert LOCKED in err
    assert waited >= 0.25  # it waited for the 300 ms busy timeout (SQLite sleeps in steps: allow a little less)
    assert_nothing_personal(out + err, SECOND + FIRST)
    assert "error" not in outcome, outcome.get("error")
    assert isinstance(outcome["result"], ImportResult) and outcome["result"].created == len(FIRST)
    assert names_in(data_paths) == {"张一", "张二"}


def test_a_second_writer_waits_for_the_busy_timeout(data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    """The busy timeout the engine sets is the one a writer waits for (then DatabaseLocked, no SQL)."""
    import sqlite3

    monkeypatch.setattr(store_engine, "BUSY_TIMEOUT_MS", 400)
    store, ids = open_fresh(data_paths)
    holder = sqlite3.connect(data_paths.database, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        start = time.perf_counter()
        with pytest.raises(DatabaseLocked) as caught:
            with store.sessions.begin() as session:
                session.add(Member(name="王五", id_number=pid(1990), phone="13712345678",
                                   category=next(iter(Member.category.type.enum_class)),  # type: ignore[attr-defined]
                                   organization_id=next(iter(ids.values()))))
        waited = time.perf_counter() - start
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        store.close()
    assert caught.value.message == LOCKED + "。"
    assert 0.35 <= waited < 5
    # Nor in the traceback, whose chain ends at the driver's error (``database is locked``).
    told = "".join(traceback.format_exception(caught.value))
    assert "sqlite3.OperationalError: database is locked" in told
    assert_no_values(told, [("王五", pid(1990), "13712345678")])


# ---------------------------------------------------------------------------------------------
# What the command line prints for a database error it did not expect.


@pytest.fixture
def no_log_handlers() -> Any:
    """Whatever handlers a test's command adds to the ``djdesk`` logger are removed afterwards."""
    import logging

    logger = logging.getLogger("djdesk")
    before = list(logger.handlers)
    yield
    for handler in [h for h in logger.handlers if h not in before]:
        logger.removeHandler(handler)
        handler.close()


def raising(exc: BaseException) -> Any:
    def fail(*_args: Any, **_kwargs: Any) -> Any:
        raise exc

    return fail


def test_an_unexpected_database_error_is_one_sentence_and_a_clean_log(
        capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch,
        no_log_handlers: Any) -> None:
    import sqlite3

    from sqlalchemy.exc import IntegrityError

    from djdesk.cli import EXIT_BUG
    from djdesk.services.problems import UNEXPECTED_MESSAGE
    from tests.e2e.cli_helpers import run_main

    name, number, phone = SECOND[0]
    error = IntegrityError("INSERT INTO members (name, id_number, phone) VALUES (?, ?, ?)", (name, number, phone),
                           sqlite3.IntegrityError("UNIQUE constraint failed: members.id_number"))
    monkeypatch.setattr("djdesk.services.members.list_members", raising(error))
    result = run_main(capsys, ["--data-dir", str(demo_paths.root), "members", "list"])
    assert result.code == EXIT_BUG
    assert result.err.strip() == UNEXPECTED_MESSAGE
    assert_nothing_personal(result.out + result.err, SECOND)
    log = (demo_paths.logs / "djdesk.log").read_text(encoding="utf-8")
    assert "UNIQUE constraint failed: members.id_number" in log and "Traceback" in log
    assert_no_values(log, SECOND)


def test_a_locked_database_met_by_a_plain_reader_is_told_as_locked(
        capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    from tests.e2e.cli_helpers import run_main

    monkeypatch.setattr("djdesk.services.members.list_members",
                        raising(sqlite3.OperationalError("database is locked")))
    result = run_main(capsys, ["--data-dir", str(demo_paths.root), "members", "list"])
    assert result.code == EXIT_ENV
    assert result.err.strip() == LOCKED + "。"
