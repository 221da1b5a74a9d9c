"""The meeting form: what the clerk fills in for one meeting, and the checks that need no database.

See :mod:`djdesk.services.meetings` for saving it (rules.md §2, the minutes fields).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from djdesk.domain.dates import format_cn
from djdesk.domain.enums import AttendanceStatus, MeetingKind
from djdesk.domain.errors import InputError
from djdesk.domain.quorum import Ballot

PersonRef = int | str | None
"""A person at a meeting: a member's id, or a name typed in (free text), or nobody."""


@dataclass
class AttendeeInput:
    person: int | str  # member id; a typed name only for a 列席 guest (or a committee seat entered by name)
    status: AttendanceStatus = AttendanceStatus.PRESENT
    reason: str | None = None  # 请假/缺席 reason
    observer: bool = False  # 列席


@dataclass
class AgendaInput:
    title: str  # 议题
    discussion: str | None = None  # speakers and points


@dataclass
class MotionInput:
    """表决: 赞成/反对/弃权 in the room, and written opinions of absent voters (R-MEET-9)."""

    title: str
    yes: int = 0
    no: int = 0
    abstain: int = 0
    written_yes: int = 0
    written_no: int = 0
    written_abstain: int = 0

    def ballot(self) -> Ballot:
        return Ballot(self.yes, self.no, self.abstain, self.written_yes, self.written_no, self.written_abstain)


@dataclass
class ResolutionInput:
    content: str  # 决议
    owner_name: str | None = None  # 负责人
    due_on: dt.date | None = None
    progress: str | None = None  # 完成情况
    completed_on: dt.date | None = None


@dataclass
class MeetingInput:
    """What the clerk fills in for one meeting. An empty ``title`` gets :func:`default_title`."""

    organization_id: int
    kind: MeetingKind
    held_on: dt.date
    title: str = ""
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    place: str | None = None
    host: PersonRef = None  # 主持人
    recorder: PersonRef = None  # 记录人
    speaker: PersonRef = None  # 主讲人, required for a 党课
    held: bool = True  # False: planned (a future date is allowed only then)
    content: str | None = None
    note: str | None = None
    attendance: list[AttendeeInput] = field(default_factory=list)
    agenda: list[AgendaInput] = field(default_factory=list)
    motions: list[MotionInput] = field(default_factory=list)
    resolutions: list[ResolutionInput] = field(default_factory=list)


# --- checks that need no database -----------------------------------------------------------------


def clean_text(value: str | None, limit: int, what: str) -> str | None:
    text = (value or "").strip()
    if len(text) > limit:
        raise InputError(f"{what}太长（{len(text)} 字），最多 {limit} 字，请精简。")
    return text or None


def check_form(data: MeetingInput, today: dt.date) -> None:
    clean_text(data.title, 300, "会议标题")
    clean_text(data.place, 200, "会议地点")
    if data.held and data.held_on > today:
        raise InputError(
            f"会议日期 {format_cn(data.held_on)} 在今天之后，不能标记为“已召开”。"
            "如是计划召开的会议，请取消“已召开”；否则请改正会议日期。"
        )
    if data.start_time and data.end_time and data.end_time <= data.start_time:
        raise InputError(
            f"结束时间 {data.end_time:%H:%M} 不晚于开始时间 {data.start_time:%H:%M}，请检查会议时间。"
        )
    for n, item in enumerate(data.agenda, start=1):
        if not clean_text(item.title, 300, f"第 {n} 个议题"):
            raise InputError(f"第 {n} 个议题没有填写题目。请填写题目，或删除这一行。")
    for n, motion in enumerate(data.motions, start=1):
        if not clean_text(motion.title, 300, f"第 {n} 个表决事项"):
            raise InputError(f"第 {n} 个表决事项没有填写名称。请填写表决的事项，或删除这一行。")
    for n, res in enumerate(data.resolutions, start=1):
        if not (res.content or "").strip():
            raise InputError(f"第 {n} 条决议没有内容。请填写决议内容，或删除这一行。")
        clean_text(res.owner_name, 100, f"第 {n} 条决议的负责人")
        if res.completed_on is not None and res.completed_on > today:
            raise InputError(f"第 {n} 条决议的完成日期 {format_cn(res.completed_on)} 在今天之后，请填写实际完成日期。")
        if res.completed_on is not None and res.completed_on < data.held_on:
            raise InputError(f"第 {n} 条决议的完成日期早于会议日期（{format_cn(data.held_on)}），请检查。")
