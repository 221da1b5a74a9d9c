"""The year-end workbook (R-EVAL-1 … R-EVAL-5) on the demo 机关党委, read back with openpyxl: every count
equals one computed here independently from ``list_members`` and the stored rows; print-ready sheets; text
from the database never becomes a formula."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select, update

from djdesk.domain.enums import EvalGrade, MemberCategory, OrgKind
from djdesk.domain.errors import FolderNotWritable
from djdesk.services import demo
from djdesk.services.assessments import ensure_checklist, list_items, ranking, set_scores
from djdesk.services.members import list_members
from djdesk.services.orgs import list_orgs
from djdesk.services.settings import load_settings
from djdesk.services.yearend_export import (
    DETAIL,
    DISPOSALS,
    HONOURS,
    REVIEWS,
    SCORES,
    SHEETS,
    SUMMARY,
    UNGRADED,
    export_yearend,
)
from djdesk.store.models import Commendation, Evaluation, Member, SecretaryReview
from tests.services.test_evaluations import TODAY, YEAR, org_id

MADE = dt.date(2026, 1, 20)
HEADER_ROW = 3  # title, subtitle (统计时段 / 制表日期), header


@pytest.fixture
def opened(opened: Any) -> Any:
    """The demo store (tests/conftest.py) with the year's checklist and scores for three branches."""
    ensure_checklist(opened.sessions, YEAR, today=TODAY)
    items = [i for i in list_items(opened.sessions, YEAR) if i.kind.name == "NORMAL"]
    for n, short in enumerate(("办公室支部", demo.ADVANCED_BRANCH, demo.UNQUALIFIED_BRANCH)):
        set_scores(opened.sessions, YEAR, org_id(opened, short),
                   {i.id: (i.max_points, i.max_points - n) for i in items},
                   bonus=1 if short == demo.ADVANCED_BRANCH else 0,
                   bonus_reason="获评先进基层党组织" if short == demo.ADVANCED_BRANCH else None, today=TODAY)
    return opened


@pytest.fixture
def book(opened: Any, tmp_path: Path) -> Any:
    out = export_yearend(opened.sessions, YEAR, tmp_path / "年终汇总.xlsx", on=MADE)
    return load_workbook(out)


def body(ws: Worksheet) -> list[tuple[Any, ...]]:
    """The table body: rows after the header, up to (not including) the totals row and the note."""
    rows = list(ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    end = next(i for i, r in enumerate(rows) if r[1] in ("合计", "平均"))
    return rows[:end]


def totals(ws: Worksheet) -> tuple[Any, ...]:
    return next(r for r in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True) if r[1] in ("合计", "平均"))


def header(ws: Worksheet) -> list[str]:
    return [str(c.value) for c in ws[HEADER_ROW]]


def _full(m: Any) -> bool:
    """R-EVAL-2: a 正式党员 on 31 December (预备党员 take part in 民主评议 but get no 等次)."""
    return m.category is MemberCategory.FULL and (m.confirmed_on is None or m.confirmed_on.year <= YEAR)


def stored_grades(store: Any) -> Counter[tuple[int, EvalGrade]]:
    """The stored grades of 正式党员 (the demo also stored grades for its 预备党员: they do not count)."""
    with store.sessions() as session:
        return Counter((e.organization_id, e.grade) for e, m in session.execute(
            select(Evaluation, Member).join(Member, Member.id == Evaluation.member_id)) if _full(m))


def test_sheets_are_print_ready_with_unit_year_and_date(book: Any, opened: Any) -> None:
    assert book.sheetnames == list(SHEETS)
    unit = load_settings(opened.sessions).get("unit.committee_name")
    for ws in book:
        assert ws["A1"].value == f"{unit}{YEAR}年{ws.title}"
        subtitle = " ".join(str(c.value) for c in ws[2] if c.value)
        assert "制表日期：2026年1月20日" in subtitle and f"{YEAR}年1月1日至12月31日" in subtitle
        assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"  # header repeated on every page
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert int(ws.page_setup.fitToWidth or 1) == 1 and int(ws.page_setup.fitToHeight) == 0  # one page wide
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
        assert any(r[1] in ("合计", "平均") for r in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True))


def test_r_eval_1_summary_counts_equal_the_roster_and_the_stored_grades(book: Any, opened: Any) -> None:
    ws = book[SUMMARY]
    assert header(ws)[:6] == ["序号", "党组织", "应评\n人数", "已评\n人数", "优秀\n人数", "优秀\n占比"]
    grades = stored_grades(opened)
    rows = body(ws)
    branches = [r for r in list_orgs(opened.sessions) if r.kind is OrgKind.BRANCH]
    assert [r[1] for r in rows] == [b.display_name for b in branches]
    for row, branch in zip(rows, branches, strict=True):
        roster = sum(1 for m in list_members(opened.sessions, branch=branch.name) if _full(m))
        graded = sum(grades[(branch.id, g)] for g in EvalGrade)
        assert row[2:4] == (roster, graded)
        for k, grade in enumerate(EvalGrade):
            count = grades[(branch.id, grade)]
            assert row[4 + 2 * k] == count
            assert row[5 + 2 * k] == pytest.approx(count / graded)  # a number, shown as a percentage
        assert row[12] == roster - graded
    share_cells = [c for r in ws.iter_rows(min_row=HEADER_ROW + 1) for c in r[5:12:2] if isinstance(c.value, float)]
    assert share_cells and {c.number_format for c in share_cells} == {"0.0%"}
    total = totals(ws)
    assert total[2] == sum(1 for m in list_members(opened.sessions) if _full(m)) and total[3] == sum(grades.values())
    assert [total[4 + 2 * k] for k in range(4)] == [sum(n for (_, g), n in grades.items() if g is grade)
                                                   for grade in EvalGrade]


def test_r_eval_2_warning_in_the_summary_for_the_heavy_branch_only(book: Any) -> None:
    noted = {r[1]: r[14] for r in body(book[SUMMARY]) if r[14]}  # after 未评定 and 预备党员
    assert list(noted) == [demo.EXCELLENT_HEAVY_BRANCH]
    assert "优秀超过1/3" in noted[demo.EXCELLENT_HEAVY_BRANCH]


def test_r_eval_1_detail_lists_every_member_with_the_stored_grade(book: Any, opened: Any) -> None:
    rows = body(book[DETAIL])
    names = Counter((r[1], r[2]) for r in rows)
    assert names == Counter((m.branch_short, m.name) for m in list_members(opened.sessions))
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    stored: Counter[str] = Counter()
    for (_, grade), n in stored_grades(opened).items():
        stored[grade.label] += n
    stored["预备党员"] = sum(1 for m in list_members(opened.sessions) if not _full(m))  # R-EVAL-2: no 等次
    assert Counter(r[5] for r in rows) == stored
    assert all(isinstance(v, int) for r in rows for v in r[6:10])  # the demo's 民主测评 votes
    assert f"优秀{stored['优秀']}" in totals(book[DETAIL])[-1]  # in the 备注 column


def test_ungraded_members_are_counted_and_shown(opened: Any, tmp_path: Path) -> None:
    office = org_id(opened, "办公室支部")
    with opened.sessions.begin() as session:
        ids = list(session.scalars(select(Evaluation.id).where(Evaluation.organization_id == office).limit(3)))
        session.execute(Evaluation.__table__.delete().where(Evaluation.id.in_(ids)))
    book = load_workbook(export_yearend(opened.sessions, YEAR, tmp_path / "x.xlsx", on=MADE))
    row = next(r for r in body(book[SUMMARY]) if r[1] == "办公室支部")
    assert row[2] - row[3] == row[12] == 3
    assert Counter(r[5] for r in body(book[DETAIL]) if r[1] == "办公室支部")[UNGRADED] == 3


def test_r_eval_3_disposals_sheet(book: Any, opened: Any) -> None:
    rows = body(book[DISPOSALS])
    grades = stored_grades(opened)
    assert len(rows) == sum(n for (_, g), n in grades.items() if g is EvalGrade.UNQUALIFIED) == 1
    assert rows[0][1] == demo.UNQUALIFIED_BRANCH and rows[0][4] == "限期改正"
    assert rows[0][5] == dt.datetime(2025, 12, 15)  # a real date cell
    assert totals(book[DISPOSALS])[2] == "1人"


def test_r_eval_4_reviews_sheet(book: Any, opened: Any) -> None:
    rows = body(book[REVIEWS])
    orgs = [r for r in list_orgs(opened.sessions) if r.kind is not OrgKind.GROUP]
    assert [r[1] for r in rows] == [o.display_name for o in orgs]
    with opened.sessions() as session:
        reviews = {r.organization_id: r for r in session.scalars(select(SecretaryReview))}
    for row, org in zip(rows, orgs, strict=True):
        review = reviews.get(org.id)
        assert row[5] == (review.score if review else None)
        assert row[6] == (review.grade if review else "未考核")
    assert totals(book[REVIEWS])[2] == f"{len(reviews)}个"
    assert totals(book[REVIEWS])[5] == round(sum(r.score or 0 for r in reviews.values()) / len(reviews), 1)


def test_scores_sheet_is_ranked_with_places(book: Any, opened: Any) -> None:
    ws = book[SCORES]
    assert header(ws)[0] == "名次" and "政治建设\n（15分）" in header(ws)
    rows = body(ws)
    expected = ranking(opened.sessions, YEAR)
    assert [(r[0], r[1]) for r in rows] == [(e.rank, e.organisation) for e in expected]
    assert [r[0] for r in rows[:3]] == [1, 2, 3]
    total_col = header(ws).index("总分")
    assert [r[total_col] for r in rows[:3]] == [e.result.total for e in expected[:3] if e.result]
    assert rows[0][1] == "办公室支部" and rows[0][total_col] == 100
    assert rows[1][1] == demo.ADVANCED_BRANCH and "加分：获评先进基层党组织" in rows[1][-1]


def test_r_eval_5_honours_sheet(book: Any, opened: Any) -> None:
    rows = body(book[HONOURS])
    with opened.sessions() as session:
        stored = list(session.scalars(select(Commendation).where(Commendation.year == YEAR)))
    assert Counter((r[1], r[2]) for r in rows) == Counter((c.title, c.nominee_name) for c in stored)
    assert totals(book[HONOURS])[2] == f"{len(stored)}项"


def test_text_from_the_database_is_never_a_formula(opened: Any, tmp_path: Path) -> None:
    with opened.sessions.begin() as session:
        session.execute(update(Commendation).where(Commendation.id == 1).values(deeds="=HYPERLINK(\"x\")"))
        session.execute(update(Evaluation).where(Evaluation.id == 1).values(note="+1-2"))
    book = load_workbook(export_yearend(opened.sessions, YEAR, tmp_path / "x.xlsx", on=MADE))
    cells = [c for ws in book for row in ws.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)
    texts = {c.value for c in cells if c.data_type == "s"}
    assert "=HYPERLINK(\"x\")" in texts and "+1-2" in texts


def test_a_folder_that_cannot_be_written_is_reported(opened: Any, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(FolderNotWritable):
        export_yearend(opened.sessions, YEAR, blocker / "sub" / "x.xlsx", on=MADE)
