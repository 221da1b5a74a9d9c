"""Each writing command killed (SIGKILL: a crash, the power gone) at several points of its run.

For ``members import``, ``db backup``, ``db restore`` and ``demo`` the test first runs the command to
the end and measures how long it takes (that run also gives the *after* state), then runs it again in
a fresh copy of the data folder and kills it at 10 %, 40 %, 70 % and 95 % of that time. After each
kill, the next start (``services.startup.prepare``, as the window and every command begin) must find
the database exactly as it was before or as it is after (every table compared; the clock-stamped
``created_at``/``updated_at``/``at`` columns left out), passing ``integrity_check``, and no ``.part``
copy or other stray copy of the data left anywhere.
"""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from djdesk.paths import DataPaths
from djdesk.services.database import backup_database, open_store
from djdesk.services.startup import prepare
from tests.e2e.cli_helpers import child_env
from tests.e2e.test_faults import load_benchmark

FRACTIONS = (0.10, 0.40, 0.70, 0.95)
VOLATILE = {"created_at", "updated_at", "at"}  # stamped with the clock: differ between two runs
ROSTER_ROWS = 3000

State = dict[str, list[tuple[Any, ...]]]


def state(db: Path) -> State | None:
    """Every table's rows (without the clock-stamped columns), or None for no database at all."""
    if not db.exists():
        return None
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        found: State = {}
        for table in tables:
            columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")') if r[1] not in VOLATILE]
            listed = ", ".join(f'"{c}"' for c in columns)
            found[table] = conn.execute(f'SELECT {listed} FROM "{table}" ORDER BY rowid').fetchall()
        return found
    finally:
        conn.close()


def integrity(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


def strays(folder: Path) -> list[str]:
    """Half-made copies: ``.part`` files (and their journals) anywhere under ``folder``."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if ".part" in p.name)


def spawn(cwd: Path, args: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "djdesk", *args], cwd=cwd, env=child_env(cwd / "home"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def run_to_the_end(cwd: Path, args: list[str]) -> float:
    start = time.perf_counter()
    child = spawn(cwd, args)
    _out, err = child.communicate(timeout=60)
    took = time.perf_counter() - start
    assert child.returncode == 0, err.decode("utf-8", "replace")
    return took


def kill_after(cwd: Path, args: list[str], delay: float) -> int | None:
    """Start the command and SIGKILL it after ``delay`` seconds; its return code (None: it finished first
    and was not killed — then it must have succeeded)."""
    child = spawn(cwd, args)
    try:
        child.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        child.send_signal(signal.SIGKILL)
        code = child.wait(timeout=30)
        assert child.stderr is not None
        child.stderr.close()
        return None if code == 0 else code  # 0: it finished just before the signal
    _out, err = child.communicate()
    assert child.returncode == 0, err.decode("utf-8", "replace")
    return None


def copy_folder(template: Path, to: Path) -> DataPaths:
    shutil.copytree(template, to)
    return DataPaths(to)


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kill-roster") / "党员名册.xlsx"
    load_benchmark("roster_import").make_roster(out, ROSTER_ROWS)
    return out


def demo_folder(demo_template: Path, folder: Path, roster: Path | None = None) -> DataPaths:
    """The demo database in ``folder``; with ``roster`` imported, for a file big enough (about 3 MB)
    that a copy of it takes a good part of the command's run."""
    paths = DataPaths(folder)
    paths.ensure()
    src, dst = sqlite3.connect(demo_template), sqlite3.connect(paths.database)
    src.backup(dst)
    src.close()
    dst.close()
    store = open_store(paths)
    try:
        if roster is not None:
            from djdesk.services.roster_import import apply_import, plan_import

            apply_import(store.sessions, plan_import(store.sessions, roster))
    finally:
        store.close()
    return paths


def each_kill(
    tmp_path: Path, template: DataPaths, args: Callable[[DataPaths], list[str]],
    check: Callable[[DataPaths, State | None, State | None], None],
) -> list[str]:
    """Measure the command on a copy of ``template``, then kill it at each fraction on a fresh copy;
    ``check(paths, before, after)`` runs after the next start. Returns what each kill found."""
    before = state(template.database)
    measured = copy_folder(template.root, tmp_path / "measured")
    took = run_to_the_end(tmp_path, args(measured))
    after = state(measured.database)
    assert after != before, "the command should change something"
    outcomes = []
    for fraction in FRACTIONS:
        paths = copy_folder(template.root, tmp_path / f"killed-{int(fraction * 100)}")
        code = kill_after(tmp_path, args(paths), took * fraction)
        assert code in (None, -signal.SIGKILL)
        prepare(paths)  # the next start
        now = state(paths.database)
        assert now in (before, after), f"killed at {fraction:.0%}: neither the state before nor after"
        assert integrity(paths.database) == ["ok"]
        assert strays(paths.root) == [], f"killed at {fraction:.0%}"
        check(paths, before, after)
        outcomes.append(f"{fraction:.0%}: {'killed' if code else 'finished'}, {'before' if now == before else 'after'}")
    print(args(template)[2:4], f"{took:.2f} s", outcomes)  # shown with -s
    return outcomes


def test_members_import_killed(tmp_path: Path, demo_template: Path, roster: Path) -> None:
    template = demo_folder(demo_template, tmp_path / "template")
    outcomes = each_kill(tmp_path, template, lambda p: ["--data-dir", str(p.root), "members", "import", str(roster)],
                         lambda _p, _b, _a: None)
    assert any("killed, before" in o for o in outcomes), outcomes


def test_demo_killed(tmp_path: Path) -> None:
    template = DataPaths(tmp_path / "template")
    open_store(template).close()  # an empty database, as on the first day
    outcomes = each_kill(tmp_path, template, lambda p: ["--data-dir", str(p.root), "demo", "--year", "2025"],
                         lambda _p, _b, _a: None)
    assert any("killed, before" in o for o in outcomes), outcomes


def test_db_backup_killed(tmp_path: Path, demo_template: Path, roster: Path) -> None:
    template = demo_folder(demo_template, tmp_path / "template", roster)

    def args(paths: DataPaths) -> list[str]:
        usb = paths.root.parent / f"{paths.root.name}-U盘"
        usb.mkdir(exist_ok=True)
        return ["--data-dir", str(paths.root), "db", "backup", str(usb / "备份.sqlite3")]

    def check(paths: DataPaths, before: State | None, _after: State | None) -> None:
        usb = paths.root.parent / f"{paths.root.name}-U盘"
        made = usb / "备份.sqlite3"
        if made.exists():  # a backup is there only when it is whole and checked
            assert integrity(made) == ["ok"] and state(made) == state(paths.database)
        backup_database(paths, usb / "下一次.sqlite3")  # the next backup into the same folder
        assert strays(usb) == []
        assert state(paths.database) == before

    # A backup changes nothing in the database: "after" is the state before, so compare the copies.
    before = state(template.database)
    measured = copy_folder(template.root, tmp_path / "measured")
    took = run_to_the_end(tmp_path, args(measured))
    assert state(measured.root.parent.joinpath("measured-U盘", "备份.sqlite3")) == before
    for fraction in FRACTIONS:
        paths = copy_folder(template.root, tmp_path / f"killed-{int(fraction * 100)}")
        code = kill_after(tmp_path, args(paths), took * fraction)
        assert code in (None, -signal.SIGKILL)
        made = paths.root.parent / f"{paths.root.name}-U盘" / "备份.sqlite3"
        print("backup", f"{fraction:.0%}", "killed" if code else "finished", "made" if made.exists() else "none")
        prepare(paths)
        assert integrity(paths.database) == ["ok"]
        assert strays(paths.root) == []
        check(paths, before, before)


def test_db_restore_killed(tmp_path: Path, demo_template: Path, roster: Path) -> None:
    monday = demo_folder(demo_template, tmp_path / "monday", roster)
    backup = backup_database(monday, tmp_path / "周一备份.sqlite3")
    template = demo_folder(demo_template, tmp_path / "template")  # the database as it is now: other rows

    def check(paths: DataPaths, _before: State | None, _after: State | None) -> None:
        for copy in paths.backups.glob("*.sqlite3"):  # the safety copy, when there is one, is whole
            assert copy.name.startswith("before-restore-") and integrity(copy) == ["ok"]

    outcomes = each_kill(tmp_path, template, lambda p: ["--data-dir", str(p.root), "db", "restore", str(backup)],
                         check)
    assert any("killed, before" in o for o in outcomes), outcomes


def kill_when_a_part_appears(cwd: Path, args: list[str], folder: Path) -> list[str]:
    """Start the command and SIGKILL it as soon as a ``.part`` copy shows in ``folder``: a kill that
    lands in the middle of writing a copy, whatever the timing. Returns the ``.part`` files seen."""
    child = spawn(cwd, args)
    seen: list[str] = []
    deadline = time.perf_counter() + 30
    while child.poll() is None and time.perf_counter() < deadline:
        seen = sorted(p.name for p in folder.glob("*.part"))
        if seen:
            child.send_signal(signal.SIGKILL)
            break
        time.sleep(0.001)
    child.wait(timeout=30)
    assert child.stderr is not None
    child.stderr.close()
    assert child.returncode == -signal.SIGKILL, "the command finished before a .part showed"
    return seen


def test_a_backup_killed_while_writing_its_copy_leaves_nothing_after_the_next_backup(
    tmp_path: Path, demo_template: Path, roster: Path
) -> None:
    paths = demo_folder(demo_template, tmp_path / "data", roster)
    before = state(paths.database)
    usb = tmp_path / "U盘"
    usb.mkdir()
    seen = kill_when_a_part_appears(tmp_path, ["--data-dir", str(paths.root), "db", "backup",
                                               str(usb / "备份.sqlite3")], usb)
    assert seen == ["备份.sqlite3.part"]  # its name says what it is
    assert not (usb / "备份.sqlite3").exists()  # never a half copy under the real name
    prepare(paths)
    assert state(paths.database) == before and integrity(paths.database) == ["ok"]
    backup_database(paths, usb / "下一次.sqlite3")
    assert sorted(p.name for p in usb.iterdir()) == ["下一次.sqlite3"]


def test_a_restore_killed_while_writing_its_safety_copy_leaves_nothing_after_the_next_start(
    tmp_path: Path, demo_template: Path, roster: Path
) -> None:
    monday = demo_folder(demo_template, tmp_path / "monday")
    backup = backup_database(monday, tmp_path / "周一备份.sqlite3")
    paths = demo_folder(demo_template, tmp_path / "data", roster)
    before = state(paths.database)
    seen = kill_when_a_part_appears(tmp_path, ["--data-dir", str(paths.root), "db", "restore", str(backup)],
                                    paths.backups)
    assert len(seen) == 1 and seen[0].startswith("before-restore-") and seen[0].endswith(".sqlite3.part")
    prepare(paths)  # the next start
    assert state(paths.database) == before and integrity(paths.database) == ["ok"]
    assert strays(paths.root) == []
    assert list(paths.backups.iterdir()) == []


def test_a_first_start_killed_while_making_the_database_leaves_no_half_made_file(tmp_path: Path) -> None:
    """Killed while the new database's schema is being written: no ``djdesk.sqlite3`` at all (never a
    0-byte or half-made one that the next start would have to call damaged), and the next start makes it."""
    paths = DataPaths(tmp_path / "data")
    paths.ensure()
    seen = kill_when_a_part_appears(tmp_path, ["--data-dir", str(paths.root), "demo", "--year", "2025"], paths.root)
    assert seen == ["djdesk.sqlite3.part"]
    assert not paths.database.exists()
    prepare(paths)
    assert integrity(paths.database) == ["ok"]
    assert strays(paths.root) == []
    assert state(paths.database) is not None and "members" in (state(paths.database) or {})
