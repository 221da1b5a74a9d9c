"""Adding and editing one member through the form (rules.md §7), with the same checks as the import.

The form sends every field as typed text; :func:`djdesk.domain.member_check.check_member` turns it
into stored values, errors and warnings. Errors refuse the save; warnings are shown first and the
clerk decides. Unlike an import, an empty field in the form clears the stored value.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from djdesk.domain.enums import OrgKind, RosterStatus
from djdesk.domain.errors import InputError
from djdesk.domain.member_check import FIELD_BY_KEY, FIELDS, MemberCheck, check_member
from djdesk.store.engine import SessionFactory
from djdesk.store.models import Member, Organization

# The form's fields: every member field except the organisation ones (chosen from lists).
FORM_FIELDS = tuple(f for f in FIELDS if f.kind != "org")


@dataclass
class MemberForm:
    cells: dict[str, str] = field(default_factory=dict)  # field key → text as typed
    organization_id: int | None = None
    group_id: int | None = None


@dataclass(frozen=True)
class FormCheck:
    errors: list[str]
    warnings: list[str]
    notes: list[str]


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def load_member_form(sessions: SessionFactory, member_id: int) -> MemberForm:
    with sessions() as session:
        member = session.get(Member, member_id)
        if member is None or member.deleted_at is not None:
            raise InputError("找不到该党员，可能已被删除。请刷新后再试。")
        cells = {f.key: _as_text(getattr(member, f.key)) for f in FORM_FIELDS}
        return MemberForm(cells, member.organization_id, member.group_id)


def _check(form: MemberForm, today: dt.date) -> MemberCheck:
    cells: dict[str, object] = {k: (v.strip() or None) for k, v in form.cells.items() if k in FIELD_BY_KEY}
    return check_member(cells, today=today)


def _label(key: str) -> str:
    spec = FIELD_BY_KEY.get(key)
    return spec.label if spec else key


def check_form(sessions: SessionFactory, member_id: int | None, form: MemberForm, *,
               today: dt.date | None = None) -> FormCheck:
    """Errors (which refuse the save), warnings and notes for the form as filled in."""
    with sessions() as session:
        return _review(session, member_id, form, today or dt.date.today())[0]


def _review(session: Session, member_id: int | None, form: MemberForm,
            today: dt.date) -> tuple[FormCheck, dict[str, object]]:
    """The form's check, and its values as they would be stored."""
    check = _check(form, today)
    errors = [f"{_label(i.field)}：{i.message}" for i in check.errors]
    if not check.values.get("name") and not any(i.field == "name" for i in check.errors):
        errors.insert(0, "姓名：请填写姓名。")
    if not check.values.get("id_number") and not any(i.field == "id_number" for i in check.errors):
        errors.append("公民身份号码：请填写身份证号（名册按身份证号识别党员）。")
    org = session.get(Organization, form.organization_id) if form.organization_id is not None else None
    if org is None or org.dissolved_on is not None:
        errors.append("所在党支部：请选择党员所在的党组织。")
    elif org.kind is OrgKind.GROUP:
        errors.append("所在党支部：请选择党支部，党小组在“党小组”一栏选择。")
    if form.group_id is not None:
        group = session.get(Organization, form.group_id)
        if group is None or group.kind is not OrgKind.GROUP or group.parent_id != form.organization_id:
            errors.append("党小组：所选党小组不属于所选党支部，请重新选择。")
    number = check.values.get("id_number")
    if isinstance(number, str):
        others = select(Member).where(Member.id_number == number,
                                      Member.id != (member_id if member_id is not None else -1))
        clash = session.scalar(others.where(Member.deleted_at.is_(None)))
        if clash is not None:
            errors.append(f"公民身份号码：已有身份证号相同的党员（{clash.name}），请核对，不要重复录入。")
        else:
            binned = session.scalar(others.where(Member.deleted_at.is_not(None)))
            if binned is not None:
                errors.append(f"公民身份号码：回收站中有身份证号相同的记录（{binned.name}），请从回收站恢复它。")
    warnings = [f"{_label(i.field)}：{i.message}" for i in check.issues if i.level == "warning"]
    notes = [f"{_label(i.field)}：{i.message}" for i in check.issues if i.level == "note"]
    return FormCheck(errors, warnings, notes), check.values


def save_member(sessions: SessionFactory, member_id: int | None, form: MemberForm, *,
                today: dt.date | None = None) -> int:
    """Create (``member_id`` None) or update a member; refuses on any error, writes nothing then.

    The form is checked inside the write's transaction, so no other write can slip in between."""
    with sessions.begin() as session:
        result, values = _review(session, member_id, form, today or dt.date.today())
        if result.errors:
            raise InputError("请修改以下内容后再保存：\n" + "\n".join(result.errors))
        if member_id is None:
            member = Member(roster_status=RosterStatus.ACTIVE)
            session.add(member)
        else:
            found = session.get(Member, member_id)
            if found is None or found.deleted_at is not None:
                raise InputError("找不到该党员，可能已被删除。请刷新后再试。")
            member = found
        for spec in FORM_FIELDS:
            value = values.get(spec.key)
            if value is None and spec.kind == "bool":
                value = False
            if value is None and spec.key in ("standing", "employment"):
                continue  # keep the stored state (the defaults for a new member)
            setattr(member, spec.key, value)
        assert form.organization_id is not None
        member.organization_id = form.organization_id
        member.group_id = form.group_id
        session.flush()
        return member.id
