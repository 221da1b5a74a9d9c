"""The printed 党员花名册: the columns an official roster has, at a size that can be read on A4
landscape (design.md, Documents). No Qt; no document libraries. Used by
:mod:`djdesk.services.roster_export`, which also writes the full record in a second sheet.

Columns
-------
The clerk chooses them from :data:`djdesk.domain.config.ROSTER_PRINT_COLUMNS` (序号, 姓名, 性别, 民族,
出生年月, 公民身份号码, 学历, 所在党支部, 党小组, 入党时间, 转正时间, 人员类别, 工作岗位/职务, 联系电话, 备注)
in the order given; 设置 remembers the choice (``roster.print_columns``). 出生年月, 入党时间 and
转正时间 are real date cells shown ``1982.08`` (year and month, as official rosters print them);
公民身份号码 and 联系电话 are text cells (``@``); 工作岗位/职务 is the department and post
(办公室一级主任科员), else the 工作岗位.

Size on paper
-------------
An 11 pt table that Excel shrinks to fit 22 columns on one A4 width prints at 39 % (4.3 pt). Here
the widths are chosen to fit the page: a column of width ``w`` (Excel's character units of the
workbook's default font, Calibri 11: 7 pixels a digit) is ``int(7w + 0.5) + 5`` pixels, 0.75 pt
each, and A4 landscape between the 0.4 in side margins is 784.3 pt. The workbook's default font is
宋体 11 (:mod:`djdesk.services.xlsx_print`), as in Chinese Excel and WPS. The free-text columns
(所在党支部, 党小组, 工作岗位/职务, 备注) are as narrow as their longest text allows on 1, 2, 3 … lines,
for the fewest lines with which the table fits even a renderer that measures the width unit with
a wider substitute font (:data:`WIDER_RENDERER`); the other columns fit their longest text. What
is then still too wide for Excel is printed at a scale
(``pageSetup scale``) of at least :data:`MIN_SCALE` % — 11 pt × 91 % = 10 pt — and a choice of
columns that needs less is refused with a message naming the widest columns to leave out. No
fit-to-width: the scale is exactly what is computed here.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Final

from djdesk.domain.config import ROSTER_PRINT_COLUMNS
from djdesk.domain.errors import InputError
from djdesk.services.xlsx_print import (
    BODY_SIZE,
    CELL_PADDING,
    MARGIN_SIDE_IN,
    Column,
    column_pixels,
    display_width,
    fit_width,
)

if TYPE_CHECKING:
    from djdesk.services.members import MemberRow

A4_LANDSCAPE_WIDTH_IN: Final[float] = 297 / 25.4
PRINTABLE_PT: Final[float] = (A4_LANDSCAPE_WIDTH_IN - 2 * MARGIN_SIDE_IN) * 72  # 784.3 pt
SAFETY: Final[float] = 0.98  # a little room: renderers round column pixels differently
# A renderer without 宋体 measures the width unit with a substitute's digits: LibreOffice where 宋体
# falls back to DejaVu Sans (9.33 pixels a digit, not 8) makes every column 1.17× wider. The free-text
# columns give up width until the table fits even then (the scale is still Excel's and WPS's).
WIDER_RENDERER: Final[float] = 9.34 / 8
MIN_SCALE: Final[int] = 91  # 11 pt × 91 % = 10 pt on paper
MIN_PRINTED_PT: Final[float] = 10.0
MAX_LINES: Final[int] = 4  # free text wraps onto at most so many lines before the columns are at their minimum
MONTH_FORMAT: Final[str] = "yyyy.mm"

Extras = dict[int, tuple[str | None, str | None]]  # member id → (家庭住址, 备注)
Getter = Callable[["MemberRow", int, Extras, dict[int, str]], object]


@dataclass(frozen=True)
class PrintColumn:
    """A column of the printed 花名册: the Column to write (its width the minimum), the most width it
    takes for its longest text (``maximum`` = ``column.width`` for a fixed one) and the cell value."""

    column: Column
    maximum: float
    value: Getter
    wraps: bool = False  # free text that may go onto more lines (the others fit their longest text)

    @property
    def name(self) -> str:
        return self.column.header


def _post(m: MemberRow) -> str | None:
    """办公室一级主任科员 (department and 行政职务), else the 工作岗位."""
    if m.admin_position:
        return f"{m.department or ''}{m.admin_position}"
    return m.job_post


def _group(m: MemberRow, labels: dict[int, str]) -> str | None:
    return labels.get(m.group_id, m.group) if m.group_id is not None else None


_CATALOGUE: Final[dict[str, PrintColumn]] = {c.name: c for c in (
    PrintColumn(Column("序号", 5, "number"), 5, lambda m, i, x, lb: i),
    PrintColumn(Column("姓名", 7, align="center"), 10.5, lambda m, i, x, lb: m.name),
    PrintColumn(Column("性别", 5, align="center"), 5, lambda m, i, x, lb: m.gender.label if m.gender else None),
    PrintColumn(Column("民族", 5.5, align="center"), 9, lambda m, i, x, lb: m.ethnicity),
    PrintColumn(Column("出生年月", 9, "date", num_format=MONTH_FORMAT), 9, lambda m, i, x, lb: m.birth_date),
    # 18 digits on one line, a text cell: an 18-digit number would lose its last digits (R-ID-4)
    PrintColumn(Column("公民身份号码", 20.5, "code", align="center"), 20.5, lambda m, i, x, lb: m.id_number),
    PrintColumn(Column("学历", 6, align="center"), 11, lambda m, i, x, lb: m.education),
    PrintColumn(Column("所在党支部", 9), 18, lambda m, i, x, lb: lb.get(m.branch_id, m.branch), wraps=True),
    PrintColumn(Column("党小组", 8), 14, lambda m, i, x, lb: _group(m, lb), wraps=True),
    PrintColumn(Column("入党时间", 9, "date", num_format=MONTH_FORMAT), 9, lambda m, i, x, lb: m.joined_on),
    PrintColumn(Column("转正时间", 9, "date", num_format=MONTH_FORMAT), 9, lambda m, i, x, lb: m.confirmed_on),
    PrintColumn(Column("人员类别", 9.5, align="center"), 9.5, lambda m, i, x, lb: m.category.label),
    PrintColumn(Column("工作岗位/职务", 10), 22, lambda m, i, x, lb: _post(m), wraps=True),
    PrintColumn(Column("联系电话", 12.6, "code", align="center"), 12.6, lambda m, i, x, lb: m.phone),
    PrintColumn(Column("备注", 8), 20, lambda m, i, x, lb: x.get(m.id, (None, None))[1], wraps=True),
)}
assert tuple(_CATALOGUE) == ROSTER_PRINT_COLUMNS  # one list of names (domain.config) for 设置 and here


def chosen_columns(names: Iterable[str]) -> list[PrintColumn]:
    """The print columns called ``names`` (already checked: ``settings.checked_print_columns``)."""
    return [_CATALOGUE[n] for n in names]


ID_COLUMN: Final[str] = "公民身份号码"


def with_id(names: Sequence[str]) -> list[str]:
    """``names`` with 公民身份号码 added where the catalogue has it (after the column before it there)."""
    if ID_COLUMN in names:
        return list(names)
    order = {n: i for i, n in enumerate(ROSTER_PRINT_COLUMNS)}
    place = next((i for i, n in enumerate(names) if order[n] > order[ID_COLUMN]), len(names))
    return [*names[:place], ID_COLUMN, *names[place:]]


def requested_columns(remembered: Sequence[str], text: str | None, add_id: bool) -> list[str] | None:
    """The columns a command asked for: ``text`` («序号,姓名,…», checked), else the remembered ones;
    with 公民身份号码 when ``add_id``. None when it asked for nothing (the remembered ones apply)."""
    from djdesk.services.settings import checked_print_columns

    if text is None and not add_id:
        return None
    chosen = checked_print_columns(text if text is not None else list(remembered))
    return with_id(chosen) if add_id else chosen


def column_points(width: float) -> float:
    """The printed width at 100 % of a column of ``width`` (Excel character units), in points."""
    return column_pixels(width) * 0.75


def table_points(columns: Sequence[Column]) -> float:
    return sum(column_points(c.width) for c in columns)


def rows_of(columns: Sequence[PrintColumn], members: Sequence[MemberRow], extras: Extras,
            labels: dict[int, str]) -> list[list[object]]:
    """One list of cell values per member (序号 from 1)."""
    getters = [c.value for c in columns]
    return [[get(m, i, extras, labels) for get in getters] for i, m in enumerate(members, start=1)]


def _texts(tables: Iterable[list[list[object]]], col: int) -> set[str]:
    return {v for rows in tables for row in rows if isinstance(v := row[col], str)}


def layout(columns: Sequence[PrintColumn], tables: Sequence[list[list[object]]]) -> tuple[list[Column], int]:
    """The widths and the print scale of the printed 花名册 (see the module docstring): every
    sheet's ``tables`` get one set of widths. :class:`InputError` for a choice too wide to print at
    10 pt.

    A column that does not wrap is as wide as its longest text (within its bounds). The columns of
    free text are made as narrow as their longest text allows in ``lines`` lines, for the fewest
    lines (1, 2, 3 …) with which the table fits: no row is taller than that for their sake."""
    longest = [max((display_width(t) for t in _texts(tables, i)), default=0.0) for i in range(len(columns))]
    base = [replace(c.column, width=fit_width(_texts(tables, i), c.column.width, c.maximum)) if not c.wraps
            else c.column for i, c in enumerate(columns)]
    room = PRINTABLE_PT * SAFETY
    target = room / WIDER_RENDERER

    def widths(lines: int) -> list[Column]:
        return [replace(col, width=min(max(col.width, math.ceil((longest[i] / lines + CELL_PADDING) * 10) / 10),
                                       c.maximum)) if c.wraps else col
                for i, (c, col) in enumerate(zip(columns, base, strict=True))]

    lines = next((n for n in range(1, MAX_LINES + 1) if table_points(widths(n)) <= target), MAX_LINES + 1)
    fitted = widths(lines)
    if lines > 1:  # the room left: a column at a time onto fewer lines, the cheapest first
        for fewer in range(lines - 1, 0, -1):
            wider = widths(fewer)
            for i in sorted(range(len(fitted)), key=lambda i: wider[i].width - fitted[i].width):
                trial = [*fitted[:i], wider[i], *fitted[i + 1:]]
                if wider[i].width > fitted[i].width and table_points(trial) <= target:
                    fitted = trial
    scale = min(100, math.floor(100 * room / table_points(fitted)))
    if scale < MIN_SCALE:
        widest = sorted(fitted, key=lambda c: c.width, reverse=True)[:2]
        raise InputError(
            f"所选的 {len(fitted)} 列太多：A4 横向打印时字号会小于 {MIN_PRINTED_PT:g} 磅，不便阅读。"
            f"请少选几列（如“{widest[0].header}”“{widest[1].header}”）后再导出；全部信息在“完整信息”工作表中。")
    return fitted, scale


def printed_size(scale: int) -> float:
    """The size of the body text on paper at ``scale`` percent, in points."""
    return BODY_SIZE * scale / 100


def made_line(clerk: str, made_on: dt.date) -> str:
    """制表人：张三　　审核人：（blank）　　制表日期：2026年12月8日 — the line under the table."""
    from djdesk.domain.dates import format_cn

    gap = "　" * 6
    return f"制表人：{clerk or '　' * 4}{gap}审核人：{'　' * 4}{gap}制表日期：{format_cn(made_on)}"


__all__ = ["ID_COLUMN", "MIN_SCALE", "PRINTABLE_PT", "PrintColumn", "chosen_columns", "column_points", "layout",
           "made_line", "printed_size", "requested_columns", "rows_of", "table_points", "with_id"]
