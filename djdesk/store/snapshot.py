"""Read-only views of the roster and the organisation tree through the stdlib ``sqlite3`` module.

Why not SQLAlchemy here: these two queries fill the window at start-up, and importing SQLAlchemy
alone takes about twice as long as showing a bare window (design.md, Start-up; benchmarks/startup.py).
The SQL is plain, portable SELECT/JOIN/GROUP BY. Writes always go through SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

ORGS_SQL = (
    "SELECT id, parent_id, kind, name, short_name, sort_order, dissolved_on FROM organizations"
)
ACTIVE = "deleted_at IS NULL AND roster_status = 'ACTIVE'"
DIRECT_COUNTS_SQL = f"SELECT organization_id, COUNT(*) FROM members WHERE {ACTIVE} GROUP BY organization_id"
GROUP_COUNTS_SQL = (
    f"SELECT group_id, COUNT(*) FROM members WHERE {ACTIVE} AND group_id IS NOT NULL GROUP BY group_id"
)
# Column order is the contract with ``services.members.list_members``.
MEMBER_COLUMNS = (
    "m.id", "m.name", "m.gender", "m.id_number", "m.organization_id", "o.name", "o.short_name", "m.category",
    "m.joined_on", "m.confirmed_on", "m.name_initials", "m.name_pinyin", "m.group_id", "g.name",
    "m.ethnicity", "m.birth_date", "m.education", "m.job_post", "m.phone", "m.standing", "m.lost_contact",
    "m.lost_contact_on", "m.floating", "m.floating_to", "m.employment", "m.admin_position", "m.party_position",
    "m.roster_status", "m.left_on", "m.is_leading_cadre", "m.department",
)
MEMBERS_SQL = (
    f"SELECT {', '.join(MEMBER_COLUMNS)}"
    " FROM members m JOIN organizations o ON m.organization_id = o.id"
    " LEFT JOIN organizations g ON m.group_id = g.id"
    " WHERE m.deleted_at IS NULL"
)
ORDER_SQL = " ORDER BY o.sort_order, o.id, m.id"


def _connect(db_path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5.0)


def read_orgs(db_path: Path) -> tuple[list[tuple[Any, ...]], dict[int, int], dict[int, int]]:
    """Organisations, active members per organisation, and active members per 党小组."""
    conn = _connect(db_path)
    try:
        orgs = conn.execute(ORGS_SQL).fetchall()
        direct = dict(conn.execute(DIRECT_COUNTS_SQL).fetchall())
        groups = dict(conn.execute(GROUP_COUNTS_SQL).fetchall())
    finally:
        conn.close()
    return orgs, direct, groups


def read_members(db_path: Path, *, history: bool = False) -> list[tuple[Any, ...]]:
    """Members not in the 回收站: those on the roster, or (``history``) also the 历史党员."""
    where = "" if history else " AND m.roster_status = 'ACTIVE'"
    conn = _connect(db_path)
    try:
        return conn.execute(MEMBERS_SQL + where + ORDER_SQL).fetchall()
    finally:
        conn.close()


def parse_iso(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def read_setting(db_path: Path, key: str) -> str | None:
    """One stored setting (JSON text), e.g. the start-up password record, without SQLAlchemy."""
    conn = _connect(db_path)
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    finally:
        conn.close()
    return str(row[0]) if row else None
