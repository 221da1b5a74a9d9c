"""Bounded reading of roster files (issue 12 point 4): hostile files, large genuine ones, the guard's cost.

Every file is planned (or planned and imported) in a child process, so that a reader that aborts
or eats memory fails its line instead of this script; the child reports the seconds of the plan
(and import) alone and its peak RSS (VmHWM on Linux: the interpreter and djdesk's imports included,
the line "baseline: a 2-row roster" shows that part).

(a) hostile files under 1 MB, target: accepted or refused within 5 s and 300 MB;
(b) genuine rosters of 20 columns: 50,000 rows (xlsx and CSV), target: imported within 1 GB;
    200,000 rows: imported or refused with a message;
(c) the guard's cost: ``read_sheets`` (sheets measured, then read by calamine) against calamine's bare
    read of the same 10,000-row file, in this process (median of N runs), and the ratio;
(d) the alternative not taken: calamine's bare read in a ``multiprocessing`` spawn child that passes
    the rows back (pickled through a pipe), against the same read in this process.

Usage: python3 benchmarks/roster_bounds.py [--runs 5] [--skip-large]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SECONDS, SMALL_MB, LARGE_MB = 5.0, 300.0, 1024.0
TODAY = dt.date(2026, 11, 26)


def child(argv: list[str]) -> int:
    """In the child: plan (and, for "import", apply) ``file`` into an empty database in ``folder``."""
    from djdesk.domain.errors import InputError
    from djdesk.paths import DataPaths
    from djdesk.services.database import open_store
    from djdesk.services.roster_import import apply_import, plan_import

    mode, file, folder = argv
    store = open_store(DataPaths(Path(folder)))
    report: dict[str, object] = {}
    start = time.perf_counter()
    try:
        plan = plan_import(store.sessions, Path(file), today=TODAY)
        report.update(outcome="planned", rows=plan.created + plan.updated, invalid=plan.invalid)
        if mode == "import":
            result = apply_import(store.sessions, plan, skip_invalid=True)
            report.update(outcome="imported", rows=result.created)
    except InputError as exc:
        report.update(outcome="refused", message=exc.message)
    report["seconds"] = time.perf_counter() - start
    store.close()
    sys.path.insert(0, str(ROOT))
    from tests.services.import_child import peak_mb

    report["peak_mb"] = peak_mb()
    print(json.dumps(report, ensure_ascii=False))
    return 0


def run_child(mode: str, file: Path, folder: Path) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, str(Path(__file__)), "--child", mode, str(file), str(folder)],
                          capture_output=True, text=True, env=env, timeout=600, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        return {"outcome": f"CRASHED (exit {done.returncode})", "seconds": float("nan"), "peak_mb": float("nan"),
                "message": done.stderr.strip().splitlines()[-1:] if done.stderr else ""}
    report: dict[str, object] = json.loads(lines[-1])
    return report


# --- files ----------------------------------------------------------------------------------------

def _zip(path: Path, sheet_xml: str, pad: int = 0) -> Path:
    sys.path.insert(0, str(ROOT))
    from tests.services.hostile_files import raw_xlsx

    raw_xlsx(path, {"Sheet1": sheet_xml}, shared=["张三"])
    if pad:  # incompressible bytes: the file stays under the zip-bomb ratio
        with zipfile.ZipFile(path, "a") as archive:
            archive.writestr("docProps/pad.bin", os.urandom(pad), compress_type=zipfile.ZIP_STORED)
    return path


def hostile(folder: Path) -> dict[str, Path]:
    sys.path.insert(0, str(ROOT))
    from tests.services.hostile_files import (
        inline,
        ods_empty,
        ods_row,
        ods_table,
        ods_value,
        raw_ods,
        xls_with_cell_moved,
    )
    from tests.services.test_roster_import_bounds import roster_with_stray_cell, two_cells

    files = {
        "baseline: a 2-row roster": roster_with_stray_cell(folder / "base.xlsx", 3, 1),
        "xlsx A1 + XFD1048576 (the issue)": two_cells(folder / "far.xlsx", "XFD1048576"),
        "xlsx roster + stray cell XFD20000": roster_with_stray_cell(folder / "x20000.xlsx", 20000, 16384),
        "xlsx lying <dimension>, cell XFD1048576": folder / "dim.xlsx",
        "xlsx cells without r pushed to XFD": folder / "positional.xlsx",
        "ods value after 1M repeated rows": raw_ods(folder / "far.ods", ods_table(
            "S", ods_row(ods_value(1)) + ods_row(ods_empty(5), 1_000_000) + ods_row(ods_empty(16_000) + ods_value(2)))),
        "ods value repeated 10,000 x 9,000": raw_ods(folder / "dense.ods", ods_table(
            "S", ods_row(ods_value(1, repeat=10_000), 9_000))),
        "xls cell moved to IV65536": xls_with_cell_moved(folder / "far.xls", 65535, 255),
        "xls cell moved to column 65536": xls_with_cell_moved(folder / "beyond.xls", 65535, 65535),
    }
    from tests.services.hostile_files import raw_xlsx

    raw_xlsx(files["xlsx lying <dimension>, cell XFD1048576"], {"Sheet1": f'<row r="1">{inline("A1", "x")}</row>'
             f'<row r="1048576">{inline("XFD1048576", "x")}</row>'}, dimension='<dimension ref="A1:B2"/>')
    raw_xlsx(files["xlsx cells without r pushed to XFD"], {"Sheet1": f'<row>{inline("A1", "x")}</row><row r="1048576">'
             + "<c/>" * 16383 + "<c><v>1</v></c></row>"})
    # As many cells as a file under 1 MB can hold, in each form.
    dense = "".join(f'<row r="{r}">' + "".join(f'<c r="{chr(65 + c)}{r}" t="s"><v>0</v></c>' for c in range(26))
                    + "</row>" for r in range(1, 20_001))
    files["xlsx 20,000 x 26 shared-string cells"] = _zip(folder / "dense.xlsx", dense)
    sys.path.insert(0, str(ROOT))
    from tests.services.test_roster_import_support import HEADER, member_row, pid

    header = "".join(f'<c r="{chr(65 + c)}1" t="inlineStr"><is><t>{h}</t></is></c>' for c, h in enumerate(HEADER))
    strings = ["张三", *HEADER, *map(str, member_row("张三", pid(1980)))]
    same = "".join(f'<c r="{chr(65 + c)}{{r}}" t="s"><v>{strings.index(str(v))}</v></c>'
                   for c, v in enumerate(member_row("张三", pid(1980))))
    body = "".join(f'<row r="{r}">' + same.format(r=r) + "</row>" for r in range(2, 45_002))
    from tests.services.hostile_files import raw_xlsx

    files["xlsx header + 45,000 identical member rows"] = raw_xlsx(
        folder / "same.xlsx", {"Sheet1": f'<row r="1">{header}</row>{body}'}, shared=strings)
    files["xlsx 3 million cells without r"] = _zip(folder / "positional-dense.xlsx",
                                                  "<row>" + "<c><v>1</v></c>" * 3_000_000 + "</row>", pad=600_000)
    files["xlsx 1 million empty rows"] = _zip(folder / "rows.xlsx", "<row/>" * 1_000_000 + '<row><c><v>1</v></c></row>',
                                             pad=100_000)
    (folder / "commas.csv").write_text("姓名" + "," * 1_000_000 + "\n", encoding="utf-8")
    files["csv one row of 1,000,000 empty cells"] = folder / "commas.csv"
    (folder / "tiny.csv").write_text(("a," * 20 + "\n") * 23_000, encoding="utf-8")
    files["csv 23,000 rows x 21 one-letter cells"] = folder / "tiny.csv"
    return files


def genuine(folder: Path, rows: int) -> tuple[Path, Path]:
    sys.path.insert(0, str(HERE))
    import python_calamine
    from roster_import import make_roster  # type: ignore[import-not-found]

    xlsx = folder / f"roster{rows}.xlsx"
    make_roster(xlsx, rows)
    book = python_calamine.CalamineWorkbook.from_path(str(xlsx))
    table = book.get_sheet_by_index(0).to_python()
    book.close()
    path = folder / f"roster{rows}.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out).writerows([[v.isoformat() if isinstance(v, dt.date) else v for v in r] for r in table[1:]])
    return xlsx, path


# --- report ---------------------------------------------------------------------------------------

def line(label: str, report: dict[str, object], limit_mb: float, size: int) -> bool:
    seconds, peak = float(report["seconds"]), float(report["peak_mb"])  # type: ignore[arg-type]
    outcome = str(report["outcome"])
    ok = not outcome.startswith("CRASHED") and peak <= limit_mb and (seconds <= SECONDS or limit_mb != SMALL_MB)
    message = str(report.get("message", ""))[:60]
    detail = f"{report.get('rows', '')} rows" if outcome in ("planned", "imported") else message
    print(f"    {label:44s} {size / 1024:7.0f} KB  {outcome:9s} {seconds:6.2f} s  {peak:6.0f} MB  "
          f"{'ok' if ok else 'MISSED'}  {detail}")
    return ok


def bare_rows(path: str) -> list[list[object]]:
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(path)
    try:
        rows: list[list[object]] = book.get_sheet_by_index(0).to_python()
    finally:
        book.close()
    return rows


def _read_to_pipe(path: str, conn: object) -> None:  # in the spawn child
    import pickle

    conn.send_bytes(pickle.dumps(bare_rows(path), protocol=pickle.HIGHEST_PROTOCOL))  # type: ignore[attr-defined]
    conn.close()  # type: ignore[attr-defined]


def read_in_child(path: str) -> list[list[object]]:
    """calamine's bare read in a spawn child, the rows sent back: what reading in a child would cost."""
    import multiprocessing
    import pickle

    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    worker = context.Process(target=_read_to_pipe, args=(path, send))
    worker.start()
    send.close()
    rows: list[list[object]] = pickle.loads(receive.recv_bytes())
    worker.join()
    return rows


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "FILE", "FOLDER"))
    args = parser.parse_args()
    if args.child:
        return child(args.child)
    met = True
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"(a) hostile files, each planned in a child; target: under 1 MB → {SECONDS:.0f} s, {SMALL_MB:.0f} MB")
        for n, (label, file) in enumerate(hostile(folder).items()):
            size = file.stat().st_size
            ok = line(label, run_child("plan", file, folder / f"db{n}"), SMALL_MB, size)
            met &= ok and size < 1024 * 1024
        if not args.skip_large:
            print(f"(b) genuine 20-column rosters, planned and imported in a child; target: {LARGE_MB:.0f} MB")
            for rows in (50_000, 200_000):
                for file in genuine(folder, rows):
                    report = run_child("import", file, folder / f"db-{file.name}")
                    ok = line(f"{rows} rows {file.suffix}", report, LARGE_MB, file.stat().st_size)
                    met &= ok if rows == 50_000 else not str(report["outcome"]).startswith("CRASHED")
        print(f"(c) the guard's cost on a 10,000-row roster, median of {args.runs}, in this process")
        from djdesk.services.roster_import.reader import read_sheets

        roster, _csv = genuine(folder, 10_000)

        bare_rows(str(roster)), read_sheets(roster)
        b = median_ms(lambda: bare_rows(str(roster)), args.runs)
        r = median_ms(lambda: read_sheets(roster), args.runs)
        print(f"    calamine bare read (baseline):  {b:7.1f} ms")
        print(f"    read_sheets (measured + read):  {r:7.1f} ms   ratio {r / b:.2f}   (the guard: {r - b:+.1f} ms)")
        print(f"(d) reading in a spawn child instead, the same roster, median of {args.runs}")
        assert read_in_child(str(roster)) == bare_rows(str(roster))
        c = median_ms(lambda: read_in_child(str(roster)), args.runs)
        b = median_ms(lambda: bare_rows(str(roster)), args.runs)
        print(f"    calamine bare read in process (baseline): {b:7.1f} ms")
        print(f"    the same read in a spawn child, rows sent back: {c:7.1f} ms   "
              f"ratio {c / b:.2f}   ({c - b:+.1f} ms)")
    print("targets: " + ("met" if met else "MISSED"))
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
