"""Organisation rules in the domain: terms and 换届 (R-ORG-5 … R-ORG-9), size and committee checks
(R-ORG-1 … R-ORG-4), as the clerk of a 机关党委 would check them by hand."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from djdesk.domain.config import SETTINGS
from djdesk.domain.enums import CommitteeRole, OrgKind
from djdesk.domain.terms import (
    Finding,
    Severity,
    TermStatus,
    check_adjustment,
    check_election,
    committee_findings,
    size_findings,
    term_end,
    term_sentence,
    term_status,
)

HAN = re.compile(r"[\u4e00-\u9fff]")

SECRETARY = CommitteeRole.SECRETARY
DEPUTY = CommitteeRole.DEPUTY_SECRETARY
ORGANIZATION = CommitteeRole.ORGANIZATION
PROPAGANDA = CommitteeRole.PROPAGANDA
DISCIPLINE = CommitteeRole.DISCIPLINE
MEMBER = CommitteeRole.MEMBER


def _rules(findings: list[Finding]) -> list[tuple[str, Severity]]:
    return [(f.rule, f.severity) for f in findings]


# --- R-ORG-5 / R-ORG-6 / R-ORG-8: when a term ends -------------------------------------------------


@pytest.mark.parametrize(
    ("key", "years"),
    [
        ("term.years.BRANCH", 3),
        ("term.years.JOINT_BRANCH", 3),
        ("term.years.GENERAL_BRANCH", 3),
        ("term.years.ORGAN_COMMITTEE", 5),
        ("term.years.COMMITTEE", 5),
    ],
)
def test_r_org_5_default_term_lengths_are_3_3_5_not_the_2010_values(key: str, years: int) -> None:
    """R-ORG-5: 党支部 3 years, 党总支 3 years, 机关党委 5 years (not the old 4/3/2); configurable."""
    spec = SETTINGS[key]
    assert spec.default == years
    assert spec.rule == "R-ORG-5"
    assert spec.unit == "年"


def test_r_org_5_r_org_6_term_counts_from_the_electing_meeting() -> None:
    """R-ORG-6: a branch elected on 2022-09-20 serves until 2025-09-20; a 机关党委 elected then until 2027."""
    elected = date(2022, 9, 20)
    assert term_end(elected, 3) == date(2025, 9, 20)
    assert term_end(elected, 5) == date(2027, 9, 20)
    # The end moves with the election date, day for day.
    assert term_end(elected + timedelta(days=1), 3) == date(2025, 9, 21)


@pytest.mark.parametrize(
    ("elected", "years", "end"),
    [
        (date(2024, 2, 29), 3, date(2027, 2, 28)),  # no 29 February in 2027
        (date(2024, 2, 29), 5, date(2029, 2, 28)),
        (date(2024, 2, 29), 4, date(2028, 2, 29)),  # a leap year again: the same day
        (date(2023, 2, 28), 1, date(2024, 2, 28)),  # not pushed to the 29th
    ],
)
def test_r_org_6_february_29_election(elected: date, years: int, end: date) -> None:
    assert term_end(elected, years) == end


@pytest.mark.parametrize(
    ("adjust", "end"),
    [
        (0, date(2025, 9, 20)),
        (6, date(2026, 3, 20)),  # approved extension of half a year
        (12, date(2026, 9, 20)),  # the longest allowed extension
        (-3, date(2025, 6, 20)),  # approved early 换届
        (-12, date(2024, 9, 20)),
    ],
)
def test_r_org_8_adjustment_moves_the_end_by_whole_months(adjust: int, end: date) -> None:
    assert term_end(date(2022, 9, 20), 3, adjust) == end


def test_r_org_8_adjustment_clamps_to_the_month_end() -> None:
    """Elected on 31 August; extended by 6 months the term ends on the last day of February."""
    assert term_end(date(2023, 8, 31), 3, 6) == date(2027, 2, 28)
    assert term_end(date(2024, 2, 29), 3, -12) == date(2026, 2, 28)


# --- R-ORG-7: 换届 status --------------------------------------------------------------------------

END = date(2026, 3, 10)


@pytest.mark.parametrize(
    ("on", "status"),
    [
        (date(2025, 1, 1), TermStatus.NORMAL),
        (date(2025, 9, 9), TermStatus.NORMAL),  # the day before the reminder window opens
        (date(2025, 9, 10), TermStatus.DUE_SOON),  # exactly 6 months before the end
        (date(2026, 1, 15), TermStatus.DUE_SOON),
        (date(2026, 3, 9), TermStatus.DUE_SOON),
        (date(2026, 3, 10), TermStatus.DUE_SOON),  # the end day itself is not yet overdue
        (date(2026, 3, 11), TermStatus.OVERDUE),  # the day after
        (date(2030, 1, 1), TermStatus.OVERDUE),
    ],
)
def test_r_org_7_status_boundaries(on: date, status: TermStatus) -> None:
    assert term_status(END, on) is status


def test_r_org_7_reminder_window_is_configurable() -> None:
    """With 3 months configured, 6 months before the end is still 正常."""
    assert term_status(END, date(2025, 9, 10), remind_months=3) is TermStatus.NORMAL
    assert term_status(END, date(2025, 12, 9), remind_months=3) is TermStatus.NORMAL
    assert term_status(END, date(2025, 12, 10), remind_months=3) is TermStatus.DUE_SOON


def test_r_org_7_window_at_a_month_end() -> None:
    """A term ending on 31 August: the window opens on 28 February (no 31 February)."""
    end = date(2026, 8, 31)
    assert term_status(end, date(2026, 2, 27)) is TermStatus.NORMAL
    assert term_status(end, date(2026, 2, 28)) is TermStatus.DUE_SOON


def test_r_org_7_no_term_recorded_is_unknown() -> None:
    assert term_status(None, date(2025, 10, 1)) is TermStatus.UNKNOWN
    assert TermStatus.UNKNOWN.label == "未记录"


def test_r_org_7_status_labels_are_chinese() -> None:
    assert [s.label for s in (TermStatus.NORMAL, TermStatus.DUE_SOON, TermStatus.OVERDUE)] == [
        "正常", "即将届满", "已超期",
    ]


_ORDER = {TermStatus.NORMAL: 0, TermStatus.DUE_SOON: 1, TermStatus.OVERDUE: 2}


@given(
    end=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    first=st.integers(min_value=-4000, max_value=4000),
    later=st.integers(min_value=0, max_value=4000),
    remind=st.integers(min_value=1, max_value=24),
)
def test_r_org_7_status_is_monotone_in_the_date(end: date, first: int, later: int, remind: int) -> None:
    """As days pass the status only moves forward: 正常 → 即将届满 → 已超期, never back."""
    a = end + timedelta(days=first)
    b = a + timedelta(days=later)
    sa, sb = term_status(end, a, remind), term_status(end, b, remind)
    assert _ORDER[sa] <= _ORDER[sb]
    assert (sa is TermStatus.OVERDUE) == (a > end)


def test_r_org_7_sentences_name_the_end_date_in_chinese() -> None:
    overdue = term_sentence("政策法规处支部", TermStatus.OVERDUE, date(2024, 9, 20), date(2025, 10, 1))
    assert "2024年9月20日" in overdue
    assert "已超期" in overdue and "换届" in overdue
    soon = term_sentence("综合规划处支部", TermStatus.DUE_SOON, date(2026, 3, 10), date(2025, 10, 1))
    assert "2026年3月10日" in soon and "届满" in soon
    assert "已超期" not in soon


# --- R-ORG-8: the limit on extensions and advances -------------------------------------------------


@pytest.mark.parametrize("months", [0, 1, 6, 12, -1, -12])
def test_r_org_8_adjustment_up_to_a_year_is_accepted(months: int) -> None:
    assert check_adjustment(months) is None


@pytest.mark.parametrize("months", [13, -13, 24])
def test_r_org_8_adjustment_over_a_year_is_refused_in_chinese(months: int) -> None:
    message = check_adjustment(months)
    assert message is not None
    assert HAN.search(message)
    assert "12 个月" in message  # says what the limit is
    assert str(abs(months)) in message  # and what was typed


# --- R-ORG-9: election validity ------------------------------------------------------------------


def test_r_org_9_exactly_four_fifths_present_is_invalid() -> None:
    """The rule says *more than* 4/5: 32 of 40 is exactly 4/5, so the election is void."""
    check = check_election(40, 32, [("张三", 30)])
    assert not check.valid
    assert any("选举无效" in m for m in check.messages)
    assert not any(c.elected for c in check.candidates)


def test_r_org_9_more_than_four_fifths_present_is_valid() -> None:
    check = check_election(40, 33, [("张三", 30)])
    assert check.valid
    assert [(c.name, c.elected) for c in check.candidates] == [("张三", True)]


@pytest.mark.parametrize(("entitled", "present", "valid"), [(5, 4, False), (5, 5, True), (10, 8, False),
                                                            (10, 9, True), (11, 9, True), (11, 8, False)])
def test_r_org_9_quorum_small_branches(entitled: int, present: int, valid: bool) -> None:
    assert check_election(entitled, present, []).valid is valid


def test_r_org_9_exactly_half_of_present_is_not_elected() -> None:
    """Elected with yes-votes *more than* half of those present: 20 of 40 is not enough, 21 is."""
    check = check_election(40, 40, [("张三", 20), ("李四", 21), ("王五", 40)])
    assert check.valid
    assert {c.name: c.elected for c in check.candidates} == {"张三": False, "李四": True, "王五": True}
    assert any("张三" in m and "不能当选" in m for m in check.messages)
    assert not any("李四" in m and "不能当选" in m for m in check.messages)


def test_r_org_9_half_with_odd_present() -> None:
    check = check_election(40, 35, [("甲", 17), ("乙", 18)])
    assert {c.name: c.elected for c in check.candidates} == {"甲": False, "乙": True}


def test_r_org_9_more_present_than_entitled_is_refused() -> None:
    check = check_election(40, 41, [("张三", 30)])
    assert not check.valid
    assert check.candidates == ()
    assert any("实到" in m and "应到" in m for m in check.messages)


def test_r_org_9_no_entitled_voters_is_refused() -> None:
    check = check_election(0, 0, [])
    assert not check.valid
    assert HAN.search(check.messages[0])


def test_r_org_9_more_votes_than_present_is_flagged() -> None:
    check = check_election(40, 35, [("张三", 36)])
    assert not check.valid
    assert not check.candidates[0].elected
    assert any("张三" in m and "36" in m and "实到" in m for m in check.messages)


def test_r_org_9_flagged_election_elects_nobody() -> None:
    """A vote count larger than the voters present makes the check invalid; then nobody may be shown as
    当选, whatever the order in which the candidates were typed."""
    check = check_election(40, 35, [("甲", 30), ("乙", 36)])
    assert not check.valid
    assert [c.elected for c in check.candidates] == [False, False]


def test_r_org_9_negative_votes_are_flagged() -> None:
    check = check_election(40, 35, [("张三", -1)])
    assert not check.valid
    assert any("张三" in m for m in check.messages)


# --- R-ORG-1, R-ORG-2, R-ORG-4: size -------------------------------------------------------------


def test_r_org_1_two_full_members_warn_even_with_probationers() -> None:
    """Probationary members do not count: 2 正式 + 5 预备 is still too few for a branch."""
    found = size_findings(OrgKind.BRANCH, 2, 5)
    assert _rules(found) == [("R-ORG-1", Severity.WARNING)]
    assert "联合党支部" in found[0].text and "2" in found[0].text


def test_r_org_1_three_full_members_are_enough() -> None:
    assert size_findings(OrgKind.BRANCH, 3, 0) == []


def test_r_org_1_applies_to_joint_branches_too() -> None:
    assert _rules(size_findings(OrgKind.JOINT_BRANCH, 1, 0)) == [("R-ORG-1", Severity.WARNING)]


def test_r_org_2_fifty_one_members_warn() -> None:
    found = size_findings(OrgKind.BRANCH, 45, 6)
    assert _rules(found) == [("R-ORG-2", Severity.WARNING)]
    assert "51" in found[0].text and "50" in found[0].text


def test_r_org_2_fifty_members_do_not_warn() -> None:
    assert size_findings(OrgKind.BRANCH, 44, 6) == []
    assert size_findings(OrgKind.BRANCH, 50, 0) == []


@pytest.mark.parametrize(
    ("kind", "full", "probationary", "expected"),
    [
        (OrgKind.GENERAL_BRANCH, 45, 4, ["R-ORG-4"]),  # 49: too few for a 党总支
        (OrgKind.GENERAL_BRANCH, 48, 2, []),  # 50
        (OrgKind.GENERAL_BRANCH, 95, 4, []),  # 99
        (OrgKind.GENERAL_BRANCH, 96, 4, ["R-ORG-4"]),  # 100: a 党委 may be set up
        (OrgKind.ORGAN_COMMITTEE, 95, 4, ["R-ORG-4"]),  # 99: normally a 党总支
        (OrgKind.ORGAN_COMMITTEE, 96, 4, []),  # 100
        (OrgKind.ORGAN_COMMITTEE, 315, 10, []),
        (OrgKind.COMMITTEE, 60, 0, ["R-ORG-4"]),
        (OrgKind.GENERAL_BRANCH, 2, 0, ["R-ORG-4"]),  # branch rules do not apply above branches
        (OrgKind.GROUP, 1, 0, []),
    ],
)
def test_r_org_4_thresholds(kind: OrgKind, full: int, probationary: int, expected: list[str]) -> None:
    found = size_findings(kind, full, probationary)
    assert [f.rule for f in found] == expected
    for f in found:
        assert f.severity is Severity.INFO
        assert str(full + probationary) in f.text


# --- R-ORG-3: the committee ------------------------------------------------------------------------


def test_r_org_3_seven_full_members_with_only_a_secretary_warn() -> None:
    found = committee_findings(OrgKind.BRANCH, 7, [SECRETARY])
    assert _rules(found) == [("R-ORG-3", Severity.WARNING)]
    assert "支部委员会" in found[0].text


def test_r_org_3_seven_full_members_with_three_seats_are_fine() -> None:
    assert committee_findings(OrgKind.BRANCH, 7, [SECRETARY, ORGANIZATION, PROPAGANDA]) == []


def test_r_org_3_five_seats_fine_six_or_seven_unusual() -> None:
    five = [SECRETARY, DEPUTY, ORGANIZATION, PROPAGANDA, DISCIPLINE]
    assert committee_findings(OrgKind.BRANCH, 30, five) == []
    assert _rules(committee_findings(OrgKind.BRANCH, 30, [*five, MEMBER])) == [("R-ORG-3", Severity.INFO)]
    assert _rules(committee_findings(OrgKind.BRANCH, 30, [*five, MEMBER, MEMBER])) == [("R-ORG-3", Severity.INFO)]


def test_r_org_3_eight_seats_warn() -> None:
    eight = [SECRETARY, DEPUTY, ORGANIZATION, PROPAGANDA, DISCIPLINE, MEMBER, MEMBER, MEMBER]
    found = committee_findings(OrgKind.BRANCH, 30, eight)
    assert _rules(found) == [("R-ORG-3", Severity.WARNING)]
    assert "8" in found[0].text and "7" in found[0].text


def test_r_org_3_small_branch_needs_no_committee() -> None:
    """6 正式党员 and four seats: an info that only a 书记 (and a 副书记) is set up."""
    found = committee_findings(OrgKind.BRANCH, 6, [SECRETARY, ORGANIZATION, PROPAGANDA, DISCIPLINE])
    assert _rules(found) == [("R-ORG-3", Severity.INFO)]
    assert "不设支部委员会" in found[0].text


def test_r_org_3_small_branch_with_secretary_and_one_deputy_is_fine() -> None:
    assert committee_findings(OrgKind.BRANCH, 6, [SECRETARY]) == []
    assert committee_findings(OrgKind.BRANCH, 6, [SECRETARY, DEPUTY]) == []


def test_r_org_3_no_secretary_warns() -> None:
    found = committee_findings(OrgKind.BRANCH, 10, [DEPUTY, ORGANIZATION, PROPAGANDA])
    assert _rules(found) == [("R-ORG-3", Severity.WARNING)]
    assert "没有书记" in found[0].text
    assert _rules(committee_findings(OrgKind.BRANCH, 4, [])) == [("R-ORG-3", Severity.WARNING)]


def test_r_org_3_two_deputies_warn() -> None:
    found = committee_findings(OrgKind.BRANCH, 10, [SECRETARY, DEPUTY, DEPUTY, ORGANIZATION])
    assert ("R-ORG-3", Severity.WARNING) in _rules(found)
    assert any("副书记" in f.text for f in found)


def test_r_org_3_only_for_branches() -> None:
    assert committee_findings(OrgKind.GENERAL_BRANCH, 30, []) == []
    assert committee_findings(OrgKind.GROUP, 10, []) == []
