"""Looking at database files from outside the program (no tests here): a file's checksum, the members' names."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def member_names(db: Path) -> list[str]:
    """The members' names in id order, read through a read-only connection."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM members ORDER BY id")]
    finally:
        conn.close()
