"""Frequencies, periods and requirements of organisational life (R-MEET-1 … R-MEET-8, R-MEET-11), pure."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from djdesk.domain.config import SETTINGS
from djdesk.domain.enums import MeetingKind, OrgKind, TalkKind
from djdesk.domain.schedule import (
    SETTING_KEYS,
    CellStatus,
    Frequency,
    Period,
    Requirement,
    Scope,
    cell_status,
    clause,
    parse_frequency,
    period_of,
    periods,
    reminder_periods,
    required_in,
    requirements,
)

M, Q, Y = Frequency.MONTH, Frequency.QUARTER, Frequency.YEAR


def _req(key: str, values: dict[str, object] | None = None) -> Requirement:
    return next(r for r in requirements(values) if r.key == key)


def test_periods_of_a_year_have_the_labels_the_clerk_reads() -> None:
    assert [p.label for p in periods(2025, M)] == [f"{m}月" for m in range(1, 13)]
    assert [p.label for p in periods(2025, Q)] == ["第一季度", "第二季度", "第三季度", "第四季度"]
    assert [p.label for p in periods(2025, Y)] == ["全年"]
    assert [p.full_label for p in (Period(2025, M, 3), Period(2025, Q, 1), Period(2025, Y, 1))] == [
        "2025年3月", "2025年第一季度", "2025年度"]


def test_periods_cover_the_year_without_gaps() -> None:
    for freq in Frequency:
        found = periods(2024, freq)
        assert found[0].start == date(2024, 1, 1) and found[-1].end == date(2024, 12, 31)
        for a, b in pairwise(found):
            assert b.start == a.end + timedelta(days=1)
    assert Period(2024, M, 2).end == date(2024, 2, 29)  # leap year
    assert Period(2025, Q, 2).start == date(2025, 4, 1) and Period(2025, Q, 2).end == date(2025, 6, 30)
    with pytest.raises(ValueError):
        Period(2025, Q, 5)


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31)), st.sampled_from(list(Frequency)))
def test_period_of_contains_the_day_and_previous_ends_the_day_before(day: date, freq: Frequency) -> None:
    period = period_of(day, freq)
    assert period.contains(day)
    assert period.previous().end == period.start - timedelta(days=1)


def test_parse_frequency_accepts_stored_values_and_chinese_words() -> None:
    assert parse_frequency("month") is M and parse_frequency("QUARTER") is Q and parse_frequency(" year ") is Y
    assert parse_frequency("每月") is M and parse_frequency("每季度") is Q and parse_frequency("年度") is Y
    with pytest.raises(ValueError, match="每月、每季度、每年"):
        parse_frequency("weekly")


def test_r_meet_1_general_assembly_is_quarterly_per_branch_and_configurable() -> None:
    default = _req("GENERAL_ASSEMBLY")
    assert (default.rule, default.frequency, default.minimum, default.scope) == ("R-MEET-1", Q, 1, Scope.BRANCH)
    assert default.meeting_kind is MeetingKind.GENERAL_ASSEMBLY and default.demand == "每季度一次"
    monthly = _req("GENERAL_ASSEMBLY", {"meet.freq.GENERAL_ASSEMBLY": "month"})
    assert monthly.frequency is M and len(periods(2025, monthly.frequency)) == 12  # 12 columns instead of 4
    assert monthly.demand == "每月一次"


def test_a_damaged_frequency_setting_falls_back_to_the_default() -> None:
    assert _req("GENERAL_ASSEMBLY", {"meet.freq.GENERAL_ASSEMBLY": "sometimes"}).frequency is Q
    assert _req("IDEOLOGY", {"meet.ideology_per_year": "x"}).minimum == 2
    assert _req("IDEOLOGY", {"meet.ideology_per_year": 0}).minimum == 2


def test_r_meet_2_committee_meeting_monthly_only_where_a_committee_exists() -> None:
    req = _req("COMMITTEE_MEETING")
    assert (req.rule, req.frequency, req.scope) == ("R-MEET-2", M, Scope.BRANCH_WITH_COMMITTEE)
    assert req.scope.covers(OrgKind.BRANCH) and not req.scope.covers(OrgKind.GENERAL_BRANCH)


def test_r_meet_3_group_meeting_monthly_per_group() -> None:
    req = _req("GROUP_MEETING")
    assert (req.rule, req.frequency, req.scope) == ("R-MEET-3", M, Scope.GROUP)
    assert req.scope.covers(OrgKind.GROUP) and not req.scope.covers(OrgKind.BRANCH)


def test_r_meet_4_lecture_quarterly_and_the_secretary_lectures_yearly() -> None:
    lecture, secretary = _req("PARTY_LECTURE"), _req("SECRETARY_LECTURE")
    assert (lecture.rule, lecture.frequency, lecture.minimum) == ("R-MEET-4", Q, 1)
    assert (secretary.rule, secretary.frequency, secretary.minimum) == ("R-MEET-4", Y, 1)
    assert secretary.meeting_kind is MeetingKind.PARTY_LECTURE and secretary.actor == "书记"
    assert _req("SECRETARY_LECTURE", {"meet.secretary_lectures": 2}).minimum == 2
    # R-MEET-4: the 书记 of a branch and of a 党委 (the 机关党委), not of a 党总支 or a 党小组.
    assert [k for k in OrgKind if secretary.scope.covers(k)] == [
        OrgKind.ORGAN_COMMITTEE, OrgKind.COMMITTEE, OrgKind.BRANCH, OrgKind.JOINT_BRANCH]


def test_r_meet_5_theme_day_monthly() -> None:
    req = _req("THEME_DAY")
    assert (req.rule, req.frequency, req.scope, req.meeting_kind) == ("R-MEET-5", M, Scope.BRANCH,
                                                                     MeetingKind.THEME_DAY)


def test_r_meet_6_life_meeting_yearly_usually_in_the_fourth_quarter() -> None:
    req = _req("LIFE_MEETING")
    assert (req.rule, req.frequency) == ("R-MEET-6", Y) and "第四季度" in req.demand
    quarterly = _req("LIFE_MEETING", {"meet.freq.LIFE_MEETING": "quarter"})
    assert quarterly.frequency is Q and "第四季度" not in quarterly.demand


def test_r_meet_7_talks_every_kind_at_least_n_a_year() -> None:
    talks = [r for r in requirements({"meet.talks_per_year": 2}) if r.rule == "R-MEET-7"]
    assert [r.talk_kind for r in talks] == list(TalkKind)
    assert all(r.frequency is Y and r.minimum == 2 for r in talks)
    # R-MEET-7: a branch without a 支部委员会 owes only the talks between members.
    assert {r.talk_kind: r.scope for r in talks} == {
        TalkKind.SECRETARY_COMMITTEE: Scope.BRANCH_WITH_COMMITTEE,
        TalkKind.AMONG_COMMITTEE: Scope.BRANCH_WITH_COMMITTEE,
        TalkKind.COMMITTEE_MEMBER: Scope.BRANCH_WITH_COMMITTEE,
        TalkKind.AMONG_MEMBERS: Scope.BRANCH}
    assert {r.label for r in talks} == {f"谈心谈话（{k.label}）" for k in TalkKind}


def test_r_meet_8_evaluation_yearly() -> None:
    req = _req("EVALUATION")
    assert (req.rule, req.frequency, req.meeting_kind) == ("R-MEET-8", Y, MeetingKind.EVALUATION_MEETING)


def test_r_meet_11_ideology_at_least_twice_in_every_party_organisation() -> None:
    req = _req("IDEOLOGY")
    assert (req.rule, req.frequency, req.minimum) == ("R-MEET-11", Y, 2)
    assert all(req.scope.covers(k) for k in OrgKind if k is not OrgKind.GROUP)
    assert not req.scope.covers(OrgKind.GROUP)
    assert _req("IDEOLOGY", {"meet.ideology_per_year": 4}).minimum == 4


def test_requirements_are_ordered_unique_and_read_every_meeting_setting() -> None:
    reqs = requirements()
    assert len({r.key for r in reqs}) == len(reqs)
    assert list(dict.fromkeys(r.rule for r in reqs)) == [
        "R-MEET-1", "R-MEET-2", "R-MEET-3", "R-MEET-4", "R-MEET-5", "R-MEET-6", "R-MEET-7", "R-MEET-8", "R-MEET-11"]
    assert set(SETTING_KEYS) <= set(SETTINGS)
    assert {k for k in SETTINGS if k.startswith("meet.freq.")} <= set(SETTING_KEYS)


def test_cell_status_on_the_reference_date() -> None:
    march = Period(2025, M, 3)
    assert cell_status(march, 0, 1, date(2025, 2, 28)) is CellStatus.NOT_DUE
    assert cell_status(march, 0, 1, date(2025, 3, 1)) is CellStatus.CURRENT
    assert cell_status(march, 0, 1, date(2025, 3, 31)) is CellStatus.CURRENT  # the last day is still running
    assert cell_status(march, 0, 1, date(2025, 4, 1)) is CellStatus.MISSING
    assert cell_status(march, 1, 1, date(2025, 3, 2)) is CellStatus.HELD  # already held: not pending
    assert cell_status(march, 1, 2, date(2025, 5, 1)) is CellStatus.MISSING  # too few
    assert cell_status(march, 0, 1, date(2025, 5, 1), required=False) is CellStatus.NOT_REQUIRED
    assert cell_status(march, 1, 1, date(2025, 5, 1), required=False) is CellStatus.HELD


@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)), st.integers(0, 3))
def test_cell_status_is_red_only_after_the_period(on: date, count: int) -> None:
    for period in periods(2025, Q):
        status = cell_status(period, count, 2, on)
        assert (status is CellStatus.MISSING) == (count < 2 and on > period.end)
        assert (status is CellStatus.NOT_DUE) == (count < 2 and on < period.start)


def test_a_branch_founded_mid_year_owes_periods_from_its_founding() -> None:
    founded = date(2025, 3, 20)
    owed = [p.label for p in periods(2025, M) if required_in(p, founded, None)]
    assert owed == [f"{m}月" for m in range(4, 13)]
    assert [p.label for p in periods(2025, Q) if required_in(p, founded, None)] == ["第二季度", "第三季度", "第四季度"]
    assert required_in(Period(2025, Y, 1), founded, None)
    assert required_in(Period(2025, M, 3), date(2025, 3, 1), None)  # founded on the 1st: the month is owed
    assert not required_in(Period(2025, Y, 1), date(2025, 12, 2), None)


def test_a_dissolved_organisation_stops_owing_after_its_dissolution() -> None:
    dissolved = date(2025, 8, 15)
    assert [p.index for p in periods(2025, M) if required_in(p, None, dissolved)] == list(range(1, 8))
    assert [p.index for p in periods(2025, Q) if required_in(p, None, dissolved)] == [1, 2]
    assert not required_in(Period(2025, Y, 1), None, dissolved)
    assert required_in(Period(2025, M, 7), None, date(2025, 8, 1))


def test_reminder_periods_previous_period_and_the_last_stretch_of_the_current_one() -> None:
    def labels(on: date, freq: Frequency) -> list[tuple[str, bool]]:
        return [(p.full_label, current) for p, current in reminder_periods(on, freq)]

    assert labels(date(2025, 3, 10), M) == [("2025年2月", False)]
    assert labels(date(2025, 3, 20), M) == [("2025年2月", False), ("2025年3月", True)]
    assert labels(date(2025, 1, 16), M) == [("2024年12月", False), ("2025年1月", True)]
    assert labels(date(2025, 2, 10), Q) == [("2024年第四季度", False)]
    assert labels(date(2025, 3, 1), Q) == [("2024年第四季度", False), ("2025年第一季度", True)]
    assert labels(date(2025, 3, 31), Y) == [("2024年度", False)]
    assert labels(date(2025, 6, 10), Y) == []
    assert labels(date(2025, 10, 1), Y) == [("2025年度", True)]


def test_clause_words_a_missing_item() -> None:
    assembly, ideology = _req("GENERAL_ASSEMBLY"), _req("IDEOLOGY")
    quarter = Period(2025, Q, 2)
    assert "公路管理处支部" + clause(assembly, quarter, 0, current=True) == (
        "公路管理处支部本季度尚未召开支部党员大会（要求每季度一次）")
    assert clause(assembly, quarter, 0, current=False) == "2025年第二季度未召开支部党员大会（要求每季度一次）"
    assert clause(ideology, Period(2025, Y, 1), 1, current=True) == (
        "本年度意识形态专题研究目前只有1次（要求每年至少2次）")
    assert clause(_req("SECRETARY_LECTURE"), Period(2024, Y, 1), 0, current=False) == (
        "2024年度书记未讲党课（要求每年至少1次）")
