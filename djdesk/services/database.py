"""Opening the clerk's database: folder checks, integrity, migration; manual backup and restore."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from djdesk.domain.errors import DatabaseCorrupt, InputError
from djdesk.paths import DataPaths
from djdesk.services.startup import ensure_writable, prepare
from djdesk.store import backup as store_backup
from djdesk.store.engine import SessionFactory, make_engine, make_session_factory
from djdesk.store.migrate import current_revision, ensure_current, known_revisions, migrate


@dataclass
class Store:
    paths: DataPaths
    engine: Engine
    sessions: SessionFactory

    def close(self) -> None:
        self.engine.dispose()


def open_store(paths: DataPaths) -> Store:
    """Check the folder and the file, migrate (with a copy first), and return the open store."""
    prepare(paths)
    return connect_store(paths)


def connect_store(paths: DataPaths) -> Store:
    """The store over a database that :func:`services.startup.prepare` has just checked and migrated
    (the window's start-up does that before reading the roster; no need to check the file twice)."""
    engine = make_engine(paths.database)
    return Store(paths, engine, make_session_factory(engine))


def check_database(paths: DataPaths) -> str:
    """``djdesk db check``: integrity_check, lock and schema version; returns a summary line.

    A damaged file (a 0-byte file included) is refused with the newest good backup named; the
    result is recorded for the 首页 as the daily check's is."""
    from djdesk.services import backups

    db = paths.database
    ensure_writable(paths)
    if not db.exists():
        return f"数据库尚未创建：{db}"
    problems = store_backup.integrity_check(db)  # covers all that quick_check does, and the indexes
    try:
        if problems:
            raise DatabaseCorrupt(store_backup.damaged_message(db, store_backup.damage(db, problems)))
        ensure_current(db)
    except DatabaseCorrupt as exc:
        backups.record_damaged(paths)
        raise backups.with_recovery(paths, exc) from exc
    backups.record_sound(paths)
    return f"数据库完好：{db}"


def refuse_backup_onto_database(paths: DataPaths, dest: Path) -> None:
    """A backup is never written onto the live database or its side files (InputError)."""
    store_backup.refuse_self_copy(dest, paths.database)


def backup_database(paths: DataPaths, dest: Path) -> Path:
    """``djdesk db backup`` and 文件 → 备份…: a checked copy at ``dest`` (a folder: a dated file in it)."""
    if dest.is_dir():
        dest = dest / store_backup.timestamped_name("djdesk-backup")
    return store_backup.backup_to(paths.database, dest)


def restore_database(paths: DataPaths, backup_file: Path) -> Path:
    """Restore ``backup_file`` (checked first) over the database, which is first copied to
    ``backups/`` (or, if it is damaged, moved there as it is). Returns that copy."""
    from djdesk.services.backups import record_sound, remove_leftovers

    ensure_writable(paths)
    store_backup.refuse_restore_of_itself(backup_file, paths.database)
    remove_leftovers(paths)
    if not backup_file.is_file():
        raise InputError(f"找不到备份文件：{backup_file}")
    try:
        revision = current_revision(backup_file)
    except Exception as exc:
        raise InputError(f"“{backup_file.name}”不是党建工作台的备份文件，未做任何修改。") from exc
    if revision is None or revision not in known_revisions():
        raise InputError(
            f"“{backup_file.name}”不是本版本党建工作台可用的备份文件（可能来自更新的版本或其他程序），未做任何修改。"
        )
    safety = store_backup.restore_from(backup_file, paths.database, paths.backups)
    # Bring an older backup up to the current schema.
    migrate(paths.database, paths.backups)
    record_sound(paths)  # restore_from has checked the backup with integrity_check
    return safety
