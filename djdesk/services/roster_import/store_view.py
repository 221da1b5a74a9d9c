"""What the planner needs from the database: organisations, stored members by ID number, a fingerprint."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Final

from sqlalchemy import Connection, func, select

from djdesk.domain.enums import OrgKind, RosterStatus
from djdesk.domain.member_check import FIELDS
from djdesk.services.roster_import.branches import OrgEntry
from djdesk.store.engine import SessionFactory
from djdesk.store.models import AuditEntry, Member, Organization

MEMBER_FIELDS: Final[tuple[str, ...]] = tuple(f.key for f in FIELDS if f.key not in ("branch", "group"))
"""Member columns the import reads and writes (besides organization_id and group_id)."""


@dataclass
class StoredMember:
    """A stored member a roster may name; ``values`` (its fields) are loaded when a roster names it."""

    id: int
    name: str
    deleted: bool
    roster_status: str  # the label: 在册, 已转出…
    values: dict[str, object] = field(default_factory=dict)
    loaded: bool = False


@dataclass
class DbView:
    orgs: list[OrgEntry]
    members: dict[str, StoredMember]
    root_id: int | None
    stamp: tuple[object, ...]


def db_stamp(conn: Connection) -> tuple[object, ...]:
    """A fingerprint of the members and organisations: it changes when any row is added or edited. The
    timestamps keep whole seconds only, so the newest 操作日志 entry is part of it too: every change the
    clerk makes writes one (store/audit.py), even one made within the same second as the preview."""
    m, o, a = Member.__table__, Organization.__table__, AuditEntry.__table__
    members = conn.execute(select(func.count(), func.max(m.c.id), func.max(m.c.updated_at))).one()
    orgs = conn.execute(select(func.count(), func.max(o.c.id), func.max(o.c.updated_at))).one()
    audit = conn.execute(select(func.max(a.c.id))).scalar()
    return (*members, *orgs, audit)


def load_view(sessions: SessionFactory) -> DbView:
    """The organisations, and the members with an ID number (without their fields: :func:`load_values`)."""
    o = Organization.__table__
    m = Member.__table__
    with sessions() as session:
        conn = session.connection()
        orgs = [
            OrgEntry(r.id, r.name, r.short_name, r.kind, r.parent_id, r.unit_name, r.dissolved_on is not None)
            for r in conn.execute(select(o.c.id, o.c.name, o.c.short_name, o.c.kind, o.c.parent_id, o.c.unit_name,
                                         o.c.dissolved_on).order_by(o.c.sort_order, o.c.id))
        ]
        members: dict[str, StoredMember] = {}
        query = select(m.c.id_number, m.c.id, m.c.name, m.c.deleted_at.is_not(None), m.c.roster_status)
        for number, member_id, name, deleted, status in conn.execute(query.where(m.c.id_number.is_not(None))):
            label = status.label if isinstance(status, RosterStatus) else str(status)
            members[number] = StoredMember(member_id, name, bool(deleted), label)
        stamp = db_stamp(conn)
    roots = [org for org in orgs if org.kind is OrgKind.ORGAN_COMMITTEE and org.parent_id is None and not org.dissolved]
    return DbView(orgs, members, min(r.id for r in roots) if roots else None, stamp)


def load_values(sessions: SessionFactory, members: Collection[StoredMember]) -> None:
    """Load the fields of ``members`` (those not loaded yet), a few hundred per query."""
    m = Member.__table__
    wanted = {s.id: s for s in members if not s.loaded}
    if not wanted:
        return
    ids = list(wanted)
    keys = (*MEMBER_FIELDS, "organization_id", "group_id")
    with sessions() as session:
        conn = session.connection()
        for start in range(0, len(ids), 500):
            query = select(m.c.id, *(m.c[k] for k in keys)).where(m.c.id.in_(ids[start:start + 500]))
            for row in conn.execute(query):
                stored = wanted[row[0]]
                stored.values, stored.loaded = dict(zip(keys, row[1:], strict=True)), True


def show_value(key: str, value: object, orgs: Mapping[int, OrgEntry]) -> str:
    """A stored or imported value as the clerk reads it."""
    if value is None or value == "":
        return "（空）"
    if key in ("organization_id", "group_id") and isinstance(value, int):
        org = orgs.get(value)
        return (org.short_name or org.name) if org else str(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
