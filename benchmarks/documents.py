"""Meeting documents speed: minutes from the database, and the record book. Each figure with its
baseline measured in the same run, and the ratio.

(a) minutes: 100 会议记录 rendered from the database — ``load_meeting`` + ``minutes_context`` +
    docxtpl render + save, the template loaded as ``render_docx`` loads it (a ``DocxTemplate`` per
    document, ``autoescape=True``, ``StrictUndefined``) — against docxtpl rendering the same template
    with the same 100 contexts prepared beforehand (only render + save timed). Target: ≤ 1.5×.
    Also shown: the same 100 through the service ``render_minutes`` (temporary file, fsync, atomic
    replace) and with the contexts read by ``load_meetings`` (one set of queries per organisation).
(b) record book: ONE render of 会议记录本.docx for 50 meetings of one branch and year (``load_meetings``
    + ``book_context`` + render + save) against 50 separate minutes made as in (a). Target: < 3×.
    Also shown: the service ``render_book`` for the branch's whole year.

The data is the demo 机关党委 (``fill_demo``, year 2025) in a temporary folder: 办公室支部 holds 60
meetings that year, enough for (b); (a) takes the first 100 held meetings of the database.

Usage: python3 benchmarks/documents.py [--runs 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

MINUTES_TARGET = 1.5
BOOK_TARGET = 3.0
YEAR = 2025
BRANCH = "办公室支部"


def _setup(folder: Path) -> Any:
    from djdesk.paths import DataPaths
    from djdesk.services.database import open_store
    from djdesk.services.demo import fill_demo

    store = open_store(DataPaths(folder / "data"))
    fill_demo(store.sessions, YEAR, today=dt.date(YEAR + 1, 11, 26))
    return store


def _render(source: Path, context: dict[str, Any], out: Path) -> None:
    """What render_docx does, without its temporary file and fsync."""
    import jinja2
    from docxtpl import DocxTemplate  # type: ignore[import-untyped]

    document = DocxTemplate(source)
    document.init_docx()
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    document.render(context, jinja_env=env, autoescape=True)
    document.save(out)


def _best(runs: int, *works: Callable[[], None]) -> list[float]:
    """The best time of each of ``works`` over ``runs`` rounds; the works take turns within a round
    so that a busy moment of the machine does not fall on one of them only."""
    times: list[list[float]] = [[] for _ in works]
    for _ in range(runs):
        for work, spent in zip(works, times, strict=True):
            gc.collect()
            start = time.perf_counter()
            work()
            spent.append(time.perf_counter() - start)
    return [min(spent) for spent in times]


def _line(label: str, seconds: float, count: int) -> str:
    return f"  {label:<58} {seconds * 1000:9.1f} ms  ({seconds * 1000 / count:6.1f} ms each)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="rounds; the best time of each is kept (default 5)")
    args = parser.parse_args(argv)

    from sqlalchemy import select

    from djdesk.services.documents import template_path
    from djdesk.services.meeting_detail import load_meeting, load_meetings
    from djdesk.services.meeting_docs import (
        BOOK_TEMPLATE,
        MINUTES_TEMPLATE,
        book_context,
        find_org_id,
        minutes_context,
        render_book,
        render_minutes,
    )
    from djdesk.store.models import Meeting

    with tempfile.TemporaryDirectory(prefix="djdesk-bench-docs-") as tmp:
        folder = Path(tmp)
        store = _setup(folder)
        paths, sessions = store.paths, store.sessions
        out_dir = folder / "out"
        out_dir.mkdir()
        minutes_src = template_path(paths, MINUTES_TEMPLATE)
        book_src = template_path(paths, BOOK_TEMPLATE)
        with sessions() as session:
            rows = session.execute(select(Meeting.id, Meeting.organization_id).where(
                Meeting.held.is_(True), Meeting.deleted_at.is_(None)).order_by(Meeting.id).limit(100)).all()
        ids = [r.id for r in rows]
        orgs = sorted({r.organization_id for r in rows})
        _render(minutes_src, minutes_context(load_meeting(sessions, ids[0])), out_dir / "warm.docx")  # imports

        # (a) 100 minutes
        def from_database() -> None:
            for i, meeting_id in enumerate(ids):
                _render(minutes_src, minutes_context(load_meeting(sessions, meeting_id)), out_dir / f"a{i}.docx")

        prepared = [minutes_context(load_meeting(sessions, meeting_id)) for meeting_id in ids]

        def baseline_a() -> None:
            for i, context in enumerate(prepared):
                _render(minutes_src, context, out_dir / f"b{i}.docx")

        def batched() -> None:
            wanted = set(ids)
            details = [d for org in orgs for d in load_meetings(sessions, org, YEAR) if d.id in wanted]
            for i, detail in enumerate(details):
                _render(minutes_src, minutes_context(detail), out_dir / f"c{i}.docx")

        def service() -> None:
            for i, meeting_id in enumerate(ids):
                render_minutes(paths, sessions, meeting_id, out_dir / f"s{i}.docx")

        base_a, measured_a, batch_a, service_a = _best(args.runs, baseline_a, from_database, batched, service)

        # (b) a 50-meeting record book
        branch = find_org_id(sessions, BRANCH)
        fifty = [d.id for d in load_meetings(sessions, branch, YEAR)[:50]]
        upper = "中共示例省交通运输厅直属机关委员会"

        def book() -> None:
            details = [d for d in load_meetings(sessions, branch, YEAR) if d.id in set(fifty)]
            _render(book_src, book_context(details, YEAR, upper), out_dir / "book.docx")

        def separate() -> None:
            for i, meeting_id in enumerate(fifty):
                _render(minutes_src, minutes_context(load_meeting(sessions, meeting_id)), out_dir / f"m{i}.docx")

        def service_book() -> None:
            render_book(paths, sessions, BRANCH, YEAR, out_dir / "service-book.docx")

        base_b, measured_b, service_b = _best(args.runs, separate, book, service_book)
        whole_year = len(load_meetings(sessions, branch, YEAR))
        store.close()

    ratio_a, ratio_b = measured_a / base_a, measured_b / base_b
    print(f"Meeting documents (demo 机关党委 {YEAR}; best of {args.runs} runs)")
    print(f"(a) {len(ids)} 会议记录 from the database")
    print(_line("measured: load_meeting + minutes_context + render + save", measured_a, len(ids)))
    print(_line("baseline: docxtpl render + save of prepared contexts", base_a, len(ids)))
    print(f"  ratio {ratio_a:.2f}×  (target ≤ {MINUTES_TARGET}×)  {'OK' if ratio_a <= MINUTES_TARGET else 'MISSED'}")
    print(_line("also: contexts from load_meetings (one query set per org)", batch_a, len(ids)))
    print(f"  ratio {batch_a / base_a:.2f}×")
    print(_line("also: service render_minutes (temp file, fsync, replace)", service_a, len(ids)))
    print(f"  ratio {service_a / base_a:.2f}×")
    print(f"(b) record book of {len(fifty)} meetings ({BRANCH} {YEAR})")
    print(_line("measured: load_meetings + book_context + ONE render + save", measured_b, len(fifty)))
    print(_line(f"baseline: {len(fifty)} separate minutes as in (a)", base_b, len(fifty)))
    print(f"  ratio {ratio_b:.2f}×  (target < {BOOK_TARGET}×)  {'OK' if ratio_b < BOOK_TARGET else 'MISSED'}")
    print(_line(f"also: service render_book, whole year ({whole_year} meetings)", service_b, whole_year))
    return 0 if ratio_a <= MINUTES_TARGET and ratio_b < BOOK_TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
