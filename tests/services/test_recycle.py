"""回收站 (``services.recycle``): deleted 党员, 会议 and 谈心谈话, restored or purged for good.

Only a record already in the 回收站 can be 彻底删除; every refusal is in Chinese and leaves the database
as it was; the 操作日志 keeps a 彻底删除 line naming the record (never its ID or phone number).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy import select, text

from djdesk.domain.enums import AuditAction, MemberCategory, TalkKind
from djdesk.services.database import Store
from djdesk.services.meetings import create_meeting, delete_meeting
from djdesk.services.member_status import delete_member
from djdesk.services.members import list_members
from djdesk.services.recycle import BinItem, list_bin, purge, restore
from djdesk.services.talks import TalkInput, create_talk, delete_talk, list_talks
from djdesk.store.engine import SessionFactory
from djdesk.store.models import Attendance, AuditEntry, CommitteeSeat, Meeting, Member, Talk, TalkParticipant
from tests.services.refusals import RefusalCheck
from tests.services.test_meetings_support import TODAY, Tree, assembly, build_tree

TABLES = ("members", "meetings", "meeting_attendance", "agenda_items", "talks", "talk_participants",
          "committee_seats", "member_events")
ID_NUMBER = "110101198003074514"
PHONE = "13812345678"
TALK_DAY = dt.date(2026, 5, 20)


@dataclass
class Binned:
    tree: Tree
    meeting: int
    talk: int
    member: int  # 张三: a 宣传委员 who attended the meeting and took part in the talk


CHECK = RefusalCheck(TABLES)
dump, refused = CHECK.dump, CHECK.refused


def set_deleted_at(sessions: SessionFactory, table: str, row_id: int, when: dt.datetime) -> None:
    """Pin the deletion time (a plain SQL update: no 操作日志 line)."""
    with sessions.begin() as session:
        session.execute(text(f"UPDATE {table} SET deleted_at = :at WHERE id = :id"), {"at": when, "id": row_id})


def audit(sessions: SessionFactory, action: AuditAction | None = None) -> list[AuditEntry]:
    with sessions() as session:
        stmt = select(AuditEntry).order_by(AuditEntry.id)
        if action is not None:
            stmt = stmt.where(AuditEntry.action == action)
        return list(session.scalars(stmt))


@pytest.fixture
def binned(store: Store) -> Binned:
    """One of each kind in the 回收站 (besides 卫删 from the tree), deleted in a known order."""
    tree = build_tree(store.sessions)
    meeting = create_meeting(store.sessions, assembly(tree, title="第二季度党员大会"), today=TODAY)
    talk = create_talk(store.sessions, TalkInput(TALK_DAY, TalkKind.AMONG_MEMBERS, [tree.m["张三"], tree.m["李二"]],
                                                 "思想交流"), today=TODAY)
    delete_meeting(store.sessions, meeting)
    delete_talk(store.sessions, talk)
    delete_member(store.sessions, tree.m["张三"])
    set_deleted_at(store.sessions, "members", tree.m["卫删"], dt.datetime(2026, 11, 1, 9, 0))
    set_deleted_at(store.sessions, "meetings", meeting, dt.datetime(2026, 11, 2, 9, 0))
    set_deleted_at(store.sessions, "talks", talk, dt.datetime(2026, 11, 3, 9, 0))
    set_deleted_at(store.sessions, "members", tree.m["张三"], dt.datetime(2026, 11, 4, 9, 0))
    return Binned(tree, meeting, talk, tree.m["张三"])


def test_list_bin_shows_every_kind_most_recent_first(store: Store, binned: Binned) -> None:
    items = list_bin(store.sessions)
    assert items == [
        BinItem("党员", binned.member, "张三", "一支部", dt.datetime(2026, 11, 4, 9, 0)),
        BinItem("谈心谈话", binned.talk, "党员之间 思想交流", "2026-05-20", dt.datetime(2026, 11, 3, 9, 0)),
        BinItem("会议", binned.meeting, "第二季度党员大会", "一支部 2026-06-10", dt.datetime(2026, 11, 2, 9, 0)),
        BinItem("党员", binned.tree.m["卫删"], "卫删", "一支部", dt.datetime(2026, 11, 1, 9, 0)),
    ]


def test_empty_bin(store: Store) -> None:
    assert list_bin(store.sessions) == []


def test_restore_each_kind(store: Store, binned: Binned) -> None:
    restore(store.sessions, "党员", binned.member)
    restore(store.sessions, "会议", binned.meeting)
    restore(store.sessions, "谈心谈话", binned.talk)
    assert [(i.kind, i.title) for i in list_bin(store.sessions)] == [("党员", "卫删")]
    assert "张三" in {m.name for m in list_members(store.sessions)}
    assert [t.id for t in list_talks(store.sessions)] == [binned.talk]
    with store.sessions() as session:
        assert session.get_one(Meeting, binned.meeting).deleted_at is None
    restored = audit(store.sessions, AuditAction.RESTORE)
    assert [(e.entity, e.entity_id) for e in restored] == [
        ("党员", str(binned.member)), ("会议", str(binned.meeting)), ("谈心谈话", str(binned.talk))]
    assert all(e.summary.startswith("从回收站恢复") for e in restored)


def test_restore_of_a_record_not_in_the_bin_is_refused(store: Store, binned: Binned) -> None:
    live_member = binned.tree.m["李二"]
    for kind, item_id in (("党员", live_member), ("党员", 9999), ("会议", 9999), ("谈心谈话", 9999)):
        message = refused(store.sessions, lambda k=kind, i=item_id: restore(store.sessions, k, i), "回收站中没有")
        assert "请刷新后再试" in message
    restore(store.sessions, "会议", binned.meeting)
    refused(store.sessions, lambda: restore(store.sessions, "会议", binned.meeting), "回收站中没有这条记录")


def test_restore_of_a_member_whose_id_number_was_entered_again_is_refused(store: Store) -> None:
    tree = build_tree(store.sessions)
    with store.sessions.begin() as session:
        session.get_one(Member, tree.m["卫删"]).id_number = ID_NUMBER
        session.add(Member(name="卫新", organization_id=tree.branch, category=MemberCategory.FULL,
                           joined_on=dt.date(2000, 1, 1), id_number=ID_NUMBER))
    message = refused(store.sessions, lambda: restore(store.sessions, "党员", tree.m["卫删"]), "身份证号相同")
    assert message == "已有身份证号相同的党员（卫新），不能恢复。请先核对这两条记录。"
    assert ID_NUMBER not in message


def test_unknown_kind_is_refused(store: Store, binned: Binned) -> None:
    refused(store.sessions, lambda: purge(store.sessions, "组织", binned.member), "回收站中没有“组织”这类记录")
    refused(store.sessions, lambda: restore(store.sessions, "组织", binned.member), "回收站中没有“组织”这类记录")


def test_purge_only_from_the_bin(store: Store, binned: Binned) -> None:
    restore(store.sessions, "会议", binned.meeting)
    cases = [("会议", binned.meeting), ("党员", binned.tree.m["李二"]), ("谈心谈话", 9999), ("党员", 9999)]
    for kind, item_id in cases:
        message = refused(store.sessions, lambda k=kind, i=item_id: purge(store.sessions, k, i), "只能彻底删除")
        assert message == "只能彻底删除回收站中的记录。请先删除（移入回收站），再彻底删除。"
    with store.sessions() as session:
        assert session.get(Meeting, binned.meeting) is not None


def test_purge_meeting_removes_it_with_its_attendance(store: Store, binned: Binned) -> None:
    purge(store.sessions, "会议", binned.meeting)
    with store.sessions() as session:
        assert session.get(Meeting, binned.meeting) is None
        assert session.scalars(select(Attendance).where(Attendance.meeting_id == binned.meeting)).all() == []
    assert "会议" not in {i.kind for i in list_bin(store.sessions)}
    last = audit(store.sessions)[-1]
    assert (last.entity, last.entity_id, last.action) == ("会议", str(binned.meeting), AuditAction.PURGE)
    assert last.summary == "彻底删除会议：第二季度党员大会"
    # Gone for good: neither restorable nor purgeable again.
    refused(store.sessions, lambda: restore(store.sessions, "会议", binned.meeting), "回收站中没有")
    refused(store.sessions, lambda: purge(store.sessions, "会议", binned.meeting), "只能彻底删除回收站中的记录")


def test_purge_talk_removes_its_participants(store: Store, binned: Binned) -> None:
    purge(store.sessions, "谈心谈话", binned.talk)
    with store.sessions() as session:
        assert session.get(Talk, binned.talk) is None
        assert session.scalars(select(TalkParticipant).where(TalkParticipant.talk_id == binned.talk)).all() == []
    last = audit(store.sessions)[-1]
    assert (last.entity, last.action) == ("谈心谈话", AuditAction.PURGE)
    assert last.summary == "彻底删除谈心谈话：党员之间 思想交流"


def test_purge_member_keeps_the_names_in_minutes_and_committee(store: Store, binned: Binned) -> None:
    """The person's name stays in the meeting's attendance, the talk and the committee list."""
    restore(store.sessions, "会议", binned.meeting)
    restore(store.sessions, "谈心谈话", binned.talk)
    purge(store.sessions, "党员", binned.member)
    with store.sessions() as session:
        assert session.get(Member, binned.member) is None
        names = {a.person_name: a.member_id for a in session.scalars(
            select(Attendance).where(Attendance.meeting_id == binned.meeting))}
        assert "张三" in names and names["张三"] is None
        people = {p.person_name: p.member_id for p in session.scalars(
            select(TalkParticipant).where(TalkParticipant.talk_id == binned.talk))}
        assert people == {"张三": None, "李二": binned.tree.m["李二"]}
        seat = session.scalars(select(CommitteeSeat).where(CommitteeSeat.person_name == "张三")).one()
        assert seat.member_id is None
    assert [(i.kind, i.title) for i in list_bin(store.sessions)] == [("党员", "卫删")]
    last = audit(store.sessions)[-1]
    assert (last.entity, last.action, last.summary) == ("党员", AuditAction.PURGE, "彻底删除党员：张三")


def test_purge_of_a_member_logs_no_id_or_phone_digits(store: Store) -> None:
    tree = build_tree(store.sessions)
    with store.sessions.begin() as session:
        member = session.get_one(Member, tree.m["卫删"])
        member.id_number, member.phone = ID_NUMBER, PHONE
    purge(store.sessions, "党员", tree.m["卫删"])
    entries = audit(store.sessions)
    assert entries[-1].summary == "彻底删除党员：卫删"
    for entry in entries:
        for secret in (ID_NUMBER, PHONE):
            assert secret[-6:] not in entry.summary, entry.summary
