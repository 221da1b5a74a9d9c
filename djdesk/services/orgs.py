"""Listing the organisation tree."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select

from djdesk.domain.enums import OrgKind, RosterStatus
from djdesk.store.engine import SessionFactory
from djdesk.store.models import Member, Organization


@dataclass(frozen=True)
class OrgRow:
    id: int
    name: str
    short_name: str | None
    kind: OrgKind
    parent_id: int | None
    parent: str | None
    depth: int
    members: int  # active members in this organisation and everything under it
    dissolved: bool


def list_orgs(sessions: SessionFactory, *, include_dissolved: bool = False) -> list[OrgRow]:
    """All organisations in tree order (parents before children, siblings by sort order, name)."""
    with sessions() as session:
        orgs = list(session.scalars(select(Organization)))
        direct: dict[int, int] = defaultdict(int)
        active = (Member.deleted_at.is_(None)) & (Member.roster_status == RosterStatus.ACTIVE)
        for org_id, count in session.execute(
            select(Member.organization_id, func.count()).where(active).group_by(Member.organization_id)
        ):
            direct[org_id] += count
        group_counts: dict[int, int] = {
            group_id: count
            for group_id, count in session.execute(
                select(Member.group_id, func.count())
                .where(active & Member.group_id.is_not(None))
                .group_by(Member.group_id)
            )
            if group_id is not None
        }
    by_id = {o.id: o for o in orgs}
    children: dict[int | None, list[Organization]] = defaultdict(list)
    for org in orgs:
        children[org.parent_id if org.parent_id in by_id else None].append(org)
    for siblings in children.values():
        siblings.sort(key=lambda o: (o.sort_order, o.id))

    rows: list[OrgRow] = []

    def total(org: Organization) -> int:
        if org.kind is OrgKind.GROUP:
            return int(group_counts.get(org.id, 0))
        return direct[org.id] + sum(total(c) for c in children[org.id] if c.kind is not OrgKind.GROUP)

    def walk(org: Organization, depth: int) -> None:
        if org.dissolved_on is not None and not include_dissolved:
            return
        parent = by_id.get(org.parent_id) if org.parent_id is not None else None
        rows.append(
            OrgRow(
                id=org.id,
                name=org.name,
                short_name=org.short_name,
                kind=org.kind,
                parent_id=org.parent_id,
                parent=parent.name if parent else None,
                depth=depth,
                members=total(org),
                dissolved=org.dissolved_on is not None,
            )
        )
        for child in children[org.id]:
            walk(child, depth + 1)

    for root in children[None]:
        walk(root, 0)
    return rows


def subtree_ids(rows: list[OrgRow], root_id: int) -> set[int]:
    """The ids of ``root_id`` and every organisation under it."""
    by_parent: dict[int | None, list[int]] = defaultdict(list)
    for row in rows:
        by_parent[row.parent_id].append(row.id)
    found = {root_id}
    stack = [root_id]
    while stack:
        for child in by_parent[stack.pop()]:
            if child not in found:
                found.add(child)
                stack.append(child)
    return found
