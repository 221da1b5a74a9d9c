"""The read model of meetings: everything the minutes, sign-in sheet, notice and record book print
about one meeting, as plain frozen data. No Qt; no document libraries.

:func:`load_meeting` reads one meeting; :func:`load_meetings` every held meeting of an organisation
in a year with ONE fixed set of queries (the record book and the benchmark read 50–100 at once).
Soft-deleted meetings do not exist here; a planned one (``held`` False) loads without a verdict.

* 第N次: rank among the *held* meetings of the same kind, organisation and calendar year, by date
  then id (a planned meeting ranked as if held). A 党小组会 recorded on its branch belongs to the
  党小组 whose name starts its title, and is numbered and titled per 党小组.
* Voting rights, quorum and motion results are the meeting editor's, from
  :mod:`djdesk.services.meeting_attendance` (:func:`has_vote`, :func:`quorum_rule`, :func:`summarize`):
  预备党员 on the meeting day (转正 later), members whose 党籍 was 停止 that day and members inside a
  留党察看 period have no vote (R-MEET-9); a name not linked to a member counts as a voter. R-MEET-9 for a
  支部党员大会, 组织生活会 or 民主评议党员会议 (every member is expected, whatever the title), R-MEET-10 for a
  支部委员会会议, none else.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from typing import Any, NamedTuple, Protocol, TypeVar

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session, aliased

from djdesk.domain.enums import (
    AttendanceStatus,
    CommitteeRole,
    MeetingKind,
    MemberCategory,
    MemberEventKind,
    OrgKind,
    PartyStanding,
)
from djdesk.domain.errors import InputError
from djdesk.domain.quorum import Ballot
from djdesk.services.meeting_attendance import (
    VOTE_EVENT_KINDS,
    AttendeeLine,
    VoterFacts,
    committee_roster,
    full_member_on,
    group_named_in,
    has_vote,
    quorum_rule,
    summarize,
)
from djdesk.services.meeting_record import AgendaLine, Attendee, MeetingDetail, MotionLine, ResolutionLine
from djdesk.services.org_info import current_seats
from djdesk.store.engine import SessionFactory
from djdesk.store.models import (
    AgendaItem,
    Attendance,
    CommitteeSeat,
    Meeting,
    Member,
    MemberEvent,
    Motion,
    Organization,
    Resolution,
)

# Built once: making aliases per call costs more than the queries (see benchmarks/documents.py).
_HOST, _RECORDER, _SPEAKER = (aliased(Member, name=n) for n in ("host", "recorder", "speaker"))


# --- loading -------------------------------------------------------------------------------------


def _year_range(year: int) -> ColumnElement[bool]:
    return (Meeting.held_on >= dt.date(year, 1, 1)) & (Meeting.held_on < dt.date(year + 1, 1, 1))


def _group_of(title: str, org: Organization, groups: list[Organization]) -> Organization | None:
    return org if org.kind is OrgKind.GROUP else group_named_in(title, groups, org)


def _text(value: str | None) -> str:
    return (value or "").strip()


def _load(session: Session, org_id: int, year: int, only: int | None) -> list[MeetingDetail]:
    """The details of the meetings of ``org_id`` in ``year`` (held ones), or of meeting ``only``."""
    org = session.get(Organization, org_id)
    if org is None:
        return []
    host, rec, spk = _HOST, _RECORDER, _SPEAKER
    live = Meeting.deleted_at.is_(None) & (Meeting.organization_id == org_id)
    # All meetings of the organisation and year, for 第N次 (ids and dates only).
    siblings = session.execute(
        select(Meeting.id, Meeting.kind, Meeting.held_on, Meeting.held, Meeting.title).where(live & _year_range(year))
    ).all()
    need_groups = org.kind is not OrgKind.GROUP and any(r.kind is MeetingKind.GROUP_MEETING for r in siblings)
    groups = list(session.scalars(select(Organization).where(  # a branch that records its 党小组's meetings
        Organization.parent_id == org_id, Organization.kind == OrgKind.GROUP))) if need_groups else []
    wanted: ColumnElement[bool] = (Meeting.id == only) if only is not None else (
        live & _year_range(year) & Meeting.held.is_(True))
    rows = session.execute(
        select(Meeting, host.name, rec.name, spk.name)
        .outerjoin(host, host.id == Meeting.host_member_id)
        .outerjoin(rec, rec.id == Meeting.recorder_member_id)
        .outerjoin(spk, spk.id == Meeting.speaker_member_id)
        .where(wanted).order_by(Meeting.held_on, Meeting.id)
    ).all()
    ids = select(Meeting.id).where(wanted).scalar_subquery()

    attendance: dict[int, list[Any]] = defaultdict(list)  # rows: plain columns, no ORM objects (speed)
    for row in session.execute(
        select(Attendance.meeting_id, Attendance.person_name, Attendance.status, Attendance.reason,
               Attendance.observer, Member.id, Member.category, Member.confirmed_on, Member.standing,
               Member.party_position)
        .outerjoin(Member, Member.id == Attendance.member_id)
        .where(Attendance.meeting_id.in_(ids)).order_by(Attendance.id)
    ):
        attendance[row.meeting_id].append(row)
    member_ids = {row.id for rows_ in attendance.values() for row in rows_ if row.id is not None}
    events: dict[int, list[_Event]] = defaultdict(list)
    if member_ids:
        for member_id, day, kind in session.execute(
            select(MemberEvent.member_id, MemberEvent.occurred_on, MemberEvent.kind)
            .where(MemberEvent.member_id.in_(select(Attendance.member_id).where(Attendance.meeting_id.in_(ids))),
                   MemberEvent.kind.in_(VOTE_EVENT_KINDS))
            .order_by(MemberEvent.occurred_on, MemberEvent.id)
        ):
            events[member_id].append(_Event(kind, day))
    seats = list(session.scalars(select(CommitteeSeat).where(CommitteeSeat.organization_id == org_id)))
    agenda = _by_meeting(session, AgendaItem, ids)
    motions = _by_meeting(session, Motion, ids)
    resolutions = _by_meeting(session, Resolution, ids)

    # 第N次: held meetings per (organisation or 党小组, kind), sorted by (date, id).
    ranks: dict[tuple[int, MeetingKind], list[tuple[dt.date, int]]] = defaultdict(list)
    for sibling in siblings:
        if sibling.held:
            holder = _group_of(sibling.title, org, groups) if sibling.kind is MeetingKind.GROUP_MEETING else None
            ranks[(holder.id if holder else org_id, sibling.kind)].append((sibling.held_on, sibling.id))
    for keys in ranks.values():
        keys.sort()

    details: list[MeetingDetail] = []
    for meeting, host_name, rec_name, spk_name in rows:
        group = _group_of(meeting.title, org, groups) if meeting.kind is MeetingKind.GROUP_MEETING else None
        if group is org:
            group = None
        ordered = ranks.get((group.id if group else org_id, meeting.kind), [])
        key = (meeting.held_on, meeting.id)
        sequence = bisect.bisect_left(ordered, key) + 1
        seated = current_seats(seats, meeting.held_on)
        roles = {s.member_id: s.role for s in seated if s.member_id is not None}
        people: list[Attendee] = []
        observers: list[Attendee] = []
        lines: list[AttendeeLine] = []  # what meeting_attendance.summarize judges
        for row in attendance.get(meeting.id, []):
            facts = _Facts(row.id, row.category, row.confirmed_on, row.standing, row.party_position,
                           tuple(events.get(row.id, ()))) if row.id is not None else None
            person = person_on(row.person_name, facts, roles, meeting.held_on, status=row.status, reason=row.reason,
                               observer=row.observer)
            (observers if row.observer else people).append(person)
            lines.append(AttendeeLine(person.member_id, person.name, row.status, row.reason, row.observer,
                                      person.voting and not row.observer))
        details.append(_detail(meeting, org, group, sequence, people, observers, lines,
                               committee_roster(meeting.kind, len(seated)), (host_name, rec_name, spk_name),
                               agenda, motions, resolutions))
    return details


_Child = TypeVar("_Child", AgendaItem, Motion, Resolution)


def _by_meeting(session: Session, model: type[_Child], ids: Any) -> dict[int, list[_Child]]:
    """Rows of ``model`` (agenda, motions, resolutions) of the meetings ``ids``, by meeting, in order."""
    found: dict[int, list[_Child]] = defaultdict(list)
    for child in session.scalars(select(model).where(model.meeting_id.in_(ids)).order_by(model.seq, model.id)):
        found[child.meeting_id].append(child)
    return found


class MemberFacts(VoterFacts, Protocol):
    """What :func:`person_on` reads of a member: a :class:`Member`, or plain data with these fields."""

    @property
    def id(self) -> int: ...

    @property
    def party_position(self) -> str | None: ...


class _Event(NamedTuple):
    kind: MemberEventKind
    occurred_on: dt.date


class _Facts(NamedTuple):
    """A member as read by the batched queries of :func:`_load` (no ORM objects, for speed)."""

    id: int
    category: MemberCategory
    confirmed_on: dt.date | None
    standing: PartyStanding
    party_position: str | None
    events: tuple[_Event, ...]  # 停止/恢复党籍, 留党察看/恢复党员权利, in date order


def person_on(name: str, member: MemberFacts | None, roles: Mapping[int, CommitteeRole], on: dt.date, *,
              status: AttendanceStatus | None = None, reason: str | None = None, observer: bool = False) -> Attendee:
    """``member`` as an attendee on day ``on``: category, role (``roles``: committee seats) and
    voting right (R-MEET-9: :func:`meeting_attendance.has_vote`)."""
    if member is None:
        category, role, voting = "", "", True
    else:
        full = full_member_on(member, on)
        category = MemberCategory.FULL.label if full else MemberCategory.PROBATIONARY.label
        seat_role = roles.get(member.id)
        role = seat_role.label if seat_role else _text(member.party_position)
        voting = has_vote(member, on)  # R-MEET-9: 预备党员, 停止党籍 and 留党察看 have no vote
    return Attendee(name=name.strip(), member_id=member.id if member else None, category=category, role=role,
                    status=status, reason=_text(reason), voting=voting, observer=observer)


def _detail(
    meeting: Meeting, org: Organization, group: Organization | None, sequence: int,
    people: list[Attendee], observers: list[Attendee], lines: list[AttendeeLine], committee: bool,
    names: tuple[str | None, str | None, str | None],
    agenda: dict[int, list[AgendaItem]], motions: dict[int, list[Motion]], resolutions: dict[int, list[Resolution]],
) -> MeetingDetail:
    voted = motions.get(meeting.id, [])
    summary = summarize(meeting.kind, lines, [(m.title, Ballot(m.yes, m.no, m.abstain, m.written_yes, m.written_no,
                                                               m.written_abstain)) for m in voted], held=meeting.held)
    verdict = summary.quorum  # R-MEET-9 / R-MEET-10, as in the meeting editor
    motion_lines = [MotionLine(m.seq, m.title, m.yes, m.no, m.abstain, m.written_yes, m.written_no, m.written_abstain,
                               outcome.verdict.valid, outcome.verdict.text)
                    for m, outcome in zip(voted, summary.motions, strict=True)]
    host_name, rec_name, spk_name = names
    return MeetingDetail(
        id=meeting.id, org_id=org.id, org_name=org.name, org_short_name=org.short_name or org.name,
        org_kind=org.kind, unit_name=_text(org.unit_name),
        group_name=(group.short_name or group.name) if group else "", group_full_name=group.name if group else "",
        kind=meeting.kind, title=meeting.title.strip(), sequence=sequence, held_on=meeting.held_on,
        held=meeting.held, start_time=meeting.start_time, end_time=meeting.end_time, place=_text(meeting.place),
        host=_text(meeting.host_name or host_name), recorder=_text(meeting.recorder_name or rec_name),
        speaker=_text(meeting.speaker_name or spk_name),
        attendees=tuple(people), observers=tuple(observers), entitled_voting=summary.entitled_voting,
        present_voting=summary.present_voting, quorum_rule=quorum_rule(meeting.kind),
        quorum=verdict.text if verdict else "", quorum_valid=verdict.valid if verdict else None,
        agenda=tuple(AgendaLine(a.seq, a.title.strip(), _text(a.discussion)) for a in agenda.get(meeting.id, [])),
        motions=tuple(motion_lines),
        resolutions=tuple(ResolutionLine(r.seq, r.content.strip(), _text(r.owner_name), r.due_on, _text(r.progress),
                                         r.completed_on) for r in resolutions.get(meeting.id, [])),
        content=_text(meeting.content), note=_text(meeting.note), committee_roster=committee,
    )


def load_meeting(sessions: SessionFactory, meeting_id: int) -> MeetingDetail:
    """Everything about meeting ``meeting_id``; InputError if there is no such meeting (or it is
    in the 回收站)."""
    with sessions() as session:
        found = session.execute(
            select(Meeting.organization_id, Meeting.held_on)
            .where(Meeting.id == meeting_id, Meeting.deleted_at.is_(None))
        ).first()
        if found is None:
            raise InputError(f"找不到编号为 {meeting_id} 的会议（可能已被删除）。请在会议页核对会议编号。")
        details = _load(session, found.organization_id, found.held_on.year, meeting_id)
    return details[0]


def load_meetings(sessions: SessionFactory, org_id: int, year: int) -> list[MeetingDetail]:
    """The held meetings of organisation ``org_id`` in ``year``, by date then id (one set of queries)."""
    with sessions() as session:
        return _load(session, org_id, year, None)


__all__ = [
    "AgendaLine", "Attendee", "MeetingDetail", "MemberFacts", "MotionLine", "ResolutionLine",
    "load_meeting", "load_meetings", "person_on",
]
