"""Word forms of 民主评议 and 评先评优, rendered from the templates in ``forms/`` (GB/T 9704). No Qt.

* :func:`write_ballot`: 民主评议党员测评表 of a branch: every member on its roster that year
  (R-EVAL-1) with four boxes 优秀/合格/基本合格/不合格 ("—" for a 预备党员, who gets no 等次, and for a
  member who left before the evaluation), and the rule that 优秀 may not exceed the configured share of the
  branch's 正式党员 (R-EVAL-2, ``eval.excellent_share``);
* :func:`write_nomination_form`: 评先评优推荐审批表 of one nomination (R-EVAL-5): the member's
  particulars (or the organisation's), 工作单位及职务 written in full, the title, 主要事迹, and the
  opinions with signature lines — of the 党总支 too where one stands between the branch and the
  机关党委.

The templates' placeholders are listed in ``forms/模板说明.txt``; dates follow R-DOC-4.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path
from typing import Any, Final

from sqlalchemy import select

from djdesk.domain.dates import format_cn_month
from djdesk.domain.enums import OrgKind, RosterStatus
from djdesk.domain.errors import InputError
from djdesk.paths import DataPaths
from djdesk.services.commendations import get_nomination
from djdesk.services.documents import render_docx
from djdesk.services.evaluations import check_year, excellent_limit, roster_for_year, share_setting
from djdesk.services.members import find_org
from djdesk.services.org_info import org_overview
from djdesk.services.orgs import OrgRow, list_orgs
from djdesk.services.settings import load_settings
from djdesk.store.engine import SessionFactory
from djdesk.store.models import Member

BALLOT_TEMPLATE: Final = "民主评议党员测评表.docx"
NOMINATION_TEMPLATE: Final = "评先评优推荐审批表.docx"
_DIGITS: Final = "零一二三四五六七八九十"


def share_words(share: Fraction) -> str:
    """R-EVAL-2's share as a form says it: 1/3 → 三分之一; anything else as a percentage."""
    if 0 < share.numerator < share.denominator <= 10:
        return f"{_DIGITS[share.denominator]}分之{_DIGITS[share.numerator]}"
    return f"{float(share):.0%}"


def branch_id(sessions: SessionFactory, name: str) -> int:
    """The id of the organisation called ``name`` (full or short name); InputError if unknown."""
    return find_org(list_orgs(sessions, include_dissolved=True), name).id


def ballot_context(sessions: SessionFactory, year: int, org_id: int, *, today: dt.date | None = None) -> dict[str, Any]:
    """The placeholders of 民主评议党员测评表.docx for branch ``org_id`` in ``year``."""
    check_year(year, today or dt.date.today())
    overview = org_overview(sessions, org_id, dt.date(year, 12, 31))
    if overview.row.kind is OrgKind.GROUP:
        raise InputError(f"“{overview.row.display_name}”是党小组。民主评议党员测评表按党支部制作，"
                         "请选择它所在的党支部。")
    members = roster_for_year(sessions, org_id, year)
    if not members:
        raise InputError(f"“{overview.row.display_name}”{year}年没有在册党员，无法制作测评表。请检查党支部和年度。")
    share, _ = share_setting(load_settings(sessions))
    people = []
    for i, m in enumerate(members, start=1):
        gone = f"（{m.roster_status.label}）" if m.roster_status is not RosterStatus.ACTIVE else ""
        people.append({"序号": str(i), "姓名": m.name, "类别": m.category.label + gone, "党小组": m.group or "",
                       "框": "□" if m.expected else "—"})  # R-EVAL-2: a 预备党员 gets no 等次
    full = sum(1 for m in members if m.expected)
    return {
        "党支部": overview.row.name, "党支部简称": overview.row.display_name, "年度": f"{year}年",
        "人数": str(len(members)), "正式党员人数": str(full), "优秀比例": share_words(share),
        "优秀上限": str(excellent_limit(share, full)), "人员": people,
    }


def write_ballot(paths: DataPaths, sessions: SessionFactory, year: int, org_id: int, out: Path, *,
                 today: dt.date | None = None) -> Path:
    """Render the 民主评议党员测评表 of branch ``org_id`` for ``year`` into ``out`` (.docx)."""
    return render_docx(paths, BALLOT_TEMPLATE, ballot_context(sessions, year, org_id, today=today), out,
                       author=load_settings(sessions).committee_name)


def _month(value: dt.date | None) -> str:
    return format_cn_month(value) if value else ""


def nomination_context(sessions: SessionFactory, nomination_id: int) -> dict[str, Any]:
    """The placeholders of 评先评优推荐审批表.docx for one nomination."""
    n = get_nomination(sessions, nomination_id)
    context: dict[str, Any] = {
        "标题": f"{n.year}年度{n.title}推荐审批表", "年度": f"{n.year}年", "荣誉称号": n.title,
        "表彰层级": n.level or "", "状态": n.status.label, "文号": n.doc_number or "",
        "事迹段落": [line.strip() for line in (n.deeds or "").splitlines() if line.strip()],
        "推荐意见": "", "审批意见": "", "总支意见": "", "党总支": "", "个人": n.member_id is not None,
        **dict.fromkeys(("姓名", "性别", "出生年月", "民族", "学历", "入党时间", "单位职务", "党内职务", "所在党组织",
                         "党组织名称", "书记", "党员人数", "成立时间"), ""),
    }
    orgs = {o.id: o for o in list_orgs(sessions, include_dissolved=True)}
    if n.member_id is not None:
        with sessions() as session:
            m = session.scalar(select(Member).where(Member.id == n.member_id))
            if m is None:
                raise InputError("该推荐对象的党员记录已不存在，无法制作推荐审批表。")
            context.update({
                "姓名": m.name, "性别": m.gender.label if m.gender else "", "出生年月": _month(m.birth_date),
                "民族": m.ethnicity or "", "学历": m.education or "", "入党时间": _month(m.joined_on),
                "单位职务": _unit_and_post(m), "党内职务": m.party_position or "无",
                "所在党组织": m.organization.short_name or m.organization.name,
                "党总支": _general_branch(orgs, m.organization_id),
            })
    elif n.org_id is not None:
        ov = org_overview(sessions, n.org_id, dt.date(n.year, 12, 31))
        context.update({"党组织名称": ov.row.name, "书记": ov.secretary or "",
                        "党员人数": f"{ov.full + ov.probationary}名", "成立时间": _month(ov.founded_on),
                        "党总支": _general_branch(orgs, ov.row.parent_id)})
    return context


def _unit_and_post(member: Member) -> str:
    """工作单位及职务 written in full: 示例省交通运输厅办公室主任 (the unit of the member's organisation,
    the department, the 行政职务 or else the 工作岗位)."""
    org = member.organization
    unit = (org.unit_name or "").strip()
    parts = [unit, (member.department or "").strip(), (member.admin_position or member.job_post or "").strip()]
    return "".join(p for p in parts if p and not (p == unit and parts[1].startswith(unit)))


def _general_branch(orgs: dict[int, OrgRow], org_id: int | None) -> str:
    """The 党总支 between an organisation (or a member's branch) and the 机关党委, "" when there is none:
    its opinion has a row of its own on the form."""
    seen: set[int] = set()
    while org_id is not None and org_id in orgs and org_id not in seen:
        seen.add(org_id)
        org = orgs[org_id]
        if org.kind is OrgKind.GENERAL_BRANCH:
            return org.name
        org_id = org.parent_id
    return ""


def write_nomination_form(paths: DataPaths, sessions: SessionFactory, nomination_id: int, out: Path) -> Path:
    """Render the 评先评优推荐审批表 of nomination ``nomination_id`` into ``out`` (.docx)."""
    return render_docx(paths, NOMINATION_TEMPLATE, nomination_context(sessions, nomination_id), out,
                       author=load_settings(sessions).committee_name)


__all__ = ["BALLOT_TEMPLATE", "NOMINATION_TEMPLATE", "ballot_context", "branch_id", "nomination_context",
           "share_words", "write_ballot", "write_nomination_form"]
