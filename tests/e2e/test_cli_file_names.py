"""The whole command line in a data folder named ``数据 #1 %41 ?x``, with a backup path holding ``#`` and
``%41``, as real child processes (design.md, known traps: unescaped ``file:`` URIs made ``members list``
hang, ``db check`` check another file and ``db restore`` restore another backup). Each child has a
timeout, so a hang fails the test instead of hanging the run."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.e2e.cli_helpers import Result, djdesk
from tests.e2e.test_faults import load_benchmark

FOLDER = "数据 #1 %41 ?x"
TIMEOUT = 60
EXIT_OK, EXIT_INPUT = 0, 1


def names(db: Path) -> list[str]:
    conn = sqlite3.connect(db)  # a plain path: exactly this file
    try:
        return [r[0] for r in conn.execute("SELECT name FROM members WHERE deleted_at IS NULL ORDER BY id")]
    finally:
        conn.close()


def ok(result: Result) -> Result:
    assert result.code == EXIT_OK, (result.err, result.out)
    assert "Traceback" not in result.err
    return result


@pytest.fixture(scope="module")
def small_roster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("roster") / "名册 #1.xlsx"
    load_benchmark("roster_import").make_roster(out, 30)
    return out


def test_every_command_works_in_a_folder_of_any_spelling(tmp_path: Path, small_roster: Path) -> None:
    data = tmp_path / FOLDER
    usb = tmp_path / "U盘 #2 %41"
    usb.mkdir()
    backup = usb / "备份 #3 %41 ?.sqlite3"
    db = data / "djdesk.sqlite3"

    def run(*args: str) -> Result:
        return djdesk(tmp_path, "--data-dir", str(data), *args, timeout=TIMEOUT)

    assert "已载入 2025 年示例数据" in ok(run("demo", "--year", "2025")).out
    demo_names = names(db)
    assert len(demo_names) > 300
    assert f"共 {len(demo_names)} 名党员" in ok(run("members", "list")).out
    assert ok(run("db", "check")).out.strip() == f"数据库完好：{db}"
    assert str(backup) in ok(run("db", "backup", str(backup))).out
    assert names(backup) == demo_names

    imported = ok(run("members", "import", str(small_roster)))
    assert "30" in imported.out
    assert len(names(db)) == len(demo_names) + 30

    restored = ok(run("db", "restore", str(backup)))
    assert names(db) == demo_names  # the named backup, and no other file
    [safety] = (data / "backups").glob("before-restore-*.sqlite3")
    assert str(safety) in restored.out
    assert len(names(safety)) == len(demo_names) + 30

    # The live database is never its own backup, nor the target of one.
    refused = run("db", "restore", str(db))
    assert refused.code == EXIT_INPUT and "正在使用的数据库" in refused.err
    for target in (db, data / "djdesk.sqlite3-wal"):
        refused = run("db", "backup", str(target))
        assert refused.code == EXIT_INPUT and "数据库文件本身" in refused.err
    assert names(db) == demo_names
    assert ok(run("db", "check")).out.startswith("数据库完好")

    # Nothing was written beside the folders named (a cut URI would have made "数据 " or "…A…").
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([FOLDER, usb.name])
    assert sorted(p.name for p in usb.iterdir()) == [backup.name]
    assert list(tmp_path.rglob("*.part")) == []


def test_a_zero_byte_database_exits_3_naming_the_backup_and_the_command(tmp_path: Path) -> None:
    data = tmp_path / FOLDER
    db = data / "djdesk.sqlite3"

    def run(*args: str) -> Result:
        return djdesk(tmp_path, "--data-dir", str(data), *args, timeout=TIMEOUT)

    ok(run("demo", "--year", "2025"))
    demo_names = names(db)
    good = data / "backups" / "daily-20261125.sqlite3"
    ok(run("db", "backup", str(good)))
    db.write_bytes(b"")  # emptied: a failing disk, a sync tool
    for side in ("-wal", "-shm"):
        db.with_name(db.name + side).unlink(missing_ok=True)

    for args in (("members", "list"), ("db", "check"), ("demo", "--year", "2025")):
        refused = run(*args)
        assert refused.code == 3, (args, refused)
        assert "0 字节" in refused.err and str(good) in refused.err
        command = f'djdesk --data-dir "{data}" db restore "{good}"'
        assert command in refused.err
        assert db.read_bytes() == b""  # never filled with an empty schema
        assert sorted(p.name for p in (data / "backups").iterdir()) == [good.name]  # and no daily backup of it

    restored = ok(run("db", "restore", str(good)))  # the command it named
    [aside] = (data / "backups").glob("damaged-*.sqlite3")
    assert aside.read_bytes() == b"" and str(aside) in restored.out
    assert names(db) == demo_names
    assert f"共 {len(demo_names)} 名党员" in ok(run("members", "list")).out
