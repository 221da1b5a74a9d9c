"""Shared helpers of the meeting tests (no tests here): a small organisation tree with known rosters,
snapshots of the meeting tables, and the "refused, nothing written" check.

The tree, on ``ON`` (10 June 2026):

- 机关党委 ``root`` (no committee) → 党总支 ``general`` → 党支部 ``branch`` (一支部) with 党小组 ``g1``, ``g2``;
  党支部 ``small`` (二支部, only a 书记) directly under the root; 党支部 ``gone`` (三支部) dissolved on 2026-01-01.
- 一支部 on ``ON``: 11 members on the roster, 8 of them with a vote (R-MEET-9): 周七 was still a 预备党员
  (转正 2026-07-01), 吴八 is a 预备党员, 郑九's 党籍 is stopped. 冯十 left after ``ON`` (still counted),
  陈新 transferred in after ``ON`` and 褚旧 left before it (not counted), 卫删 is in the 回收站.
- Its committee on ``ON``: 王一 (书记), 李二 (组织委员), 张三 (宣传委员); 褚旧's seat ended in 2025.
- 党小组: g1 = 赵四 (领导干部), 钱五, 孙六, 周七; g2 = 吴八, 郑九, 冯十, 何十四 (+ 陈新 from July).
- 二支部: 4 members (one 预备党员), a single seat (书记 林甲).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from djdesk.domain.enums import (
    CommitteeRole,
    MemberCategory,
    OrgKind,
    PartyStanding,
    RosterStatus,
)
from djdesk.services.meetings import AttendeeInput, MeetingInput
from djdesk.store.base import now
from djdesk.store.engine import SessionFactory
from djdesk.store.models import CommitteeSeat, Member, Organization
from tests.services.refusals import RefusalCheck

TODAY = dt.date(2026, 11, 26)
ON = dt.date(2026, 6, 10)
TABLES = ("meetings", "meeting_attendance", "agenda_items", "motions", "resolutions", "talks", "talk_participants",
          "research_topics")


CHECK = RefusalCheck(TABLES)
dump, refused = CHECK.dump, CHECK.refused


@dataclass
class Tree:
    root: int
    general: int
    branch: int
    g1: int
    g2: int
    small: int
    gone: int
    m: dict[str, int] = field(default_factory=dict)  # name → member id

    def ids(self, *names: str) -> list[int]:
        return [self.m[n] for n in names]


BRANCH_ON_ROSTER = ("王一", "李二", "张三", "赵四", "钱五", "孙六", "周七", "吴八", "郑九", "冯十", "何十四")
BRANCH_VOTING = ("王一", "李二", "张三", "赵四", "钱五", "孙六", "冯十", "何十四")
COMMITTEE = ("王一", "李二", "张三")
G1 = ("赵四", "钱五", "孙六", "周七")
G2_ON = ("吴八", "郑九", "冯十", "何十四")
SMALL = ("林甲", "林乙", "林丙", "林丁")


def build_tree(sessions: SessionFactory) -> Tree:
    with sessions.begin() as s:
        def org(kind: OrgKind, name: str, parent: Organization | None, **kw: Any) -> Organization:
            row = Organization(kind=kind, name=f"中共示例厅{name}委员会", short_name=name, parent=parent, **kw)
            s.add(row)
            return row

        root = org(OrgKind.ORGAN_COMMITTEE, "机关党委", None)
        general = org(OrgKind.GENERAL_BRANCH, "综合总支", root)
        branch = org(OrgKind.BRANCH, "一支部", general, founded_on=dt.date(2000, 7, 1))
        g1 = org(OrgKind.GROUP, "一支部第一党小组", branch)
        g2 = org(OrgKind.GROUP, "一支部第二党小组", branch)
        small = org(OrgKind.BRANCH, "二支部", root)
        gone = org(OrgKind.BRANCH, "三支部", root, dissolved_on=dt.date(2026, 1, 1))
        s.flush()
        members: dict[str, Member] = {}

        def member(name: str, home: Organization, group: Organization | None = None, **kw: Any) -> Member:
            kw.setdefault("category", MemberCategory.FULL)
            kw.setdefault("joined_on", dt.date(2000, 1, 1))
            row = Member(name=name, organization_id=home.id, group_id=group.id if group else None, **kw)
            s.add(row)
            members[name] = row
            return row

        for name in COMMITTEE:
            member(name, branch)
        member("赵四", branch, g1, is_leading_cadre=True, admin_position="副厅长")
        member("钱五", branch, g1)
        member("孙六", branch, g1)
        member("周七", branch, g1, joined_on=dt.date(2025, 7, 1), confirmed_on=dt.date(2026, 7, 1))
        member("吴八", branch, g2, category=MemberCategory.PROBATIONARY, joined_on=dt.date(2026, 1, 5))
        member("郑九", branch, g2, standing=PartyStanding.SUSPENDED)
        member("冯十", branch, g2, roster_status=RosterStatus.TRANSFERRED_OUT, left_on=dt.date(2026, 8, 1))
        member("何十四", branch, g2)
        member("陈新", branch, g2, transferred_in_on=dt.date(2026, 7, 15))
        member("褚旧", branch, roster_status=RosterStatus.TRANSFERRED_OUT, left_on=dt.date(2026, 3, 1))
        member("卫删", branch, deleted_at=now())
        member("林甲", small)
        member("林乙", small)
        member("林丙", small, category=MemberCategory.PROBATIONARY)
        member("林丁", small)
        member("外援", gone, roster_status=RosterStatus.TRANSFERRED_OUT, left_on=dt.date(2025, 12, 31))
        s.flush()
        start = dt.date(2024, 1, 1)
        for name, role in zip(COMMITTEE, (CommitteeRole.SECRETARY, CommitteeRole.ORGANIZATION,
                                          CommitteeRole.PROPAGANDA), strict=True):
            s.add(CommitteeSeat(organization_id=branch.id, member_id=members[name].id, person_name=name, role=role,
                                started_on=start))
        s.add(CommitteeSeat(organization_id=branch.id, member_id=members["褚旧"].id, person_name="褚旧",
                            role=CommitteeRole.DISCIPLINE, started_on=start, ended_on=dt.date(2025, 12, 31)))
        s.add(CommitteeSeat(organization_id=small.id, member_id=members["林甲"].id, person_name="林甲",
                            role=CommitteeRole.SECRETARY, started_on=start))
        return Tree(root.id, general.id, branch.id, g1.id, g2.id, small.id, gone.id,
                    {name: m.id for name, m in members.items()})


def everyone(tree: Tree, names: tuple[str, ...], **absent: str) -> list[AttendeeInput]:
    """Attendance of ``names``: 出席, except those given as ``name="请假:reason"`` or ``name="缺席"``."""
    from djdesk.domain.enums import AttendanceStatus

    rows = []
    for name in names:
        how = absent.get(name)
        if how is None:
            rows.append(AttendeeInput(tree.m[name]))
        elif how.startswith("请假"):
            rows.append(AttendeeInput(tree.m[name], AttendanceStatus.LEAVE, how.partition(":")[2] or None))
        else:
            rows.append(AttendeeInput(tree.m[name], AttendanceStatus.ABSENT, "未请假"))
    return rows


def assembly(tree: Tree, **kw: Any) -> MeetingInput:
    """A 支部党员大会 of 一支部 on ``ON`` with everyone present (override any field by keyword)."""
    from djdesk.domain.enums import MeetingKind

    values: dict[str, Any] = {
        "organization_id": tree.branch, "kind": MeetingKind.GENERAL_ASSEMBLY, "held_on": ON,
        "start_time": dt.time(9, 0), "end_time": dt.time(10, 30), "place": "三楼会议室",
        "host": tree.m["王一"], "recorder": tree.m["李二"], "attendance": everyone(tree, BRANCH_ON_ROSTER),
    }
    values.update(kw)
    return MeetingInput(**values)
