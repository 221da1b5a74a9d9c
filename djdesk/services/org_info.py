"""What the clerk knows about each organisation: counts, committee, term and warnings (rules.md §1)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from djdesk.domain.enums import CommitteeRole, MemberCategory, OrgKind, RosterStatus
from djdesk.domain.terms import Finding, TermStatus, committee_findings, size_findings, term_end, term_status
from djdesk.services.orgs import OrgRow, list_orgs
from djdesk.services.settings import Settings, load_settings
from djdesk.store.engine import SessionFactory
from djdesk.store.models import CommitteeSeat, Election, Member, Organization


@dataclass(frozen=True)
class TermInfo:
    number: int | None
    elected_on: dt.date | None
    years: int
    adjust_months: int
    adjust_doc: str | None
    adjust_on: dt.date | None
    end: dt.date | None
    status: TermStatus


@dataclass(frozen=True)
class SeatInfo:
    id: int
    member_id: int | None
    person_name: str
    role: CommitteeRole
    started_on: dt.date | None
    ended_on: dt.date | None
    filing_doc: str | None
    filing_on: dt.date | None


@dataclass(frozen=True)
class ElectionInfo:
    id: int
    held_on: dt.date
    term_number: int
    entitled: int
    present: int
    approval_doc: str | None
    elected: tuple[tuple[str, int], ...]  # (name, votes) of those elected


@dataclass(frozen=True)
class OrgOverview:
    row: OrgRow
    unit_name: str | None
    founded_on: dt.date | None
    contact: str | None
    full: int  # 正式党员 in this organisation and below
    probationary: int  # 预备党员
    seats: tuple[SeatInfo, ...]  # current committee
    term: TermInfo
    model_branch_batch: int | None
    model_branch_year: int | None
    findings: tuple[Finding, ...]
    elections: tuple[ElectionInfo, ...] = field(default=())

    @property
    def secretary(self) -> str | None:
        for seat in self.seats:
            if seat.role is CommitteeRole.SECRETARY:
                return seat.person_name
        return None


def _term(org: Organization, settings: Settings, on: dt.date) -> TermInfo:
    # R-ORG-5: the length stored when the term was elected; 设置 only for a term that has none stored
    # (no election recorded yet).
    years = org.term_years if org.term_years is not None else settings.term_years(org.kind)
    end = term_end(org.term_elected_on, years, org.term_adjust_months or 0) if org.term_elected_on and years else None
    status = term_status(end, on, settings.remind_months) if org.kind is not OrgKind.GROUP else TermStatus.UNKNOWN
    return TermInfo(org.term_number, org.term_elected_on, years, org.term_adjust_months or 0, org.term_adjust_doc,
                    org.term_adjust_on, end, status)


def current_seats(seats: list[CommitteeSeat], on: dt.date) -> list[CommitteeSeat]:
    """Seats held on ``on``: started by then (or undated) and not yet ended."""
    return [
        s for s in seats
        if (s.started_on is None or s.started_on <= on) and (s.ended_on is None or s.ended_on > on)
    ]


ROLE_ORDER = {role: i for i, role in enumerate(CommitteeRole)}


def org_overviews(sessions: SessionFactory, on: dt.date, *, include_dissolved: bool = False) -> list[OrgOverview]:
    """Every organisation in tree order with counts, current committee, term status and warnings."""
    rows = list_orgs(sessions, include_dissolved=include_dissolved)
    settings = load_settings(sessions)
    with sessions() as session:
        orgs = {o.id: o for o in session.scalars(select(Organization))}
        seats_by_org: dict[int, list[CommitteeSeat]] = {}
        for seat in session.scalars(select(CommitteeSeat)):
            seats_by_org.setdefault(seat.organization_id, []).append(seat)
        elections_by_org: dict[int, list[Election]] = {}
        # The votes of every election in one more query (not one per election), while the session is open.
        for election in session.scalars(
            select(Election).options(selectinload(Election.votes)).order_by(Election.held_on.desc())
        ):
            elections_by_org.setdefault(election.organization_id, []).append(election)
        # Active members per (organisation, 党小组, category), counted by SQLite: list_orgs counts them
        # per organisation only, the findings need 正式 and 预备 apart.
        counts: Counter[tuple[int, MemberCategory]] = Counter()
        group_counts: Counter[tuple[int, MemberCategory]] = Counter()
        active = (Member.deleted_at.is_(None)) & (Member.roster_status == RosterStatus.ACTIVE)
        for org_id, group_id, category, number in session.execute(
            select(Member.organization_id, Member.group_id, Member.category, func.count())
            .where(active)
            .group_by(Member.organization_id, Member.group_id, Member.category)
        ):
            counts[(org_id, category)] += number
            if group_id is not None:
                group_counts[(group_id, category)] += number

    children: dict[int | None, list[int]] = {}  # every organisation, dissolved or not, under its parent
    for org in orgs.values():
        children.setdefault(org.parent_id, []).append(org.id)

    def tally(org_id: int, category: MemberCategory) -> int:
        org = orgs[org_id]
        if org.kind is OrgKind.GROUP:
            return group_counts[(org_id, category)]
        return counts[(org_id, category)] + sum(
            tally(c, category) for c in children.get(org_id, []) if orgs[c].kind is not OrgKind.GROUP
        )

    result = []
    for row in rows:
        org = orgs[row.id]
        full = tally(row.id, MemberCategory.FULL)
        probationary = tally(row.id, MemberCategory.PROBATIONARY)
        seats = sorted(current_seats(seats_by_org.get(row.id, []), on), key=lambda s: (ROLE_ORDER[s.role], s.id))
        term = _term(org, settings, on)
        findings = [*size_findings(org.kind, full, probationary),
                    *committee_findings(org.kind, full, [s.role for s in seats])]
        elections = tuple(
            ElectionInfo(e.id, e.held_on, e.term_number, e.entitled, e.present, e.approval_doc,
                         tuple((v.candidate_name, v.votes) for v in e.votes if v.elected))
            for e in elections_by_org.get(row.id, [])
        )
        result.append(
            OrgOverview(
                row=row,
                unit_name=org.unit_name,
                founded_on=org.founded_on,
                contact=org.contact,
                full=full,
                probationary=probationary,
                seats=tuple(
                    SeatInfo(s.id, s.member_id, s.person_name, s.role, s.started_on, s.ended_on, s.filing_doc,
                             s.filing_on)
                    for s in seats
                ),
                term=term,
                model_branch_batch=org.model_branch_batch,
                model_branch_year=org.model_branch_year,
                findings=tuple(findings),
                elections=elections,
            )
        )
    return result


def org_overview(sessions: SessionFactory, org_id: int, on: dt.date) -> OrgOverview:
    for overview in org_overviews(sessions, on, include_dissolved=True):
        if overview.row.id == org_id:
            return overview
    from djdesk.domain.errors import InputError

    raise InputError("找不到该党组织，它可能已被删除。请刷新后再试。")
