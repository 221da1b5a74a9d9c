"""Automatic daily backups (djdesk.services.backups): once a day, verified, rotated.

The clerk's worry: "if something goes wrong, is there yesterday's copy — and last month's?"
Rotation keeps the last 30 daily copies and the first copy of each of the last 12 months; copies
made before a migration or a restore (``before-*``), damaged files put aside and manual copies
are never rotated away.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

import pytest

from djdesk.domain.errors import DatabaseCorrupt, FolderNotWritable
from djdesk.paths import DataPaths
from djdesk.services import backups
from djdesk.services.backups import daily_backup, daily_name, list_backups, newest_good_backup, rotate
from djdesk.store import backup as store_backup
from djdesk.store.backup import integrity_check
from tests.store.db_files import member_names

TODAY = dt.date(2026, 11, 26)


def rename_first_member(db: Path, name: str) -> None:
    conn = sqlite3.connect(db)
    try:
        conn.execute("UPDATE members SET name = ? WHERE id = (SELECT min(id) FROM members)", (name,))
        conn.commit()
    finally:
        conn.close()


def backup_files(paths: DataPaths) -> list[str]:
    return sorted(p.name for p in paths.backups.iterdir())


def make_dailies(folder: Path, days: list[dt.date]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for day in days:
        (folder / daily_name(day)).write_bytes(b"")


def surviving_days(folder: Path) -> list[dt.date]:
    found = (backups.DAILY.match(p.name) for p in folder.iterdir())
    return sorted(dt.datetime.strptime(m.group(1), "%Y%m%d").date() for m in found if m)


# ---------------------------------------------------------------------------------------------
# once a day


def test_first_start_of_the_day_makes_a_sound_copy(demo_paths: DataPaths) -> None:
    made = daily_backup(demo_paths, TODAY)
    assert made == demo_paths.backups / "daily-20261126.sqlite3"
    assert backup_files(demo_paths) == ["daily-20261126.sqlite3"]  # no .part, no -wal/-shm left
    assert integrity_check(made) == []
    assert member_names(made) == member_names(demo_paths.database)


def test_second_start_the_same_day_makes_no_new_copy(demo_paths: DataPaths) -> None:
    first = daily_backup(demo_paths, TODAY)
    assert first is not None
    morning = first.read_bytes()
    rename_first_member(demo_paths.database, "午后改名")  # work done between the two starts

    assert daily_backup(demo_paths, TODAY) is None
    assert backup_files(demo_paths) == ["daily-20261126.sqlite3"]
    assert first.read_bytes() == morning  # the morning copy is kept as it was

    tomorrow = daily_backup(demo_paths, TODAY + dt.timedelta(days=1))
    assert tomorrow == demo_paths.backups / "daily-20261127.sqlite3"
    assert member_names(tomorrow)[0] == "午后改名"
    assert "午后改名" not in member_names(first)


def test_no_database_yet_means_no_backup(data_paths: DataPaths) -> None:
    assert daily_backup(data_paths, TODAY) is None
    assert backup_files(data_paths) == []


def test_the_copy_is_verified_with_integrity_check(
    demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy that fails ``integrity_check`` is not kept as today's backup (and tomorrow's start
    would try again): the clerk is never left with a bad copy that looks good."""
    checked: list[Path] = []

    def failing(path: Path) -> list[str]:
        checked.append(path)
        return ["*** in database main ***", "Page 7: btreeInitPage() returns error code 11"]

    monkeypatch.setattr(store_backup, "integrity_check", failing)
    with pytest.raises(DatabaseCorrupt) as caught:
        daily_backup(demo_paths, TODAY)
    assert "备份文件校验未通过" in caught.value.message
    assert [p.name for p in checked] == ["daily-20261126.sqlite3.part"]  # the copy, not the original
    assert backup_files(demo_paths) == []

    monkeypatch.undo()
    spied: list[Path] = []

    def spy(path: Path) -> list[str]:
        spied.append(path)
        return integrity_check(path)

    monkeypatch.setattr(store_backup, "integrity_check", spy)
    made = daily_backup(demo_paths, TODAY)
    assert made is not None
    assert [p.name for p in spied] == ["daily-20261126.sqlite3.part"]
    assert integrity_check(made) == []


def test_unwritable_backup_folder_is_reported_in_chinese(demo_paths: DataPaths) -> None:
    demo_paths.backups.rmdir()
    demo_paths.backups.write_text("不是文件夹", encoding="utf-8")  # the folder cannot be made
    before = demo_paths.database.read_bytes()
    with pytest.raises(FolderNotWritable) as caught:
        daily_backup(demo_paths, TODAY)
    assert "备份文件夹" in caught.value.message
    assert str(demo_paths.backups) in caught.value.message
    assert demo_paths.database.read_bytes() == before


# ---------------------------------------------------------------------------------------------
# rotation


def last_500_days() -> list[dt.date]:
    return [TODAY - dt.timedelta(days=i) for i in range(499, -1, -1)]  # 2025-07-15 … 2026-11-26


# Written out rather than computed, so a change in the rule shows here.
EXPECTED_MONTHLY = [dt.date(2025, 12, 1)] + [dt.date(2026, month, 1) for month in range(1, 11)]
EXPECTED_DAILY = [dt.date(2026, 10, 28) + dt.timedelta(days=i) for i in range(30)]  # 10-28 … 11-26


def test_rotation_of_500_days_keeps_30_daily_and_12_monthly(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    days = last_500_days()
    assert days[0] == dt.date(2025, 7, 15)
    make_dailies(folder, days)

    removed = rotate(folder)

    survivors = surviving_days(folder)
    assert survivors == EXPECTED_MONTHLY + EXPECTED_DAILY
    assert len(survivors) == 41  # 30 daily; 12 months' firsts, 2026-11-01 being one of the 30
    assert {d for d in survivors if d.day == 1} == {*EXPECTED_MONTHLY, dt.date(2026, 11, 1)}
    assert len(removed) == 500 - 41
    assert not any(p.exists() for p in removed)
    assert rotate(folder) == []  # a second rotation removes nothing more


def test_daily_backup_rotates_after_making_the_copy(demo_paths: DataPaths) -> None:
    days = last_500_days()
    make_dailies(demo_paths.backups, days[:-1])  # every day up to yesterday

    made = daily_backup(demo_paths, TODAY)

    assert made is not None and integrity_check(made) == []
    assert surviving_days(demo_paths.backups) == EXPECTED_MONTHLY + EXPECTED_DAILY


def test_rotation_with_gaps_keeps_each_months_first_copy(tmp_path: Path) -> None:
    """A clerk who starts the program on working days only: a month's first copy is then not the 1st."""
    folder = tmp_path / "backups"
    days = [d for d in last_500_days() if d.weekday() < 5]
    make_dailies(folder, days)

    rotate(folder)

    survivors = surviving_days(folder)
    assert survivors[-30:] == days[-30:]
    monthly = survivors[:-30]
    firsts: dict[tuple[int, int], dt.date] = {}
    for d in days:
        firsts.setdefault((d.year, d.month), d)
    last_12 = [firsts[key] for key in sorted(firsts)][-12:]
    assert set(monthly) == set(last_12) - set(days[-30:])
    assert dt.date(2025, 12, 1) in monthly  # a Monday
    assert dt.date(2026, 2, 2) in monthly  # 2026-02-01 is a Sunday
    assert dt.date(2026, 3, 2) in monthly  # 2026-03-01 is a Sunday
    assert dt.date(2025, 11, 3) not in survivors  # thirteen months back


def test_copies_made_before_a_migration_or_restore_are_never_rotated(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    make_dailies(folder, last_500_days())
    keep = [
        "before-migrate-0001-20240101-080000.sqlite3",
        "before-migrate-none-20230101-080000.sqlite3",
        "before-restore-20240301-090000.sqlite3",
        "damaged-20240302-100000.sqlite3",
        "djdesk-backup-20240401-110000.sqlite3",
        "daily-2024.sqlite3",  # not a daily copy's name: not the rotation's business
        "daily-20240101.sqlite3.part",
    ]
    for name in keep:
        (folder / name).write_bytes(b"x")
    old = folder / keep[0]
    os.utime(old, (0, 0))  # very old: age alone never removes them

    rotate(folder)

    assert all((folder / name).exists() for name in keep)
    assert len(surviving_days(folder)) == 41


# ---------------------------------------------------------------------------------------------
# what the 数据安全 page and the recovery offer see


def test_list_backups_is_newest_first(data_paths: DataPaths) -> None:
    for i, name in enumerate(["daily-20261124.sqlite3", "before-restore-20261125-090000.sqlite3",
                              "daily-20261126.sqlite3"]):
        path = data_paths.backups / name
        path.write_bytes(b"x" * (i + 1))
        os.utime(path, (1_700_000_000 + i * 3600, 1_700_000_000 + i * 3600))
    (data_paths.backups / "daily-20261127.sqlite3.part").write_bytes(b"half")  # an unfinished copy

    found = list_backups(data_paths)

    assert [b.path.name for b in found] == ["daily-20261126.sqlite3", "before-restore-20261125-090000.sqlite3",
                                            "daily-20261124.sqlite3"]
    assert [b.size for b in found] == [3, 2, 1]


def test_newest_good_backup_skips_empty_and_damaged_copies(demo_paths: DataPaths) -> None:
    good = daily_backup(demo_paths, TODAY - dt.timedelta(days=2))
    assert good is not None
    empty = demo_paths.backups / daily_name(TODAY - dt.timedelta(days=1))
    empty.write_bytes(b"")
    damaged = demo_paths.backups / daily_name(TODAY)
    damaged.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    for age, path in ((3, good), (2, empty), (1, damaged)):
        stamp = dt.datetime(2026, 11, 26, 8).timestamp() - age * 86400
        os.utime(path, (stamp, stamp))

    assert newest_good_backup(demo_paths) == good


def test_no_backup_at_all(data_paths: DataPaths, tmp_path: Path) -> None:
    assert newest_good_backup(data_paths) is None
    assert list_backups(DataPaths(tmp_path / "nowhere")) == []


def test_module_constants_match_the_design() -> None:
    assert (backups.KEEP_DAILY, backups.KEEP_MONTHLY) == (30, 12)
