"""Automatic daily backups with rotation, and the facts the 数据安全 page shows.

A daily backup is made at most once a day, through the SQLite backup API (``store.backup``),
verified with ``integrity_check``; the last :data:`KEEP_DAILY` daily copies and the last
:data:`KEEP_MONTHLY` monthly copies (the first of each month) are kept. Copies made before a
migration or a restore (``before-*``) are never rotated away automatically.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from djdesk.paths import DataPaths
from djdesk.store.backup import backup_to, quick_check

KEEP_DAILY = 30
KEEP_MONTHLY = 12
DAILY = re.compile(r"^daily-(\d{8})\.sqlite3$")


def daily_name(day: dt.date) -> str:
    return f"daily-{day:%Y%m%d}.sqlite3"


def _dailies(folder: Path) -> list[tuple[dt.date, Path]]:
    found = []
    for path in folder.glob("daily-*.sqlite3"):
        match = DAILY.match(path.name)
        if match:
            found.append((dt.datetime.strptime(match.group(1), "%Y%m%d").date(), path))
    return sorted(found)


def rotate(folder: Path) -> list[Path]:
    """Delete daily copies beyond the last 30 days' and the last 12 months' first copies."""
    dailies = _dailies(folder)
    keep = {path for _day, path in dailies[-KEEP_DAILY:]}
    first_of_month: dict[tuple[int, int], Path] = {}
    for day, path in dailies:
        first_of_month.setdefault((day.year, day.month), path)
    keep |= set(list(first_of_month.values())[-KEEP_MONTHLY:])
    removed = []
    for _day, path in dailies:
        if path not in keep:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def daily_backup(paths: DataPaths, today: dt.date | None = None) -> Path | None:
    """Make today's backup unless it exists; rotate. Returns the new copy, or None if already done."""
    today = today or dt.date.today()
    if not paths.database.exists():
        return None
    target = paths.backups / daily_name(today)
    if target.exists():
        return None
    backup_to(paths.database, target)
    rotate(paths.backups)
    return target


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made: dt.datetime
    size: int


def list_backups(paths: DataPaths) -> list[BackupInfo]:
    """Every backup in ``backups/``, newest first."""
    if not paths.backups.is_dir():
        return []
    found = [
        BackupInfo(p, dt.datetime.fromtimestamp(p.stat().st_mtime), p.stat().st_size)
        for p in paths.backups.glob("*.sqlite3")
    ]
    return sorted(found, key=lambda b: b.made, reverse=True)


def newest_good_backup(paths: DataPaths) -> Path | None:
    """The newest backup that passes ``quick_check`` (offered when the database is damaged)."""
    for info in list_backups(paths):
        if info.size > 0 and not quick_check(info.path):
            return info.path
    return None


def recover_damaged(paths: DataPaths, backup: Path, now: dt.datetime | None = None) -> Path:
    """Put a damaged database aside (renamed, never overwritten) and restore ``backup`` in its place.

    Returns where the damaged file now lies, so the clerk (or a technician) can still look at it.
    """
    from djdesk.domain.errors import InputError
    from djdesk.store.backup import copy_database, integrity_check, timestamped_name, unique_path

    if integrity_check(backup):
        raise InputError(f"备份文件“{backup.name}”也未通过检查，不能用于恢复。请选择其他备份。")
    paths.backups.mkdir(parents=True, exist_ok=True)
    aside = unique_path(paths.backups, timestamped_name("damaged", now))
    if paths.database.exists():
        paths.database.rename(aside)
    for suffix in ("-wal", "-shm"):
        side = paths.database.with_name(paths.database.name + suffix)
        if side.exists():
            side.rename(aside.with_name(aside.name + suffix))
    copy_database(backup, paths.database)
    return aside
