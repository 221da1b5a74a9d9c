"""R-MEET-12: 双重组织生活 — leading cadres attend the organisational life of their own branch."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from djdesk.domain.enums import AttendanceStatus, RosterStatus
from djdesk.domain.names import stroke_sort_key
from djdesk.services.meeting_attendance import MEMBER_KINDS, display_name, on_roster
from djdesk.store.engine import SessionFactory
from djdesk.store.models import Attendance, Meeting, Member


@dataclass(frozen=True)
class CadreAttendance:
    """A leading cadre's organisational life in their own branch (and 党小组) in one year (R-MEET-12)."""

    member_id: int
    name: str
    admin_position: str | None
    branch: str
    expected: int  # meetings held that they were expected at
    attended: int
    leave: int
    absent: int  # includes meetings where they were not recorded at all
    attended_on: tuple[dt.date, ...]
    missed: tuple[tuple[dt.date, str, str], ...]  # (date, kind label, 请假：reason / 缺席 / 未登记)


def leading_cadre_attendance(sessions: SessionFactory, year: int) -> list[CadreAttendance]:
    """R-MEET-12: for each member flagged 领导干部, the meetings of their own branch they were expected at.

    Expected: the held meetings of the year of their branch that every member attends (党员大会, 党课, 主题党日,
    组织生活会, 民主评议, 其他), those of their 党小组, and any meeting of either where they are recorded as an
    expected attendee (e.g. the 支委会 of a cadre on the committee). 列席 elsewhere does not count.
    Three queries in all, however many cadres there are."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    result = []
    with sessions() as session:
        leaders = session.scalars(select(Member).options(selectinload(Member.organization)).where(
            Member.is_leading_cadre.is_(True), Member.deleted_at.is_(None),
            Member.roster_status == RosterStatus.ACTIVE)).all()
        own = {leader.id: {leader.organization_id, *([leader.group_id] if leader.group_id is not None else [])}
               for leader in leaders}
        by_org: dict[int, list[Meeting]] = defaultdict(list)
        for meeting in session.scalars(select(Meeting).where(
                Meeting.organization_id.in_(set().union(*own.values())), Meeting.deleted_at.is_(None),
                Meeting.held.is_(True), Meeting.held_on >= first, Meeting.held_on <= last)):
            by_org[meeting.organization_id].append(meeting)
        meeting_ids = [m.id for ms in by_org.values() for m in ms]
        rows = {(a.member_id, a.meeting_id): a for a in session.scalars(select(Attendance).where(
            Attendance.member_id.in_(list(own)), Attendance.observer.is_(False),
            Attendance.meeting_id.in_(meeting_ids)))}
        for leader in leaders:
            attended: list[dt.date] = []
            missed: list[tuple[dt.date, str, str]] = []
            leave = absent = 0
            meetings = sorted((m for org in own[leader.id] for m in by_org[org]), key=lambda m: (m.held_on, m.id))
            for meeting in meetings:
                row = rows.get((leader.id, meeting.id))
                everyone = meeting.kind in MEMBER_KINDS or meeting.organization_id == leader.group_id
                if row is None and not (everyone and on_roster(leader, meeting.held_on)):
                    continue
                if row is not None and row.status is AttendanceStatus.PRESENT:
                    attended.append(meeting.held_on)
                    continue
                if row is not None and row.status is AttendanceStatus.LEAVE:
                    leave += 1
                    what = f"请假：{row.reason}" if row.reason else "请假"
                else:
                    absent += 1
                    what = "缺席" if row is not None else "未登记"
                missed.append((meeting.held_on, meeting.kind.label, what))
            result.append(CadreAttendance(
                leader.id, leader.name, leader.admin_position, display_name(leader.organization),
                len(attended) + len(missed), len(attended), leave, absent, tuple(attended), tuple(missed),
            ))
    result.sort(key=lambda c: (stroke_sort_key(c.name), c.member_id))
    return result
