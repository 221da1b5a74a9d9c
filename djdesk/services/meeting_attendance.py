"""Who is expected at a meeting, who may vote, and what the attendance says (R-MEET-9, R-MEET-10); R-MEET-12 is in
:mod:`djdesk.services.cadre_life`.

The roster of a meeting depends on its kind (rules.md §2):

- 支部党员大会, 党课, 主题党日, 组织生活会, 民主评议党员会议, 其他: every member of the organisation and of
  everything under it (a 党总支 or 机关党委 meeting covers its branches);
- 支部委员会会议: the committee seated on that day (``org_info.current_seats``);
- 意识形态专题研究, 理论学习中心组学习: the committee where there is one, otherwise every member;
- 党小组会: the members of the 党小组 (``Member.group_id``).

A member is on the roster of a day when the record is live, they had joined (and transferred in) by then
and had not yet left. A member has a vote (R-MEET-9) when they were a 正式党员 that day in normal standing:
预备党员, members whose 党籍 is stopped and members inside a 留党察看 period (:mod:`djdesk.domain.discipline`)
have none.

These rules are written once, here: the meeting editor (:mod:`djdesk.services.meetings`), the printed
minutes (:mod:`djdesk.services.meeting_detail`) and the sign-in sheet and notice
(:mod:`djdesk.services.meeting_docs`) all call :func:`roster`, :func:`has_vote`, :func:`quorum_rule` and
:func:`summarize`, so what the clerk sees while recording is what is printed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from djdesk.domain import discipline
from djdesk.domain.dates import format_cn
from djdesk.domain.enums import (
    AttendanceStatus,
    MeetingKind,
    MemberCategory,
    MemberEventKind,
    OrgKind,
    PartyStanding,
    RosterStatus,
)
from djdesk.domain.errors import InputError
from djdesk.domain.names import stroke_sort_key
from djdesk.domain.quorum import (
    Ballot,
    Verdict,
    assembly_motion_result,
    assembly_quorum,
    ballot_refusal,
    committee_quorum,
    motion_result,
)
from djdesk.services.org_info import ROLE_ORDER, current_seats
from djdesk.store.engine import SessionFactory
from djdesk.store.models import CommitteeSeat, Meeting, Member, Organization

# R-ORG-3: a 支部委员会 has 3–5 members; a branch with only a 书记 (and a 副书记) has no committee.
COMMITTEE_MIN_SEATS = 3
MEMBER_KINDS = frozenset({
    MeetingKind.GENERAL_ASSEMBLY, MeetingKind.PARTY_LECTURE, MeetingKind.THEME_DAY, MeetingKind.LIFE_MEETING,
    MeetingKind.EVALUATION_MEETING, MeetingKind.OTHER,
})
COMMITTEE_KINDS = frozenset({MeetingKind.COMMITTEE_MEETING, MeetingKind.IDEOLOGY, MeetingKind.CENTRAL_GROUP_STUDY})


class StatusEvent(Protocol):
    """A dated event of a member's history (a :class:`~djdesk.store.models.MemberEvent` or plain data)."""

    @property
    def kind(self) -> MemberEventKind: ...

    @property
    def occurred_on(self) -> dt.date: ...


class VoterFacts(Protocol):
    """What the voting rules read of a member: a :class:`Member`, or plain data with the same fields
    (``events`` in date order; only 停止党籍/恢复党籍 and 留党察看/恢复党员权利 events matter)."""

    @property
    def category(self) -> MemberCategory: ...

    @property
    def confirmed_on(self) -> dt.date | None: ...

    @property
    def standing(self) -> PartyStanding: ...

    @property
    def events(self) -> Sequence[StatusEvent]: ...


class ExpectedAttendee(NamedTuple):
    member_id: int | None  # None for a committee seat entered by name only
    name: str
    voting: bool  # R-MEET-9


def display_name(org: Organization) -> str:
    return org.short_name or org.name


def get_org(session: Session, org_id: int) -> Organization:
    org = session.get(Organization, org_id)
    if org is None:
        raise InputError("找不到该党组织，它可能已被删除。请刷新后重新选择组织。")
    return org


def org_subtree(session: Session, org_id: int, *, groups: bool = True) -> set[int]:
    """``org_id`` and every organisation under it (党小组 only if ``groups``)."""
    children: dict[int | None, list[tuple[int, OrgKind]]] = {}
    for oid, parent, kind in session.execute(select(Organization.id, Organization.parent_id, Organization.kind)):
        children.setdefault(parent, []).append((oid, kind))
    found, stack = {org_id}, [org_id]
    while stack:
        for child, kind in children.get(stack.pop(), []):
            if child not in found and (groups or kind is not OrgKind.GROUP):
                found.add(child)
                stack.append(child)
    return found


class Named(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def name(self) -> str: ...

    @property
    def short_name(self) -> str | None: ...


G = TypeVar("G", bound=Named)


def group_named_in(title: str, groups: Sequence[G], branch: Named) -> G | None:
    """The 党小组 a 党小组会 recorded on its branch (not on the group itself) belongs to: the group whose
    name (full, short, or without the branch's name in front) is the longest one found in the title; the
    only group of the branch when none is named. One reading for the compliance grid and the minutes."""
    best: tuple[int, G] | None = None
    for group in groups:
        names = {group.name, group.short_name or ""}
        names |= {n.removeprefix(branch.name).removeprefix(branch.short_name or "") for n in set(names)}
        for name in names:
            if len(name) >= 2 and name in title and (best is None or len(name) > best[0]):
                best = (len(name), group)
    if best is not None:
        return best[1]
    return groups[0] if len(groups) == 1 else None


def committee_on(org: Organization, on: dt.date) -> list[CommitteeSeat]:
    """The committee seated on ``on``, 书记 first."""
    return sorted(current_seats(list(org.seats), on), key=lambda s: (ROLE_ORDER[s.role], s.id))


def has_committee(org: Organization, on: dt.date) -> bool:
    """R-ORG-3: the organisation had a committee (at least 3 seats) on ``on``."""
    return len(committee_on(org, on)) >= COMMITTEE_MIN_SEATS


def check_kind(org: Organization, kind: MeetingKind, on: dt.date) -> None:
    """Refuse a kind of meeting the organisation cannot hold (党小组会 only in a 党小组, 支委会 needs a committee)."""
    name = display_name(org)
    if org.kind is OrgKind.GROUP and kind is not MeetingKind.GROUP_MEETING:
        parent = f"所属党支部“{display_name(org.parent)}”" if org.parent is not None else "所属党支部"
        raise InputError(f"“{name}”是党小组，只能登记党小组会。{kind.label}请登记在{parent}下。")
    if kind is MeetingKind.GROUP_MEETING and org.kind is not OrgKind.GROUP:
        groups = [display_name(c) for c in org.children if c.kind is OrgKind.GROUP and c.dissolved_on is None]
        hint = f"请选择“{name}”下的党小组（{'、'.join(groups)}）。" if groups \
            else f"“{name}”下没有党小组，请先在组织页设立党小组，或改选其他会议类型。"
        raise InputError(f"党小组会应登记在党小组下，不能登记在{org.kind.label}“{name}”下。{hint}")
    if kind is MeetingKind.COMMITTEE_MEETING and not has_committee(org, on):
        seated = len(committee_on(org, on))
        raise InputError(
            f"“{name}”在{format_cn(on)}没有委员会（当时班子成员 {seated} 人，"
            f"至少 {COMMITTEE_MIN_SEATS} 人才设委员会），"
            f"不能登记{kind.label}。只设书记的党支部请登记为支部党员大会等会议；如班子成员尚未录入，请先在组织页设置。"
        )


def allowed_kinds(sessions: SessionFactory, org_id: int, on: dt.date) -> list[MeetingKind]:
    """The kinds of meeting the organisation can record on ``on`` (for the form's choice list)."""
    with sessions() as session:
        org = get_org(session, org_id)
        if org.kind is OrgKind.GROUP:
            return [MeetingKind.GROUP_MEETING]
        committee = has_committee(org, on)
        return [k for k in MeetingKind if k is not MeetingKind.GROUP_MEETING
                and (committee or k is not MeetingKind.COMMITTEE_MEETING)]


def on_roster(member: Member, on: dt.date) -> bool:
    """The member belonged to their organisation on ``on`` (joined, transferred in, not yet left)."""
    if member.deleted_at is not None:
        return False
    if (member.joined_on is not None and member.joined_on > on) or (
        member.transferred_in_on is not None and member.transferred_in_on > on
    ):
        return False
    if member.roster_status is not RosterStatus.ACTIVE:
        return member.left_on is not None and member.left_on > on
    return True


def suspended_on(member: VoterFacts, on: dt.date) -> bool:
    """停止党籍 on ``on``: the last 停止党籍/恢复党籍 event by then decides; before the first such event, the
    opposite of it; with none, the current standing."""
    events = [e for e in member.events if e.kind in (MemberEventKind.SUSPEND, MemberEventKind.RESTORE)]
    if not events:
        return member.standing is PartyStanding.SUSPENDED
    before = [e.kind for e in events if e.occurred_on <= on]
    return before[-1] is MemberEventKind.SUSPEND if before else events[0].kind is MemberEventKind.RESTORE


def full_member_on(member: VoterFacts, on: dt.date) -> bool:
    """A 正式党员 on ``on`` (转正 by then); otherwise a 预备党员 that day (:func:`discipline.full_member_on`)."""
    return discipline.full_member_on(member, on)


# The event kinds the voting rules read (meeting_detail loads only these).
VOTE_EVENT_KINDS = frozenset({MemberEventKind.SUSPEND, MemberEventKind.RESTORE, *discipline.PROBATION_KINDS})


def has_vote(member: VoterFacts, on: dt.date) -> bool:
    """R-MEET-9: a 正式党员 on ``on`` (转正 by then) whose 党籍 was not stopped and who was not inside a 留党察看
    period (:func:`discipline.under_party_probation`, recorded in the member's history); 预备党员 have no vote."""
    return full_member_on(member, on) and not suspended_on(member, on) and not discipline.under_party_probation(
        member, on)


def committee_roster(kind: MeetingKind, seated: int) -> bool:
    """Whether the expected attendees of a meeting of ``kind`` are the committee (``seated`` seats that day):
    always for a 支委会 (R-MEET-2); for an 意识形态专题研究 (R-MEET-11) or 中心组学习 only where there is a
    committee (R-ORG-3: at least 3 seats; a branch with only a 书记 meets as a whole); never for the others."""
    return kind is MeetingKind.COMMITTEE_MEETING or (kind in COMMITTEE_KINDS and seated >= COMMITTEE_MIN_SEATS)


def roster(session: Session, org: Organization, kind: MeetingKind, on: dt.date, *,
           check: bool = True) -> list[ExpectedAttendee]:
    """The expected attendees of a meeting of ``kind`` held by ``org`` on ``on``: the committee, 书记 first, or
    the members by 姓氏笔画. Refuses an impossible kind unless ``check`` is False (a meeting already recorded,
    whose documents are printed: a 支委会 then lists its seats even if the committee has shrunk since)."""
    if check:
        check_kind(org, kind, on)
    seats = committee_on(org, on)
    if committee_roster(kind, len(seats)):
        result: list[ExpectedAttendee] = []
        seen: set[int] = set()
        for seat in seats:
            member = session.get(Member, seat.member_id) if seat.member_id is not None else None
            if member is not None and member.deleted_at is None:
                if member.id not in seen:
                    seen.add(member.id)
                    result.append(ExpectedAttendee(member.id, member.name, has_vote(member, on)))
            elif seat.person_name not in {r.name for r in result}:
                result.append(ExpectedAttendee(None, seat.person_name, True))  # a 委员 is a 正式党员
        return result
    if org.kind is OrgKind.GROUP:
        where = Member.group_id == org.id
    else:
        where = Member.organization_id.in_(org_subtree(session, org.id, groups=False))
    found = session.scalars(select(Member).where(where).options(selectinload(Member.events)))
    members = [m for m in found if on_roster(m, on)]
    members.sort(key=lambda m: (stroke_sort_key(m.name), m.id))
    return [ExpectedAttendee(m.id, m.name, has_vote(m, on)) for m in members]


def entitled_voters(sessions: SessionFactory, org_id: int, on: dt.date) -> int:
    """The members with a vote (R-MEET-9: :func:`has_vote`) on the roster of an organisation's 党员大会 on ``on``:
    the 应到 of an election (R-ORG-9) or of a vote, without 预备党员, 停止党籍 or 留党察看."""
    with sessions() as session:
        org = get_org(session, org_id)
        return sum(1 for e in roster(session, org, MeetingKind.GENERAL_ASSEMBLY, on, check=False) if e.voting)


def expected_attendees(sessions: SessionFactory, org_id: int, kind: MeetingKind, on: dt.date) -> list[
    ExpectedAttendee
]:
    """应到人员 of a meeting, each with whether they have a vote (R-MEET-9). Refuses an impossible kind."""
    with sessions() as session:
        return roster(session, get_org(session, org_id), kind, on)


# --- the attendance of one meeting ----------------------------------------------------------------


@dataclass(frozen=True)
class AttendeeLine:
    member_id: int | None
    name: str
    status: AttendanceStatus
    reason: str | None
    observer: bool  # 列席: not counted in 应到/实到, no vote
    voting: bool


@dataclass(frozen=True)
class MotionOutcome:
    title: str
    ballot: Ballot
    verdict: Verdict  # quorum.motion_result: 通过 / 未通过 with the counts; 未表决 at an assembly without a quorum


@dataclass(frozen=True)
class AttendanceSummary:
    """应到/实到 and, for votes, those with voting rights; the quorum verdict and each motion's result."""

    kind: MeetingKind
    expected: int  # 应到
    present: int  # 实到
    leave: int  # 请假
    absent: int  # 缺席
    observers: int  # 列席
    entitled_voting: int  # 应到有表决权的党员
    present_voting: int  # 实到有表决权的党员
    lines: tuple[AttendeeLine, ...]
    quorum: Verdict | None  # R-MEET-9 for a 党员大会, R-MEET-10 for a 支委会, None for other kinds
    motions: tuple[MotionOutcome, ...]

    def with_status(self, status: AttendanceStatus) -> list[AttendeeLine]:
        return [line for line in self.lines if not line.observer and line.status is status]

    @property
    def observer_lines(self) -> list[AttendeeLine]:
        return [line for line in self.lines if line.observer]

    @property
    def text(self) -> str:
        """``应到 36 人，实到 34 人（有表决权 33 人），请假 2 人，缺席 0 人``"""
        voting = f"（有表决权 {self.present_voting} 人）" if self.present_voting != self.present else ""
        observers = f"，列席 {self.observers} 人" if self.observers else ""
        return (f"应到 {self.expected} 人，实到 {self.present} 人{voting}，请假 {self.leave} 人，"
                f"缺席 {self.absent} 人{observers}")


def ballot_problem(entitled: int, present_voting: int, ballot: Ballot) -> str | None:
    """Why these counts cannot be right (more ballots than voters present …), or None: quorum.ballot_refusal."""
    return ballot_refusal(entitled, present_voting, ballot)


def quorum_rule(kind: MeetingKind) -> str:
    """Which quorum applies: R-MEET-9 to a 党员大会 (and to a 组织生活会 or 民主评议党员会议, whose roster is every
    member: they are held as a 党员大会), R-MEET-10 to a 支委会, none to the others."""
    if kind in (MeetingKind.GENERAL_ASSEMBLY, MeetingKind.LIFE_MEETING, MeetingKind.EVALUATION_MEETING):
        return "R-MEET-9"
    return "R-MEET-10" if kind is MeetingKind.COMMITTEE_MEETING else ""


def summarize(
    kind: MeetingKind, lines: Sequence[AttendeeLine], motions: Iterable[tuple[str, Ballot]] = (), *,
    held: bool = True,
) -> AttendanceSummary:
    """Counts, quorum (R-MEET-9 assembly, R-MEET-10 committee) and motion results (R-MEET-9) of an attendance.

    A planned meeting (``held`` False) or one with nobody recorded gets no quorum verdict. At a held meeting judged
    as a 党员大会 a motion is voted on only with a quorum (:func:`quorum.assembly_motion_result`): without one it
    never passes, and the editor, the minutes and the record book all say so."""
    counted = [line for line in lines if not line.observer]
    present = [line for line in counted if line.status is AttendanceStatus.PRESENT]
    entitled = sum(1 for line in counted if line.voting)
    present_voting = sum(1 for line in present if line.voting)
    quorum: Verdict | None = None
    rule = quorum_rule(kind)
    if held and counted and rule == "R-MEET-9":
        quorum = assembly_quorum(entitled, present_voting)
    elif held and counted and rule == "R-MEET-10":
        quorum = committee_quorum(len(counted), len(present))
    judge = assembly_motion_result if held and rule == "R-MEET-9" else motion_result
    outcomes = tuple(MotionOutcome(title, ballot, judge(entitled, present_voting, ballot)) for title, ballot in motions)
    return AttendanceSummary(
        kind=kind, expected=len(counted), present=len(present),
        leave=sum(1 for line in counted if line.status is AttendanceStatus.LEAVE),
        absent=sum(1 for line in counted if line.status is AttendanceStatus.ABSENT),
        observers=len(lines) - len(counted), entitled_voting=entitled, present_voting=present_voting,
        lines=tuple(lines), quorum=quorum, motions=outcomes,
    )


def stored_lines(session: Session, meeting: Meeting) -> list[AttendeeLine]:
    """The recorded attendance, with voting rights as of the meeting date; expected attendees first."""
    ids = [row.member_id for row in meeting.attendance if row.member_id is not None]
    members = {m.id: m for m in session.scalars(
        select(Member).where(Member.id.in_(ids)).options(selectinload(Member.events)))}
    lines = []
    for row in meeting.attendance:
        member = members.get(row.member_id) if row.member_id is not None else None
        voting = not row.observer and (has_vote(member, meeting.held_on) if member is not None else True)
        lines.append(AttendeeLine(row.member_id, row.person_name, row.status, row.reason, row.observer, voting))
    lines.sort(key=lambda line: (line.observer, stroke_sort_key(line.name)))
    return lines


def _ballot(motion: object) -> Ballot:
    return Ballot(*(int(getattr(motion, f)) for f in
                    ("yes", "no", "abstain", "written_yes", "written_no", "written_abstain")))


def attendance_summary(sessions: SessionFactory, meeting_id: int) -> AttendanceSummary:
    """The summary of a recorded meeting (also of one in the 回收站)."""
    with sessions() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise InputError("找不到该会议记录，可能已被删除。请刷新后再试。")
        return summarize(meeting.kind, stored_lines(session, meeting),
                         [(m.title, _ballot(m)) for m in meeting.motions], held=meeting.held)
