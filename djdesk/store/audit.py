"""操作日志: every create, update and delete flushed through a djdesk session is recorded.

The hook runs after each flush (ids are known, attribute history is still there) and inserts the
entries with a Core statement in the same transaction, so a rolled-back change leaves no entry.
Fields listed in a model's ``__audit_secret__`` (ID and phone numbers, addresses) are reported as
"已修改" and their values never reach the log. Every other value, and the summary as a whole, has
any ID or phone number in it masked (``王芳 138****5678``: free text such as an organisation's
联系人 or a member's 备注 can hold them), before it is shortened.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import insert, inspect
from sqlalchemy.orm import Session, sessionmaker

from djdesk.domain.enums import AuditAction
from djdesk.domain.privacy import mask_numbers
from djdesk.store.base import Base, now
from djdesk.store.models_eval import AuditEntry, Setting

MAX_VALUE_CHARS = 20
MAX_SUMMARY_CHARS = 500
_SKIP_FIELDS = frozenset({"created_at", "updated_at"})
FIELD_LABELS: dict[str, str] = {
    "name": "名称",
    "short_name": "简称",
    "kind": "类型",
    "parent_id": "上级组织",
    "gender": "性别",
    "ethnicity": "民族",
    "id_number": "公民身份号码",
    "birth_date": "出生日期",
    "education": "学历",
    "category": "人员类别",
    "organization_id": "所在组织",
    "joined_on": "加入党组织日期",
    "confirmed_on": "转为正式党员日期",
    "job_post": "工作岗位",
    "phone": "联系电话",
    "address": "家庭住址",
    "standing": "党籍状态",
    "lost_contact": "是否失联",
    "lost_contact_on": "失去联系日期",
    "floating": "是否流动",
    "floating_to": "外出流向",
    "group_id": "党小组",
    "employment": "在职/离退休",
    "roster_status": "在册状态",
    "left_on": "离开日期",
    "transferred_in_on": "组织关系转入日期",
    "native_place": "籍贯",
    "degree": "学位",
    "work_started_on": "参加工作日期",
    "admin_position": "行政职务",
    "department": "所在单位/部门",
    "party_position": "党内职务",
    "community": "双报到社区",
    "is_leading_cadre": "领导干部",
    "unit_name": "所在单位",
    "founded_on": "成立日期",
    "contact": "联系人",
    "dissolved_on": "撤销日期",
    "term_years": "任期年限",
    "term_adjust_months": "延期/提前月数",
    "term_adjust_doc": "延期/提前批准文号",
    "term_adjust_on": "延期/提前批准日期",
    "model_branch_batch": "示范党支部批次",
    "model_branch_year": "示范党支部年度",
    "sort_order": "排列顺序",
    "started_on": "任职日期",
    "ended_on": "离任日期",
    "role": "职务",
    "person_name": "姓名",
    "filing_doc": "批准/备案文号",
    "filing_on": "批准/备案日期",
    "receipt_returned": "回执已退回",
    "receipt_on": "回执日期",
    "term_number": "届次",
    "term_elected_on": "选举日期",
    "start_time": "开始时间",
    "end_time": "结束时间",
    "place": "地点",
    "held": "已召开",
    "host_name": "主持人",
    "recorder_name": "记录人",
    "speaker_name": "主讲人",
    "content": "会议内容",
    "discussion": "讨论情况",
    "yes": "赞成",
    "no": "反对",
    "abstain": "弃权",
    "written_yes": "书面赞成",
    "written_no": "书面反对",
    "written_abstain": "书面弃权",
    "owner_name": "负责人",
    "due_on": "完成时限",
    "progress": "完成情况",
    "completed_on": "完成日期",
    "reason": "原因",
    "observer": "列席",
    "topic": "主题",
    "summary": "内容摘要",
    "follow_up": "后续措施",
    "year": "年度",
    "result": "成果",
    "deeds": "主要事迹",
    "level": "级别",
    "doc_number": "文号",
    "doc_on": "文件日期",
    "comments": "评语",
    "self_score": "自评得分",
    "committee_score": "机关党委评分",
    "bonus": "加分",
    "penalty": "减分",
    "total": "总分",
    "deadline": "期限",
    "outcome": "结果",
    "decision": "决定",
    "decided_on": "决定日期",
    "title": "标题",
    "held_on": "日期",
    "grade": "等次",
    "score": "得分",
    "status": "状态",
    "note": "备注",
}


def _fmt(value: Any) -> str:
    if value is None or value == "":
        return "空"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = mask_numbers(str(value).replace("\n", " "))  # before shortening: a cut number is not found
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


def _changes(obj: Base) -> tuple[list[str], AuditAction]:
    state = inspect(obj)
    parts: list[str] = []
    action = AuditAction.UPDATE
    secret = obj.__audit_secret__
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in _SKIP_FIELDS:
            continue
        hist = state.attrs[key].history
        if not hist.has_changes():
            continue
        old = hist.deleted[0] if hist.deleted else None
        new = hist.added[0] if hist.added else None
        if old == new:
            continue
        if key == "deleted_at":
            action = AuditAction.DELETE if new is not None else AuditAction.RESTORE
            continue
        label = FIELD_LABELS.get(key, key)
        if key in secret:
            parts.append(f"{label}：已修改")
        else:
            parts.append(f"{label}：{_fmt(old)}→{_fmt(new)}")
    return parts, action


def _entity_id(obj: Base) -> str:
    state = inspect(obj)
    key = state.identity or tuple(state.mapper.primary_key_from_instance(obj))
    if not key or all(v is None for v in key):
        return ""
    return ",".join(str(x) for x in key)


def _collect(session: Session) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    at = now()
    for obj in session.new:
        if isinstance(obj, Base) and not isinstance(obj, AuditEntry):
            title = obj.audit_title() if not isinstance(obj, Setting) else obj.key
            rows.append(_row(at, obj, AuditAction.CREATE, f"新增{obj.__label__}：{title}"))
    for obj in session.dirty:
        if not isinstance(obj, Base) or isinstance(obj, AuditEntry) or not session.is_modified(obj):
            continue
        parts, action = _changes(obj)
        if not parts and action is AuditAction.UPDATE:
            continue
        verb = {AuditAction.DELETE: "移入回收站", AuditAction.RESTORE: "从回收站恢复"}.get(action, "修改")
        detail = f"（{'；'.join(parts)}）" if parts else ""
        rows.append(_row(at, obj, action, f"{verb}{obj.__label__}：{obj.audit_title()}{detail}"))
    for obj in session.deleted:
        if isinstance(obj, Base) and not isinstance(obj, AuditEntry):
            purge = hasattr(obj, "deleted_at")
            action = AuditAction.PURGE if purge else AuditAction.DELETE
            verb = "彻底删除" if purge else "删除"
            rows.append(_row(at, obj, action, f"{verb}{obj.__label__}：{obj.audit_title()}"))
    return rows


def _row(at: dt.datetime, obj: Base, action: AuditAction, summary: str) -> dict[str, Any]:
    summary = mask_numbers(summary)  # the titles too (a name or a 联系人 typed with a number in it)
    if len(summary) > MAX_SUMMARY_CHARS:
        summary = summary[: MAX_SUMMARY_CHARS - 1] + "…"
    return {
        "at": at,
        "entity": obj.__label__ or type(obj).__name__,
        "entity_id": _entity_id(obj),
        "action": action,
        "summary": summary,
    }


def _after_flush(session: Session, _context: Any) -> None:
    if session.info.get("audit_disabled"):
        return
    rows = _collect(session)
    if rows:
        session.connection().execute(insert(AuditEntry), rows)


def install_audit_hook(factory: sessionmaker[Session]) -> None:
    from sqlalchemy import event

    event.listen(factory, "after_flush", _after_flush)
