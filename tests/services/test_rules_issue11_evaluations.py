"""R-EVAL-2: the one-third limit of 优秀 counts the branch's 正式党员 on the roster that year (members who left
before the evaluation are not counted); 预备党员 take part but get no 等次, in the service, the 测评表 and the
year-end workbook. R-EVAL-3: contradictory disposals on one evaluation are refused.

On the demo 机关党委 (2025). 财务审计处支部 has 28 members, one of them a 预备党员: every expected number below is
worked out in the test from the stored rows (list_members, the evaluations table), not by the code under test.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import docx
import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update

from djdesk.domain.enums import DisposalKind, EvalGrade, MemberCategory, OrgKind, RosterStatus
from djdesk.services import demo
from djdesk.services.eval_docs import ballot_context, write_ballot
from djdesk.services.evaluations import (
    DisposalInput,
    GradeInput,
    add_disposal,
    branch_results,
    list_disposals,
    set_all_qualified,
    set_grades,
    update_disposal,
)
from djdesk.services.members import MemberRow, list_members
from djdesk.services.orgs import list_orgs
from djdesk.services.yearend_export import DETAIL, SUMMARY, export_yearend
from djdesk.store.models import Evaluation, Member
from tests.services.test_evaluations import TODAY, YEAR, org_id, refused

FINANCE = "财务审计处支部"
YEAR_END = dt.date(YEAR, 12, 31)


def _full(m: MemberRow) -> bool:
    """A 正式党员 on 31 December of the year (转正 by then)."""
    return m.category is MemberCategory.FULL and (m.confirmed_on is None or m.confirmed_on <= YEAR_END)


def _members(store: Any, short: str = FINANCE) -> tuple[list[MemberRow], list[MemberRow]]:
    members = list_members(store.sessions, branch=short)
    return [m for m in members if _full(m)], [m for m in members if not _full(m)]


def _clear(store: Any, member_ids: list[int]) -> None:
    with store.sessions.begin() as session:
        session.execute(Evaluation.__table__.delete().where(Evaluation.member_id.in_(member_ids)))


def _leave(store: Any, member_id: int, on: dt.date) -> None:
    with store.sessions.begin() as session:
        session.execute(update(Member).where(Member.id == member_id).values(
            roster_status=RosterStatus.TRANSFERRED_OUT, left_on=on))


# --- R-EVAL-2: the limit and the counts --------------------------------------------------------------


def test_r_eval_2_limit_is_a_third_of_the_full_members_not_of_those_graded(opened: Any) -> None:
    full, probationary = _members(opened)
    assert (len(full), len(probationary)) == (27, 1)
    branch = org_id(opened, FINANCE)
    _clear(opened, [m.id for m in full + probationary])
    grades = {m.id: GradeInput(EvalGrade.EXCELLENT if i < 9 else EvalGrade.QUALIFIED) for i, m in enumerate(full[:12])}
    results = set_grades(opened.sessions, YEAR, branch, grades, today=TODAY)
    # 9 优秀 of 27 正式党员 is exactly a third: no warning, although it is 75 % of the 12 graded.
    assert (results.full, results.graded, results.ungraded, results.probationary) == (27, 12, 15, 1)
    assert results.excellent_limit == 9 and results.warnings == ()
    results = set_grades(opened.sessions, YEAR, branch, {full[12].id: GradeInput(EvalGrade.EXCELLENT)}, today=TODAY)
    assert results.excellent_limit == 9 and len(results.warnings) == 1
    warning = results.warnings[0]
    assert "10名" in warning and "正式党员（27名）" in warning and "1/3" in warning and "9名" in warning
    assert "R-EVAL" not in warning


def test_r_eval_2_members_who_left_before_the_evaluation_are_not_counted(opened: Any) -> None:
    full, probationary = _members(opened)
    branch = org_id(opened, FINANCE)
    _clear(opened, [m.id for m in full + probationary])
    gone, graded_then_gone = full[-1], full[-2]
    _leave(opened, gone.id, dt.date(YEAR, 6, 30))  # left in June, never graded: not counted
    set_grades(opened.sessions, YEAR, branch, {m.id: GradeInput(EvalGrade.EXCELLENT) for m in full[:9]},
               today=TODAY)
    results = branch_results(opened.sessions, YEAR, branch)
    assert (results.full, results.excellent_limit, results.ungraded) == (26, 8, 26 - 9)
    assert results.warnings  # 9 > 26 / 3
    # A member graded before leaving took part: counted.
    set_grades(opened.sessions, YEAR, branch, {graded_then_gone.id: GradeInput(EvalGrade.QUALIFIED)}, today=TODAY)
    _leave(opened, graded_then_gone.id, dt.date(YEAR, 12, 20))
    results = branch_results(opened.sessions, YEAR, branch)
    assert (results.full, results.graded, results.ungraded) == (26, 10, 16)
    assert results.roster == 28  # both are still on the year's list


def test_r_eval_2_a_grade_for_a_probationary_member_is_refused(opened: Any) -> None:
    _, (probationer,) = _members(opened)
    branch = org_id(opened, FINANCE)
    for grade in (EvalGrade.EXCELLENT, EvalGrade.QUALIFIED, EvalGrade.BASIC):
        refused(opened.sessions, lambda g=grade: set_grades(
            opened.sessions, YEAR, branch, {probationer.id: GradeInput(g)}, today=TODAY),
            probationer.name, "预备党员", "不评定等次", f"“{grade.label}”")
    # All or nothing: a 正式党员 in the same call is not graded either.
    full, _ = _members(opened)
    refused(opened.sessions, lambda: set_grades(opened.sessions, YEAR, branch, {
        full[0].id: GradeInput(EvalGrade.BASIC), probationer.id: GradeInput(EvalGrade.QUALIFIED)}, today=TODAY),
        "预备党员")


def test_r_eval_2_probationary_members_are_neither_graded_nor_missing(opened: Any) -> None:
    """The demo stored 优秀 for 财务审计处支部's 预备党员: not counted among the 等次, nor as 未评定."""
    full, (probationer,) = _members(opened)
    branch = org_id(opened, FINANCE)
    with opened.sessions() as session:
        stored = {e.member_id: e.grade for e in session.scalars(select(Evaluation).where(Evaluation.year == YEAR))}
    counts = Counter(stored[m.id] for m in full if m.id in stored)
    results = branch_results(opened.sessions, YEAR, branch)
    assert results.counts == {g: counts[g] for g in EvalGrade}
    assert results.graded == sum(counts.values()) == 27 and results.ungraded == 0 and results.probationary == 1
    _clear(opened, [probationer.id])
    assert set_all_qualified(opened.sessions, YEAR, branch, today=TODAY) == 0  # the 预备党员 is not given 合格
    assert branch_results(opened.sessions, YEAR, branch).ungraded == 0


def test_r_eval_2_ballot_marks_probationary_members_and_counts_full_members(opened: Any, tmp_path: Path) -> None:
    full, probationary = _members(opened)
    context = ballot_context(opened.sessions, YEAR, org_id(opened, FINANCE), today=TODAY)
    rows = {p["姓名"]: p for p in context["人员"]}
    assert [rows[m.name]["框"] for m in probationary] == ["—"]
    assert {rows[m.name]["框"] for m in full} == {"□"}
    assert context["正式党员人数"] == "27" and context["优秀上限"] == "9"
    out = write_ballot(opened.paths, opened.sessions, YEAR, org_id(opened, FINANCE), tmp_path / "测评表.docx",
                       today=TODAY)
    document = docx.Document(str(out))
    cells = {row.cells[1].text: [c.text for c in row.cells] for row in document.tables[0].rows[1:]}
    assert cells[probationary[0].name][2:] == ["预备党员", "—", "—", "—", "—"]
    assert cells[full[0].name][3:] == ["□"] * 4
    text = "\n".join(p.text for p in document.paragraphs)
    assert "本支部正式党员27名" in text and "“优秀”最多9名" in text and "预备党员不评定等次" in text


# --- the year-end workbook ---------------------------------------------------------------------------


def _body(ws: Any) -> list[tuple[Any, ...]]:
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    return rows[:next(i for i, r in enumerate(rows) if r[1] == "合计")]


def _totals(ws: Any) -> tuple[Any, ...]:
    return next(r for r in ws.iter_rows(min_row=4, values_only=True) if r[1] == "合计")


def test_r_eval_2_yearend_summary_counts_full_members_and_lists_probationary_ones(opened: Any, tmp_path: Path) -> None:
    finance = org_id(opened, FINANCE)
    full, _ = _members(opened)
    gone = full[-1]
    _clear(opened, [gone.id])
    _leave(opened, gone.id, dt.date(YEAR, 5, 31))  # left before the evaluation: neither 应评 nor 未评定
    book = load_workbook(export_yearend(opened.sessions, YEAR, tmp_path / "年终.xlsx", on=dt.date(2026, 1, 20)))
    ws = book[SUMMARY]
    header = [str(c.value) for c in ws[3]]
    assert header[:4] == ["序号", "党组织", "应评\n人数", "已评\n人数"] and "预备\n党员" in header
    with opened.sessions() as session:
        stored = {e.member_id: (e.organization_id, e.grade)
                  for e in session.scalars(select(Evaluation).where(Evaluation.year == YEAR))}
    branches = [r for r in list_orgs(opened.sessions) if r.kind is OrgKind.BRANCH]
    rows = {r[1]: r for r in _body(ws)}
    expected_totals = Counter[str]()
    for branch in branches:
        members = list_members(opened.sessions, branch=branch.name, history=True)
        counted = [m for m in members if _full(m) and (m.roster_status is RosterStatus.ACTIVE or m.id in stored)]
        probationary = [m for m in members if not _full(m)]
        grades = Counter(stored[m.id][1] for m in counted if m.id in stored)
        graded = sum(grades.values())
        row = rows[branch.display_name]
        assert row[2:4] == (len(counted), graded), branch.display_name
        for k, grade in enumerate(EvalGrade):
            assert row[4 + 2 * k] == grades[grade]
            assert row[5 + 2 * k] == pytest.approx(grades[grade] / graded)  # a number shown as 0.0%
        assert row[header.index("未评定")] == len(counted) - graded
        assert row[header.index("预备\n党员")] == len(probationary)
        expected_totals.update(counted=len(counted), graded=graded, probationary=len(probationary))
    assert rows[FINANCE][2:4] == (26, 26) and rows[FINANCE][header.index("预备\n党员")] == 1
    total = _totals(ws)
    assert total[2:4] == (expected_totals["counted"], expected_totals["graded"])
    assert total[header.index("预备\n党员")] == expected_totals["probationary"]
    notes = {r[1]: r[header.index("备注")] for r in _body(ws) if r[header.index("备注")]}
    assert demo.EXCELLENT_HEAVY_BRANCH in notes and "R-EVAL" not in notes[demo.EXCELLENT_HEAVY_BRANCH]
    # The detail sheet shows the 预备党员 as such, the member who left as not taking part.
    detail = {(r[1], r[2]): r[5] for r in _body(book[DETAIL])}
    for m in _members(opened)[1]:
        assert detail[(FINANCE, m.name)] == "预备党员"
    assert detail[(FINANCE, gone.name)] == "未参加评议"
    assert finance


# --- R-EVAL-3: contradictory disposals ---------------------------------------------------------------


def _unqualified_probationer(store: Any) -> tuple[int, int]:
    _, (probationer,) = _members(store)
    set_grades(store.sessions, YEAR, org_id(store, FINANCE), {probationer.id: GradeInput(EvalGrade.UNQUALIFIED)},
               today=TODAY)
    with store.sessions() as session:
        evaluation = session.scalar(select(Evaluation.id).where(Evaluation.member_id == probationer.id,
                                                                Evaluation.year == YEAR))
    assert evaluation is not None
    return probationer.id, evaluation


def test_r_eval_3_extension_and_cancellation_together_are_refused(opened: Any) -> None:
    _, evaluation = _unqualified_probationer(opened)
    first = add_disposal(opened.sessions, evaluation, DisposalInput(
        DisposalKind.EXTEND_PROBATION, dt.date(2025, 12, 20), dt.date(2026, 12, 20)), today=TODAY)
    refused(opened.sessions, lambda: add_disposal(opened.sessions, evaluation, DisposalInput(
        DisposalKind.CANCEL_PROBATION, dt.date(2025, 12, 28)), today=TODAY), "延长预备期", "取消预备党员资格", "只能")
    # Changing the one record from 延长 to 取消 is no contradiction.
    update_disposal(opened.sessions, first, DisposalInput(DisposalKind.CANCEL_PROBATION, dt.date(2025, 12, 20)),
                    today=TODAY)
    refused(opened.sessions, lambda: add_disposal(opened.sessions, evaluation, DisposalInput(
        DisposalKind.EXTEND_PROBATION, dt.date(2025, 12, 28), dt.date(2026, 12, 28)), today=TODAY),
        "取消预备党员资格")
    assert [r.kind for r in list_disposals(opened.sessions, YEAR) if r.evaluation_id == evaluation] == [
        DisposalKind.CANCEL_PROBATION]


def test_r_eval_3_nothing_after_removal_but_the_escalation_to_it_is_allowed(opened: Any) -> None:
    """限期改正 → 劝其退党 → 除名 is the escalation of the rules (a member persuaded to leave who refuses is removed);
    once 除名 is recorded, no other disposal can follow it on that evaluation."""
    (laggard,) = list_disposals(opened.sessions, YEAR)
    assert laggard.kind is DisposalKind.CORRECT_IN_TIME
    add_disposal(opened.sessions, laggard.evaluation_id, DisposalInput(DisposalKind.PERSUADE_TO_LEAVE,
                                                                      dt.date(2026, 7, 1)), today=TODAY)
    removed = add_disposal(opened.sessions, laggard.evaluation_id, DisposalInput(DisposalKind.REMOVE,
                                                                                dt.date(2026, 8, 1)), today=TODAY)
    for kind in (DisposalKind.CORRECT_IN_TIME, DisposalKind.PERSUADE_TO_LEAVE, DisposalKind.REMOVE):
        refused(opened.sessions, lambda k=kind: add_disposal(opened.sessions, laggard.evaluation_id, DisposalInput(
            k, dt.date(2026, 9, 1)), today=TODAY), laggard.name, "除名")
    # The 除名 itself can still be corrected (into what it was meant to be).
    update_disposal(opened.sessions, removed, DisposalInput(DisposalKind.REMOVE, dt.date(2026, 8, 2)), today=TODAY)
