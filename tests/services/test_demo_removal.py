"""清除示例数据: back to an empty database after a backup, and only while it holds nothing but the demo."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from djdesk.domain.enums import OrgKind
from djdesk.domain.errors import InputError
from djdesk.services.database import Store
from djdesk.services.demo import fill_demo
from djdesk.services.demo_removal import remove_demo
from djdesk.services.org_admin import OrgFields, create_org
from djdesk.services.orgs import list_orgs
from djdesk.services.security import set_password
from djdesk.services.settings import save_setting
from djdesk.store.migrate import SCHEMA_HEAD, current_revision

NOW = dt.datetime(2026, 12, 1, 9, 30, 0)


def every_row(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but Alembic's version stamp: "the database" as the clerk would mean it."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name <> 'alembic_version' ORDER BY name")]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        conn.close()


def refused_unchanged(store: Store, *fragments: str) -> str:
    before = every_row(store.paths.database)
    backups = sorted(store.paths.backups.glob("*"))
    with pytest.raises(InputError) as caught:
        remove_demo(store.paths, store.sessions, now=NOW)
    for fragment in fragments:
        assert fragment in caught.value.message, (fragment, caught.value.message)
    assert every_row(store.paths.database) == before
    assert sorted(store.paths.backups.glob("*")) == backups  # refused before any copy is made
    return caught.value.message


def test_removal_empties_every_table_after_a_backup(opened: Store) -> None:
    before = every_row(opened.paths.database)
    assert len(before["members"]) > 300 and len(before["audit_log"]) == 1

    backup = remove_demo(opened.paths, opened.sessions, now=NOW)

    assert backup == opened.paths.backups / "before-remove-demo-20261201-093000.sqlite3"
    after = every_row(opened.paths.database)
    assert len(after) == 24 and set(after) == set(before)
    assert {table: rows for table, rows in after.items() if rows} == {}
    assert current_revision(opened.paths.database) == SCHEMA_HEAD
    assert every_row(backup) == before  # the copy is the demo as it was


def test_after_removal_the_demo_can_be_loaded_again(opened: Store) -> None:
    remove_demo(opened.paths, opened.sessions, now=NOW)
    summary = fill_demo(opened.sessions, 2025, today=dt.date(2026, 11, 26))
    assert summary.organizations == 23


def test_a_second_removal_names_the_copy_apart(opened: Store) -> None:
    first = remove_demo(opened.paths, opened.sessions, now=NOW)
    fill_demo(opened.sessions, 2025, today=dt.date(2026, 11, 26))
    second = remove_demo(opened.paths, opened.sessions, now=NOW)
    assert first.exists() and second.name == "before-remove-demo-20261201-093000-2.sqlite3"


def test_refused_after_a_change_to_the_demo(opened: Store) -> None:
    root = next(r.id for r in list_orgs(opened.sessions) if r.parent_id is None)
    create_org(opened.sessions, OrgFields("中共示例省交通运输厅信息中心支部委员会", OrgKind.BRANCH,
                                          short_name="信息中心支部"), root)
    message = refused_unchanged(opened, "除示例数据外还有其他内容", "新增党组织：", "信息中心支部", "没有清除")
    assert "R-" not in message


def test_refused_after_a_change_of_settings(opened: Store) -> None:
    save_setting(opened.sessions, "term.remind_months", 3)
    refused_unchanged(opened, "操作日志中有示例数据以外的改动")


def test_refused_when_a_start_up_password_is_set(opened: Store) -> None:
    set_password(opened.sessions, "dangjian2026")  # kept out of the 操作日志
    refused_unchanged(opened, "启动密码")


def test_refused_on_real_data(store: Store) -> None:
    create_org(store.sessions, OrgFields("中共示例省水利厅直属机关委员会", OrgKind.ORGAN_COMMITTEE), None)
    refused_unchanged(store, "没有载入过示例数据", "不能清除")


def test_refused_on_an_empty_database(store: Store) -> None:
    refused_unchanged(store, "数据库是空的")
