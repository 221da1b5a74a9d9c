"""谈心谈话 register (R-MEET-7): registering talks, the 回收站, members without a talk, coverage per branch."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from djdesk.domain.enums import TalkKind
from djdesk.services import demo
from djdesk.services.database import Store
from djdesk.services.talks import (
    TalkInput,
    create_talk,
    delete_talk,
    list_talks,
    members_without_talk,
    restore_talk,
    talk_coverage,
    talk_input,
    update_talk,
)
from djdesk.store.models import Member, TalkParticipant
from tests.services.test_meetings_support import BRANCH_ON_ROSTER, SMALL, TODAY, Tree, refused

DAY = dt.date(2026, 5, 20)


def test_r_meet_7_register_a_talk_and_edit_it(store: Store, tree: Tree) -> None:
    """R-MEET-7: a talk with its kind, two participants, topic, summary and follow-up; the organisation
    defaults to that of the first participant chosen from the roster."""
    tid = create_talk(store.sessions, TalkInput(DAY, TalkKind.SECRETARY_COMMITTEE, [tree.m["王一"], tree.m["李二"]],
                                                " 工作交流 ", "谈了分工。", "下月再谈。"), today=TODAY)
    (row,) = list_talks(store.sessions, year=2026)
    assert (row.id, row.held_on, row.kind, row.org_id, row.organisation) == (
        tid, DAY, TalkKind.SECRETARY_COMMITTEE, tree.branch, "一支部")
    assert (row.participants, row.topic, row.summary, row.follow_up, row.deleted) == (
        ("王一", "李二"), "工作交流", "谈了分工。", "下月再谈。", False)
    data = talk_input(store.sessions, tid)
    data.participants = [tree.m["王一"], "上级党委 刘同志", "  "]  # an empty row of the form is skipped
    data.kind = TalkKind.COMMITTEE_MEMBER
    update_talk(store.sessions, tid, data, today=TODAY)
    (row,) = list_talks(store.sessions)
    assert row.participants == ("王一", "上级党委 刘同志") and row.kind is TalkKind.COMMITTEE_MEMBER
    assert list_talks(store.sessions, year=2025) == []
    assert list_talks(store.sessions, kind=TalkKind.AMONG_MEMBERS) == []
    assert [r.id for r in list_talks(store.sessions, org_id=tree.root)] == [tid]
    assert list_talks(store.sessions, org_id=tree.root, include_children=False) == []


def test_r_meet_7_refusals_write_nothing(store: Store, tree: Tree) -> None:
    ok = [tree.m["王一"], tree.m["李二"]]
    cases = [
        (TalkInput(TODAY + dt.timedelta(days=1), TalkKind.AMONG_MEMBERS, ok), "在今天之后"),
        (TalkInput(DAY, TalkKind.AMONG_MEMBERS, [tree.m["王一"]]), "至少要有两名谈话人员"),
        (TalkInput(DAY, TalkKind.AMONG_MEMBERS, [tree.m["王一"], "", " "]), "至少要有两名谈话人员"),
        (TalkInput(DAY, TalkKind.AMONG_MEMBERS, [tree.m["王一"], tree.m["王一"]]), "王一在谈话人员中出现了两次"),
        (TalkInput(DAY, TalkKind.AMONG_MEMBERS, [tree.m["卫删"], tree.m["王一"]]), "已被删除或不存在"),
        (TalkInput(DAY, TalkKind.AMONG_MEMBERS, ["甲", "乙"]), "请选择谈话所属的党组织"),
        (TalkInput(DAY, TalkKind.AMONG_MEMBERS, ok, organization_id=tree.gone), "“三支部”已于2026年1月1日撤销"),
        (TalkInput(DAY, TalkKind.AMONG_MEMBERS, ok, organization_id=9999), "找不到该党组织"),
        (TalkInput(DAY, TalkKind.AMONG_MEMBERS, ok, topic="题" * 301), "谈话主题太长"),
    ]
    for data, fragment in cases:
        refused(store.sessions, lambda data=data: create_talk(store.sessions, data, today=TODAY), fragment)
    tid = create_talk(store.sessions, TalkInput(DAY, TalkKind.AMONG_MEMBERS, ["甲", "乙"],
                                                organization_id=tree.small), today=TODAY)
    refused(store.sessions, lambda: update_talk(store.sessions, tid, TalkInput(DAY, TalkKind.AMONG_MEMBERS, ["甲"]),
                                                today=TODAY), "至少要有两名")
    refused(store.sessions, lambda: update_talk(store.sessions, 9999, TalkInput(DAY, TalkKind.AMONG_MEMBERS, ok),
                                                today=TODAY), "找不到该谈话记录")


def test_r_meet_7_delete_and_restore_talk(store: Store, tree: Tree) -> None:
    tid = create_talk(store.sessions, TalkInput(DAY, TalkKind.AMONG_MEMBERS, [tree.m["钱五"], tree.m["孙六"]]),
                      today=TODAY)
    delete_talk(store.sessions, tid)
    assert list_talks(store.sessions) == []
    assert [r.deleted for r in list_talks(store.sessions, include_deleted=True)] == [True]
    assert tree.m["钱五"] in {m.member_id for m in members_without_talk(store.sessions, 2026)}
    refused(store.sessions, lambda: delete_talk(store.sessions, tid), "回收站")
    refused(store.sessions, lambda: talk_input(store.sessions, tid), "回收站")
    refused(store.sessions, lambda: update_talk(store.sessions, tid, talk_input_of(tree), today=TODAY),
            "先从回收站恢复")
    restore_talk(store.sessions, tid)
    refused(store.sessions, lambda: restore_talk(store.sessions, tid), "回收站中没有")
    assert [r.id for r in list_talks(store.sessions)] == [tid]


def talk_input_of(tree: Tree) -> TalkInput:
    return TalkInput(DAY, TalkKind.AMONG_MEMBERS, [tree.m["钱五"], tree.m["孙六"]])


def test_r_meet_7_members_without_talk(store: Store, tree: Tree) -> None:
    """R-MEET-7: members on the roster at the year's end with no talk registered that year."""
    create_talk(store.sessions, TalkInput(DAY, TalkKind.AMONG_MEMBERS, [tree.m["钱五"], tree.m["孙六"]]), today=TODAY)
    last_year = TalkInput(dt.date(2025, 5, 1), TalkKind.AMONG_MEMBERS, [tree.m["王一"], tree.m["李二"]])
    create_talk(store.sessions, last_year, today=TODAY)
    names = [m.name for m in members_without_talk(store.sessions, 2026, tree.branch)]
    on_roster = set(BRANCH_ON_ROSTER) - {"冯十"} | {"陈新"}  # 冯十 left in August, 陈新 came in July
    assert set(names) == on_roster - {"钱五", "孙六"}
    assert len(names) == len(set(names))
    everyone = members_without_talk(store.sessions, 2026)
    assert {m.name for m in everyone} == set(names) | set(SMALL)
    assert {m.organisation for m in everyone} == {"一支部", "二支部"}
    assert "王一" not in {m.name for m in members_without_talk(store.sessions, 2025)}
    assert {m.name for m in members_without_talk(store.sessions, 2026, tree.g1)} == {"赵四", "周七"}


def test_r_meet_7_talk_coverage_per_branch(store: Store, tree: Tree) -> None:
    """R-MEET-7: per branch a count for every TalkKind; a talk registered on a 党小组 counts for its branch."""
    create_talk(store.sessions, TalkInput(DAY, TalkKind.SECRETARY_COMMITTEE, [tree.m["王一"], tree.m["李二"]]),
                today=TODAY)
    create_talk(store.sessions, TalkInput(DAY, TalkKind.AMONG_MEMBERS, [tree.m["钱五"], tree.m["孙六"]],
                                          organization_id=tree.g1), today=TODAY)
    create_talk(store.sessions, TalkInput(DAY, TalkKind.AMONG_MEMBERS, [tree.m["林甲"], tree.m["林乙"]]),
                today=TODAY)
    coverage = {c.organisation: c for c in talk_coverage(store.sessions, 2026)}
    assert set(coverage) == {"一支部", "二支部"}  # branches only; 三支部 is dissolved
    first = coverage["一支部"]
    assert first.counts == {TalkKind.SECRETARY_COMMITTEE: 1, TalkKind.AMONG_COMMITTEE: 0,
                            TalkKind.COMMITTEE_MEMBER: 0, TalkKind.AMONG_MEMBERS: 1}
    assert first.total == 2 and first.missing() == [TalkKind.AMONG_COMMITTEE, TalkKind.COMMITTEE_MEMBER]
    assert first.organisation_full == "中共示例厅一支部委员会" and first.org_id == tree.branch
    assert coverage["二支部"].missing(2) == [TalkKind.AMONG_MEMBERS]  # R-MEET-7: no committee, only 党员之间 owed
    assert all(c.total == 0 for c in talk_coverage(store.sessions, 2025))


def test_r_meet_7_demo_coverage_and_members_without_talk(opened: Store) -> None:
    """R-MEET-7: the demo gives every branch two talks of each kind, except the gaps of DEMO_TALK_GAPS."""
    coverage = talk_coverage(opened.sessions, 2025)
    assert len(coverage) == 8
    for branch in coverage:
        gaps = demo.DEMO_TALK_GAPS.get(branch.organisation, frozenset())
        assert branch.missing() == [k for k in TalkKind if k in gaps], branch
        assert all(branch.counts[k] == 2 for k in TalkKind if k not in gaps)
    without = members_without_talk(opened.sessions, 2025)
    with opened.sessions() as s:
        talked = set(s.scalars(select(TalkParticipant.member_id)))
        roster = s.scalar(select(func.count()).select_from(Member)) or 0
    assert not talked & {m.member_id for m in without}
    assert len(without) == roster - len(talked)
