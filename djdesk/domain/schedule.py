"""How often each kind of organisational life must happen (rules.md §2). Pure: no Qt, no SQLAlchemy.

* :class:`Frequency` and :class:`Period`: the months (1月 … 12月), quarters (第一季度 … 第四季度)
  and the year (全年) of a calendar year.
* :func:`requirements`: what the regulations require, built from the settings values
  (``meet.freq.*``, ``meet.secretary_lectures``, ``meet.talks_per_year``,
  ``meet.ideology_per_year``; defaults in :mod:`djdesk.domain.config`): R-MEET-1 … R-MEET-8 and
  R-MEET-11. An unreadable stored value falls back to the default.
* :func:`required_in` and :func:`cell_status`: whether an organisation owes a period at all, and
  the state of one cell on the reference date ``on`` (held / missing / current / not due).
* :func:`reminder_periods` and :func:`clause`: which periods a reminder on ``on`` speaks about, and
  the Chinese words for one missing item.
"""

from __future__ import annotations

import calendar
import enum
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from djdesk.domain.config import SETTINGS
from djdesk.domain.enums import MeetingKind, OrgKind, TalkKind

_QUARTER_NAMES: Final = ("一", "二", "三", "四")


class Frequency(enum.Enum):
    """How often: the value is what the settings store (``meet.freq.*``)."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"

    @property
    def label(self) -> str:
        return {"month": "每月", "quarter": "每季度", "year": "每年"}[self.value]

    @property
    def this(self) -> str:
        """The period containing today, as the clerk says it: 本月 / 本季度 / 本年度."""
        return {"month": "本月", "quarter": "本季度", "year": "本年度"}[self.value]

    @property
    def months(self) -> int:
        return {"month": 1, "quarter": 3, "year": 12}[self.value]

    @property
    def count(self) -> int:
        """Periods in a year."""
        return 12 // self.months


_FREQUENCY_WORDS: Final[dict[str, Frequency]] = {
    "月": Frequency.MONTH, "每月": Frequency.MONTH, "按月": Frequency.MONTH, "月度": Frequency.MONTH,
    "季": Frequency.QUARTER, "季度": Frequency.QUARTER, "每季度": Frequency.QUARTER, "按季度": Frequency.QUARTER,
    "年": Frequency.YEAR, "每年": Frequency.YEAR, "按年": Frequency.YEAR, "年度": Frequency.YEAR,
}


def parse_frequency(value: object) -> Frequency:
    """``"month"``/``"quarter"``/``"year"`` (as stored), the enum name, or 每月/每季度/每年."""
    text = str(value).strip()
    for freq in Frequency:
        if text.lower() in (freq.value, freq.name.lower()):
            return freq
    if text in _FREQUENCY_WORDS:
        return _FREQUENCY_WORDS[text]
    raise ValueError(f"“{text}”不是有效的频次，应为：每月、每季度、每年")


@dataclass(frozen=True, order=True)
class Period:
    """One month, quarter or year: ``index`` counts from 1 within ``year``."""

    year: int
    frequency: Frequency
    index: int

    def __post_init__(self) -> None:
        if not 1 <= self.index <= self.frequency.count:
            raise ValueError(f"{self.frequency.name} period {self.index} does not exist")

    # Cached per instance (frozen, so they never change): the compliance grid and the reminders
    # ask each period for its bounds many times (organisations × requirements).
    @functools.cached_property
    def start(self) -> date:
        return date(self.year, (self.index - 1) * self.frequency.months + 1, 1)

    @functools.cached_property
    def end(self) -> date:
        """The last day (inclusive)."""
        month = self.index * self.frequency.months
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def label(self) -> str:
        """Column header: 3月, 第一季度, 全年."""
        if self.frequency is Frequency.MONTH:
            return f"{self.index}月"
        if self.frequency is Frequency.QUARTER:
            return f"第{_QUARTER_NAMES[self.index - 1]}季度"
        return "全年"

    @property
    def full_label(self) -> str:
        """In a sentence: 2025年3月, 2025年第一季度, 2025年度."""
        return f"{self.year}年度" if self.frequency is Frequency.YEAR else f"{self.year}年{self.label}"

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def previous(self) -> Period:
        if self.index > 1:
            return Period(self.year, self.frequency, self.index - 1)
        return Period(self.year - 1, self.frequency, self.frequency.count)


@functools.cache
def periods(year: int, frequency: Frequency) -> tuple[Period, ...]:
    """The periods of ``year`` in order: 12 months, 4 quarters or the one year. Cached: the same
    (immutable) tuple for every line of a grid, so each period works out its bounds once."""
    return tuple(Period(year, frequency, i) for i in range(1, frequency.count + 1))


def period_of(day: date, frequency: Frequency) -> Period:
    return Period(day.year, frequency, (day.month - 1) // frequency.months + 1)


class Scope(enum.Enum):
    """Which organisations a requirement binds."""

    BRANCH = "党支部"  # 党支部 and 联合党支部
    # R-MEET-2, R-MEET-7: whether it has one is known per period (:func:`committee_day`)
    BRANCH_WITH_COMMITTEE = "设支部委员会的党支部"
    GROUP = "党小组"
    PARTY_ORG = "党委、党总支、党支部"  # R-MEET-11: every organisation but a 党小组
    BRANCH_OR_PARTY_COMMITTEE = "党支部和党委"  # R-MEET-4: the 书记's 党课 (a 党总支 is not a 党委)

    def covers(self, kind: OrgKind) -> bool:
        if self is Scope.GROUP:
            return kind is OrgKind.GROUP
        if self is Scope.PARTY_ORG:
            return kind is not OrgKind.GROUP
        if self is Scope.BRANCH_OR_PARTY_COMMITTEE:
            return kind.is_branch or kind in PARTY_COMMITTEES
        return kind.is_branch


# R-MEET-4: the 党委(党组)书记 gives a 党课 a year: the 机关党委 and any 党委, besides the branches.
PARTY_COMMITTEES: Final = frozenset({OrgKind.ORGAN_COMMITTEE, OrgKind.COMMITTEE})
# R-MEET-7: the talks that involve the 支部委员会; a branch without one owes only those between members.
COMMITTEE_TALK_KINDS: Final = frozenset({TalkKind.SECRETARY_COMMITTEE, TalkKind.AMONG_COMMITTEE,
                                         TalkKind.COMMITTEE_MEMBER})


def owed_talk_kinds(has_committee: bool) -> tuple[TalkKind, ...]:
    """R-MEET-7: the pair types of 谈心谈话 a branch owes each year, in order: all of them where it has a 支部委员会,
    only 党员之间 where it has none."""
    return tuple(k for k in TalkKind if has_committee or k not in COMMITTEE_TALK_KINDS)


def committee_day(period: Period) -> date:
    """The day on which whether a branch has a 支部委员会 is judged for ``period`` (R-MEET-2, R-MEET-7): the first
    day of the period's last month (cf. :func:`required_in`)."""
    return date(period.end.year, period.end.month, 1)


@dataclass(frozen=True)
class Requirement:
    """One line of the compliance grid: what an organisation must hold, how often, how many.

    ``key`` is stable (``GENERAL_ASSEMBLY``, ``SECRETARY_LECTURE``, ``TALK_AMONG_MEMBERS`` …);
    ``meeting_kind``/``talk_kind`` say which records count; ``actor`` + ``action`` make the sentence
    ("书记" + "讲党课"); ``demand`` is the requirement in words ("每季度一次").
    """

    key: str
    rule: str
    label: str  # 支部党员大会
    short: str  # 党员大会 (column headers)
    frequency: Frequency
    minimum: int  # per period
    scope: Scope
    demand: str
    action: str
    actor: str = ""
    meeting_kind: MeetingKind | None = None
    talk_kind: TalkKind | None = None


def _frequency(values: Mapping[str, Any], key: str) -> Frequency:
    try:
        return parse_frequency(values.get(key, SETTINGS[key].default))
    except ValueError:
        return parse_frequency(SETTINGS[key].default)  # a damaged setting: the default applies


def _count(values: Mapping[str, Any], key: str) -> int:
    try:
        number = int(values.get(key, SETTINGS[key].default))
    except (TypeError, ValueError):
        number = 0
    return number if number > 0 else int(SETTINGS[key].default)


# (setting suffix / key, rule, label, short, scope, action); the kind is MeetingKind[key].
_PERIODIC: Final = (
    ("GENERAL_ASSEMBLY", "R-MEET-1", "支部党员大会", "党员大会", Scope.BRANCH, "召开支部党员大会"),
    ("COMMITTEE_MEETING", "R-MEET-2", "支部委员会会议", "支委会", Scope.BRANCH_WITH_COMMITTEE, "召开支部委员会会议"),
    ("GROUP_MEETING", "R-MEET-3", "党小组会", "党小组会", Scope.GROUP, "召开党小组会"),
    ("PARTY_LECTURE", "R-MEET-4", "党课", "党课", Scope.BRANCH, "组织党课"),
    ("THEME_DAY", "R-MEET-5", "主题党日", "主题党日", Scope.BRANCH, "开展主题党日活动"),
    ("LIFE_MEETING", "R-MEET-6", "组织生活会", "组织生活会", Scope.BRANCH, "召开组织生活会"),
)
_TALK_SHORT: Final = {
    TalkKind.SECRETARY_COMMITTEE: "谈话·书记与委员",
    TalkKind.AMONG_COMMITTEE: "谈话·委员之间",
    TalkKind.COMMITTEE_MEMBER: "谈话·委员与党员",
    TalkKind.AMONG_MEMBERS: "谈话·党员之间",
}


def _periodic(values: Mapping[str, Any], key: str, rule: str, label: str, short: str, scope: Scope,
              action: str) -> Requirement:
    freq = _frequency(values, f"meet.freq.{key}")
    demand = f"{freq.label}一次"
    if key == "LIFE_MEETING" and freq is Frequency.YEAR:
        demand = "每年至少一次，一般在第四季度召开"  # R-MEET-6
    return Requirement(key, rule, label, short, freq, 1, scope, demand, action, meeting_kind=MeetingKind[key])


def requirements(values: Mapping[str, Any] | None = None) -> tuple[Requirement, ...]:
    """The requirements in grid order, from the settings ``values`` (missing keys: the defaults)."""
    values = values or {}
    found = [_periodic(values, *spec) for spec in _PERIODIC]
    lectures = _count(values, "meet.secretary_lectures")
    # R-MEET-4: the 书记 of a branch, and of the 机关党委 (a 党委), gives at least ``lectures`` 党课 a year
    # (counted within the quarterly ones too).
    found.insert(4, Requirement(
        "SECRETARY_LECTURE", "R-MEET-4", "书记讲党课", "书记讲党课", Frequency.YEAR, lectures,
        Scope.BRANCH_OR_PARTY_COMMITTEE, f"每年至少{lectures}次", "讲党课", actor="书记",
        meeting_kind=MeetingKind.PARTY_LECTURE))
    talks = _count(values, "meet.talks_per_year")
    for kind in TalkKind:  # R-MEET-7: every pair type at least ``talks`` times a year (committee ones: with one)
        scope = Scope.BRANCH if kind in owed_talk_kinds(False) else Scope.BRANCH_WITH_COMMITTEE
        found.append(Requirement(
            f"TALK_{kind.name}", "R-MEET-7", f"谈心谈话（{kind.label}）", _TALK_SHORT[kind], Frequency.YEAR,
            talks, scope, f"每年至少{talks}次", f"开展谈心谈话（{kind.label}）", talk_kind=kind))
    freq = _frequency(values, "meet.freq.EVALUATION_MEETING")  # R-MEET-8
    found.append(Requirement(
        "EVALUATION", "R-MEET-8", "民主评议党员", "民主评议", freq, 1, Scope.BRANCH, f"{freq.label}一次",
        "开展民主评议党员", meeting_kind=MeetingKind.EVALUATION_MEETING))
    ideology = _count(values, "meet.ideology_per_year")  # R-MEET-11
    found.append(Requirement(
        "IDEOLOGY", "R-MEET-11", "意识形态专题研究", "意识形态", Frequency.YEAR, ideology, Scope.PARTY_ORG,
        f"每年至少{ideology}次", "开展意识形态专题研究", meeting_kind=MeetingKind.IDEOLOGY))
    return tuple(found)


SETTING_KEYS: Final = tuple(k for k in SETTINGS if k.startswith("meet.") and k != "meet.research_topics_per_year")
"""The settings :func:`requirements` reads."""


def required_in(period: Period, founded_on: date | None, dissolved_on: date | None) -> bool:
    """Whether an organisation owes ``period`` at all.

    From its founding: the period is owed when the organisation existed at least for the whole of
    its last month (founded 20 March: nothing for March or the first quarter, April and the second
    quarter are owed; the year is owed when founded by 1 December). Until its dissolution: a period
    is owed only when the organisation still existed on its last day (撤销 on 3 March: nothing for
    March, the first quarter or the year).
    """
    last_month = date(period.end.year, period.end.month, 1)
    if founded_on is not None and founded_on > last_month:
        return False
    return dissolved_on is None or dissolved_on > period.end


class CellStatus(enum.Enum):
    HELD = "已开展"
    MISSING = "缺"  # the period is over without (enough of) it: red in the grid
    CURRENT = "本期未结束"  # not yet, but the period is still running: not red
    NOT_DUE = "未到期"  # the period has not started
    NOT_REQUIRED = "不作要求"  # before founding, after dissolution, no 支部委员会 …

    @property
    def label(self) -> str:
        return self.value


def cell_status(period: Period, count: int, minimum: int, on: date, *, required: bool = True) -> CellStatus:
    """The state of one cell on ``on``: enough held → HELD, whatever the dates."""
    if count >= minimum:
        return CellStatus.HELD
    if not required:
        return CellStatus.NOT_REQUIRED
    if on < period.start:
        return CellStatus.NOT_DUE
    if on <= period.end:
        return CellStatus.CURRENT
    return CellStatus.MISSING


# Reminders: a running period is mentioned only in its last stretch (quiet early in a period), a
# past one for a while after it ended. The year: from the fourth quarter (R-MEET-6: usually in Q4),
# and the past year during the first quarter of the next one.
CURRENT_FROM_DAY: Final = 16  # a month: from the 16th
PAST_YEAR_UNTIL_MONTH: Final = 3


def reminder_periods(on: date, frequency: Frequency) -> list[tuple[Period, bool]]:
    """The periods a reminder on ``on`` speaks about, as (period, is_current): the previous period
    (a month or quarter during the whole next one; a year until the end of March) and the current
    one in its last stretch (a month from the 16th, a quarter in its last month, a year from October)."""
    current = period_of(on, frequency)
    found: list[tuple[Period, bool]] = []
    if frequency is not Frequency.YEAR or on.month <= PAST_YEAR_UNTIL_MONTH:
        found.append((current.previous(), False))
    if frequency is Frequency.MONTH:
        late = on.day >= CURRENT_FROM_DAY
    else:
        late = on.month > current.end.month - (3 if frequency is Frequency.YEAR else 1)
    if late:
        found.append((current, True))
    return found


def clause(requirement: Requirement, period: Period, count: int, *, current: bool) -> str:
    """One missing item in words, without the organisation: "本季度尚未召开支部党员大会（要求每季度一次）"."""
    when = period.frequency.this if current else period.full_label
    why = f"（要求{requirement.demand}）"
    if count > 0:
        return f"{when}{requirement.label}{'目前' if current else ''}只有{count}次{why}"
    return f"{when}{requirement.actor}{'尚未' if current else '未'}{requirement.action}{why}"


__all__ = [
    "COMMITTEE_TALK_KINDS", "PARTY_COMMITTEES", "SETTING_KEYS", "CellStatus", "Frequency", "Period", "Requirement",
    "Scope", "cell_status", "clause", "committee_day", "owed_talk_kinds", "parse_frequency", "period_of", "periods",
    "reminder_periods", "required_in", "requirements",
]
