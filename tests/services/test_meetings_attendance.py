"""Who is expected at each kind of meeting, who votes, and the verdicts (R-MEET-1 … R-MEET-12).

The frequencies of R-MEET-1 … R-MEET-8 and R-MEET-11 are the compliance grid's; here each of those kinds
gets its roster. Quorum and votes follow R-MEET-9 (党员大会) and R-MEET-10 (支委会); 双重组织生活 of leading
cadres follows R-MEET-12. The demo 机关党委 (year 2025) is checked too.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from djdesk.domain.enums import AttendanceStatus, MeetingKind, MemberEventKind
from djdesk.domain.quorum import Ballot
from djdesk.services import demo
from djdesk.services.database import Store
from djdesk.services.meeting_attendance import AttendeeLine, summarize
from djdesk.services.meetings import (
    AttendeeInput,
    MotionInput,
    allowed_kinds,
    attendance_summary,
    create_meeting,
    expected_attendees,
    leading_cadre_attendance,
    prefill_attendance,
    summarize_input,
)
from djdesk.services.member_status import change_status
from djdesk.store.models import Meeting, Member, Organization
from tests.services.test_meetings_support import (
    BRANCH_ON_ROSTER,
    BRANCH_VOTING,
    COMMITTEE,
    G1,
    G2_ON,
    ON,
    SMALL,
    TODAY,
    Tree,
    assembly,
    everyone,
    refused,
)


def _names(store: Store, org: int, kind: MeetingKind, on: dt.date = ON) -> set[str]:
    return {e.name for e in expected_attendees(store.sessions, org, kind, on)}


# --- expected attendees per kind ------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "rule"), [
    (MeetingKind.GENERAL_ASSEMBLY, "R-MEET-1"),
    (MeetingKind.PARTY_LECTURE, "R-MEET-4"),
    (MeetingKind.THEME_DAY, "R-MEET-5"),
    (MeetingKind.LIFE_MEETING, "R-MEET-6"),
    (MeetingKind.EVALUATION_MEETING, "R-MEET-8"),
    (MeetingKind.OTHER, ""),
])
def test_r_meet_1_4_5_6_8_branch_meetings_expect_every_member_on_the_roster(
    store: Store, tree: Tree, kind: MeetingKind, rule: str
) -> None:
    """R-MEET-1, R-MEET-4, R-MEET-5, R-MEET-6, R-MEET-8: every member of the branch on that day."""
    assert _names(store, tree.branch, kind) == set(BRANCH_ON_ROSTER), rule
    # A 党总支's meeting covers its branches; the 机关党委's covers everything under it.
    assert _names(store, tree.general, kind) == set(BRANCH_ON_ROSTER)
    assert _names(store, tree.root, kind) == set(BRANCH_ON_ROSTER) | set(SMALL)


def test_r_meet_2_committee_meeting_expects_the_committee_of_that_day(store: Store, tree: Tree) -> None:
    """R-MEET-2: the 支委会 roster is the committee seated on the meeting day (书记 first)."""
    expected = expected_attendees(store.sessions, tree.branch, MeetingKind.COMMITTEE_MEETING, ON)
    assert [e.name for e in expected] == list(COMMITTEE)
    # In 2025 褚旧 still held the 纪检委员 seat.
    assert _names(store, tree.branch, MeetingKind.COMMITTEE_MEETING, dt.date(2025, 6, 1)) == {*COMMITTEE, "褚旧"}
    refused(store.sessions, lambda: expected_attendees(store.sessions, tree.small, MeetingKind.COMMITTEE_MEETING, ON),
            "没有委员会")


def test_r_meet_3_group_meeting_expects_the_group(store: Store, tree: Tree) -> None:
    """R-MEET-3: a 党小组会 expects the members of that 党小组 (Member.group_id) on the day."""
    assert _names(store, tree.g1, MeetingKind.GROUP_MEETING) == set(G1)
    assert _names(store, tree.g2, MeetingKind.GROUP_MEETING) == set(G2_ON)
    assert _names(store, tree.g2, MeetingKind.GROUP_MEETING, TODAY) == {"吴八", "郑九", "何十四", "陈新"}


def test_r_meet_11_ideology_expects_the_committee_or_every_member(store: Store, tree: Tree) -> None:
    """R-MEET-11: 意识形态专题研究 by the committee; an organisation without one meets as a whole."""
    assert _names(store, tree.branch, MeetingKind.IDEOLOGY) == set(COMMITTEE)
    assert _names(store, tree.branch, MeetingKind.CENTRAL_GROUP_STUDY) == set(COMMITTEE)
    assert _names(store, tree.small, MeetingKind.IDEOLOGY) == set(SMALL)
    assert _names(store, tree.root, MeetingKind.IDEOLOGY) == set(BRANCH_ON_ROSTER) | set(SMALL)


def test_roster_follows_the_meeting_date(store: Store, tree: Tree) -> None:
    """Members who joined, transferred in or left are on the roster only while they belonged."""
    today = _names(store, tree.branch, MeetingKind.GENERAL_ASSEMBLY, TODAY)
    assert "陈新" in today and "冯十" not in today and "卫删" not in today
    earlier = _names(store, tree.branch, MeetingKind.GENERAL_ASSEMBLY, dt.date(2025, 12, 1))
    assert "吴八" not in earlier and "褚旧" in earlier  # joined 2026-01-05 / left 2026-03-01
    assert [a.person for a in prefill_attendance(store.sessions, tree.g1, MeetingKind.GROUP_MEETING, ON)] == [
        e.member_id for e in expected_attendees(store.sessions, tree.g1, MeetingKind.GROUP_MEETING, ON)]


def test_r_meet_9_voting_rights_exclude_probationary_and_suspended(store: Store, tree: Tree) -> None:
    """R-MEET-9: 预备党员 (and members not yet 转正 on the day) and 停止党籍 have no vote."""
    expected = expected_attendees(store.sessions, tree.branch, MeetingKind.GENERAL_ASSEMBLY, ON)
    assert {e.name for e in expected if e.voting} == set(BRANCH_VOTING)
    after = expected_attendees(store.sessions, tree.branch, MeetingKind.GENERAL_ASSEMBLY, dt.date(2026, 7, 2))
    assert "周七" in {e.name for e in after if e.voting}  # 转正 on 2026-07-01


def test_r_meet_9_voting_rights_follow_suspension_history(store: Store, tree: Tree) -> None:
    """R-MEET-9: 停止党籍 counts from the day it was recorded; earlier meetings keep the vote."""
    change_status(store.sessions, tree.m["钱五"], MemberEventKind.SUSPEND, dt.date(2026, 8, 1), today=TODAY)
    before = expected_attendees(store.sessions, tree.branch, MeetingKind.GENERAL_ASSEMBLY, ON)
    after = expected_attendees(store.sessions, tree.branch, MeetingKind.GENERAL_ASSEMBLY, dt.date(2026, 9, 1))
    assert "钱五" in {e.name for e in before if e.voting}
    assert "钱五" not in {e.name for e in after if e.voting}


# --- quorum and votes ------------------------------------------------------------------------------


def test_r_meet_9_voting_counts_exclude_probationary_members(store: Store, tree: Tree) -> None:
    """R-MEET-9: 11 expected, 8 with a vote; all present → 实到 11 of whom 8 vote; 列席 not counted."""
    rows = [*everyone(tree, BRANCH_ON_ROSTER), AttendeeInput("上级联系人", observer=True)]
    mid = create_meeting(store.sessions, assembly(tree, attendance=rows), today=TODAY)
    summary = attendance_summary(store.sessions, mid)
    assert (summary.expected, summary.present, summary.leave, summary.absent, summary.observers) == (11, 11, 0, 0, 1)
    assert (summary.entitled_voting, summary.present_voting) == (8, 8)
    assert summary.text == "应到 11 人，实到 11 人（有表决权 8 人），请假 0 人，缺席 0 人，列席 1 人"
    assert summary.quorum is not None and summary.quorum.valid
    assert [line.name for line in summary.observer_lines] == ["上级联系人"]


@pytest.mark.parametrize(("away", "valid"), [
    (("王一", "李二", "张三", "赵四"), False),  # 4 of 8 voters present: exactly half → 无效
    (("王一", "李二", "张三"), True),  # 5 of 8 → 有效
])
def test_r_meet_9_assembly_quorum_boundary(store: Store, tree: Tree, away: tuple[str, ...], valid: bool) -> None:
    """R-MEET-9: valid only when voters present are MORE than half of those entitled; exactly half is 无效.
    Non-voting members present (周七, 吴八, 郑九) do not make up the number."""
    rows = everyone(tree, BRANCH_ON_ROSTER, **dict.fromkeys(away, "请假:出差"))
    summary = attendance_summary(store.sessions, create_meeting(store.sessions, assembly(tree, attendance=rows),
                                                                today=TODAY))
    assert (summary.entitled_voting, summary.present_voting) == (8, 8 - len(away))
    assert summary.quorum is not None and summary.quorum.valid is valid
    assert summary.quorum.text.startswith("有效" if valid else "无效")
    assert [line.reason for line in summary.with_status(AttendanceStatus.LEAVE)] == ["出差"] * len(away)


def test_r_meet_10_committee_quorum(store: Store, tree: Tree) -> None:
    """R-MEET-10: a 支委会 is valid when more than half of the 委员 are present (2 of 3 yes, 1 of 3 no)."""
    committee = dict(kind=MeetingKind.COMMITTEE_MEETING)
    two = create_meeting(store.sessions, assembly(tree, attendance=everyone(tree, COMMITTEE, 张三="请假"),
                                                  **committee), today=TODAY)
    one = create_meeting(store.sessions, assembly(tree, attendance=everyone(tree, COMMITTEE, 张三="缺席", 李二="缺席"),
                                                  **committee), today=TODAY)
    valid, invalid = attendance_summary(store.sessions, two).quorum, attendance_summary(store.sessions, one).quorum
    assert valid is not None and valid.valid and "支部委员 3 人，到会 2 人" in valid.text
    assert invalid is not None and not invalid.valid and "未超过半数" in invalid.text


def test_r_meet_9_motion_passes_on_half_of_entitled_not_of_present(store: Store, tree: Tree) -> None:
    """R-MEET-9: 8 entitled, 5 present: 4 yes is a majority of those present but not > 8/2 → 未通过;
    a written yes of an absent voter is counted → 5 > 4 → 通过."""
    rows = everyone(tree, BRANCH_ON_ROSTER, 王一="请假:出差", 李二="请假:病假", 张三="缺席")
    motions = [MotionInput("甲", yes=4, no=1), MotionInput("乙", yes=4, no=1, written_yes=1)]
    mid = create_meeting(store.sessions, assembly(tree, attendance=rows, motions=motions), today=TODAY)
    summary = attendance_summary(store.sessions, mid)
    first, second = summary.motions
    assert not first.verdict.valid and first.verdict.text.startswith("未通过")
    assert second.verdict.valid and "含书面意见 1 份" in second.verdict.text and "赞成 5 票" in second.verdict.text


def test_summary_of_an_unsaved_form_matches_the_saved_meeting(store: Store, tree: Tree) -> None:
    """The form's live preview says what the saved meeting will say, and refuses what saving refuses."""
    data = assembly(tree, attendance=everyone(tree, BRANCH_ON_ROSTER, 孙六="缺席"), motions=[MotionInput("甲", yes=7)])
    preview = summarize_input(store.sessions, data, today=TODAY)
    saved = attendance_summary(store.sessions, create_meeting(store.sessions, data, today=TODAY))
    assert preview.text == saved.text and preview.quorum == saved.quorum and preview.motions == saved.motions
    data.motions = [MotionInput("甲", yes=9)]
    refused(store.sessions, lambda: summarize_input(store.sessions, data, today=TODAY), "表决票数（9）")


def test_planned_meeting_and_other_kinds_have_no_quorum_verdict(store: Store, tree: Tree) -> None:
    planned = create_meeting(store.sessions, assembly(tree, held=False, held_on=TODAY + dt.timedelta(days=9),
                                                      attendance=[]), today=TODAY)
    lecture = create_meeting(store.sessions, assembly(tree, kind=MeetingKind.PARTY_LECTURE, speaker=tree.m["王一"]),
                             today=TODAY)
    assert attendance_summary(store.sessions, planned).quorum is None
    assert attendance_summary(store.sessions, lecture).quorum is None


def test_r_meet_9_summarize_plain_lines_counts_written_opinions() -> None:
    """R-MEET-9 on plain lines: a 组织生活会 is judged like a 党员大会; 1 of 2 voters present is 无效, so the motion
    is not voted on (1 yes + 1 written yes would be 2 > 2/2); 2 of 3 present is valid and the written yes counts."""
    lines = [AttendeeLine(1, "甲", AttendanceStatus.PRESENT, None, False, True),
             AttendeeLine(2, "乙", AttendanceStatus.ABSENT, None, False, True),
             AttendeeLine(3, "丙", AttendanceStatus.PRESENT, None, False, False)]
    summary = summarize(MeetingKind.LIFE_MEETING, lines, [("事项", Ballot(1, 0, 0, written_yes=1))])
    assert summary.quorum is not None and not summary.quorum.valid
    assert not summary.motions[0].verdict.valid and summary.motions[0].verdict.text.startswith("未表决")
    lines.append(AttendeeLine(4, "丁", AttendanceStatus.PRESENT, None, False, True))
    summary = summarize(MeetingKind.LIFE_MEETING, lines, [("事项", Ballot(1, 0, 1, written_yes=1))])
    assert summary.quorum is not None and summary.quorum.valid
    assert summary.motions[0].verdict.valid  # 1 yes + 1 written yes = 2 > 3/2 → 通过


# --- R-MEET-12 ---------------------------------------------------------------------------------------


def test_r_meet_12_leading_cadre_attendance(store: Store, tree: Tree) -> None:
    """R-MEET-12: 赵四 (领导干部) is expected at the branch's assemblies and their 党小组会, not at 支委会."""
    create_meeting(store.sessions, assembly(tree), today=TODAY)
    create_meeting(store.sessions, assembly(tree, held_on=dt.date(2026, 9, 10), title="三季度大会",
                                            attendance=everyone(tree, (*BRANCH_ON_ROSTER[:-2], "何十四", "陈新"),
                                                                赵四="请假:公务活动")), today=TODAY)
    create_meeting(store.sessions, assembly(tree, organization_id=tree.g1, kind=MeetingKind.GROUP_MEETING,
                                            attendance=everyone(tree, G1)), today=TODAY)
    create_meeting(store.sessions, assembly(tree, kind=MeetingKind.COMMITTEE_MEETING,
                                            attendance=everyone(tree, COMMITTEE)), today=TODAY)
    create_meeting(store.sessions, assembly(tree, held=False, held_on=dt.date(2026, 12, 10), attendance=[]),
                   today=TODAY)  # planned: not counted
    (cadre,) = leading_cadre_attendance(store.sessions, 2026)
    assert (cadre.name, cadre.admin_position, cadre.branch) == ("赵四", "副厅长", "一支部")
    assert (cadre.expected, cadre.attended, cadre.leave, cadre.absent) == (3, 2, 1, 0)
    assert cadre.attended_on == (ON, ON)
    assert cadre.missed == ((dt.date(2026, 9, 10), "支部党员大会", "请假：公务活动"),)
    assert leading_cadre_attendance(store.sessions, 2025)[0].expected == 0


# --- the demo 机关党委 --------------------------------------------------------------------------------


def test_r_meet_1_to_11_demo_rosters_match_the_recorded_attendance(opened: Store) -> None:
    """R-MEET-1 … R-MEET-6, R-MEET-8, R-MEET-11: for every kind, the roster of each December meeting of the demo
    equals its recorded attendance (the demo writes 党小组会 on the branch: compared with its 党小组)."""
    sessions = opened.sessions
    checked: set[MeetingKind] = set()
    with sessions() as s:
        meetings = s.scalars(select(Meeting).where(Meeting.held_on >= dt.date(2025, 11, 1))).all()
        groups = {g.short_name: g.id for g in s.scalars(select(Organization)) if g.kind.name == "GROUP"}
        for meeting in meetings:
            org = meeting.organization_id
            if meeting.kind is MeetingKind.GROUP_MEETING:
                org = next(gid for name, gid in groups.items() if name and meeting.title.startswith(name))
            recorded = {a.member_id for a in meeting.attendance if not a.observer}
            roster = {e.member_id for e in expected_attendees(sessions, org, meeting.kind, meeting.held_on)}
            assert roster == recorded, (meeting.title, meeting.organization.short_name)
            checked.add(meeting.kind)
    assert checked == set(MeetingKind) - {MeetingKind.CENTRAL_GROUP_STUDY, MeetingKind.OTHER}


def test_r_meet_9_demo_assemblies_are_quorate_and_motions_pass(opened: Store) -> None:
    """R-MEET-9: the demo writes each 党员大会 with a quorum and its motions passing."""
    with opened.sessions() as s:
        ids = s.scalars(select(Meeting.id).where(Meeting.kind == MeetingKind.GENERAL_ASSEMBLY)).all()
    for mid in ids:
        summary = attendance_summary(opened.sessions, mid)
        assert summary.quorum is not None and summary.quorum.valid, summary.quorum
        assert all(m.verdict.valid for m in summary.motions)


def test_r_meet_12_demo_leading_cadres(opened: Store) -> None:
    """R-MEET-12: each of the demo's five 领导干部 is tracked in their own branch."""
    cadres = leading_cadre_attendance(opened.sessions, 2025)
    with opened.sessions() as s:
        flagged = {m.name for m in s.scalars(select(Member).where(Member.is_leading_cadre.is_(True)))}
    assert {c.name for c in cadres} == flagged and len(cadres) == 5
    for cadre in cadres:
        assert cadre.expected >= 20 and cadre.attended + cadre.leave + cadre.absent == cadre.expected
        assert len(cadre.attended_on) == cadre.attended
    assert demo.SECRETARY_BRANCH in {c.branch for c in cadres}


def test_r_meet_2_r_meet_3_allowed_kinds_for_the_form(store: Store, tree: Tree) -> None:
    """R-MEET-2, R-MEET-3: a 党小组 records only 党小组会; a 支委会 only where a committee sits."""
    assert allowed_kinds(store.sessions, tree.g1, ON) == [MeetingKind.GROUP_MEETING]
    branch = allowed_kinds(store.sessions, tree.branch, ON)
    assert MeetingKind.COMMITTEE_MEETING in branch and MeetingKind.GROUP_MEETING not in branch
    assert MeetingKind.COMMITTEE_MEETING not in allowed_kinds(store.sessions, tree.small, ON)
    refused(store.sessions, lambda: allowed_kinds(store.sessions, 9999, ON), "找不到该党组织")
