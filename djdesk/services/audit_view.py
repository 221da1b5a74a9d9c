"""操作日志: the audit log by date range, entity and action, and its export to .xlsx."""

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
        return [AuditRow(e.at, e.entity, e.entity_id, e.action, mask_numbers(e.summary))
                for e in session.scalars(stmt.limit(limit))]


def export_audit(rows: list[AuditRow], out: Path, *, title: str = "操作日志") -> Path:
    from djdesk.services.xlsx_print import Column, SheetSpec, write_workbook

    today = dt.date.today()
    spec = SheetSpec(
        name="操作日志", title=title, subtitle=f"共 {len(rows)} 条", subtitle_right=f"导出日期：{today:%Y-%m-%d}",
        columns=[Column("时间", 18), Column("对象", 12), Column("编号", 8), Column("操作", 10), Column("内容", 70)],
        rows=[(r.at.strftime("%Y-%m-%d %H:%M:%S"), r.entity, r.entity_id, r.action.label, r.summary) for r in rows],
        landscape=True,
    )
    return write_workbook(out, [spec])
