"""``djdesk meetings compliance``: the 组织生活开展情况统计表 of a year (R-MEET-1 … R-MEET-8, R-MEET-11).

``djdesk/commands/meetings.py`` calls :func:`register_into` with its subparsers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from typing import Any

from djdesk.commands.common import EXIT_OK, date_arg, force_flag, opened_store, output_path, refuse

_YEAR = re.compile(r"\d{4}")


def year_arg(text: str) -> int:
    """``--year 2025``: four digits (argparse turns the error into exit code 2)."""
    cleaned = text.strip().removesuffix("年")
    if not _YEAR.fullmatch(cleaned) or not 1900 <= int(cleaned) <= 9999:
        raise argparse.ArgumentTypeError(f"请写四位数的年份，如 2025（收到“{text}”）")
    return int(cleaned)


def reference_date(year: int, on: dt.date | None, today: dt.date) -> dt.date:
    """The reference date for :func:`~djdesk.services.compliance.compliance`: ``--on``, else today.

    For a past year, or an ``--on`` on or after its 31 December, the whole year is judged: the
    grid treats a period as still running on its last day, so the day after the year is passed
    (the table still reads 截至12月31日). Refuses (InputError) a year that has not begun and an
    ``--on`` before the year.
    """
    if on is None:
        if year > today.year:
            refuse(f"{year}年还没有开始，无法统计组织生活开展情况。请检查 --year。")
        on = today
    if on < dt.date(year, 1, 1):
        refuse(f"统计截止日期 {on.isoformat()} 早于 {year} 年，请用 {year} 年内或之后的日期（--on）。")
    return dt.date(year + 1, 1, 1) if on >= dt.date(year, 12, 31) else on


def cmd_compliance(args: argparse.Namespace) -> int:
    from djdesk.domain.dates import format_cn
    from djdesk.services.compliance import compliance
    from djdesk.services.compliance_export import export_compliance

    out = output_path(args)
    if out.suffix.lower() != ".xlsx":
        refuse(f"统计表保存为 Excel 文件，文件名应以 .xlsx 结尾（收到“{out.name}”）。")
    on = reference_date(args.year, args.on, dt.date.today())
    with opened_store(args) as store:
        grid = compliance(store.sessions, args.year, on=on)
        written = export_compliance(store.sessions, args.year, out, on=on, grid=grid)
    as_of = format_cn(min(on, dt.date(args.year, 12, 31)))
    print(f"已导出{args.year}年组织生活开展情况统计表：{written}")
    if grid.missing:
        print(f"截至{as_of}，共有 {len(grid.missing)} 项组织生活未按要求开展，详见“缺项清单”。")
    else:
        print(f"截至{as_of}，各党组织的组织生活均已按要求开展。")
    return EXIT_OK


def register_into(meetings_sub: Any) -> None:
    """Add ``compliance`` to the subcommands of ``djdesk meetings``."""
    parser = meetings_sub.add_parser(
        "compliance", help="导出组织生活开展情况统计表（.xlsx）",
        description="按年度统计各党组织三会一课、主题党日、组织生活会、谈心谈话、民主评议和意识形态专题研究的开展情况，"
                    "未按要求开展的标为“缺”。")
    parser.add_argument("--year", type=year_arg, required=True, metavar="YYYY", help="统计年度，如 2025")
    parser.add_argument("out", metavar="OUT.xlsx", help="保存的文件")
    parser.add_argument("--on", type=date_arg, metavar="YYYY-MM-DD",
                        help="统计截止日期（默认：当年为今天；以前年度统计全年，即截至该年12月31日）")
    force_flag(parser)
    parser.set_defaults(func=cmd_compliance)
