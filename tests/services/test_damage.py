"""An empty or damaged database file is never taken for a new one; the daily full check sees index
damage, says so on the 首页, and 修复 mends it; copies cut short are cleaned up.

The clerk's worry: "the program started and my records were gone" — a 0-byte file (a failing disk,
a sync tool, a copy cut short) used to open as an empty database, get an empty schema written over
it and be saved as that day's backup.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

import pytest

from djdesk.domain.errors import DatabaseCorrupt, FolderNotWritable, InputError
from djdesk.domain.terms import Severity
from djdesk.paths import DataPaths
from djdesk.services import backups
from djdesk.services.backups import daily_backup, daily_name, read_status, repair, safety_reminders
from djdesk.services.database import check_database, connect_store, open_store, restore_database
from djdesk.services.reminders import reminders
from djdesk.services.startup import prepare
from djdesk.store.backup import backup_to
from djdesk.store.files import staged
from tests.store.damage import NEW_ID_NUMBER, break_index, pragma
from tests.store.db_files import member_names, sha256

TODAY = dt.date(2026, 11, 26)


def files_in(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` but the -wal/-shm SQLite makes beside a WAL database it opens."""
    return {str(p.relative_to(folder)): sha256(p) for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.endswith(("-wal", "-shm"))}


def zero_bytes(db: Path) -> None:
    db.write_bytes(b"")


def not_sqlite(db: Path) -> None:
    db.write_text("这不是数据库，是一份被误存成数据库文件名的通知。\n" * 100, encoding="utf-8")


def cut_in_half(db: Path) -> None:
    whole = db.read_bytes()
    db.write_bytes(whole[: len(whole) // 2])


def no_tables(db: Path) -> None:
    db.unlink()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version=1")  # a valid SQLite file, one page, no table at all
    conn.commit()
    conn.close()
    assert db.stat().st_size > 0


DAMAGE = {"0 字节": zero_bytes, "不是数据库": not_sqlite, "截断一半": cut_in_half, "没有数据表": no_tables}


@pytest.fixture(params=list(DAMAGE))
def damaged(request: pytest.FixtureRequest, demo_paths: DataPaths) -> tuple[DataPaths, Path, bytes]:
    """The demo database with a good backup from yesterday; then the database damaged one way."""
    good = backup_to(demo_paths.database, demo_paths.backups / daily_name(TODAY - dt.timedelta(days=1)))
    for side in ("-wal", "-shm"):
        demo_paths.database.with_name(demo_paths.database.name + side).unlink(missing_ok=True)
    DAMAGE[request.param](demo_paths.database)
    return demo_paths, good, demo_paths.database.read_bytes()


def test_a_damaged_file_is_refused_untouched_with_the_good_backup_named(
    damaged: tuple[DataPaths, Path, bytes]
) -> None:
    paths, good, broken = damaged
    before = files_in(paths.root)
    with pytest.raises(DatabaseCorrupt) as caught:
        prepare(paths)
    message = caught.value.message
    assert "数据库文件已损坏" in message and str(paths.database) in message
    assert str(good) in message  # the newest good backup, named
    assert f'db restore "{good}"' in message  # and the command that restores it
    assert caught.value.good_backup == good
    assert str(good) not in caught.value.summary  # the window offers it in its own words
    assert paths.database.read_bytes() == broken
    assert files_in(paths.root) == before  # no schema written, no backup, nothing moved


def test_a_damaged_file_gets_no_daily_backup(damaged: tuple[DataPaths, Path, bytes]) -> None:
    paths, good, broken = damaged
    with pytest.raises(DatabaseCorrupt):
        daily_backup(paths, TODAY)
    assert not (paths.backups / daily_name(TODAY)).exists()
    assert sorted(p.name for p in paths.backups.iterdir()) == [good.name]
    assert paths.database.read_bytes() == broken


def test_db_check_calls_a_damaged_file_damaged(damaged: tuple[DataPaths, Path, bytes]) -> None:
    paths, good, broken = damaged
    with pytest.raises(DatabaseCorrupt) as caught:
        check_database(paths)
    assert "完好" not in caught.value.message.replace("完好备份", "")
    assert str(good) in caught.value.message
    assert paths.database.read_bytes() == broken


def test_restoring_over_a_damaged_file_keeps_it_aside_as_it_was(damaged: tuple[DataPaths, Path, bytes]) -> None:
    paths, good, broken = damaged
    aside = restore_database(paths, good)
    assert aside.parent == paths.backups and aside.name.startswith("damaged-")
    assert aside.read_bytes() == broken
    assert member_names(paths.database) == member_names(good)
    assert pragma(paths.database, "integrity_check") == ["ok"]


def test_a_zero_byte_file_with_no_backup_is_still_refused(data_paths: DataPaths) -> None:
    data_paths.database.write_bytes(b"")
    with pytest.raises(DatabaseCorrupt) as caught:
        prepare(data_paths)
    assert "0 字节" in caught.value.message
    assert "没有通过检查的备份" in caught.value.message
    assert data_paths.database.read_bytes() == b""
    assert list(data_paths.backups.iterdir()) == []


def test_only_a_missing_file_is_a_new_database(data_paths: DataPaths) -> None:
    assert not data_paths.database.exists()
    store = open_store(data_paths)
    store.close()
    assert pragma(data_paths.database, "integrity_check") == ["ok"]
    assert "members" in _tables(data_paths.database)
    assert sorted(p.name for p in data_paths.root.iterdir() if p.is_file()) == ["djdesk.sqlite3"]


def _tables(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    finally:
        conn.close()


def test_newest_good_backup_uses_the_full_check(demo_paths: DataPaths) -> None:
    older = backup_to(demo_paths.database, demo_paths.backups / daily_name(TODAY - dt.timedelta(days=2)))
    newer = backup_to(demo_paths.database, demo_paths.backups / daily_name(TODAY - dt.timedelta(days=1)))
    os.utime(older, (1_700_000_000, 1_700_000_000))
    break_index(newer)  # passes quick_check, fails integrity_check
    assert pragma(newer, "quick_check") == ["ok"]
    assert backups.newest_good_backup(demo_paths) == older


# ---------------------------------------------------------------------------------------------
# the daily full check, the 首页 and 修复


def test_index_damage_passes_the_start_up_check_but_not_the_daily_one(demo_paths: DataPaths) -> None:
    break_index(demo_paths.database)
    assert pragma(demo_paths.database, "quick_check") == ["ok"]
    assert pragma(demo_paths.database, "integrity_check") != ["ok"]
    prepare(demo_paths)  # the start-up stays fast: quick_check only
    with pytest.raises(DatabaseCorrupt) as caught:
        daily_backup(demo_paths, TODAY)
    assert "需要修复" in caught.value.message and "数据安全" in caught.value.message
    assert not (demo_paths.backups / daily_name(TODAY)).exists()  # no backup of a damaged database
    assert list(demo_paths.backups.glob("*.part")) == []
    assert read_status(demo_paths).damaged_since == TODAY


def test_the_daily_check_failure_is_an_urgent_home_item_until_repaired(demo_paths: DataPaths) -> None:
    break_index(demo_paths.database)
    with pytest.raises(DatabaseCorrupt):
        daily_backup(demo_paths, TODAY)
    store = open_store(demo_paths)
    try:
        found = [r for r in reminders(store.sessions, TODAY) if r.topic == "数据安全"]
        assert len(found) == 1
        assert found[0].severity is Severity.URGENT
        assert "数据需要修复" in found[0].text and "修复" in found[0].text
        assert "R-" not in found[0].text
        urgent = [r for r in reminders(store.sessions, TODAY) if r.severity is Severity.URGENT]
        assert found[0] in urgent  # among the 紧急 items, which come first

        result = repair(demo_paths, now=dt.datetime(2026, 11, 26, 10, 0, 0))
        assert result.sound
        assert result.copy == demo_paths.backups / "before-repair-20261126-100000.sqlite3"
        assert pragma(result.copy, "integrity_check") != ["ok"]  # the database as it was, kept
        assert pragma(demo_paths.database, "integrity_check") == ["ok"]
        assert [r for r in reminders(store.sessions, TODAY) if r.topic == "数据安全"] == []
    finally:
        store.close()
    # The member whose index entry was missing is found by its ID number again.
    conn = sqlite3.connect(demo_paths.database)
    try:
        assert conn.execute("SELECT count(*) FROM members INDEXED BY uq_members_live_id_number "
                            "WHERE id_number = ? AND deleted_at IS NULL", (NEW_ID_NUMBER,)).fetchone() == (1,)
    finally:
        conn.close()
    assert daily_backup(demo_paths, TODAY) is not None  # and the daily backup works again


def test_a_repair_that_cannot_mend_says_so(demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    break_index(demo_paths.database)
    from djdesk.store import backup as store_backup

    monkeypatch.setattr(store_backup, "reindex", lambda _db: False)
    result = repair(demo_paths)
    assert not result.sound
    assert read_status(demo_paths).needs_repair
    assert result.copy.exists()


def test_a_failed_automatic_backup_stays_on_the_home_page_until_one_succeeds(demo_paths: DataPaths) -> None:
    paths = demo_paths
    paths.backups.rmdir()
    paths.backups.write_text("不是文件夹", encoding="utf-8")
    with pytest.raises(FolderNotWritable):
        daily_backup(paths, TODAY)
    store = connect_store(paths)
    try:
        found = safety_reminders(store.sessions, TODAY)
        assert [(r.severity, r.topic) for r in found] == [(Severity.WARNING, "数据安全")]
        assert "自动备份" in found[0].text and "没有成功" in found[0].text
        with pytest.raises(FolderNotWritable):
            daily_backup(paths, TODAY + dt.timedelta(days=1))  # still failing the next day
        assert "2026年11月26日" in safety_reminders(store.sessions, TODAY)[0].text  # since the first failure
        paths.backups.unlink()
        paths.backups.mkdir()
        assert daily_backup(paths, TODAY + dt.timedelta(days=1)) is not None
        assert safety_reminders(store.sessions, TODAY) == []
    finally:
        store.close()


# ---------------------------------------------------------------------------------------------
# copies cut short


def test_the_next_start_removes_copies_cut_short(demo_paths: DataPaths) -> None:
    leftovers = [
        demo_paths.backups / "daily-20261126.sqlite3.part",
        demo_paths.backups / "daily-20261126.sqlite3.part-journal",
        demo_paths.backups / "before-restore-20261126-090000.sqlite3.part",
        demo_paths.root / "djdesk.sqlite3.part",
        demo_paths.root / "djdesk.sqlite3.part-wal",
    ]
    for path in leftovers:
        path.write_bytes(b"half a copy")
    keep = demo_paths.backups / "通知.docx.part"  # not a copy djdesk makes: left alone
    keep.write_bytes(b"x")
    prepare(demo_paths)
    assert [p for p in leftovers if p.exists()] == []
    assert keep.exists()


def test_a_copy_being_written_is_not_taken_for_a_leftover(demo_paths: DataPaths) -> None:
    target = demo_paths.backups / "daily-20261126.sqlite3"
    with staged(target) as part:
        part.path.write_bytes(b"being written")
        prepare(demo_paths)  # another djdesk starting meanwhile
        assert part.path.exists()
    assert not part.path.exists()


def test_the_next_backup_into_a_folder_removes_its_leftovers(demo_paths: DataPaths, tmp_path: Path) -> None:
    usb = tmp_path / "U盘"
    usb.mkdir()
    left = usb / "djdesk-backup-20261126-090000.sqlite3.part"
    left.write_bytes(b"half a copy")
    backup_to(demo_paths.database, usb / "周一.sqlite3")
    assert sorted(p.name for p in usb.iterdir()) == ["周一.sqlite3"]


def test_restoring_a_part_file_is_refused(demo_paths: DataPaths) -> None:
    half = demo_paths.backups / "daily-20261126.sqlite3.part"
    half.write_bytes(demo_paths.database.read_bytes()[:8192])
    kept = half.with_name("half.sqlite3")
    half.rename(kept)
    before = demo_paths.database.read_bytes()
    with pytest.raises(InputError):
        restore_database(demo_paths, kept)
    assert demo_paths.database.read_bytes() == before
