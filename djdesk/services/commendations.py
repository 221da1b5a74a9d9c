"""评先评优 (R-EVAL-5): the 七一 nominations of a year and the reminder to record them. No Qt.

Before 1 July each year the 机关党委 selects 优秀共产党员, 优秀党务工作者 and 先进基层党组织; the
clerk may also type any other title (标准化建设示范党支部, 青年学习标兵 …). A title for an
organisation (先进基层党组织, or one ending in 党组织/党支部/党总支/党委/集体) takes an organisation as
nominee; every other title a member. Each nomination records the nominee, 主要事迹, the level
(机关党委, 省直机关工委 …), the status (推荐 → 审批 → 表彰 or 未通过) and the document.
Each write is one transaction; a refusal raises :class:`InputError` and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from djdesk.domain.dates import ensure_not_future
from djdesk.domain.enums import COMMENDATION_TITLES, CommendationStatus, OrgKind
from djdesk.domain.errors import InputError
from djdesk.domain.terms import Severity
from djdesk.services.evaluations import FIRST_YEAR
from djdesk.services.meeting_attendance import display_name
from djdesk.services.meeting_forms import clean_text
from djdesk.services.reminders import Reminder
from djdesk.services.settings import load_settings
from djdesk.store.engine import SessionFactory
from djdesk.store.models import Commendation, Member, Organization

ORG_TITLE: Final = COMMENDATION_TITLES[2]  # 先进基层党组织
ORG_TITLE_ENDINGS: Final = ("党组织", "党支部", "党总支", "党委", "集体")
LEVELS: Final = ("机关党委", "省直机关工委")  # suggestions; any level may be typed
TOPIC: Final = "评先评优"
REMIND_FROM: Final = (5, 1)  # 1 May
DUE: Final = (6, 30)  # before 七一


def is_org_title(title: str) -> bool:
    """A title given to an organisation rather than to a member."""
    title = title.strip()
    return title == ORG_TITLE or title.endswith(ORG_TITLE_ENDINGS)


@dataclass
class NominationInput:
    title: str  # 优秀共产党员, 优秀党务工作者, 先进基层党组织 or any other
    member_id: int | None = None  # for a personal title
    organization_id: int | None = None  # for an organisation's title
    deeds: str | None = None  # 主要事迹
    level: str | None = None  # 机关党委, 省直机关工委 …
    status: CommendationStatus = CommendationStatus.NOMINATED
    doc_number: str | None = None
    doc_on: dt.date | None = None
    note: str | None = None


@dataclass(frozen=True)
class NominationRow:
    id: int
    year: int
    title: str
    for_organisation: bool
    member_id: int | None
    nominee_name: str
    org_id: int | None  # the nominated organisation, or the member's organisation
    organisation: str  # its short name ("" when unknown)
    deeds: str | None
    level: str | None
    status: CommendationStatus
    doc_number: str | None
    doc_on: dt.date | None
    note: str | None


def _checked(session: Session, year: int, data: NominationInput, today: dt.date,
             own_id: int | None) -> tuple[str, str, int | None, int | None]:
    """R-EVAL-5 refusals; returns (title, nominee name, member id, organisation id)."""
    if not FIRST_YEAR <= year <= today.year + 1:
        raise InputError(f"评选年度{year}年不对：应在{FIRST_YEAR}年到明年之间。请检查年度。")
    title = clean_text(data.title, 100, "荣誉称号")
    if not title:
        raise InputError("请填写荣誉称号，如 优秀共产党员、优秀党务工作者、先进基层党组织。")
    if not isinstance(data.status, CommendationStatus):
        raise InputError("请选择状态：推荐、审批、表彰 或 未通过。")
    ensure_not_future(data.doc_on, "文件日期", today)
    if is_org_title(title):
        if data.organization_id is None or data.member_id is not None:
            raise InputError(f"“{title}”表彰的是党组织，请选择一个党组织作为推荐对象（不是党员个人）。")
        org = session.get(Organization, data.organization_id)
        if org is None:
            raise InputError("找不到所选的党组织，它可能已被删除。请重新选择。")
        if org.kind is OrgKind.GROUP:
            raise InputError(f"“{display_name(org)}”是党小组，不是基层党组织。请选择党支部或党总支。")
        nominee: tuple[str, int | None, int | None] = (org.name, None, org.id)
    else:
        if data.member_id is None or data.organization_id is not None:
            raise InputError(f"“{title}”是个人荣誉，请选择一名党员作为推荐对象（不是党组织）。")
        member = session.get(Member, data.member_id)
        if member is None or member.deleted_at is not None:
            raise InputError("找不到所选的党员，可能已被删除。请重新选择。")
        nominee = (member.name, member.id, member.organization_id)
    name, member_id, org_id = nominee
    who = Commendation.member_id == member_id if member_id is not None else (
        (Commendation.organization_id == org_id) & Commendation.member_id.is_(None))
    same = select(Commendation.id).where(Commendation.year == year, Commendation.title == title, who)
    if any(found != own_id for found in session.scalars(same)):
        raise InputError(f"{year}年已经推荐过{name}为“{title}”，不能重复推荐。请修改原有的推荐记录。")
    return title, name, member_id, org_id


def _fill(row: Commendation, data: NominationInput, checked: tuple[str, str, int | None, int | None]) -> None:
    row.title, row.nominee_name, row.member_id, row.organization_id = checked
    row.deeds = clean_text(data.deeds, 5000, "主要事迹")
    row.level = clean_text(data.level, 100, "推荐层级")
    row.status = data.status
    row.doc_number = clean_text(data.doc_number, 200, "文号")
    row.doc_on = data.doc_on
    row.note = clean_text(data.note, 1000, "备注")


def add_nomination(sessions: SessionFactory, year: int, data: NominationInput, *,
                   today: dt.date | None = None) -> int:
    """Record a nomination of ``year`` (R-EVAL-5); returns its id."""
    today = today or dt.date.today()
    with sessions.begin() as session:
        row = Commendation(year=year)
        _fill(row, data, _checked(session, year, data, today, None))
        session.add(row)
        session.flush()
        return row.id


def _row(session: Session, nomination_id: int) -> Commendation:
    row = session.get(Commendation, nomination_id)
    if row is None:
        raise InputError("找不到这条评先评优记录，可能已被删除。请刷新后再试。")
    return row


def update_nomination(sessions: SessionFactory, nomination_id: int, data: NominationInput, *,
                      today: dt.date | None = None) -> None:
    today = today or dt.date.today()
    with sessions.begin() as session:
        row = _row(session, nomination_id)
        _fill(row, data, _checked(session, row.year, data, today, row.id))


def delete_nomination(sessions: SessionFactory, nomination_id: int) -> None:
    with sessions.begin() as session:
        session.delete(_row(session, nomination_id))


def _as_row(c: Commendation, orgs: dict[int, Organization]) -> NominationRow:
    org = orgs.get(c.organization_id) if c.organization_id is not None else None
    return NominationRow(c.id, c.year, c.title, c.member_id is None and is_org_title(c.title), c.member_id,
                         c.nominee_name, c.organization_id, display_name(org) if org else "", c.deeds, c.level,
                         c.status, c.doc_number, c.doc_on, c.note)


def list_nominations(sessions: SessionFactory, year: int) -> list[NominationRow]:
    """The nominations of ``year``: by title (the three statutory ones first), then organisation order."""
    with sessions() as session:
        orgs = {o.id: o for o in session.scalars(select(Organization))}
        rows = [_as_row(c, orgs) for c in session.scalars(select(Commendation).where(Commendation.year == year))]
    order = {t: i for i, t in enumerate(COMMENDATION_TITLES)}

    def key(r: NominationRow) -> tuple[int, str, int, int, int]:
        org = orgs.get(r.org_id) if r.org_id is not None else None
        return (order.get(r.title, len(order)), r.title, org.sort_order if org else 0, r.org_id or 0, r.id)

    return sorted(rows, key=key)


def get_nomination(sessions: SessionFactory, nomination_id: int) -> NominationRow:
    with sessions() as session:
        row = _row(session, nomination_id)
        orgs = {o.id: o for o in session.scalars(select(Organization))}
        return _as_row(row, orgs)


def nomination_reminder(sessions: SessionFactory, on: dt.date) -> Reminder | None:
    """R-EVAL-5: from 1 May until a nomination of ``on``'s year is recorded; due before 七一 (1 July).

    A notice in May, a warning in June, urgent once 1 July has passed without any record."""
    if on < dt.date(on.year, *REMIND_FROM):
        return None
    name = load_settings(sessions).committee_name
    if not name:  # no 机关党委 yet (an empty database): nothing to nominate from
        return None
    with sessions() as session:
        if session.scalar(select(Commendation.id).where(Commendation.year == on.year).limit(1)) is not None:
            return None
    deadline = dt.date(on.year, *DUE)
    if on > deadline:
        severity, when = Severity.URGENT, "“七一”已过，请尽快录入推荐和表彰名单"
    else:
        severity = Severity.WARNING if on.month >= deadline.month else Severity.INFO
        when = f"请在{deadline.month}月{deadline.day}日前完成评选并录入推荐名单"
    text = (f"{on.year}年“七一”评选表彰（优秀共产党员、优秀党务工作者、先进基层党组织）的推荐还没有录入，"
            f"{when}。")
    return Reminder(None, name, severity, text, "R-EVAL-5", deadline, TOPIC)


__all__ = ["LEVELS", "ORG_TITLE", "NominationInput", "NominationRow", "add_nomination", "delete_nomination",
           "get_nomination", "is_org_title", "list_nominations", "nomination_reminder", "update_nomination"]
