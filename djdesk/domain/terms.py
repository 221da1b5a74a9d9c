"""Organisation rules: terms and 换届 (R-ORG-5 … R-ORG-9), size and committee checks (R-ORG-1 … R-ORG-4)."""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from djdesk.domain.dates import add_months, add_years, format_cn
from djdesk.domain.enums import CommitteeRole, OrgKind

MAX_ADJUST_MONTHS = 12  # R-ORG-8: extension or advance of at most one year
MIN_FULL_MEMBERS = 3  # R-ORG-1
MAX_BRANCH_MEMBERS = 50  # R-ORG-2
COMMITTEE_THRESHOLD = 7  # R-ORG-3: 7 or more 正式党员 → a 支部委员会
COMMITTEE_MIN, COMMITTEE_MAX, COMMITTEE_HARD_MAX = 3, 5, 7  # R-ORG-3
ORGAN_COMMITTEE_MIN_MEMBERS = 100  # R-ORG-4
GENERAL_BRANCH_MIN_MEMBERS = 50  # R-ORG-4


class TermStatus(enum.Enum):
    NORMAL = "正常"
    DUE_SOON = "即将届满"
    OVERDUE = "已超期"
    UNKNOWN = "未记录"

    @property
    def label(self) -> str:
        return self.value


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    URGENT = 3

    @property
    def label(self) -> str:
        return {1: "提示", 2: "注意", 3: "紧急"}[int(self)]


def term_end(elected_on: date, years: int, adjust_months: int = 0) -> date:
    """R-ORG-6: the term counts from the electing 党员大会; R-ORG-8: approved extension (+) or advance (−)."""
    return add_months(add_years(elected_on, years), adjust_months)


def term_status(end: date | None, on: date, remind_months: int = 6) -> TermStatus:
    """R-ORG-7: "due soon" from ``remind_months`` before expiry, "overdue" after it."""
    if end is None:
        return TermStatus.UNKNOWN
    if on > end:
        return TermStatus.OVERDUE
    if on >= add_months(end, -remind_months):
        return TermStatus.DUE_SOON
    return TermStatus.NORMAL


def check_adjustment(months: int) -> str | None:
    """R-ORG-8: an extension or early 换届 is at most 12 months; returns a Chinese error or None."""
    if abs(months) > MAX_ADJUST_MONTHS:
        return f"延期或提前换届最长 {MAX_ADJUST_MONTHS} 个月，现填写 {abs(months)} 个月。请改为不超过 12 个月。"
    return None


@dataclass(frozen=True)
class CandidateResult:
    name: str
    votes: int
    elected: bool


@dataclass(frozen=True)
class ElectionCheck:
    valid: bool
    messages: tuple[str, ...]
    candidates: tuple[CandidateResult, ...]


def check_election(entitled: int, present: int, votes: Sequence[tuple[str, int]]) -> ElectionCheck:
    """R-ORG-9: valid when present voters > 4/5 of those entitled; elected with yes-votes > half of present."""
    messages: list[str] = []
    valid = True
    if entitled <= 0:
        return ElectionCheck(False, ("应到人数必须大于 0。",), ())
    if present > entitled:
        return ElectionCheck(False, (f"实到人数（{present}）不能多于应到人数（{entitled}）。",), ())
    if present * 5 > entitled * 4:
        messages.append(f"实到 {present} 人，超过应到 {entitled} 人的五分之四，选举有效。")
    else:
        valid = False
        messages.append(f"实到 {present} 人，未超过应到 {entitled} 人的五分之四，选举无效，应另行召开党员大会。")
    results = []
    for name, count in votes:
        if count < 0 or count > present:
            messages.append(f"{name} 的得票数（{count}）不能为负数，也不能超过实到人数（{present}）。")
            valid = False
            results.append(CandidateResult(name, count, False))
            continue
        elected = valid and count * 2 > present
        results.append(CandidateResult(name, count, elected))
        if valid and not elected:
            messages.append(f"{name} 得 {count} 票，未超过实到人数的半数，不能当选。")
    if not valid:  # an invalid election elects nobody
        results = [CandidateResult(r.name, r.votes, False) for r in results]
    return ElectionCheck(valid, tuple(messages), tuple(results))


@dataclass(frozen=True)
class Finding:
    """A warning about an organisation, in a Chinese sentence, with the rule behind it."""

    rule: str
    severity: Severity
    text: str


def size_findings(kind: OrgKind, full: int, probationary: int) -> list[Finding]:
    """R-ORG-1, R-ORG-2 for branches; R-ORG-4 for the 党总支 and 机关党委 levels (not before the
    organisation has members: a 机关党委 just set up is not "too small")."""
    total = full + probationary
    found: list[Finding] = []
    if not kind.is_branch and total == 0:
        return found
    if kind.is_branch:
        if full < MIN_FULL_MEMBERS:
            found.append(Finding("R-ORG-1", Severity.WARNING,
                                 f"正式党员只有 {full} 名，不足 {MIN_FULL_MEMBERS} 名：应与邻近单位组建联合党支部。"))
        if total > MAX_BRANCH_MEMBERS:
            found.append(Finding("R-ORG-2", Severity.WARNING,
                                 f"党员 {total} 名，超过 {MAX_BRANCH_MEMBERS} 名：一般应分设党支部。"))
    elif kind is OrgKind.GENERAL_BRANCH and total >= ORGAN_COMMITTEE_MIN_MEMBERS:
        found.append(Finding("R-ORG-4", Severity.INFO,
                             f"党员 {total} 名，已达 {ORGAN_COMMITTEE_MIN_MEMBERS} 名：可按规定设立基层党委。"))
    elif kind is OrgKind.GENERAL_BRANCH and total < GENERAL_BRANCH_MIN_MEMBERS:
        found.append(Finding("R-ORG-4", Severity.INFO,
                             f"党员 {total} 名，不足 {GENERAL_BRANCH_MIN_MEMBERS} 名：一般不设党总支。"))
    elif kind in (OrgKind.ORGAN_COMMITTEE, OrgKind.COMMITTEE) and total < ORGAN_COMMITTEE_MIN_MEMBERS:
        found.append(Finding("R-ORG-4", Severity.INFO,
                             f"党员 {total} 名，不足 {ORGAN_COMMITTEE_MIN_MEMBERS} 名：一般设党总支而非党委。"))
    return found


def committee_findings(kind: OrgKind, full: int, roles: Iterable[CommitteeRole]) -> list[Finding]:
    """R-ORG-3: 7+ 正式党员 → 支部委员会 of 3–5 (normally ≤ 7) with a 书记; fewer → a 书记 (and ≤1 副书记)."""
    if not kind.is_branch:
        return []
    counts = Counter(roles)
    seats = sum(counts.values())
    found: list[Finding] = []
    if counts[CommitteeRole.SECRETARY] == 0:
        found.append(Finding("R-ORG-3", Severity.WARNING, "没有书记：请在班子成员中设置书记。"))
    elif counts[CommitteeRole.SECRETARY] > 1:
        secretaries = counts[CommitteeRole.SECRETARY]
        found.append(Finding("R-ORG-3", Severity.WARNING,
                             f"有 {secretaries} 名书记：同一时间只能有一名书记，请为前任填写离任日期。"))
    if counts[CommitteeRole.DEPUTY_SECRETARY] > 1:
        found.append(Finding("R-ORG-3", Severity.WARNING, "副书记不应超过 1 名。"))
    if full >= COMMITTEE_THRESHOLD:
        if seats < COMMITTEE_MIN:
            found.append(Finding(
                "R-ORG-3", Severity.WARNING,
                f"正式党员 {full} 名（7 名以上），应设立支部委员会（委员 3 至 5 名），现有班子成员 {seats} 名。",
            ))
        elif seats > COMMITTEE_HARD_MAX:
            found.append(Finding("R-ORG-3", Severity.WARNING,
                                 f"支部委员会有 {seats} 名委员，超过 {COMMITTEE_HARD_MAX} 名。"))
        elif seats > COMMITTEE_MAX:
            found.append(Finding("R-ORG-3", Severity.INFO,
                                 f"支部委员会有 {seats} 名委员，一般为 3 至 5 名。"))
    elif seats > 2 or (seats == 2 and counts[CommitteeRole.DEPUTY_SECRETARY] != 1):
        found.append(Finding("R-ORG-3", Severity.INFO,
                             f"正式党员 {full} 名（不足 7 名），不设支部委员会，只设书记（可设 1 名副书记）。"))
    return found


def term_sentence(name: str, status: TermStatus, end: date, on: date) -> str:
    """The 换届 reminder sentence (R-ORG-7)."""
    if status is TermStatus.OVERDUE:
        late = _months_between(end, on)
        extra = f"已超期 {late} 个月，" if late else "已超期，"
        return f"{name}任期已于{format_cn(end)}届满，{extra}请督促尽快换届。"
    left = _months_between(on, end)
    extra = f"还有 {left} 个月，" if left else "不足 1 个月，"
    return f"{name}任期将于{format_cn(end)}届满，{extra}请提前做好换届准备。"


def _months_between(start: date, end: date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return max(months, 0)
