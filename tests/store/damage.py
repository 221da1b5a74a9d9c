"""Damaging a database on purpose (no tests here).

:func:`break_index` makes the damage the daily check is for: an index that no longer matches its
table, which ``PRAGMA quick_check`` does not see and ``PRAGMA integrity_check`` does. How: the
index's row is taken out of ``sqlite_master`` (``PRAGMA writable_schema``), so that a second
connection, which no longer knows the index, changes a row without updating it; then the row is put
back, with the same root page. The index's pages were never freed (nothing knew them while it was
hidden, and only freelist pages are reused), so the file is sound page by page and only the
index's content is stale: one row's new ID number is missing from it and the old one is still there.
``REINDEX`` rebuilds it from the table.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

INDEX = "uq_members_live_id_number"
NEW_ID_NUMBER = "11010519491231002X"  # the rules' example of a valid number, not in the demo data


def break_index(db: Path, index: str = INDEX) -> int:
    """Leave ``index`` without the entry of one live member; returns that member's id."""
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        row = conn.execute("SELECT type, name, tbl_name, rootpage, sql FROM sqlite_master WHERE name = ?",
                           (index,)).fetchone()
        assert row is not None, index
        conn.execute("PRAGMA writable_schema=ON")
        conn.execute("DELETE FROM sqlite_master WHERE name = ?", (index,))
        conn.execute("PRAGMA writable_schema=OFF")
    finally:
        conn.close()
    conn = sqlite3.connect(db, isolation_level=None)  # a fresh schema: the index is not known
    try:
        (member_id,) = conn.execute("SELECT min(id) FROM members WHERE deleted_at IS NULL AND id_number IS NOT NULL"
                                    ).fetchone()
        conn.execute("UPDATE members SET id_number = ? WHERE id = ?", (NEW_ID_NUMBER, member_id))
        conn.execute("PRAGMA writable_schema=ON")
        conn.execute("INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql) VALUES (?, ?, ?, ?, ?)", row)
        conn.execute("PRAGMA writable_schema=OFF")
    finally:
        conn.close()
    return int(member_id)


def pragma(db: Path, name: str) -> list[str]:
    """``PRAGMA quick_check`` / ``integrity_check`` through a plain connection (not djdesk's own)."""
    conn = sqlite3.connect(db)
    try:
        return [str(r[0]) for r in conn.execute(f"PRAGMA {name}")]
    finally:
        conn.close()
