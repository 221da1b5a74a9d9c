"""留党察看 and what it takes away (R-MEET-9, R-DEV-5). Pure: no Qt, no SQLAlchemy.

A 留党察看 is recorded in the member's history as a dated event: 留党察看一年 or 留党察看二年 from its start
(党章 第四十条: at most two years), ended by 恢复党员权利. The period runs from the start up to (not including)
the day the rights are restored, or, with no end recorded, the same day one or two years on. Inside it the
member has no vote (R-MEET-9: :func:`djdesk.services.meeting_attendance.has_vote`) and cannot be an 入党介绍人
(R-DEV-5: :func:`introducer_problem`, for the development feature).

The checks of new records (:func:`start_problem`, :func:`end_problem`) are called by
:func:`djdesk.services.member_status.change_status`; every message names the member and the dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final, Protocol

from djdesk.domain.dates import add_years, format_cn
from djdesk.domain.enums import MemberCategory, MemberEventKind

PROBATION_YEARS: Final = {MemberEventKind.PARTY_PROBATION_ONE: 1, MemberEventKind.PARTY_PROBATION_TWO: 2}
PROBATION_KINDS: Final = frozenset({*PROBATION_YEARS, MemberEventKind.PARTY_RIGHTS_RESTORED})
YEAR_WORDS: Final = {1: "一年", 2: "二年"}


class DatedEvent(Protocol):
    """A dated event of a member's history (a MemberEvent or plain data)."""

    @property
    def kind(self) -> MemberEventKind: ...

    @property
    def occurred_on(self) -> dt.date: ...


class PartyFacts(Protocol):
    """What these rules read of a member (a Member or plain data with the same fields)."""

    @property
    def category(self) -> MemberCategory: ...

    @property
    def confirmed_on(self) -> dt.date | None: ...

    @property
    def events(self) -> Sequence[DatedEvent]: ...


@dataclass(frozen=True)
class ProbationSpan:
    start: dt.date
    years: int
    restored_on: dt.date | None  # 恢复党员权利, if recorded

    @property
    def planned_end(self) -> dt.date:
        """The day one or two years after the start (29 February → 28 February)."""
        return add_years(self.start, self.years)

    @property
    def end(self) -> dt.date:
        """The first day with the rights back."""
        return self.restored_on if self.restored_on is not None else self.planned_end

    def covers(self, on: dt.date) -> bool:
        return self.start <= on < self.end


def probation_spans(events: Iterable[DatedEvent]) -> list[ProbationSpan]:
    """The 留党察看 periods of a history, oldest first: each start with the first 恢复党员权利 after it."""
    spans: list[ProbationSpan] = []
    open_start: tuple[dt.date, int] | None = None
    for event in sorted((e for e in events if e.kind in PROBATION_KINDS), key=lambda e: e.occurred_on):
        if event.kind in PROBATION_YEARS:
            if open_start is not None:
                spans.append(ProbationSpan(*open_start, None))
            open_start = (event.occurred_on, PROBATION_YEARS[event.kind])
        elif open_start is not None:
            spans.append(ProbationSpan(*open_start, event.occurred_on))
            open_start = None
    if open_start is not None:
        spans.append(ProbationSpan(*open_start, None))
    return spans


def under_party_probation(member: PartyFacts, on: dt.date) -> bool:
    """R-MEET-9, R-DEV-5: the member was inside a 留党察看 period on ``on``."""
    return any(span.covers(on) for span in probation_spans(member.events))


def full_member_on(member: PartyFacts, on: dt.date) -> bool:
    """A 正式党员 on ``on`` (转正 by then); otherwise a 预备党员 that day."""
    return member.category is MemberCategory.FULL and (member.confirmed_on is None or member.confirmed_on <= on)


def introducer_problem(name: str, member: PartyFacts, on: dt.date) -> str | None:
    """R-DEV-5: why ``name`` cannot be an 入党介绍人 on ``on`` (not a 正式党员 then, or under 留党察看), or None."""
    if not full_member_on(member, on):
        return f"{name}在{format_cn(on)}还是预备党员，不能作入党介绍人：入党介绍人应为正式党员。请另选介绍人。"
    span = next((s for s in probation_spans(member.events) if s.covers(on)), None)
    if span is not None:
        return (f"{name}自{format_cn(span.start)}起受留党察看处分（至{format_cn(span.end)}），"
                f"在此期间不能作入党介绍人。请另选介绍人。")
    return None


def start_problem(name: str, member: PartyFacts, start: dt.date, years: int) -> str | None:
    """Why a 留党察看 of ``years`` from ``start`` cannot be recorded, or None: the period is one or two years; a
    预备党员 is not put under 留党察看; a member already under one is not put under another."""
    if years not in YEAR_WORDS:
        return f"{name}的留党察看期限应为一年或二年（收到“{years}”）。请重新选择。"
    if not full_member_on(member, start):
        return (f"{name}在{format_cn(start)}是预备党员。留党察看只适用于正式党员；"
                "预备党员违纪的，按规定取消预备党员资格。请核对。")
    for span in probation_spans(member.events):
        if span.start <= start < span.end or (span.restored_on is None and span.start > start):
            return (f"{name}自{format_cn(span.start)}起正受留党察看处分（至{format_cn(span.end)}），"
                    "不能再登记一次留党察看。如需登记恢复党员权利，请选择“恢复党员权利”。")
    return None


def end_problem(name: str, member: PartyFacts, end: dt.date) -> str | None:
    """Why 恢复党员权利 on ``end`` cannot be recorded, or None: there must be a 留党察看 without an end, and the
    end comes after its start."""
    span = next((s for s in reversed(probation_spans(member.events)) if s.restored_on is None), None)
    if span is None:
        return f"{name}没有受留党察看处分（或已恢复党员权利），无需恢复党员权利。请确认选中的党员是否正确。"
    if end <= span.start:
        return (f"恢复党员权利的日期{format_cn(end)}早于或等于留党察看的开始日期{format_cn(span.start)}，"
                "应晚于开始日期。请检查日期。")
    return None


def period_words(start: dt.date, years: int) -> str:
    """The history's note of a new 留党察看: «至2027年3月1日»."""
    return f"至{format_cn(add_years(start, years))}"


__all__ = ["PROBATION_KINDS", "PROBATION_YEARS", "DatedEvent", "PartyFacts", "ProbationSpan", "end_problem",
           "full_member_on", "introducer_problem", "period_words", "probation_spans", "start_problem",
           "under_party_probation"]
