"""The meeting documents: 会议记录 (minutes), 签到表 (sign-in sheet), 会议通知 (notice) and
会议记录本 (all minutes of one organisation for one year). No Qt.

Each is rendered from its template in ``forms/`` (the clerk's copy wins; ``use_default`` ignores
it) by :func:`djdesk.services.documents.render_docx` — autoescaped, every placeholder required.
The contexts are built from :class:`~djdesk.services.meeting_detail.MeetingDetail` by pure
functions (:func:`minutes_context` …); their keys are the placeholders listed in
``模板说明.txt``. Dates are written 2025年7月1日 (R-DOC-4). The record book is ONE render of a
template that loops over the year's meetings; its cover carries the organisation's 基本情况 and
its contents list the meetings by 序号, date and 第N次 (no page numbers: they would need Word to
update fields), each name a link to a bookmark at that meeting's title. The parts that depend on
the kind of meeting (党课, 组织生活会, 民主评议党员会议) are :mod:`djdesk.services.minutes_parts`'.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final

from djdesk.domain.dates import format_cn
from djdesk.domain.enums import AttendanceStatus, MeetingKind, OrgKind
from djdesk.domain.errors import InputError
from djdesk.domain.names import stroke_sort_key
from djdesk.paths import DataPaths
from djdesk.services import minutes_parts
from djdesk.services.documents import render_docx
from djdesk.services.evaluations import BranchResults, branch_results
from djdesk.services.meeting_attendance import committee_on, get_org, roster
from djdesk.services.meeting_detail import Attendee, MeetingDetail, load_meeting, load_meetings, person_on
from djdesk.services.members import find_org
from djdesk.services.org_info import ROLE_ORDER, org_overviews
from djdesk.services.orgs import list_orgs
from djdesk.services.settings import load_settings
from djdesk.store.engine import SessionFactory
from djdesk.store.models import Member

MINUTES_TEMPLATE: Final[str] = "会议记录.docx"
SIGNIN_TEMPLATE: Final[str] = "签到表.docx"
NOTICE_TEMPLATE: Final[str] = "会议通知.docx"
BOOK_TEMPLATE: Final[str] = "会议记录本.docx"
BOOKMARK: Final[str] = "djdesk_meeting"  # djdesk_meeting_1 … : the 页次 of the record book
_BOOKMARK_ID: Final[int] = 90000
NONE: Final[str] = "无"

# What a record of each kind is called (the title is 「{holder}{year}年第{N}次{name}」).
_RECORD_NAME: Final[dict[MeetingKind, str]] = {
    MeetingKind.GENERAL_ASSEMBLY: "支部党员大会会议记录",
    MeetingKind.COMMITTEE_MEETING: "支部委员会会议记录",
    MeetingKind.GROUP_MEETING: "党小组会议记录",
    MeetingKind.PARTY_LECTURE: "党课记录",
    MeetingKind.THEME_DAY: "主题党日活动记录",
    MeetingKind.LIFE_MEETING: "组织生活会会议记录",
    MeetingKind.EVALUATION_MEETING: "民主评议党员会议记录",
    MeetingKind.IDEOLOGY: "意识形态工作专题研究会议记录",
    MeetingKind.CENTRAL_GROUP_STUDY: "理论学习中心组学习记录",
}
# What the notice calls the event: 「关于{…}的通知」 and 「定于…在…{…}」.
_ACTIVITY: Final[dict[MeetingKind, str]] = {
    MeetingKind.PARTY_LECTURE: "开展党课学习",
    MeetingKind.THEME_DAY: "开展主题党日活动",
    MeetingKind.CENTRAL_GROUP_STUDY: "开展理论学习中心组学习",
    MeetingKind.IDEOLOGY: "召开意识形态工作专题研究会议",
}
_WEEKDAYS: Final = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
_DIGITS: Final = "零一二三四五六七八九"
_NAMES_LISTED_UP_TO: Final = 12  # a notice names the attendees of a small meeting
_TITLE_CHARS: Final = 20  # characters of 2号 (22 pt) on the 156 mm line


# --- small formatting helpers -----------------------------------------------------------------


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (headings 一、 and （一）)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def clock(t: dt.time | None) -> str:
    return f"{t.hour}:{t.minute:02d}" if t is not None else ""


def when(detail: MeetingDetail) -> str:
    """2025年3月14日（星期五）9:00—10:30 (R-DOC-4)."""
    text = f"{format_cn(detail.held_on)}（{_WEEKDAYS[detail.held_on.weekday()]}）{clock(detail.start_time)}"
    if detail.start_time is not None and detail.end_time is not None:
        text += f"—{clock(detail.end_time)}"
    return text


def _tight(verdict: str) -> str:
    """A verdict of domain.quorum as printed: no spaces around numbers; 「有效：…」 → 「有效。…」."""
    return re.sub(r"\s+", "", verdict).replace("：", "。", 1)


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _names(people: Iterable[Attendee], *, reasons: bool = False) -> str:
    shown = [f"{p.name}（{p.reason}）" if reasons and p.reason else p.name for p in people]
    return "、".join(shown)


def _width(text: str) -> float:
    """In characters: Latin letters and digits are half as wide; a word processor puts about a
    quarter character of space on each side of a run of them between Chinese characters."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1 for ch in text) + 0.5 * len(re.findall(r"[\x21-\x7e]+", text))


def two_lines(first: str, rest: str) -> str:
    """``first + rest``, or broken after ``first`` ("\n", a line break in the document) when it
    is too long for one title line (GB/T 9704: a title breaks where the sense allows)."""
    return f"{first}{rest}" if _width(first + rest) <= _TITLE_CHARS else f"{first}\n{rest}"


def record_title(detail: MeetingDetail) -> str:
    """«办公室支部2025年第3次支部党员大会会议记录» (the minutes' title; may hold a line break)."""
    name = _RECORD_NAME.get(detail.kind)
    if name is None:  # 其他: named by its own title
        return two_lines(detail.holder, f"“{detail.title}”会议记录")
    return two_lines(detail.holder, f"{detail.held_on.year}年第{detail.sequence}次{name}")


def _meeting_noun(title: str) -> str:
    return title if title.endswith(("会", "会议")) else f"{title}会议"


# --- contexts ------------------------------------------------------------------------------------


def minutes_context(detail: MeetingDetail, results: BranchResults | None = None) -> dict[str, Any]:
    """The placeholders of 会议记录.docx (and of each meeting of 会议记录本.docx) for ``detail``;
    ``results`` are the branch's 民主评议 of the year, printed in the minutes of a 民主评议党员会议."""
    parts = minutes_parts.sections(detail)
    agenda = [
        {"序号": str(i), "中文序号": cn_number(i), "名称": a.title, "讨论": a.discussion,
         "讨论段落": _paragraphs(a.discussion)}
        for i, a in enumerate(detail.agenda, start=1)
    ]
    discussed = [item for item, a in zip(agenda, detail.agenda, strict=True) if a.seq not in parts.shown_items]
    for i, item in enumerate(discussed, start=1):
        discussed[i - 1] = {**item, "中文序号": cn_number(i)}
    motions = []
    for i, m in enumerate(detail.motions, start=1):
        written = ""
        if m.written_yes or m.written_no or m.written_abstain:
            written = f"书面意见：赞成{m.written_yes}份，反对{m.written_no}份，弃权{m.written_abstain}份。"
        motions.append({"序号": str(i), "事项": m.title, "赞成": str(m.yes), "反对": str(m.no), "弃权": str(m.abstain),
                        "书面意见": written, "结果": _tight(m.result), "通过": m.passed})
    resolutions = []
    for i, r in enumerate(detail.resolutions, start=1):
        parts_ = [f"负责人：{r.owner}"] if r.owner else []
        if r.due_on is not None:
            parts_.append(f"完成时限：{format_cn(r.due_on)}")
        progress = r.progress
        if r.completed_on is not None:
            progress = "；".join(p for p in (progress, f"已于{format_cn(r.completed_on)}完成") if p)
        resolutions.append({"序号": str(i), "内容": r.content, "负责人": r.owner,
                            "完成时限": format_cn(r.due_on) if r.due_on else "", "完成情况": progress,
                            "附注": f"（{'；'.join(parts_)}）" if parts_ else ""})
    if parts.resolutions_shown:  # listed under 整改措施 (组织生活会)
        resolutions = []
    content = _paragraphs(detail.content)
    tested = minutes_parts.evaluation(results) if detail.kind is MeetingKind.EVALUATION_MEETING else ""
    keys = [key for key, present in (("议题", agenda), ("内容", content or discussed)) if present]
    keys += [f"专项{i}" for i in range(len(parts.special))]
    keys += [key for key, present in (("测评", tested), ("表决", motions), ("决议", resolutions)) if present]
    numbers = {key: cn_number(i) for i, key in enumerate(keys, start=1)}
    special = [{**section, "节号": numbers[f"专项{i}"]} for i, section in enumerate(parts.special)]
    voting = ""
    if detail.is_assembly or detail.motions:
        voting = (f"有表决权的党员应到{detail.entitled_voting}人，实到{detail.present_voting}人"
                  "（预备党员、停止党籍和受留党察看处分的党员没有表决权，不计入）")
    lecture = detail.kind is MeetingKind.PARTY_LECTURE
    return {
        "标题": record_title(detail),
        "组织名称": detail.holder_full, "组织简称": detail.holder, "单位": detail.unit_name,
        "会议类型": detail.kind_label, "会议名称": detail.title, "第几次": str(detail.sequence),
        "日期": format_cn(detail.held_on), "星期": _WEEKDAYS[detail.held_on.weekday()],
        "开始时间": clock(detail.start_time), "结束时间": clock(detail.end_time), "时间": when(detail),
        "地点": detail.place, "主持人": detail.host, "记录人": detail.recorder,
        "主讲人": (detail.speaker or "＿" * 6) if lecture else "",
        "党课题目": parts.topic,
        "应到": str(detail.expected_count), "实到": str(detail.present_count),
        "请假人数": str(len(detail.on_leave)), "缺席人数": str(len(detail.absent)),
        "人数": (f"应到{detail.expected_count}人，实到{detail.present_count}人，请假{len(detail.on_leave)}人，"
                 f"缺席{len(detail.absent)}人"),
        "表决权": voting,
        "出席": _names(detail.present) or NONE,
        "请假": _names(detail.on_leave, reasons=True) or NONE,
        "缺席": _names(detail.absent, reasons=True) or NONE,
        "列席": _names(detail.observers),
        "会议有效性": _tight(detail.quorum) if detail.quorum else "",
        "节号": {k: v for k, v in numbers.items() if not k.startswith("专项")},
        "议题列表": agenda, "讨论列表": discussed, "内容段落": content, "专项列表": special, "测评": tested,
        "表决列表": motions, "决议列表": resolutions,
        "备注": detail.note,
    }


def signin_title(detail: MeetingDetail) -> str:
    """«办公室支部党员大会签到表» (a doubled 支部 is written once)."""
    kind = detail.kind_label[2:] if detail.holder.endswith("支部") and detail.kind_label.startswith("支部") else (
        detail.kind_label)
    return two_lines(detail.holder, f"{kind}签到表")


def signin_context(detail: MeetingDetail, expected: Sequence[Attendee]) -> dict[str, Any]:
    """The placeholders of 签到表.docx: the meeting and one row per expected attendee (by 职务 when they
    are the committee: meeting_attendance.committee_roster)."""
    by_role = detail.committee_roster
    rows = []
    for i, person in enumerate(expected, start=1):
        if person.observer:
            category, remark = "列席", ""
        else:
            category = (person.role or person.category) if by_role else person.category
            remark = f"请假（{person.reason}）" if person.status is AttendanceStatus.LEAVE else ""
            if person.status is AttendanceStatus.LEAVE and not person.reason:
                remark = "请假"
        rows.append({"序号": str(i), "姓名": person.name, "类别": category, "备注": remark})
    return {
        "标题": signin_title(detail), "会议名称": detail.title, "会议类型": detail.kind_label,
        "组织名称": detail.holder_full, "组织简称": detail.holder,
        "日期": format_cn(detail.held_on), "时间": when(detail), "地点": detail.place,
        "主持人": detail.host or "＿" * 4, "记录人": detail.recorder or "＿" * 4,
        "应到": str(sum(1 for p in expected if not p.observer)),
        "类别列名": "职务" if by_role else "人员类别", "人员": rows,
    }


def _leave_to(detail: MeetingDetail) -> str:
    if detail.kind is MeetingKind.GROUP_MEETING:
        return "党小组组长"
    return {OrgKind.GENERAL_BRANCH: "总支书记", OrgKind.ORGAN_COMMITTEE: "党委书记",
            OrgKind.COMMITTEE: "党委书记", OrgKind.GROUP: "党小组组长"}.get(detail.org_kind, "支部书记")


def notice_context(detail: MeetingDetail, expected: Sequence[Attendee], on: dt.date) -> dict[str, Any]:
    """The placeholders of 会议通知.docx, dated ``on``."""
    activity = _ACTIVITY.get(detail.kind)
    noun = _meeting_noun(detail.title) if detail.kind is MeetingKind.OTHER else detail.kind_label
    verb = activity or f"召开{_meeting_noun(detail.title)}"
    cause = f"{verb}（{detail.title}）" if activity else verb
    people = [p for p in expected if not p.observer]
    committee = detail.committee_roster
    scope = f"{detail.holder}{'委员会委员' if committee else '全体党员'}".replace("支部支部", "支部")
    if people and len(people) <= _NAMES_LISTED_UP_TO:
        attendees = f"{_names(people)}（共{len(people)}人）"
    else:
        attendees = f"{scope}（共{len(people)}人）" if people else scope
    agenda = [{"序号": str(i), "名称": a.title} for i, a in enumerate(detail.agenda, start=1)]
    agenda = agenda or [{"序号": "1", "名称": detail.title}]
    lecture = detail.kind is MeetingKind.PARTY_LECTURE
    observers = _names(p for p in expected if p.observer)
    items: list[dict[str, Any]] = [
        {"标签": "会议时间", "内容": when(detail), "子项": []},
        {"标签": "会议地点", "内容": detail.place or "另行通知", "子项": []},
    ]
    if lecture:  # 题目 and 主讲人 are items of their own (no stray line between the numbered items)
        items.append({"标签": "党课题目", "内容": minutes_parts.lecture_topic(detail), "子项": []})
        items.append({"标签": "主讲人", "内容": detail.speaker or "另行通知", "子项": []})
    items.append({"标签": "会议议程" if lecture else "会议议题", "内容": "",
                  "子项": [f"{a['序号']}．{a['名称']}" for a in agenda]})
    people_text = attendees + (f"；列席人员：{observers}" if observers else "")
    items.append({"标签": "参会人员", "内容": people_text, "子项": []})
    for i, item in enumerate(items, start=1):
        item["编号"] = cn_number(i)
    return {
        "条目": items, "要求编号": cn_number(len(items) + 1),
        "标题": two_lines("关于", f"{activity or '召开' + noun}的通知"),
        "主送": scope, "事由": cause, "会议名称": detail.title, "会议类型": detail.kind_label,
        "日期": format_cn(detail.held_on), "星期": _WEEKDAYS[detail.held_on.weekday()],
        "开始时间": clock(detail.start_time), "时间": when(detail), "地点": detail.place or "另行通知",
        "议题列表": agenda,
        "主讲人": detail.speaker if lecture else "",
        "参会人员": attendees, "列席": observers,
        "请假对象": _leave_to(detail), "署名": detail.holder_full, "成文日期": format_cn(on),
    }


def _page_field(bookmark: str) -> str:
    """Runs of a PAGEREF field: the page of ``bookmark`` (LibreOffice computes it; Word on updating)."""
    code = f'<w:instrText xml:space="preserve"> PAGEREF {bookmark} \\h </w:instrText>'
    return "".join(f"<w:r>{inner}</w:r>" for inner in (
        '<w:fldChar w:fldCharType="begin"/>', code, '<w:fldChar w:fldCharType="separate"/>', "<w:t></w:t>",
        '<w:fldChar w:fldCharType="end"/>'))


def _link(bookmark: str, text: str) -> str:
    """A link to ``bookmark`` (a click in Word, WPS or a PDF goes to that meeting): raw XML for ``{{r …}}``."""
    from markupsafe import escape

    return (f'<w:hyperlink w:anchor="{bookmark}" w:history="1"><w:r><w:t xml:space="preserve">{escape(text)}</w:t>'
            "</w:r></w:hyperlink>")


def _contents_line(nth: str, detail: MeetingDetail) -> str:
    """A line of the contents: «第3次支部党员大会», with the meeting's own name when it says more than
    its kind and date («第1次主题党日：重温入党誓词，坚定理想信念»)."""
    title = detail.title
    for mark in ("：", ":"):
        if mark in title and title.split(mark, 1)[1].strip():
            return f"{nth}：{title.split(mark, 1)[1].strip()}"
    kind = detail.kind_label.removeprefix("支部")
    if kind in title or detail.kind is MeetingKind.GROUP_MEETING:
        return nth
    return f"{nth}：{title}"


def book_context(details: Sequence[MeetingDetail], year: int, upper: str, *,
                 basics: dict[str, str] | None = None, results: BranchResults | None = None) -> dict[str, Any]:
    """The placeholders of 会议记录本.docx: the cover (with the organisation's ``basics``:
    :func:`minutes_parts.basics`), and every meeting's minutes context (``results``: the 民主评议 of the
    year, for a 民主评议党员会议) plus 序号, 次 («第3次支部党员大会»), 书签 (a bookmark at its title: raw
    XML for ``{{r 会议.书签 }}``), 月日 (the date without the year of the book) and 目录链接 (the line
    of the contents: 第N次 and the meeting's own name, a link to that bookmark).

    The contents have no page numbers: a page number field is empty until Word updates the fields,
    and WPS and Word ask before they do (or do not). 页次 (a PAGEREF field) is still provided for a
    clerk's template of an earlier version."""
    from markupsafe import Markup  # trusted XML of our own: not escaped by the autoescaping render

    meetings = []
    for i, d in enumerate(details, start=1):
        mark = f"{BOOKMARK}_{i}"
        group = d.group_name if d.group_name and d.group_name != d.org_short_name else ""
        nth = f"{group}第{d.sequence}次{d.kind_label}"
        meetings.append({**minutes_context(d, results), "序号": str(i), "页次": Markup(_page_field(mark)),
                         "次": nth, "目录链接": Markup(_link(mark, _contents_line(nth, d))),
                         "月日": f"{d.held_on.month}月{d.held_on.day}日",
                         "书签": Markup(f'<w:bookmarkStart w:id="{_BOOKMARK_ID + i}" w:name="{mark}"/>'
                                        f'<w:bookmarkEnd w:id="{_BOOKMARK_ID + i}"/>')})
    first = details[0]
    return {
        "封面标题": f"{first.org_short_name}{year}年会议记录本", "组织名称": first.org_name,
        "组织简称": first.org_short_name, "单位": first.unit_name, "年度": f"{year}年", "上级党组织": upper,
        "会议总数": str(len(meetings)), "会议列表": meetings,
        "基本情况": basics or dict.fromkeys(("书记", "委员", "党员人数", "党小组", "截至"), ""),
    }


# --- who is expected (a planned meeting has no attendance rows yet) -----------------------------


def expected_attendees(sessions: SessionFactory, detail: MeetingDetail) -> tuple[Attendee, ...]:
    """Who a sign-in sheet lists: the recorded attendees (then 列席 guests) if any; otherwise (a
    planned meeting) the meeting editor's roster on the meeting day (meeting_attendance.roster: the
    支部委员会 for a 支委会, and for an ideology discussion or a 中心组 study where there is a committee;
    the 党小组's members for a 党小组会; else the members of the organisation and those under it),
    with each person's category and role, by committee role, then 姓氏笔画."""
    if detail.attendees or detail.observers:
        return detail.attendees + detail.observers
    on = detail.held_on
    with sessions() as session:
        org = holder = get_org(session, detail.org_id)
        if detail.group_full_name:  # a 党小组会 recorded on its branch: the roster of that 党小组
            holder = next((g for g in org.children if g.kind is OrgKind.GROUP and g.name == detail.group_full_name),
                          org)
        seats = committee_on(org, on)
        roles = {s.member_id: s.role for s in seats if s.member_id is not None}
        by_name = {s.person_name: s.role for s in seats}
        people: list[Attendee] = []
        for expected in roster(session, holder, detail.kind, on, check=False):
            member = session.get(Member, expected.member_id) if expected.member_id is not None else None
            if member is not None:
                people.append(person_on(expected.name, member, roles, on))
            else:  # a committee seat entered by name only
                role = by_name.get(expected.name)
                people.append(Attendee(expected.name, None, "", role.label if role else "", None, "", expected.voting))

    def order(person: Attendee) -> tuple[int, tuple[int, str, str, int, str, str]]:
        role = roles.get(person.member_id) if person.member_id is not None else by_name.get(person.name)
        return (ROLE_ORDER[role] if role else len(ROLE_ORDER), stroke_sort_key(person.name))

    return tuple(sorted(people, key=order))


# --- rendering --------------------------------------------------------------------------------


def _results(sessions: SessionFactory, org_id: int, year: int) -> BranchResults | None:
    """The 民主评议 of organisation ``org_id`` in ``year`` (for the minutes of its 民主评议党员会议)."""
    try:
        return branch_results(sessions, year, org_id)
    except InputError:  # not an organisation that grades (a 党小组)
        return None


def evaluation_of(sessions: SessionFactory, detail: MeetingDetail) -> BranchResults | None:
    """What the minutes of ``detail`` print as 民主测评结果: the organisation's 民主评议 of that year
    for a 民主评议党员会议, else None."""
    if detail.kind is not MeetingKind.EVALUATION_MEETING:
        return None
    return _results(sessions, detail.org_id, detail.held_on.year)


def _author(sessions: SessionFactory) -> str:
    """The documents' creator: the 机关党委 (设置 → 单位信息), or empty."""
    return load_settings(sessions).committee_name


def render_minutes(paths: DataPaths, sessions: SessionFactory, meeting_id: int, out: Path, *,
                   use_default: bool = False) -> Path:
    """Write the minutes of meeting ``meeting_id``. InputError for an unknown meeting or one not
    yet held; TemplateError for a broken template; FolderNotWritable."""
    detail = load_meeting(sessions, meeting_id)
    if not detail.held:
        raise InputError(f"会议“{detail.title}”还没有召开（计划中），不能生成会议记录。"
                         "开会前可以先生成会议通知和签到表。")
    return render_docx(paths, MINUTES_TEMPLATE, minutes_context(detail, evaluation_of(sessions, detail)), out,
                       use_default=use_default,
                       author=_author(sessions))


def render_signin(paths: DataPaths, sessions: SessionFactory, meeting_id: int, out: Path, *,
                  use_default: bool = False) -> Path:
    """Write the sign-in sheet of meeting ``meeting_id`` (planned or held)."""
    detail = load_meeting(sessions, meeting_id)
    context = signin_context(detail, expected_attendees(sessions, detail))
    return render_docx(paths, SIGNIN_TEMPLATE, context, out, use_default=use_default, author=_author(sessions))


def render_notice(paths: DataPaths, sessions: SessionFactory, meeting_id: int, out: Path, *,
                  on: dt.date | None = None, use_default: bool = False) -> Path:
    """Write the notice of meeting ``meeting_id``, dated ``on`` (default today)."""
    detail = load_meeting(sessions, meeting_id)
    context = notice_context(detail, expected_attendees(sessions, detail), on or dt.date.today())
    return render_docx(paths, NOTICE_TEMPLATE, context, out, use_default=use_default, author=_author(sessions))


def find_org_id(sessions: SessionFactory, name_or_id: int | str) -> int:
    """An organisation given by id, full name or short name; InputError if there is none."""
    rows = list_orgs(sessions, include_dissolved=True)
    key = str(name_or_id).strip()
    if key.isdigit() and any(row.id == int(key) for row in rows):
        return int(key)
    if not key:
        raise InputError("请填写党组织名称（全称或简称）。")
    return find_org(rows, key).id


def render_book(paths: DataPaths, sessions: SessionFactory, org_name_or_id: int | str, year: int, out: Path, *,
                use_default: bool = False) -> Path:
    """Write the 会议记录本 of an organisation (id, full or short name) for ``year``: every held
    meeting's minutes in date order, one per page, after a cover and a table of contents."""
    details = load_meetings(sessions, find_org_id(sessions, org_name_or_id), year)
    if not details:
        raise InputError(f"“{org_name_or_id}”{year}年没有已召开的会议，无法生成会议记录本。")
    upper = load_settings(sessions).committee_name
    org_id = details[0].org_id
    on = min(dt.date.today(), dt.date(year, 12, 31))
    basics = minutes_parts.basics(org_overviews(sessions, on, include_dissolved=True), org_id, on)
    results = _results(sessions, org_id, year) if any(
        d.kind is MeetingKind.EVALUATION_MEETING for d in details) else None
    context = book_context(details, year, upper, basics=basics, results=results)
    return render_docx(paths, BOOK_TEMPLATE, context, out, use_default=use_default, author=upper)


__all__ = [
    "BOOK_TEMPLATE", "MINUTES_TEMPLATE", "NOTICE_TEMPLATE", "SIGNIN_TEMPLATE", "book_context", "evaluation_of",
    "expected_attendees", "find_org_id", "minutes_context", "notice_context", "record_title", "render_book",
    "render_minutes", "render_notice", "render_signin", "signin_context",
]
