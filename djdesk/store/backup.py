"""Backups through the SQLite backup API, integrity checks and restore."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from djdesk.domain.errors import DatabaseCorrupt, DatabaseLocked, FolderNotWritable, InputError
from djdesk.store.files import file_uri, is_database_or_side_file, remove_leftovers, same_file, side_files, staged

LOCK_PROBE_TIMEOUT_S = 1.0
EMPTY_FILE = "文件是空的（0 字节）"
NOT_SQLITE = "不是数据库文件"
NO_TABLES = "文件中没有任何数据表"


def _open(path: Path, timeout: float, readonly: bool) -> sqlite3.Connection:
    uri = file_uri(path, mode="ro") if readonly else file_uri(path)
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
        return sqlite3.connect(file_uri(path, mode="ro", immutable="1"), uri=True, timeout=timeout,
                               isolation_level=None)


@contextlib.contextmanager
def _connect(path: Path, *, timeout: float = 5.0, readonly: bool = False) -> Iterator[sqlite3.Connection]:
    conn = _open(path, timeout, readonly)
    try:
        yield conn
    finally:
        conn.close()


def _check(path: Path, pragma: str) -> list[str]:
    """Run ``quick_check``/``integrity_check``; ``[]`` means the file is sound.

    A 0-byte file opens as an empty database, but it is not one (design.md, known traps): it is
    reported as a problem, so that only a *missing* file is ever taken for a new database. The
    problems are for the log and for counting, never shown as they are (SQLite's own English)."""
    try:
        if path.stat().st_size == 0:
            return [EMPTY_FILE]
    except FileNotFoundError:
        return ["文件不存在"]
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


def damage(path: Path, problems: list[str]) -> str:
    """What is wrong with a damaged database file, in words the clerk can read."""
    if problems == [EMPTY_FILE]:
        return EMPTY_FILE
    if any("not a database" in p or "file is encrypted" in p for p in problems):
        return NOT_SQLITE
    return f"完整性检查发现 {len(problems)} 处问题"


def damaged_message(path: Path, reason: str) -> str:
    return (
        f"数据库文件已损坏（{path}）：{reason}。程序没有对它做任何修改。"
        "请从备份恢复（文件 → 从备份恢复…，或命令 djdesk db restore 备份文件），或联系技术人员。"
    )


def emptiness(path: Path) -> str | None:
    """Why an existing, sound file holds no database at all (0 bytes, or not a single table), else None.
    Such a file is never a new database: only a missing one is (design.md, known traps)."""
    if path.stat().st_size == 0:
        return EMPTY_FILE
    with _connect(path, readonly=True) as conn:
        found = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' LIMIT 1").fetchone()
    return None if found else NO_TABLES


def is_damaged(path: Path) -> bool:
    """An existing file that fails ``quick_check`` (a 0-byte file included) or holds no table."""
    return path.exists() and (bool(quick_check(path)) or emptiness(path) is not None)


def ensure_sound(path: Path) -> None:
    """Raise :class:`DatabaseCorrupt` when ``PRAGMA quick_check`` fails (a 0-byte file fails it too);
    never modify the file. A missing file passes: it is a new database."""
    if not path.exists():
        return
    problems = quick_check(path)
    if problems:
        raise DatabaseCorrupt(damaged_message(path, damage(path, problems)))


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
    put-backs, whose source has been checked already.

    Over an existing ``dest`` the copy is one SQLite transaction (cut short, SQLite rolls it back on
    the next open); a missing ``dest`` is written as ``<dest>.part`` and renamed when complete."""
    if dest.exists():
        with _connect(source, readonly=True) as src, _connect(dest) as dst:
            src.backup(dst)
        return
    with staged(dest) as part:
        with _connect(source, readonly=True) as src, _connect(part.path) as dst:
            src.backup(dst)
        part.publish()


def refuse_self_copy(dest: Path, database: Path) -> None:
    """A copy must never be written onto the database it copies, nor onto its -wal/-shm/-journal."""
    if is_database_or_side_file(dest, database):
        raise InputError(
            f"“{dest.name}”是数据库文件本身（或它的附属文件），不能把备份写到这里。"
            "请另选一个文件名或文件夹，例如 U 盘。"
        )


def backup_to(source: Path, dest: Path, *, verify: bool = True) -> Path:
    """Copy ``source`` to ``dest`` with the SQLite backup API and (``verify``) check the copy with
    ``integrity_check``; the copy is written as ``<dest>.part`` and renamed only once it passes.

    Leftover ``.part`` copies in the destination folder (of a backup killed half-way) are removed
    first. ``verify=False`` is for keeping a damaged database as it is, before a repair."""
    if not source.exists():
        raise InputError(f"找不到数据库文件：{source}")
    refuse_self_copy(dest, source)
    try:
        empty = emptiness(source)
    except sqlite3.DatabaseError as exc:
        raise DatabaseCorrupt(damaged_message(source, NOT_SQLITE)) from exc
    if empty is not None:
        raise DatabaseCorrupt(damaged_message(source, empty))
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(dest.parent)
        with staged(dest) as part:
            with _connect(source, readonly=True) as src, _connect(part.path) as dst:
                src.backup(dst)
                # One self-contained file: no -wal/-shm beside the copy.
                dst.execute("PRAGMA journal_mode=DELETE")
            problems = integrity_check(part.path) if verify else []
            if problems:
                raise DatabaseCorrupt(
                    f"备份文件校验未通过（{damage(part.path, problems)}），没有保留这份备份。"
                )
            part.publish()
    except OSError as exc:
        raise FolderNotWritable(
            f"无法写入备份文件夹（{dest.parent}），请检查权限、磁盘空间，或换一个位置。"
        ) from exc
    except sqlite3.OperationalError as exc:
        if getattr(exc, "sqlite_errorcode", 0) & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            raise DatabaseLocked(
                f"数据库正被其他程序占用（{source}）。请关闭其他正在使用它的党建工作台窗口或程序后再试。"
            ) from exc
        raise FolderNotWritable(f"无法写入备份文件（{dest}），请检查磁盘空间和权限，或换一个位置。") from exc
    except sqlite3.DatabaseError as exc:
        raise DatabaseCorrupt(damaged_message(source, "无法完整读出")) from exc
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


def put_aside(db_path: Path, folder: Path, now: dt.datetime | None = None) -> Path:
    """Move a damaged database (with its -wal/-shm) into ``folder`` as ``damaged-<time>.sqlite3``,
    byte for byte, never over another file. Returns where it now lies."""
    folder.mkdir(parents=True, exist_ok=True)
    aside = unique_path(folder, timestamped_name("damaged", now))
    if db_path.exists():
        db_path.rename(aside)
    for side in side_files(db_path):
        if side.exists():
            side.rename(aside.with_name(aside.name + side.name[len(db_path.name):]))
    return aside


def refuse_restore_of_itself(backup_file: Path, db_path: Path) -> None:
    if is_database_or_side_file(backup_file, db_path):
        raise InputError(
            f"“{backup_file.name}”就是正在使用的数据库文件（或它的附属文件），不能用它恢复自己，未做任何修改。"
            "请选择备份文件夹（backups）中的备份，或 U 盘上的备份文件。"
        )


def restore_from(backup_file: Path, db_path: Path, safety_dir: Path) -> Path:
    """Restore ``backup_file`` over ``db_path``; the current database is first copied to ``safety_dir``
    (checked, ``before-restore-<time>``), or, if it is damaged, moved there as it is (``damaged-<time>``).

    Returns the path of the safety copy (or the database path when there was nothing to save).
    """
    refuse_restore_of_itself(backup_file, db_path)
    if not backup_file.exists():
        raise InputError(f"找不到备份文件：{backup_file}")
    if integrity_check(backup_file):
        raise InputError(f"“{backup_file.name}”不是有效的党建工作台备份文件，或已损坏，未做任何修改。")
    safety = db_path
    if db_path.exists():
        if is_damaged(db_path):
            safety = put_aside(db_path, safety_dir)
        else:
            ensure_not_locked(db_path)
            safety_dir.mkdir(parents=True, exist_ok=True)
            target = unique_path(safety_dir, timestamped_name("before-restore"))
            if same_file(target, backup_file):
                target = unique_path(safety_dir, "x-" + target.name)
            safety = backup_to(db_path, target)
    copy_database(backup_file, db_path)
    return safety


def reindex(db_path: Path) -> bool:
    """Rebuild every index of the database from its tables (``REINDEX``), in one transaction.
    False when SQLite could not (the tables themselves damaged, or rows an index forbids)."""
    try:
        with _connect(db_path) as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute("REINDEX")
                conn.execute("COMMIT")
            except sqlite3.DatabaseError:
                conn.execute("ROLLBACK")
                return False
    except sqlite3.OperationalError as exc:
        if getattr(exc, "sqlite_errorcode", 0) & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            raise DatabaseLocked(
                f"数据库正被其他程序占用（{db_path}）。请关闭其他正在使用它的党建工作台窗口或程序后再试。"
            ) from exc
        return False
    except sqlite3.DatabaseError:
        return False
    return True
