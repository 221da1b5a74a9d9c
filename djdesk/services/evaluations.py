"""民主评议党员 (R-EVAL-1, R-EVAL-2) and the 组织处置 of 不合格 members (R-EVAL-3). No Qt.

A branch's roster for a year (:func:`roster_for_year`): everyone in it at any time that year (joined and
transferred in by 31 December, not left before 1 January, not in the 回收站). A member graded that year
stays with the branch that graded them (``Evaluation.organization_id``): one branch per member and year.
Each write is one transaction; a refusal raises :class:`InputError` saying what to change, and writes
nothing. The R-EVAL-2 share of 优秀 (``eval.excellent_share``, default 1/3) warns, never blocks; it is a share of
the branch's 正式党员 on the roster that year (:attr:`RosterMember.expected`: a member who left before the
evaluation, i.e. left during the year without being graded, is not counted). 预备党员 take part in the 民主评议
but get no 等次: a grade for one is refused, except 不合格, the finding that leads to 延长预备期 or 取消预备党员资格
(R-EVAL-3), and such a finding is not counted among the 等次. :func:`grade_text` says how each member's line reads
on the screen and in the year-end tables.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from typing import Any, Final, TypeVar

from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.orm import Session

from djdesk.domain.config import SETTINGS
from djdesk.domain.dates import ensure_not_future, format_cn
from djdesk.domain.enums import DisposalKind, EvalGrade, Gender, MemberCategory, OrgKind, RosterStatus
from djdesk.domain.errors import InputError
from djdesk.domain.names import stroke_sort_key
from djdesk.services.meeting_attendance import display_name, get_org, org_subtree
from djdesk.services.meeting_forms import clean_text
from djdesk.services.orgs import list_orgs
from djdesk.services.settings import Settings, load_settings
from djdesk.store.engine import SessionFactory
from djdesk.store.models import Base, Disposal, Evaluation, Member, Organization

FIRST_YEAR: Final = 2000
PROBATION_KINDS: Final = frozenset({DisposalKind.EXTEND_PROBATION, DisposalKind.CANCEL_PROBATION})
FULL_MEMBER_KINDS: Final = frozenset(set(DisposalKind) - PROBATION_KINDS)
# R-EVAL-3: a disposal that ends the membership (nothing can follow it on the same evaluation), and the pairs that
# exclude each other (a 预备党员's probation is either extended or cancelled).
FINAL_KINDS: Final = frozenset({DisposalKind.REMOVE, DisposalKind.CANCEL_PROBATION})
EXCLUSIVE_KINDS: Final = ((DisposalKind.EXTEND_PROBATION, DisposalKind.CANCEL_PROBATION),)
PROBATIONARY_TEXT: Final = "预备党员"  # R-EVAL-2: how a 预备党员's 等次 reads
UNGRADED_TEXT: Final = "未评定"
ABSENT_TEXT: Final = "未参加评议"  # left during the year without being graded


@dataclass
class GradeInput:
    """One member's grade (R-EVAL-1) and, optionally, the 民主测评 tallies."""

    grade: EvalGrade
    votes: tuple[int, int, int, int] | None = None  # 民主测评 votes: 优秀, 合格, 基本合格, 不合格
    note: str | None = None


@dataclass
class DisposalInput:
    """组织处置 of a member graded 不合格 (R-EVAL-3)."""

    kind: DisposalKind
    decided_on: dt.date | None = None
    deadline: dt.date | None = None  # 限期改正 / 延长预备期: until when
    outcome: str | None = None  # 处置结果
    decision: str | None = None  # 决定内容 (支委会/党员大会)


@dataclass(slots=True)
class RosterMember:
    """A member on a year's roster, with the grade if any. Read-only by convention (a frozen one is 3× slower)."""

    member_id: int
    name: str
    gender: Gender | None
    category: MemberCategory  # on 31 December of the year (a 预备党员 then is one for R-EVAL-3)
    org_id: int  # the branch the member is evaluated in that year
    group: str | None  # 党小组 (short name)
    left_on: dt.date | None  # set when the member left during the year
    roster_status: RosterStatus
    evaluation_id: int | None = None
    grade: EvalGrade | None = None
    votes: tuple[int | None, int | None, int | None, int | None] = (None, None, None, None)
    note: str | None = None
    disposals: int = 0

    @property
    def probationary(self) -> bool:
        return self.category is MemberCategory.PROBATIONARY

    @property
    def expected(self) -> bool:
        """R-EVAL-2: a 正式党员 to be graded: not a 预备党员, and not one who left during the year before being
        graded (graded before leaving, they took part and are counted)."""
        return not self.probationary and (self.left_on is None or self.grade is not None)

    @property
    def counted_grade(self) -> EvalGrade | None:
        """The 等次 that counts (R-EVAL-2): a 正式党员's grade; None for a 预备党员."""
        return None if self.probationary else self.grade


@dataclass(frozen=True)
class BranchResults:
    """民主评议 of one branch (or 党总支 with its branches) in a year."""

    year: int
    org_id: int
    organisation: str  # short name
    organisation_full: str
    members: tuple[RosterMember, ...]
    counts: dict[EvalGrade, int]  # every grade, 0 when none
    excellent_share: str  # the setting as the clerk wrote it, e.g. "1/3"
    excellent_limit: int  # R-EVAL-2: at most so many 优秀 of the 正式党员 to be graded (``full``)
    roster: int  # members on the roster that year (every line of ``members``)
    graded: int  # 正式党员 graded
    warnings: tuple[str, ...] = field(default=())
    full: int = 0  # 应评: the 正式党员 to be graded (RosterMember.expected)
    probationary: int = 0  # 预备党员: take part, no 等次

    @property
    def ungraded(self) -> int:
        return self.full - self.graded


@dataclass(frozen=True)
class DisposalRow:
    id: int
    evaluation_id: int
    member_id: int
    name: str
    org_id: int
    organisation: str  # short name of the branch that graded the member
    category: MemberCategory
    kind: DisposalKind
    decided_on: dt.date | None
    deadline: dt.date | None
    outcome: str | None
    decision: str | None


def check_year(year: int, today: dt.date, what: str = "评议年度") -> None:  # shared by the R-EVAL services
    if not FIRST_YEAR <= year <= today.year:
        raise InputError(f"{what}{year}年不对：应在{FIRST_YEAR}年到今年（{today.year}年）之间。请检查年度。")


def share_setting(settings: Settings) -> tuple[Fraction, str]:
    """R-EVAL-2: the configured share of 优秀 as an exact fraction, and as written."""
    text = str(settings.get("eval.excellent_share")).strip()
    try:
        return Fraction(text.replace(" ", "")), text  # "1/3", "0.3"
    except (ValueError, ZeroDivisionError):
        text = str(SETTINGS["eval.excellent_share"].default)
        return Fraction(text), text


def category_in(category: MemberCategory, confirmed_on: dt.date | None, year: int) -> MemberCategory:
    """The member's category on 31 December of ``year``."""
    if category is MemberCategory.FULL and confirmed_on is not None and confirmed_on > dt.date(year, 12, 31):
        return MemberCategory.PROBATIONARY
    return category


def on_roster_in(year: int, joined_on: dt.date | None, transferred_in_on: dt.date | None,
                 status: RosterStatus, left_on: dt.date | None) -> bool:
    """R-EVAL-1: on the roster at any time during ``year`` (the 回收站 is filtered by the caller)."""
    last = dt.date(year, 12, 31)
    if (joined_on is not None and joined_on > last) or (transferred_in_on is not None and transferred_in_on > last):
        return False
    if status is not RosterStatus.ACTIVE:
        return left_on is not None and left_on >= dt.date(year, 1, 1)
    return True


# --- reading: one query per table ------------------------------------------------------------
_stroke_key: Final = lru_cache(maxsize=65536)(stroke_sort_key)  # 姓氏笔画 order; names repeat across calls
# Enums and dates read as stored (names, ISO text), converted below: 3× faster (benchmarks/yearend.py).
_MEMBER_COLUMNS: Final = (Member.id, Member.name, *(type_coerce(c, String) for c in (
    Member.gender, Member.category, Member.confirmed_on, Member.joined_on, Member.transferred_in_on,
    Member.roster_status, Member.left_on)), Member.organization_id, Member.group_id)
_EVAL_COLUMNS: Final = (Evaluation.member_id, Evaluation.id, Evaluation.organization_id,
                        type_coerce(Evaluation.grade, String), Evaluation.votes_excellent, Evaluation.votes_qualified,
                        Evaluation.votes_basic, Evaluation.votes_unqualified, Evaluation.note)
_GENDERS: Final = {g.name: g for g in Gender}


def _day(value: str | dt.date | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def year_roster(session: Session, year: int, units: Collection[int] | None = None) -> list[RosterMember]:
    """Every member on some roster in ``year`` (of the organisations ``units``), in 姓氏笔画 order."""
    evals = {row[0]: row for row in session.execute(select(*_EVAL_COLUMNS).where(Evaluation.year == year))}
    disposals = dict(session.execute(
        select(Evaluation.member_id, func.count(Disposal.id)).join(Disposal, Disposal.evaluation_id == Evaluation.id)
        .where(Evaluation.year == year).group_by(Evaluation.member_id)).all())
    groups = {oid: short or name for oid, short, name in session.execute(
        select(Organization.id, Organization.short_name, Organization.name).where(Organization.kind == OrgKind.GROUP))}
    found: list[RosterMember] = []
    stmt = select(*_MEMBER_COLUMNS).where(Member.deleted_at.is_(None))
    if units is not None:
        graded_here = [mid for mid, e in evals.items() if e[2] in units]
        stmt = stmt.where(Member.organization_id.in_(units) | Member.id.in_(graded_here))
    rows: Iterable[Any] = session.execute(stmt)
    for mid, name, gender, category, confirmed, joined, moved_in, status_name, left, org_id, group_id in rows:
        ev = evals.get(mid)
        unit, status = ev[2] if ev else org_id, RosterStatus[status_name]
        if (ev is None and not on_roster_in(year, _day(joined), _day(moved_in), status, _day(left))) or (
                units is not None and unit not in units):
            continue
        group = groups.get(group_id) if group_id is not None and unit == org_id else None
        found.append(RosterMember(
            mid, name, _GENDERS.get(gender), category_in(MemberCategory[category], _day(confirmed), year), unit, group,
            _day(left) if status is not RosterStatus.ACTIVE else None, status,
            *(ev[1], EvalGrade[ev[3]], ev[4:8], ev[8], disposals.get(mid, 0)) if ev is not None else ()))
    found.sort(key=lambda m: (_stroke_key(m.name), m.member_id))
    return found


def _members_of(session: Session, org: Organization, year: int) -> list[RosterMember]:
    return year_roster(session, year, org_subtree(session, org.id, groups=False))  # 党小组 are within branches


def roster_for_year(sessions: SessionFactory, org_id: int, year: int) -> list[RosterMember]:
    """R-EVAL-1: the members of the branch (and its 党小组, or of every branch under a 党总支) on the
    roster at any time during ``year``, with their grades, in 姓氏笔画 order."""
    with sessions() as session:
        return _members_of(session, get_org(session, org_id), year)


def grade_text(member: RosterMember) -> str:
    """The 等次 of a member's line on the screen and in the year-end tables: the grade; «预备党员» (R-EVAL-2: no
    等次; «预备党员（不合格）» for the R-EVAL-3 finding); «未参加评议» for one who left without being graded;
    «未评定» for a 正式党员 still to be graded."""
    if member.probationary:
        found = member.grade is EvalGrade.UNQUALIFIED
        return f"{PROBATIONARY_TEXT}（{EvalGrade.UNQUALIFIED.label}）" if found else PROBATIONARY_TEXT
    if member.grade is not None:
        return member.grade.label
    return UNGRADED_TEXT if member.expected else ABSENT_TEXT


def excellent_limit(share: Fraction, full: int) -> int:
    """R-EVAL-2: the most 优秀 a branch of ``full`` 正式党员 to be graded normally has."""
    return math.floor(share * full)


def results_of(members: Iterable[RosterMember], year: int, org: Organization, settings: Settings) -> BranchResults:
    """Counts and the R-EVAL-2 warning for the members of one organisation."""
    members = tuple(members)
    expected = [m for m in members if m.expected]
    counts = Counter(m.grade for m in expected if m.grade is not None)
    share, share_text = share_setting(settings)
    graded, full = sum(counts.values()), len(expected)
    limit = excellent_limit(share, full)
    warnings: list[str] = []
    excellent = counts[EvalGrade.EXCELLENT]
    if excellent > share * full:  # R-EVAL-2: warn, do not block
        warnings.append(
            f"{display_name(org)}评定为优秀的党员有{excellent}名，超过本支部正式党员（{full}名）的{share_text}："
            f"优秀一般不超过{limit}名。请复核评定结果。")
    return BranchResults(year, org.id, display_name(org), org.name, members, {g: counts[g] for g in EvalGrade},
                         share_text, limit, len(members), graded, tuple(warnings), full,
                         sum(1 for m in members if m.probationary))


def branch_results(sessions: SessionFactory, year: int, org_id: int) -> BranchResults:
    """民主评议 of a branch in ``year``: roster, grades, counts and the R-EVAL-2 warning."""
    settings = load_settings(sessions)
    with sessions() as session:
        org = get_org(session, org_id)
        return results_of(_members_of(session, org, year), year, org, settings)


def all_branch_results(sessions: SessionFactory, year: int) -> list[BranchResults]:
    """Every organisation with members on its own roster in ``year`` (branches, and 党总支/机关党委
    with direct members), in tree order."""
    settings = load_settings(sessions)
    rows = [r for r in list_orgs(sessions, include_dissolved=True) if r.kind is not OrgKind.GROUP]
    with sessions() as session:
        everyone = year_roster(session, year)
        orgs = {o.id: o for o in session.scalars(select(Organization).where(Organization.kind != OrgKind.GROUP))}
    by_unit: dict[int, list[RosterMember]] = defaultdict(list)
    for member in everyone:
        by_unit[member.org_id].append(member)
    return [results_of(by_unit[r.id], year, orgs[r.id], settings) for r in rows
            if r.id in by_unit or (r.kind.is_branch and not r.dissolved)]


# --- grading ---------------------------------------------------------------------------------


def _check_grade(name: str, data: GradeInput) -> None:
    if not isinstance(data.grade, EvalGrade):
        raise InputError(f"{name}的评议等次不对：只能是 优秀、合格、基本合格 或 不合格。")
    if data.votes is not None and len(data.votes) != len(EvalGrade):
        raise InputError(f"{name}的民主测评票数应有四项：优秀、合格、基本合格、不合格。")
    for grade, value in zip(EvalGrade, data.votes or (), strict=False):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise InputError(f"{name}的民主测评“{grade.label}”票数应为 0 或正整数（收到“{value}”）。请改正。")


def _grading_org(session: Session, org_id: int) -> Organization:
    org = get_org(session, org_id)
    if org.kind is OrgKind.GROUP:
        raise InputError(f"“{display_name(org)}”是党小组。民主评议党员由党支部组织，请选择它所在的党支部。")
    return org


def set_grades(sessions: SessionFactory, year: int, org_id: int, grades: Mapping[int, GradeInput], *,
               today: dt.date | None = None) -> BranchResults:
    """Record grades (R-EVAL-1) of members of branch ``org_id`` for ``year``. Refuses (nothing written) a
    member not on that branch's roster that year, an unknown grade, negative tallies, and changing the grade
    of a member who has a 组织处置 record. Returns the results; ``warnings`` carry R-EVAL-2."""
    check_year(year, today or dt.date.today())
    settings = load_settings(sessions)
    with sessions.begin() as session:
        org = _grading_org(session, org_id)
        roster = {m.member_id: m for m in _members_of(session, org, year)}
        ids = [m.evaluation_id for m in roster.values() if m.evaluation_id and m.member_id in grades]
        stored = {e.id: e for e in session.scalars(select(Evaluation).where(Evaluation.id.in_(ids)))} if ids else {}
        for member_id, data in grades.items():
            member = roster.get(member_id)
            if member is None:
                person = session.get(Member, member_id)
                if person is None or person.deleted_at is not None:
                    raise InputError("找不到要评定的党员，可能已被删除。请刷新名单后再试。")
                raise InputError(
                    f"{person.name}不在“{display_name(org)}”{year}年的党员名单中，不能在本支部评定等次。"
                    f"请检查所选的党支部和年度，或在其所在党支部评定。")
            _check_grade(member.name, data)
            row = stored.get(member.evaluation_id) if member.evaluation_id else None
            if row is None:
                row = Evaluation(year=year, member_id=member_id, organization_id=member.org_id)
                session.add(row)
            elif member.disposals and data.grade is not EvalGrade.UNQUALIFIED:  # the roster counted them
                raise InputError(f"{member.name}已有组织处置记录，不能把等次从“不合格”改为“{data.grade.label}”。"
                                 "请先删除其组织处置记录。")
            if member.probationary and data.grade is not EvalGrade.UNQUALIFIED:  # R-EVAL-2
                raise InputError(
                    f"{member.name}是预备党员。预备党员参加民主评议，但不评定等次，不能评为“{data.grade.label}”。"
                    "评议认为其不具备党员条件的，可记为“不合格”，再登记延长预备期或取消预备党员资格。")
            row.grade = data.grade
            votes = data.votes or (None, None, None, None)
            row.votes_excellent, row.votes_qualified, row.votes_basic, row.votes_unqualified = votes
            row.note = clean_text(data.note, 500, "备注")
        session.flush()
        return results_of(_members_of(session, org, year), year, org, settings)


def set_all_qualified(sessions: SessionFactory, year: int, org_id: int, *, today: dt.date | None = None) -> int:
    """Give 合格 to every 正式党员 to be graded (R-EVAL-2: not the 预备党员, not those who left before the
    evaluation) on the branch's roster for ``year`` who has no grade yet; returns how many."""
    check_year(year, today or dt.date.today())
    with sessions.begin() as session:
        org = _grading_org(session, org_id)
        todo = [m for m in _members_of(session, org, year) if m.evaluation_id is None and m.expected]
        session.add_all(Evaluation(year=year, member_id=m.member_id, organization_id=m.org_id,
                                   grade=EvalGrade.QUALIFIED) for m in todo)
        return len(todo)


T = TypeVar("T", bound=Base)


def fetch(session: Session, model: type[T], row_id: int) -> T:
    row = session.get(model, row_id)
    if row is None:
        raise InputError(f"找不到这条{model.__label__}记录，可能已被删除。请刷新后再试。")
    return row


def delete_grade(sessions: SessionFactory, evaluation_id: int) -> None:
    """Remove a grade entered by mistake; refused while it has 组织处置 records."""
    with sessions.begin() as session:
        row = fetch(session, Evaluation, evaluation_id)
        if row.disposals:
            raise InputError("该党员已有组织处置记录，不能删除评议等次。请先删除组织处置记录。")
        session.delete(row)


# --- 组织处置 (R-EVAL-3) ----------------------------------------------------------------------


def _contradiction(name: str, kind: DisposalKind, others: Iterable[DisposalKind]) -> str | None:
    """R-EVAL-3: why ``kind`` cannot be recorded beside the disposals ``others`` of the same evaluation, or None.
    Nothing follows a 除名 or a 取消预备党员资格; 延长预备期 and 取消预备党员资格 exclude each other. The escalation
    限期改正 → 劝其退党 → 除名 is allowed (a member persuaded to leave who refuses is removed)."""
    found = list(others)
    final = next((k for k in found if k in FINAL_KINDS), None)
    if final is not None:
        return (f"{name}已登记“{final.label}”，不能再登记“{kind.label}”。如原来的记录有误，请修改或删除那条记录。")
    for pair in EXCLUSIVE_KINDS:
        if kind in pair:
            other = pair[1] if kind is pair[0] else pair[0]
            if other in found:
                return (f"{name}已登记“{other.label}”。{pair[0].label}和{pair[1].label}只能选择其一，"
                        f"不能同时登记。请修改原来的那条记录。")
    return None


def _checked(session: Session, evaluation: Evaluation, data: DisposalInput, today: dt.date, *,
             replacing: int | None = None) -> DisposalInput:
    member = session.get(Member, evaluation.member_id)
    name = member.name if member else "该党员"
    if evaluation.grade is not EvalGrade.UNQUALIFIED:
        raise InputError(f"{name}{evaluation.year}年民主评议为“{evaluation.grade.label}”。只有评定为“不合格”的党员"
                         "才进行组织处置。请先核对评议等次。")
    if not isinstance(data.kind, DisposalKind):
        raise InputError("请选择处置方式：限期改正、劝其退党、除名、延长预备期或取消预备党员资格。")
    category = category_in(member.category, member.confirmed_on, evaluation.year) if member else MemberCategory.FULL
    if category is MemberCategory.PROBATIONARY and data.kind not in PROBATION_KINDS:
        raise InputError(f"{name}是预备党员。预备党员不劝退，也不除名或限期改正：评为不合格的预备党员应延长预备期"
                         "或取消预备党员资格。请改选“延长预备期”或“取消预备党员资格”。")
    if category is MemberCategory.FULL and data.kind not in FULL_MEMBER_KINDS:
        raise InputError(f"{name}是正式党员，组织处置只能是限期改正、劝其退党或除名；"
                         f"“{data.kind.label}”只适用于预备党员。请改选处置方式。")
    problem = _contradiction(name, data.kind, (d.kind for d in evaluation.disposals if d.id != replacing))
    if problem is not None:
        raise InputError(problem)
    ensure_not_future(data.decided_on, "处置决定日期", today)
    if data.decided_on and data.deadline and data.deadline <= data.decided_on:
        raise InputError(f"期限{format_cn(data.deadline)}应在决定日期{format_cn(data.decided_on)}之后。请改正期限。")
    return DisposalInput(data.kind, data.decided_on, data.deadline, clean_text(data.outcome, 2000, "处置结果"),
                         clean_text(data.decision, 2000, "处置决定"))


def add_disposal(sessions: SessionFactory, evaluation_id: int, data: DisposalInput, *,
                 today: dt.date | None = None) -> int:
    """Record a 组织处置 (R-EVAL-3) of a member graded 不合格; returns its id."""
    with sessions.begin() as session:
        evaluation = fetch(session, Evaluation, evaluation_id)
        clean = _checked(session, evaluation, data, today or dt.date.today())
        row = Disposal(evaluation_id=evaluation.id, **vars(clean))
        session.add(row)
        session.flush()
        return row.id


def update_disposal(sessions: SessionFactory, disposal_id: int, data: DisposalInput, *,
                    today: dt.date | None = None) -> None:
    with sessions.begin() as session:
        row = fetch(session, Disposal, disposal_id)
        checked = _checked(session, row.evaluation, data, today or dt.date.today(), replacing=row.id)
        for key, value in vars(checked).items():
            setattr(row, key, value)


def delete_disposal(sessions: SessionFactory, disposal_id: int) -> None:
    with sessions.begin() as session:
        session.delete(fetch(session, Disposal, disposal_id))


def list_disposals(sessions: SessionFactory, year: int) -> list[DisposalRow]:
    """The 组织处置 records of ``year``'s 民主评议, by branch and decision date."""
    with sessions() as session:
        orgs = {o.id: o for o in session.scalars(select(Organization))}
        rows = session.execute(
            select(Disposal, Evaluation, Member).join(Evaluation, Disposal.evaluation_id == Evaluation.id)
            .join(Member, Evaluation.member_id == Member.id)
            .where(Evaluation.year == year, Member.deleted_at.is_(None))).all()
        found = [DisposalRow(d.id, e.id, m.id, m.name, e.organization_id, display_name(orgs[e.organization_id]),
                             category_in(m.category, m.confirmed_on, year), d.kind, d.decided_on, d.deadline,
                             d.outcome, d.decision) for d, e, m in rows]
    found.sort(key=lambda r: (orgs[r.org_id].sort_order, r.org_id, r.decided_on or dt.date.max, r.id))
    return found

