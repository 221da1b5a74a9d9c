"""操作日志: the audit log by date range, entity and action, and its export to .xlsx.

It lists what the clerk did. What the program made by itself in one go is one line: the default
支部年度考核 checklist is logged as one line since this version; the 26 «新增考核项目» lines an earlier
version wrote when it made one are shown as one (:data:`MADE_TOGETHER`). No internal record numbers
(编号) are shown or exported.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from djdesk.domain.enums import AuditAction
from djdesk.domain.privacy import mask_numbers
from djdesk.store.engine import SessionFactory
from djdesk.store.models import AuditEntry

LIMIT = 5000
# Objects the program creates many of at once (the default checklist): such a run of «新增» lines written
# in one transaction (the same ``at``) is listed as one line.
MADE_TOGETHER = frozenset({"考核项目"})


@dataclass(frozen=True)
class AuditRow:
    at: dt.datetime
    entity: str
    entity_id: str
    action: AuditAction
    summary: str


def audit_entities(sessions: SessionFactory) -> list[str]:
    with sessions() as session:
        return sorted(e for e in session.scalars(select(AuditEntry.entity).distinct()) if e)


def list_audit(sessions: SessionFactory, *, start: dt.date | None = None, end: dt.date | None = None,
               entity: str | None = None, action: AuditAction | None = None, limit: int = LIMIT) -> list[AuditRow]:
    """Newest first; ``end`` is inclusive."""
    stmt = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if start is not None:
        stmt = stmt.where(AuditEntry.at >= dt.datetime.combine(start, dt.time()))
    if end is not None:
        stmt = stmt.where(AuditEntry.at < dt.datetime.combine(end + dt.timedelta(days=1), dt.time()))
    if entity:
        stmt = stmt.where(AuditEntry.entity == entity)
    if action is not None:
        stmt = stmt.where(AuditEntry.action == action)
    with sessions() as session:
        # Masked again as read: entries written by an older version may hold a number in free text.
        return _together([AuditRow(e.at, e.entity, e.entity_id, e.action, mask_numbers(e.summary))
                          for e in session.scalars(stmt.limit(limit))])


def _together(rows: list[AuditRow]) -> list[AuditRow]:
    """Runs of «新增» lines of an object in :data:`MADE_TOGETHER`, written in one transaction, as one line."""
    out: list[AuditRow] = []
    run: list[AuditRow] = []

    def close() -> None:
        if len(run) == 1:
            out.append(run[0])
        elif run:
            first = run[-1]  # the list is newest first: the run's first line is its last
            out.append(AuditRow(first.at, first.entity, "", first.action,
                                f"新增{first.entity} {len(run)} 项（程序建立的默认内容）"))
        run.clear()

    for row in rows:
        batch = row.entity in MADE_TOGETHER and row.action is AuditAction.CREATE
        if run and not (batch and (row.at, row.entity) == (run[-1].at, run[-1].entity)):
            close()
        (run if batch else out).append(row)
    close()
    return out


def export_audit(rows: list[AuditRow], out: Path, *, title: str = "操作日志") -> Path:
    from djdesk.services.xlsx_print import Column, SheetSpec, write_workbook

    today = dt.date.today()
    spec = SheetSpec(
        name="操作日志", title=title, subtitle=f"共 {len(rows)} 条", subtitle_right=f"导出日期：{today:%Y-%m-%d}",
        columns=[Column("时间", 18), Column("对象", 12), Column("操作", 10), Column("内容", 78)],
        rows=[(r.at.strftime("%Y-%m-%d %H:%M:%S"), r.entity, r.action.label, r.summary) for r in rows],
        landscape=True,
    )
    return write_workbook(out, [spec])
