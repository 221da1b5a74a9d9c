"""Backups through the SQLite backup API, integrity checks and restore."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from djdesk.domain.errors import DatabaseCorrupt, DatabaseLocked, FolderNotWritable, InputError

LOCK_PROBE_TIMEOUT_S = 1.0


def _open(path: Path, timeout: float, readonly: bool) -> sqlite3.Connection:
    uri = f"file:{path}?mode=ro" if readonly else f"file:{path}"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
        if readonly:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        # A WAL database in a read-only folder cannot create its -shm: read it as immutable, which
        # is safe when nothing is writing (no -wal with content).
        wal = path.with_name(path.name + "-wal")
        if not readonly or os.access(path.parent, os.W_OK) or (wal.exists() and wal.stat().st_size > 0):
            raise
        return sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, timeout=timeout,
                               isolation_level=None)


@contextlib.contextmanager
def _connect(path: Path, *, timeout: float = 5.0, readonly: bool = False) -> Iterator[sqlite3.Connection]:
    conn = _open(path, timeout, readonly)
    try:
        yield conn
    finally:
        conn.close()


def _check(path: Path, pragma: str) -> list[str]:
    """Run ``quick_check``/``integrity_check``; ``[]`` means the file is sound."""
    try:
        with _connect(path, readonly=True) as conn:
            rows = conn.execute(f"PRAGMA {pragma}").fetchall()
    except sqlite3.OperationalError as exc:
        if getattr(exc, "sqlite_errorcode", 0) & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            raise DatabaseLocked(
                f"数据库正被其他程序占用（{path}）。请关闭其他正在使用它的党建工作台窗口或程序后再试。"
            ) from exc
        return [str(exc)]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    messages = [str(r[0]) for r in rows]
    return [] if messages == ["ok"] else messages


def quick_check(path: Path) -> list[str]:
    return _check(path, "quick_check")


def integrity_check(path: Path) -> list[str]:
    return _check(path, "integrity_check")


def ensure_sound(path: Path) -> None:
    """Raise :class:`DatabaseCorrupt` when ``PRAGMA quick_check`` fails; never modify the file."""
    if not path.exists():
        return
    problems = quick_check(path)
    if problems:
        raise DatabaseCorrupt(
            f"数据库文件已损坏（{path}），程序没有对它做任何修改。"
            "请从备份恢复（文件 → 从备份恢复…，或命令 djdesk db restore 备份文件），"
            "或联系技术人员。"
        )


def ensure_not_locked(path: Path) -> None:
    """Raise :class:`DatabaseLocked` when another program holds a write lock on the database."""
    if not path.exists():
        return
    try:
        with _connect(path, timeout=LOCK_PROBE_TIMEOUT_S) as conn:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseLocked(
                f"数据库正被其他程序占用（{path}）。请关闭其他正在使用它的党建工作台窗口或程序后再试。"
            ) from exc
        if "readonly" in str(exc) or "read-only" in str(exc):
            raise FolderNotWritable(
                f"数据文件夹不可写（{path.parent}）。请检查该文件夹的权限或磁盘是否已满、是否为只读。"
            ) from exc
        raise


def copy_database(source: Path, dest: Path) -> None:
    """Copy ``source`` over ``dest`` page by page (the SQLite backup API), unverified: restores and
    put-backs, whose source has been checked already."""
    with _connect(source, readonly=True) as src, _connect(dest) as dst:
        src.backup(dst)


def backup_to(source: Path, dest: Path) -> Path:
    """Copy ``source`` to ``dest`` with the SQLite backup API and verify the copy."""
    if not source.exists():
        raise InputError(f"找不到数据库文件：{source}")
    tmp = dest.with_name(dest.name + ".part")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        with _connect(source, readonly=True) as src, _connect(tmp) as dst:
            src.backup(dst)
            # One self-contained file: no -wal/-shm beside the copy.
            dst.execute("PRAGMA journal_mode=DELETE")
        problems = integrity_check(tmp)
        if problems:
            raise DatabaseCorrupt(f"备份文件校验未通过：{'；'.join(problems[:3])}")
        tmp.replace(dest)
    except OSError as exc:
        raise FolderNotWritable(
            f"无法写入备份文件夹（{dest.parent}），请检查权限、磁盘空间，或换一个位置。"
        ) from exc
    except sqlite3.OperationalError as exc:
        raise FolderNotWritable(f"无法写入备份文件（{dest}）：{exc}。请检查磁盘空间和权限。") from exc
    finally:
        if tmp.exists():
            tmp.unlink()
    return dest


def unique_path(folder: Path, name: str) -> Path:
    """``folder/name``, or ``name-2``, ``name-3`` … when that file exists already: never overwrite."""
    target = folder / name
    stem, suffix = target.stem, target.suffix
    n = 2
    while target.exists():
        target = folder / f"{stem}-{n}{suffix}"
        n += 1
    return target


def timestamped_name(prefix: str, when: dt.datetime | None = None) -> str:
    when = when or dt.datetime.now()
    return f"{prefix}-{when.strftime('%Y%m%d-%H%M%S')}.sqlite3"


def restore_from(backup_file: Path, db_path: Path, safety_dir: Path) -> Path:
    """Restore ``backup_file`` over ``db_path``; the current database is first copied to ``safety_dir``.

    Returns the path of the safety copy (or the database path when there was nothing to save).
    """
    if not backup_file.exists():
        raise InputError(f"找不到备份文件：{backup_file}")
    problems = integrity_check(backup_file)
    if problems or backup_file.stat().st_size == 0:
        raise InputError(f"“{backup_file.name}”不是有效的党建工作台备份文件，或已损坏，未做任何修改。")
    safety = db_path
    if db_path.exists():
        ensure_not_locked(db_path)
        safety_dir.mkdir(parents=True, exist_ok=True)
        target = unique_path(safety_dir, timestamped_name("before-restore"))
        if target.resolve() == backup_file.resolve():
            target = unique_path(safety_dir, "x-" + target.name)
        safety = backup_to(db_path, target)
    copy_database(backup_file, db_path)
    return safety
