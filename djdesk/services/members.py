"""The roster: listing members as plain rows (read through ``store.snapshot``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from djdesk.domain.enums import Employment, Gender, MemberCategory, PartyStanding, RosterStatus
from djdesk.domain.errors import InputError
from djdesk.services.orgs import OrgRow, db_path_of, list_orgs, subtree_ids
from djdesk.services.perf import paused_gc
from djdesk.store.snapshot import Readable, read_members

if TYPE_CHECKING:
    from djdesk.store.engine import SessionFactory


@dataclass(slots=True)
class MemberRow:
    """One roster line, everything the 党员 tab shows and filters on.

    Not frozen: a frozen dataclass's ``__init__`` costs 3× more, and 10,000 of these are built at
    start-up (benchmarks/startup.py). Treat it as read-only."""

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
    group: str | None = None
    ethnicity: str | None = None
    birth_date: dt.date | None = None
    education: str | None = None
    job_post: str | None = None
    phone: str | None = None
    standing: PartyStanding = PartyStanding.NORMAL
    lost_contact: bool = False
    lost_contact_on: dt.date | None = None
    floating: bool = False
    floating_to: str | None = None
    employment: Employment = Employment.IN_SERVICE
    admin_position: str | None = None
    party_position: str | None = None
    roster_status: RosterStatus = RosterStatus.ACTIVE
    left_on: dt.date | None = None
    is_leading_cadre: bool = False
    department: str | None = None


def find_org(rows: list[OrgRow], name: str) -> OrgRow:
    """Resolve an organisation given by full or short name; refuse an unknown one."""
    key = name.strip()
    for row in rows:
        if key in (row.name, row.short_name):
            return row
    raise InputError(f"找不到党组织“{key}”。请用 djdesk orgs list 查看准确的名称。")


def list_members(
    source: SessionFactory | Readable, *, branch: str | None = None, history: bool = False
) -> list[MemberRow]:
    """Members on the roster (``history``: also 历史党员), optionally of one organisation and below it."""
    db = db_path_of(source)
    org_filter: set[int] | None = None
    if branch is not None:
        orgs = list_orgs(db, include_dissolved=True)
        org_filter = subtree_ids(orgs, find_org(orgs, branch).id)
    genders = {g.name: g for g in Gender}
    categories = {c.name: c for c in MemberCategory}
    standings = {s.name: s for s in PartyStanding}
    employments = {e.name: e for e in Employment}
    statuses = {s.name: s for s in RosterStatus}
    with paused_gc():  # 10,000 rows of 31 fields: no cycles, nothing for the collector to do
        members, names = read_members(db, history=history)
        places = {org_id: (name, short or name) for org_id, (name, short, _order) in names.items()}
        day = dt.date.fromisoformat
        rows = []
        for r in members:
            if org_filter is not None and r[4] not in org_filter and r[10] not in org_filter:
                continue
            place, place_short = places.get(r[4], ("", ""))
            rows.append(
                MemberRow(
                    r[0], r[1], genders.get(r[2]) if r[2] else None, r[3], r[4], place, categories[r[5]],
                    day(r[6]) if r[6] else None, day(r[7]) if r[7] else None, r[8] or "", r[9] or "", place_short,
                    r[10], places[r[10]][0] if r[10] in places else None, r[11], day(r[12]) if r[12] else None,
                    r[13], r[14], r[15], standings.get(r[16], PartyStanding.NORMAL), bool(r[17]),
                    day(r[18]) if r[18] else None, bool(r[19]), r[20], employments.get(r[21], Employment.IN_SERVICE),
                    r[22], r[23], statuses.get(r[24], RosterStatus.ACTIVE), day(r[25]) if r[25] else None,
                    bool(r[26]), r[27],
                )
            )
    return rows
