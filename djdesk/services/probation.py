"""预备党员 whose 预备期 has ended without a 转正 record (R-DEV-10, R-DEV-11): a reminder for the 首页.

R-DEV-10: the 预备期 is one year from the 支部大会 that admitted the member (the roster's 入党日期);
R-DEV-11: at its end the branch decides 转正, one extension of 6–12 months, or 取消预备党员资格. A
recorded 延长预备期 (组织处置 of 民主评议) moves the end to the extension's 期限, or by 12 months when
none was recorded. The reminder stands until the clerk records the outcome on the member.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from djdesk.domain.dates import add_months, format_cn
from djdesk.domain.enums import DisposalKind, MemberCategory, RosterStatus
from djdesk.domain.member_check import probation_end
from djdesk.domain.terms import Severity
from djdesk.store.engine import SessionFactory
from djdesk.store.models import Disposal, Evaluation, Member, Organization

TOPIC = "发展党员"


@dataclass(frozen=True)
class ProbationDue:
    member_id: int
    name: str
    org_id: int
    branch: str
    ends: dt.date
    extended: bool


def overdue_probations(sessions: SessionFactory, on: dt.date) -> list[ProbationDue]:
    """预备党员 on the roster whose 预备期 (with any recorded extension) ended before ``on``."""
    with sessions() as session:
        extended: dict[int, dt.date | None] = {}  # member → the latest recorded extension's 期限 (None: none given)
        for member_id, deadline in session.execute(
                select(Evaluation.member_id, Disposal.deadline).join(Disposal, Disposal.evaluation_id == Evaluation.id)
                .where(Disposal.kind == DisposalKind.EXTEND_PROBATION)):
            dates = [d for d in (extended.get(member_id), deadline) if d is not None]
            extended[member_id] = max(dates) if dates else None
        rows = session.execute(
            select(Member.id, Member.name, Member.joined_on, Member.organization_id,
                   Organization.short_name, Organization.name)
            .join(Organization, Organization.id == Member.organization_id)
            .where(Member.deleted_at.is_(None), Member.roster_status == RosterStatus.ACTIVE,
                   Member.category == MemberCategory.PROBATIONARY, Member.joined_on.is_not(None))).all()
    found: list[ProbationDue] = []
    for member_id, name, joined, org_id, short, full in rows:
        if joined is None:
            continue
        ends = probation_end(joined)
        is_extended = member_id in extended
        if is_extended:
            ends = extended[member_id] or add_months(ends, 12)  # R-DEV-11: at most 12 months more
        if ends < on:
            found.append(ProbationDue(member_id, name, org_id, short or full, ends, is_extended))
    found.sort(key=lambda d: (d.ends, d.name))
    return found


def probation_reminder_texts(due: ProbationDue) -> tuple[Severity, str]:
    what = "延长的预备期" if due.extended else "预备期"
    return Severity.WARNING, (
        f"{due.branch}预备党员{due.name}的{what}已于{format_cn(due.ends)}届满，还没有记录转正。请支部按期召开支部大会"
        "讨论其转正（或延长预备期、取消预备党员资格），报上级党委审批后，在党员信息中登记转正日期。")
