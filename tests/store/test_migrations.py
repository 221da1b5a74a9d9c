"""Start-up migrations: create at head, copy before migrating, refuse newer or corrupt files untouched,
foreign keys off during the run and checked after it (design.md, Data and Known traps)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from djdesk.domain.enums import CommitteeRole, MemberCategory, MemberEventKind, OrgKind
from djdesk.domain.errors import DatabaseCorrupt, NewerSchema
from djdesk.paths import DataPaths
from djdesk.services.database import open_store
from djdesk.store import engine as engine_module
from djdesk.store import migrate as migrate_module
from djdesk.store.engine import make_engine as real_make_engine
from djdesk.store.migrate import SCHEMA_HEAD, current_revision, head_revision, migrate
from djdesk.store.models import Base, CommitteeSeat, Member, MemberEvent, Organization
from tests.store.db_files import sha256

# ---------------------------------------------------------------------------------------------
# helpers


def wal_is_empty(db: Path) -> bool:
    """A -wal file beside the database (if any) holds no frames, so the content is the file's."""
    wal = db.with_name(db.name + "-wal")
    return not wal.exists() or wal.stat().st_size == 0


def snapshot(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, in a stable order: the content a clerk would care about."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        conn.close()


def tables_of(db: Path) -> set[str]:
    return set(snapshot(db))


def backups_in(paths: DataPaths) -> list[Path]:
    return sorted(p for p in paths.backups.iterdir() if p.suffix == ".sqlite3")


def make_head_db_with_people(paths: DataPaths) -> dict[str, int]:
    """A database at the current head with an organisation, a member and rows that refer to them."""
    store = open_store(paths)
    try:
        with store.sessions() as session:
            org = Organization(kind=OrgKind.BRANCH, name="第一党支部")
            member = Member(name="张三", category=MemberCategory.FULL, organization=org)
            session.add_all([org, member])
            session.flush()
            session.add(MemberEvent(member_id=member.id, kind=MemberEventKind.FLOATING,
                                    occurred_on=dt.date(2024, 3, 1)))
            session.add(CommitteeSeat(organization_id=org.id, member_id=member.id, person_name="张三",
                                      role=CommitteeRole.SECRETARY))
            session.commit()
            return {"org": org.id, "member": member.id}
    finally:
        store.close()


def make_unversioned_db(db: Path, statements: list[str]) -> None:
    """A database with data but no alembic_version, written with foreign keys OFF."""
    db.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA foreign_keys=OFF")
        for sql in statements:
            conn.execute(sql)
        conn.commit()
    finally:
        conn.close()


# A second revision that rebuilds the members table the way every batch migration on SQLite does
# (copy, drop the old table, rename). With foreign keys ON the drop would cascade to member_events
# and null committee_seats.member_id.
NEXT = f"{int(SCHEMA_HEAD) + 1:04d}"  # the revision a newer program would add
REBUILD_MEMBERS = '''
"""test: rebuild members"""
import sqlalchemy as sa
from alembic import op

revision = "{revision}"
down_revision = "{down_revision}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("test_extra", sa.String(20), nullable=True))
    {after}


def downgrade() -> None:
    pass
'''


@pytest.fixture
def newer_program(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Call it to pretend this program ships a revision after its head (``NEXT``) that rebuilds the
    members table.

    Build the "old" database first, then call it: from then on the head is ``NEXT``.
    """

    def activate(after: str = "pass") -> None:
        scripts = tmp_path / "migrations"
        shutil.copytree(migrate_module.MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
        (scripts / "versions" / f"{NEXT}_rebuild_members.py").write_text(
            REBUILD_MEMBERS.format(after=after, revision=NEXT, down_revision=SCHEMA_HEAD), encoding="utf-8"
        )
        monkeypatch.setattr(migrate_module, "MIGRATIONS_DIR", scripts)
        monkeypatch.setattr(migrate_module, "SCHEMA_HEAD", NEXT)
        assert head_revision() == NEXT

    return activate


# ---------------------------------------------------------------------------------------------
# head


def test_schema_head_is_alembics_head() -> None:
    assert head_revision() == SCHEMA_HEAD


def test_empty_folder_is_created_at_head(data_paths: DataPaths) -> None:
    assert not data_paths.database.exists()
    store = open_store(data_paths)
    store.close()
    assert current_revision(data_paths.database) == SCHEMA_HEAD
    assert set(Base.metadata.tables) <= tables_of(data_paths.database)
    assert backups_in(data_paths) == []  # nothing to copy before creating a new file


def test_database_at_head_matches_the_models(store: Any) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == [], "models changed without a migration"


def test_opening_a_database_at_head_copies_nothing_and_skips_alembic(data_paths: DataPaths) -> None:
    open_store(data_paths).close()
    before = sha256(data_paths.database)
    code = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from djdesk.paths import DataPaths
        from djdesk.services.database import open_store
        open_store(DataPaths(Path({str(data_paths.root)!r}))).close()
        print("alembic" in sys.modules)
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False", "Alembic was imported to open an up-to-date database"
    assert backups_in(data_paths) == []
    assert sha256(data_paths.database) == before


# ---------------------------------------------------------------------------------------------
# an older database is copied before migrating


def test_unversioned_database_is_copied_before_migration(data_paths: DataPaths) -> None:
    make_unversioned_db(data_paths.database, [
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)",
        "INSERT INTO notes (text) VALUES ('二〇二四年台账')",
    ])
    original = snapshot(data_paths.database)
    open_store(data_paths).close()

    copies = backups_in(data_paths)
    assert len(copies) == 1
    assert copies[0].name.startswith("before-migrate-")
    assert snapshot(copies[0]) == original
    assert current_revision(data_paths.database) == SCHEMA_HEAD
    assert snapshot(data_paths.database)["notes"] == original["notes"]


def test_older_revision_is_copied_then_migrated_keeping_every_row(
    data_paths: DataPaths, newer_program: Callable[..., None]
) -> None:
    ids = make_head_db_with_people(data_paths)
    original = snapshot(data_paths.database)
    newer_program()

    open_store(data_paths).close()

    assert current_revision(data_paths.database) == NEXT
    copies = backups_in(data_paths)
    assert len(copies) == 1
    assert copies[0].name.startswith(f"before-migrate-{SCHEMA_HEAD}-")
    assert snapshot(copies[0]) == original  # the copy is the database as it was

    after = snapshot(data_paths.database)
    # The rebuilt table lost nothing, and neither did the tables that refer to it.
    assert len(after["members"]) == 1
    conn = sqlite3.connect(data_paths.database)
    try:
        assert conn.execute("SELECT count(*) FROM member_events WHERE member_id = ?",
                            (ids["member"],)).fetchone() == (1,)
        assert conn.execute("SELECT member_id FROM committee_seats").fetchall() == [(ids["member"],)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()


def test_control_with_foreign_keys_on_the_same_rebuild_loses_child_rows(
    data_paths: DataPaths, newer_program: Callable[..., None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Proves the test above exercises the trap: with foreign keys ON the rebuild deletes children."""
    ids = make_head_db_with_people(data_paths)
    newer_program()
    monkeypatch.setattr(engine_module, "make_engine",
                        lambda path, foreign_keys=True: real_make_engine(path, foreign_keys=True))
    migrate(data_paths.database, data_paths.backups)
    conn = sqlite3.connect(data_paths.database)
    try:
        events = conn.execute("SELECT count(*) FROM member_events WHERE member_id = ?",
                              (ids["member"],)).fetchone()
        seats = conn.execute("SELECT member_id FROM committee_seats").fetchall()
    finally:
        conn.close()
    assert events == (0,)  # ON DELETE CASCADE fired when the old table was dropped
    assert seats == [(None,)]  # ON DELETE SET NULL fired too


def test_foreign_keys_are_off_during_the_migration_run(
    data_paths: DataPaths, newer_program: Callable[..., None], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_head_db_with_people(data_paths)
    newer_program()
    import alembic.command

    seen: list[int] = []
    real_upgrade = alembic.command.upgrade

    def spy(cfg: Any, revision: str, **kwargs: Any) -> None:
        seen.append(cfg.attributes["connection"].exec_driver_sql("PRAGMA foreign_keys").scalar())
        real_upgrade(cfg, revision, **kwargs)

    monkeypatch.setattr(alembic.command, "upgrade", spy)
    migrate(data_paths.database, data_paths.backups)
    assert seen == [0]
    # ...and back ON for the program's own connections afterwards.
    store = open_store(data_paths)
    try:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        store.close()


def test_failed_migration_puts_the_copy_back(
    data_paths: DataPaths, newer_program: Callable[..., None]
) -> None:
    make_head_db_with_people(data_paths)
    original = snapshot(data_paths.database)
    newer_program(after='raise RuntimeError("迁移中途失败")')

    with pytest.raises(RuntimeError, match="迁移中途失败"):
        migrate(data_paths.database, data_paths.backups)
    assert snapshot(data_paths.database) == original
    assert current_revision(data_paths.database) == SCHEMA_HEAD


def test_dangling_foreign_key_after_migration_is_refused_and_rolled_back(data_paths: DataPaths) -> None:
    make_unversioned_db(data_paths.database, [
        "CREATE TABLE parent (id INTEGER PRIMARY KEY)",
        "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id))",
        "INSERT INTO parent (id) VALUES (1)",
        "INSERT INTO child (parent_id) VALUES (1)",
        "INSERT INTO child (parent_id) VALUES (42)",  # dangling
    ])
    original = snapshot(data_paths.database)

    with pytest.raises(DatabaseCorrupt) as caught:
        open_store(data_paths)
    assert "关联数据不一致" in caught.value.message
    assert snapshot(data_paths.database) == original  # no alembic_version, no new tables
    assert current_revision(data_paths.database) is None
    assert len(backups_in(data_paths)) == 1


# ---------------------------------------------------------------------------------------------
# refused untouched


def test_newer_schema_is_refused_untouched(data_paths: DataPaths) -> None:
    make_head_db_with_people(data_paths)
    conn = sqlite3.connect(data_paths.database)
    conn.execute("UPDATE alembic_version SET version_num = 'ffff_newer'")
    conn.commit()
    conn.close()
    before = sha256(data_paths.database)
    content = snapshot(data_paths.database)

    with pytest.raises(NewerSchema) as caught:
        open_store(data_paths)

    message = caught.value.message
    assert "更新版本" in message
    assert "ffff_newer" in message
    assert sha256(data_paths.database) == before
    assert wal_is_empty(data_paths.database)
    assert snapshot(data_paths.database) == content
    assert backups_in(data_paths) == []


@pytest.mark.parametrize("damage", ["random_bytes", "truncated_half"])
def test_corrupt_file_is_refused_untouched(data_paths: DataPaths, damage: str) -> None:
    if damage == "random_bytes":
        data_paths.database.write_bytes(os.urandom(64 * 1024))
    else:
        make_head_db_with_people(data_paths)
        whole = data_paths.database.read_bytes()
        data_paths.database.write_bytes(whole[: len(whole) // 2])
    before = sha256(data_paths.database)

    with pytest.raises(DatabaseCorrupt) as caught:
        open_store(data_paths)
    assert "损坏" in caught.value.message
    assert "备份" in caught.value.message  # tells the clerk what to do
    assert sha256(data_paths.database) == before
    assert wal_is_empty(data_paths.database)
    assert backups_in(data_paths) == []
