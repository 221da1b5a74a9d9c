"""Committees (班子成员), terms and 换届 elections (R-ORG-3, R-ORG-5 … R-ORG-10).

Each function is one transaction; a refused change raises :class:`InputError` and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from djdesk.domain.dates import ensure_not_future, format_cn
from djdesk.domain.enums import CommitteeRole, OrgKind, RosterStatus
from djdesk.domain.errors import InputError
from djdesk.domain.terms import check_adjustment, check_election
from djdesk.services.meeting_attendance import org_subtree
from djdesk.services.org_admin import _get
from djdesk.services.org_info import current_seats
from djdesk.services.settings import load_settings
from djdesk.store.engine import SessionFactory
from djdesk.store.models import CommitteeSeat, Election, ElectionVote, Member, Organization

UNIQUE_ROLES = (CommitteeRole.SECRETARY,)


def _member_of(session: Session, org: Organization, member_id: int, ids: set[int] | None = None) -> Member:
    """The member, who must be on the roster of ``org`` (or of an organisation under it: ``ids``, the
    organisation's subtree, when the caller has it already)."""
    member = session.get(Member, member_id)
    if member is None or member.deleted_at is not None:
        raise InputError("找不到该党员，可能已被删除。请刷新后再试。")
    ids = ids if ids is not None else org_subtree(session, org.id)
    in_org = member.organization_id in ids or (member.group_id is not None and member.group_id in ids)
    if not in_org or member.roster_status is not RosterStatus.ACTIVE:
        raise InputError(
            f"{member.name}不是“{org.short_name or org.name}”的党员，不能担任其班子成员。"
            "请先把该党员的组织关系转入本组织，或选择本组织的党员。"
        )
    return member


@dataclass
class SeatInput:
    member_id: int
    role: CommitteeRole
    started_on: dt.date | None = None
    filing_doc: str | None = None  # R-ORG-10: 批准 (书记/副书记) or 备案 (委员) document
    filing_on: dt.date | None = None
    note: str | None = None


def add_seat(sessions: SessionFactory, org_id: int, seat: SeatInput, *, today: dt.date | None = None) -> int:
    today = today or dt.date.today()
    ensure_not_future(seat.started_on, "任职日期", today)
    with sessions.begin() as session:
        org = _get(session, org_id)
        if org.kind is OrgKind.GROUP:
            raise InputError("党小组不设委员会，只设组长。请在党支部的班子成员中设置。")
        member = _member_of(session, org, seat.member_id)
        on = seat.started_on or today
        # The new seat has no end: it clashes with every seat not ended by its start.
        current = [s for s in org.seats if s.ended_on is None or s.ended_on > on]
        if any(s.member_id == member.id for s in current):
            raise InputError(f"{member.name}已是本届班子成员。如需改变职务，请先结束原职务。")
        if seat.role in UNIQUE_ROLES and any(s.role is seat.role for s in current):
            holder = next(s.person_name for s in current if s.role is seat.role)
            raise InputError(
                f"“{org.short_name or org.name}”已有{seat.role.label}（{holder}），"
                f"同一时间只能有一名{seat.role.label}。请先为{holder}填写离任日期。"
            )
        row = CommitteeSeat(
            organization_id=org.id, member_id=member.id, person_name=member.name, role=seat.role,
            started_on=seat.started_on, filing_doc=seat.filing_doc, filing_on=seat.filing_on, note=seat.note,
        )
        session.add(row)
        session.flush()
        return row.id


def end_seat(sessions: SessionFactory, seat_id: int, ended_on: dt.date, *, today: dt.date | None = None) -> None:
    ensure_not_future(ended_on, "离任日期", today or dt.date.today())
    with sessions.begin() as session:
        seat = session.get(CommitteeSeat, seat_id)
        if seat is None:
            raise InputError("找不到该班子成员记录，请刷新后再试。")
        if seat.started_on is not None and ended_on < seat.started_on:
            raise InputError(f"离任日期早于任职日期（{format_cn(seat.started_on)}），请检查。")
        seat.ended_on = ended_on


def delete_seat(sessions: SessionFactory, seat_id: int) -> None:
    """Remove a seat entered by mistake (a seat that really ended gets a 离任日期 instead)."""
    with sessions.begin() as session:
        seat = session.get(CommitteeSeat, seat_id)
        if seat is not None:
            session.delete(seat)


def set_term(
    sessions: SessionFactory, org_id: int, term_number: int, elected_on: dt.date, *,
    term_years: int | None = None, today: dt.date | None = None,
) -> None:
    """Correct the current term by hand (R-ORG-6: it counts from the electing 党员大会).

    R-ORG-5: ``term_years`` None keeps the length stored with the term; a term with none stored yet
    gets the length 设置 gives its kind now."""
    ensure_not_future(elected_on, "选举日期", today or dt.date.today())
    if term_number <= 0:
        raise InputError("届次应为正整数，如第三届填 3。")
    if term_years is not None and not 1 <= term_years <= 10:
        raise InputError("任期年限应在 1 至 10 年之间。")
    settings = load_settings(sessions)
    with sessions.begin() as session:
        org = _get(session, org_id)
        org.term_number = term_number
        org.term_elected_on = elected_on
        if term_years is not None:
            org.term_years = term_years
        elif org.term_years is None:
            org.term_years = settings.term_years(org.kind) or None


def set_adjustment(
    sessions: SessionFactory, org_id: int, months: int, doc: str | None, approved_on: dt.date | None, *,
    today: dt.date | None = None,
) -> None:
    """R-ORG-8: an approved extension (+months) or early 换届 (−months), at most 12 months."""
    problem = check_adjustment(months)
    if problem:
        raise InputError(problem)
    ensure_not_future(approved_on, "批准日期", today or dt.date.today())
    if months and not (doc or "").strip():
        raise InputError("延期或提前换届须经上级党组织批准，请填写批准文号。")
    with sessions.begin() as session:
        org = _get(session, org_id)
        if org.term_elected_on is None:
            raise InputError("该组织还没有记录任期（选举日期），请先记录换届选举。")
        org.term_adjust_months = months
        org.term_adjust_doc = (doc or "").strip() or None if months else None
        org.term_adjust_on = approved_on if months else None


@dataclass
class CandidateInput:
    name: str
    votes: int
    member_id: int | None = None
    role: CommitteeRole | None = None  # the post taken if elected (分工)


@dataclass
class ElectionInput:
    held_on: dt.date
    term_number: int
    entitled: int  # 应到
    present: int  # 实到
    candidates: list[CandidateInput] = field(default_factory=list)
    approval_doc: str | None = None
    approval_on: dt.date | None = None
    note: str | None = None


def record_election(
    sessions: SessionFactory, org_id: int, data: ElectionInput, *, today: dt.date | None = None
) -> int:
    """Record a 换届 election (R-ORG-9) and start the next term (R-ORG-6) with the elected committee."""
    today = today or dt.date.today()
    ensure_not_future(data.held_on, "选举日期", today)
    ensure_not_future(data.approval_on, "批准日期", today)
    if data.term_number <= 0:
        raise InputError("届次应为正整数，如第三届填 3。")
    check = check_election(data.entitled, data.present, [(c.name, c.votes) for c in data.candidates])
    if not check.valid:
        raise InputError("选举无效，未记录：" + "；".join(check.messages))
    roles = [c.role for c, r in zip(data.candidates, check.candidates, strict=True) if r.elected and c.role]
    for role in UNIQUE_ROLES:
        if roles.count(role) > 1:
            raise InputError(f"当选人员中有 {roles.count(role)} 名{role.label}，只能有一名。请修改分工。")
    settings = load_settings(sessions)
    with sessions.begin() as session:
        org = _get(session, org_id)
        if org.kind is OrgKind.GROUP:
            raise InputError("党小组不进行换届选举。")
        subtree = org_subtree(session, org.id)
        members = {c.member_id: _member_of(session, org, c.member_id, subtree)
                   for c in data.candidates if c.member_id}
        newest = org.term_elected_on is None or data.held_on >= org.term_elected_on
        if newest and org.term_number is not None and data.term_number <= org.term_number \
                and data.held_on != org.term_elected_on:
            raise InputError(f"本组织当前为第 {org.term_number} 届，新一届的届次应大于 {org.term_number}。")
        election = Election(
            organization_id=org.id, held_on=data.held_on, term_number=data.term_number, entitled=data.entitled,
            present=data.present, approval_doc=data.approval_doc, approval_on=data.approval_on, note=data.note,
        )
        for cand, result in zip(data.candidates, check.candidates, strict=True):
            election.votes.append(ElectionVote(member_id=cand.member_id, candidate_name=cand.name,
                                               role=cand.role, votes=cand.votes, elected=result.elected))
        session.add(election)
        if not newest:  # an older election entered for the record: the current term stays
            session.flush()
            return election.id
        # R-ORG-6: the new term counts from this 党员大会; an approved adjustment belonged to the old term.
        # R-ORG-5: its length is the one in force now, stored with it (a later change of 设置 leaves it).
        org.term_number = data.term_number
        org.term_elected_on = data.held_on
        org.term_years = settings.term_years(org.kind) or None
        org.term_adjust_months = 0
        org.term_adjust_doc = None
        org.term_adjust_on = None
        for seat in current_seats(list(org.seats), data.held_on):
            seat.ended_on = data.held_on
        for cand, result in zip(data.candidates, check.candidates, strict=True):
            if result.elected:
                member = members.get(cand.member_id) if cand.member_id else None
                session.add(CommitteeSeat(
                    organization_id=org.id, member_id=member.id if member else None,
                    person_name=member.name if member else cand.name,
                    role=cand.role or CommitteeRole.MEMBER, started_on=data.held_on,
                    filing_doc=data.approval_doc, filing_on=data.approval_on,  # R-ORG-10
                ))
        session.flush()
        return election.id


def seats_of(sessions: SessionFactory, org_id: int) -> list[CommitteeSeat]:
    """Every seat of an organisation, past and present (newest first)."""
    with sessions() as session:
        return list(session.scalars(
            select(CommitteeSeat).where(CommitteeSeat.organization_id == org_id)
            .order_by(CommitteeSeat.started_on.desc(), CommitteeSeat.id)
        ))
