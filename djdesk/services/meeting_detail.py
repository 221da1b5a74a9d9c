"""The read model of meetings: everything the minutes, sign-in sheet, notice and record book print
about one meeting, as plain frozen data. No Qt; no document libraries.

:func:`load_meeting` reads one meeting; :func:`load_meetings` every held meeting of an organisation
in a year with ONE fixed set of queries (the record book and the benchmark read 50–100 at once).
Soft-deleted meetings do not exist here; a planned one (``held`` False) loads without a verdict.

* 第N次: rank among the *held* meetings of the same kind, organisation and calendar year, by date
  then id (a planned meeting ranked as if held). A 党小组会 recorded on its branch belongs to the
  党小组 whose name starts its title, and is numbered and titled per 党小组.
* Voting rights (R-MEET-9): 预备党员 on the meeting day (转正 later) and members whose 党籍 was
  停止 that day have no vote. 留党察看 is not recorded, so the clerk must correct by hand. A name
  not linked to a member counts as a voter.
* Quorum: R-MEET-9 for a 支部党员大会, and for a 组织生活会/民主评议党员会议 held as a 党员大会 (on
  a branch, its title not naming a 支委会/党小组); R-MEET-10 for a 支部委员会会议; none else.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Protocol, TypeVar

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
from djdesk.domain.quorum import Ballot, Verdict, assembly_quorum, committee_quorum, motion_result
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
ASSEMBLY_LIKE: Final = frozenset({MeetingKind.LIFE_MEETING, MeetingKind.EVALUATION_MEETING})
_NOT_ASSEMBLY_WORDS: Final = ("党小组", "支委", "支部委员会", "班子")


@dataclass(frozen=True)
class Attendee:
    name: str
    member_id: int | None
    category: str  # 人员类别 on the meeting day: 正式党员 / 预备党员; "" if not on the roster
    role: str  # 支部委员会 role on the meeting day (书记, 组织委员 …), else 党内职务; ""
    status: AttendanceStatus | None  # None: expected, nothing recorded yet
    reason: str  # 请假/缺席 reason; ""
    voting: bool  # R-MEET-9
    observer: bool = False  # 列席


@dataclass(frozen=True)
class AgendaLine:
    seq: int
    title: str
    discussion: str


@dataclass(frozen=True)
class MotionLine:
    seq: int
    title: str
    yes: int
    no: int
    abstain: int
    written_yes: int
    written_no: int
    written_abstain: int
    passed: bool
    result: str  # quorum.motion_result text (R-MEET-9)


@dataclass(frozen=True)
class ResolutionLine:
    seq: int
    content: str
    owner: str  # 负责人
    due_on: dt.date | None  # 完成时限
    progress: str  # 完成情况
    completed_on: dt.date | None


@dataclass(frozen=True)
class MeetingDetail:
    id: int
    org_id: int
    org_name: str  # full name of the organisation the meeting is recorded on
    org_short_name: str  # its short name, or the full name when it has none
    org_kind: OrgKind
    unit_name: str  # 所在单位 of the organisation
    group_name: str  # the 党小组 (short name) of a 党小组会 recorded on its branch; ""
    group_full_name: str
    kind: MeetingKind
    title: str
    sequence: int  # 第N次 of this kind, organisation (or 党小组) and year
    held_on: dt.date
    held: bool
    start_time: dt.time | None
    end_time: dt.time | None
    place: str
    host: str  # 主持人
    recorder: str  # 记录人
    speaker: str  # 主讲人 (党课)
    attendees: tuple[Attendee, ...]  # expected attendees as recorded, in the clerk's order
    observers: tuple[Attendee, ...]  # 列席
    entitled_voting: int  # attendees with voting rights (R-MEET-9)
    present_voting: int
    quorum_rule: str  # "R-MEET-9", "R-MEET-10" or ""
    quorum: str  # the verdict text; "" when none applies or nothing is recorded
    quorum_valid: bool | None
    agenda: tuple[AgendaLine, ...]
    motions: tuple[MotionLine, ...]
    resolutions: tuple[ResolutionLine, ...]
    content: str
    note: str

    @property
    def kind_label(self) -> str:
        return self.kind.label

    @property
    def holder(self) -> str:
        """Who held it, as titles name it: the 党小组 of a 党小组会, else the organisation's short name."""
        return self.group_name or self.org_short_name

    @property
    def holder_full(self) -> str:
        return self.group_full_name or self.org_name

    def _with(self, status: AttendanceStatus) -> tuple[Attendee, ...]:
        return tuple(a for a in self.attendees if a.status is status)

    @property
    def present(self) -> tuple[Attendee, ...]:
        return self._with(AttendanceStatus.PRESENT)

    @property
    def on_leave(self) -> tuple[Attendee, ...]:
        return self._with(AttendanceStatus.LEAVE)

    @property
    def absent(self) -> tuple[Attendee, ...]:
        return self._with(AttendanceStatus.ABSENT)

    @property
    def expected_count(self) -> int:  # 应到
        return len(self.attendees)

    @property
    def present_count(self) -> int:  # 实到
        return len(self.present)

    @property
    def is_assembly(self) -> bool:
        return self.quorum_rule == "R-MEET-9"


# --- loading -------------------------------------------------------------------------------------


def _year_range(year: int) -> ColumnElement[bool]:
    return (Meeting.held_on >= dt.date(year, 1, 1)) & (Meeting.held_on < dt.date(year + 1, 1, 1))


def _group_of(title: str, org: Organization, groups: list[Organization]) -> Organization | None:
    if org.kind is OrgKind.GROUP:
        return org
    for group in groups:
        for name in (group.short_name, group.name):
            if name and title.startswith(name):
                return group
    return None


def _standing_suspended(events: list[tuple[dt.date, MemberEventKind]], current: bool, on: dt.date) -> bool:
    """停止党籍 on ``on``: the last suspend/restore event by then decides; before the first event,
    the opposite of that event; with no events, the current standing."""
    before = [kind for day, kind in events if day <= on]
    if not events:
        return current
    return before[-1] is MemberEventKind.SUSPEND if before else events[0][1] is MemberEventKind.RESTORE


def _quorum_rule(kind: MeetingKind, title: str, org: Organization, group: Organization | None) -> str:
    if kind is MeetingKind.COMMITTEE_MEETING:
        return "R-MEET-10"
    if kind is MeetingKind.GENERAL_ASSEMBLY:
        return "R-MEET-9"
    if kind in ASSEMBLY_LIKE and group is None and org.kind is not OrgKind.GROUP:
        if not any(word in title for word in _NOT_ASSEMBLY_WORDS):
            return "R-MEET-9"
    return ""


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
    events: dict[int, list[tuple[dt.date, MemberEventKind]]] = defaultdict(list)
    if member_ids:
        for member_id, day, kind in session.execute(
            select(MemberEvent.member_id, MemberEvent.occurred_on, MemberEvent.kind)
            .where(MemberEvent.member_id.in_(select(Attendance.member_id).where(Attendance.meeting_id.in_(ids))),
                   MemberEvent.kind.in_([MemberEventKind.SUSPEND, MemberEventKind.RESTORE]))
            .order_by(MemberEvent.occurred_on, MemberEvent.id)
        ):
            events[member_id].append((day, kind))
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
        roles = {s.member_id: s.role for s in current_seats(seats, meeting.held_on) if s.member_id is not None}
        people: list[Attendee] = []
        observers: list[Attendee] = []
        for row in attendance.get(meeting.id, []):
            person = person_on(row.person_name, row if row.id is not None else None, roles, events,
                               meeting.held_on, status=row.status, reason=row.reason, observer=row.observer)
            (observers if row.observer else people).append(person)
        details.append(_detail(meeting, org, group, sequence, people, observers,
                               (host_name, rec_name, spk_name), agenda, motions, resolutions))
    return details


_Child = TypeVar("_Child", AgendaItem, Motion, Resolution)


def _by_meeting(session: Session, model: type[_Child], ids: Any) -> dict[int, list[_Child]]:
    """Rows of ``model`` (agenda, motions, resolutions) of the meetings ``ids``, by meeting, in order."""
    found: dict[int, list[_Child]] = defaultdict(list)
    for child in session.scalars(select(model).where(model.meeting_id.in_(ids)).order_by(model.seq, model.id)):
        found[child.meeting_id].append(child)
    return found


class MemberFacts(Protocol):
    """What :func:`person_on` reads of a member (a :class:`Member` or a row of these columns)."""

    id: int
    category: MemberCategory
    confirmed_on: dt.date | None
    standing: PartyStanding
    party_position: str | None


def person_on(name: str, member: MemberFacts | None, roles: Mapping[int, CommitteeRole],
              events: Mapping[int, list[tuple[dt.date, MemberEventKind]]], on: dt.date, *,
              status: AttendanceStatus | None = None, reason: str | None = None, observer: bool = False) -> Attendee:
    """``member`` as an attendee on day ``on``: category, role (``roles``: committee seats) and
    voting right (R-MEET-9; ``events``: the member's 停止/恢复党籍 events in date order)."""
    if member is None:
        category, role, voting = "", "", True
    else:
        full = member.category is MemberCategory.FULL and (member.confirmed_on is None or member.confirmed_on <= on)
        suspended = _standing_suspended(events.get(member.id, []), member.standing is PartyStanding.SUSPENDED, on)
        category = MemberCategory.FULL.label if full else MemberCategory.PROBATIONARY.label
        seat_role = roles.get(member.id)
        role = seat_role.label if seat_role else _text(member.party_position)
        voting = full and not suspended  # R-MEET-9: 预备党员 and 停止党籍 have no vote
    return Attendee(name=name.strip(), member_id=member.id if member else None, category=category, role=role,
                    status=status, reason=_text(reason), voting=voting, observer=observer)


def _detail(
    meeting: Meeting, org: Organization, group: Organization | None, sequence: int,
    people: list[Attendee], observers: list[Attendee], names: tuple[str | None, str | None, str | None],
    agenda: dict[int, list[AgendaItem]], motions: dict[int, list[Motion]], resolutions: dict[int, list[Resolution]],
) -> MeetingDetail:
    rule = _quorum_rule(meeting.kind, meeting.title, org, group)
    entitled = sum(1 for p in people if p.voting)
    present_voting = sum(1 for p in people if p.voting and p.status is AttendanceStatus.PRESENT)
    verdict: Verdict | None = None
    if meeting.held and people:
        if rule == "R-MEET-9":
            verdict = assembly_quorum(entitled, present_voting)
        elif rule == "R-MEET-10":
            verdict = committee_quorum(len(people), sum(1 for p in people if p.status is AttendanceStatus.PRESENT))
    motion_lines = []
    for m in motions.get(meeting.id, []):
        result = motion_result(entitled, present_voting, Ballot(m.yes, m.no, m.abstain, m.written_yes, m.written_no,
                                                                 m.written_abstain))
        motion_lines.append(MotionLine(m.seq, m.title, m.yes, m.no, m.abstain, m.written_yes, m.written_no,
                                       m.written_abstain, result.valid, result.text))
    host_name, rec_name, spk_name = names
    return MeetingDetail(
        id=meeting.id, org_id=org.id, org_name=org.name, org_short_name=org.short_name or org.name,
        org_kind=org.kind, unit_name=_text(org.unit_name),
        group_name=(group.short_name or group.name) if group else "", group_full_name=group.name if group else "",
        kind=meeting.kind, title=meeting.title.strip(), sequence=sequence, held_on=meeting.held_on,
        held=meeting.held, start_time=meeting.start_time, end_time=meeting.end_time, place=_text(meeting.place),
        host=_text(meeting.host_name or host_name), recorder=_text(meeting.recorder_name or rec_name),
        speaker=_text(meeting.speaker_name or spk_name),
        attendees=tuple(people), observers=tuple(observers), entitled_voting=entitled, present_voting=present_voting,
        quorum_rule=rule, quorum=verdict.text if verdict else "", quorum_valid=verdict.valid if verdict else None,
        agenda=tuple(AgendaLine(a.seq, a.title.strip(), _text(a.discussion)) for a in agenda.get(meeting.id, [])),
        motions=tuple(motion_lines),
        resolutions=tuple(ResolutionLine(r.seq, r.content.strip(), _text(r.owner_name), r.due_on, _text(r.progress),
                                         r.completed_on) for r in resolutions.get(meeting.id, [])),
        content=_text(meeting.content), note=_text(meeting.note),
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
