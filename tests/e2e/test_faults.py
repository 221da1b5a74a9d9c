"""Faults a clerk worries about, end to end: a crash or power cut during an import, a damaged
database file, a read-only data folder, a database held by another program, and undoing a restore
made by mistake.

Each test maps to one worry and asserts what the clerk sees (a Chinese message, an exit code of
the command line: 3 = environment problem) and that the records are exactly as they were.
The tests run as root on the CI machine, where ``chmod`` does not stop writes: the read-only data
folder is a read-only bind mount of the folder onto itself (``mount --bind`` + ``remount,ro``).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from djdesk.domain.enums import MemberCategory
from djdesk.domain.errors import DatabaseCorrupt, DatabaseLocked
from djdesk.paths import DataPaths
from djdesk.services.backups import daily_name, newest_good_backup, recover_damaged
from djdesk.services.database import backup_database, open_store, restore_database
from djdesk.services.members import list_members
from djdesk.services.roster_import import apply_import, plan_import
from djdesk.services.startup import prepare
from djdesk.store import backup as store_backup
from djdesk.store.backup import backup_to, integrity_check
from djdesk.store.migrate import check_openable
from djdesk.store.models import Meeting, Member, Organization
from djdesk.ui.main_window import MainWindow
from tests.e2e.cli_helpers import child_env, djdesk
from tests.store.db_files import sha256

REPO = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 26)
EXIT_ENV = 3
ROSTER_ROWS = 10_000


# ---------------------------------------------------------------------------------------------
# helpers


def _run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(cmd), capture_output=True, text=True, check=False, timeout=30)


def content(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's full content, ordered by primary key (every table here has a rowid)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}
    finally:
        conn.close()


def members_of(db: Path) -> set[tuple[int, str | None, str]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return set(conn.execute("SELECT id, id_number, name FROM members"))
    finally:
        conn.close()


def count(db: Path, table: str) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return int(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
    finally:
        conn.close()


def files_in(folder: Path) -> dict[str, str]:
    """Name → SHA-256 of every file under ``folder``: the folder as it is on disk."""
    return {str(p.relative_to(folder)): sha256(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def truncate_to_half(db: Path) -> bytes:
    whole = db.read_bytes()
    db.write_bytes(whole[: len(whole) // 2])
    return db.read_bytes()


def set_mtime(path: Path, when: dt.datetime) -> None:
    os.utime(path, (when.timestamp(), when.timestamp()))


def load_benchmark(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", REPO / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def new_window(qtbot: Any, paths: DataPaths, *, offer_demo: bool = False) -> MainWindow:
    window = MainWindow(paths, offer_demo=offer_demo, clock=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    return window


def wait_for_daily_backup(qtbot: Any, paths: DataPaths) -> Path:
    """The store opened, so today's backup runs in the background: let it finish inside the test."""
    daily = paths.backups / daily_name(TODAY)
    qtbot.waitUntil(lambda: daily.exists() and not daily.with_name(daily.name + ".part").exists(), timeout=20000)
    return daily


def assert_responsive(qtbot: Any, window: MainWindow) -> None:
    """The window still handles events: a timer fires and Ctrl+3 switches to the 党员 tab."""
    fired: list[bool] = []
    QTimer.singleShot(0, lambda: fired.append(True))
    qtbot.waitUntil(lambda: fired == [True], timeout=3000)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 2
    assert window.isVisible()


# ---------------------------------------------------------------------------------------------
# 1. The program is killed (crash, power cut) half-way through writing a 10,000-row import.

IMPORT_CHILD = r"""
import datetime as dt, sys, time
from pathlib import Path
from djdesk.paths import DataPaths
from djdesk.services.database import open_store
from djdesk.services.roster_import import apply_import, plan_import

paths = DataPaths(Path(sys.argv[1]))
store = open_store(paths)
plan = plan_import(store.sessions, Path(sys.argv[2]), today=dt.date(2026, 11, 26))
print("planned", plan.created, plan.invalid, flush=True)
wal = paths.database.with_name(paths.database.name + "-wal")

def progress(done, total):
    size = wal.stat().st_size if wal.exists() else 0
    # Half-way or more, and some of the uncommitted rows already in the -wal file on disk.
    if done >= total // 2 and (size > 0 or done >= total):
        print("writing", done, total, size, flush=True)
        time.sleep(120)  # the parent kills this process now, inside the open transaction
    return True

apply_import(store.sessions, plan, progress=progress)
print("committed", flush=True)
"""


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("roster") / "党员名册.xlsx"
    load_benchmark("roster_import").make_roster(out, ROSTER_ROWS)
    return out


def test_killed_half_way_through_an_import_leaves_the_database_as_it_was(
    demo_paths: DataPaths, roster: Path, tmp_path: Path
) -> None:
    db = demo_paths.database
    before = content(db)
    members_before = members_of(db)
    audit_before = count(db, "audit_log")

    child = subprocess.Popen([sys.executable, "-c", IMPORT_CHILD, str(demo_paths.root), str(roster)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
                             env=child_env(tmp_path / "home"))
    watchdog = threading.Timer(90, child.kill)  # never hang the test run
    watchdog.start()
    try:
        assert child.stdout is not None
        planned = child.stdout.readline().split()
        assert planned == ["planned", str(ROSTER_ROWS), "0"], (planned, child.stderr.read() if child.stderr else "")
        writing = child.stdout.readline().split()
        assert writing[:1] == ["writing"], (writing, child.stderr.read() if child.stderr else "")
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        watchdog.cancel()
        if child.poll() is None:
            child.kill()
            child.wait()
    rest = child.stdout.read() if child.stdout else ""
    if child.stderr:
        child.stderr.close()
    if child.stdout:
        child.stdout.close()
    done, total, wal_size = map(int, writing[1:])
    assert child.returncode == -signal.SIGKILL
    assert "committed" not in rest
    assert ROSTER_ROWS // 2 <= done <= total == ROSTER_ROWS
    assert wal_size > 0, "the kill should land with uncommitted rows already written to the -wal file"

    # The next start: SQLite rolls the unfinished transaction back.
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()
    assert members_of(db) == members_before
    assert count(db, "audit_log") == audit_before
    assert content(db) == before  # every table exactly as before
    assert check_openable(db) is not None

    # …and the clerk can simply import again: all 10,000 land.
    store = open_store(demo_paths)
    try:
        plan = plan_import(store.sessions, roster, today=TODAY)
        result = apply_import(store.sessions, plan)
    finally:
        store.close()
    assert result.created == ROSTER_ROWS
    assert len(members_of(db)) == len(members_before) + ROSTER_ROWS


# The disk fills up during the import (a full C: drive is common on office PCs).


@contextmanager
def small_disk(folder: Path, size_kib: int) -> Iterator[None]:
    """``folder`` on a tmpfs of ``size_kib`` KiB: writes past that fail with ENOSPC."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    folder.mkdir(parents=True)
    mounted = _run("mount", "-t", "tmpfs", "-o", f"size={size_kib}k", "tmpfs", str(folder))
    if mounted.returncode != 0:
        pytest.skip(f"running as root but mount is not permitted here ({mounted.stderr.strip()})")
    try:
        yield
    finally:
        if _run("umount", str(folder)).returncode != 0:
            _run("umount", "-l", str(folder))


@pytest.fixture
def full_disk(tmp_path: Path, demo_template: Path) -> Iterator[DataPaths]:
    """The demo database in a data folder on a disk with about 400 KB to spare."""
    paths = DataPaths(tmp_path / "data")
    with small_disk(paths.root, demo_template.stat().st_size // 1024 + 400):
        paths.ensure()
        src, dst = sqlite3.connect(demo_template), sqlite3.connect(paths.database)
        src.backup(dst)
        src.close()
        dst.close()
        yield paths


def test_disk_full_during_an_import_leaves_the_database_intact(
    full_disk: DataPaths, roster: Path, tmp_path: Path
) -> None:
    db = full_disk.database
    before = content(db)
    result = djdesk(tmp_path, "--data-dir", str(full_disk.root), "members", "import", str(roster))
    assert result.code != 0
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()
    assert content(db) == before
    # Nothing half-written is left taking the space, and the clerk can still see the roster.
    listed = djdesk(tmp_path, "--data-dir", str(full_disk.root), "members", "list")
    assert listed.code == 0, listed.err
    assert f"共 {len(list_members(db))} 名党员" in listed.out


def test_disk_full_during_an_import_is_told_in_chinese_without_personal_data(
    full_disk: DataPaths, roster: Path, tmp_path: Path
) -> None:
    result = djdesk(tmp_path, "--data-dir", str(full_disk.root), "members", "import", str(roster))
    assert result.code == EXIT_ENV
    assert "磁盘" in result.err and "空间" in result.err
    assert "Traceback" not in result.err
    assert not re.search(r"\d{17}[\dX]", result.err + result.out), "ID numbers printed"


# ---------------------------------------------------------------------------------------------
# 2. The database file is damaged (here: cut to half its size, as after a failing disk or a copy
#    interrupted half-way).


@pytest.fixture
def damaged(demo_paths: DataPaths) -> tuple[DataPaths, Path, bytes]:
    """The demo database with two backups: an older good one and a newer one that is itself damaged;
    then the database is cut to half its size. Returns (paths, the good backup, the damaged bytes)."""
    good = backup_to(demo_paths.database, demo_paths.backups / daily_name(TODAY - dt.timedelta(days=2)))
    bad = demo_paths.backups / daily_name(TODAY - dt.timedelta(days=1))
    bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    set_mtime(good, dt.datetime(2026, 11, 24, 9))
    set_mtime(bad, dt.datetime(2026, 11, 25, 9))
    broken = truncate_to_half(demo_paths.database)
    return demo_paths, good, broken


def test_damaged_database_is_refused_untouched(damaged: tuple[DataPaths, Path, bytes]) -> None:
    paths, _good, broken = damaged
    for check in (lambda: check_openable(paths.database), lambda: prepare(paths)):
        with pytest.raises(DatabaseCorrupt) as caught:
            check()
        message = caught.value.message
        assert "数据库文件已损坏" in message
        assert str(paths.database) in message
        assert "备份" in message  # what to do
        assert paths.database.read_bytes() == broken
    assert not any(p.name.startswith("damaged-") for p in paths.backups.iterdir())


def test_newest_good_backup_skips_the_newer_damaged_one(damaged: tuple[DataPaths, Path, bytes]) -> None:
    paths, good, _broken = damaged
    assert newest_good_backup(paths) == good


def test_recovery_keeps_the_damaged_file_and_restores_the_backup(damaged: tuple[DataPaths, Path, bytes]) -> None:
    paths, good, broken = damaged
    expected = content(good)
    backups_before = files_in(paths.backups)

    aside = recover_damaged(paths, good, now=dt.datetime(2026, 11, 26, 8, 30, 0))

    assert aside == paths.backups / "damaged-20261126-083000.sqlite3"
    assert aside.read_bytes() == broken  # the damaged file is kept, byte for byte
    # Its -wal/-shm (if any) went with it; the other backups are untouched.
    assert {k: v for k, v in files_in(paths.backups).items() if not k.startswith(aside.name)} == backups_before
    assert integrity_check(paths.database) == []
    assert content(paths.database) == expected
    store = open_store(paths)
    try:
        assert len(list_members(store.sessions)) > 300
    finally:
        store.close()


def test_a_second_recovery_never_overwrites_the_first_damaged_file(
    damaged: tuple[DataPaths, Path, bytes]
) -> None:
    paths, good, broken = damaged
    when = dt.datetime(2026, 11, 26, 8, 30, 0)
    first = recover_damaged(paths, good, now=when)
    again = truncate_to_half(paths.database)  # damaged again (say, the disk is failing)
    assert again != broken
    second = recover_damaged(paths, good, now=when)
    assert first.read_bytes() == broken, "the first damaged file was overwritten by the second"
    assert second != first
    assert second.read_bytes() == again


def test_gui_offers_the_good_backup_and_recovers(
    qtbot: Any, damaged: tuple[DataPaths, Path, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    paths, good, broken = damaged
    expected_members = members_of(good)
    asked: list[str] = []
    told: list[str] = []

    def question(_parent: Any, _title: str, text: str, *_a: Any, **_k: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a, **k: told.append(text))
    window = new_window(qtbot, paths, offer_demo=True)
    failed: list[str] = []
    window.startup_failed.connect(failed.append)

    with qtbot.waitSignals([window.data_loaded, window.store_ready], timeout=20000):
        window.open_data()

    assert len(asked) == 1
    assert "数据库文件已损坏" in asked[0]
    assert good.name in asked[0]  # the good one, not the newer damaged one
    assert "不会被覆盖" in asked[0]
    assert failed == []
    [aside] = paths.backups.glob("damaged-*.sqlite3")
    assert aside.read_bytes() == broken
    assert len(told) == 1 and "已从备份恢复" in told[0] and str(aside) in told[0]
    assert window.members_tab.model.rowCount() == len(list_members(paths.database)) > 300
    assert members_of(paths.database) == expected_members
    daily = wait_for_daily_backup(qtbot, paths)  # and today's backup is of the recovered database
    assert members_of(daily) == expected_members


def test_gui_declined_recovery_reports_and_touches_nothing(
    qtbot: Any, damaged: tuple[DataPaths, Path, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    paths, _good, broken = damaged
    backups_before = files_in(paths.backups)
    asked: list[str] = []

    def question(_parent: Any, _title: str, text: str, *_a: Any, **_k: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    window = new_window(qtbot, paths, offer_demo=True)
    with qtbot.waitSignal(window.startup_failed, timeout=20000) as blocker:
        window.open_data()

    assert len(asked) == 1
    assert "数据库文件已损坏" in blocker.args[0]
    assert paths.database.read_bytes() == broken
    assert files_in(paths.backups) == backups_before  # no damaged-* copy, nothing rotated
    assert window.store is None
    assert_responsive(qtbot, window)


# ---------------------------------------------------------------------------------------------
# 3. The data folder is read-only (a write-protected USB stick in portable mode, a drive the
#    system remounted read-only after errors, a folder without write permission).


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make ``folder`` read-only for everyone, root included, for the duration.

    As root: a read-only bind mount of the folder onto itself. Otherwise: mode 0555.
    """
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    bound = _run("mount", "--bind", str(folder), str(folder))
    if bound.returncode != 0:
        pytest.skip(f"running as root but mount is not permitted here ({bound.stderr.strip()}); "
                    "a read-only data folder cannot be made without it")
    try:
        remount = _run("mount", "-o", "remount,ro,bind", str(folder))
        assert remount.returncode == 0, remount.stderr
        with pytest.raises(OSError):  # really read-only, even for root
            (folder / ".probe").write_bytes(b"x")
        yield
    finally:
        if _run("umount", str(folder)).returncode != 0:
            _run("umount", "-l", str(folder))


def test_read_only_folder_cli_refuses_with_exit_3_and_changes_nothing(demo_paths: DataPaths, tmp_path: Path) -> None:
    folder = demo_paths.root
    before = files_in(folder)
    with read_only(folder):
        listed = djdesk(tmp_path, "--data-dir", str(folder), "members", "list")
        demo = djdesk(tmp_path, "--data-dir", str(folder), "demo", "--year", "2025")
    for result in (listed, demo):
        assert result.code == EXIT_ENV, result
        assert "数据文件夹不可写" in result.err
        assert str(folder) in result.err
        assert "Traceback" not in result.err
    assert files_in(folder) == before  # database and everything else unchanged, nothing added


def test_read_only_empty_folder_demo_creates_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    with read_only(folder):
        result = djdesk(tmp_path, "--data-dir", str(folder), "demo", "--year", "2025")
    assert result.code == EXIT_ENV
    assert "数据文件夹不可写" in result.err and str(folder) in result.err
    assert list(folder.iterdir()) == []


def test_read_only_folder_gui_reports_the_folder(qtbot: Any, demo_paths: DataPaths) -> None:
    folder = demo_paths.root
    before = files_in(folder)
    with read_only(folder):
        window = new_window(qtbot, demo_paths, offer_demo=True)
        with qtbot.waitSignal(window.startup_failed, timeout=20000) as blocker:
            window.open_data()
        assert "数据文件夹" in blocker.args[0]
        assert str(folder) in blocker.args[0]
        assert window.store is None
        assert_responsive(qtbot, window)
        window.close()
    assert files_in(folder) == before


def test_read_only_folder_db_check_does_not_call_a_sound_database_damaged(
    demo_paths: DataPaths, tmp_path: Path
) -> None:
    with read_only(demo_paths.root):
        result = djdesk(tmp_path, "--data-dir", str(demo_paths.root), "db", "check")
    assert "损坏" not in result.err
    assert (result.code, "完好" in result.out) == (0, True) or (
        result.code == EXIT_ENV and "数据文件夹" in result.err)


def test_read_only_folder_a_copy_can_still_be_rescued(demo_paths: DataPaths, tmp_path: Path) -> None:
    usb = tmp_path / "U盘"
    usb.mkdir()
    with read_only(demo_paths.root):
        result = djdesk(tmp_path, "--data-dir", str(demo_paths.root), "db", "backup", str(usb / "抢救.sqlite3"))
    assert result.code == 0, result.err
    assert members_of(usb / "抢救.sqlite3") == members_of(demo_paths.database)


# ---------------------------------------------------------------------------------------------
# 4. Another program holds the database (a second copy of djdesk on a shared folder, a database
#    viewer with unsaved changes, a sync tool).

HOLDER = r"""
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode=" + sys.argv[2])
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.readline()  # hold the lock until the test closes our stdin
conn.execute("ROLLBACK")
"""


@contextmanager
def held_by_another_process(db: Path, journal_mode: str = "wal") -> Iterator[None]:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), journal_mode], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None
        line = holder.stdout.readline()
        assert line.strip() == "locked", holder.stderr.read() if holder.stderr else line
        yield
    finally:
        for stream in (holder.stdin, holder.stdout, holder.stderr):
            if stream is not None:
                stream.close()  # the holder reads EOF, rolls back and exits
        try:
            holder.wait(timeout=10)
        except subprocess.TimeoutExpired:
            holder.kill()
            holder.wait()


def test_locked_database_cli_exit_3(demo_paths: DataPaths, tmp_path: Path) -> None:
    before = content(demo_paths.database)
    with held_by_another_process(demo_paths.database):
        result = djdesk(tmp_path, "--data-dir", str(demo_paths.root), "members", "list")
    assert result.code == EXIT_ENV
    assert "占用" in result.err
    assert str(demo_paths.database) in result.err
    assert "Traceback" not in result.err
    assert content(demo_paths.database) == before


def test_locked_database_gui_reports_and_stays_responsive(qtbot: Any, demo_paths: DataPaths) -> None:
    window = new_window(qtbot, demo_paths, offer_demo=True)
    failed: list[str] = []
    window.startup_failed.connect(failed.append)
    with held_by_another_process(demo_paths.database):
        with qtbot.waitSignal(window.startup_failed, timeout=20000):
            window.open_data()
        assert len(failed) == 1
        assert "占用" in failed[0]
        assert "损坏" not in failed[0]
        assert window.store is None
        assert_responsive(qtbot, window)

    # The clerk closes the other program and tries again: the data appears.
    with qtbot.waitSignals([window.data_loaded, window.store_ready], timeout=20000):
        window.open_data()
    assert window.members_tab.model.rowCount() > 300
    assert failed == [failed[0]]
    wait_for_daily_backup(qtbot, demo_paths)


def test_locked_database_in_rollback_journal_mode_is_not_called_damaged(
    qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup_to(demo_paths.database, demo_paths.backups / daily_name(TODAY - dt.timedelta(days=1)))
    asked: list[str] = []

    def question(_parent: Any, _title: str, text: str, *_a: Any, **_k: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    window = new_window(qtbot, demo_paths, offer_demo=True)
    with held_by_another_process(demo_paths.database, "delete"):
        with qtbot.waitSignal(window.startup_failed, timeout=20000) as blocker:
            window.open_data()
    assert asked == []  # never offer to replace a database that is merely in use
    assert "占用" in blocker.args[0]


def test_lock_check_does_not_wait_long(demo_paths: DataPaths) -> None:
    """The clerk is told within seconds, not left waiting on the busy timeout."""
    import time

    with held_by_another_process(demo_paths.database):
        start = time.perf_counter()
        with pytest.raises(DatabaseLocked) as caught:
            check_openable(demo_paths.database)
        waited = time.perf_counter() - start
    assert "占用" in caught.value.message
    assert waited < store_backup.LOCK_PROBE_TIMEOUT_S + 2


# ---------------------------------------------------------------------------------------------
# 6. The clerk restores a backup by mistake and undoes it with the safety copy.


def change_some_data(paths: DataPaths) -> None:
    store = open_store(paths)
    try:
        with store.sessions() as session:
            member = session.scalars(select(Member).order_by(Member.id)).first()
            assert member is not None
            member.phone = "13900000000"
            member.name = "改过名的党员"
            org = session.scalars(select(Organization).order_by(Organization.id.desc())).first()
            session.add(Member(name="新来的党员", category=MemberCategory.PROBATIONARY, organization=org))
            meeting = session.scalars(select(Meeting).order_by(Meeting.id)).first()
            assert meeting is not None
            session.delete(meeting)  # and its attendance, agenda… with it
            session.commit()
    finally:
        store.close()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[dt.datetime], None]:
    """Controls the time stamps in backup names: ``clock(when)`` sets the time of the next names."""
    real = store_backup.timestamped_name
    now = {"at": dt.datetime(2026, 11, 26, 9, 0, 0)}

    def named(prefix: str, when: dt.datetime | None = None) -> str:
        return real(prefix, when or now["at"])

    monkeypatch.setattr(store_backup, "timestamped_name", named)
    return lambda when: now.update(at=when)


def test_restore_round_trip_brings_back_every_row(
    demo_paths: DataPaths, tmp_path: Path, clock: Callable[[dt.datetime], None]
) -> None:
    monday = backup_database(demo_paths, tmp_path / "U盘" / "周一备份.sqlite3")
    change_some_data(demo_paths)
    just_before = content(demo_paths.database)
    assert just_before != content(monday)

    clock(dt.datetime(2026, 11, 26, 9, 0, 0))
    safety = restore_database(demo_paths, monday)  # the wrong backup, by mistake
    assert safety.parent == demo_paths.backups and safety.name.startswith("before-restore-")
    assert content(safety) == just_before
    assert content(demo_paths.database) == content(monday)

    clock(dt.datetime(2026, 11, 26, 9, 0, 5))
    undo_safety = restore_database(demo_paths, safety)  # undo: restore the safety copy
    assert undo_safety != safety

    assert content(demo_paths.database) == just_before  # every table, every row, in order
    assert integrity_check(demo_paths.database) == []
    assert content(undo_safety) == content(monday)  # even the mistake is kept


def test_restore_round_trip_within_one_second(
    demo_paths: DataPaths, tmp_path: Path, clock: Callable[[dt.datetime], None]
) -> None:
    monday = backup_database(demo_paths, tmp_path / "周一备份.sqlite3")
    change_some_data(demo_paths)
    just_before = content(demo_paths.database)
    clock(dt.datetime(2026, 11, 26, 9, 0, 0))
    safety = restore_database(demo_paths, monday)
    restore_database(demo_paths, safety)  # the same second: a script, or a quick double action
    assert content(demo_paths.database) == just_before, "the changes made before the first restore are lost"
