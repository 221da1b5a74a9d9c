"""Listing meetings, their 第N次 numbering and default titles (rules.md §2)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from djdesk.domain.enums import AttendanceStatus, MeetingKind, OrgKind
from djdesk.domain.errors import InputError
from djdesk.services.meeting_attendance import org_subtree
from djdesk.store.engine import SessionFactory
from djdesk.store.models import Attendance, Meeting, Organization


@dataclass(frozen=True)
class MeetingRow:
    id: int
    kind: MeetingKind
    title: str
    org_id: int
    organisation: str  # short name (or the full name when there is none)
    organisation_full: str
    held_on: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    place: str | None
    expected: int  # 应到: recorded attendees, 列席 not counted
    present: int  # 实到
    held: bool  # False: planned only
    deleted: bool  # in the 回收站


def kind_title(org_kind: OrgKind, kind: MeetingKind) -> str:
    """The meeting's name for this kind of organisation: a 党总支 holds a 党员大会 and a 党总支委员会会议."""
    if org_kind.is_branch or org_kind is OrgKind.GROUP:
        return kind.label
    if kind is MeetingKind.GENERAL_ASSEMBLY:
        return "党员大会"
    if kind is MeetingKind.COMMITTEE_MEETING:
        return f"{org_kind.label}委员会会议"
    return kind.label


def default_title(org: Organization | OrgKind, kind: MeetingKind, held_on: dt.date, sequence: int) -> str:
    """``2025年第3次支部党员大会``: the title given to a meeting entered without one."""
    org_kind = org if isinstance(org, OrgKind) else org.kind
    return f"{held_on.year}年第{sequence}次{kind_title(org_kind, kind)}"


def sequence_in_year(session: Session, org_id: int, kind: MeetingKind, held_on: dt.date, meeting_id: int | None) -> int:
    """第N次: the rank by (date, id) among the live *held* meetings of that kind held by that organisation in that
    calendar year; a planned meeting is ranked as if it were held, one not yet saved (``meeting_id`` None) comes
    last on its day. The same reading as ``meeting_detail``."""
    rows = session.execute(select(Meeting.id, Meeting.held_on).where(
        Meeting.organization_id == org_id, Meeting.kind == kind, Meeting.deleted_at.is_(None),
        Meeting.held.is_(True), Meeting.held_on >= dt.date(held_on.year, 1, 1),
        Meeting.held_on <= dt.date(held_on.year, 12, 31),
    )).all()
    own = (held_on, meeting_id if meeting_id is not None else 1 << 62)
    return 1 + sum(1 for mid, on in rows if mid != meeting_id and (on, mid) < own)


def meeting_sequence(sessions: SessionFactory, meeting: int | Meeting) -> int:
    """第N次 of that kind in that organisation in that calendar year, by date (R-MEET-1 … R-MEET-11)."""
    with sessions() as session:
        found = session.get(Meeting, meeting) if isinstance(meeting, int) else meeting
        if found is None:
            raise InputError("找不到该会议记录，可能已被删除。请刷新后再试。")
        return sequence_in_year(session, found.organization_id, found.kind, found.held_on, found.id)


def list_meetings(
    sessions: SessionFactory,
    *,
    year: int | None = None,
    org_id: int | None = None,
    include_children: bool = True,
    kind: MeetingKind | None = None,
    include_deleted: bool = False,
) -> list[MeetingRow]:
    """Meetings, newest first. ``org_id`` with ``include_children`` also lists the meetings of the organisations
    under it (a branch's 党小组会, a 党总支's branches); ``include_deleted`` adds those in the 回收站."""
    counted = Attendance.observer.is_(False)
    tally = (
        select(
            Attendance.meeting_id.label("meeting_id"),
            func.sum(case((counted, 1), else_=0)).label("expected"),
            func.sum(case((and_(counted, Attendance.status == AttendanceStatus.PRESENT), 1), else_=0))
            .label("present"),
        )
        .group_by(Attendance.meeting_id)
        .subquery()
    )
    stmt = (
        select(Meeting, Organization.name, Organization.short_name, tally.c.expected, tally.c.present)
        .join(Organization, Organization.id == Meeting.organization_id)
        .outerjoin(tally, tally.c.meeting_id == Meeting.id)
        .order_by(Meeting.held_on.desc(), Meeting.start_time.desc(), Meeting.id.desc())
    )
    if year is not None:
        stmt = stmt.where(Meeting.held_on >= dt.date(year, 1, 1), Meeting.held_on <= dt.date(year, 12, 31))
    if kind is not None:
        stmt = stmt.where(Meeting.kind == kind)
    if not include_deleted:
        stmt = stmt.where(Meeting.deleted_at.is_(None))
    with sessions() as session:
        if org_id is not None:
            if session.get(Organization, org_id) is None:
                raise InputError("找不到该党组织，它可能已被删除。请刷新后重新选择组织。")
            ids = org_subtree(session, org_id) if include_children else {org_id}
            stmt = stmt.where(Meeting.organization_id.in_(ids))
        return [
            MeetingRow(
                m.id, m.kind, m.title, m.organization_id, short or name, name, m.held_on, m.start_time, m.end_time,
                m.place, int(expected or 0), int(present or 0), bool(m.held), m.deleted_at is not None,
            )
            for m, name, short, expected, present in session.execute(stmt)
        ]
