"""One print-ready table writer for every Excel export (design.md, Documents). No Qt.

:func:`write_workbook` writes one ``.xlsx`` with one table per :class:`SheetSpec`, laid out the
way a 机关 prints a table: A4 (paper 9) portrait or landscape, centred, fitted to **one page wide**
(as many pages tall as needed), footer "第 1 页 共 3 页"; row 1 the title (宋体 18 pt bold, merged
across all columns), row 2 an optional subtitle (``subtitle`` left, ``subtitle_right`` right, e.g.
"截至2025年10月1日" / "制表日期：…"); then the column header row (bold, grey, borders, wrapped),
**repeated on every printed page** and with the panes frozen below it; body rows in 宋体 11 pt with
thin borders; an optional bold totals row and a note (注：…) below the table.

Cell values: one per column, in column order.

* ``None``/``""`` → an empty bordered cell;
* ``kind="text"``: always ``write_string`` — **never a formula**: user data such as ``=1+1``,
  ``+86…``, ``-5``, ``@SUM(A1)`` appears literally (design.md, Known traps), and is stored with the
  quote prefix (``quotePrefix``, XlsxWriter's ``quote_prefix``) so that a clerk who edits the
  cell in Excel or WPS keeps it text instead of turning it into a formula; ``bool`` → 是/否, a
  date → ``2022-07-01``, :class:`Indented` → text with a cell indent (an organisation tree), other
  values → ``str(value)``. Long text wraps and the row is made tall enough for it (Excel and WPS
  do not grow a row for wrapped text written by a program);
* ``kind="code"``: as ``text``, in a cell formatted as text (``@``), for ID and phone numbers: a
  clerk who edits the cell in Excel or WPS keeps it text (an 18-digit number would lose digits);
* ``kind="number"``: ``int``/``float``/``Decimal`` → a number cell, anything else as text;
* ``kind="date"``: ``date``/``datetime`` → a real date cell shown ``yyyy-mm-dd`` (or the column's
  ``num_format``, e.g. ``yyyy.mm``), else as text;
* ``kind="percent"``: a fraction (``0.333…``) → a number cell shown ``0.0%`` (or ``num_format``),
  anything else as text (``—``).

Printing: one page wide (fit to width) unless the sheet gives a ``scale``: then the sheet prints
at that scale (``pageSetup scale``, no fit to page), for a table whose widths were chosen to fit the
A4 width at a readable size (the 花名册: :mod:`djdesk.services.roster_print`).

The workbook is opened with ``strings_to_formulas``/``strings_to_urls``/``strings_to_numbers``
off as well. Speed: formats are made once per sheet; each cell costs one small function call
(the common type is tested first with ``type(v) is …``) plus XlsxWriter's own ``write_string`` or
``write_number``: a 10,000-row roster takes about as long as bare ``write_row`` (measured 1.0×).

Writing is atomic: the workbook is built in memory, saved to a temporary file in the target
folder and moved over ``out`` when complete; on failure no file is left. A folder that cannot be
written raises :class:`FolderNotWritable` naming it; a target open in WPS/Excel (Windows:
``PermissionError``) raises it with the advice to close that file first. XlsxWriter is imported
inside :func:`write_workbook` only (it is slow to import at start-up).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, Literal

from djdesk.domain.errors import FolderNotWritable
from djdesk.services.template_files import write_atomically

CellKind = Literal["text", "code", "number", "date", "percent"]
Align = Literal["left", "center", "right"]

FONT: Final[str] = "宋体"
TITLE_SIZE: Final[int] = 18
BODY_SIZE: Final[int] = 11
DATE_FORMAT: Final[str] = "yyyy-mm-dd"
PERCENT_FORMAT: Final[str] = "0.0%"
FORMULA_START: Final[tuple[str, ...]] = ("=", "+", "-", "@")  # what Excel reads as the start of a formula
HEADER_FILL: Final[str] = "#D9D9D9"
PAPER_A4: Final[int] = 9
WIDE_CHAR: Final[float] = 2.1  # width of a Chinese character in 11 pt, in Excel width units
NARROW_CHAR: Final[float] = 1.1
INDENT_WIDTH: Final[float] = 2.0  # one cell indent level, in width units
CELL_PADDING: Final[float] = 0.5
LINE_HEIGHT: Final[int] = 15  # points per line of 11 pt text
PAGE_FOOTER: Final[str] = "&C&11第 &P 页 共 &N 页"
MARGIN_SIDE_IN: Final[float] = 0.4  # left and right page margins, inches
MARGIN_TOP_IN: Final[float] = 0.6
MARGIN_BOTTOM_IN: Final[float] = 0.7
MAX_SHEET_NAME: Final[int] = 31
_EXCEL_EPOCH: Final[dt.date] = dt.date(1899, 12, 30)
_FIRST_SERIAL_DAY: Final[dt.date] = dt.date(1900, 3, 1)  # before it, Excel's 1900 leap bug
_BAD_SHEET_CHARS: Final = re.compile(r"[\[\]:*?/\\]")
# in_memory: no temporary files in the system temp folder. The workbook's default font (its Normal
# style, the unit of column widths) is 宋体 11 as in Chinese Excel and WPS: 8 pixels a digit (Calibri
# 11 has 7), so a renderer without Calibri (WPS or LibreOffice on 统信/麒麟) does not measure the columns
# with some wider substitute's digits. Column widths stay in the Calibri units every Column is given in
# (``column_pixels``): the same size on paper.
_WORKBOOK_OPTIONS: Final[dict[str, Any]] = {
    "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False, "in_memory": True,
    "default_format_properties": {"font_name": FONT, "font_size": BODY_SIZE}, "default_column_width": 72}
CALIBRI_DIGIT_PX: Final[int] = 7
COLUMN_PADDING_PX: Final[int] = 5


def column_pixels(width: float) -> int:
    """A column of ``width`` (Excel's character units of Calibri 11, 7 pixels a digit) in pixels at 96 dpi."""
    return int(width * CALIBRI_DIGIT_PX + 0.5) + COLUMN_PADDING_PX


@dataclass(frozen=True)
class Column:
    """One column: its header text, width (Excel character units; a Chinese character ≈ 2) and
    kind. ``align`` defaults to left for text and centred for numbers and dates; ``num_format``
    replaces the kind's number format (dates, percentages)."""

    header: str
    width: float
    kind: CellKind = "text"
    align: Align | None = None
    num_format: str | None = None

    @property
    def alignment(self) -> Align:
        return self.align or ("left" if self.kind == "text" else "center")


@dataclass(frozen=True)
class Indented:
    """A text value shown with a cell indent of ``level`` steps (for a tree: the depth)."""

    text: str
    level: int


@dataclass
class SheetSpec:
    """One printed table. ``rows`` may be any iterable (a generator is consumed once).

    ``totals`` is one value per column (``None`` for an empty cell), written in bold after the
    body; ``footer_note`` is a paragraph (注：…) below the table, inside the print area.
    """

    name: str
    title: str
    columns: list[Column]
    rows: Iterable[Sequence[object]]
    subtitle: str = ""
    subtitle_right: str = ""
    landscape: bool = False
    totals: Sequence[object] | None = None
    footer_note: str = ""
    scale: int | None = None  # print at this scale (percent) instead of fitting to one page wide


def _folder_error(folder: Path, exc: BaseException) -> FolderNotWritable:
    reason = "没有写入权限" if isinstance(exc, PermissionError) else getattr(exc, "strerror", None) or str(exc)
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        reason = "磁盘空间不足"
    return FolderNotWritable(f"无法在文件夹“{folder}”中保存文件（{reason}）。请换一个可以写入的文件夹后再试。")


def _file_locked(out: Path) -> FolderNotWritable:
    return FolderNotWritable(
        f"无法保存“{out.name}”：这个文件可能正在 WPS 或 Excel 中打开。请先关闭该文件，再重新导出；"
        f"或者换一个文件名、换一个文件夹（“{out.parent}”）保存。"
    )


def sheet_name(name: str, taken: set[str] | None = None) -> str:
    """A name Excel accepts: no ``[]:*?/\\``, at most 31 characters, unique (case-insensitive)."""
    cleaned = (_BAD_SHEET_CHARS.sub("_", name).strip().strip("'") or "Sheet")[:MAX_SHEET_NAME]
    taken = taken if taken is not None else set()
    candidate, n = cleaned, 2
    while candidate.casefold() in taken:
        suffix = f"({n})"
        candidate = cleaned[: MAX_SHEET_NAME - len(suffix)] + suffix
        n += 1
    taken.add(candidate.casefold())
    return candidate


def display_width(text: str) -> float:
    """Approximate width in Excel character units (a Chinese character is about two)."""
    return sum(WIDE_CHAR if ord(ch) > 0x2E7F else NARROW_CHAR for ch in text)


def fit_width(texts: Iterable[str], minimum: float, maximum: float) -> float:
    """A column width that shows the longest of ``texts`` on one line, within the bounds."""
    return min(max([minimum, *(display_width(t) + CELL_PADDING for t in texts)]), maximum)


Writer = Callable[[int, int, object], object]


# Per-column cell writers: the kind's usual type first (``type(v) is …`` is the cheapest test);
# anything else goes to the column's ``other`` writer, which writes it as text. ``fit`` is told
# about text too long for one line, so that the row can be made taller.

Fit = Callable[[int, str, int], None]  # (col, text, indent level)


def _other_writer(ws: Any, fmt: Any, quoted: Any, indent_format: Callable[[int, int], Any], fit: Fit) -> Writer:
    write_string, write_blank = ws.write_string, ws.write_blank

    def write(r: int, c: int, v: object) -> object:
        if v is None or v == "":
            return write_blank(r, c, None, fmt)
        if isinstance(v, Indented):
            fit(c, v.text, v.level)
            return write_string(r, c, v.text, indent_format(c, v.level))
        if isinstance(v, bool):
            return write_string(r, c, "是" if v else "否", fmt)
        if isinstance(v, dt.date):
            return write_string(r, c, v.isoformat()[:10], fmt)
        text = str(v)
        fit(c, text, 0)
        return write_string(r, c, text, quoted if text.startswith(FORMULA_START) else fmt)

    return write


def _text_writer(ws: Any, fmt: Any, quoted: Any, other: Writer, fit: Fit, one_line: int) -> Writer:
    write_string = ws.write_string

    def write(r: int, c: int, v: object) -> object:
        if type(v) is str and v:
            if len(v) > one_line or "\n" in v:
                fit(c, v, 0)
            if v[0] in "=+-@":  # write_string: "=1+1" stays text; the quote prefix keeps it so in Excel
                return write_string(r, c, v, quoted)
            return write_string(r, c, v, fmt)
        return other(r, c, v)

    return write


def _number_writer(ws: Any, fmt: Any, quoted: Any, other: Writer) -> Writer:
    write_string, write_number = ws.write_string, ws.write_number

    def write(r: int, c: int, v: object) -> object:
        if type(v) is int or type(v) is float:
            return write_number(r, c, v, fmt)
        if type(v) is str and v:
            return write_string(r, c, v, quoted if v[0] in "=+-@" else fmt)
        if type(v) is Decimal:
            return write_number(r, c, float(v), fmt)
        return other(r, c, v)

    return write


def _date_writer(ws: Any, fmt: Any, quoted: Any, date_fmt: Any, other: Writer) -> Writer:
    write_string, write_number, write_datetime = ws.write_string, ws.write_number, ws.write_datetime

    def write(r: int, c: int, v: object) -> object:
        if type(v) is dt.date:
            if v >= _FIRST_SERIAL_DAY:
                return write_number(r, c, (v - _EXCEL_EPOCH).days, date_fmt)  # a real date cell
            return write_string(r, c, v.isoformat()[:10], fmt)
        if type(v) is str and v:
            return write_string(r, c, v, quoted if v[0] in "=+-@" else fmt)
        if type(v) is dt.datetime:
            return write_datetime(r, c, v, date_fmt)
        return other(r, c, v)

    return write


class _SheetWriter:
    """Formats, per-column cell writers and row heights of one worksheet."""

    def __init__(self, workbook: Any, worksheet: Any, spec: SheetSpec) -> None:
        self.wb, self.ws, self.spec = workbook, worksheet, spec
        base = {"font_name": FONT, "font_size": BODY_SIZE, "valign": "vcenter"}
        self.cell = {**base, "border": 1, "text_wrap": True}
        self.title_fmt = workbook.add_format({**base, "font_size": TITLE_SIZE, "bold": True, "align": "center"})
        self.sub_left = workbook.add_format({**base, "align": "left"})
        self.sub_right = workbook.add_format({**base, "align": "right"})
        self.header_fmt = workbook.add_format({**self.cell, "bold": True, "align": "center", "bg_color": HEADER_FILL})
        self.note_fmt = workbook.add_format({**base, "align": "left", "valign": "top", "text_wrap": True})
        self.indents: dict[tuple[int, int, bool], Any] = {}
        self.lines = 1  # lines of the tallest cell of the row being written

    def indent_format(self, col: int, level: int, bold: bool) -> Any:
        key = (col, level, bold)
        if key not in self.indents:
            props = {**self.cell, "align": "left", "indent": max(level, 0), "bold": bold}
            self.indents[key] = self.wb.add_format(props)
        return self.indents[key]

    def fit(self, col: int, text: str, level: int) -> None:
        usable = max(self.spec.columns[col].width - CELL_PADDING - INDENT_WIDTH * level, 1)
        lines = sum(max(1, math.ceil(display_width(part) / usable)) for part in text.split("\n"))
        self.lines = max(self.lines, lines)

    def writers(self, bold: bool) -> list[Writer]:
        """One function per column that writes a value into (row, col) with the right format."""
        ws, wb = self.ws, self.wb
        result: list[Writer] = []
        for column in self.spec.columns:
            props = {**self.cell, "align": column.alignment, "bold": bold}
            if column.kind == "code":
                props["num_format"] = "@"
            fmt = wb.add_format(props)
            quoted = wb.add_format({**props, "quote_prefix": True})
            other = _other_writer(ws, fmt, quoted, lambda c, level: self.indent_format(c, level, bold), self.fit)
            if column.kind == "number":
                number_fmt = wb.add_format({**props, "num_format": column.num_format}) if column.num_format else fmt
                result.append(_number_writer(ws, number_fmt, quoted, other))
            elif column.kind == "percent":
                percent = wb.add_format({**props, "num_format": column.num_format or PERCENT_FORMAT})
                result.append(_number_writer(ws, percent, quoted, other))
            elif column.kind == "date":
                date_fmt = wb.add_format({**props, "num_format": column.num_format or DATE_FORMAT})
                result.append(_date_writer(ws, fmt, quoted, date_fmt, other))
            else:
                one_line = int((column.width - CELL_PADDING) / WIDE_CHAR)  # so many characters surely fit
                result.append(_text_writer(ws, fmt, quoted, other, self.fit, one_line))
        return result

    def end_row(self, row: int) -> None:
        if self.lines > 1:
            self.ws.set_row(row, LINE_HEIGHT * self.lines + 4)
            self.lines = 1

    def merged(self, row: int, first: int, last: int, text: str, fmt: Any) -> None:
        # merge an empty range, then write the text as a string: never a formula
        if last > first:
            self.ws.merge_range(row, first, row, last, "", fmt)
        self.ws.write_string(row, first, text, fmt)

    def write(self) -> None:
        spec, ws = self.spec, self.ws
        ncols = len(spec.columns)
        last = ncols - 1
        ws.set_row(0, 36)
        self.merged(0, 0, last, spec.title, self.title_fmt)
        row = 1
        if spec.subtitle or spec.subtitle_right:
            if spec.subtitle_right and ncols > 1:
                split = max(1, ncols // 2)
                self.merged(row, 0, split - 1, spec.subtitle, self.sub_left)
                self.merged(row, split, last, spec.subtitle_right, self.sub_right)
            else:
                text = "　　".join(t for t in (spec.subtitle, spec.subtitle_right) if t)
                self.merged(row, 0, last, text, self.sub_left)
            ws.set_row(row, 22)
            row += 1
        header_row = row
        header_lines = max(math.ceil(display_width(c.header) / max(c.width - 0.5, 1)) for c in spec.columns)
        ws.set_row(header_row, max(24, LINE_HEIGHT * header_lines + 8))
        quoted_header = self.wb.add_format({**self.cell, "bold": True, "align": "center", "bg_color": HEADER_FILL,
                                            "quote_prefix": True})
        for col, column in enumerate(spec.columns):
            ws.set_column_pixels(col, col, column_pixels(column.width))
            header_fmt = quoted_header if column.header.startswith(FORMULA_START) else self.header_fmt
            ws.write_string(header_row, col, column.header, header_fmt)  # a header of a clerk's file, too
        row += 1

        writers = self.writers(bold=False)
        for values in spec.rows:
            if len(values) != ncols:
                raise ValueError(f"row {row} has {len(values)} values for {ncols} columns")
            for col, value in enumerate(values):
                writers[col](row, col, value)
            self.end_row(row)
            row += 1
        if spec.totals is not None:
            if len(spec.totals) != ncols:
                raise ValueError("totals must give one value per column")
            bold_writers = self.writers(bold=True)
            for col, value in enumerate(spec.totals):
                bold_writers[col](row, col, value)
            self.end_row(row)
            row += 1
        if spec.footer_note:
            usable = max(sum(c.width for c in spec.columns) - 2, 1)
            lines = sum(max(1, math.ceil(display_width(part) / usable)) for part in spec.footer_note.splitlines())
            ws.set_row(row, LINE_HEIGHT * lines + 4)
            self.merged(row, 0, last, spec.footer_note, self.note_fmt)
            row += 1

        # print layout
        ws.set_paper(PAPER_A4)
        if spec.landscape:
            ws.set_landscape()
        if spec.scale is None:
            ws.fit_to_pages(1, 0)
        else:
            ws.set_print_scale(spec.scale)
        ws.repeat_rows(header_row)
        ws.freeze_panes(header_row + 1, 0)
        ws.center_horizontally()
        ws.set_margins(left=MARGIN_SIDE_IN, right=MARGIN_SIDE_IN, top=MARGIN_TOP_IN, bottom=MARGIN_BOTTOM_IN)
        ws.set_footer(PAGE_FOOTER, {"margin": 0.3})
        ws.print_area(0, 0, max(row - 1, header_row), last)


def write_workbook(out: Path, sheets: Sequence[SheetSpec], *, sources: Sequence[Path] = ()) -> Path:
    """Write ``sheets`` into the workbook ``out`` (replaced atomically); return ``out``.

    ``out`` may not be one of ``sources`` (the file the table was made from), a database or a file
    in a data folder (InputError; ``template_files.write_atomically``).

    Raises :class:`FolderNotWritable` (nothing written) when the folder cannot be written or
    ``out`` is open in WPS/Excel; ``ValueError`` for a programming error (no sheets, a row whose
    length differs from the columns).
    """
    if not sheets:
        raise ValueError("write_workbook needs at least one sheet")
    for spec in sheets:
        if not spec.columns:
            raise ValueError(f"sheet {spec.name!r} has no columns")

    import xlsxwriter  # type: ignore[import-untyped]
    from xlsxwriter.exceptions import FileCreateError  # type: ignore[import-untyped]

    def write(tmp: Path) -> None:
        workbook = xlsxwriter.Workbook(str(tmp), _WORKBOOK_OPTIONS)
        try:
            workbook.set_properties({"title": sheets[0].title, "author": "", "comments": ""})
            taken: set[str] = set()
            for spec in sheets:
                worksheet = workbook.add_worksheet(sheet_name(spec.name, taken))
                _SheetWriter(workbook, worksheet, spec).write()
        except BaseException:
            with contextlib.suppress(Exception):
                workbook.close()  # an unclosed workbook warns when collected; the file is dropped
            raise
        try:
            workbook.close()
        except FileCreateError as exc:
            raise _folder_error(out.parent, exc.__context__ or exc) from exc  # XlsxWriter wraps the OSError

    write_atomically(out, write, suffix=".xlsx", cannot_create=_folder_error, locked=_file_locked, sources=sources)
    return out


__all__ = [
    "COLUMN_PADDING_PX",
    "DATE_FORMAT",
    "FORMULA_START",
    "INDENT_WIDTH",
    "MARGIN_SIDE_IN",
    "PERCENT_FORMAT",
    "CellKind",
    "Column",
    "Indented",
    "SheetSpec",
    "column_pixels",
    "display_width",
    "fit_width",
    "sheet_name",
    "write_workbook",
]
