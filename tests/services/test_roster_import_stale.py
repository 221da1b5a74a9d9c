"""A plan made before the database changed is refused, whatever changed (roster_import/apply.py, db_stamp).

The change here touches nothing the plan writes: an unrelated member's 学历 edited through the member
form, a new 党支部 added through the organisation service. Applying the plan then would raise no
unique-index error, so only the plan's fingerprint can refuse it: the test expects the stale-plan
refusal itself, and the database as it was after the change.

``updated_at`` is kept to the second (store/base.py ``now``): the stored rows are dated a day back
before the preview, so that the edit after it is always a later time, whatever the clock.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import text

from djdesk.domain.enums import OrgKind
from djdesk.domain.errors import InputError
from djdesk.paths import DataPaths
from djdesk.services.database import Store
from djdesk.services.member_admin import load_member_form, save_member
from djdesk.services.org_admin import OrgFields, create_org
from djdesk.services.roster_import import ImportPlan, apply_import, plan_import
from tests.services.test_roster_import_support import (
    HEADER,
    TODAY,
    member_row,
    open_fresh,
    pid,
    snapshot,
    write_xlsx,
)

STALE = "预览之后数据库中的党员或党组织已有改动，为免覆盖，未导入任何数据。请重新预览后再导入。"


def _stored_member(store: Store, tmp_path: Path) -> int:
    """李四 of 财务处支部, imported; returns the member's id."""
    row = member_row("李四", pid(1975, seq=13), branch="财务处支部")
    file = write_xlsx(tmp_path / "李四.xlsx", {"S": [HEADER, row]})
    result = apply_import(store.sessions, plan_import(store.sessions, file, today=TODAY))
    (member_id,) = result.member_ids
    return member_id


def _dated_back(store: Store) -> None:
    """Every member and organisation last changed a day ago (test set-up: see the module docstring)."""
    yesterday = (dt.datetime.now().replace(microsecond=0) - dt.timedelta(days=1)).isoformat(" ")
    with store.sessions.begin() as session:
        for table in ("members", "organizations"):
            session.execute(text(f"UPDATE {table} SET updated_at = :at"), {"at": yesterday})


def _plan_of_new_member(store: Store, tmp_path: Path) -> ImportPlan:
    file = write_xlsx(tmp_path / "名册.xlsx", {"S": [HEADER, member_row("张三", pid(1980))]})
    plan = plan_import(store.sessions, file, today=TODAY)
    assert [r.name for r in plan.rows] == ["张三"] and not plan.new_branches
    return plan


def _refused_stale(store: Store, plan: ImportPlan) -> None:
    before = snapshot(store.sessions)
    with pytest.raises(InputError) as caught:
        apply_import(store.sessions, plan)
    assert caught.value.message == STALE
    assert snapshot(store.sessions) == before  # nothing written: no 张三, no 操作日志 entry


def test_plan_refused_after_an_unrelated_member_was_edited(data_paths: DataPaths, tmp_path: Path) -> None:
    store, _ids = open_fresh(data_paths)
    try:
        other = _stored_member(store, tmp_path)
        _dated_back(store)
        plan = _plan_of_new_member(store, tmp_path)
        form = load_member_form(store.sessions, other)
        form.cells["education"] = "研究生"
        save_member(store.sessions, other, form, today=TODAY)
        _refused_stale(store, plan)
    finally:
        store.close()


def test_plan_refused_after_an_organisation_was_added(data_paths: DataPaths, tmp_path: Path) -> None:
    store, ids = open_fresh(data_paths)
    try:
        _dated_back(store)
        plan = _plan_of_new_member(store, tmp_path)
        create_org(store.sessions, OrgFields(name="中共示例省交通运输厅信息中心支部委员会", kind=OrgKind.BRANCH,
                                             short_name="信息中心支部"), ids["机关党委"], today=TODAY)
        _refused_stale(store, plan)
    finally:
        store.close()


def test_plan_applied_when_nothing_changed_in_between(data_paths: DataPaths, tmp_path: Path) -> None:
    """The same steps without a change in between: the plan is written (the refusals above are the change's)."""
    store, _ids = open_fresh(data_paths)
    try:
        _stored_member(store, tmp_path)
        _dated_back(store)
        result = apply_import(store.sessions, _plan_of_new_member(store, tmp_path))
        assert result.created == 1
    finally:
        store.close()


def test_plan_refused_after_an_edit_within_the_same_second(data_paths: DataPaths, tmp_path: Path) -> None:
    """Timestamps keep whole seconds, so an edit in the second of the preview leaves ``max(updated_at)`` as it
    was: the newest 操作日志 entry, which every change writes, still tells the plan it is stale."""
    store, _ids = open_fresh(data_paths)
    try:
        other = _stored_member(store, tmp_path)
        frozen = dt.datetime.now().replace(microsecond=0)
        with store.sessions.begin() as session:  # every row changed "now", and the edit below too
            for table in ("members", "organizations"):
                session.execute(text(f"UPDATE {table} SET updated_at = :at"), {"at": frozen.isoformat(" ")})
        plan = _plan_of_new_member(store, tmp_path)
        form = load_member_form(store.sessions, other)
        form.cells["education"] = "研究生"
        save_member(store.sessions, other, form, today=TODAY)
        with store.sessions.begin() as session:
            session.execute(text("UPDATE members SET updated_at = :at"), {"at": frozen.isoformat(" ")})
        _refused_stale(store, plan)
    finally:
        store.close()
