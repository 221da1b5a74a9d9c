"""The 换届提醒函 (R-ORG-7): the upper organisation reminds an organisation that its term ends. No Qt.

:func:`remind_letter` fills ``forms/换届提醒函.docx`` (the clerk's copy wins) from the organisation's
overview (:func:`djdesk.services.org_info.org_overviews`): the term as recorded (R-ORG-5, R-ORG-6),
an approved extension or early 换届 (R-ORG-8), and a sentence for a term that is due soon or
overdue (R-ORG-7). The letter is signed by the 机关党委 (setting ``unit.committee_name``); a
top-level organisation is reminded by its own upper organisation (``unit.upper_org``). Dates are
written as 2026年3月12日 (R-DOC-4).

* The regulations it cites fit the recipient: a 党支部 (or 联合党支部) is reminded under
  《中国共产党支部工作条例（试行）》, a 党总支, 党委 or 机关党委 under
  《中国共产党党和国家机关基层组织工作条例》, both under 《关于党的基层组织任期的意见》 (the terms,
  R-ORG-5); the rule on extension or early 换届 is 《中国共产党基层组织选举工作条例》第三条 (R-ORG-8).
  No other article is cited: rules.md gives no other.
* The 联系人 and telephone are 设置 → 单位信息 (``unit.contact_name``, ``unit.contact_phone``; the
  联系人 defaults to the 经办人, the telephone to the issuing organisation's contact), else a line to
  fill in by hand.
* A letter is for a term that is due soon or overdue (R-ORG-7). For any other, :class:`NotDue` is
  raised (nothing written) unless ``not_due_ok`` — the GUI warns and asks, the CLI refuses.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Final

from djdesk.domain.dates import format_cn
from djdesk.domain.enums import OrgKind
from djdesk.domain.errors import InputError
from djdesk.domain.terms import COMMITTEE_THRESHOLD, TermStatus
from djdesk.paths import DataPaths
from djdesk.services.documents import render_docx
from djdesk.services.org_info import OrgOverview, org_overviews
from djdesk.services.settings import Settings, load_settings
from djdesk.store.engine import SessionFactory

TEMPLATE: Final[str] = "换届提醒函.docx"
BLANK_CONTACT: Final[str] = "＿" * 8  # to fill in by hand
BRANCH_RULES: Final[str] = "《中国共产党支部工作条例（试行）》和《关于党的基层组织任期的意见》"
ORGAN_RULES: Final[str] = "《中国共产党党和国家机关基层组织工作条例》和《关于党的基层组织任期的意见》"
ELECTION_RULE: Final[str] = "《中国共产党基层组织选举工作条例》第三条"  # R-ORG-8: at most one year


class NotDue(InputError):
    """The organisation's term is not due soon and not overdue: a 换届提醒函 is not needed yet (R-ORG-7)."""

# How the letter addresses the organisation and names its elected body.
_CALLED: Final[dict[OrgKind, str]] = {
    OrgKind.BRANCH: "你支部",
    OrgKind.JOINT_BRANCH: "你支部",
    OrgKind.GENERAL_BRANCH: "你总支",
    OrgKind.ORGAN_COMMITTEE: "你委",
    OrgKind.COMMITTEE: "你委",
}
_BODY: Final[dict[OrgKind, str]] = {
    OrgKind.BRANCH: "支部委员会",
    OrgKind.JOINT_BRANCH: "支部委员会",
    OrgKind.GENERAL_BRANCH: "总支部委员会",
    OrgKind.ORGAN_COMMITTEE: "委员会",
    OrgKind.COMMITTEE: "委员会",
}


def _find(overviews: list[OrgOverview], name: str) -> OrgOverview:
    key = name.strip()
    if not key:
        raise InputError("请填写要发换届提醒函的党组织名称（全称或简称）。")
    for overview in overviews:
        if key in (overview.row.name, overview.row.short_name):
            return overview
    raise InputError(f"找不到党组织“{key}”。请在组织页核对该组织的全称或简称。")


def _elected_body(overview: OrgOverview) -> str:
    """R-ORG-3: a branch with fewer than 7 正式党员 elects only a 书记 (no 支部委员会)."""
    kind = overview.row.kind
    if kind.is_branch and overview.full < COMMITTEE_THRESHOLD and len(overview.seats) < 3:
        return "支部书记"
    return _BODY[kind]


def _adjust_note(overview: OrgOverview, called: str) -> str:
    """R-ORG-8: an approved extension (+) or early 换届 (−), at most 12 months."""
    term = overview.term
    if not term.adjust_months:
        return ""
    how = "延期" if term.adjust_months > 0 else "提前"
    source = []
    if term.adjust_on is not None:
        source.append(format_cn(term.adjust_on))
    if term.adjust_doc:
        source.append(term.adjust_doc)
    approved = f"经上级党组织批准（{'，'.join(source)}）" if source else "经上级党组织批准"
    return f"{approved}，{called}{how}{abs(term.adjust_months)}个月换届，上述届满日期为调整后的日期。"


def _status_note(overview: OrgOverview, settings: Settings) -> str:
    """R-ORG-7: due soon from ``term.remind_months`` before expiry, overdue after it."""
    status = overview.term.status
    if status is TermStatus.OVERDUE:
        return "目前任期已经届满，请抓紧按程序完成换届选举。"
    if status is TermStatus.DUE_SOON:
        return f"目前距任期届满已不足{settings.remind_months}个月，应当及早启动换届准备工作。"
    return ""


def _contact(issuer_org: OrgOverview | None, settings: Settings) -> tuple[str, str]:
    """(联系人, 电话): 设置 → 单位信息, else the 经办人 and the issuing organisation's contact; a line to
    fill in by hand for what is not known (the upper organisation's, when it is the issuer)."""
    if issuer_org is None:  # the letter comes from the upper organisation: its contact is not on record
        return BLANK_CONTACT, BLANK_CONTACT
    phone = settings.contact_phone or (issuer_org.contact or "").strip()
    return settings.contact_name or BLANK_CONTACT, phone or BLANK_CONTACT


def not_due_message(overview: OrgOverview, settings: Settings) -> str:
    """Why a letter is not needed yet, or "" when the term is due soon or overdue (R-ORG-7)."""
    term = overview.term
    if term.status in (TermStatus.DUE_SOON, TermStatus.OVERDUE) or term.end is None:
        return ""
    return (f"“{overview.row.display_name}”本届任期于{format_cn(term.end)}届满，还不到换届提醒的时间"
            f"（任期届满前{settings.remind_months}个月起提醒），目前不需要发换届提醒函。")


def letter_context(
    overviews: list[OrgOverview], org_name: str, settings: Settings, on: dt.date, *, not_due_ok: bool = False
) -> dict[str, str]:
    """The placeholders of 换届提醒函.docx for ``org_name`` (see 模板说明.txt); :class:`NotDue` for a term
    not yet due unless ``not_due_ok``."""
    overview = _find(overviews, org_name)
    row, term = overview.row, overview.term
    if row.kind is OrgKind.GROUP:
        raise InputError(f"“{row.name}”是党小组。党小组不进行换届选举，不需要发换届提醒函。")
    if term.elected_on is None or term.end is None:
        raise InputError(f"“{row.name}”还没有记录换届选举（选举日期、任期），无法生成换届提醒函。"
                         "请先在组织页记录该组织的换届选举。")
    early = not_due_message(overview, settings)
    if early and not not_due_ok:
        raise NotDue(early)
    by_id = {o.row.id: o for o in overviews}
    parent = by_id.get(row.parent_id) if row.parent_id is not None else None
    root = parent
    while root is not None and root.row.parent_id is not None and root.row.parent_id in by_id:
        root = by_id[root.row.parent_id]
    if parent is None:  # the top-level organisation is reminded by its own upper organisation
        issuer = settings.upper_org
        if not issuer:
            raise InputError(f"“{row.name}”的换届提醒函由上级党组织发出，但还没有填写上级党组织的名称。"
                             "请先在 工具 → 设置 → 单位信息 中填写“上级党组织”（命令行：djdesk settings set "
                             "unit.upper_org 名称）。")
    else:
        issuer = settings.committee_name
        if not issuer:
            raise InputError("换届提醒函由机关党委发出，但还没有填写机关党委的全称。请先在 工具 → 设置 → 单位信息 中"
                             "填写“机关党委全称”（命令行：djdesk settings set unit.committee_name 全称）。")
    body = _elected_body(overview)
    called = _CALLED.get(row.kind, "你单位")
    contact, phone = _contact(root, settings)
    return {
        "org_name": row.name,
        "org_short_name": row.short_name or row.name,
        "org_kind": row.kind.label,
        "org_called": called,
        "term_number": str(term.number) if term.number else "",
        "term_name": f"第{term.number}届{body}" if term.number else f"现任{body}",
        "elected_on": format_cn(term.elected_on),  # R-DOC-4
        "term_years": str(term.years),
        "term_end": format_cn(term.end),
        "adjust_note": _adjust_note(overview, called),
        "status_note": _status_note(overview, settings),
        "issuer": issuer,
        "date": format_cn(on),
        "regulations": BRANCH_RULES if row.kind.is_branch else ORGAN_RULES,
        "election_rule": ELECTION_RULE,
        "contact": contact,
        "phone": phone,
    }


def due_warning(sessions: SessionFactory, org_name: str, on: dt.date) -> str:
    """The warning the GUI shows before writing a letter for a term not yet due; "" when it is due
    (or when the letter would be refused for another reason, which :func:`remind_letter` says)."""
    try:
        letter_context(org_overviews(sessions, on), org_name, load_settings(sessions), on)
    except NotDue as exc:
        return exc.message
    except InputError:
        return ""
    return ""


def remind_letter(paths: DataPaths, sessions: SessionFactory, org_name: str, out: Path, *, on: dt.date,
                  not_due_ok: bool = False) -> Path:
    """Write the 换届提醒函 for organisation ``org_name`` (full or short name), dated ``on``.

    Raises InputError (nothing written) for an unknown organisation, a 党小组, or one whose
    election is not recorded; :class:`NotDue` (an InputError) for a term not due soon nor overdue
    unless ``not_due_ok``; TemplateError for a broken template; FolderNotWritable.
    """
    settings = load_settings(sessions)
    context = letter_context(org_overviews(sessions, on), org_name, settings, on, not_due_ok=not_due_ok)
    return render_docx(paths, TEMPLATE, context, out, author=settings.committee_name)


__all__ = ["TEMPLATE", "NotDue", "due_warning", "letter_context", "not_due_message", "remind_letter"]
