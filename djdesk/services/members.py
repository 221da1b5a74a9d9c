"""The roster: listing members as plain rows (read through ``store.snapshot``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from djdesk.domain.enums import Gender, MemberCategory
from djdesk.domain.errors import InputError
from djdesk.services.orgs import OrgRow, db_path_of, list_orgs, subtree_ids
from djdesk.store.snapshot import parse_iso, read_members

if TYPE_CHECKING:
    from djdesk.store.engine import SessionFactory


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
    branch_short: str = ""
    group_id: int | None = None


def find_org(rows: list[OrgRow], name: str) -> OrgRow:
    """Resolve an organisation given by full or short name; refuse an unknown one."""
    key = name.strip()
    for row in rows:
        if key in (row.name, row.short_name):
            return row
    raise InputError(f"找不到党组织“{key}”。请用 djdesk orgs list 查看准确的名称。")


def list_members(source: SessionFactory | Path, *, branch: str | None = None) -> list[MemberRow]:
    """Active members on the roster, optionally of one organisation and everything under it."""
    db = db_path_of(source)
    org_filter: set[int] | None = None
    if branch is not None:
        orgs = list_orgs(db, include_dissolved=True)
        org_filter = subtree_ids(orgs, find_org(orgs, branch).id)
    genders = {g.name: g for g in Gender}
    categories = {c.name: c for c in MemberCategory}
    rows = []
    for r in read_members(db):
        if org_filter is not None and r[4] not in org_filter and r[12] not in org_filter:
            continue
        rows.append(
            MemberRow(
                r[0], r[1], genders.get(r[2]) if r[2] else None, r[3], r[4], r[5], categories[r[7]],
                parse_iso(r[8]), parse_iso(r[9]), r[10] or "", r[11] or "", r[6] or r[5], r[12],
            )
        )
    return rows
