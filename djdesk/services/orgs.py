"""Listing the organisation tree (read through ``store.snapshot``: no SQLAlchemy import needed)."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from djdesk.domain.enums import OrgKind
from djdesk.store.snapshot import Readable, read_orgs

if TYPE_CHECKING:
    from djdesk.store.engine import SessionFactory



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

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


def db_path_of(source: SessionFactory | Readable) -> Readable:
    """The database file behind a session factory (or the path, or the reading connection, itself)."""
    if isinstance(source, Path | sqlite3.Connection):
        return source
    bind: Any = source.kw["bind"]
    return Path(bind.url.database)


@dataclass(frozen=True)
class _RawOrg:
    id: int
    parent_id: int | None
    kind: OrgKind
    name: str
    short_name: str | None
    sort_order: int
    dissolved: bool


def list_orgs(source: SessionFactory | Readable, *, include_dissolved: bool = False) -> list[OrgRow]:
    """All organisations in tree order (parents before children, siblings by sort order, id)."""
    raw, direct, group_counts = read_orgs(db_path_of(source))
    orgs = [_RawOrg(r[0], r[1], OrgKind[r[2]], r[3], r[4], r[5] or 0, r[6] is not None) for r in raw]
    by_id = {o.id: o for o in orgs}
    children: dict[int | None, list[_RawOrg]] = defaultdict(list)
    for org in orgs:
        children[org.parent_id if org.parent_id in by_id else None].append(org)
    for siblings in children.values():
        siblings.sort(key=lambda o: (o.sort_order, o.id))

    def total(org: _RawOrg) -> int:
        if org.kind is OrgKind.GROUP:
            return int(group_counts.get(org.id, 0))
        return int(direct.get(org.id, 0)) + sum(total(c) for c in children[org.id] if c.kind is not OrgKind.GROUP)

    rows: list[OrgRow] = []

    def walk(org: _RawOrg, depth: int) -> None:
        if org.dissolved and not include_dissolved:
            return
        parent = by_id.get(org.parent_id) if org.parent_id is not None else None
        rows.append(
            OrgRow(org.id, org.name, org.short_name, org.kind, org.parent_id, parent.name if parent else None,
                   depth, total(org), org.dissolved)
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
