"""The start-up path: check the data folder and the database, migrate if needed, read the roster.

Nothing here imports SQLAlchemy unless a migration is needed, so the window fills quickly
(design.md, Start-up). The full store (SQLAlchemy engine and sessions) is opened afterwards.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass

from djdesk.domain.enums import RosterStatus
from djdesk.domain.errors import DatabaseCorrupt, FolderNotWritable
from djdesk.paths import DataPaths
from djdesk.services.members import MemberRow, list_members
from djdesk.services.orgs import OrgRow, list_orgs
from djdesk.store.migrate import migrate


@dataclass(frozen=True)
class Snapshot:
    orgs: list[OrgRow]
    members: list[MemberRow]  # on the roster and 历史党员 (not the 回收站)
    password: str | None = None  # the start-up password record, if one is set

    @property
    def active_members(self) -> list[MemberRow]:
        return [m for m in self.members if m.roster_status is RosterStatus.ACTIVE]

    @property
    def empty(self) -> bool:
        return not self.orgs and not self.members


def ensure_writable(paths: DataPaths) -> None:
    try:
        paths.ensure()
        fd, probe = tempfile.mkstemp(prefix=".write-test-", dir=paths.root)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise FolderNotWritable(
            f"数据文件夹不可写（{paths.root}）。请检查该文件夹的权限、磁盘是否已满或是否为只读，"
            "也可以用 --data-dir 指定另一个文件夹。"
        ) from exc


def prepare(paths: DataPaths) -> None:
    """Folder writable; copies a killed djdesk left half-written removed; file sound and not locked,
    schema current (migrating with a copy first; a missing file becomes a new database, nothing else
    does). A damaged file is refused untouched, with the newest good backup named."""
    ensure_writable(paths)
    from djdesk.services.backups import remove_leftovers

    remove_leftovers(paths)
    try:
        migrate(paths.database, paths.backups)
    except DatabaseCorrupt as exc:
        if not paths.database.exists() or exc.good_backup is not None:
            raise
        from djdesk.services.backups import with_recovery

        raise with_recovery(paths, exc) from exc


def read_snapshot(paths: DataPaths) -> Snapshot:
    """The tree, the roster and the password record, read on one connection in one transaction."""
    from djdesk.store.snapshot import read_setting, reading

    with reading(paths.database) as conn:
        return Snapshot(list_orgs(conn), list_members(conn, history=True), read_setting(conn, "security.password"))
