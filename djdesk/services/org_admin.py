"""Changing the organisation tree: add, edit, move, dissolve (rules.md §1).

Every function is one transaction; a refused change raises :class:`InputError` with a Chinese
sentence saying what to change, and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from djdesk.domain.dates import format_cn
from djdesk.domain.enums import OrgKind, RosterStatus
from djdesk.domain.errors import InputError
from djdesk.services.settings import write_settings
from djdesk.store.engine import SessionFactory
from djdesk.store.models import Member, Organization

# Which kinds may sit under which (R-ORG-1, R-ORG-4; a 党小组 only under a 党支部).
ALLOWED_PARENTS: dict[OrgKind, frozenset[OrgKind | None]] = {
    OrgKind.ORGAN_COMMITTEE: frozenset({None}),
    OrgKind.COMMITTEE: frozenset({None, OrgKind.ORGAN_COMMITTEE}),
    OrgKind.GENERAL_BRANCH: frozenset({OrgKind.ORGAN_COMMITTEE, OrgKind.COMMITTEE}),
    OrgKind.BRANCH: frozenset({OrgKind.ORGAN_COMMITTEE, OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH}),
    OrgKind.JOINT_BRANCH: frozenset({OrgKind.ORGAN_COMMITTEE, OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH}),
    OrgKind.GROUP: frozenset({OrgKind.BRANCH, OrgKind.JOINT_BRANCH}),
}


# The kind a new organisation under each kind usually is (the 组织 tab's first choice).
USUAL_CHILD: dict[OrgKind, OrgKind] = {
    OrgKind.ORGAN_COMMITTEE: OrgKind.BRANCH,
    OrgKind.COMMITTEE: OrgKind.BRANCH,
    OrgKind.GENERAL_BRANCH: OrgKind.BRANCH,
    OrgKind.BRANCH: OrgKind.GROUP,
    OrgKind.JOINT_BRANCH: OrgKind.GROUP,
}


def child_kinds(parent: OrgKind | None) -> tuple[list[OrgKind], OrgKind | None]:
    """The kinds that may sit under ``parent`` (None: at the top) and the usual one among them."""
    kinds = [k for k in OrgKind if parent in ALLOWED_PARENTS[k]]
    usual = USUAL_CHILD.get(parent) if parent is not None else OrgKind.ORGAN_COMMITTEE
    return kinds, usual if usual in kinds else (kinds[0] if kinds else None)


@dataclass
class OrgFields:
    """What the clerk types in the organisation form."""

    name: str
    kind: OrgKind
    short_name: str | None = None
    unit_name: str | None = None
    founded_on: dt.date | None = None
    contact: str | None = None
    is_retiree_branch: bool = False
    note: str | None = None


def _get(session: Session, org_id: int) -> Organization:
    org = session.get(Organization, org_id)
    if org is None:
        raise InputError("找不到该党组织，它可能已被删除。请刷新后再试。")
    return org


def _check_parent(kind: OrgKind, parent: Organization | None) -> None:
    parent_kind = parent.kind if parent is not None else None
    if parent is not None and parent.dissolved_on is not None:
        raise InputError(f"“{parent.name}”已撤销，不能在它下面设立组织。请选择一个现有的上级组织。")
    if parent_kind not in ALLOWED_PARENTS[kind]:
        if kind is OrgKind.GROUP:
            raise InputError("党小组只能设在党支部（或联合党支部）下面。请先选中一个党支部。")
        if parent is None:
            raise InputError(f"{kind.label}必须有上级组织。请先选中上级组织（如机关党委或党总支）。")
        allowed = "、".join(k.label for k in OrgKind if k in ALLOWED_PARENTS[kind]) or "无"
        raise InputError(f"{kind.label}不能设在{parent_kind.label if parent_kind else ''}下面，上级只能是：{allowed}。")


def _check_fields(fields: OrgFields, today: dt.date) -> None:
    if not fields.name.strip():
        raise InputError("请填写党组织名称。")
    for label, text in (("全称", fields.name), ("简称", fields.short_name or "")):
        if "××" in text:
            raise InputError(f"{label}“{text.strip()}”中还有“××”，请填写实际的名称。")
    if fields.founded_on is not None and fields.founded_on > today:
        raise InputError(f"成立日期 {format_cn(fields.founded_on)} 在今天之后。请填写实际的成立日期。")


def _check_unique_name(session: Session, name: str, short_name: str | None, exclude: int | None) -> None:
    names = {name.strip()} | ({short_name.strip()} if short_name and short_name.strip() else set())
    for org in session.scalars(select(Organization).where(Organization.dissolved_on.is_(None))):
        if org.id == exclude:
            continue
        clash = names & {org.name, org.short_name or ""}
        if clash:
            raise InputError(f"名称“{clash.pop()}”已被“{org.name}”使用。请换一个名称或简称，以免导入名册时无法区分。")


def _check_single_committee(session: Session, kind: OrgKind, exclude: int | None) -> None:
    """One database keeps the records of one 机关党委 (design.md): a second one is refused."""
    if kind is not OrgKind.ORGAN_COMMITTEE:
        return
    for org in session.scalars(select(Organization).where(Organization.kind == OrgKind.ORGAN_COMMITTEE,
                                                          Organization.dissolved_on.is_(None))):
        if org.id != exclude:
            raise InputError(f"已有机关党委“{org.name}”，一个数据库只管理一个机关党委。"
                             "请在它下面新增党总支、党支部等下级组织。")


def create_org(
    sessions: SessionFactory, fields: OrgFields, parent_id: int | None, *, today: dt.date | None = None
) -> int:
    today = today or dt.date.today()
    _check_fields(fields, today)
    with sessions.begin() as session:
        return _create(session, fields, parent_id)


def _create(session: Session, fields: OrgFields, parent_id: int | None) -> int:
    parent = _get(session, parent_id) if parent_id is not None else None
    _check_parent(fields.kind, parent)
    _check_single_committee(session, fields.kind, None)
    _check_unique_name(session, fields.name, fields.short_name, None)
    siblings = session.scalar(
        select(func.max(Organization.sort_order)).where(Organization.parent_id == parent_id)
    )
    org = Organization(
        parent_id=parent_id,
        kind=fields.kind,
        name=fields.name.strip(),
        short_name=(fields.short_name or "").strip() or None,
        unit_name=fields.unit_name,
        founded_on=fields.founded_on,
        contact=fields.contact,
        is_retiree_branch=fields.is_retiree_branch,
        note=fields.note,
        sort_order=(siblings or 0) + 1,
    )
    session.add(org)
    session.flush()
    return org.id


@dataclass
class Founding:
    """建立本机关党委: what the clerk types on the first day."""

    name: str  # 全称
    short_name: str | None = None  # 简称
    upper_org: str = ""  # 上级党组织
    clerk_name: str = ""  # 经办人


def found_committee(sessions: SessionFactory, founding: Founding, *, today: dt.date | None = None) -> int:
    """Create the 机关党委 and fill 设置's 单位信息 (全称, 上级党组织, 经办人) in one transaction: both or
    neither. Returns the new organisation's id."""
    today = today or dt.date.today()
    fields = OrgFields(founding.name, OrgKind.ORGAN_COMMITTEE, short_name=founding.short_name)
    _check_fields(fields, today)
    with sessions.begin() as session:
        org_id = _create(session, fields, None)
        write_settings(session, {"unit.committee_name": founding.name, "unit.upper_org": founding.upper_org,
                                 "unit.clerk_name": founding.clerk_name})
        return org_id


def update_org(sessions: SessionFactory, org_id: int, fields: OrgFields, *, today: dt.date | None = None) -> None:
    today = today or dt.date.today()
    _check_fields(fields, today)
    with sessions.begin() as session:
        org = _get(session, org_id)
        if fields.kind is not org.kind:
            _check_parent(fields.kind, org.parent)
            _check_single_committee(session, fields.kind, org.id)
            kids = [c for c in org.children if c.dissolved_on is None]
            for child in kids:
                if org.kind not in ALLOWED_PARENTS[child.kind] or fields.kind not in ALLOWED_PARENTS[child.kind]:
                    raise InputError(
                        f"“{org.name}”下面还有{child.kind.label}“{child.name}”，不能改为{fields.kind.label}。"
                    )
        _check_unique_name(session, fields.name, fields.short_name, org_id)
        org.name = fields.name.strip()
        org.short_name = (fields.short_name or "").strip() or None
        org.kind = fields.kind
        org.unit_name = fields.unit_name
        org.founded_on = fields.founded_on
        org.contact = fields.contact
        org.is_retiree_branch = fields.is_retiree_branch
        org.note = fields.note


def move_org(sessions: SessionFactory, org_id: int, new_parent_id: int | None) -> None:
    """移动到…: refuses cycles and kinds that may not sit under the new parent."""
    with sessions.begin() as session:
        org = _get(session, org_id)
        parent = _get(session, new_parent_id) if new_parent_id is not None else None
        ancestor = parent
        while ancestor is not None:
            if ancestor.id == org.id:
                raise InputError(f"不能把“{org.name}”移到它自己或它的下级组织下面。请选择其他上级组织。")
            ancestor = ancestor.parent
        _check_parent(org.kind, parent)
        if org.parent_id == new_parent_id:
            return
        org.parent_id = new_parent_id
        org.sort_order = (
            session.scalar(select(func.max(Organization.sort_order)).where(Organization.parent_id == new_parent_id))
            or 0
        ) + 1


def dissolve_org(sessions: SessionFactory, org_id: int, on: dt.date, *, today: dt.date | None = None) -> None:
    """撤销 with a date; the record stays (hidden by default). Refused while members or children remain."""
    today = today or dt.date.today()
    if on > today:
        raise InputError(f"撤销日期 {format_cn(on)} 在今天之后。请填写实际的撤销日期。")
    with sessions.begin() as session:
        org = _get(session, org_id)
        if org.dissolved_on is not None:
            raise InputError(f"“{org.name}”已于{format_cn(org.dissolved_on)}撤销。")
        column = Member.group_id if org.kind is OrgKind.GROUP else Member.organization_id
        members = session.scalar(
            select(func.count()).select_from(Member).where(
                column == org.id, Member.deleted_at.is_(None), Member.roster_status == RosterStatus.ACTIVE
            )
        ) or 0
        children = [c for c in org.children if c.dissolved_on is None]
        problems = []
        if members:
            problems.append(f"还有 {members} 名党员")
        if children:
            names = "、".join(c.short_name or c.name for c in children[:3])
            problems.append(f"还有 {len(children)} 个下级组织（{names}）")
        if problems:
            raise InputError(
                f"“{org.name}”{'，'.join(problems)}，不能撤销。请先把党员转到其他组织、把下级组织移走或撤销，然后再撤销。"
            )
        if org.founded_on is not None and on < org.founded_on:
            raise InputError("撤销日期早于成立日期，请检查。")
        org.dissolved_on = on


def restore_org(sessions: SessionFactory, org_id: int) -> None:
    """Undo a 撤销 entered by mistake."""
    with sessions.begin() as session:
        org = _get(session, org_id)
        if org.parent is not None and org.parent.dissolved_on is not None:
            raise InputError(f"上级组织“{org.parent.name}”也已撤销，请先恢复上级组织。")
        if org.dissolved_on is not None:
            _check_unique_name(session, org.name, org.short_name, org.id)
            _check_single_committee(session, org.kind, org.id)
        org.dissolved_on = None


def set_model_branch(
    sessions: SessionFactory, org_id: int, batch: int | None, year: int | None, *, today: dt.date | None = None
) -> None:
    """标准化建设示范党支部 (第N批, year); ``None`` clears it."""
    today = today or dt.date.today()
    with sessions.begin() as session:
        org = _get(session, org_id)
        if batch is not None:
            if not org.kind.is_branch:
                raise InputError("标准化建设示范党支部只能授予党支部。")
            if batch <= 0:
                raise InputError("批次应为正整数，如第 3 批填 3。")
            if year is None or not 2000 <= year <= today.year:
                raise InputError("请填写命名年度（如 2022），且不能晚于今年。")
        org.model_branch_batch = batch
        org.model_branch_year = year if batch is not None else None
