"""Backups through the SQLite backup API, restore with a safety copy, lock detection."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from djdesk.domain.enums import MemberCategory, OrgKind
from djdesk.domain.errors import DatabaseLocked, InputError
from djdesk.paths import DataPaths
from djdesk.services.database import Store, open_store
from djdesk.store.backup import backup_to, ensure_not_locked, integrity_check, restore_from
from djdesk.store.models import Member, Organization
from tests.store.db_files import member_names as names
from tests.store.db_files import sha256


def add_member(store: Store, name: str) -> None:
    with store.sessions() as session:
        org = session.scalar(select(Organization)) or Organization(kind=OrgKind.BRANCH, name="第一党支部")
        session.add(Member(name=name, category=MemberCategory.FULL, organization=org))
        session.commit()


@pytest.fixture
def filled(data_paths: DataPaths) -> Iterator[Store]:
    store = open_store(data_paths)
    for name in ("张三", "李四", "王五"):
        add_member(store, name)
    yield store
    store.close()


@pytest.fixture
def lock_holder(data_paths: DataPaths) -> Iterator[sqlite3.Connection]:
    """Another program holding a write transaction on the database."""
    conn = sqlite3.connect(data_paths.database, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    yield conn
    if conn.in_transaction:
        conn.execute("ROLLBACK")
    conn.close()


def test_backup_is_a_sound_copy_with_the_same_rows(filled: Store, tmp_path: Path) -> None:
    dest = tmp_path / "usb" / "备份.sqlite3"
    result = backup_to(filled.paths.database, dest)
    assert result == dest
    assert dest.is_file()
    assert integrity_check(dest) == []
    assert names(dest) == ["张三", "李四", "王五"] == names(filled.paths.database)
    assert not dest.with_name(dest.name + ".part").exists()


def test_backup_leaves_only_the_backup_file(filled: Store, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    backup_to(filled.paths.database, usb / "备份.sqlite3")
    assert sorted(p.name for p in usb.iterdir()) == ["备份.sqlite3"]


def test_backup_while_the_program_has_the_database_open_in_a_transaction(
    filled: Store, tmp_path: Path
) -> None:
    """Uncommitted work is not in the copy; committed work is."""
    dest = tmp_path / "copy.sqlite3"
    with filled.sessions() as session:
        session.add(Member(name="未提交", category=MemberCategory.FULL,
                           organization=session.scalars(select(Organization)).one()))
        session.flush()
        backup_to(filled.paths.database, dest)
        session.rollback()
    assert names(dest) == ["张三", "李四", "王五"]


def test_backup_of_a_missing_database_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        backup_to(tmp_path / "none.sqlite3", tmp_path / "copy.sqlite3")
    assert not (tmp_path / "copy.sqlite3").exists()


def test_restore_saves_the_current_database_first(filled: Store, tmp_path: Path) -> None:
    db = filled.paths.database
    saved = backup_to(db, tmp_path / "monday.sqlite3")
    add_member(filled, "赵六")  # work done after the backup
    filled.close()
    assert names(db) == ["张三", "李四", "王五", "赵六"]

    safety = restore_from(saved, db, filled.paths.backups)

    assert names(db) == ["张三", "李四", "王五"]
    assert safety.parent == filled.paths.backups
    assert safety.is_file()
    assert integrity_check(safety) == []
    assert names(safety) == ["张三", "李四", "王五", "赵六"]  # nothing is lost by restoring
    assert integrity_check(db) == []


def test_restore_into_a_missing_database(tmp_path: Path, filled: Store) -> None:
    saved = backup_to(filled.paths.database, tmp_path / "saved.sqlite3")
    target = tmp_path / "new" / "djdesk.sqlite3"
    target.parent.mkdir()
    restore_from(saved, target, tmp_path / "new" / "backups")
    assert names(target) == ["张三", "李四", "王五"]




@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"", id="empty"),
        pytest.param("这不是数据库。\n".encode(), id="text"),
        pytest.param(b"SQLite format 3\x00" + b"\x00" * 200, id="bad-header"),
    ],
)
def test_restoring_a_non_database_is_refused_and_changes_nothing(
    filled: Store, tmp_path: Path, content: bytes
) -> None:
    filled.close()
    db = filled.paths.database
    bogus = tmp_path / "not-a-db.txt"
    bogus.write_bytes(content)
    before = sha256(db)
    backups_before = sorted(filled.paths.backups.iterdir())

    with pytest.raises(InputError) as caught:
        restore_from(bogus, db, filled.paths.backups)

    assert "不是有效的" in caught.value.message or "找不到" in caught.value.message
    assert sha256(db) == before
    assert sorted(filled.paths.backups.iterdir()) == backups_before


def test_restoring_a_missing_file_is_refused(filled: Store, tmp_path: Path) -> None:
    before = sha256(filled.paths.database)
    with pytest.raises(InputError, match="找不到"):
        restore_from(tmp_path / "gone.sqlite3", filled.paths.database, filled.paths.backups)
    assert sha256(filled.paths.database) == before


def test_unlocked_database_passes(filled: Store) -> None:
    ensure_not_locked(filled.paths.database)  # no error
    ensure_not_locked(filled.paths.root / "absent.sqlite3")  # nothing to lock yet


def test_locked_database_is_reported_in_chinese(
    filled: Store, lock_holder: sqlite3.Connection
) -> None:
    with pytest.raises(DatabaseLocked) as caught:
        ensure_not_locked(filled.paths.database)
    assert "占用" in caught.value.message
    assert str(filled.paths.database) in caught.value.message


def test_restore_over_a_locked_database_is_refused(
    filled: Store, tmp_path: Path, lock_holder: sqlite3.Connection
) -> None:
    saved = tmp_path / "saved.sqlite3"
    conn = sqlite3.connect(saved)
    conn.execute("CREATE TABLE members (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseLocked):
        restore_from(saved, filled.paths.database, filled.paths.backups)
    lock_holder.execute("ROLLBACK")
    assert names(filled.paths.database) == ["张三", "李四", "王五"]
