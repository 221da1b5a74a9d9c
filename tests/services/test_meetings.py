"""Recording meetings (rules.md §2 and the minutes fields): create, update, copy, 回收站, and every refusal.

Each refusal says in Chinese what to change, and the meeting tables and the 操作日志 stay exactly as they were.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from djdesk.domain.enums import AttendanceStatus, AuditAction, MeetingKind
from djdesk.services.database import Store
from djdesk.services.meetings import (
    AgendaInput,
    AttendeeInput,
    MotionInput,
    ResolutionInput,
    copy_meeting,
    create_meeting,
    delete_meeting,
    list_meetings,
    meeting_input,
    restore_meeting,
    update_meeting,
)
from djdesk.store.models import AgendaItem, Attendance, AuditEntry, Meeting, Member, Motion, Resolution
from tests.services.test_meetings_support import (
    BRANCH_ON_ROSTER,
    COMMITTEE,
    G1,
    ON,
    TODAY,
    Tree,
    assembly,
    dump,
    everyone,
    refused,
)


def _count(store: Store, model: type[object]) -> int:
    with store.sessions() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


# --- recording ---------------------------------------------------------------------------------


def test_r_meet_1_create_records_every_minutes_field(store: Store, tree: Tree) -> None:
    """R-MEET-1: a 支部党员大会 with its minutes fields, agenda, vote and resolution reads back the same."""
    data = assembly(tree, title="  2026年第二季度支部党员大会 ", content="传达学习上级精神。",
                    attendance=[*everyone(tree, BRANCH_ON_ROSTER, 孙六="请假:出差", 郑九="缺席"),
                                AttendeeInput("上级联系人", observer=True)],
                    agenda=[AgendaInput("学习党章", "王一领学，李二发言。"), AgendaInput("表决工作要点")],
                    motions=[MotionInput("关于工作要点的表决", yes=6, no=0, abstain=0)],
                    resolutions=[ResolutionInput("通过工作要点", "王一", dt.date(2026, 12, 31))])
    audit_before = _count(store, AuditEntry)
    mid = create_meeting(store.sessions, data, today=TODAY)
    back = meeting_input(store.sessions, mid)
    assert back.title == "2026年第二季度支部党员大会"
    assert (back.host, back.recorder, back.speaker) == (tree.m["王一"], tree.m["李二"], None)
    assert (back.start_time, back.end_time, back.place, back.held) == (dt.time(9), dt.time(10, 30), "三楼会议室", True)
    assert [(a.person, a.status, a.reason, a.observer) for a in back.attendance][-1] == (
        "上级联系人", AttendanceStatus.PRESENT, None, True)
    leave = [a for a in back.attendance if a.status is AttendanceStatus.LEAVE]
    assert [(a.person, a.reason) for a in leave] == [(tree.m["孙六"], "出差")]
    assert [(a.title, a.discussion) for a in back.agenda] == [
        ("学习党章", "王一领学，李二发言。"), ("表决工作要点", None)]
    assert back.motions == data.motions and back.resolutions == data.resolutions
    with store.sessions() as s:
        meeting = s.get(Meeting, mid)
        assert meeting is not None and meeting.host_name == "王一" and meeting.recorder_name == "李二"
        entries = s.scalars(select(AuditEntry).where(AuditEntry.id > audit_before)).all()
    assert any(e.entity == "会议" and e.action is AuditAction.CREATE for e in entries)


def test_free_text_host_recorder_and_planned_meeting_in_the_future(store: Store, tree: Tree) -> None:
    """A planned meeting (held False) may lie in the future and may have no attendance yet."""
    later = TODAY + dt.timedelta(days=20)
    mid = create_meeting(store.sessions, assembly(tree, held_on=later, held=False, attendance=[],
                                                  host="上级党委 刘同志", recorder=" 张记录 "), today=TODAY)
    back = meeting_input(store.sessions, mid)
    assert (back.held, back.held_on, back.host, back.recorder, back.attendance) == (
        False, later, "上级党委 刘同志", "张记录", [])


def test_update_replaces_children_in_place(store: Store, tree: Tree) -> None:
    """Editing changes statuses in place and replaces the agenda, motions and resolutions."""
    mid = create_meeting(store.sessions, assembly(tree, agenda=[AgendaInput("一"), AgendaInput("二")],
                                                  motions=[MotionInput("甲", yes=8)],
                                                  resolutions=[ResolutionInput("决议一")]), today=TODAY)
    data = meeting_input(store.sessions, mid)
    data.attendance = everyone(tree, BRANCH_ON_ROSTER, 钱五="请假:病假")
    data.agenda = [AgendaInput("一（改）", "讨论")]
    data.motions = []
    data.resolutions = [ResolutionInput("决议一"), ResolutionInput("决议二", completed_on=dt.date(2026, 7, 1))]
    update_meeting(store.sessions, mid, data, today=TODAY)
    back = meeting_input(store.sessions, mid)
    assert [(a.title, a.discussion) for a in back.agenda] == [("一（改）", "讨论")]
    assert back.motions == [] and [r.content for r in back.resolutions] == ["决议一", "决议二"]
    assert [a.reason for a in back.attendance if a.person == tree.m["钱五"]] == ["病假"]
    assert _count(store, AgendaItem) == 1 and _count(store, Motion) == 0 and _count(store, Resolution) == 2
    assert _count(store, Attendance) == len(BRANCH_ON_ROSTER)
    with store.sessions() as s:
        summaries = s.scalars(select(AuditEntry.summary).where(AuditEntry.entity == "会议出席")).all()
    assert any("钱五" in line and "请假" in line for line in summaries)


def test_update_keeps_people_recorded_then_who_have_left_since(store: Store, tree: Tree) -> None:
    """A correction of a held meeting keeps the attendees recorded then, even if the roster changed since."""
    mid = create_meeting(store.sessions, assembly(tree), today=TODAY)
    with store.sessions.begin() as s:
        moved = s.get(Member, tree.m["钱五"])
        assert moved is not None
        moved.organization_id, moved.group_id = tree.small, None  # moved to 二支部 after the meeting
    data = meeting_input(store.sessions, mid)
    data.place = "五楼会议室"
    update_meeting(store.sessions, mid, data, today=TODAY)
    assert meeting_input(store.sessions, mid).place == "五楼会议室"


def test_copy_from_previous_meeting(store: Store, tree: Tree) -> None:
    """从上次会议复制: same organisation, kind, place and agenda titles; roster of the new date; no votes."""
    mid = create_meeting(store.sessions, assembly(tree, agenda=[AgendaInput("学习", "发言记录")],
                                                  motions=[MotionInput("表决", yes=8)],
                                                  resolutions=[ResolutionInput("决议")]), today=TODAY)
    new = copy_meeting(store.sessions, mid, dt.date(2026, 9, 10), today=TODAY)
    copy = meeting_input(store.sessions, new)
    assert (copy.organization_id, copy.kind, copy.place, copy.host, copy.held) == (
        tree.branch, MeetingKind.GENERAL_ASSEMBLY, "三楼会议室", tree.m["王一"], False)
    assert [(a.title, a.discussion) for a in copy.agenda] == [("学习", None)]
    assert copy.motions == [] and copy.resolutions == []
    # September roster: 冯十 has left, 陈新 has transferred in; everyone prefilled as 出席.
    people = {a.person for a in copy.attendance}
    assert tree.m["陈新"] in people and tree.m["冯十"] not in people
    assert {a.status for a in copy.attendance} == {AttendanceStatus.PRESENT}
    assert copy.title == "2026年第2次支部党员大会"  # planned: ranked as if held, after the June one


def test_delete_and_restore_meeting(store: Store, tree: Tree) -> None:
    """回收站: a deleted meeting leaves the list, cannot be edited, and comes back on restore."""
    mid = create_meeting(store.sessions, assembly(tree), today=TODAY)
    delete_meeting(store.sessions, mid)
    assert list_meetings(store.sessions) == []
    assert [r.deleted for r in list_meetings(store.sessions, include_deleted=True)] == [True]
    refused(store.sessions, lambda: delete_meeting(store.sessions, mid), "回收站")
    refused(store.sessions, lambda: update_meeting(store.sessions, mid, assembly(tree), today=TODAY), "回收站", "恢复")
    refused(store.sessions, lambda: copy_meeting(store.sessions, mid, ON, today=TODAY), "回收站")
    restore_meeting(store.sessions, mid)
    assert [r.id for r in list_meetings(store.sessions)] == [mid]
    refused(store.sessions, lambda: restore_meeting(store.sessions, mid), "回收站中没有")
    with store.sessions() as s:
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "会议")).all()
    assert AuditAction.DELETE in actions and AuditAction.RESTORE in actions


# --- refusals ----------------------------------------------------------------------------------


def test_refuses_end_before_start(store: Store, tree: Tree) -> None:
    refused(store.sessions, lambda: create_meeting(
        store.sessions, assembly(tree, start_time=dt.time(10), end_time=dt.time(9, 30)), today=TODAY),
        "结束时间 09:30", "开始时间 10:00")
    mid = create_meeting(store.sessions, assembly(tree), today=TODAY)
    refused(store.sessions, lambda: update_meeting(
        store.sessions, mid, assembly(tree, end_time=dt.time(9)), today=TODAY), "不晚于开始时间")


def test_refuses_future_meeting_marked_held(store: Store, tree: Tree) -> None:
    later = TODAY + dt.timedelta(days=1)
    refused(store.sessions, lambda: create_meeting(store.sessions, assembly(tree, held_on=later), today=TODAY),
            "在今天之后", "已召开")


def test_r_meet_9_refuses_attendee_not_on_the_roster(store: Store, tree: Tree) -> None:
    """R-MEET-9: 实到 cannot exceed 应到: someone of another branch is refused unless 列席."""
    rows = [*everyone(tree, BRANCH_ON_ROSTER), AttendeeInput(tree.m["林甲"])]
    refused(store.sessions, lambda: create_meeting(store.sessions, assembly(tree, attendance=rows), today=TODAY),
            "林甲不在本次支部党员大会的应到人员名单中", "列席")
    left = [*everyone(tree, BRANCH_ON_ROSTER), AttendeeInput(tree.m["褚旧"])]  # left before the meeting
    refused(store.sessions, lambda: create_meeting(store.sessions, assembly(tree, attendance=left), today=TODAY),
            "褚旧不在")
    later = [*everyone(tree, BRANCH_ON_ROSTER), AttendeeInput(tree.m["陈新"])]  # transferred in after it
    refused(store.sessions, lambda: create_meeting(store.sessions, assembly(tree, attendance=later), today=TODAY),
            "陈新不在")
    ok = [*everyone(tree, BRANCH_ON_ROSTER), AttendeeInput(tree.m["林甲"], observer=True)]
    create_meeting(store.sessions, assembly(tree, attendance=ok), today=TODAY)


def test_r_meet_9_refuses_duplicate_attendee(store: Store, tree: Tree) -> None:
    """R-MEET-9: the same person twice would make 实到 exceed 应到."""
    rows = [*everyone(tree, BRANCH_ON_ROSTER), AttendeeInput(tree.m["王一"])]
    refused(store.sessions, lambda: create_meeting(store.sessions, assembly(tree, attendance=rows), today=TODAY),
            "王一在出席名单中出现了两次")


def test_refuses_free_text_attendee_unless_observer(store: Store, tree: Tree) -> None:
    rows = [*everyone(tree, BRANCH_ON_ROSTER), AttendeeInput("路人甲")]
    refused(store.sessions, lambda: create_meeting(store.sessions, assembly(tree, attendance=rows), today=TODAY),
            "“路人甲”", "只能登记为列席")
    blank = [*everyone(tree, BRANCH_ON_ROSTER), AttendeeInput("  ", observer=True)]
    refused(store.sessions, lambda: create_meeting(store.sessions, assembly(tree, attendance=blank), today=TODAY),
            "没有姓名")


def test_refuses_expected_attendee_as_observer_and_absent_observer(store: Store, tree: Tree) -> None:
    rows = [*everyone(tree, BRANCH_ON_ROSTER[1:]), AttendeeInput(tree.m["王一"], observer=True)]
    refused(store.sessions, lambda: create_meeting(store.sessions, assembly(tree, attendance=rows), today=TODAY),
            "王一是本次会议的应到人员，不能登记为列席")
    guest = [*everyone(tree, BRANCH_ON_ROSTER), AttendeeInput("来宾", AttendanceStatus.LEAVE, observer=True)]
    refused(store.sessions, lambda: create_meeting(store.sessions, assembly(tree, attendance=guest), today=TODAY),
            "列席人员只登记实际到会的人")


def test_r_meet_9_refuses_held_meeting_missing_expected_attendees(store: Store, tree: Tree) -> None:
    """R-MEET-9: 应到 is the whole roster; a held meeting must say for each member 出席/请假/缺席."""
    rows = everyone(tree, BRANCH_ON_ROSTER[:-2])
    refused(store.sessions, lambda: create_meeting(store.sessions, assembly(tree, attendance=rows), today=TODAY),
            "还有 2 人没有登记出席情况", "冯十", "何十四")
    create_meeting(store.sessions, assembly(tree, attendance=rows, held=False), today=TODAY)  # planned: allowed


def test_refuses_member_in_recycle_bin(store: Store, tree: Tree) -> None:
    rows = [*everyone(tree, BRANCH_ON_ROSTER), AttendeeInput(tree.m["卫删"], observer=True)]
    refused(store.sessions, lambda: create_meeting(store.sessions, assembly(tree, attendance=rows), today=TODAY),
            "卫删的党员记录在回收站中")
    refused(store.sessions, lambda: create_meeting(store.sessions, assembly(tree, host=tree.m["卫删"]), today=TODAY),
            "找不到所选的主持人")


def test_r_meet_9_refuses_more_ballots_than_voters_present(store: Store, tree: Tree) -> None:
    """R-MEET-9: 8 voters entitled, 王一 and 李二 absent: at most 6 ballots in the room, 2 written opinions."""
    rows = everyone(tree, BRANCH_ON_ROSTER, 王一="请假:出差", 李二="缺席")
    refused(store.sessions, lambda: create_meeting(store.sessions, assembly(
        tree, attendance=rows, motions=[MotionInput("甲事项", yes=5, no=1, abstain=1)]), today=TODAY),
        "表决事项“甲事项”", "表决票数（7）多于有表决权的实到人数（6）")
    refused(store.sessions, lambda: create_meeting(store.sessions, assembly(
        tree, attendance=rows, motions=[MotionInput("乙事项", yes=6, written_yes=2, written_no=1)]), today=TODAY),
        "书面意见（3 份）")
    refused(store.sessions, lambda: create_meeting(store.sessions, assembly(
        tree, attendance=rows, motions=[MotionInput("丙事项", yes=-1)]), today=TODAY), "负数")
    create_meeting(store.sessions, assembly(
        tree, attendance=rows, motions=[MotionInput("丁事项", yes=6, written_yes=1, written_no=1)]), today=TODAY)


def test_r_meet_4_refuses_party_lecture_without_speaker(store: Store, tree: Tree) -> None:
    """R-MEET-4: a 党课 names its 主讲人 (a member or a name typed in)."""
    refused(store.sessions, lambda: create_meeting(store.sessions, assembly(
        tree, kind=MeetingKind.PARTY_LECTURE, speaker="  "), today=TODAY), "党课须填写主讲人")
    mid = create_meeting(store.sessions, assembly(tree, kind=MeetingKind.PARTY_LECTURE, speaker="省委党校 王教授"),
                         today=TODAY)
    assert meeting_input(store.sessions, mid).speaker == "省委党校 王教授"


def test_r_meet_3_refuses_group_meeting_outside_a_group_and_vice_versa(store: Store, tree: Tree) -> None:
    """R-MEET-3: a 党小组会 belongs to a 党小组, and a 党小组 holds only 党小组会."""
    refused(store.sessions, lambda: create_meeting(store.sessions, assembly(
        tree, kind=MeetingKind.GROUP_MEETING), today=TODAY), "党小组会应登记在党小组下", "一支部第一党小组")
    refused(store.sessions, lambda: create_meeting(store.sessions, assembly(
        tree, organization_id=tree.small, kind=MeetingKind.GROUP_MEETING, attendance=[]), today=TODAY),
        "“二支部”下没有党小组")
    refused(store.sessions, lambda: create_meeting(store.sessions, assembly(
        tree, organization_id=tree.g1, kind=MeetingKind.THEME_DAY, attendance=everyone(tree, G1)), today=TODAY),
        "是党小组，只能登记党小组会", "一支部")


def test_r_meet_2_refuses_committee_meeting_without_a_committee(store: Store, tree: Tree) -> None:
    """R-MEET-2 / R-ORG-3: a branch with only a 书记 has no 支部委员会 to meet."""
    refused(store.sessions, lambda: create_meeting(store.sessions, assembly(
        tree, organization_id=tree.small, kind=MeetingKind.COMMITTEE_MEETING, attendance=[]), today=TODAY),
        "“二支部”", "没有委员会", "班子成员 1 人")
    early = dt.date(2023, 12, 1)  # before 一支部's committee was seated
    refused(store.sessions, lambda: create_meeting(store.sessions, assembly(
        tree, kind=MeetingKind.COMMITTEE_MEETING, held_on=early, attendance=[]), today=TODAY), "班子成员 0 人")
    create_meeting(store.sessions, assembly(tree, kind=MeetingKind.COMMITTEE_MEETING,
                                            attendance=everyone(tree, COMMITTEE)), today=TODAY)


def test_refuses_dissolved_or_unknown_organisation(store: Store, tree: Tree) -> None:
    refused(store.sessions, lambda: create_meeting(store.sessions, assembly(
        tree, organization_id=tree.gone, attendance=[]), today=TODAY), "“三支部”已于2026年1月1日撤销")
    refused(store.sessions, lambda: create_meeting(store.sessions, assembly(
        tree, organization_id=9999, attendance=[]), today=TODAY), "找不到该党组织")
    refused(store.sessions, lambda: create_meeting(store.sessions, assembly(
        tree, held_on=dt.date(1999, 1, 5), attendance=[], held=False), today=TODAY), "早于“一支部”的成立日期")
    # A meeting held before the 撤销 can still be recorded.
    create_meeting(store.sessions, assembly(tree, organization_id=tree.gone, held_on=dt.date(2025, 12, 1),
                                            attendance=[AttendeeInput(tree.m["外援"])]), today=TODAY)


def test_refuses_blank_rows_and_bad_dates_in_the_form(store: Store, tree: Tree) -> None:
    cases = [
        (assembly(tree, agenda=[AgendaInput("学习"), AgendaInput("  ")]), "第 2 个议题没有填写题目"),
        (assembly(tree, motions=[MotionInput("")]), "第 1 个表决事项没有填写名称"),
        (assembly(tree, resolutions=[ResolutionInput(" ")]), "第 1 条决议没有内容"),
        (assembly(tree, resolutions=[ResolutionInput("决议", completed_on=TODAY + dt.timedelta(days=3))]),
         "完成日期 2026年11月29日 在今天之后"),
        (assembly(tree, resolutions=[ResolutionInput("决议", completed_on=ON - dt.timedelta(days=1))]),
         "早于会议日期"),
        (assembly(tree, title="长" * 301), "会议标题太长（301 字）"),
    ]
    for data, fragment in cases:
        refused(store.sessions, lambda data=data: create_meeting(store.sessions, data, today=TODAY), fragment)


def test_refused_update_leaves_everything_as_it_was(store: Store, tree: Tree) -> None:
    mid = create_meeting(store.sessions, assembly(tree, agenda=[AgendaInput("学习")]), today=TODAY)
    before = dump(store.sessions)
    bad = meeting_input(store.sessions, mid)
    bad.agenda = [AgendaInput("新议题")]
    bad.attendance = [*bad.attendance, AttendeeInput("路人")]
    refused(store.sessions, lambda: update_meeting(store.sessions, mid, bad, today=TODAY), "只能登记为列席")
    assert dump(store.sessions) == before
    refused(store.sessions, lambda: update_meeting(store.sessions, 9999, bad, today=TODAY), "找不到该会议记录")
