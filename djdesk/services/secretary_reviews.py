"""书记抓党建述职评议考核 (R-EVAL-4). No Qt.

Yearly, from the year end to the first quarter of the next year, each 党支部书记 and 党总支书记 reports
to the 机关党委, and the 机关党委书记 to the upper organisation (setting ``unit.upper_org``, the
省直机关工委). One record per organisation and year (:func:`save_review` inserts or updates it): the
secretary (by default the 书记 seated on the 述职 date, or at the year end), the date, a score 0–100,
a grade among the configured ones (setting ``eval.secretary_grades``, default 好、较好、一般、差) and
comments. A refusal raises :class:`InputError` and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from djdesk.domain.dates import ensure_not_future
from djdesk.domain.enums import SECRETARY_REVIEW_GRADES, CommitteeRole, OrgKind
from djdesk.domain.errors import InputError
from djdesk.services.evaluations import check_year
from djdesk.services.meeting_attendance import display_name, get_org
from djdesk.services.meeting_forms import clean_text
from djdesk.services.org_info import current_seats
from djdesk.services.orgs import list_orgs
from djdesk.services.settings import Settings, load_settings
from djdesk.store.engine import SessionFactory
from djdesk.store.models import CommitteeSeat, Member, Organization, SecretaryReview

MAX_SCORE: Final = 100.0


@dataclass
class ReviewInput:
    """One 述职评议考核. Leave the secretary empty to take the 书记 seated on ``reported_on`` (or on
    31 December); give ``member_id`` or, for someone not on the roster, ``secretary_name``."""

    reported_on: dt.date | None = None  # 述职 date
    score: float | None = None  # 0–100
    grade: str | None = None  # one of the configured grades
    comments: str | None = None
    member_id: int | None = None
    secretary_name: str | None = None


@dataclass(frozen=True)
class ReviewRow:
    """An organisation that reports (党支部, 党总支, 机关党委) and its review of the year, if recorded."""

    org_id: int
    organisation: str  # short name
    organisation_full: str
    kind: OrgKind
    depth: int
    reviewer: str  # R-EVAL-4: who assesses: the 机关党委, or the upper organisation for the 机关党委 itself
    secretary: str | None  # the review's secretary, else the 书记 seated at the year end
    review_id: int | None = None
    member_id: int | None = None
    reported_on: dt.date | None = None
    score: float | None = None
    grade: str | None = None
    comments: str | None = None


def secretary_grades(settings: Settings) -> tuple[str, ...]:
    """R-EVAL-4: the configured grades (default 好、较好、一般、差)."""
    value = settings.get("eval.secretary_grades")
    if isinstance(value, str):
        value = value.replace("，", "、").replace(",", "、").split("、")
    grades = tuple(str(v).strip() for v in value or () if str(v).strip())
    return grades or SECRETARY_REVIEW_GRADES


def _secretary_on(seats: list[CommitteeSeat], on: dt.date) -> CommitteeSeat | None:
    return next((s for s in current_seats(seats, on) if s.role is CommitteeRole.SECRETARY), None)


def default_secretary(sessions: SessionFactory, org_id: int, year: int,
                      on: dt.date | None = None) -> tuple[int | None, str] | None:
    """The 书记 seated on ``on`` (else on 31 December of ``year``): (member id, name), or None."""
    with sessions() as session:
        org = get_org(session, org_id)
        seat = _secretary_on(list(org.seats), on or dt.date(year, 12, 31))
        return (seat.member_id, seat.person_name) if seat else None


def _reviewer(org: Organization, upper: str, committee: str) -> str:
    return upper if org.parent_id is None else committee


def _check(session: Session, org: Organization, data: ReviewInput, settings: Settings, year: int,
           today: dt.date) -> tuple[int | None, str]:
    """Refusals of R-EVAL-4; returns the secretary (member id, name)."""
    if org.kind is OrgKind.GROUP:
        raise InputError(f"“{display_name(org)}”是党小组。书记抓党建述职评议考核针对党支部、党总支和机关党委书记，"
                         "请选择党组织。")
    ensure_not_future(data.reported_on, "述职日期", today)
    if data.score is not None:
        if isinstance(data.score, bool) or not isinstance(data.score, int | float) or not math.isfinite(data.score) \
                or not 0 <= data.score <= MAX_SCORE:
            raise InputError(f"考核得分应在 0 到 {MAX_SCORE:g} 分之间（收到“{data.score}”）。请改正。")
    grades = secretary_grades(settings)
    if data.grade is not None and data.grade.strip() and data.grade.strip() not in grades:
        raise InputError(f"考核等次“{data.grade.strip()}”不在设置的等次（{'、'.join(grades)}）中。"
                         "请从中选择，或先在设置中修改“述职评议考核等次”。")
    if data.member_id is not None:
        member = session.get(Member, data.member_id)
        if member is None or member.deleted_at is not None:
            raise InputError("找不到所选的书记（党员），可能已被删除。请重新选择。")
        return member.id, member.name
    name = clean_text(data.secretary_name, 100, "书记姓名")
    if name:
        return None, name
    seat = _secretary_on(list(org.seats), data.reported_on or dt.date(year, 12, 31))
    if seat is None:
        seat = _secretary_on(list(org.seats), dt.date(year, 12, 31))
    if seat is None:
        raise InputError(f"“{display_name(org)}”在{year}年底没有书记的任职记录。请选择述职的书记或填写其姓名，"
                         "或先在组织页记录班子成员。")
    return seat.member_id, seat.person_name


def save_review(sessions: SessionFactory, year: int, org_id: int, data: ReviewInput, *,
                today: dt.date | None = None) -> int:
    """Record (or correct) the 述职评议考核 of ``org_id``'s secretary for ``year``; returns its id.

    Refuses (nothing written) a 党小组, a future date, a score outside 0–100, a grade not configured,
    and an organisation without a recorded 书记 when no secretary is given.
    """
    today = today or dt.date.today()
    check_year(year, today, "考核年度")
    settings = load_settings(sessions)
    with sessions.begin() as session:
        org = get_org(session, org_id)
        member_id, name = _check(session, org, data, settings, year, today)
        row = session.scalar(select(SecretaryReview).where(SecretaryReview.year == year,
                                                           SecretaryReview.organization_id == org.id))
        if row is None:
            row = SecretaryReview(year=year, organization_id=org.id)
            session.add(row)
        row.member_id, row.secretary_name = member_id, name
        row.reported_on = data.reported_on
        row.score = None if data.score is None else round(float(data.score), 2)
        row.grade = (data.grade or "").strip() or None
        row.comments = clean_text(data.comments, 2000, "评议意见")
        session.flush()
        return row.id


def delete_review(sessions: SessionFactory, review_id: int) -> None:
    with sessions.begin() as session:
        row = session.get(SecretaryReview, review_id)
        if row is None:
            raise InputError("找不到这条述职评议考核记录，可能已被删除。请刷新后再试。")
        session.delete(row)


def list_reviews(sessions: SessionFactory, year: int) -> list[ReviewRow]:
    """Every 党支部, 党总支 and 机关党委 (not dissolved before ``year``) in tree order, with its review."""
    settings = load_settings(sessions)
    committee = settings.committee_name or "机关党委"  # the kind, while the clerk has not named it
    upper = settings.upper_org or "上级党组织"
    rows = [r for r in list_orgs(sessions, include_dissolved=True) if r.kind is not OrgKind.GROUP]
    with sessions() as session:
        orgs = {o.id: o for o in session.scalars(select(Organization).where(Organization.kind != OrgKind.GROUP))}
        reviews = {r.organization_id: r for r in session.scalars(
            select(SecretaryReview).where(SecretaryReview.year == year))}
        seats: dict[int, list[CommitteeSeat]] = {}
        for seat in session.scalars(select(CommitteeSeat)):
            seats.setdefault(seat.organization_id, []).append(seat)
    found: list[ReviewRow] = []
    for row in rows:
        org, review = orgs[row.id], reviews.get(row.id)
        if review is None and org.dissolved_on is not None and org.dissolved_on < dt.date(year, 1, 1):
            continue
        if review is None:
            holder = _secretary_on(seats.get(row.id, []), dt.date(year, 12, 31))
            found.append(ReviewRow(row.id, row.display_name, row.name, row.kind, row.depth,
                                   _reviewer(org, upper, committee), holder.person_name if holder else None))
            continue
        found.append(ReviewRow(row.id, row.display_name, row.name, row.kind, row.depth,
                               _reviewer(org, upper, committee), review.secretary_name, review.id, review.member_id,
                               review.reported_on, review.score, review.grade, review.comments))
    return found


__all__ = ["ReviewInput", "ReviewRow", "default_secretary", "delete_review", "list_reviews", "save_review",
           "secretary_grades"]
