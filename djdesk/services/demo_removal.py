"""清除示例数据: the database back to empty, after a backup, but only while it holds nothing but the demo.

What the demo wrote is known from the 操作日志: :func:`djdesk.services.demo.fill_demo` writes a single
"示例数据" entry, and every later change made through the program writes entries of its own (the
audit hook of ``store.audit``; the roster import writes its entries itself). Writes that keep out of
the 操作日志 land in the settings table (the start-up password), which is compared with the demo's
own 单位信息. Anything else there, and the removal is refused, saying what was found.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from djdesk.domain.config import SETTINGS
from djdesk.domain.errors import InputError
from djdesk.paths import DataPaths
from djdesk.services.demo import AUDIT_ENTITY, DEMO_SETTINGS
from djdesk.store.backup import backup_to, timestamped_name, unique_path
from djdesk.store.base import Base
from djdesk.store.engine import SessionFactory
from djdesk.store.models import AuditEntry, Member, Organization, Setting

BACKUP_PREFIX = "before-remove-demo"  # kept by the rotation, like every before-* copy
SHOWN_CHANGES = 3


def _fmt(at: dt.datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M")


def _problems(session: Session) -> list[str]:
    """Why the database is not just the demo (empty list: it is)."""
    entries = session.scalars(select(AuditEntry).order_by(AuditEntry.at, AuditEntry.id)).all()
    demo_entries = [e for e in entries if e.entity == AUDIT_ENTITY]
    if not demo_entries:
        orgs = session.scalar(select(func.count()).select_from(Organization)) or 0
        members = session.scalar(select(func.count()).select_from(Member)) or 0
        if not entries and not orgs and not members:
            raise InputError("数据库是空的，没有示例数据需要清除。")
        raise InputError("数据库中没有载入过示例数据，里面是其他记录，不能清除。")
    problems: list[str] = []
    others = [e for e in entries if e.entity != AUDIT_ENTITY]
    if len(demo_entries) > 1:
        problems.append(f"示例数据被载入了 {len(demo_entries)} 次")
    if others:
        shown = "；".join(f"{_fmt(e.at)} {e.summary}" for e in others[:SHOWN_CHANGES])
        more = f"等 {len(others)} 项" if len(others) > SHOWN_CHANGES else ""
        problems.append(f"操作日志中有示例数据以外的改动：{shown}{more}")
    for row in session.scalars(select(Setting).order_by(Setting.key)):
        if row.key in DEMO_SETTINGS and row.value == json.dumps(DEMO_SETTINGS[row.key], ensure_ascii=False):
            continue
        if row.key == "security.password":
            problems.append("设置了启动密码（请先在 工具 → 设置 中取消启动密码）")
        else:
            spec = SETTINGS.get(row.key)
            problems.append(f"设置中有改动：{spec.label if spec else row.key}")
    return problems


def check_only_demo(sessions: SessionFactory) -> None:
    """Refuse (:class:`InputError`, saying why) unless the database holds the demo and nothing else."""
    with sessions() as session:
        _refuse(_problems(session))


def _refuse(problems: list[str]) -> None:
    if problems:
        raise InputError(
            "数据库中除示例数据外还有其他内容，为免误删真实记录，没有清除：" + "；".join(problems)
            + "。如需从头开始，请换一个新的空数据文件夹（命令行可用 --data-dir 指定）。"
        )


def remove_demo(paths: DataPaths, sessions: SessionFactory, *, now: dt.datetime | None = None) -> Path:
    """Back the database up to ``backups/before-remove-demo-<time>.sqlite3``, then empty every table in
    one transaction. Refused (:class:`InputError`, nothing written, no copy made) unless the database
    holds nothing but the demo. Returns the backup."""
    check_only_demo(sessions)
    paths.backups.mkdir(parents=True, exist_ok=True)
    backup = backup_to(paths.database, unique_path(paths.backups, timestamped_name(BACKUP_PREFIX, now)))
    with sessions.begin() as session:
        _refuse(_problems(session))  # nothing came in while the copy was made
        for table in reversed(Base.metadata.sorted_tables):  # children before parents
            # A row's own parent in the same table (organisations): RESTRICT is checked row by row.
            for fk in table.foreign_keys:
                if fk.column.table is table:
                    session.execute(table.update().values({fk.parent.name: None}))
            session.execute(table.delete())
    return backup


__all__ = ["BACKUP_PREFIX", "check_only_demo", "remove_demo"]
