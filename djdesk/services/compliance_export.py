"""组织生活开展情况统计表: the compliance grid as one print-ready .xlsx (A4 landscape). No Qt.

:func:`export_compliance` writes, with :mod:`djdesk.services.xlsx_print`:

* 「全年统计」: one row per 党委/党总支/党支部, one column per requirement: the year's count, and
  for a monthly or quarterly requirement how many periods are missing ("10（缺2）"; 党小组会: the
  branch's groups together); the yearly ones (书记讲党课, 组织生活会, 谈心谈话 by kind, 民主评议,
  意识形态) read "缺" or "缺（1/2）" when short. What an inspection looks at first: one page.
* 「按月统计」: one line per organisation and monthly requirement (by default 支委会, 主题党日;
  党小组会 on each 党小组's line), the twelve months and the total;
* 「按季度统计」: the same by quarter (by default 党员大会, 党课);
* 「缺项清单」 (portrait): every missing item, one per line, for the rectification ledger.

A requirement moves between the month and quarter sheets when its frequency is changed in 设置
(a sheet without requirements is left out). A period's cell reads: a number (how many were
held); “缺” (the period is over and none was held) or “缺（1/2）” (fewer than required); “—” (not
owed: not yet founded or dissolved, no 支部委员会); blank (the period is still running or has not
started). Text is never written as a formula (xlsx_print writes strings as strings).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from djdesk.domain.dates import format_cn
from djdesk.domain.enums import OrgKind
from djdesk.domain.schedule import CellStatus, Frequency, Requirement, Scope, periods
from djdesk.services.compliance import Cell, ComplianceGrid, ComplianceRow, Line, compliance
from djdesk.services.settings import load_settings
from djdesk.services.xlsx_print import (
    INDENT_WIDTH,
    Column,
    Indented,
    SheetSpec,
    display_width,
    fit_width,
    write_workbook,
)
from djdesk.store.engine import SessionFactory

SUMMARY_SHEET = "全年统计"
MONTH_SHEET = "按月统计"
QUARTER_SHEET = "按季度统计"
MISSING_SHEET = "缺项清单"
MISSING = "缺"
NOT_REQUIRED = "—"
TITLE_SCALE = 18 / 11  # the title is 18 pt, the body 11 pt (xlsx_print)

LEGEND = (
    "注：1. 数字为已开展的次数（不含计划召开和已删除的会议）；“缺”为该期已结束而未开展，“缺（1/2）”为次数不足"
    "（已开展/应开展）；“—”为不作要求（未成立、已撤销、未设支部委员会等）；空白为本期未结束或未开始。"
)
SHORT_LEGEND = "注：1. 数字为已开展次数；“缺”为该期已结束而未开展；“—”为不作要求；空白为本期未结束或未开始。"
CHARTER = "《中国共产党支部工作条例（试行）》"
BASIS = {  # rule ID → the 依据 column of the 缺项清单, in words (rules.md §2; the clerk never reads the ID)
    "R-MEET-1": CHARTER, "R-MEET-2": CHARTER, "R-MEET-3": CHARTER, "R-MEET-4": CHARTER, "R-MEET-5": CHARTER,
    "R-MEET-6": CHARTER, "R-MEET-7": f"{CHARTER}第十九条", "R-MEET-8": CHARTER, "R-MEET-11": "上级有关要求",
}


def cell_text(cell: Cell, minimum: int) -> object:
    """What one period's cell shows (a number cell when it is a count)."""
    if cell.status is CellStatus.MISSING:
        return f"{MISSING}（{cell.count}/{minimum}）" if cell.count else MISSING
    if cell.status is CellStatus.NOT_REQUIRED:
        return NOT_REQUIRED
    return cell.count if cell.count or cell.status is CellStatus.HELD else ""


def summary_text(lines: Sequence[Line]) -> object:
    """A requirement over the year (党小组会: all groups of a branch): the count, and how many
    periods are missing ("10（缺2）"); a yearly requirement reads as its one cell."""
    lines = [line for line in lines if line.applies]
    if not lines:
        return NOT_REQUIRED
    if len(lines) == 1 and len(lines[0].cells) == 1:
        return cell_text(lines[0].cells[0], lines[0].requirement.minimum)
    total = sum(line.total for line in lines)
    missing = sum(len(line.missing) for line in lines)
    return f"{total}（{MISSING}{missing}）" if missing else total


def _rules(reqs: Iterable[Requirement]) -> str:
    # R-MEET-7: a branch without a 支部委员会 owes only the talks between members. (Rule IDs are for the code: the
    # requirements are said in words.)
    return "；".join(dict.fromkeys(f"{'谈心谈话每类' if r.talk_kind else r.label}{r.demand}"
                                   f"{'（未设支部委员会的党支部只要求党员之间）' if r.talk_kind else ''}"
                                   for r in reqs))


def _summary_rows(grid: ComplianceGrid) -> Iterator[list[object]]:
    groups: dict[int | None, list[ComplianceRow]] = defaultdict(list)
    for row in grid.rows:
        if row.kind is OrgKind.GROUP:
            groups[row.parent_id].append(row)
    for row in grid.rows:
        if row.kind is OrgKind.GROUP:
            continue
        values: list[object] = [Indented(row.display_name, row.depth)]
        for req in grid.requirements:
            owners = groups[row.org_id] if req.scope is Scope.GROUP else [row]
            values.append(summary_text([ln for r in owners if (ln := r.line(req.key)) is not None]))
        yield values


def _lines(grid: ComplianceGrid, frequency: Frequency) -> Iterator[tuple[object, Line]]:
    """(name cell, line) in tree order; the name only on the organisation's first line."""
    for row in grid.rows:
        lines = [line for line in row.lines if line.requirement.frequency is frequency and line.applies]
        for i, line in enumerate(lines):
            yield (Indented(row.display_name, row.depth) if i == 0 else "", line)


def _period_rows(grid: ComplianceGrid, frequency: Frequency) -> Iterator[list[object]]:
    for name, line in _lines(grid, frequency):
        req = line.requirement
        yield [name, req.short, *(cell_text(c, req.minimum) for c in line.cells), line.total]


def _missing_rows(grid: ComplianceGrid) -> Iterator[list[object]]:
    for index, item in enumerate(grid.missing, start=1):
        req = item.requirement
        done = f"{item.count}次" if item.count else "未开展"
        yield [index, item.organisation, req.label, item.period.full_label, _brief(req), done, BASIS.get(req.rule, "")]
    if not grid.missing:
        yield [None, "截至统计日期没有缺项。", "", "", "", "", ""]


def _brief(req: Requirement) -> str:
    return f"{req.frequency.label}{'一次' if req.minimum == 1 else f'至少{req.minimum}次'}"


def _spread(columns: list[Column], first: int, need: float) -> list[Column]:
    """Widen the columns from ``first`` on evenly so that the table is at least ``need`` wide (the
    merged title cell is as wide as the table, and a longer title would be cut)."""
    lack = need - sum(c.width for c in columns)
    if lack <= 0:
        return columns
    extra = lack / (len(columns) - first)
    return [replace(c, width=round(c.width + extra, 1)) if i >= first else c for i, c in enumerate(columns)]


def _name_column(grid: ComplianceGrid, minimum: float) -> Column:
    pad = "　" * round(INDENT_WIDTH / 2)  # an indent level is about one Chinese character wide
    return Column("党组织", fit_width(["党组织", *(pad * r.depth + r.display_name for r in grid.rows)], minimum, 30))


def _sheets(grid: ComplianceGrid, unit: str, made_by: str) -> list[SheetSpec]:
    title = f"{unit}{grid.year}年组织生活开展情况统计表"
    need = display_width(title) * TITLE_SCALE + 4
    as_of = f"截至{format_cn(min(grid.on, dt.date(grid.year, 12, 31)))}"
    name = _name_column(grid, 14)
    columns = [name, *(Column(r.short.replace("·", "\n"), 8, "number") for r in grid.requirements)]
    sheets = [SheetSpec(
        name=SUMMARY_SHEET, title=title, columns=_spread(columns, 1, need), rows=_summary_rows(grid),
        subtitle=f"{SUMMARY_SHEET}　{as_of}", subtitle_right=made_by, landscape=True,
        footer_note=f"{LEGEND}\n2. 按月、按季度要求的项目为全年次数，括号内为未开展的月数或季度数；"
                    f"党总支只统计意识形态专题研究，机关党委（党委）统计书记讲党课和意识形态专题研究；"
                    f"党小组会为所属各党小组合计。\n"
                    f"3. 要求：{_rules(grid.requirements)}。")]
    for freq, sheet in ((Frequency.MONTH, MONTH_SHEET), (Frequency.QUARTER, QUARTER_SHEET)):
        reqs = [r for r in grid.requirements if r.frequency is freq]
        if not reqs:
            continue
        width = 5.5 if freq is Frequency.MONTH else 9
        columns = [name, Column("项目", 10, align="center"),
                   *(Column(p.label, width, "number") for p in periods(grid.year, freq)), Column("合计", 6, "number")]
        sheets.append(SheetSpec(
            name=sheet, title=title, columns=_spread(columns, 2, need), rows=_period_rows(grid, freq),
            subtitle=f"{sheet}　{as_of}", subtitle_right=made_by, landscape=True,
            footer_note=f"{SHORT_LEGEND}\n2. 要求：{_rules(reqs)}。"))
    sheets.append(SheetSpec(
        name=MISSING_SHEET, title=f"{unit}{grid.year}年组织生活缺项清单",
        columns=[Column("序号", 5, "number"), _name_column(grid, 12), Column("项目", 22),
                 Column("期间", 16, align="center"), Column("要求", 13, align="center"),
                 Column("已开展", 8, align="center"), Column("依据", 18)],
        rows=_missing_rows(grid), subtitle=f"{as_of}，共{len(grid.missing)}项", subtitle_right=made_by,
        footer_note="注：依据栏为该项要求所依据的党内法规或上级要求；各项要求的频次以“设置—规则参数”为准。"))
    return sheets


def export_compliance(
    sessions: SessionFactory,
    year: int,
    out: Path,
    *,
    on: dt.date,
    made_on: dt.date | None = None,
    grid: ComplianceGrid | None = None,
) -> Path:
    """Write the 组织生活开展情况统计表 of ``year`` as of ``on`` into ``out`` (.xlsx); return ``out``.

    ``grid`` may pass a grid already computed (the GUI shows it before exporting); ``made_on`` is
    the 制表日期 (default: today). Raises InputError for an impossible year, FolderNotWritable
    when ``out`` cannot be written (nothing is left behind).
    """
    grid = grid if grid is not None else compliance(sessions, year, on=on)
    unit, made_by_line = load_settings(sessions).made_by(made_on)
    return write_workbook(out, _sheets(grid, unit, made_by_line))


__all__ = ["MISSING", "MISSING_SHEET", "MONTH_SHEET", "NOT_REQUIRED", "QUARTER_SHEET", "SUMMARY_SHEET", "cell_text",
           "export_compliance", "summary_text"]
