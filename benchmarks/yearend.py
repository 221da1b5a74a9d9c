"""Year-end workbook speed: ``export_yearend`` for 5,000 members against plain XlsxWriter writing the
same cells, measured in the same run, and their ratio.

Data: ``demo.fill_synthetic`` (5,000 members in branches of 45), a grade for every member (with
民主测评 votes) through ``evaluations.set_grades``, a 不合格 member with a 组织处置, 述职评议 of every
branch, the default checklist scored for every branch, and a few nominations.

Ours: ``export_yearend`` — read the database, compute counts, ranks and shares, write the six sheets
through ``xlsx_print`` (formats, row heights, print setup) and fsync the file.
Baseline: a plain XlsxWriter script writing the cells read back from our workbook (the same values in
the same sheets: merged title, subtitle, header, body, totals), with its formats created once.
Target: ours ≤ 1.5 × baseline.

Usage: python3 benchmarks/yearend.py [--members 5000] [--runs 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_RATIO = 1.5
YEAR = 2025
TODAY = dt.date(2026, 3, 1)


def _fill(folder: Path, members: int) -> Any:
    from djdesk.domain.enums import DisposalKind, EvalGrade, OrgKind
    from djdesk.paths import DataPaths
    from djdesk.services import assessments, commendations, evaluations, secretary_reviews
    from djdesk.services.database import open_store
    from djdesk.services.demo import fill_synthetic
    from djdesk.services.orgs import list_orgs

    store = open_store(DataPaths(folder))
    fill_synthetic(store.sessions, members)
    rng = random.Random(3)
    branches = [r for r in list_orgs(store.sessions) if r.kind is OrgKind.BRANCH]
    assessments.ensure_checklist(store.sessions, YEAR, today=TODAY)
    basic = [i for i in assessments.list_items(store.sessions, YEAR) if i.kind.name == "NORMAL"]
    grades = (EvalGrade.EXCELLENT, EvalGrade.QUALIFIED, EvalGrade.QUALIFIED, EvalGrade.QUALIFIED)
    first_member = None
    for n, branch in enumerate(branches):
        roster = evaluations.roster_for_year(store.sessions, branch.id, YEAR)
        voters = len(roster)
        given = {}
        for m in roster:
            grade = EvalGrade.UNQUALIFIED if n == 0 and m is roster[0] else rng.choice(grades)
            excellent = rng.randint(0, voters // 2)
            given[m.member_id] = evaluations.GradeInput(grade, (excellent, voters - excellent - 1, 1, 0))
        evaluations.set_grades(store.sessions, YEAR, branch.id, given, today=TODAY)
        if n == 0:
            first_member = roster[0]
        secretary_reviews.save_review(store.sessions, YEAR, branch.id, secretary_reviews.ReviewInput(
            dt.date(2026, 1, 15), round(rng.uniform(75, 98), 1), rng.choice(("好", "较好", "一般")), "述职内容全面。",
            secretary_name=f"书记{n + 1}"), today=TODAY)
        assessments.set_scores(store.sessions, YEAR, branch.id,
                               {i.id: (i.max_points, round(i.max_points * rng.uniform(0.6, 1), 1)) for i in basic},
                               today=TODAY)
    assert first_member is not None
    results = evaluations.branch_results(store.sessions, YEAR, branches[0].id)
    evaluation_id = next(m.evaluation_id for m in results.members if m.grade is EvalGrade.UNQUALIFIED)
    assert evaluation_id is not None
    evaluations.add_disposal(store.sessions, evaluation_id, evaluations.DisposalInput(
        DisposalKind.CORRECT_IN_TIME, dt.date(2025, 12, 20), dt.date(2026, 6, 20), decision="限期改正"), today=TODAY)
    for m in results.members[1:6]:
        commendations.add_nomination(store.sessions, YEAR, commendations.NominationInput(
            "优秀共产党员", member_id=m.member_id, deeds="爱岗敬业。", level="机关党委"), today=TODAY)
    return store


def _read_back(path: Path) -> list[tuple[str, list[list[Any]]]]:
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        return [(name, book.get_sheet_by_name(name).to_python()) for name in book.sheet_names]
    finally:
        book.close()


def plain_xlsxwriter(out: Path, sheets: list[tuple[str, list[list[Any]]]], widths: dict[str, list[float]]) -> None:
    """The baseline: the same cells, formats created once (title, subtitle, header, body, date)."""
    import xlsxwriter  # type: ignore[import-untyped]

    wb = xlsxwriter.Workbook(str(out), {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False, "strings_to_numbers": False})
    base = {"font_name": "宋体", "font_size": 11, "valign": "vcenter"}
    title = wb.add_format({**base, "font_size": 18, "bold": True, "align": "center"})
    sub = wb.add_format({**base, "align": "left"})
    head = wb.add_format({**base, "border": 1, "text_wrap": True, "bold": True, "align": "center",
                          "bg_color": "#D9D9D9"})
    cell = wb.add_format({**base, "border": 1, "text_wrap": True})
    date = wb.add_format({**base, "border": 1, "text_wrap": True, "num_format": "yyyy-mm-dd", "align": "center"})
    for name, rows in sheets:
        ws = wb.add_worksheet(name)
        ncols = max(len(r) for r in rows)
        ws.merge_range(0, 0, 0, ncols - 1, str(rows[0][0]), title)
        ws.merge_range(1, 0, 1, ncols - 1, str(rows[1][0]), sub)
        ws.write_row(2, 0, [str(v) for v in rows[2]], head)
        for col, width in enumerate(widths[name]):
            ws.set_column(col, col, width)
        for r, values in enumerate(rows[3:], start=3):
            for c, v in enumerate(values):
                if v is None or v == "":
                    ws.write_blank(r, c, None, cell)
                elif isinstance(v, dt.date):
                    ws.write_datetime(r, c, v, date)
                elif isinstance(v, int | float):
                    ws.write_number(r, c, v, cell)
                else:
                    ws.write_string(r, c, str(v), cell)
        ws.set_paper(9)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(2)
        ws.freeze_panes(3, 0)
    wb.close()


def _widths(path: Path) -> dict[str, list[float]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=False)
    try:
        return {ws.title: [ws.column_dimensions[c.column_letter].width or 8.43 for c in ws[3]] for ws in book}
    finally:
        book.close()


def main(argv: list[str] | None = None) -> int:
    from djdesk.services.yearend_export import export_yearend

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        store = _fill(folder / "data", args.members)
        print(f"data: {args.members} members graded, filled in {time.perf_counter() - start:.1f} s")
        out, plain = folder / "年终汇总.xlsx", folder / "plain.xlsx"
        export_yearend(store.sessions, YEAR, out, on=TODAY)  # warm: imports, pinyin and stroke tables
        sheets, widths = _read_back(out), _widths(out)
        cells = sum(len(r) for _, rows in sheets for r in rows)
        plain_xlsxwriter(plain, sheets, widths)  # warm
        ours, theirs = [], []
        for run in range(args.runs):  # interleaved, in alternating order, each after a full collection
            for which in ((0, 1) if run % 2 == 0 else (1, 0)):
                gc.collect()
                start = time.perf_counter()
                if which == 0:
                    plain_xlsxwriter(plain, sheets, widths)
                else:
                    export_yearend(store.sessions, YEAR, out, on=TODAY)
                (theirs if which == 0 else ours).append(time.perf_counter() - start)
        store.close()
    o, p = statistics.median(ours), statistics.median(theirs)
    print(f"year-end workbook, {len(sheets)} sheets, {cells} cells, median of {args.runs}")
    print(f"    plain XlsxWriter, same cells (baseline):  {p * 1000:8.1f} ms")
    print(f"    export_yearend (read + compute + write):  {o * 1000:8.1f} ms")
    print(f"    ratio ours / baseline: {o / p:.2f} (target <= {TARGET_RATIO:.1f})")
    return 0 if o / p <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
