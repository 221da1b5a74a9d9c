"""Read-only views of the roster and the organisation tree through the stdlib ``sqlite3`` module.

Why not SQLAlchemy here: these two queries fill the window at start-up, and importing SQLAlchemy
alone takes about twice as long as showing a bare window (design.md, Start-up; benchmarks/startup.py).
The SQL is plain, portable SELECT/JOIN/GROUP BY. Writes always go through SQLAlchemy.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from djdesk.store.files import file_uri

ORGS_SQL = (
    "SELECT id, parent_id, kind, name, short_name, sort_order, dissolved_on FROM organizations"
)
ACTIVE = "deleted_at IS NULL AND roster_status = 'ACTIVE'"
DIRECT_COUNTS_SQL = f"SELECT organization_id, COUNT(*) FROM members WHERE {ACTIVE} GROUP BY organization_id"
GROUP_COUNTS_SQL = (
    f"SELECT group_id, COUNT(*) FROM members WHERE {ACTIVE} AND group_id IS NOT NULL GROUP BY group_id"
)
# Column order is the contract with ``services.members.list_members``. No joins: the organisation
# names come from the organisations read in the same transaction, which is faster than two lookups
# per member row (benchmarks/startup.py).
MEMBER_COLUMNS = (
    "id", "name", "gender", "id_number", "organization_id", "category", "joined_on", "confirmed_on",
    "name_initials", "name_pinyin", "group_id", "ethnicity", "birth_date", "education", "job_post", "phone",
    "standing", "lost_contact", "lost_contact_on", "floating", "floating_to", "employment", "admin_position",
    "party_position", "roster_status", "left_on", "is_leading_cadre", "department",
)
# NOT INDEXED: otherwise SQLite walks the partial index on live ID numbers and looks every row up
# in the table, which is slower than reading the table in order.
MEMBERS_SQL = f"SELECT {', '.join(MEMBER_COLUMNS)} FROM members NOT INDEXED WHERE deleted_at IS NULL"
ORG_NAMES_SQL = "SELECT id, name, short_name, sort_order FROM organizations"


Readable = Path | sqlite3.Connection  # a database file, or a connection already reading it


@contextmanager
def reading(source: Readable) -> Iterator[sqlite3.Connection]:
    """A read-only connection in one transaction (one consistent snapshot for several reads); a
    connection given is used as it is, so a caller can put several of these reads in one transaction."""
    if isinstance(source, sqlite3.Connection):
        yield source
        return
    conn = sqlite3.connect(file_uri(source, mode="ro"), uri=True, timeout=5.0, isolation_level=None)
    try:
        conn.execute("BEGIN")
        yield conn
    finally:
        conn.close()  # a read transaction: closing ends it


def read_orgs(source: Readable) -> tuple[list[tuple[Any, ...]], dict[int, int], dict[int, int]]:
    """Organisations, active members per organisation, and active members per 党小组."""
    with reading(source) as conn:
        orgs = conn.execute(ORGS_SQL).fetchall()
        direct = dict(conn.execute(DIRECT_COUNTS_SQL).fetchall())
        groups = dict(conn.execute(GROUP_COUNTS_SQL).fetchall())
    return orgs, direct, groups


def read_members(
    source: Readable, *, history: bool = False
) -> tuple[list[tuple[Any, ...]], dict[int, tuple[str, str | None, int]]]:
    """Members not in the 回收站: those on the roster, or (``history``) also the 历史党员.

    Returns the member rows (columns as :data:`MEMBER_COLUMNS`, ordered by their organisation's
    sort order, then the organisation, then member id) and ``{org id: (name, short name, sort order)}``.
    """
    where = "" if history else " AND roster_status = 'ACTIVE'"
    with reading(source) as conn:
        orgs = {r[0]: (r[1], r[2], r[3] or 0) for r in conn.execute(ORG_NAMES_SQL)}
        rows = conn.execute(MEMBERS_SQL + where).fetchall()  # in id order (a table scan)
    rank = {org_id: (info[2], org_id) for org_id, info in orgs.items()}
    rows.sort(key=lambda r: rank.get(r[4], (0, r[4])))  # stable: id order within an organisation
    return rows, orgs


def read_setting(source: Readable, key: str) -> str | None:
    """One stored setting (JSON text), e.g. the start-up password record, without SQLAlchemy."""
    with reading(source) as conn:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row else None
