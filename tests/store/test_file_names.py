"""Database files in folders of any spelling: spaces, Chinese, ``#``, ``?``, ``%41``, ``&``, ``'``, ``[``.

An unescaped ``file:`` URI cuts the path at ``#`` or ``?`` and decodes ``%41`` to ``A`` (design.md, known
traps): the check, the backup and the restore then work on another file, or on none. Each test puts a
*decoy* database at the path such a cut would reach, with other content, so that reading the wrong file
cannot pass unnoticed.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from djdesk.domain.errors import InputError
from djdesk.store.backup import backup_to, copy_database, integrity_check, quick_check, restore_from
from djdesk.store.engine import make_engine
from djdesk.store.snapshot import reading

SPELLINGS = ["有 空格", "数据 #1", "%41", "问号?x", "a&b", "it's", "[1]", "数据 #1 %41 ?x"]


def plain_db(path: Path, names: list[str]) -> Path:
    """A small database written through a plain (non-URI) path, which SQLite takes literally."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    try:
        conn.execute("CREATE TABLE members (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("CREATE INDEX ix_members_name ON members (name)")
        conn.executemany("INSERT INTO members (name) VALUES (?)", [(n,) for n in names])
        conn.commit()
    finally:
        conn.close()
    return path


def names_in(path: Path) -> list[str]:
    conn = sqlite3.connect(path)  # a plain path: exactly this file
    try:
        return [r[0] for r in conn.execute("SELECT name FROM members ORDER BY id")]
    finally:
        conn.close()


def decoys(folder: Path) -> list[Path]:
    """Where an unescaped URI of ``folder/x`` would lead: the path cut at ``#`` or ``?``, ``%41`` as ``A``."""
    text = str(folder / "x")
    found = []
    for cut in ("#", "?"):
        if cut in text:
            found.append(Path(text.split(cut)[0]))
    if "%41" in text:
        found.append(Path(text.replace("%41", "A")))
    return found


@pytest.fixture(params=SPELLINGS)
def folder(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    made = tmp_path / request.param
    made.mkdir()
    return made


def test_checks_read_the_named_file(folder: Path) -> None:
    good = plain_db(folder / "好.sqlite3", ["张三"])
    assert quick_check(good) == []
    assert integrity_check(good) == []
    damaged = folder / "坏.sqlite3"
    damaged.write_bytes(b"this is not a database" * 200)
    assert quick_check(damaged) != []
    assert integrity_check(damaged) != []


def test_backup_copies_the_named_file_to_the_named_file(folder: Path) -> None:
    source = plain_db(folder / "djdesk.sqlite3", ["张三", "李四"])
    dest = folder / "备份 #2 %41.sqlite3"
    assert backup_to(source, dest) == dest
    assert names_in(dest) == ["张三", "李四"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(["djdesk.sqlite3", dest.name])


def test_restore_reads_the_named_backup_not_a_decoy(folder: Path, tmp_path: Path) -> None:
    live = plain_db(tmp_path / "live" / "djdesk.sqlite3", ["现在的"])
    backup = plain_db(folder / "good.sqlite3", ["备份里的"])
    for decoy in decoys(backup):
        if not decoy.exists() and decoy.parent.is_dir():
            plain_db(decoy, ["冒名的"])
    restore_from(backup, live, tmp_path / "live" / "backups")
    assert names_in(live) == ["备份里的"]


def test_copy_database_writes_the_named_file(folder: Path) -> None:
    source = plain_db(folder / "源 #.sqlite3", ["王五"])
    dest = folder / "目标 ?%41.sqlite3"
    copy_database(source, dest)
    assert names_in(dest) == ["王五"]


def test_snapshot_reading_reads_the_named_file(folder: Path) -> None:
    db = plain_db(folder / "djdesk.sqlite3", ["赵六"])
    with reading(db) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM members")] == ["赵六"]


def test_the_engine_writes_the_named_file(folder: Path) -> None:
    db = folder / "djdesk.sqlite3"
    engine = make_engine(db)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    finally:
        engine.dispose()
    assert sorted(p.name for p in folder.iterdir()) == ["djdesk.sqlite3"]
    assert [p.name for p in folder.parent.iterdir()] == [folder.name]  # no stray file beside the folder


def test_restoring_the_live_database_onto_itself_is_refused(folder: Path) -> None:
    live = plain_db(folder / "djdesk.sqlite3", ["张三"])
    before = live.read_bytes()
    for same in (live, folder / "." / "djdesk.sqlite3", folder.parent / folder.name / "djdesk.sqlite3"):
        with pytest.raises(InputError) as caught:
            restore_from(same, live, folder / "backups")
        assert "正在使用的数据库" in caught.value.message
    assert live.read_bytes() == before


def test_restoring_a_hard_link_or_symlink_of_the_live_database_is_refused(folder: Path) -> None:
    live = plain_db(folder / "djdesk.sqlite3", ["张三"])
    link = folder / "link.sqlite3"
    link.symlink_to(live)
    hard = folder / "hard.sqlite3"
    hard.hardlink_to(live)
    for same in (link, hard):
        with pytest.raises(InputError):
            restore_from(same, live, folder / "backups")


def test_backing_up_into_the_live_database_or_its_side_files_is_refused(folder: Path) -> None:
    live = plain_db(folder / "djdesk.sqlite3", ["张三"])
    before = live.read_bytes()
    for target in (live, folder / "djdesk.sqlite3-wal", folder / "djdesk.sqlite3-shm",
                   folder / "djdesk.sqlite3-journal"):
        with pytest.raises(InputError) as caught:
            backup_to(live, target)
        assert "数据库文件本身" in caught.value.message
    assert live.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["djdesk.sqlite3"]
