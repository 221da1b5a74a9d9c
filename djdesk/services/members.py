"""The roster: listing members as plain rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from djdesk.domain.enums import Gender, MemberCategory, RosterStatus
from djdesk.domain.errors import InputError
from djdesk.services.orgs import list_orgs, subtree_ids
from djdesk.store.engine import SessionFactory
from djdesk.store.models import Member, Organization


@dataclass(frozen=True)
class MemberRow:
    id: int
    name: str
    gender: Gender | None
    id_number: str | None
    branch_id: int
    branch: str
    category: MemberCategory
    joined_on: dt.date | None
    confirmed_on: dt.date | None
    initials: str
    pinyin: str


def find_org_id(sessions: SessionFactory, name: str) -> int:
    """Resolve a branch given by full or short name; refuse an unknown one."""
    key = name.strip()
    for row in list_orgs(sessions, include_dissolved=True):
        if key in (row.name, row.short_name):
            return row.id
    raise InputError(f"找不到党组织“{key}”。请用 djdesk orgs list 查看准确的名称。")


def list_members(sessions: SessionFactory, *, branch: str | None = None) -> list[MemberRow]:
    """Active members on the roster, optionally of one organisation and everything under it."""
    org_filter: set[int] | None = None
    if branch is not None:
        root = find_org_id(sessions, branch)
        org_filter = subtree_ids(list_orgs(sessions, include_dissolved=True), root)
    stmt = (
        select(
            Member.id,
            Member.name,
            Member.gender,
            Member.id_number,
            Member.organization_id,
            Organization.name,
            Member.category,
            Member.joined_on,
            Member.confirmed_on,
            Member.name_initials,
            Member.name_pinyin,
            Member.group_id,
        )
        .join(Organization, Member.organization_id == Organization.id)
        .where(Member.deleted_at.is_(None), Member.roster_status == RosterStatus.ACTIVE)
        .order_by(Organization.sort_order, Organization.id, Member.id)
    )
    with sessions() as session:
        result = session.execute(stmt).all()
    rows = []
    for r in result:
        if org_filter is not None and r[4] not in org_filter and r[11] not in org_filter:
            continue
        rows.append(MemberRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10]))
    return rows
