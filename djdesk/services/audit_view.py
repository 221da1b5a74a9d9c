"""操作日志: the audit log by date range, entity and action, and its export to .xlsx.

It lists what the clerk did, one line for each thing done. What the program made by itself in one go
(the default 支部年度考核 checklist) is logged as one line since this version, and the 26 «新增考核项目»
lines an earlier version wrote are shown as one (:data:`MADE_TOGETHER`); the parts saved with a record
(a meeting's 出席 lines, 议题, 表决事项, 决议; a talk's people; an election's votes; a branch's scores) are
shown as one line per kind and record saved (:data:`PARTS`) — each change to one of them stays a line of
its own. No internal record numbers (编号) are shown or exported.
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
# A run of «新增» (or, for PARTS, «删除») lines of one of these written in one transaction (the same ``at``)
# is listed as one line.
MADE_TOGETHER = frozenset({"考核项目"})  # made by the program
PARTS = frozenset({"会议出席", "议题", "表决事项", "决议", "谈话人员", "选举票数", "考核得分"})
_FOLDED = {AuditAction.CREATE: "新增", AuditAction.DELETE: "删除"}


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


def _foldable(row: AuditRow) -> bool:
    if row.entity in MADE_TOGETHER:
        return row.action is AuditAction.CREATE
    return row.entity in PARTS and row.action in _FOLDED


def _folded(run: list[AuditRow]) -> AuditRow:
    first = run[-1]  # newest first: the run's first line is its last
    if first.entity in MADE_TOGETHER:
        summary = f"新增{first.entity} {len(run)} 项（程序建立的默认内容）"
        return AuditRow(first.at, first.entity, "", first.action, summary)
    names = [r.summary.split("：", 1)[-1] for r in reversed(run)]
    shown = "、".join(names[:6]) + ("等" if len(names) > 6 else "")
    return AuditRow(first.at, first.entity, "", first.action,
                    f"{_FOLDED[first.action]}{first.entity} {len(run)} 条：{shown}")


def _together(rows: list[AuditRow]) -> list[AuditRow]:
    """Runs of foldable lines of one object and action, written in one transaction, as one line each."""
    out: list[AuditRow] = []
    run: list[AuditRow] = []

    def close() -> None:
        if run:
            out.append(run[0] if len(run) == 1 else _folded(run))
        run.clear()

    for row in rows:
        foldable = _foldable(row)
        if run and not (foldable and (row.at, row.entity, row.action) == (run[-1].at, run[-1].entity, run[-1].action)):
            close()
        (run if foldable else out).append(row)
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
