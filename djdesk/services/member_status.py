"""Changes of a member's status, each a dated record in the member's history (rules.md §6, R-EVAL-7).

转出 (with the 介绍信 of R-XFER-1/2), 转入, 停止党籍/恢复党籍, 失联/恢复联系, 流动/结束流动, 留党察看 (one or two
years, :func:`record_party_probation`) and 恢复党员权利 (:mod:`djdesk.domain.discipline`), 出党, 去世;
and the 回收站 for records entered by mistake. Each function is one transaction; a refusal raises
:class:`InputError` and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from djdesk.domain import discipline
from djdesk.domain.contact import GIVEN, last_contact, lost_contact_problem
from djdesk.domain.dates import DateParseError, format_cn, parse_date
from djdesk.domain.enums import AttendanceStatus, MemberEventKind, PartyStanding, RosterStatus, TransferDirection
from djdesk.domain.errors import InputError
from djdesk.services.settings import load_settings
from djdesk.store.base import now
from djdesk.store.engine import SessionFactory
from djdesk.store.models import Attendance, Meeting, Member, MemberEvent, MemberTransfer, Organization

MAX_VALIDITY_DAYS = 90  # R-XFER-2


def _member(session: Session, member_id: int, *, active: bool = True) -> Member:
    member = session.get(Member, member_id)
    if member is None or member.deleted_at is not None:
        raise InputError("找不到该党员，可能已被删除。请刷新后再试。")
    if active and member.roster_status is not RosterStatus.ACTIVE:
        raise InputError(f"{member.name}已不在册（{member.roster_status.label}），不能办理此项变动。")
    return member


def _check_date(member: Member, on: dt.date, what: str, today: dt.date) -> None:
    if on > today:
        raise InputError(f"{what}日期 {format_cn(on)} 在今天之后。请填写实际发生的日期。")
    if member.joined_on is not None and on < member.joined_on:
        joined = format_cn(member.joined_on)
        raise InputError(f"{what}日期 {format_cn(on)} 早于{member.name}的入党日期（{joined}），请检查。")


def _event(session: Session, member: Member, kind: MemberEventKind, on: dt.date, detail: str | None) -> None:
    session.add(MemberEvent(member_id=member.id, kind=kind, occurred_on=on, detail=detail or None))


def last_organisational_life(session: Session, member_id: int, until: dt.date) -> dt.date | None:
    """R-EVAL-7: the day of the member's last organisational life recorded in djdesk, by ``until``: present (出席,
    also as 列席) at a held meeting that is not in the 回收站."""
    return session.scalar(
        select(Meeting.held_on).join(Attendance, Attendance.meeting_id == Meeting.id)
        .where(Attendance.member_id == member_id, Attendance.status == AttendanceStatus.PRESENT,
               Meeting.held.is_(True), Meeting.deleted_at.is_(None), Meeting.held_on <= until)
        .order_by(Meeting.held_on.desc()).limit(1))


def last_dues_paid(session: Session, member_id: int, until: dt.date) -> dt.date | None:
    """R-EVAL-7: the day of the member's last dues payment by ``until``. 党费 records do not exist yet (the 党费 tab
    is to come): this is where the dues feature plugs in; until then there is none."""
    del session, member_id, until
    return None


def _lost_contact_on(session: Session, member: Member, given: dt.date, today: dt.date) -> tuple[dt.date, str | None]:
    """R-EVAL-7: the 失联 date to record (the last contact: the later of ``given`` and the last organisational life
    or dues payment), and a note for the history when it is not ``given``; refused before 6 months are full."""
    last = last_contact(given, last_organisational_life(session, member.id, today),
                        last_dues_paid(session, member.id, today))
    assert last is not None  # ``given`` is a date
    problem = lost_contact_problem(last, today)
    if problem is not None:
        raise InputError(problem)
    if last.what == GIVEN:
        return last.on, None
    return last.on, f"{last.what}：{format_cn(last.on)}（晚于填写的失联日期{format_cn(given)}）"


def _dues_month(text: str | None) -> str | None:
    """党费缴至 as YYYY-MM (R-XFER-1): a year-month in any form the date parser reads as one."""
    if not text or not text.strip():
        return None
    try:
        parsed = parse_date(text.strip())
    except DateParseError:
        parsed = None
    if parsed is None or not parsed.partial:
        raise InputError(f"党费缴至“{text}”应写成年月，如 2026-10 或 2026年10月。")
    return f"{parsed.value:%Y-%m}"


@dataclass
class TransferOut:
    """组织关系转出 and its 介绍信 (R-XFER-1): number, to whom, 党费缴至, validity (R-XFER-2)."""

    on: dt.date
    letter_number: str
    to_org: str
    dues_paid_to: str | None = None
    validity_days: int | None = None
    note: str | None = None


def transfer_out(sessions: SessionFactory, member_id: int, data: TransferOut, *,
                 today: dt.date | None = None) -> int:
    today = today or dt.date.today()
    if not data.letter_number.strip():
        raise InputError("请填写介绍信编号。")
    if not data.to_org.strip():
        raise InputError("请填写转往的党组织（介绍信抬头）。")
    validity = (data.validity_days if data.validity_days is not None
                else int(load_settings(sessions).get("xfer.validity_days")))
    if not 1 <= validity <= MAX_VALIDITY_DAYS:
        raise InputError(f"介绍信有效期应为 1 至 {MAX_VALIDITY_DAYS} 天，现填写 {validity} 天。")
    dues = _dues_month(data.dues_paid_to)
    with sessions.begin() as session:
        member = _member(session, member_id)
        _check_date(member, data.on, "转出", today)
        transfer = MemberTransfer(
            member_id=member.id, direction=TransferDirection.OUT, letter_number=data.letter_number.strip(),
            from_org=member.organization.name, to_org=data.to_org.strip(), dues_paid_to=dues,
            validity_days=validity, issued_on=data.on, note=data.note,
        )
        session.add(transfer)
        _event(session, member, MemberEventKind.TRANSFER_OUT, data.on,
               f"转往{data.to_org.strip()}，介绍信 {data.letter_number.strip()}，有效期 {validity} 天")
        member.roster_status = RosterStatus.TRANSFERRED_OUT
        member.left_on = data.on
        session.flush()
        return transfer.id


def receipt_returned(sessions: SessionFactory, transfer_id: int, on: dt.date, *, today: dt.date | None = None) -> None:
    """The 回执 came back (R-XFER-1)."""
    if on > (today or dt.date.today()):
        raise InputError("回执日期在今天之后，请检查。")
    with sessions.begin() as session:
        transfer = session.get(MemberTransfer, transfer_id)
        if transfer is None:
            raise InputError("找不到该转接记录，请刷新后再试。")
        if transfer.issued_on is not None and on < transfer.issued_on:
            raise InputError("回执日期早于介绍信开具日期，请检查。")
        transfer.receipt_returned = True
        transfer.receipt_on = on


def transfer_in(sessions: SessionFactory, member_id: int, on: dt.date, letter_number: str, from_org: str,
                organization_id: int | None = None, *, today: dt.date | None = None) -> None:
    """组织关系转入 of a member already in the records (e.g. one who had been transferred out)."""
    today = today or dt.date.today()
    with sessions.begin() as session:
        member = _member(session, member_id, active=False)
        if member.roster_status is RosterStatus.ACTIVE:
            raise InputError(f"{member.name}已在册，无需办理转入。新党员转入请用“新增党员”。")
        if member.roster_status in (RosterStatus.LEFT_PARTY, RosterStatus.DECEASED):
            raise InputError(f"{member.name}的状态为“{member.roster_status.label}”，不能办理转入。")
        _check_date(member, on, "转入", today)
        if member.left_on is not None and on < member.left_on:
            raise InputError(f"转入日期早于转出日期（{format_cn(member.left_on)}），请检查。")
        target = member.organization
        if organization_id is not None:
            found = session.get(Organization, organization_id)
            if found is None or found.dissolved_on is not None:
                raise InputError("转入的党组织不存在或已撤销，请重新选择。")
            target = found
            member.organization_id = found.id
        session.add(MemberTransfer(member_id=member.id, direction=TransferDirection.IN,
                                   letter_number=letter_number.strip() or None, from_org=from_org.strip() or None,
                                   to_org=target.name, issued_on=on))
        _event(session, member, MemberEventKind.TRANSFER_IN, on, f"由{from_org.strip()}转入")
        member.roster_status = RosterStatus.ACTIVE
        member.left_on = None
        member.transferred_in_on = on


def change_status(sessions: SessionFactory, member_id: int, kind: MemberEventKind, on: dt.date,
                  detail: str | None = None, *, today: dt.date | None = None) -> None:
    """停止党籍, 恢复党籍, 失联 (R-EVAL-7: ``on`` is the 失去联系日期 given; refused until 6 months after the last
    contact, recorded as that day), 恢复联系, 流动 (detail = 外出流向), 结束流动, 留党察看一年/二年 (``on`` its start)
    and 恢复党员权利 (its end), 出党, 去世."""
    today = today or dt.date.today()
    with sessions.begin() as session:
        member = _member(session, member_id)
        _check_date(member, on, kind.label, today)
        if kind is MemberEventKind.SUSPEND:
            if member.standing is PartyStanding.SUSPENDED:
                raise InputError(f"{member.name}已是停止党籍状态，无需再次办理。如需恢复，请选择“恢复党籍”。")
            member.standing = PartyStanding.SUSPENDED
        elif kind is MemberEventKind.RESTORE:
            if member.standing is not PartyStanding.SUSPENDED:
                raise InputError(f"{member.name}的党籍状态正常，无需恢复。请确认选中的党员是否正确。")
            member.standing = PartyStanding.NORMAL
        elif kind is MemberEventKind.LOST_CONTACT:
            # R-EVAL-7: out of contact for 6 months or more; the 失联 date is the last contact.
            on, note = _lost_contact_on(session, member, on, today)
            detail = "；".join(x for x in (detail, note) if x) or None
            member.lost_contact = True
            member.lost_contact_on = on
        elif kind is MemberEventKind.REGAINED_CONTACT:
            if not member.lost_contact:
                raise InputError(f"{member.name}不是失联党员，无需恢复联系。请确认选中的党员是否正确。")
            member.lost_contact = False
            member.lost_contact_on = None
        elif kind is MemberEventKind.FLOATING:
            if not (detail or "").strip():
                raise InputError("请填写外出流向（如 广东省深圳市）。")
            member.floating = True
            member.floating_to = (detail or "").strip()
        elif kind is MemberEventKind.FLOATING_END:
            member.floating = False
            member.floating_to = None
        elif kind in discipline.PROBATION_YEARS:
            years = discipline.PROBATION_YEARS[kind]
            problem = discipline.start_problem(member.name, member, on, years)
            if problem is not None:
                raise InputError(problem)
            detail = "；".join(x for x in (discipline.period_words(on, years), (detail or "").strip()) if x)
        elif kind is MemberEventKind.PARTY_RIGHTS_RESTORED:
            problem = discipline.end_problem(member.name, member, on)
            if problem is not None:
                raise InputError(problem)
        elif kind in (MemberEventKind.LEFT_PARTY, MemberEventKind.DECEASED):
            member.roster_status = (RosterStatus.LEFT_PARTY if kind is MemberEventKind.LEFT_PARTY
                                    else RosterStatus.DECEASED)
            member.left_on = on
        else:
            raise InputError("转出、转入请使用相应的功能办理，以便登记介绍信。")
        _event(session, member, kind, on, detail)


def record_party_probation(sessions: SessionFactory, member_id: int, start: dt.date, years: int,
                           detail: str | None = None, *, today: dt.date | None = None) -> None:
    """留党察看 of ``years`` (one or two) from ``start``, kept in the member's history: no vote inside the period
    (R-MEET-9), no 入党介绍人 (R-DEV-5). Its end is recorded with :func:`change_status` (恢复党员权利)."""
    kind = next((k for k, n in discipline.PROBATION_YEARS.items() if n == years), None)
    if kind is None:
        with sessions() as session:
            name = _member(session, member_id).name
        raise InputError(f"{name}的留党察看期限应为一年或二年（收到“{years}”）。请重新选择。")
    change_status(sessions, member_id, kind, start, detail, today=today)


@dataclass(frozen=True)
class HistoryLine:
    on: dt.date
    what: str
    detail: str


def member_history(sessions: SessionFactory, member_id: int) -> list[HistoryLine]:
    """The member's dated changes, oldest first."""
    with sessions() as session:
        events = session.scalars(select(MemberEvent).where(MemberEvent.member_id == member_id)).all()
        transfers = session.scalars(select(MemberTransfer).where(MemberTransfer.member_id == member_id)).all()
        lines = [HistoryLine(e.occurred_on, e.kind.label, e.detail or "") for e in events]
        for t in transfers:
            if t.receipt_returned and t.receipt_on:
                lines.append(HistoryLine(t.receipt_on, "回执已退回", f"介绍信 {t.letter_number or ''}"))
    return sorted(lines, key=lambda line: line.on)


# --- 回收站 ------------------------------------------------------------------------------------

def delete_member(sessions: SessionFactory, member_id: int) -> None:
    """Move a record entered by mistake to the 回收站 (it can be restored)."""
    with sessions.begin() as session:
        member = session.get(Member, member_id)
        if member is None or member.deleted_at is not None:
            raise InputError("该党员记录已不存在或已在回收站中。")
        member.deleted_at = now()


def restore_member(sessions: SessionFactory, member_id: int) -> None:
    with sessions.begin() as session:
        member = session.get(Member, member_id)
        if member is None or member.deleted_at is None:
            raise InputError("回收站中没有这条记录，请刷新后再试。")
        if member.id_number:
            clash = session.scalar(select(Member).where(
                Member.id_number == member.id_number, Member.id != member.id, Member.deleted_at.is_(None)))
            if clash is not None:
                raise InputError(f"已有身份证号相同的党员（{clash.name}），不能恢复。请先核对这两条记录。")
        member.deleted_at = None


@dataclass(frozen=True)
class DeletedMember:
    id: int
    name: str
    branch: str
    deleted_at: dt.datetime


def deleted_members(sessions: SessionFactory) -> list[DeletedMember]:
    """The members in the 回收站, most recently deleted first."""
    with sessions() as session:
        rows = session.scalars(
            select(Member).where(Member.deleted_at.is_not(None)).order_by(Member.deleted_at.desc())
        ).all()
        return [DeletedMember(m.id, m.name, m.organization.short_name or m.organization.name,
                              m.deleted_at or now()) for m in rows]


def pending_receipt(sessions: SessionFactory, member_id: int) -> int | None:
    """The member's latest 转出 whose 回执 has not come back, if any."""
    with sessions() as session:
        return session.scalar(
            select(MemberTransfer.id)
            .where(MemberTransfer.member_id == member_id, MemberTransfer.direction == TransferDirection.OUT,
                   MemberTransfer.receipt_returned.is_(False))
            .order_by(MemberTransfer.issued_on.desc(), MemberTransfer.id.desc())
        )
