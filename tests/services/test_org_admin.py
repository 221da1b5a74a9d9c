"""Changing the organisation tree (rules.md §1): the clerk adds, renames, moves, dissolves and restores
organisations. A refused change says in Chinese what to change and leaves the database as it was."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from djdesk.domain.enums import MemberCategory, OrgKind, RosterStatus
from djdesk.paths import DataPaths
from djdesk.services import demo
from djdesk.services.database import Store, open_store
from djdesk.services.org_admin import (
    OrgFields,
    create_org,
    dissolve_org,
    move_org,
    restore_org,
    set_model_branch,
    update_org,
)
from djdesk.services.org_info import org_overview
from djdesk.services.orgs import list_orgs
from djdesk.store.engine import SessionFactory
from djdesk.store.models import AuditEntry, Member, Organization
from tests.services.refusals import RefusalCheck

TODAY = dt.date(2026, 6, 1)
TABLES = ("organizations", "committee_seats", "elections", "election_votes", "members")


CHECK = RefusalCheck(TABLES)
dump, refused = CHECK.dump, CHECK.refused


@dataclass
class Tree:
    root: int  # 机关党委
    general: int  # 党总支 under the root
    branch: int  # 党支部 under the 党总支
    group: int  # 党小组 under that branch
    direct: int  # 党支部 directly under the root


def add_member(sessions: SessionFactory, org_id: int, name: str, *, group_id: int | None = None,
               category: MemberCategory = MemberCategory.FULL) -> int:
    with sessions.begin() as session:
        member = Member(name=name, category=category, organization_id=org_id, group_id=group_id)
        session.add(member)
        session.flush()
        return member.id


def build_tree(sessions: SessionFactory) -> Tree:
    root = create_org(sessions, OrgFields("中共示例厅直属机关委员会", OrgKind.ORGAN_COMMITTEE, short_name="机关党委"),
                      None, today=TODAY)
    general = create_org(sessions, OrgFields("综合管理总支部委员会", OrgKind.GENERAL_BRANCH, short_name="综合总支"),
                         root, today=TODAY)
    branch = create_org(sessions, OrgFields("办公室支部委员会", OrgKind.BRANCH, short_name="办公室支部",
                                            founded_on=dt.date(2001, 7, 1)), general, today=TODAY)
    group = create_org(sessions, OrgFields("办公室第一党小组", OrgKind.GROUP), branch, today=TODAY)
    direct = create_org(sessions, OrgFields("政策法规处支部委员会", OrgKind.BRANCH, short_name="法规处支部"),
                        root, today=TODAY)
    return Tree(root, general, branch, group, direct)


@pytest.fixture
def tree(store: Store) -> Tree:
    """This module's tree (overrides the meeting tree of tests/services/conftest.py)."""
    return build_tree(store.sessions)


def _row(sessions: SessionFactory, org_id: int, *, include_dissolved: bool = True) -> Any:
    return next(r for r in list_orgs(sessions, include_dissolved=include_dissolved) if r.id == org_id)


# --- creating the tree --------------------------------------------------------------------------


def test_r_org_4_create_the_tree_of_a_organ_committee(store: Store, tree: Tree) -> None:
    """R-ORG-4: 机关党委 → 党总支 → 党支部 → 党小组, and a 党支部 directly under the 机关党委."""
    rows = list_orgs(store.sessions)
    shown = [(r.name, r.kind, r.depth, r.parent) for r in rows]
    assert shown == [
        ("中共示例厅直属机关委员会", OrgKind.ORGAN_COMMITTEE, 0, None),
        ("综合管理总支部委员会", OrgKind.GENERAL_BRANCH, 1, "中共示例厅直属机关委员会"),
        ("办公室支部委员会", OrgKind.BRANCH, 2, "综合管理总支部委员会"),
        ("办公室第一党小组", OrgKind.GROUP, 3, "办公室支部委员会"),
        ("政策法规处支部委员会", OrgKind.BRANCH, 1, "中共示例厅直属机关委员会"),
    ]
    assert [r.short_name for r in rows] == ["机关党委", "综合总支", "办公室支部", None, "法规处支部"]
    assert _row(store.sessions, tree.branch).dissolved is False


def test_r_org_1_joint_branch_may_sit_under_the_organ_committee(store: Store, tree: Tree) -> None:
    """R-ORG-1: units with fewer than 3 正式党员 form a 联合党支部."""
    joint = create_org(store.sessions, OrgFields("后勤联合党支部", OrgKind.JOINT_BRANCH), tree.root, today=TODAY)
    assert _row(store.sessions, joint).kind is OrgKind.JOINT_BRANCH
    group = create_org(store.sessions, OrgFields("后勤联合党小组", OrgKind.GROUP), joint, today=TODAY)
    assert _row(store.sessions, group).parent == "后勤联合党支部"


def test_group_under_a_general_branch_is_refused(store: Store, tree: Tree) -> None:
    refused(store.sessions,
            lambda: create_org(store.sessions, OrgFields("第二党小组", OrgKind.GROUP), tree.general, today=TODAY),
            "党小组只能设在党支部", "请先选中一个党支部")


def test_group_under_the_organ_committee_is_refused(store: Store, tree: Tree) -> None:
    refused(store.sessions,
            lambda: create_org(store.sessions, OrgFields("第二党小组", OrgKind.GROUP), tree.root, today=TODAY),
            "党小组只能设在党支部", "请先选中一个党支部")


def test_group_under_a_group_is_refused(store: Store, tree: Tree) -> None:
    refused(store.sessions,
            lambda: create_org(store.sessions, OrgFields("小小组", OrgKind.GROUP), tree.group, today=TODAY),
            "党小组只能设在党支部")


def test_branch_without_parent_is_refused(store: Store, tree: Tree) -> None:
    refused(store.sessions,
            lambda: create_org(store.sessions, OrgFields("无上级支部", OrgKind.BRANCH), None, today=TODAY),
            "必须有上级组织", "请先选中上级组织")


def test_general_branch_under_a_branch_is_refused(store: Store, tree: Tree) -> None:
    message = refused(
        store.sessions,
        lambda: create_org(store.sessions, OrgFields("新总支", OrgKind.GENERAL_BRANCH), tree.direct, today=TODAY),
        "党总支不能设在党支部下面", "上级只能是",
    )
    assert "机关党委" in message.split("上级只能是")[1]


def test_founding_date_in_the_future_is_refused(store: Store, tree: Tree) -> None:
    fields = OrgFields("新设支部", OrgKind.BRANCH, founded_on=TODAY + dt.timedelta(days=1))
    refused(store.sessions, lambda: create_org(store.sessions, fields, tree.root, today=TODAY),
            "成立日期", "2026年6月2日", "在今天之后", "请填写实际的成立日期")


def test_founding_today_is_accepted(store: Store, tree: Tree) -> None:
    org_id = create_org(store.sessions, OrgFields("新设支部", OrgKind.BRANCH, founded_on=TODAY), tree.root,
                        today=TODAY)
    assert org_overview(store.sessions, org_id, TODAY).founded_on == TODAY


def test_empty_name_is_refused(store: Store, tree: Tree) -> None:
    refused(store.sessions,
            lambda: create_org(store.sessions, OrgFields("  ", OrgKind.BRANCH), tree.root, today=TODAY),
            "请填写党组织名称")


def test_duplicate_name_is_refused(store: Store, tree: Tree) -> None:
    refused(store.sessions,
            lambda: create_org(store.sessions, OrgFields("办公室支部委员会", OrgKind.BRANCH), tree.root, today=TODAY),
            "办公室支部委员会", "已被", "请换一个名称或简称")


def test_duplicate_short_name_is_refused(store: Store, tree: Tree) -> None:
    fields = OrgFields("另一个办公室支部委员会", OrgKind.BRANCH, short_name="办公室支部")
    refused(store.sessions, lambda: create_org(store.sessions, fields, tree.root, today=TODAY),
            "“办公室支部”已被“办公室支部委员会”使用", "请换一个名称或简称")


def test_name_equal_to_another_short_name_is_refused(store: Store, tree: Tree) -> None:
    refused(store.sessions,
            lambda: create_org(store.sessions, OrgFields("法规处支部", OrgKind.BRANCH), tree.root, today=TODAY),
            "法规处支部", "请换一个名称或简称")


def test_rename_to_another_orgs_name_is_refused(store: Store, tree: Tree) -> None:
    fields = OrgFields("政策法规处支部委员会", OrgKind.BRANCH, short_name="办公室支部")
    refused(store.sessions, lambda: update_org(store.sessions, tree.branch, fields, today=TODAY),
            "政策法规处支部委员会", "请换一个名称或简称")


# --- renaming -------------------------------------------------------------------------------------


def test_rename_writes_an_audit_entry_with_old_and_new_name(store: Store, tree: Tree) -> None:
    with store.sessions() as session:
        before = set(session.scalars(select(AuditEntry.id)))
    fields = OrgFields("办公室党支部委员会", OrgKind.BRANCH, short_name="办公室党支部", founded_on=dt.date(2001, 7, 1))
    update_org(store.sessions, tree.branch, fields, today=TODAY)
    row = _row(store.sessions, tree.branch)
    assert (row.name, row.short_name) == ("办公室党支部委员会", "办公室党支部")
    with store.sessions() as session:
        new = [e.summary for e in session.scalars(select(AuditEntry)) if e.id not in before]
    assert len(new) == 1, new
    assert "修改党组织" in new[0]
    assert "名称：办公室支部委员会→办公室党支部委员会" in new[0]
    assert "简称：办公室支部→办公室党支部" in new[0]


def test_rename_keeping_own_name_is_not_a_clash(store: Store, tree: Tree) -> None:
    fields = OrgFields("办公室支部委员会", OrgKind.BRANCH, short_name="办公室支部", contact="内线 8002")
    update_org(store.sessions, tree.branch, fields, today=TODAY)
    assert org_overview(store.sessions, tree.branch, TODAY).contact == "内线 8002"


def test_changing_kind_with_children_that_cannot_stay_is_refused(store: Store, tree: Tree) -> None:
    create_org(store.sessions, OrgFields("法规处党小组", OrgKind.GROUP), tree.direct, today=TODAY)
    fields = OrgFields("政策法规处支部委员会", OrgKind.GENERAL_BRANCH, short_name="法规处支部")
    refused(store.sessions, lambda: update_org(store.sessions, tree.direct, fields, today=TODAY),
            "法规处党小组", "不能改为党总支")
    # A branch under a 党总支 cannot become a 党总支 either: the parent does not allow it.
    fields = OrgFields("办公室支部委员会", OrgKind.GENERAL_BRANCH, short_name="办公室支部")
    refused(store.sessions, lambda: update_org(store.sessions, tree.branch, fields, today=TODAY),
            "党总支不能设在党总支下面")


# --- moving ---------------------------------------------------------------------------------------


def test_move_branch_to_another_parent(store: Store, tree: Tree) -> None:
    move_org(store.sessions, tree.direct, tree.general)
    row = _row(store.sessions, tree.direct)
    assert (row.parent, row.depth) == ("综合管理总支部委员会", 2)


def test_move_under_own_descendant_is_refused(store: Store, tree: Tree) -> None:
    for target in (tree.branch, tree.group):
        refused(store.sessions, lambda target=target: move_org(store.sessions, tree.general, target),
                "不能把“综合管理总支部委员会”移到它自己或它的下级组织下面", "请选择其他上级组织")


def test_move_under_itself_is_refused(store: Store, tree: Tree) -> None:
    refused(store.sessions, lambda: move_org(store.sessions, tree.branch, tree.branch),
            "它自己", "请选择其他上级组织")


def test_move_group_out_of_its_branch_is_refused(store: Store, tree: Tree) -> None:
    refused(store.sessions, lambda: move_org(store.sessions, tree.group, tree.general), "党小组只能设在党支部")


def test_move_branch_to_top_level_is_refused(store: Store, tree: Tree) -> None:
    refused(store.sessions, lambda: move_org(store.sessions, tree.direct, None), "必须有上级组织")


# --- dissolving and restoring ---------------------------------------------------------------------


def test_dissolve_with_members_is_refused_with_count_and_advice(store: Store, tree: Tree) -> None:
    for name in ("张三", "李四", "王五"):
        add_member(store.sessions, tree.direct, name)
    add_member(store.sessions, tree.direct, "赵六", category=MemberCategory.PROBATIONARY)
    refused(store.sessions, lambda: dissolve_org(store.sessions, tree.direct, TODAY, today=TODAY),
            "政策法规处支部委员会", "还有 4 名党员", "不能撤销", "请先把党员转到其他组织")


def test_dissolve_counts_only_members_on_the_roster(store: Store, tree: Tree) -> None:
    add_member(store.sessions, tree.direct, "张三")
    gone = add_member(store.sessions, tree.direct, "李四")
    with store.sessions.begin() as session:
        session.get_one(Member, gone).roster_status = RosterStatus.TRANSFERRED_OUT
    refused(store.sessions, lambda: dissolve_org(store.sessions, tree.direct, TODAY, today=TODAY),
            "还有 1 名党员")


def test_dissolve_group_with_members_is_refused(store: Store, tree: Tree) -> None:
    add_member(store.sessions, tree.branch, "张三", group_id=tree.group)
    refused(store.sessions, lambda: dissolve_org(store.sessions, tree.group, TODAY, today=TODAY),
            "还有 1 名党员", "不能撤销")


def test_dissolve_with_children_is_refused(store: Store, tree: Tree) -> None:
    refused(store.sessions, lambda: dissolve_org(store.sessions, tree.general, TODAY, today=TODAY),
            "还有 1 个下级组织（办公室支部）", "不能撤销", "下级组织移走或撤销")


def test_dissolve_date_in_the_future_is_refused(store: Store, tree: Tree) -> None:
    refused(store.sessions,
            lambda: dissolve_org(store.sessions, tree.direct, TODAY + dt.timedelta(days=1), today=TODAY),
            "撤销日期", "在今天之后", "请填写实际的撤销日期")


def test_dissolve_before_founding_is_refused(store: Store, tree: Tree) -> None:
    young = create_org(store.sessions, OrgFields("新设支部", OrgKind.BRANCH, founded_on=dt.date(2026, 3, 1)),
                       tree.root, today=TODAY)
    refused(store.sessions, lambda: dissolve_org(store.sessions, young, dt.date(2026, 2, 28), today=TODAY),
            "撤销日期早于成立日期")
    dissolve_org(store.sessions, young, dt.date(2026, 3, 1), today=TODAY)
    assert _row(store.sessions, young).dissolved is True


def test_dissolved_orgs_are_hidden_by_default_and_can_be_restored(store: Store, tree: Tree) -> None:
    dissolve_org(store.sessions, tree.group, dt.date(2026, 5, 31), today=TODAY)
    assert tree.group not in {r.id for r in list_orgs(store.sessions)}
    shown = _row(store.sessions, tree.group, include_dissolved=True)
    assert shown.dissolved is True
    with store.sessions() as session:
        assert session.get_one(Organization, tree.group).dissolved_on == dt.date(2026, 5, 31)
    # A dissolved organisation is not shown on the overview list nor dissolved twice.
    refused(store.sessions, lambda: dissolve_org(store.sessions, tree.group, TODAY, today=TODAY),
            "已于2026年5月31日撤销")
    restore_org(store.sessions, tree.group)
    assert _row(store.sessions, tree.group, include_dissolved=False).dissolved is False


def test_dissolved_parent_hides_its_dissolved_children(store: Store, tree: Tree) -> None:
    dissolve_org(store.sessions, tree.group, TODAY, today=TODAY)
    dissolve_org(store.sessions, tree.branch, TODAY, today=TODAY)
    visible = {r.id for r in list_orgs(store.sessions)}
    assert {tree.branch, tree.group}.isdisjoint(visible)
    refused(store.sessions, lambda: restore_org(store.sessions, tree.group), "请先恢复上级组织")
    restore_org(store.sessions, tree.branch)
    restore_org(store.sessions, tree.group)
    assert {tree.branch, tree.group} <= {r.id for r in list_orgs(store.sessions)}


def test_nothing_may_be_created_under_a_dissolved_org(store: Store, tree: Tree) -> None:
    dissolve_org(store.sessions, tree.direct, TODAY, today=TODAY)
    refused(store.sessions,
            lambda: create_org(store.sessions, OrgFields("新党小组", OrgKind.GROUP), tree.direct, today=TODAY),
            "已撤销", "请选择一个现有的上级组织")


def test_name_of_a_dissolved_org_may_be_reused(store: Store, tree: Tree) -> None:
    dissolve_org(store.sessions, tree.direct, TODAY, today=TODAY)
    again = create_org(store.sessions, OrgFields("政策法规处支部委员会", OrgKind.BRANCH), tree.root, today=TODAY)
    assert _row(store.sessions, again).dissolved is False


def test_restore_refused_when_its_name_was_reused(store: Store, tree: Tree) -> None:
    """After the name of a dissolved branch was given to a new branch, restoring the old one would give two
    current organisations the same name — which create_org and update_org refuse."""
    dissolve_org(store.sessions, tree.direct, TODAY, today=TODAY)
    create_org(store.sessions, OrgFields("政策法规处支部委员会", OrgKind.BRANCH), tree.root, today=TODAY)
    refused(store.sessions, lambda: restore_org(store.sessions, tree.direct), "政策法规处支部委员会", "请")
    names = [r.name for r in list_orgs(store.sessions)]
    assert names.count("政策法规处支部委员会") == 1


# --- 标准化建设示范党支部 -----------------------------------------------------------------------------


def test_set_model_branch_on_a_branch(store: Store, tree: Tree) -> None:
    set_model_branch(store.sessions, tree.branch, 3, 2022)
    overview = org_overview(store.sessions, tree.branch, TODAY)
    assert (overview.model_branch_batch, overview.model_branch_year) == (3, 2022)
    set_model_branch(store.sessions, tree.branch, None, None)
    overview = org_overview(store.sessions, tree.branch, TODAY)
    assert (overview.model_branch_batch, overview.model_branch_year) == (None, None)


def test_set_model_branch_refused_on_a_general_branch(store: Store, tree: Tree) -> None:
    refused(store.sessions, lambda: set_model_branch(store.sessions, tree.general, 3, 2022),
            "只能授予党支部")


def test_set_model_branch_needs_a_positive_batch_and_a_past_year(store: Store, tree: Tree) -> None:
    refused(store.sessions, lambda: set_model_branch(store.sessions, tree.branch, 0, 2022), "批次应为正整数")
    refused(store.sessions, lambda: set_model_branch(store.sessions, tree.branch, 3, None), "请填写命名年度")
    refused(store.sessions,
            lambda: set_model_branch(store.sessions, tree.branch, 3, dt.date.today().year + 1), "不能晚于今年")


# --- on the demo data ---------------------------------------------------------------------------


def test_demo_branch_with_members_cannot_be_dissolved(demo_paths: DataPaths) -> None:
    opened = open_store(demo_paths)
    try:
        row = next(r for r in list_orgs(opened.sessions) if r.short_name == demo.OVERDUE_BRANCH)
        refused(opened.sessions, lambda: dissolve_org(opened.sessions, row.id, TODAY, today=TODAY),
                f"还有 {row.members} 名党员", "请先把党员转到其他组织")
    finally:
        opened.close()
