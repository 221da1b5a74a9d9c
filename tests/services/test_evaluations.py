"""民主评议党员 (R-EVAL-1, R-EVAL-2) and 组织处置 (R-EVAL-3) on the demo 机关党委 (year 2025).

Every refused input says in Chinese what to change and leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import select, update

from djdesk.domain.enums import DisposalKind, EvalGrade, MemberCategory, RosterStatus
from djdesk.services import demo
from djdesk.services.evaluations import (
    DisposalInput,
    GradeInput,
    add_disposal,
    all_branch_results,
    branch_results,
    delete_disposal,
    delete_grade,
    list_disposals,
    roster_for_year,
    set_all_qualified,
    set_grades,
    update_disposal,
)
from djdesk.services.members import list_members
from djdesk.services.orgs import list_orgs
from djdesk.services.settings import save_setting
from djdesk.store.models import Evaluation, Member
from tests.services.refusals import RefusalCheck

YEAR = 2025
TODAY = dt.date(2026, 11, 26)
TABLES = ("evaluations", "disposals", "secretary_reviews", "assessment_items", "org_assessments",
          "assessment_scores", "commendations", "members")


CHECK = RefusalCheck(TABLES, order_by="1")
dump, refused = CHECK.dump, CHECK.refused


def org_id(store: Any, short: str) -> int:
    return next(r.id for r in list_orgs(store.sessions) if short in (r.short_name, r.name))


def members_of(store: Any, short: str) -> list[Any]:
    return list_members(store.sessions, branch=short)


# --- R-EVAL-1: the roster and the grades -------------------------------------------------------------


def test_r_eval_1_demo_roster_is_every_member_of_the_branch_and_its_groups(opened: Any) -> None:
    for short in ("办公室支部", demo.EXCELLENT_HEAVY_BRANCH, "离退休支部"):
        expected = {m.id for m in members_of(opened, short)}
        roster = roster_for_year(opened.sessions, org_id(opened, short), YEAR)
        assert {m.member_id for m in roster} == expected
        assert any(m.group for m in roster), "members of the branch's 党小组 are on its roster"
        assert all(m.grade is not None for m in roster)  # the demo graded everyone


def test_r_eval_1_roster_is_those_on_it_at_any_time_during_the_year(opened: Any) -> None:
    branch = org_id(opened, "办公室支部")
    ids = [m.id for m in members_of(opened, "办公室支部")]
    joined_later, left_during, left_before, deleted, moved_in_later = ids[-5:]
    with opened.sessions.begin() as session:
        session.execute(update(Member).where(Member.id == joined_later).values(joined_on=dt.date(2026, 1, 5)))
        session.execute(update(Member).where(Member.id == left_during).values(
            roster_status=RosterStatus.TRANSFERRED_OUT, left_on=dt.date(2025, 3, 1)))
        session.execute(update(Member).where(Member.id == left_before).values(
            roster_status=RosterStatus.DECEASED, left_on=dt.date(2024, 12, 31)))
        session.execute(update(Member).where(Member.id == deleted).values(deleted_at=dt.datetime(2026, 1, 1)))
        session.execute(update(Member).where(Member.id == moved_in_later).values(
            transferred_in_on=dt.date(2026, 2, 1)))
        session.execute(Evaluation.__table__.delete().where(Evaluation.member_id.in_(ids[-5:])))
    roster = {m.member_id: m for m in roster_for_year(opened.sessions, branch, YEAR)}
    assert left_during in roster and roster[left_during].left_on == dt.date(2025, 3, 1)
    assert not {joined_later, left_before, deleted, moved_in_later} & roster.keys()
    # the same, computed independently from list_members (history included)
    everyone = list_members(opened.sessions, branch="办公室支部", history=True)
    expected = {m.id for m in everyone if (m.joined_on is None or m.joined_on <= dt.date(YEAR, 12, 31))
                and (m.roster_status is RosterStatus.ACTIVE or (m.left_on and m.left_on >= dt.date(YEAR, 1, 1)))}
    assert roster.keys() == expected - {moved_in_later}


def test_r_eval_1_set_grades_records_grade_tallies_and_note(opened: Any) -> None:
    branch = org_id(opened, "办公室支部")
    first, second = (m.id for m in members_of(opened, "办公室支部")[:2])
    results = set_grades(opened.sessions, YEAR, branch, {
        first: GradeInput(EvalGrade.BASIC, (0, 20, 12, 1), "学习不够深入"),
        second: GradeInput(EvalGrade.EXCELLENT)}, today=TODAY)
    by_id = {m.member_id: m for m in results.members}
    assert by_id[first].grade is EvalGrade.BASIC and by_id[first].votes == (0, 20, 12, 1)
    assert by_id[first].note == "学习不够深入"
    assert by_id[second].grade is EvalGrade.EXCELLENT and by_id[second].votes == (None, None, None, None)
    everyone = members_of(opened, "办公室支部")
    full = [m for m in everyone if m.category is MemberCategory.FULL
            and (m.confirmed_on is None or m.confirmed_on <= dt.date(YEAR, 12, 31))]
    # R-EVAL-2: the 预备党员 take part without a 等次; the 正式党员 are all graded.
    assert results.graded == results.full == len(full) and results.roster == len(everyone)


def test_r_eval_1_grade_for_a_member_not_on_the_branch_roster_is_refused(opened: Any) -> None:
    branch = org_id(opened, "办公室支部")
    stranger = members_of(opened, "财务审计处支部")[0]
    refused(opened.sessions, lambda: set_grades(opened.sessions, YEAR, branch, {
        stranger.id: GradeInput(EvalGrade.QUALIFIED)}, today=TODAY), stranger.name, "不在", "办公室支部", "2025年")


def test_r_eval_1_grade_for_someone_who_left_before_the_year_is_refused(opened: Any) -> None:
    member = members_of(opened, "办公室支部")[3]
    with opened.sessions.begin() as session:
        session.execute(update(Member).where(Member.id == member.id).values(
            roster_status=RosterStatus.TRANSFERRED_OUT, left_on=dt.date(2024, 6, 30)))
        session.execute(Evaluation.__table__.delete().where(Evaluation.member_id == member.id))
    refused(opened.sessions, lambda: set_grades(opened.sessions, YEAR, org_id(opened, "办公室支部"), {
        member.id: GradeInput(EvalGrade.QUALIFIED)}, today=TODAY), member.name, "不在")


@pytest.mark.parametrize(("grade", "fragment"), [
    (GradeInput("优秀"), "优秀、合格、基本合格 或 不合格"),  # type: ignore[arg-type]
    (GradeInput(EvalGrade.QUALIFIED, (1, -2, 0, 0)), "“合格”票数"),
    (GradeInput(EvalGrade.QUALIFIED, (1, 2)), "四项"),  # type: ignore[arg-type]
    (GradeInput(EvalGrade.QUALIFIED, (1.5, 2, 0, 0)), "“优秀”票数"),  # type: ignore[arg-type]
    (GradeInput(EvalGrade.QUALIFIED, note="很" * 501), "备注太长"),
])
def test_r_eval_1_bad_grades_are_refused(opened: Any, grade: GradeInput, fragment: str) -> None:
    member = members_of(opened, "办公室支部")[0]
    refused(opened.sessions, lambda: set_grades(opened.sessions, YEAR, org_id(opened, "办公室支部"),
                                                {member.id: grade}, today=TODAY), fragment)


def test_r_eval_1_grading_a_group_or_a_future_year_is_refused(opened: Any) -> None:
    member = members_of(opened, "办公室支部")[0]
    group = org_id(opened, "办公室第一党小组")
    refused(opened.sessions, lambda: set_grades(opened.sessions, YEAR, group, {
        member.id: GradeInput(EvalGrade.QUALIFIED)}, today=TODAY), "党小组", "党支部")
    refused(opened.sessions, lambda: set_grades(opened.sessions, 2027, org_id(opened, "办公室支部"), {
        member.id: GradeInput(EvalGrade.QUALIFIED)}, today=TODAY), "2027年")


def test_r_eval_1_set_all_qualified_fills_only_the_ungraded_in_one_step(opened: Any) -> None:
    branch = org_id(opened, "办公室支部")
    ids = [m.id for m in members_of(opened, "办公室支部")]
    with opened.sessions.begin() as session:
        session.execute(Evaluation.__table__.delete().where(Evaluation.member_id.in_(ids[:5])))
    before = {m.member_id: m.grade for m in roster_for_year(opened.sessions, branch, YEAR)}
    assert set_all_qualified(opened.sessions, YEAR, branch, today=TODAY) == 5
    after = {m.member_id: m.grade for m in roster_for_year(opened.sessions, branch, YEAR)}
    assert all(after[i] is EvalGrade.QUALIFIED for i in ids[:5])
    assert all(after[i] is before[i] for i in ids[5:])
    assert set_all_qualified(opened.sessions, YEAR, branch, today=TODAY) == 0


def test_r_eval_1_a_graded_member_who_moved_stays_with_the_branch_that_graded_them(opened: Any) -> None:
    office, finance = org_id(opened, "办公室支部"), org_id(opened, "财务审计处支部")
    member = members_of(opened, "办公室支部")[0]
    with opened.sessions.begin() as session:
        session.execute(update(Member).where(Member.id == member.id).values(organization_id=finance, group_id=None))
    assert member.id in {m.member_id for m in roster_for_year(opened.sessions, office, YEAR)}
    assert member.id not in {m.member_id for m in roster_for_year(opened.sessions, finance, YEAR)}


# --- R-EVAL-2: the share of 优秀 warns, never blocks ------------------------------------------------


def test_r_eval_2_warning_for_the_excellent_heavy_branch_only(opened: Any) -> None:
    results = all_branch_results(opened.sessions, YEAR)
    warned = {r.organisation for r in results if r.warnings}
    assert warned == {demo.EXCELLENT_HEAVY_BRANCH}
    heavy = next(r for r in results if r.organisation == demo.EXCELLENT_HEAVY_BRANCH)
    assert heavy.counts[EvalGrade.EXCELLENT] * 3 > heavy.full  # R-EVAL-2: a share of the 正式党员
    assert "正式党员" in heavy.warnings[0] and "1/3" in heavy.warnings[0]
    assert heavy.excellent_limit == heavy.full // 3


def test_r_eval_2_counts_equal_the_stored_grades(opened: Any) -> None:
    with opened.sessions() as session:  # R-EVAL-2: the 等次 of 正式党员 (the demo also graded its 预备党员)
        stored = Counter((e.organization_id, e.grade) for e, m in session.execute(
            select(Evaluation, Member).join(Member, Member.id == Evaluation.member_id))
            if m.category is MemberCategory.FULL and (m.confirmed_on is None or m.confirmed_on.year <= YEAR))
    for r in all_branch_results(opened.sessions, YEAR):
        assert r.roster == len(members_of(opened, r.organisation))
        for grade in EvalGrade:
            assert r.counts[grade] == stored[(r.org_id, grade)]


def test_r_eval_2_too_many_excellent_is_saved_with_a_warning(opened: Any) -> None:
    branch = org_id(opened, "财务审计处支部")
    roster = roster_for_year(opened.sessions, branch, YEAR)
    results = set_grades(opened.sessions, YEAR, branch,
                         {m.member_id: GradeInput(EvalGrade.EXCELLENT) for m in roster[:20]}, today=TODAY)
    assert results.counts[EvalGrade.EXCELLENT] >= 20 and results.warnings  # saved: warn, do not block
    assert branch_results(opened.sessions, YEAR, branch).counts[EvalGrade.EXCELLENT] >= 20


def test_r_eval_2_exactly_the_share_is_not_warned(opened: Any) -> None:
    branch = org_id(opened, "财务审计处支部")
    # R-EVAL-2: the share is of the 27 正式党员 (the 28th member is a 预备党员, who gets no 等次).
    roster = [m for m in roster_for_year(opened.sessions, branch, YEAR) if m.category is MemberCategory.FULL]
    assert len(roster) == 27
    with opened.sessions.begin() as session:
        session.execute(Evaluation.__table__.delete().where(Evaluation.member_id.in_([m.member_id for m in roster])))
    grades = {m.member_id: GradeInput(EvalGrade.EXCELLENT if i < 9 else EvalGrade.QUALIFIED)
              for i, m in enumerate(roster[:27])}
    assert set_grades(opened.sessions, YEAR, branch, grades, today=TODAY).warnings == ()  # 9 of 27 = 1/3
    one_more = {roster[9].member_id: GradeInput(EvalGrade.EXCELLENT)}
    assert set_grades(opened.sessions, YEAR, branch, one_more, today=TODAY).warnings  # 10 of 27 > 1/3


def test_r_eval_2_share_is_configurable(opened: Any) -> None:
    save_setting(opened.sessions, "eval.excellent_share", "1/2")
    assert not any(r.warnings for r in all_branch_results(opened.sessions, YEAR))
    save_setting(opened.sessions, "eval.excellent_share", "0.2")
    warned = {r.organisation for r in all_branch_results(opened.sessions, YEAR) if r.warnings}
    assert {demo.EXCELLENT_HEAVY_BRANCH, demo.UNQUALIFIED_BRANCH} <= warned
    heavy = branch_results(opened.sessions, YEAR, org_id(opened, demo.EXCELLENT_HEAVY_BRANCH))
    assert "0.2" in heavy.warnings[0] and heavy.excellent_limit == int(heavy.full * 0.2)


# --- R-EVAL-3: 组织处置 ---------------------------------------------------------------------------


def _evaluation(store: Any, member_id: int) -> Evaluation:
    with store.sessions() as session:
        row = session.scalar(select(Evaluation).where(Evaluation.member_id == member_id, Evaluation.year == YEAR))
        assert row is not None
        return row


def _unqualified_probationer(store: Any) -> tuple[int, int]:
    """A 预备党员 graded 不合格: (member id, evaluation id)."""
    member = next(m for m in members_of(store, "办公室支部") if m.category is MemberCategory.PROBATIONARY)
    set_grades(store.sessions, YEAR, org_id(store, "办公室支部"), {member.id: GradeInput(EvalGrade.UNQUALIFIED)},
               today=TODAY)
    return member.id, _evaluation(store, member.id).id


def test_r_eval_3_demo_disposal_is_listed(opened: Any) -> None:
    rows = list_disposals(opened.sessions, YEAR)
    assert len(rows) == 1
    assert rows[0].organisation == demo.UNQUALIFIED_BRANCH and rows[0].kind is DisposalKind.CORRECT_IN_TIME
    assert rows[0].category is MemberCategory.FULL


def test_r_eval_3_disposal_of_a_member_not_graded_unqualified_is_refused(opened: Any) -> None:
    member = members_of(opened, "办公室支部")[0]
    evaluation = _evaluation(opened, member.id)
    assert evaluation.grade is not EvalGrade.UNQUALIFIED
    refused(opened.sessions, lambda: add_disposal(opened.sessions, evaluation.id, DisposalInput(
        DisposalKind.CORRECT_IN_TIME, dt.date(2025, 12, 20)), today=TODAY), member.name, "不合格", "才进行组织处置")


@pytest.mark.parametrize("kind", [DisposalKind.PERSUADE_TO_LEAVE, DisposalKind.REMOVE, DisposalKind.CORRECT_IN_TIME])
def test_r_eval_3_probationary_member_is_not_persuaded_to_leave(opened: Any, kind: DisposalKind) -> None:
    _, evaluation_id = _unqualified_probationer(opened)
    refused(opened.sessions, lambda: add_disposal(opened.sessions, evaluation_id, DisposalInput(
        kind, dt.date(2025, 12, 20)), today=TODAY), "预备党员不劝退", "延长预备期", "取消预备党员资格")


def test_r_eval_3_probationary_member_gets_extension_or_cancellation(opened: Any) -> None:
    member_id, evaluation_id = _unqualified_probationer(opened)
    first = add_disposal(opened.sessions, evaluation_id, DisposalInput(
        DisposalKind.EXTEND_PROBATION, dt.date(2025, 12, 20), dt.date(2026, 12, 20), decision="延长预备期一年"),
        today=TODAY)
    update_disposal(opened.sessions, first, DisposalInput(
        DisposalKind.EXTEND_PROBATION, dt.date(2025, 12, 20), dt.date(2026, 6, 20), outcome="已按期转正"), today=TODAY)
    rows = [r for r in list_disposals(opened.sessions, YEAR) if r.member_id == member_id]
    assert [(r.kind, r.deadline, r.outcome) for r in rows] == [
        (DisposalKind.EXTEND_PROBATION, dt.date(2026, 6, 20), "已按期转正")]
    assert rows[0].category is MemberCategory.PROBATIONARY
    refused(opened.sessions, lambda: set_grades(opened.sessions, YEAR, org_id(opened, "办公室支部"), {
        member_id: GradeInput(EvalGrade.QUALIFIED)}, today=TODAY), "组织处置")
    refused(opened.sessions, lambda: delete_grade(opened.sessions, evaluation_id), "组织处置")
    delete_disposal(opened.sessions, first)
    delete_grade(opened.sessions, evaluation_id)
    assert member_id not in {r.member_id for r in list_disposals(opened.sessions, YEAR)}


def test_r_eval_3_full_member_is_not_given_the_probation_kinds(opened: Any) -> None:
    evaluation_id = list_disposals(opened.sessions, YEAR)[0].evaluation_id
    refused(opened.sessions, lambda: add_disposal(opened.sessions, evaluation_id, DisposalInput(
        DisposalKind.EXTEND_PROBATION, dt.date(2025, 12, 20)), today=TODAY), "正式党员", "限期改正、劝其退党或除名")
    add_disposal(opened.sessions, evaluation_id, DisposalInput(DisposalKind.PERSUADE_TO_LEAVE, dt.date(2026, 7, 1)),
                 today=TODAY)


def test_r_eval_3_member_confirmed_after_the_year_counts_as_probationary(opened: Any) -> None:
    evaluation_id = list_disposals(opened.sessions, YEAR)[0].evaluation_id
    member_id = list_disposals(opened.sessions, YEAR)[0].member_id
    with opened.sessions.begin() as session:
        session.execute(update(Member).where(Member.id == member_id).values(confirmed_on=dt.date(2026, 2, 1)))
    refused(opened.sessions, lambda: add_disposal(opened.sessions, evaluation_id, DisposalInput(
        DisposalKind.REMOVE, dt.date(2025, 12, 20)), today=TODAY), "预备党员不劝退")


@pytest.mark.parametrize(("decided", "deadline", "fragment"), [
    (dt.date(2026, 12, 1), None, "在今天之后"),
    (dt.date(2025, 12, 20), dt.date(2025, 12, 20), "应在决定日期"),
    (dt.date(2025, 12, 20), dt.date(2025, 11, 1), "应在决定日期"),
])
def test_r_eval_3_bad_dates_are_refused(opened: Any, decided: dt.date, deadline: dt.date | None,
                                        fragment: str) -> None:
    evaluation_id = list_disposals(opened.sessions, YEAR)[0].evaluation_id
    refused(opened.sessions, lambda: add_disposal(opened.sessions, evaluation_id, DisposalInput(
        DisposalKind.CORRECT_IN_TIME, decided, deadline), today=TODAY), fragment)


def test_r_eval_3_unknown_records_are_refused(opened: Any) -> None:
    refused(opened.sessions, lambda: add_disposal(opened.sessions, 99999, DisposalInput(
        DisposalKind.CORRECT_IN_TIME), today=TODAY), "找不到")
    refused(opened.sessions, lambda: delete_disposal(opened.sessions, 99999), "找不到")
