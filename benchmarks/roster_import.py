"""Roster import speed (issue 3, point "Speed"): a 10,000-row .xlsx against python-calamine's bare read.

- baseline: ``CalamineWorkbook.from_path(f).get_sheet_by_index(0).to_python()`` of the same file;
- import:   ``plan_import`` + ``apply_import`` (read, header detection, validation, matching,
            10,000 new members written with their 操作日志 entries, one committed transaction)
            into a copy of the demo database (its 机关党委 tree of 20 organisations, ~320 members).

Each figure is the median of N runs in this process, every import into a fresh copy of the
database. The first import of the process is reported separately ("cold": it also loads
pypinyin's dictionaries). Target: import ≤ 3× baseline. ``--profile`` then runs one more import
under cProfile and prints where plan and apply spend their time (not part of the figures).
Usage: python3 benchmarks/roster_import.py [--rows 10000] [--runs 5] [--profile [N]]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TODAY = dt.date(2026, 11, 26)
HEADERS = ["姓名", "性别", "民族", "公民身份号码", "出生日期", "学历", "人员类别", "所在党支部", "加入党组织日期",
           "转为正式党员日期", "工作岗位", "联系电话", "家庭住址", "党籍状态", "是否为失联党员", "失去联系日期",
           "是否为流动党员", "外出流向", "籍贯", "行政职务"]


def make_roster(out: Path, rows: int, seed: int = 3) -> None:
    """A realistic 20-column roster (design.md measures 10,000×20): a title row, the 18 standard
    columns (rules.md §7) plus 籍贯 and 行政职务, date cells, IDs as text."""
    import xlsxwriter

    from djdesk.domain.dates import add_years
    from djdesk.domain.enums import EDUCATION_LEVELS
    from djdesk.domain.idcard import make_id
    from djdesk.services.demo_people import AREAS, BRANCH_SPECS, FEMALE_GIVEN, MALE_GIVEN, SURNAMES

    rng = random.Random(seed)
    branches = [b.short for b in BRANCH_SPECS]
    book = xlsxwriter.Workbook(str(out))  # shared strings, as Excel and WPS write them
    sheet = book.add_worksheet("党员名册")
    date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_string(0, 0, "示例省交通运输厅机关党员花名册")
    sheet.write_row(1, 0, HEADERS)
    used: set[str] = set()
    for i in range(rows):
        male = rng.random() < 0.55
        name = rng.choice(SURNAMES) + rng.choice(MALE_GIVEN if male else FEMALE_GIVEN)
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randint(0, 50 * 365))
        while True:
            number = make_id(rng.choice(AREAS)[0], birth, rng.randrange(500) * 2 + (1 if male else 0))
            if number not in used:
                used.add(number)
                break
        joined = add_years(birth, 19) + dt.timedelta(days=rng.randint(0, 3000))
        probationary = joined > add_years(TODAY, -1)
        r = i + 2
        sheet.write_string(r, 0, name)
        sheet.write_string(r, 1, "男" if male else "女")
        sheet.write_string(r, 2, "汉族")
        sheet.write_string(r, 3, number)
        sheet.write_datetime(r, 4, dt.datetime(birth.year, birth.month, birth.day), date_fmt)
        sheet.write_string(r, 5, rng.choice(EDUCATION_LEVELS))
        sheet.write_string(r, 6, "预备党员" if probationary else "正式党员")
        sheet.write_string(r, 7, rng.choice(branches))
        sheet.write_datetime(r, 8, dt.datetime(joined.year, joined.month, joined.day), date_fmt)
        if not probationary:
            confirmed = add_years(joined, 1)
            sheet.write_datetime(r, 9, dt.datetime(confirmed.year, confirmed.month, confirmed.day), date_fmt)
        sheet.write_string(r, 10, "公务员")
        sheet.write_string(r, 11, f"139{rng.randrange(10**8):08d}")
        sheet.write_string(r, 12, f"示例市人民路{rng.randint(1, 999)}号")
        sheet.write_string(r, 13, "正常")
        sheet.write_string(r, 14, "否")
        sheet.write_string(r, 16, "否")
        sheet.write_string(r, 18, rng.choice(AREAS)[1])
        sheet.write_string(r, 19, rng.choice(("科员", "副主任科员", "主任科员", "副处长", "处长", "一级主任科员")))
    book.close()


def copy_db(src: Path, dst: Path) -> None:
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    a.backup(b)
    a.close()
    b.close()


def profile(root: Path, demo: Any, roster: Path, top: int) -> str:
    """One more import, plan and apply each under cProfile: the ``top`` functions by own time."""
    import cProfile
    import io
    import pstats

    from djdesk.paths import DataPaths
    from djdesk.services.database import open_store
    from djdesk.services.roster_import import apply_import, plan_import

    paths = DataPaths(root / "profiled")
    paths.ensure()
    copy_db(demo.database, paths.database)
    opened = open_store(paths)
    try:
        planning, applying = cProfile.Profile(), cProfile.Profile()
        plan = planning.runcall(plan_import, opened.sessions, roster, today=TODAY)
        applying.runcall(apply_import, opened.sessions, plan)
    finally:
        opened.close()
    out = io.StringIO()
    for label, profiler in (("plan", planning), ("apply", applying)):
        out.write(f"\n--- {label} (cProfile: times inflated by the profiler) ---\n")
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", type=int, nargs="?", const=25, default=0, metavar="N",
                        help="after the timed runs, profile one import and list its N costliest functions")
    args = parser.parse_args()

    import python_calamine

    from djdesk.paths import DataPaths
    from djdesk.services.database import open_store
    from djdesk.services.demo import fill_demo
    from djdesk.services.roster_import import apply_import, plan_import

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        roster = root / "roster.xlsx"
        make_roster(roster, args.rows)
        demo = DataPaths(root / "demo")
        store = open_store(demo)
        fill_demo(store.sessions, 2025, today=TODAY)
        store.close()

        def bare() -> float:
            start = time.perf_counter()
            book = python_calamine.CalamineWorkbook.from_path(str(roster))
            book.get_sheet_by_index(0).to_python()
            book.close()
            return time.perf_counter() - start

        def full(run: int) -> tuple[float, float, float]:
            paths = DataPaths(root / f"run{run}")
            paths.ensure()
            copy_db(demo.database, paths.database)
            opened = open_store(paths)
            try:
                start = time.perf_counter()
                plan = plan_import(opened.sessions, roster, today=TODAY)
                planned = time.perf_counter()
                result = apply_import(opened.sessions, plan)
                end = time.perf_counter()
            finally:
                opened.close()
            assert result.created == args.rows, (result, plan.invalid)
            return end - start, planned - start, end - planned

        cold = full(0)
        bare()
        baselines, totals, plans, applies = [], [], [], []
        for run in range(1, args.runs + 1):
            baselines.append(bare())
            total, planned, applied = full(run)
            totals.append(total)
            plans.append(planned)
            applies.append(applied)
        profiled = profile(root, demo, roster, args.profile) if args.profile else ""
    b, t = statistics.median(baselines), statistics.median(totals)
    print(f"rows: {args.rows}, runs: {args.runs} (medians)")
    print(f"calamine bare read (baseline): {b * 1000:7.0f} ms")
    print(f"import (plan + apply):         {t * 1000:7.0f} ms   ratio {t / b:.2f} (target <= 3.0)")
    print(f"  of which plan:               {statistics.median(plans) * 1000:7.0f} ms")
    print(f"  of which apply (write):      {statistics.median(applies) * 1000:7.0f} ms")
    print(f"first import in the process:   {cold[0] * 1000:7.0f} ms   ratio {cold[0] / b:.2f} (cold: loads pypinyin)")
    print(profiled, end="")
    return 0 if t / b <= 3.0 else 1


if __name__ == "__main__":
    sys.exit(main())
