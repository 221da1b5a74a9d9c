"""Automatic daily backups with rotation, the daily full check, repair, and the facts the 数据安全
page and the 首页 show.

A daily backup is made at most once a day, in the background after start-up, through the SQLite
backup API (``store.backup``), verified with ``integrity_check`` (which, unlike the start-up
``quick_check``, also sees damaged indexes); the last :data:`KEEP_DAILY` daily copies and the last
:data:`KEEP_MONTHLY` monthly copies (the first of each month) are kept. Copies made before a
migration, a restore or a repair (``before-*``) are never rotated away automatically.

When the copy fails its check, the live database is checked too: if it is the database that is
damaged, no backup is kept (a damaged copy must never push a good one out of the rotation) and the
首页 says the data needs repair until 修复 or a restore has made it sound again. A failed automatic
backup stays on the 首页 until one succeeds.

That state lives in ``safety-status.json`` in the data folder, not in the database: it is about the
database (a damaged file is not to be written to, and a restored backup would bring back an old
state with it), and it can be read without SQLAlchemy; not in ``backups/`` either, which holds only
database copies.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from djdesk.domain.errors import DatabaseCorrupt, EnvironmentProblem
from djdesk.paths import DataPaths
from djdesk.store.backup import backup_to, integrity_check, is_damaged
from djdesk.store.files import remove_leftovers as remove_staged

if TYPE_CHECKING:
    from djdesk.services.reminders import Reminder
    from djdesk.store.engine import SessionFactory

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
    """Make today's backup unless it exists, check it, rotate. Returns the new copy, or None if
    already done. A failure is recorded for the 首页 (:func:`safety_reminders`) and raised."""
    today = today or dt.date.today()
    if not paths.database.exists():
        return None
    target = paths.backups / daily_name(today)
    if target.exists():
        return None
    try:
        backup_to(paths.database, target)
    except DatabaseCorrupt as exc:
        if is_damaged(paths.database) or integrity_check(paths.database):  # the database itself is damaged
            status = read_status(paths)
            _write_status(paths, replace(status, damaged_since=status.damaged_since or today))
            raise DatabaseCorrupt(
                "每日检查发现数据库有损坏，需要修复；损坏的数据库没有被备份，以前的备份都保留着。"
                "请打开“文件 → 数据安全…”，选择“修复”，或从最新的完好备份恢复。"
            ) from exc
        _backup_failed(paths, today, exc.message)
        raise
    except EnvironmentProblem as exc:
        _backup_failed(paths, today, exc.message)
        raise
    _write_status(paths, SafetyStatus(checked_on=today))
    rotate(paths.backups)
    return target


def _backup_failed(paths: DataPaths, today: dt.date, reason: str) -> None:
    status = read_status(paths)
    _write_status(paths, replace(status, backup_failed_since=status.backup_failed_since or today,
                                 backup_failure=reason))


# ---------------------------------------------------------------------------------------------
# what the daily check found (safety-status.json)

STATUS_FILE = "safety-status.json"


@dataclass(frozen=True)
class SafetyStatus:
    checked_on: dt.date | None = None  # the last day the full check (and the backup) passed
    damaged_since: dt.date | None = None  # the daily check found the database damaged
    backup_failed_since: dt.date | None = None  # automatic backups have failed since
    backup_failure: str = ""  # the last failure, in the clerk's words

    @property
    def needs_repair(self) -> bool:
        return self.damaged_since is not None


def read_status(paths: DataPaths) -> SafetyStatus:
    try:
        data = json.loads((paths.root / STATUS_FILE).read_text(encoding="utf-8"))
        return SafetyStatus(
            _date(data.get("checked_on")), _date(data.get("damaged_since")),
            _date(data.get("backup_failed_since")), str(data.get("backup_failure") or ""),
        )
    except (OSError, ValueError, TypeError, AttributeError):
        return SafetyStatus()


def _date(text: object) -> dt.date | None:
    return dt.date.fromisoformat(text) if isinstance(text, str) and text else None


def _write_status(paths: DataPaths, status: SafetyStatus) -> None:
    """Written whole to a temporary file and renamed; a failure to write it is not the clerk's
    problem to solve (the backup's own failure is raised by the caller)."""
    data = {
        "checked_on": status.checked_on.isoformat() if status.checked_on else None,
        "damaged_since": status.damaged_since.isoformat() if status.damaged_since else None,
        "backup_failed_since": status.backup_failed_since.isoformat() if status.backup_failed_since else None,
        "backup_failure": status.backup_failure,
    }
    target = paths.root / STATUS_FILE
    part = target.with_name(target.name + ".part")
    with contextlib.suppress(OSError):
        part.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(part, target)


def record_sound(paths: DataPaths, today: dt.date | None = None) -> None:
    """The database has just passed ``integrity_check`` (``db check``, a repair, a restore)."""
    status = read_status(paths)
    if status.damaged_since is not None or status.checked_on is None:
        _write_status(paths, replace(status, damaged_since=None, checked_on=today or dt.date.today()))


def record_damaged(paths: DataPaths, today: dt.date | None = None) -> None:
    status = read_status(paths)
    if status.damaged_since is None:
        _write_status(paths, replace(status, damaged_since=today or dt.date.today()))


TOPIC = "数据安全"
ORGANISATION = "数据库"


def status_reminders(status: SafetyStatus) -> list[Reminder]:
    """The 首页 items for ``status``: the database needs repair (紧急), automatic backups fail (注意)."""
    if status.damaged_since is None and status.backup_failed_since is None:
        return []  # the usual case: nothing to import
    from djdesk.domain.dates import format_cn
    from djdesk.domain.terms import Severity
    from djdesk.services.reminders import Reminder

    found = []
    if status.damaged_since is not None:
        found.append(Reminder(
            None, ORGANISATION, Severity.URGENT,
            f"数据需要修复：{format_cn(status.damaged_since)}的每日检查发现数据库有损坏。请打开“文件 → 数据安全…”，"
            "选择“修复”，或从最新的完好备份恢复。修复好之前不会再做自动备份，以前的备份都保留着。",
            "", None, TOPIC,
        ))
    if status.backup_failed_since is not None:
        found.append(Reminder(
            None, ORGANISATION, Severity.WARNING,
            f"自动备份从{format_cn(status.backup_failed_since)}起没有成功：{status.backup_failure}"
            "下次启动时会再试；也可以用“文件 → 备份…”另存一份到 U 盘。",
            "", None, TOPIC,
        ))
    return found


def safety_reminders(sessions: SessionFactory, _on: dt.date) -> list[Reminder]:
    """:func:`status_reminders` of the data folder whose database ``sessions`` writes."""
    paths = _paths_of(sessions)
    return status_reminders(read_status(paths)) if paths is not None else []


def _paths_of(sessions: SessionFactory) -> DataPaths | None:
    from djdesk.paths import DB_FILENAME

    bind = sessions.kw.get("bind")
    database = getattr(getattr(bind, "url", None), "database", None)
    if not database or Path(database).name != DB_FILENAME:
        return None
    return DataPaths(Path(database).parent)


# ---------------------------------------------------------------------------------------------
# leftovers, damage, repair


def remove_leftovers(paths: DataPaths) -> list[Path]:
    """Copies cut short (``*.sqlite3.part``: a backup, a restore's safety copy, a new database) in the
    data folder and in ``backups/``, unless a running djdesk is still writing them."""
    removed = remove_staged(paths.root) + remove_staged(paths.backups)
    status_part = paths.root / (STATUS_FILE + ".part")
    if status_part.exists():
        with contextlib.suppress(OSError):
            status_part.unlink()
    return removed


def with_recovery(paths: DataPaths, exc: DatabaseCorrupt) -> DatabaseCorrupt:
    """``exc`` with the newest good backup named and the command that restores it (for the CLI; the
    window offers the same backup in a dialog and shows ``exc.summary``)."""
    good = newest_good_backup(paths)
    if good is None:
        advice = ("备份文件夹中没有通过检查的备份；如果 U 盘上有备份，可以用命令 djdesk db restore 备份文件 恢复，"
                  "或联系技术人员。")
    else:
        made = dt.datetime.fromtimestamp(good.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
        command = f'djdesk --data-dir "{paths.root}" db restore "{good}"'
        advice = f"最新的完好备份是 {good}（{made}）。恢复命令：{command}（损坏的文件会先移到备份文件夹，不会被覆盖）。"
    return DatabaseCorrupt(f"{exc.message}\n{advice}", summary=exc.message, good_backup=good)


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


UNCHECKED = ("damaged-", "before-repair-")  # kept as they were: never offered for a restore


def newest_good_backup(paths: DataPaths) -> Path | None:
    """The newest backup that passes ``integrity_check`` (offered when the database is damaged)."""
    for info in list_backups(paths):
        if info.size > 0 and not info.path.name.startswith(UNCHECKED) and not integrity_check(info.path):
            return info.path
    return None


def recover_damaged(paths: DataPaths, backup: Path, now: dt.datetime | None = None) -> Path:
    """Put a damaged database aside (renamed, never overwritten) and restore ``backup`` in its place.

    Returns where the damaged file now lies, so the clerk (or a technician) can still look at it.
    """
    from djdesk.domain.errors import InputError
    from djdesk.store.backup import copy_database, put_aside

    if integrity_check(backup):
        raise InputError(f"备份文件“{backup.name}”也未通过检查，不能用于恢复。请选择其他备份。")
    aside = put_aside(paths.database, paths.backups, now)
    copy_database(backup, paths.database)
    record_sound(paths)
    return aside


@dataclass(frozen=True)
class RepairResult:
    sound: bool  # the check passes after the repair
    copy: Path  # the database as it was before the repair (unverified: it is the damaged one)


def repair(paths: DataPaths, now: dt.datetime | None = None) -> RepairResult:
    """修复: keep a copy of the database as it is, rebuild every index (``REINDEX``), check again.

    Rebuilding the indexes mends what the daily check most often finds (an index that no longer
    matches its table); damage to the tables themselves remains, and then only a restore helps."""
    from djdesk.store.backup import reindex, timestamped_name, unique_path

    copy = backup_to(paths.database, unique_path(paths.backups, timestamped_name("before-repair", now)),
                     verify=False)
    reindex(paths.database)
    sound = not integrity_check(paths.database)
    if sound:
        record_sound(paths, (now or dt.datetime.now()).date())
    else:
        record_damaged(paths, (now or dt.datetime.now()).date())
    return RepairResult(sound, copy)
