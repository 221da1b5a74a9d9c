"""Planning an import (issue points 6, 8, 9, 10): row errors and warnings, matching members and branches.

Nothing is written by planning; rows with errors never reach the database.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from djdesk.domain.enums import OrgKind
from djdesk.paths import DataPaths
from djdesk.services.database import open_store
from djdesk.services.roster_import import (
    RowStatus,
    apply_import,
    inspect_file,
    plan_import,
    remember_mapping,
)
from djdesk.services.roster_import.keys import SearchKeys
from djdesk.store.models import Member, Organization, Setting
from tests.services.test_roster_import_support import (
    BRANCH_FULL,
    HEADER,
    TODAY,
    member_row,
    open_fresh,
    pid,
    snapshot,
    write_xlsx,
)


def plan_rows(paths: DataPaths, tmp_path: Path, rows: list[list[object]], **kwargs: object) -> object:
    file = write_xlsx(tmp_path / "名册.xlsx", {"Sheet1": [HEADER, *rows]}, numbers=kwargs.pop("numbers", ()))  # type: ignore[arg-type]
    store, _ids = open_fresh(paths)
    try:
        before = snapshot(store.sessions)
        plan = plan_import(store.sessions, file, today=TODAY, **kwargs)  # type: ignore[arg-type]
        assert snapshot(store.sessions) == before, "planning writes nothing"
    finally:
        store.close()
    return plan


def errors_of(plan: object) -> list[tuple[int, str, str]]:
    return [(r.row, m.column, m.message) for r in plan.rows for m in r.errors]  # type: ignore[attr-defined]


def test_row_errors_each_name_the_row_and_column(data_paths: DataPaths, tmp_path: Path) -> None:
    """Point 8: the row is not imported; the message names the column as written in the file."""
    plan = plan_rows(data_paths, tmp_path, [
        member_row("", pid(1980)),                                         # 2: no name
        member_row("李四", "110105198005060118"),                          # 3: check digit (R-ID-1)
        member_row("王五", "", gender="男"),                                # 4: ID number cell (see numbers)
        member_row("赵六", pid(1990, 2, 3, 22), gender="女", joined="2008-02-02", confirmed="2009-02-02"),  # R-DEV-1
        member_row("孙七", pid(1980, seq=13), joined="2010-07-01", confirmed="2010-01-01"),  # 转正 before joining
        member_row("周八", pid(1980, seq=15), joined="2030-01-01", confirmed=None),  # future
        member_row("吴九", pid(1980, seq=17), joined="2010-02-30"),        # impossible date
        member_row("郑十", pid(1980, seq=19), gender="未知"),                # enum
    ], numbers=[("Sheet1", 3, 2, 110105198005060117.0)])
    found = {(row, column): message for row, column, message in errors_of(plan)}
    assert "姓名为空" in found[(2, "姓名")]
    assert "校验位" in found[(3, "公民身份号码")]
    assert "末尾几位已丢失" in found[(4, "公民身份号码")] and "文本" in found[(4, "公民身份号码")]  # R-ID-4
    assert "18 周岁" in found[(5, "加入党组织日期")]  # R-DEV-1
    assert "早于入党日期" in found[(6, "转为正式党员日期")]
    assert "晚于今天" in found[(7, "加入党组织日期")]
    assert "不存在" in found[(8, "加入党组织日期")]
    assert "男、女" in found[(9, "性别")]
    assert plan.invalid == 8 and plan.created == 0  # type: ignore[attr-defined]


def test_same_id_twice_flags_both_rows(data_paths: DataPaths, tmp_path: Path) -> None:
    number = pid(1980)
    plan = plan_rows(data_paths, tmp_path, [member_row("张三", number), member_row("李四", pid(1981)),
                                            member_row("张三", number)])
    assert [(row, column) for row, column, _m in errors_of(plan)] == [(2, "公民身份号码"), (4, "公民身份号码")]
    assert "第4行" in errors_of(plan)[0][2] and "第2行" in errors_of(plan)[1][2]


def test_warnings_are_imported_and_listed(data_paths: DataPaths, tmp_path: Path) -> None:
    """R-ID-2 sex mismatch, 预备党员 with a 转正 date, year-month date: warnings, the rows still go in."""
    plan = plan_rows(data_paths, tmp_path, [
        member_row("张三", pid(1980), gender="女"),
        member_row("李四", pid(1981, seq=13), category="预备党员"),
        member_row("王五", pid(1982, seq=15), joined="2010.07", confirmed=None, category=""),
    ])
    rows = plan.rows  # type: ignore[attr-defined]
    assert [r.status for r in rows] == [RowStatus.WARNING] * 3
    assert "第 17 位" in rows[0].warnings[0].message
    assert "预备党员" in rows[1].warnings[0].message
    assert "只填了年月" in rows[2].warnings[0].message and rows[2].values["joined_on"] == dt.date(2010, 7, 1)
    assert plan.created == 3 and plan.warned == 3  # type: ignore[attr-defined]


@pytest.mark.parametrize("written", ["办公室支部", "中共示例省交通运输厅办公室支部委员会", "办公室党支部",
                                     "办公室支部委员会", "办公室", " 办公室 支部 "])
def test_branch_matched_by_full_short_or_trimmed_name(data_paths: DataPaths, tmp_path: Path, written: str) -> None:
    """Point 9: 办公室支部 ≡ 中共示例省交通运输厅办公室支部委员会 (prefixes, 委员会 and 党 ignored)."""
    plan = plan_rows(data_paths, tmp_path, [member_row("张三", pid(1980), branch=written)])
    row = plan.rows[0]  # type: ignore[attr-defined]
    assert row.errors == [] and row.new_branch is None and row.branch == "办公室支部"


def test_unknown_branch_is_listed_and_created_under_the_organ_committee(data_paths: DataPaths, tmp_path: Path) -> None:
    file = write_xlsx(tmp_path / "a.xlsx", {"Sheet1": [HEADER, member_row("张三", pid(1980), branch="信息中心支部"),
                                                       member_row("李四", pid(1981), branch="信息中心党支部")]})
    store, ids = open_fresh(data_paths)
    try:
        plan = plan_import(store.sessions, file, today=TODAY)
        assert plan.new_branches == ["信息中心支部"]
        apply_import(store.sessions, plan)
        with store.sessions() as session:
            org = session.scalars(select(Organization).where(Organization.name == "信息中心支部")).one()
            members = session.scalars(select(Member).order_by(Member.id)).all()
            assert org.parent_id == ids["机关党委"] and org.kind is OrgKind.BRANCH
            assert [m.organization_id for m in members] == [org.id, org.id]
    finally:
        store.close()


def test_new_branch_without_organ_committee_plans_one(data_paths: DataPaths, tmp_path: Path) -> None:
    """A database with branches but no 机关党委: the new branch needs one, so the plan makes it (named
    「机关党委」 while 设置 has no name) and says so; nothing is written by planning."""
    file = write_xlsx(tmp_path / "a.xlsx", {"Sheet1": [HEADER, member_row("张三", pid(1980), branch="新支部")]})
    store, _ids = open_fresh(data_paths, root=False)
    try:
        before = snapshot(store.sessions)
        plan = plan_import(store.sessions, file, today=TODAY)
        assert snapshot(store.sessions) == before
    finally:
        store.close()
    assert plan.new_committee == "机关党委" and plan.new_branches == ["新支部"]
    assert plan.organisations_to_create() == ["机关党委“机关党委”", "党支部“新支部”"]
    assert any("改为全称" in n for n in plan.notes)


def test_branch_option_puts_every_row_in_one_branch(data_paths: DataPaths, tmp_path: Path) -> None:
    plan = plan_rows(data_paths, tmp_path, [member_row("张三", pid(1980), branch="不存在的支部"),
                                            member_row("李四", pid(1981), branch="")], branch="财务处支部")
    assert [r.branch for r in plan.rows] == ["财务处支部", "财务处支部"]  # type: ignore[attr-defined]
    assert plan.new_branches == [] and plan.invalid == 0  # type: ignore[attr-defined]


def test_group_column_matches_groups_under_the_branch(data_paths: DataPaths, tmp_path: Path) -> None:
    file = write_xlsx(tmp_path / "a.xlsx", {"Sheet1": [
        [*HEADER, "党小组"], [*member_row("张三", pid(1980)), "第一小组"],
        [*member_row("李四", pid(1981)), "第九党小组"]]})
    store, ids = open_fresh(data_paths)
    try:
        plan = plan_import(store.sessions, file, today=TODAY)
    finally:
        store.close()
    assert plan.rows[0].values["group_id"] == ids["第一党小组"]
    assert "group_id" not in plan.rows[1].values and "第九党小组" in plan.rows[1].warnings[0].message


def test_updates_list_changed_fields_and_absent_members_are_kept(demo_paths: DataPaths, tmp_path: Path) -> None:
    """Point 9: matched by ID number, only non-empty cells update, nobody is deleted."""
    store = open_store(demo_paths)
    try:
        with store.sessions() as session:
            first, second = session.scalars(select(Member).where(Member.deleted_at.is_(None)).order_by(Member.id)
                                            .limit(2)).all()
            count = len(session.scalars(select(Member)).all())
        file = write_xlsx(tmp_path / "更新.xlsx", {"Sheet1": [
            ["姓名", "公民身份号码", "学历", "联系电话", "民族"],
            [first.name, first.id_number, "研究生" if first.education != "研究生" else "大学本科", "13900000001", ""],
            [second.name, second.id_number, second.education, second.phone, second.ethnicity],
        ]})
        plan = plan_import(store.sessions, file, today=dt.date(2026, 11, 26))
        update, same = plan.rows
        assert update.status is RowStatus.UPDATE and same.status is RowStatus.UNCHANGED
        assert {c.label for c in update.changes} == {"学历", "联系电话"}
        phone = next(c for c in update.changes if c.field == "phone")
        assert phone.new == "13900000001" and phone.summary() == "联系电话：已修改"
        result = apply_import(store.sessions, plan)
        assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
        with store.sessions() as session:
            assert len(session.scalars(select(Member)).all()) == count
            stored = session.get(Member, first.id)
            assert stored is not None and stored.phone == "13900000001" and stored.ethnicity == first.ethnicity
    finally:
        store.close()


def test_member_in_recycle_bin_must_be_restored_first(demo_paths: DataPaths, tmp_path: Path) -> None:
    store = open_store(demo_paths)
    try:
        with store.sessions.begin() as session:
            member = session.scalars(select(Member).order_by(Member.id).limit(1)).one()
            member.deleted_at = dt.datetime(2026, 1, 1)
            name, number = member.name, member.id_number
        file = write_xlsx(tmp_path / "a.xlsx", {"Sheet1": [["姓名", "公民身份号码", "所在支部"],
                                                           [name, number, "办公室支部"]]})
        plan = plan_import(store.sessions, file, today=dt.date(2026, 11, 26))
        assert plan.rows[0].status is RowStatus.ERROR
        assert "回收站" in plan.rows[0].errors[0].message and "恢复" in plan.rows[0].errors[0].message
    finally:
        store.close()


def test_mapping_overrides_and_remembered_mapping(data_paths: DataPaths, tmp_path: Path) -> None:
    """Point 5: the wizard's corrections go into planning and are remembered for the same headers."""
    header = ["姓名", "证件", "所在支部", "入党时间", "手机"]
    file = write_xlsx(tmp_path / "a.xlsx", {"名册": [header, ["张三", pid(1980), "办公室支部", "2010-07-01",
                                                           "13900000002"]]})
    store, _ids = open_fresh(data_paths)
    try:
        info = inspect_file(file, store.sessions)[0]
        assert 1 not in info.mapping and info.mapping[4] == "phone"
        plan = plan_import(store.sessions, file, today=TODAY, mapping_overrides={"名册": {1: "id_number", 4: None}})
        assert plan.rows[0].values["id_number"] == pid(1980) and "phone" not in plan.rows[0].values
        remember_mapping(store.sessions, info.headers, {1: "id_number"})
        with store.sessions() as session:
            stored = session.scalars(select(Setting).where(Setting.key.like("import.mapping.%"))).one()
            assert json.loads(stored.value) == {"1": "id_number"}
        again = inspect_file(file, store.sessions)[0]
        assert again.remembered and again.mapping[1] == "id_number"
        assert plan_import(store.sessions, file, today=TODAY).rows[0].status is not RowStatus.ERROR
    finally:
        store.close()


def test_search_keys_equal_the_orm_event() -> None:
    """The bulk insert's pinyin keys are those names.pinyin_initials/pinyin_full give."""
    from djdesk.domain.names import pinyin_full, pinyin_initials
    from djdesk.services.demo_people import FEMALE_GIVEN, MALE_GIVEN, SURNAMES

    keys = SearchKeys()
    names = [s + g for s in SURNAMES for g in (*MALE_GIVEN, *FEMALE_GIVEN)][:3000]
    names += ["单田芳", "曾国藩", "张朝阳", "长城", "阿卜杜拉·买买提", "Tom李", "乐嘉", "重阳"]
    for name in names:
        assert keys(name) == (pinyin_initials(name), pinyin_full(name)), name


def test_branch_full_name_constant_is_the_demo_style() -> None:
    assert BRANCH_FULL.startswith("中共") and BRANCH_FULL.endswith("委员会")
