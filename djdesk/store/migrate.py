"""Schema migrations at start-up (Alembic, scripts shipped inside the package).

Order: refuse a corrupt file (``quick_check``) or a file written by a newer djdesk (unknown
revision), both untouched; copy the database with the SQLite backup API; run the upgrade with
foreign keys OFF (batch migrations copy tables, and with ``ON DELETE CASCADE`` the drop of the old
table would delete child rows: design.md, known traps); then ``PRAGMA foreign_key_check``. If
anything fails the pre-migration copy is put back.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from djdesk.domain.errors import DatabaseCorrupt, NewerSchema
from djdesk.store.backup import backup_to, copy_database, ensure_not_locked, ensure_sound, timestamped_name, unique_path
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
    if not db_path.exists() or db_path.stat().st_size == 0:
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
    from alembic import command

    copy: Path | None = None
    if revision is not None or (db_path.exists() and db_path.stat().st_size > 0):
        backups_dir.mkdir(parents=True, exist_ok=True)
        copy = backup_to(db_path, unique_path(backups_dir, timestamped_name(f"before-migrate-{revision or 'none'}")))
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
    except Exception:
        engine.dispose()
        if copy is not None:
            _put_back(copy, db_path)
        raise
    finally:
        engine.dispose()
    return copy


def _put_back(copy: Path, db_path: Path) -> None:
    copy_database(copy, db_path)
