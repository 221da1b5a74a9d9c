"""The parts of a 会议记录 that depend on the kind of meeting, and the 基本情况 on the cover of a
会议记录本 (rules.md §2; R-MEET-4, R-MEET-6, R-MEET-8, R-EVAL-1, R-EVAL-2). No Qt; no document
libraries. Used by :mod:`djdesk.services.meeting_docs` (the contexts) and
:mod:`djdesk.services.meeting_print` (the same content as HTML).

* **党课** (R-MEET-4): the 题目 (the part of the meeting's title after «党课：», else the title) and a
  section 党课提纲和主要内容 holding the discussion recorded on the agenda item of the lecture (the
  one that names 党课 or 讲授); ruled lines to fill in by hand when nothing is recorded.
* **组织生活会** (R-MEET-6): the headed sections such a meeting has — 对照检查, 批评和自我批评,
  整改措施 — each with what was recorded under the agenda item that names it (整改措施 also lists
  the meeting's resolutions, which then are not repeated under 会议决议), or ruled lines to fill in.
* **民主评议党员会议** (R-MEET-8, R-EVAL-1): the 民主测评 results and the grades agreed, from
  :func:`djdesk.services.evaluations.branch_results`: how many took part, a table of each member's
  测评 votes when they were entered, then the count of each grade (预备党员 take part and get no 等次:
  R-EVAL-2) and who was graded 优秀/基本合格/不合格 — text after the table, so that the signatures
  keep with it (LibreOffice does not keep a table row with the next paragraph).

Agenda items shown in a section of their own are left out of the generic 会议内容 (still listed
under 会议议题).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from djdesk.domain.dates import format_cn
from djdesk.domain.enums import CommitteeRole, EvalGrade, MeetingKind, OrgKind
from djdesk.services.evaluations import BranchResults, grade_text
from djdesk.services.meeting_record import AgendaLine, MeetingDetail

FILL_LINES: Final[int] = 3  # ruled lines under a section nothing was recorded for
LECTURE_FILL_LINES: Final[int] = 5

_LECTURE_ITEM: Final = re.compile(r"党课|讲授|讲课")
_LIFE_SECTIONS: Final[tuple[tuple[str, re.Pattern[str]], ...]] = (
    ("对照检查", re.compile(r"对照检查|检视剖析|对照检视")),
    ("批评和自我批评", re.compile(r"批评")),
    ("整改措施", re.compile(r"整改措施|整改方案|整改清单|制定整改")),
)


@dataclass(frozen=True)
class Sections:
    """The kind-specific sections of one meeting's minutes."""

    topic: str = ""  # 党课题目
    special: tuple[dict[str, Any], ...] = ()  # {"标题", "段落", "填写行"} in order
    shown_items: frozenset[int] = field(default_factory=frozenset)  # agenda seq shown in a section
    resolutions_shown: bool = False  # the resolutions are listed under 整改措施


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def lecture_topic(detail: MeetingDetail) -> str:
    """第三季度党课：加强作风建设 → 加强作风建设; a title without «：» is the topic itself."""
    title = detail.title.strip()
    for mark in ("：", ":"):
        if mark in title:
            head, tail = title.split(mark, 1)
            if tail.strip() and "党课" in head:
                return tail.strip()
    return title


def _section(title: str, paragraphs: Sequence[str], fill: int = FILL_LINES) -> dict[str, Any]:
    return {"标题": title, "段落": list(paragraphs), "填写行": [] if paragraphs else list(range(fill))}


def _note(resolution: Any) -> str:
    """（负责人：丁子轩；完成时限：2027年3月31日）, as the 会议决议 of the minutes say it."""
    parts = [f"负责人：{resolution.owner}"] if resolution.owner else []
    if resolution.due_on is not None:
        parts.append(f"完成时限：{format_cn(resolution.due_on)}")
    return f"（{'；'.join(parts)}）" if parts else ""


def _items(agenda: Sequence[AgendaLine], pattern: re.Pattern[str], taken: set[int]) -> list[AgendaLine]:
    found = [a for a in agenda if a.seq not in taken and pattern.search(a.title)]
    taken.update(a.seq for a in found)
    return found


def sections(detail: MeetingDetail) -> Sections:
    """The 党课 and 组织生活会 sections of ``detail`` (see the module docstring)."""
    taken: set[int] = set()
    if detail.kind is MeetingKind.PARTY_LECTURE:
        items = _items(detail.agenda, _LECTURE_ITEM, taken)
        text = [p for a in items for p in _paragraphs(a.discussion)]
        outline = _section("党课提纲和主要内容", text, LECTURE_FILL_LINES)
        return Sections(topic=lecture_topic(detail), special=(outline,), shown_items=frozenset(taken))
    if detail.kind is MeetingKind.LIFE_MEETING:
        found = []
        for title, pattern in _LIFE_SECTIONS:
            text = [p for a in _items(detail.agenda, pattern, taken) for p in _paragraphs(a.discussion)]
            if title == "整改措施":
                text += [f"{i}．{r.content}" + _note(r) for i, r in enumerate(detail.resolutions, start=1)]
            found.append(_section(title, text))
        return Sections(special=tuple(found), shown_items=frozenset(taken), resolutions_shown=bool(detail.resolutions))
    return Sections()


def _names(members: Sequence[Any]) -> str:
    return "、".join(m.name for m in members)


def _share(text: str) -> str:
    """The 优秀 share as the clerk set it (1/3) in words (三分之一), as the 测评表 says it."""
    from fractions import Fraction

    from djdesk.services.eval_docs import share_words

    try:
        return share_words(Fraction(text.replace("／", "/")))
    except (ValueError, ZeroDivisionError):
        return text


def evaluation(results: BranchResults | None) -> dict[str, Any] | str:
    """The 民主测评结果和评定等次 of a 民主评议党员会议 (R-EVAL-1, R-EVAL-2); "" when there is nothing."""
    if results is None or not results.members:
        return ""
    counts = results.counts
    taking_part = sum(1 for m in results.members if m.expected or m.probationary)
    opening = [f"参加民主评议的党员{taking_part}名，其中应评定等次的正式党员{results.full}名"
               + (f"，预备党员{results.probationary}名（参加评议，不评定等次）" if results.probationary else "") + "。"]
    lines: list[str] = []  # after the table of votes: the text the signatures keep with
    if results.graded:
        tally = "，".join(f"{g.label}{counts[g]}名" for g in EvalGrade)
        ungraded = results.full - results.graded
        lines.append(f"经民主测评，提出评定意见：{tally}" + (f"，尚未评定{ungraded}名" if ungraded > 0 else "") + "。")
        for grade in EvalGrade:
            if grade is not EvalGrade.QUALIFIED:
                chosen = [m for m in results.members if m.expected and m.grade is grade]
                if chosen:
                    lines.append(f"评定为{grade.label}的党员：{_names(chosen)}。")
        lines.append(f"优秀一般不超过正式党员的{_share(results.excellent_share)}（本支部最多{results.excellent_limit}名）。")
    rows = []
    if any(v is not None for m in results.members for v in m.votes):
        for i, m in enumerate((m for m in results.members if m.expected or m.probationary), start=1):
            rows.append({"序号": str(i), "姓名": m.name,
                         **{g.label: "" if v is None else str(v) for g, v in zip(EvalGrade, m.votes, strict=True)},
                         "等次": grade_text(m)})
    return {"段落": opening, "人员": rows, "结论": lines,
            "填写行": [] if results.graded else list(range(FILL_LINES))}


# --- the cover of the record book ---------------------------------------------------------------


def basics(overviews: Sequence[Any], org_id: int, on: dt.date) -> dict[str, str]:
    """基本情况 of organisation ``org_id`` for the cover of its 会议记录本: 书记, 委员 (with their
    roles), 党员人数 and 党小组 (from :func:`djdesk.services.org_info.org_overviews` on ``on``)."""
    overview = next(o for o in overviews if o.row.id == org_id)
    seats = list(overview.seats)
    secretary = "、".join(s.person_name for s in seats if s.role is CommitteeRole.SECRETARY)
    others = [f"{s.person_name}（{s.role.label}）" if s.role is not CommitteeRole.MEMBER else s.person_name
              for s in seats if s.role is not CommitteeRole.SECRETARY]
    groups = [o for o in overviews if o.row.parent_id == org_id and o.row.kind is OrgKind.GROUP and not o.row.dissolved]
    total = overview.full + overview.probationary
    count = f"{total}名（正式党员{overview.full}名，预备党员{overview.probationary}名）" if overview.probationary else (
        f"{total}名")
    return {
        "书记": secretary or "未配备",
        "委员": "、".join(others) or "无",
        "党员人数": count,
        "党小组": "、".join(f"{g.row.display_name}（{g.full + g.probationary}名）" for g in groups) or "未设党小组",
        "截至": format_cn(on),
    }


__all__ = ["FILL_LINES", "Sections", "basics", "evaluation", "lecture_topic", "sections"]
