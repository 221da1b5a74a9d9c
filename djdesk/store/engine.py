"""Engine and session factory.

Every connection gets ``foreign_keys=ON``, ``journal_mode=WAL``, ``synchronous=FULL`` and a busy
timeout. pysqlite's own transaction handling is switched off (``isolation_level = None``) and
SQLAlchemy emits ``BEGIN`` itself: this works the same on Python 3.11 and 3.12+ (the 2.1
documentation's recipe touches ``dbapi_connection.autocommit``, which 3.11 lacks; design.md,
known traps).

A second writer waits up to ``BUSY_TIMEOUT_MS`` for the first to finish, then gets
:class:`~djdesk.domain.errors.DatabaseLocked` (another window or command holds the database). Errors
the clerk can act on are raised as typed errors in place of SQLAlchemy's (:mod:`djdesk.store.errors`);
``hide_parameters`` keeps the values being written out of the text of every other one.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.orm import Session, sessionmaker

from djdesk.store.audit import install_audit_hook
from djdesk.store.errors import environment_problem

BUSY_TIMEOUT_MS = 5000  # read at each new connection


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any, foreign_keys: bool) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
    finally:
        cursor.close()


def _on_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN")


def _translate(context: ExceptionContext) -> BaseException | None:
    """A locked database, a full disk, a damaged file: the typed error, raised in place of SQLAlchemy's."""
    return environment_problem(context.original_exception)


def make_engine(db_path: Path | str, *, foreign_keys: bool = True) -> Engine:
    # URL.create, not f"sqlite:///{path}": a URL string would read ``?`` in a folder name as the start
    # of its query and ``%41`` as ``A`` (design.md, known traps). The path reaches sqlite3 as it is.
    engine = create_engine(URL.create("sqlite", database=str(Path(db_path))), future=True, hide_parameters=True)
    event.listen(engine, "handle_error", _translate)

    @event.listens_for(engine, "connect")
    def connect(dbapi_connection: sqlite3.Connection, record: Any) -> None:
        _on_connect(dbapi_connection, record, foreign_keys)

    event.listen(engine, "begin", _on_begin)
    return engine


SessionFactory = sessionmaker[Session]


def make_session_factory(engine: Engine) -> SessionFactory:
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    install_audit_hook(factory)
    return factory
