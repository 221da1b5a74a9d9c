"""Where a sheet's branch comes from, what the preview shows, and an import into a database with no 机关党委."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from djdesk.domain.errors import InputError
from djdesk.paths import DataPaths
from djdesk.services.roster_import import apply_import, inspect_file, plan_import, preview_values
from djdesk.services.roster_import.sheet_branch import title_candidates
from tests.services.test_roster_import_support import (
    HEADER,
    TODAY,
    member_row,
    open_fresh,
    pid,
    snapshot,
    write_xlsx,
)

NO_BRANCH = ["姓名", "性别", "公民身份号码", "加入党组织日期", "转为正式党员日期", "人员类别"]


def row(name: str, number: str, **kw: object) -> list[object]:
    full = member_row(name, number, **kw)  # type: ignore[arg-type]
    return full[:3] + full[4:]  # without the branch column


@pytest.mark.parametrize(("lines", "expected"), [
    ([["机关第三党支部党员花名册"]], "机关第三党支部"),
    ([["2024年度机关第三党支部党员花名册"]], "机关第三党支部"),
    ([["中共示例省交通运输厅办公室支部委员会党员名册"]], "中共示例省交通运输厅办公室支部委员会"),
    ([["党员花名册"], ["填报单位：财务处党支部", None, "填报日期：2024年3月"]], "财务处党支部"),
    ([["党支部：机关第五支部"]], "机关第五支部"),
])
def test_title_rows_name_the_branch(lines: list[list[object]], expected: str) -> None:
    assert title_candidates(lines, 1)[0].name == expected


def test_generic_sheet_takes_branch_from_title(data_paths: DataPaths, tmp_path: Path) -> None:
    """Sheet1 without a branch column: «填报单位：财务处支部» above the header names an existing branch."""
    file = write_xlsx(tmp_path / "a.xlsx", {"Sheet1": [["党员花名册"], ["填报单位：财务处支部"], NO_BRANCH,
                                                       row("张三", pid(1980)), row("李四", pid(1981, seq=13))]})
    store, ids = open_fresh(data_paths)
    try:
        info = inspect_file(file, store.sessions)[0]
        assert info.branch == "财务处支部"
        assert "填报单位：财务处支部" in info.branch_from and "第2行" in info.branch_from
        plan = plan_import(store.sessions, file, today=TODAY)
    finally:
        store.close()
    assert plan.invalid == 0 and {r.org_id for r in plan.rows} == {ids["财务处支部"]} and plan.new_branches == []


def test_clerk_chooses_the_sheet_branch(data_paths: DataPaths, tmp_path: Path) -> None:
    """The wizard's choice for a sheet without a branch column wins over the title; none leaves the rows without."""
    file = write_xlsx(tmp_path / "a.xlsx", {"Sheet1": [["财务处支部党员名册"], NO_BRANCH, row("张三", pid(1980))]})
    store, ids = open_fresh(data_paths)
    try:
        chosen = plan_import(store.sessions, file, today=TODAY, sheet_branches={"Sheet1": "办公室支部"})
        cleared = plan_import(store.sessions, file, today=TODAY, sheet_branches={"Sheet1": ""})
    finally:
        store.close()
    assert chosen.rows[0].org_id == ids["办公室支部"] and chosen.sheets[0].branch_from == "导入时指定"
    assert cleared.invalid == 1 and "所在党支部为空" in cleared.rows[0].errors[0].message


def test_generic_sheet_without_title_still_asks_for_a_branch(data_paths: DataPaths, tmp_path: Path) -> None:
    file = write_xlsx(tmp_path / "a.xlsx", {"Sheet1": [NO_BRANCH, row("张三", pid(1980))]})
    store, _ids = open_fresh(data_paths)
    try:
        plan = plan_import(store.sessions, file, today=TODAY)
    finally:
        store.close()
    assert plan.invalid == 1 and plan.sheets[0].branch is None


def test_title_contradicting_the_branch_column_warns_column_wins(data_paths: DataPaths, tmp_path: Path) -> None:
    """Bad input: the title names 财务处支部 but a row's branch column says 办公室支部: imported into 办公室支部
    with a warning saying so; the agreeing row gets none; planning writes nothing."""
    file = write_xlsx(tmp_path / "a.xlsx", {"Sheet1": [
        ["财务处支部党员花名册"], HEADER, member_row("张三", pid(1980), branch="办公室支部"),
        member_row("李四", pid(1981, seq=13), branch="财务处支部")]})
    store, ids = open_fresh(data_paths)
    try:
        before = snapshot(store.sessions)
        plan = plan_import(store.sessions, file, today=TODAY)
        assert snapshot(store.sessions) == before
    finally:
        store.close()
    first, second = plan.rows
    assert first.org_id == ids["办公室支部"] and second.org_id == ids["财务处支部"]
    assert [m.message for m in first.warnings] == [
        "表头上方写的是“财务处支部”，本行的所在党支部是“办公室支部”：按本行的支部导入，请核对"]
    assert not second.warnings


def test_preview_shows_values_as_stored(data_paths: DataPaths, tmp_path: Path) -> None:
    """A year-month «1958.05» shows as the date it will be stored as; an update shows the stored values under
    the file's changes."""
    file = write_xlsx(tmp_path / "a.xlsx", {"名册": [
        ["姓名", "公民身份号码", "所在党支部", "出生日期", "入党时间", "转正时间", "人员类别"],
        ["张三", pid(1958, 5, 27), "办公室支部", "1958.05", "1985.07", None, "预备党员"]]})
    store, _ids = open_fresh(data_paths)
    try:
        plan = plan_import(store.sessions, file, today=TODAY)
        assert preview_values(plan.rows[0]) == ["张三", "男", "1958-05-27", "办公室支部", "预备党员", "1985-07-01", ""]
        apply_import(store.sessions, plan)
        update = write_xlsx(tmp_path / "b.xlsx", {"名册": [["姓名", "公民身份号码", "转正时间", "学历"],
                                                            ["张三", pid(1958, 5, 27), "1986-07-01", "大学本科"]]})
        again = plan_import(store.sessions, update, today=TODAY)
    finally:
        store.close()
    assert preview_values(again.rows[0]) == ["张三", "男", "1958-05-27", "办公室支部", "预备党员", "1985-07-01",
                                             "1986-07-01"]


def test_import_into_empty_database_creates_committee_and_branches(data_paths: DataPaths, tmp_path: Path) -> None:
    """No organisation at all: one 机关党委 (named 「机关党委」), the file's branches under it, the members in them;
    one 操作日志 line names the new 机关党委."""
    from djdesk.services.database import open_store

    file = write_xlsx(tmp_path / "a.xlsx", {"名册": [HEADER, member_row("张三", pid(1980), branch="档案室支部"),
                                                     member_row("李四", pid(1981, seq=13), branch="信息中心支部")]})
    store = open_store(data_paths)
    try:
        plan = plan_import(store.sessions, file, today=TODAY)
        assert plan.new_committee == "机关党委" and plan.root_id is None
        result = apply_import(store.sessions, plan)
        with store.sessions() as session:
            tree = session.execute(text("SELECT o.name, o.kind, p.name FROM organizations o "
                                        "LEFT JOIN organizations p ON p.id = o.parent_id ORDER BY o.id")).all()
            placed = session.execute(text("SELECT m.name, o.name FROM members m JOIN organizations o "
                                          "ON o.id = m.organization_id ORDER BY m.name")).all()
            audit = session.scalars(text("SELECT summary FROM audit_log")).all()
    finally:
        store.close()
    assert result.new_committee == "机关党委" and result.new_branches == ["档案室支部", "信息中心支部"]
    assert [tuple(r) for r in tree] == [("机关党委", "ORGAN_COMMITTEE", None), ("档案室支部", "BRANCH", "机关党委"),
                                        ("信息中心支部", "BRANCH", "机关党委")]
    assert sorted(tuple(r) for r in placed) == [("张三", "档案室支部"), ("李四", "信息中心支部")]
    assert "导入名册时新建机关党委：机关党委" in audit


def test_committee_created_meanwhile_refuses_stale_plan(data_paths: DataPaths, tmp_path: Path) -> None:
    """A 机关党委 made between the preview and the import: the plan is refused, nothing written (no second one)."""
    from djdesk.domain.enums import OrgKind
    from djdesk.services.database import open_store
    from djdesk.store.models import Organization

    file = write_xlsx(tmp_path / "a.xlsx", {"名册": [HEADER, member_row("张三", pid(1980), branch="档案室支部")]})
    store = open_store(data_paths)
    try:
        plan = plan_import(store.sessions, file, today=TODAY)
        with store.sessions.begin() as session:
            session.add(Organization(kind=OrgKind.ORGAN_COMMITTEE, name="中共示例机关委员会"))
        before = snapshot(store.sessions)
        with pytest.raises(InputError, match="重新预览"):
            apply_import(store.sessions, plan)
        assert snapshot(store.sessions) == before
    finally:
        store.close()
