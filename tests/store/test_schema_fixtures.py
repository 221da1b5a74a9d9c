"""Every released schema version's database opens with this program, every record intact.

``tests/fixtures/schemas/`` holds one committed database per released schema version
(``<revision>.sqlite3``: ``0001``, ``0002``) and beside it ``<revision>.json``: for every table its
columns, row count and a SHA-256 of all its rows. Each test copies a fixture to a temporary data
folder, opens it with ``open_store`` (which migrates it to ``SCHEMA_HEAD``, with a copy first), and
checks that every table recorded in the JSON still holds exactly the recorded rows (the recorded
columns, compared by checksum), that ``PRAGMA integrity_check`` and ``foreign_key_check`` pass and
that ``list_members`` shows the members it showed.

Adding a schema version (a new Alembic migration):

1. BEFORE changing the schema: make sure ``tests/fixtures/schemas/<current head>.sqlite3`` exists.
   If it does not, make it with the code as it is now (``python3 tools/make_schema_fixture.py``)
   and commit it: it is the record of a database written by the released version.
2. Write the migration and bump ``SCHEMA_HEAD`` in ``djdesk/store/migrate.py``.
3. AFTER the change: run ``python3 tools/make_schema_fixture.py`` again; it writes
   ``<new head>.sqlite3`` + ``.json`` (it never replaces an existing fixture without ``--force``).
   Commit both. :func:`test_there_is_a_fixture_for_the_schema_head` fails until you do.
4. Run this module: the older fixtures are migrated to the new head and must keep every record.
   A migration that deliberately changes existing rows or drops a column must say so here (adjust
   the expectation for that fixture explicitly, as :data:`REWRITTEN` does), never by regenerating an
   old fixture.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sqlite3
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from djdesk.paths import DataPaths
from djdesk.services.database import open_store
from djdesk.services.members import list_members
from djdesk.store import engine as engine_module
from djdesk.store import migrate as migrate_module
from djdesk.store.backup import integrity_check
from djdesk.store.engine import make_engine as real_make_engine
from djdesk.store.migrate import SCHEMA_HEAD, current_revision, known_revisions

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "schemas"


def _load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_schema_fixture", REPO / "tools" / "make_schema_fixture.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tool = _load_tool()
FIXTURE_FILES = sorted(FIXTURES.glob("*.sqlite3"))

# Migrations that change existing rows on purpose: revision → {table: columns it rewrites}. A fixture
# older than the revision keeps every other column of those tables exactly; what the migration writes
# into them is checked by the migration's own tests.
REWRITTEN: dict[str, dict[str, tuple[str, ...]]] = {
    # R-ORG-5: every current term gets its length stored (tests/services/test_term_lengths.py).
    "0002": {"organizations": ("term_years",)},
}


def rewritten(fixture_revision: str, head: str) -> dict[str, set[str]]:
    """The columns that migrating a fixture of ``fixture_revision`` to ``head`` rewrites on purpose."""
    found: dict[str, set[str]] = {}
    for revision, tables in REWRITTEN.items():
        if fixture_revision < revision <= head:
            for table, columns in tables.items():
                found.setdefault(table, set()).update(columns)
    return found


def record_of(fixture: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(fixture.with_suffix(".json").read_text(encoding="utf-8"))
    return data


def test_there_is_a_fixture_for_the_schema_head() -> None:
    fixture = FIXTURES / f"{SCHEMA_HEAD}.sqlite3"
    assert fixture.is_file() and fixture.with_suffix(".json").is_file(), (
        f"no fixture database for schema {SCHEMA_HEAD}: run `python3 tools/make_schema_fixture.py` and commit "
        f"tests/fixtures/schemas/{SCHEMA_HEAD}.sqlite3 and .json (see this module's docstring)"
    )


def test_every_fixture_is_a_released_revision_and_small() -> None:
    assert FIXTURE_FILES
    for fixture in FIXTURE_FILES:
        assert fixture.stem in known_revisions(), f"{fixture.name}: not a revision this program knows"
        assert current_revision(fixture) == fixture.stem
        assert record_of(fixture)["schema"] == fixture.stem
        assert fixture.stat().st_size < 2 * 1024 * 1024, f"{fixture.name} is over 2 MB"
        # Self-contained: no -wal/-shm committed beside it, and not in WAL mode (which would need them).
        assert not fixture.with_name(fixture.name + "-wal").exists()
        assert fixture.read_bytes()[18:20] == b"\x01\x01"


def check_fixture(fixture: Path, root: Path) -> None:
    """Open a copy of ``fixture`` in ``root`` with the program as it is and check every record."""
    head = migrate_module.SCHEMA_HEAD
    record = record_of(fixture)
    assert record["digest_version"] == tool.DIGEST_VERSION
    paths = DataPaths(root)
    paths.ensure()
    shutil.copyfile(fixture, paths.database)

    store = open_store(paths)  # migrates to the head (a copy is made first when it must migrate)
    try:
        shown = list_members(store.sessions, history=True)
    finally:
        store.close()

    db = paths.database
    assert current_revision(db) == head
    copies = [p.name for p in paths.backups.glob("before-migrate-*.sqlite3")]
    assert len(copies) == (0 if fixture.stem == head else 1)
    assert integrity_check(db) == []

    on_purpose = rewritten(fixture.stem, head)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    original = sqlite3.connect(f"file:{fixture}?mode=ro&immutable=1", uri=True)
    try:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        present = set(tool.user_tables(conn))
        missing = sorted(set(record["tables"]) - present)
        assert not missing, f"tables gone after migrating {fixture.name}: {missing}"
        differ = []
        for table, expected in record["tables"].items():
            columns = set(tool.table_columns(conn, table))
            gone = [c for c in expected["columns"] if c not in columns]
            assert not gone, f"{table}: columns gone after migrating {fixture.name}: {gone}"
            kept = [c for c in expected["columns"] if c not in on_purpose.get(table, set())]
            if len(kept) == len(expected["columns"]):
                recorded = (expected["rows"], expected["sha256"])
            else:  # the untouched columns, as the committed fixture holds them (which is the recorded one)
                assert tool.table_digest(original, table, expected["columns"], expected["order_by"]) == (
                    expected["rows"], expected["sha256"])
                recorded = tool.table_digest(original, table, kept, expected["order_by"])
            count, sha = tool.table_digest(conn, table, kept, expected["order_by"])
            if (count, sha) != recorded:
                differ.append(f"{table}: {count} rows (recorded {recorded[0]}), checksum "
                              f"{'same' if sha == recorded[1] else 'differs'}")
        assert not differ, f"records changed after migrating {fixture.name}: {differ}"
    finally:
        conn.close()
        original.close()

    assert len(shown) == record["list_members_history"]
    assert {m.name for m in shown} <= _names(fixture)


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=[f.stem for f in FIXTURE_FILES])
def test_fixture_opens_at_head_with_every_record_intact(fixture: Path, tmp_path: Path) -> None:
    check_fixture(fixture, tmp_path / "data")


# ---------------------------------------------------------------------------------------------
# The path every older fixture takes through a later revision that rebuilds tables, exercised with a
# pretend revision after the head that rebuilds the members and meetings tables the way a batch migration on
# SQLite does (copy, drop, rename): with foreign keys ON the drop would cascade (design.md, traps).

FUTURE = f"{int(SCHEMA_HEAD) + 1:04d}"
FUTURE_REVISION = f'''
"""test: a future revision that rebuilds members and meetings"""
import sqlalchemy as sa
from alembic import op

revision = "{FUTURE}"
down_revision = "{SCHEMA_HEAD}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("members", "meetings"):
        with op.batch_alter_table(table, recreate="always") as batch_op:
            batch_op.add_column(sa.Column("future_note", sa.Text(), nullable=True))


def downgrade() -> None:
    pass
'''


@pytest.fixture
def future_program(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate_module.MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / f"{FUTURE}_future.py").write_text(FUTURE_REVISION, encoding="utf-8")
    monkeypatch.setattr(migrate_module, "MIGRATIONS_DIR", scripts)
    monkeypatch.setattr(migrate_module, "SCHEMA_HEAD", FUTURE)
    assert migrate_module.head_revision() == FUTURE


@pytest.mark.usefixtures("future_program")
def test_a_future_revision_migrates_the_fixture_keeping_every_record(tmp_path: Path) -> None:
    check_fixture(FIXTURES / "0001.sqlite3", tmp_path / "data")


@pytest.mark.usefixtures("future_program")
def test_control_the_fixture_check_catches_the_cascade_trap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Migrating with foreign keys ON (the known trap) silently deletes and nulls child rows; the
    fixture check must see it."""
    monkeypatch.setattr(engine_module, "make_engine",
                        lambda path, foreign_keys=True: real_make_engine(path, foreign_keys=True))
    with pytest.raises(AssertionError, match="records changed") as caught:
        check_fixture(FIXTURES / "0001.sqlite3", tmp_path / "data")
    for table in ("evaluations", "member_events", "meeting_attendance", "agenda_items"):
        assert f"{table}: " in str(caught.value)


def test_control_one_changed_record_changes_the_checksum(tmp_path: Path) -> None:
    """The checksum sees a single changed field of one record among 9,927 (the test above is not vacuous)."""
    fixture = FIXTURES / f"{SCHEMA_HEAD}.sqlite3"
    record = record_of(fixture)
    copy = tmp_path / "copy.sqlite3"
    shutil.copyfile(fixture, copy)
    conn = sqlite3.connect(copy)
    try:
        conn.execute("UPDATE meeting_attendance SET reason = coalesce(reason, '') || '。' "
                     "WHERE id = (SELECT max(id) FROM meeting_attendance)")
        conn.commit()
        expected = record["tables"]["meeting_attendance"]
        count, sha = tool.table_digest(conn, "meeting_attendance", expected["columns"], expected["order_by"])
        assert count == expected["rows"]
        assert sha != expected["sha256"]
        other = record["tables"]["members"]
        assert tool.table_digest(conn, "members", other["columns"], other["order_by"]) == (
            other["rows"], other["sha256"])
    finally:
        conn.close()


def _names(fixture: Path) -> set[str]:
    conn = sqlite3.connect(f"file:{fixture}?mode=ro&immutable=1", uri=True)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM members")}
    finally:
        conn.close()
