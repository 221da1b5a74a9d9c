"""The engine factory: pragmas on every connection, foreign keys enforced, real transactions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Connection, func, select
from sqlalchemy.exc import IntegrityError

from djdesk.domain.enums import MemberCategory, OrgKind
from djdesk.paths import DataPaths
from djdesk.services.database import Store
from djdesk.store.engine import make_engine
from djdesk.store.models import Member, Organization

SYNCHRONOUS_FULL = 2


def _pragmas(conn: Connection) -> dict[str, object]:
    run = conn.exec_driver_sql
    return {
        "foreign_keys": run("PRAGMA foreign_keys").scalar(),
        "journal_mode": run("PRAGMA journal_mode").scalar(),
        "synchronous": run("PRAGMA synchronous").scalar(),
        "busy_timeout": run("PRAGMA busy_timeout").scalar(),
    }


def _assert_safe(pragmas: dict[str, object]) -> None:
    assert pragmas["foreign_keys"] == 1
    assert str(pragmas["journal_mode"]).lower() == "wal"
    assert pragmas["synchronous"] == SYNCHRONOUS_FULL
    assert isinstance(pragmas["busy_timeout"], int)
    assert pragmas["busy_timeout"] > 0


def test_every_new_connection_gets_the_pragmas(store: Store) -> None:
    # Two connections open at the same time: both are new DBAPI connections from the pool.
    with store.engine.connect() as first, store.engine.connect() as second:
        assert first.connection.dbapi_connection is not second.connection.dbapi_connection
        _assert_safe(_pragmas(first))
        _assert_safe(_pragmas(second))
    # After the pool is emptied, the next connection is brand new and still configured.
    store.engine.dispose()
    with store.engine.connect() as third:
        _assert_safe(_pragmas(third))


def test_a_session_connection_has_the_pragmas(store: Store) -> None:
    with store.sessions() as session:
        _assert_safe(_pragmas(session.connection()))


def test_make_engine_on_a_fresh_file(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "fresh.sqlite3")
    try:
        with engine.connect() as conn:
            _assert_safe(_pragmas(conn))
    finally:
        engine.dispose()


def test_foreign_key_violation_is_refused(store: Store) -> None:
    with store.sessions() as session:
        session.add(Member(name="张三", category=MemberCategory.FULL, organization_id=999_999))
        with pytest.raises(IntegrityError, match="FOREIGN KEY"):
            session.commit()
    with store.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Member)) == 0


def test_deleting_a_parent_with_children_is_refused(store: Store) -> None:
    with store.sessions() as session:
        org = Organization(kind=OrgKind.BRANCH, name="第一党支部")
        session.add(Member(name="张三", category=MemberCategory.FULL, organization=org))
        session.commit()
        org_id = org.id
    with store.engine.connect() as conn, pytest.raises(IntegrityError):
        conn.exec_driver_sql("DELETE FROM organizations WHERE id = ?", (org_id,))
    with store.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Organization)) == 1
        assert session.scalar(select(func.count()).select_from(Member)) == 1


def test_rollback_leaves_nothing(store: Store, data_paths: DataPaths) -> None:
    with store.sessions() as session:
        org = Organization(kind=OrgKind.BRANCH, name="第二党支部")
        session.add(org)
        session.add(Member(name="李四", category=MemberCategory.PROBATIONARY, organization=org))
        session.flush()  # the rows reach the database inside the transaction...
        assert session.scalar(select(func.count()).select_from(Member)) == 1
        session.rollback()  # ...and are gone after the rollback
    store.engine.dispose()
    conn = sqlite3.connect(data_paths.database)
    try:
        assert conn.execute("SELECT count(*) FROM organizations").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM members").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM audit_log").fetchone() == (0,)
    finally:
        conn.close()


def test_commit_is_durable_for_another_connection(store: Store, data_paths: DataPaths) -> None:
    with store.sessions() as session:
        session.add(Organization(kind=OrgKind.BRANCH, name="第三党支部"))
        session.commit()
    conn = sqlite3.connect(data_paths.database)
    try:
        assert conn.execute("SELECT name FROM organizations").fetchall() == [("第三党支部",)]
    finally:
        conn.close()


def test_busy_timeout_is_the_engine_constant(store: Store) -> None:
    """The wait of a second writer (issue 12, point 5): the pragma on every connection is BUSY_TIMEOUT_MS."""
    from djdesk.store.engine import BUSY_TIMEOUT_MS

    assert BUSY_TIMEOUT_MS == 5000
    with store.engine.connect() as conn:
        assert _pragmas(conn)["busy_timeout"] == 5000


def test_a_database_error_does_not_carry_the_values_in_its_text(store: Store) -> None:
    """hide_parameters: the ID and phone numbers being written are not in str() of the error."""
    number, phone = "11010519491231002X", "13812345678"
    with store.sessions() as session:
        org = Organization(kind=OrgKind.BRANCH, name="第一党支部")
        session.add(Member(name="张三", category=MemberCategory.FULL, organization=org, id_number=number))
        session.commit()
        session.add(Member(name="张三", category=MemberCategory.FULL, organization=org, id_number=number,
                           phone=phone))
        with pytest.raises(IntegrityError) as caught:
            session.commit()
    text = str(caught.value)
    assert "UNIQUE constraint failed" in text
    assert number not in text and phone not in text and "张三" not in text
    assert "hidden" in text


def test_a_full_disk_is_told_as_folder_not_writable() -> None:
    """One place reads SQLite's codes: locked/busy, full/read-only, damaged; anything else is not ours."""
    from djdesk.domain.errors import DatabaseCorrupt, DatabaseLocked, FolderNotWritable
    from djdesk.store.errors import LOCKED_MESSAGE, environment_problem

    def error(message: str, code: int) -> sqlite3.OperationalError:
        exc = sqlite3.OperationalError(message)
        exc.sqlite_errorcode = code  # type: ignore[attr-defined]
        return exc

    assert isinstance(environment_problem(error("database is locked", 5)), DatabaseLocked)
    assert isinstance(environment_problem(error("database is locked", 517)), DatabaseLocked)  # BUSY_SNAPSHOT
    assert isinstance(environment_problem(error("database table is locked", 6)), DatabaseLocked)
    assert isinstance(environment_problem(error("database or disk is full", 13)), FolderNotWritable)
    assert isinstance(environment_problem(error("attempt to write a readonly database", 8)), FolderNotWritable)
    assert isinstance(environment_problem(error("disk I/O error", 10)), FolderNotWritable)
    assert isinstance(environment_problem(error("database disk image is malformed", 11)), DatabaseCorrupt)
    assert environment_problem(error("no such table: members", 1)) is None
    assert environment_problem(sqlite3.IntegrityError("UNIQUE constraint failed: members.id_number")) is None
    assert environment_problem(ValueError("database is locked")) is None  # not a database error
    # Without a code (another driver), SQLite's words.
    locked = environment_problem(sqlite3.OperationalError("database is locked"))
    assert isinstance(locked, DatabaseLocked) and locked.message == LOCKED_MESSAGE
