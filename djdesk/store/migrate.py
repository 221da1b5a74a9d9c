"""Schema migrations at start-up (Alembic, scripts shipped inside the package).

Only a *missing* file is a new database: it is built as ``<database file>.part`` and renamed into
place once its schema is complete, so that a start killed half-way never leaves a half-made (or
0-byte) file to be taken for the clerk's data. An existing file is never rebuilt.

Order: refuse a corrupt file (``quick_check``; a 0-byte file, a file that is not SQLite and a SQLite
file without a single table count as corrupt) or a file written by a newer djdesk (unknown
revision), both untouched; copy the database with the SQLite backup API; run the upgrade with
foreign keys OFF (batch migrations copy tables, and with ``ON DELETE CASCADE`` the drop of the old
table would delete child rows: design.md, known traps); then ``PRAGMA foreign_key_check``. If
anything fails the pre-migration copy is put back.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from djdesk.domain.errors import DatabaseCorrupt, NewerSchema
from djdesk.store.backup import (
    backup_to,
    copy_database,
    damaged_message,
    emptiness,
    ensure_not_locked,
    ensure_sound,
    timestamped_name,
    unique_path,
)
from djdesk.store.files import staged
from djdesk.store.snapshot import reading

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# The newest revision this program knows. Checked against Alembic's head by a test, so that an
# up-to-date database opens without importing Alembic at start-up (design.md, Start-up).
SCHEMA_HEAD = "0002"


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(db_path: Path) -> str | None:
    """The file's Alembic revision; ``None`` for a missing file (a new database) or a file without
    one (see :func:`ensure_current`). A 0-byte file is not new: :func:`check_openable` refuses it."""
    if not db_path.exists():
        return None
    with reading(db_path) as conn:
        has = conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone() if has else None
    return str(row[0]) if row else None


def check_openable(db_path: Path) -> str | None:
    """Refuse a corrupt, locked or newer database without touching it; return its revision."""
    ensure_sound(db_path)
    return ensure_current(db_path)


def ensure_current(db_path: Path) -> str | None:
    """Refuse a locked database or one of a newer schema (the file is known to be sound); return its revision."""
    ensure_not_locked(db_path)
    revision = current_revision(db_path)
    if revision is None and db_path.exists() and (empty := emptiness(db_path)) is not None:
        # Like a 0-byte file: an empty database is never taken for a new one (only a missing file
        # is), so that a file emptied by a failing disk or a copy tool is reported, not filled.
        raise DatabaseCorrupt(damaged_message(db_path, empty))
    if revision is not None and revision != SCHEMA_HEAD and revision not in known_revisions():
        raise NewerSchema(
            f"这个数据库是由更新版本的党建工作台写入的（版本标记 {revision}），当前程序无法打开，"
            "数据库没有被修改。请安装最新版本的党建工作台后再打开。"
        )
    return revision


def migrate(db_path: Path, backups_dir: Path) -> Path | None:
    """Bring the database to the head revision. Returns the pre-migration copy, if one was made."""
    revision = check_openable(db_path)
    if revision == SCHEMA_HEAD:
        return None
    if not db_path.exists():
        _create(db_path)
        return None
    backups_dir.mkdir(parents=True, exist_ok=True)
    copy = backup_to(db_path, unique_path(backups_dir, timestamped_name(f"before-migrate-{revision or 'none'}")))
    try:
        _upgrade(db_path)
    except Exception:
        _put_back(copy, db_path)
        raise
    return copy


def _create(db_path: Path) -> None:
    """A new database: the whole schema built in ``<db>.part``, renamed into place when complete."""
    with staged(db_path) as part:
        _upgrade(part.path)
        if db_path.exists():  # made meanwhile by another djdesk process: keep theirs
            return
        part.publish()


def _upgrade(db_path: Path) -> None:
    from alembic import command

    from djdesk.store.engine import make_engine

    engine = make_engine(db_path, foreign_keys=False)
    try:
        with engine.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise DatabaseCorrupt(
                    f"数据库升级后发现 {len(problems)} 处关联数据不一致，已恢复到升级前的状态。请联系技术人员。"
                )
    finally:
        engine.dispose()  # the last connection closed: the -wal is checkpointed and removed


def _put_back(copy: Path, db_path: Path) -> None:
    copy_database(copy, db_path)
