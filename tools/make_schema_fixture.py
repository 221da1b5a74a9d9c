#!/usr/bin/env python3
"""Make the committed database of one released schema version (a developer tool, not shipped code).

Run from the repository root::

    python3 tools/make_schema_fixture.py            # writes tests/fixtures/schemas/<SCHEMA_HEAD>.sqlite3 + .json
    python3 tools/make_schema_fixture.py --force    # replace an existing fixture (only before a release!)

It builds the demo database (``fill_demo`` for 2025 with today = 2026-11-26) at the current
``SCHEMA_HEAD`` through ``open_store`` (the program's own migrations), adds a few rows to the tables
the demo leaves empty (so every table has records whose survival can be checked), soft-deletes a
member and a meeting (the 回收站), then writes the file self-contained (``journal_mode=DELETE``) and
``VACUUM``-ed. Beside it, ``<SCHEMA_HEAD>.json`` records for every table its columns, its row count
and a SHA-256 of all its rows (:func:`table_digest`), and how many members ``list_members`` shows.

``tests/store/test_schema_fixtures.py`` opens a copy of every fixture with the current program
(migrating it to the head) and checks that every recorded table still has exactly those rows.
:func:`table_digest` is shared with that test and must never change: the digests of fixtures
committed for older versions were made with it.

An existing fixture is never replaced without ``--force``: it is the record of what a database of
that released version looked like.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "schemas"
DEMO_YEAR = 2025
DEMO_TODAY = dt.date(2026, 11, 26)
DIGEST_VERSION = 1  # of table_digest; bump only with a new function name, never change this one
SIZE_LIMIT = 2 * 1024 * 1024


# ---------------------------------------------------------------------------------------------
# the record of a database (shared with tests/store/test_schema_fixtures.py)


def user_tables(conn: sqlite3.Connection) -> list[str]:
    """Every table with the clerk's data: not SQLite's own, not Alembic's version stamp."""
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name <> 'alembic_version' ORDER BY name"
    ).fetchall()
    return [str(r[0]) for r in rows]


def table_columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [str(r[1]) for r in conn.execute(f'PRAGMA table_info("{table}")')]


def primary_key(conn: sqlite3.Connection, table: str) -> list[str]:
    info = sorted((r[5], r[1]) for r in conn.execute(f'PRAGMA table_info("{table}")') if r[5])
    return [str(name) for _pos, name in info] or ["rowid"]


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"hex": value.hex()}
    return value


def table_digest(conn: sqlite3.Connection, table: str, columns: list[str], order_by: list[str]) -> tuple[int, str]:
    """``(row count, SHA-256)`` of ``columns`` of every row of ``table`` in ``order_by`` order.

    One line per row: the JSON array of its values (bytes as ``{"hex": …}``); SQLite gives
    integers, floats (JSON keeps ``repr``), text and NULL exactly as stored.
    """
    select = ", ".join(f'"{c}"' for c in columns)
    order = ", ".join(f'"{c}"' if c != "rowid" else "rowid" for c in order_by)
    digest = hashlib.sha256()
    count = 0
    for row in conn.execute(f'SELECT {select} FROM "{table}" ORDER BY {order}'):
        digest.update(json.dumps([_plain(v) for v in row], ensure_ascii=False, separators=(",", ":")).encode())
        digest.update(b"\n")
        count += 1
    return count, digest.hexdigest()


def describe(db: Path) -> dict[str, Any]:
    """The per-table record written to the JSON file."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables: dict[str, Any] = {}
        for table in user_tables(conn):
            columns = table_columns(conn, table)
            order_by = primary_key(conn, table)
            count, sha = table_digest(conn, table, columns, order_by)
            tables[table] = {"columns": columns, "order_by": order_by, "rows": count, "sha256": sha}
        return tables
    finally:
        conn.close()


# ---------------------------------------------------------------------------------------------
# building the fixture


def _fill_the_empty_tables(sessions: Any) -> None:
    """Records for the tables the demo leaves empty, and some 回收站 content."""
    from sqlalchemy import select

    from djdesk.domain.enums import AssessmentItemKind, MemberEventKind, OrgKind, TransferDirection
    from djdesk.store.base import now
    from djdesk.store.models import Meeting, Member, Organization
    from djdesk.store.models_eval import AssessmentItem, AssessmentScore, OrgAssessment
    from djdesk.store.models_meeting import ResearchTopic
    from djdesk.store.models_member import MemberEvent, MemberTransfer

    with sessions.begin() as session:
        members = session.scalars(select(Member).where(Member.deleted_at.is_(None)).order_by(Member.id)).all()
        branch = session.scalars(select(Organization).where(Organization.kind == OrgKind.BRANCH)
                                 .order_by(Organization.id)).first()
        assert branch is not None and len(members) > 10
        first, second, third = members[0], members[1], members[2]
        session.add_all([
            MemberEvent(member_id=first.id, kind=MemberEventKind.FLOATING, occurred_on=dt.date(2025, 3, 1),
                        detail="外出务工，流向：示例市"),
            MemberEvent(member_id=first.id, kind=MemberEventKind.FLOATING_END, occurred_on=dt.date(2025, 9, 1)),
            MemberEvent(member_id=second.id, kind=MemberEventKind.LOST_CONTACT, occurred_on=dt.date(2025, 5, 6),
                        detail="多次联系未果"),
            MemberTransfer(member_id=third.id, direction=TransferDirection.OUT, letter_number="示交党转〔2025〕3号",
                           from_org=branch.name, to_org="中共示例市示例区委组织部", dues_paid_to="2025-06",
                           validity_days=30, issued_on=dt.date(2025, 6, 20), receipt_returned=True,
                           receipt_on=dt.date(2025, 7, 2), note="回执已收回"),
        ])
        items = [
            AssessmentItem(year=DEMO_YEAR, area="组织建设", title="按期换届", kind=AssessmentItemKind.NORMAL,
                           max_points=10.0, scoring_note="逾期不得分", seq=1),
            AssessmentItem(year=DEMO_YEAR, area="组织生活", title="“三会一课”按规定召开",
                           kind=AssessmentItemKind.NORMAL, max_points=20.5, seq=2),
            AssessmentItem(year=DEMO_YEAR, area="加分项", title="获上级表彰", kind=AssessmentItemKind.BONUS,
                           max_points=5.0, seq=3),
        ]
        session.add_all(items)
        assessment = OrgAssessment(year=DEMO_YEAR, organization_id=branch.id, self_score=92.5, committee_score=90.0,
                                   bonus=2.0, bonus_reason="获上级表彰", penalty=0.0, total=92.0, grade="好",
                                   note="示例")
        session.add(assessment)
        session.flush()
        session.add_all([
            AssessmentScore(assessment_id=assessment.id, item_id=item.id, self_points=item.max_points,
                            committee_points=item.max_points - 0.5, note=None if i else "扣0.5分")
            for i, item in enumerate(items)
        ])
        session.add(ResearchTopic(year=DEMO_YEAR, member_id=third.id, person_name=third.name,
                                  title="关于提升机关党建质量的调研", status="已结题", result="形成调研报告一篇"))
        # The 回收站: one member and one meeting deleted but kept.
        members[-1].deleted_at = now()
        meeting = session.scalars(select(Meeting).order_by(Meeting.id.desc())).first()
        assert meeting is not None
        meeting.deleted_at = now()


def build(db_dir: Path) -> Path:
    from djdesk.paths import DataPaths
    from djdesk.services.database import open_store
    from djdesk.services.demo import fill_demo

    paths = DataPaths(db_dir)
    store = open_store(paths)
    try:
        fill_demo(store.sessions, DEMO_YEAR, today=DEMO_TODAY)
        _fill_the_empty_tables(store.sessions)
    finally:
        store.close()
    conn = sqlite3.connect(paths.database, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        conn.execute("VACUUM")
        problems = conn.execute("PRAGMA integrity_check").fetchall()
        assert problems == [("ok",)], problems
    finally:
        conn.close()
    return paths.database


def roster_count(db: Path) -> int:
    from djdesk.services.members import list_members

    return len(list_members(db, history=True))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="replace an existing fixture")
    parser.add_argument("--allow-empty", action="store_true", help="write it even if a table has no rows")
    parser.add_argument("--out", type=Path, default=FIXTURES, help="folder (default: tests/fixtures/schemas)")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from djdesk.store.migrate import SCHEMA_HEAD, current_revision

    target = args.out / f"{SCHEMA_HEAD}.sqlite3"
    record = target.with_suffix(".json")
    if (target.exists() or record.exists()) and not args.force:
        print(f"{target} already exists: it records released schema {SCHEMA_HEAD}; not replaced (--force to do so).")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        db = build(Path(tmp) / "data")
        assert current_revision(db) == SCHEMA_HEAD, current_revision(db)
        tables = describe(db)
        empty = sorted(name for name, t in tables.items() if t["rows"] == 0)
        if empty and not args.allow_empty:
            print(f"tables without rows (add records for them in _fill_the_empty_tables): {', '.join(empty)}")
            return 1
        data = {
            "schema": SCHEMA_HEAD,
            "digest_version": DIGEST_VERSION,
            "made_by": "tools/make_schema_fixture.py",
            "demo": {"year": DEMO_YEAR, "today": DEMO_TODAY.isoformat()},
            "list_members_history": roster_count(db),
            "tables": tables,
        }
        args.out.mkdir(parents=True, exist_ok=True)
        target.write_bytes(db.read_bytes())
    record.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    size = target.stat().st_size
    rows = sum(t["rows"] for t in tables.values())
    print(f"wrote {target} ({size / 1024:.0f} KiB, {len(tables)} tables, {rows} rows) and {record.name}")
    if size > SIZE_LIMIT:
        print(f"warning: larger than {SIZE_LIMIT // 1024} KiB; use a smaller demo for the next version")
    return 0


if __name__ == "__main__":
    sys.exit(main())
