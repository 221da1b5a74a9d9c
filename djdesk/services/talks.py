"""谈心谈话 register (R-MEET-7): between committee members, committee and members, and members, at least
once a year per pair type (``meet.talks_per_year``); a branch without a 支部委员会 owes only the talks between
members (:func:`djdesk.domain.schedule.owed_talk_kinds`, as the compliance grid and the reminders).

Each write is one transaction; a refusal raises :class:`InputError` with a Chinese sentence saying what to
change, and writes nothing. Deleted talks go to the 回收站 (``deleted_at``) and can be restored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from djdesk.domain.dates import format_cn
from djdesk.domain.enums import OrgKind, RosterStatus, TalkKind
from djdesk.domain.errors import InputError
from djdesk.domain.names import stroke_sort_key
from djdesk.domain.schedule import Frequency, Period, committee_day, owed_talk_kinds
from djdesk.services.meeting_attendance import display_name, get_org, has_committee, on_roster, org_subtree
from djdesk.services.meeting_forms import clean_text
from djdesk.services.orgs import list_orgs
from djdesk.store.base import now
from djdesk.store.engine import SessionFactory
from djdesk.store.models import Member, Organization, Talk, TalkParticipant


@dataclass
class TalkInput:
    held_on: dt.date
    kind: TalkKind
    participants: Sequence[int | str] = ()  # member ids, or names typed in; at least 2
    topic: str | None = None
    summary: str | None = None  # 谈话内容
    follow_up: str | None = None  # 后续措施
    organization_id: int | None = None  # default: the organisation of the first participant chosen from the roster


@dataclass(frozen=True)
class TalkRow:
    id: int
    held_on: dt.date
    kind: TalkKind
    org_id: int | None
    organisation: str  # short name; "" when the talk has no organisation
    participants: tuple[str, ...]
    topic: str | None
    summary: str | None
    follow_up: str | None
    deleted: bool


@dataclass(frozen=True)
class MemberWithoutTalk:
    member_id: int
    name: str
    org_id: int
    organisation: str


@dataclass(frozen=True)
class TalkCoverage:
    """One branch's 谈心谈话 in a year (R-MEET-7): ``counts`` holds every :class:`TalkKind`, 0 when none;
    ``committee``: the branch had a 支部委员会 that year (judged as the compliance grid judges it)."""

    org_id: int
    organisation: str  # short name
    organisation_full: str
    counts: dict[TalkKind, int]
    committee: bool = True

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def missing(self, required: int = 1) -> list[TalkKind]:
        """The pair types the branch owes (R-MEET-7: only 党员之间 without a committee) with fewer than ``required``
        talks."""
        return [kind for kind in owed_talk_kinds(self.committee) if self.counts[kind] < required]


def _check(session: Session, data: TalkInput, today: dt.date) -> tuple[int, list[tuple[int | None, str]]]:
    if data.held_on > today:
        raise InputError(
            f"谈话日期 {format_cn(data.held_on)} 在今天之后。谈心谈话登记的是已经进行的谈话，请填写实际日期。"
        )
    clean_text(data.topic, 300, "谈话主题")
    people: list[tuple[int | None, str]] = []
    for ref in data.participants:
        if isinstance(ref, int):
            member = session.get(Member, ref)
            if member is None or member.deleted_at is not None:
                raise InputError("谈话人员中有一名党员已被删除或不存在。请重新选择谈话人员。")
            person: tuple[int | None, str] = (member.id, member.name)
        else:
            name = clean_text(ref, 100, "谈话人员姓名")
            if name is None:
                continue  # an empty row of the form
            person = (None, name)
        if person in people:
            raise InputError(f"{person[1]}在谈话人员中出现了两次，请删去重复的一行。")
        people.append(person)
    if len(people) < 2:
        raise InputError("谈心谈话至少要有两名谈话人员（谈话人和谈话对象）。请补充谈话人员。")
    org_id = data.organization_id
    if org_id is None:
        first = next((session.get(Member, mid) for mid, _ in people if mid is not None), None)
        if first is None:
            raise InputError("请选择谈话所属的党组织（谈话人员都不是从名册中选择的）。")
        org_id = first.organization_id
    org = get_org(session, org_id)
    if org.dissolved_on is not None and data.held_on >= org.dissolved_on:
        raise InputError(f"“{display_name(org)}”已于{format_cn(org.dissolved_on)}撤销，请选择谈话时所在的党组织。")
    return org.id, people


def _fill(talk: Talk, data: TalkInput, org_id: int, people: list[tuple[int | None, str]]) -> None:
    for key, value in (("organization_id", org_id), ("held_on", data.held_on), ("held", True), ("kind", data.kind),
                       ("topic", clean_text(data.topic, 300, "谈话主题")),
                       ("summary", (data.summary or "").strip() or None),
                       ("follow_up", (data.follow_up or "").strip() or None)):
        if getattr(talk, key, None) != value:
            setattr(talk, key, value)
    current = [(p.member_id, p.person_name) for p in talk.participants]
    if current != people:
        talk.participants = [TalkParticipant(member_id=mid, person_name=name) for mid, name in people]


def create_talk(sessions: SessionFactory, data: TalkInput, *, today: dt.date | None = None) -> int:
    """Register a talk that took place (R-MEET-7); returns its id."""
    with sessions.begin() as session:
        org_id, people = _check(session, data, today or dt.date.today())
        talk = Talk()
        _fill(talk, data, org_id, people)
        session.add(talk)
        session.flush()
        return talk.id


def _live(session: Session, talk_id: int) -> Talk:
    talk = session.get(Talk, talk_id)
    if talk is None:
        raise InputError("找不到该谈话记录，可能已被删除。请刷新后再试。")
    if talk.deleted_at is not None:
        raise InputError("该谈话记录在回收站中。请先从回收站恢复，再修改。")
    return talk


def update_talk(sessions: SessionFactory, talk_id: int, data: TalkInput, *, today: dt.date | None = None) -> None:
    with sessions.begin() as session:
        talk = _live(session, talk_id)
        org_id, people = _check(session, data, today or dt.date.today())
        _fill(talk, data, org_id, people)


def talk_input(sessions: SessionFactory, talk_id: int) -> TalkInput:
    """A registered talk as the form's input, to edit and pass to :func:`update_talk`."""
    with sessions() as session:
        talk = _live(session, talk_id)
        return TalkInput(talk.held_on, talk.kind,
                         [p.member_id if p.member_id is not None else p.person_name for p in talk.participants],
                         talk.topic, talk.summary, talk.follow_up, talk.organization_id)


def delete_talk(sessions: SessionFactory, talk_id: int) -> None:
    """Move a talk to the 回收站."""
    with sessions.begin() as session:
        talk = session.get(Talk, talk_id)
        if talk is None or talk.deleted_at is not None:
            raise InputError("该谈话记录已不存在或已在回收站中。请刷新后再试。")
        talk.deleted_at = now()


def restore_talk(sessions: SessionFactory, talk_id: int) -> None:
    with sessions.begin() as session:
        talk = session.get(Talk, talk_id)
        if talk is None or talk.deleted_at is None:
            raise InputError("回收站中没有这条谈话记录，请刷新后再试。")
        talk.deleted_at = None


def _year(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def list_talks(
    sessions: SessionFactory, *, year: int | None = None, org_id: int | None = None, include_children: bool = True,
    kind: TalkKind | None = None, include_deleted: bool = False,
) -> list[TalkRow]:
    """Registered talks, newest first; ``org_id`` with ``include_children`` also lists those below it."""
    # The participants of all listed talks in one more query, not one per talk.
    stmt = select(Talk).options(selectinload(Talk.participants)).order_by(Talk.held_on.desc(), Talk.id.desc())
    if year is not None:
        first, last = _year(year)
        stmt = stmt.where(Talk.held_on >= first, Talk.held_on <= last)
    if kind is not None:
        stmt = stmt.where(Talk.kind == kind)
    if not include_deleted:
        stmt = stmt.where(Talk.deleted_at.is_(None))
    with sessions() as session:
        if org_id is not None:
            get_org(session, org_id)
            stmt = stmt.where(Talk.organization_id.in_(org_subtree(session, org_id) if include_children
                                                       else {org_id}))
        names = {o.id: display_name(o) for o in session.scalars(select(Organization))}
        return [
            TalkRow(t.id, t.held_on, t.kind, t.organization_id, names.get(t.organization_id or 0, ""),
                    tuple(p.person_name for p in t.participants), t.topic, t.summary, t.follow_up,
                    t.deleted_at is not None)
            for t in session.scalars(stmt)
        ]


def _talked(session: Session, year: int) -> set[int]:
    first, last = _year(year)
    return set(session.scalars(
        select(TalkParticipant.member_id).join(Talk, Talk.id == TalkParticipant.talk_id).where(
            Talk.deleted_at.is_(None), Talk.held_on >= first, Talk.held_on <= last,
            TalkParticipant.member_id.is_not(None))
    ))


def members_without_talk(sessions: SessionFactory, year: int, org_id: int | None = None) -> list[MemberWithoutTalk]:
    """R-MEET-7: members on the roster at the end of ``year`` (of ``org_id`` and below) with no talk that year."""
    on = dt.date(year, 12, 31)
    with sessions() as session:
        stmt = select(Member).where(Member.deleted_at.is_(None), Member.roster_status == RosterStatus.ACTIVE)
        if org_id is not None:
            get_org(session, org_id)
            ids = org_subtree(session, org_id)
            stmt = stmt.where(Member.organization_id.in_(ids) | Member.group_id.in_(ids))
        talked = _talked(session, year)
        found = [m for m in session.scalars(stmt) if m.id not in talked and on_roster(m, on)]
        found.sort(key=lambda m: (m.organization.sort_order, m.organization_id, stroke_sort_key(m.name), m.id))
        return [MemberWithoutTalk(m.id, m.name, m.organization_id, display_name(m.organization)) for m in found]


def talk_coverage(sessions: SessionFactory, year: int) -> list[TalkCoverage]:
    """R-MEET-7, for the compliance grid: per 党支部 (and 联合党支部), in tree order, the number of talks of each
    :class:`TalkKind` held in ``year``, and whether it had a 支部委员会 (the day of
    :func:`~djdesk.domain.schedule.committee_day` of the year). A talk registered on a 党小组 counts for its branch;
    dissolved branches are left out."""
    branches = [row for row in list_orgs(sessions) if row.kind.is_branch]
    counts: dict[int, dict[TalkKind, int]] = {row.id: dict.fromkeys(TalkKind, 0) for row in branches}
    first, last = _year(year)
    day = committee_day(Period(year, Frequency.YEAR, 1))
    with sessions() as session:
        committee = {row.id: has_committee(get_org(session, row.id), day) for row in branches}
        parents = {gid: parent for gid, parent in session.execute(
            select(Organization.id, Organization.parent_id).where(Organization.kind == OrgKind.GROUP))}
        for org_id, kind in session.execute(select(Talk.organization_id, Talk.kind).where(
                Talk.deleted_at.is_(None), Talk.held_on >= first, Talk.held_on <= last)):
            branch = parents.get(org_id, org_id) if org_id is not None else None
            if branch in counts:
                counts[branch][kind] += 1
    return [TalkCoverage(row.id, row.display_name, row.name, counts[row.id], committee[row.id]) for row in branches]
