"""One meeting as the minutes, sign-in sheet, notice and record book print it: plain frozen data,
filled by :mod:`djdesk.services.meeting_detail`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from djdesk.domain.enums import AttendanceStatus, MeetingKind, OrgKind


@dataclass(frozen=True)
class Attendee:
    name: str
    member_id: int | None
    category: str  # 人员类别 on the meeting day: 正式党员 / 预备党员; "" if not on the roster
    role: str  # 支部委员会 role on the meeting day (书记, 组织委员 …), else 党内职务; ""
    status: AttendanceStatus | None  # None: expected, nothing recorded yet
    reason: str  # 请假/缺席 reason; ""
    voting: bool  # R-MEET-9
    observer: bool = False  # 列席


@dataclass(frozen=True)
class AgendaLine:
    seq: int
    title: str
    discussion: str


@dataclass(frozen=True)
class MotionLine:
    seq: int
    title: str
    yes: int
    no: int
    abstain: int
    written_yes: int
    written_no: int
    written_abstain: int
    passed: bool
    result: str  # quorum.motion_result text (R-MEET-9)


@dataclass(frozen=True)
class ResolutionLine:
    seq: int
    content: str
    owner: str  # 负责人
    due_on: dt.date | None  # 完成时限
    progress: str  # 完成情况
    completed_on: dt.date | None


@dataclass(frozen=True)
class MeetingDetail:
    id: int
    org_id: int
    org_name: str  # full name of the organisation the meeting is recorded on
    org_short_name: str  # its short name, or the full name when it has none
    org_kind: OrgKind
    unit_name: str  # 所在单位 of the organisation
    group_name: str  # the 党小组 (short name) of a 党小组会 recorded on its branch; ""
    group_full_name: str
    kind: MeetingKind
    title: str
    sequence: int  # 第N次 of this kind, organisation (or 党小组) and year
    held_on: dt.date
    held: bool
    start_time: dt.time | None
    end_time: dt.time | None
    place: str
    host: str  # 主持人
    recorder: str  # 记录人
    speaker: str  # 主讲人 (党课)
    attendees: tuple[Attendee, ...]  # expected attendees as recorded, in the clerk's order
    observers: tuple[Attendee, ...]  # 列席
    entitled_voting: int  # attendees with voting rights (R-MEET-9)
    present_voting: int
    quorum_rule: str  # "R-MEET-9", "R-MEET-10" or "" (meeting_attendance.quorum_rule)
    quorum: str  # the verdict text; "" when none applies or nothing is recorded
    quorum_valid: bool | None
    agenda: tuple[AgendaLine, ...]
    motions: tuple[MotionLine, ...]
    resolutions: tuple[ResolutionLine, ...]
    content: str
    note: str
    committee_roster: bool  # the expected attendees are the committee (meeting_attendance.committee_roster)

    @property
    def kind_label(self) -> str:
        return self.kind.label

    @property
    def holder(self) -> str:
        """Who held it, as titles name it: the 党小组 of a 党小组会, else the organisation's short name."""
        return self.group_name or self.org_short_name

    @property
    def holder_full(self) -> str:
        return self.group_full_name or self.org_name

    def _with(self, status: AttendanceStatus) -> tuple[Attendee, ...]:
        return tuple(a for a in self.attendees if a.status is status)

    @property
    def present(self) -> tuple[Attendee, ...]:
        return self._with(AttendanceStatus.PRESENT)

    @property
    def on_leave(self) -> tuple[Attendee, ...]:
        return self._with(AttendanceStatus.LEAVE)

    @property
    def absent(self) -> tuple[Attendee, ...]:
        return self._with(AttendanceStatus.ABSENT)

    @property
    def expected_count(self) -> int:  # 应到
        return len(self.attendees)

    @property
    def present_count(self) -> int:  # 实到
        return len(self.present)

    @property
    def is_assembly(self) -> bool:
        return self.quorum_rule == "R-MEET-9"


__all__ = ["AgendaLine", "Attendee", "MeetingDetail", "MotionLine", "ResolutionLine"]
