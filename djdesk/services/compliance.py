"""Whether each organisation held the organisational life the regulations require (rules.md §2). No Qt.

:func:`compliance` builds the :class:`ComplianceGrid` of a year as of a reference date ``on``:
one :class:`ComplianceRow` per organisation in tree order, one :class:`Line` per requirement that
binds it (:func:`djdesk.domain.schedule.requirements`, from the settings), one :class:`Cell` per
period with the count and the :class:`CellStatus`. What counts:

* meetings that were held (``held``), are not in the 回收站 (``deleted_at``), and are dated on or
  before ``on`` (so that the grid of a past date shows what was known then);
* R-MEET-2 binds a branch in the periods in which it had a 支部委员会 (:func:`_has_committee`), and so do the
  谈心谈话 that involve the committee (R-MEET-7: a branch without one owes only those between members);
  R-MEET-3 binds each 党小组: a 党小组会 recorded on the group counts for it, one recorded on its
  branch (older records, the demo) for the group named in the title or the branch's only group;
* R-MEET-4 书记讲党课: a 党课 whose 主讲人 is the member holding the branch's 书记 seat on that
  day, or whose 主讲人 name equals that 书记's name; the 机关党委 (or a 党委) owes one too, counted from the
  党课 given by its 书记 on it or on any organisation under it;
* R-MEET-7: 谈心谈话 of the branch (``Talk.organization_id``; one on a 党小组 counts for its branch);
* R-MEET-8: a 民主评议党员会议, or a 组织生活会 with 民主评议 in its title (held together);
* a founded or dissolved organisation owes only the periods of :func:`required_in`; a 党小组 or
  branch also ends with the organisation above it.

Everything is read with one query per table (organisations, seats, meetings, talks, settings).
:func:`compliance_reminders` turns the missing items of the current and the previous period into
首页 reminders, one per organisation and severity.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from djdesk.domain.enums import CommitteeRole, MeetingKind, OrgKind
from djdesk.domain.errors import InputError
from djdesk.domain.schedule import (
    PARTY_COMMITTEES,
    SETTING_KEYS,
    CellStatus,
    Frequency,
    Period,
    Requirement,
    Scope,
    cell_status,
    clause,
    committee_day,
    periods,
    reminder_periods,
    required_in,
    requirements,
)
from djdesk.domain.terms import COMMITTEE_MIN, Severity
from djdesk.services.meeting_attendance import group_named_in
from djdesk.services.settings import load_settings
from djdesk.store.engine import SessionFactory
from djdesk.store.models import CommitteeSeat, Meeting, Organization, Talk

if TYPE_CHECKING:
    from djdesk.services.reminders import Reminder

EVALUATION_IN_TITLE = "民主评议"  # R-MEET-8: a 组织生活会 held together with the 民主评议党员


@dataclass(frozen=True)
class Cell:
    period: Period
    count: int
    status: CellStatus
    rule: str
    dates: tuple[dt.date, ...] = ()  # the days of the records counted, in order


@dataclass(frozen=True)
class Line:
    """One requirement for one organisation over the year."""

    requirement: Requirement
    cells: tuple[Cell, ...]

    @property
    def total(self) -> int:
        return sum(c.count for c in self.cells)

    @property
    def missing(self) -> tuple[Cell, ...]:
        return tuple(c for c in self.cells if c.status is CellStatus.MISSING)

    @property
    def applies(self) -> bool:
        """False when no period binds the organisation and nothing was held (e.g. no 支委会 all year)."""
        return self.total > 0 or any(c.status is not CellStatus.NOT_REQUIRED for c in self.cells)


@dataclass(frozen=True)
class ComplianceRow:
    org_id: int
    name: str
    short_name: str | None
    kind: OrgKind
    parent_id: int | None
    depth: int
    founded_on: dt.date | None  # as it binds: the later of its own and its parent's
    dissolved_on: dt.date | None  # the earlier of its own and its parent's
    lines: tuple[Line, ...]

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def line(self, key: str) -> Line | None:
        return next((line for line in self.lines if line.requirement.key == key), None)

    def _cells(self, *statuses: CellStatus) -> int:
        return sum(1 for line in self.lines for c in line.cells if c.status in statuses)

    @property
    def held_count(self) -> int:
        return self._cells(CellStatus.HELD)


@dataclass(frozen=True)
class MissingItem:
    org_id: int
    organisation: str  # display name
    requirement: Requirement
    period: Period
    count: int
    text: str  # one sentence: "财务审计处支部2025年第一季度未组织党课（要求每季度一次）。"

    @property
    def rule(self) -> str:
        return self.requirement.rule


@dataclass(frozen=True)
class ComplianceGrid:
    year: int
    on: dt.date
    requirements: tuple[Requirement, ...]
    rows: tuple[ComplianceRow, ...]
    missing: tuple[MissingItem, ...]

    def periods(self, frequency: Frequency) -> tuple[Period, ...]:
        return periods(self.year, frequency)

    def row(self, org_id: int) -> ComplianceRow | None:
        return next((r for r in self.rows if r.org_id == org_id), None)


@dataclass(frozen=True)
class _Org:
    id: int
    parent_id: int | None
    kind: OrgKind
    name: str
    short_name: str | None
    founded_on: dt.date | None
    dissolved_on: dt.date | None
    depth: int


@dataclass(frozen=True)
class _Seat:
    member_id: int | None
    name: str
    role: CommitteeRole
    started_on: dt.date | None
    ended_on: dt.date | None

    def held_on(self, day: dt.date) -> bool:
        return (self.started_on is None or self.started_on <= day) and (self.ended_on is None or self.ended_on > day)


@dataclass
class _Data:
    orgs: list[_Org]  # tree order
    seats: dict[int, list[_Seat]]
    dates: dict[tuple[int, str], list[dt.date]]  # (org id, requirement key) → days held
    recorded_years: set[int]
    requirements: tuple[Requirement, ...]

    @property
    def by_id(self) -> dict[int, _Org]:
        return {o.id: o for o in self.orgs}


def _tree(raw: Sequence[Any]) -> list[_Org]:
    """Parents before children, siblings by (sort order, id); dates narrowed by the parent's."""
    ids = {r.id for r in raw}
    children: dict[int | None, list[Any]] = defaultdict(list)
    for r in raw:
        children[r.parent_id if r.parent_id in ids else None].append(r)
    for siblings in children.values():
        siblings.sort(key=lambda r: (r.sort_order or 0, r.id))
    result: list[_Org] = []

    def walk(r: Any, depth: int, founded: dt.date | None, dissolved: dt.date | None) -> None:
        known = [d for d in (r.founded_on, founded) if d is not None]
        own_founded = max(known) if known else None
        known = [d for d in (r.dissolved_on, dissolved) if d is not None]
        own_dissolved = min(known) if known else None
        result.append(_Org(r.id, r.parent_id, r.kind, r.name, r.short_name, own_founded, own_dissolved, depth))
        for child in children[r.id]:
            walk(child, depth + 1, own_founded, own_dissolved)

    for root in children[None]:
        walk(root, 0, None, None)
    return result


def _load(sessions: SessionFactory, first: dt.date, last: dt.date) -> _Data:
    settings = load_settings(sessions)
    reqs = requirements({key: settings.get(key) for key in SETTING_KEYS})
    kinds = {r.meeting_kind for r in reqs if r.meeting_kind} | {MeetingKind.LIFE_MEETING}
    with sessions() as session:
        raw = session.execute(select(
            Organization.id, Organization.parent_id, Organization.kind, Organization.name, Organization.short_name,
            Organization.sort_order, Organization.founded_on, Organization.dissolved_on)).all()
        seat_rows = session.execute(select(
            CommitteeSeat.organization_id, CommitteeSeat.member_id, CommitteeSeat.person_name, CommitteeSeat.role,
            CommitteeSeat.started_on, CommitteeSeat.ended_on)).all()
        meeting_rows = session.execute(
            select(Meeting.organization_id, Meeting.kind, Meeting.held_on, Meeting.title, Meeting.speaker_member_id,
                   Meeting.speaker_name)
            .where(Meeting.deleted_at.is_(None), Meeting.held.is_(True), Meeting.kind.in_(kinds),
                   Meeting.held_on >= first, Meeting.held_on <= last)).all()
        talk_rows = session.execute(
            select(Talk.organization_id, Talk.kind, Talk.held_on)
            .where(Talk.deleted_at.is_(None), Talk.held.is_(True), Talk.organization_id.is_not(None),
                   Talk.held_on >= first, Talk.held_on <= last)).all()
    orgs = _tree(raw)
    seats: dict[int, list[_Seat]] = defaultdict(list)
    for org_id, member_id, name, role, started, ended in seat_rows:
        seats[org_id].append(_Seat(member_id, (name or "").strip(), role, started, ended))
    data = _Data(orgs, seats, defaultdict(list), set(), reqs)
    by_id = data.by_id
    groups: dict[int, list[_Org]] = defaultdict(list)
    for o in orgs:
        if o.kind is OrgKind.GROUP and o.parent_id is not None:
            groups[o.parent_id].append(o)
    for org_id, kind, day, title, speaker_id, speaker_name in meeting_rows:
        _count_meeting(data, by_id, org_id, kind, day, title or "", speaker_id, speaker_name, groups)
    for talk_org, talk_kind, talk_day in talk_rows:
        org = by_id.get(talk_org or 0)
        if org is not None:  # R-MEET-7: a talk registered on a 党小组 counts for its branch
            target = org.parent_id if org.kind is OrgKind.GROUP and org.parent_id is not None else org.id
            data.dates[(target, f"TALK_{talk_kind.name}")].append(talk_day)
            data.recorded_years.add(talk_day.year)
    return data


def _count_meeting(data: _Data, by_id: dict[int, _Org], org_id: int, kind: MeetingKind, day: dt.date, title: str,
                   speaker_id: int | None, speaker_name: str | None, groups: dict[int, list[_Org]]) -> None:
    org = by_id.get(org_id)
    if org is None:
        return
    data.recorded_years.add(day.year)
    keys = [r.key for r in data.requirements if r.meeting_kind is kind and r.key != "SECRETARY_LECTURE"]
    target = org.id
    if kind is MeetingKind.GROUP_MEETING and org.kind is not OrgKind.GROUP:  # R-MEET-3
        named = group_named_in(title, groups.get(org.id, []), org)
        found = named.id if named is not None else None
        if found is None:
            return  # not attributable to one 党小组
        target = found
    if kind is MeetingKind.LIFE_MEETING and EVALUATION_IN_TITLE in title:
        keys.append("EVALUATION")  # R-MEET-8: held together with the 组织生活会
    for key in keys:
        data.dates[(target, key)].append(day)
    if kind is MeetingKind.PARTY_LECTURE:
        # R-MEET-4: is the 主讲人 the 书记 on that day of the organisation, or of a 党委 above it?
        name = (speaker_name or "").strip()
        holder: _Org | None = org
        while holder is not None:
            if (holder is org or holder.kind in PARTY_COMMITTEES) and any(
                    s.role is CommitteeRole.SECRETARY and s.held_on(day)
                    and ((speaker_id is not None and s.member_id == speaker_id) or (name and s.name == name))
                    for s in data.seats.get(holder.id, [])):
                data.dates[(holder.id, "SECRETARY_LECTURE")].append(day)
            holder = by_id.get(holder.parent_id) if holder.parent_id is not None else None


def _has_committee(seats: Iterable[_Seat], period: Period) -> bool:
    """R-MEET-2 (and R-MEET-7) with R-ORG-3: a 支部委员会 (at least 3 seats, as the meetings service requires to
    record a 支委会) sat on the first day of the period's last month (:func:`schedule.committee_day`)."""
    day = committee_day(period)
    return sum(1 for s in seats if s.held_on(day)) >= COMMITTEE_MIN


def _cell(data: _Data, org: _Org, req: Requirement, period: Period, held: tuple[dt.date, ...], on: dt.date) -> Cell:
    """The cell of ``period`` for ``org`` and ``req``, ``held`` being the days counted in it (in order)."""
    required = required_in(period, org.founded_on, org.dissolved_on)
    if req.scope is Scope.BRANCH_WITH_COMMITTEE:
        required = required and _has_committee(data.seats.get(org.id, ()), period)
    status = cell_status(period, len(held), req.minimum, on, required=required)
    return Cell(period, len(held), status, req.rule, held)


def _line(data: _Data, org: _Org, req: Requirement, year: int, on: dt.date) -> Line:
    days: dict[int, list[dt.date]] = defaultdict(list)
    months = req.frequency.months
    for day in sorted(data.dates.get((org.id, req.key), ())):
        if day.year == year:
            days[(day.month - 1) // months + 1].append(day)
    return Line(req, tuple(_cell(data, org, req, period, tuple(days.get(period.index, ())), on)
                           for period in periods(year, req.frequency)))


def _period_cell(data: _Data, org: _Org, req: Requirement, period: Period, on: dt.date) -> Cell:
    """The one cell :func:`_line` would give for ``period``, without building the rest of the year."""
    held = tuple(sorted(day for day in data.dates.get((org.id, req.key), ()) if period.start <= day <= period.end))
    return _cell(data, org, req, period, held, on)


def _exists_in(org: _Org, year: int) -> bool:
    return (org.founded_on is None or org.founded_on.year <= year) and (
        org.dissolved_on is None or org.dissolved_on > dt.date(year, 1, 1))


def _grid(data: _Data, year: int, on: dt.date) -> ComplianceGrid:
    rows: list[ComplianceRow] = []
    missing: list[MissingItem] = []
    for org in data.orgs:
        if not _exists_in(org, year):
            continue
        lines = tuple(_line(data, org, req, year, on) for req in data.requirements if req.scope.covers(org.kind))
        row = ComplianceRow(org.id, org.name, org.short_name, org.kind, org.parent_id, org.depth, org.founded_on,
                            org.dissolved_on, lines)
        rows.append(row)
        for line in lines:
            for cell in line.missing:
                text = f"{row.display_name}{clause(line.requirement, cell.period, cell.count, current=False)}。"
                missing.append(MissingItem(org.id, row.display_name, line.requirement, cell.period, cell.count, text))
    return ComplianceGrid(year, on, data.requirements, tuple(rows), tuple(missing))


def compliance(sessions: SessionFactory, year: int, *, on: dt.date) -> ComplianceGrid:
    """The grid of ``year`` as of ``on``: a period is still running on its last day, later ones are
    not yet due. To judge a whole past year pass a date after its 31 December (the CLI does)."""
    if not 1900 <= year <= 9999:
        raise InputError(f"统计年度应为四位数的年份，如 2025（收到“{year}”）。")
    data = _load(sessions, dt.date(year, 1, 1), min(dt.date(year, 12, 31), on))
    return _grid(data, year, on)


def compliance_reminders(sessions: SessionFactory, on: dt.date) -> list[Reminder]:
    """Missing organisational life of the previous and the current period, for the 首页.

    A past period gives a WARNING, the running one (in its last stretch:
    :func:`djdesk.domain.schedule.reminder_periods`) an INFO; the deadline is the period's end.
    One reminder per organisation and severity (a 党小组's items go to its branch). A year in
    which nothing at all was recorded (before the clerk started using djdesk) is not reminded of.
    """
    from djdesk.services.reminders import Reminder

    # Records from 1 January of the earliest year spoken about (the previous year only from January
    # to March): the whole of each such year up to ``on``, so that recorded_years is complete for them.
    first = min(period.year for freq in Frequency for period, _ in reminder_periods(on, freq))
    data = _load(sessions, dt.date(first, 1, 1), on)
    by_id = {o.id: o for o in data.orgs}
    tree = {o.id: i for i, o in enumerate(data.orgs)}
    # (org, severity) → (period, requirement) → [clause, rule, deadline, 党小组 names]
    found: dict[tuple[int, Severity], dict[tuple[Period, str], tuple[str, str, dt.date, list[str]]]] = {}
    for req in data.requirements:
        for period, current in reminder_periods(on, req.frequency):
            if period.year not in data.recorded_years:
                continue
            wanted = CellStatus.CURRENT if current else CellStatus.MISSING
            # Only the cells of this period: the rows and lines of the grid of period.year (_grid).
            for org in data.orgs:
                if not (_exists_in(org, period.year) and req.scope.covers(org.kind)):
                    continue
                cell = _period_cell(data, org, req, period, on)
                if cell.status is not wanted:
                    continue
                group = org.kind is OrgKind.GROUP and org.parent_id in by_id
                target = org.parent_id if group and org.parent_id is not None else org.id
                items = found.setdefault((target, Severity.INFO if current else Severity.WARNING), {})
                entry = items.setdefault(
                    (period, req.key), (clause(req, period, cell.count, current=current), req.rule, period.end, []))
                if group:
                    entry[3].append(org.short_name or org.name)
    result: list[Reminder] = []
    for (target, severity), items in sorted(found.items(), key=lambda kv: (-int(kv[0][1]), tree[kv[0][0]])):
        org = by_id[target]
        name = org.short_name or org.name
        entries = list(items.values())
        parts = [f"{'、'.join(groups)}{text}" for text, _, _, groups in entries]
        joiner = "：" if any(groups for *_, groups in entries) else ""
        rules = "、".join(dict.fromkeys(rule for _, rule, _, _ in entries))
        deadline = min(end for _, _, end, _ in entries)
        result.append(Reminder(target, name, severity, f"{name}{joiner}{'；'.join(parts)}。", rules, deadline,
                               "组织生活"))
    return result


__all__ = ["Cell", "ComplianceGrid", "ComplianceRow", "Line", "MissingItem", "compliance",
           "compliance_reminders"]
