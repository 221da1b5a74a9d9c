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
MEMBERS_SQL = (
    "SELECT m.id, m.name, m.gender, m.id_number, m.organization_id, o.name, o.short_name, m.category,"
    " m.joined_on, m.confirmed_on, m.name_initials, m.name_pinyin, m.group_id"
    " FROM members m JOIN organizations o ON m.organization_id = o.id"
    f" WHERE m.{ACTIVE.replace(' AND ', ' AND m.')}"
    " ORDER BY o.sort_order, o.id, m.id"
)


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


def read_members(db_path: Path) -> list[tuple[Any, ...]]:
    conn = _connect(db_path)
    try:
        return conn.execute(MEMBERS_SQL).fetchall()
    finally:
        conn.close()


def parse_iso(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None
