"""回收站: records the clerk deleted (members, meetings, 谈心谈话), restorable or purged for good."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from djdesk.domain.errors import InputError
from djdesk.store.engine import SessionFactory
from djdesk.store.models import Meeting, Member, Talk

Binned = Member | Meeting | Talk
KINDS: dict[str, type[Binned]] = {"党员": Member, "会议": Meeting, "谈心谈话": Talk}


def _get(session: Session, kind: str, item_id: int) -> Binned | None:
    model = KINDS.get(kind)
    if model is None:
        raise InputError(f"回收站中没有“{kind}”这类记录。")
    row = session.get(model, item_id)
    return row if isinstance(row, Member | Meeting | Talk) else None


@dataclass(frozen=True)
class BinItem:
    kind: str  # 党员 / 会议 / 谈心谈话
    id: int
    title: str
    detail: str
    deleted_at: dt.datetime


def list_bin(sessions: SessionFactory) -> list[BinItem]:
    """Everything in the 回收站, most recently deleted first."""
    items: list[BinItem] = []
    with sessions() as session:
        for m in session.scalars(select(Member).where(Member.deleted_at.is_not(None))):
            org = m.organization.short_name or m.organization.name
            items.append(BinItem("党员", m.id, m.name, org, m.deleted_at or dt.datetime.min))
        for g in session.scalars(select(Meeting).where(Meeting.deleted_at.is_not(None))):
            org = g.organization.short_name or g.organization.name
            items.append(BinItem("会议", g.id, g.title, f"{org} {g.held_on:%Y-%m-%d}", g.deleted_at or dt.datetime.min))
        for t in session.scalars(select(Talk).where(Talk.deleted_at.is_not(None))):
            items.append(BinItem("谈心谈话", t.id, t.audit_title(), f"{t.held_on:%Y-%m-%d}",
                                 t.deleted_at or dt.datetime.min))
    return sorted(items, key=lambda i: i.deleted_at, reverse=True)


def restore(sessions: SessionFactory, kind: str, item_id: int) -> None:
    if kind == "党员":
        from djdesk.services.member_status import restore_member

        restore_member(sessions, item_id)
        return
    with sessions.begin() as session:
        row = _get(session, kind, item_id)
        if row is None or row.deleted_at is None:
            raise InputError("回收站中没有这条记录，请刷新后再试。")
        row.deleted_at = None


def purge(sessions: SessionFactory, kind: str, item_id: int) -> None:
    """彻底删除 one record from the 回收站 (the 操作日志 keeps a line saying so)."""
    with sessions.begin() as session:
        row = _get(session, kind, item_id)
        if row is None or row.deleted_at is None:
            raise InputError("只能彻底删除回收站中的记录。请先删除（移入回收站），再彻底删除。")
        session.delete(row)
