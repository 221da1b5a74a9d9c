"""How far a sheet reaches, and the limits it must stay within before python-calamine reads it.

calamine turns a sheet into a dense rectangle from its first to its last cell with content (32
bytes a cell, empty or not): one cell at A1 and one at XFD1048576 ask it for 512 GB and the
process aborts; XFD20000 takes 12.5 GB. The scanners (:mod:`.xlsx_scan`, :mod:`.ods_scan`,
:mod:`.xls_scan`) measure each sheet from the file itself, without calamine, and
:func:`check_scan` refuses what is absurd or too large, in one Chinese sentence, before calamine
touches the sheet.

The limits (measured on this machine, see the report of issue 12): a rectangle of at most
:data:`MAX_AREA` cells (about 100 MB inside calamine, the empty ones included), at most
:data:`MAX_ROWS` rows and :data:`MAX_CELLS` cells with content (a real roster of 60,000 members
and 20 columns; a 50,000-row file is planned in about 300 MB), and :data:`MAX_MERGES` merged
ranges (python-calamine returns them as Python tuples).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from djdesk.domain.errors import InputError

EXCEL_ROWS: Final[int] = 1_048_576
EXCEL_COLUMNS: Final[int] = 16_384
MAX_ROWS: Final[int] = 100_000
MAX_AREA: Final[int] = 3_000_000
MAX_CELLS: Final[int] = 1_200_000
MAX_MERGES: Final[int] = 100_000
SCAN_LIMIT: Final[int] = MAX_CELLS + MAX_CELLS // 4
"""Cell and row elements a scanner looks at one by one at most (about 3 s of Python): a sheet with
more is refused unmeasured, after a count at C speed."""


def column_letters(col: int) -> str:
    """The Excel name of the 1-based column ``col``: 1 → A, 27 → AA, 16384 → XFD."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class SheetScan:
    """What a scanner found in one sheet: the cells with content (``cells``) and the rectangle from
    ``first_row``/``first_col`` to ``last_row``/``last_col`` (1-based; 0 when the sheet is empty)
    that calamine would build. ``exact`` False: the numbers are upper bounds (a quick scan that
    proved the sheet small). ``serial_60``: the (row, column), 0-based, of number cells holding
    Excel's serial 60, the 1900-02-29 that never existed (calamine gives them as 1900-02-28).
    """

    name: str
    cells: int = 0
    last_row: int = 0
    last_col: int = 0
    first_row: int = 0
    first_col: int = 0
    merges: int = 0
    exact: bool = True
    serial_60: set[tuple[int, int]] = field(default_factory=set)

    def add(self, row: int, col: int) -> None:
        """A cell with content at the 1-based (``row``, ``col``)."""
        self.cover(row, col, row, col, 1)

    def add_block(self, row: int, col: int, rows: int, columns: int) -> None:
        """``rows`` × ``columns`` cells with content from the 1-based (``row``, ``col``) on."""
        self.cover(row, col, row + rows - 1, col + columns - 1, rows * columns)

    def include(self, other: SheetScan) -> None:
        """Take in another scan's cells, rectangle, merged ranges and serial-60 cells."""
        if other.cells:
            self.cover(other.first_row, other.first_col, other.last_row, other.last_col, other.cells)
        self.merges += other.merges
        self.serial_60 |= other.serial_60
        self.exact = self.exact and other.exact

    def cover(self, first_row: int, first_col: int, last_row: int, last_col: int, cells: int) -> None:
        self.cells += cells
        self.first_row = min(self.first_row or first_row, first_row)
        self.first_col = min(self.first_col or first_col, first_col)
        self.last_row = max(self.last_row, last_row)
        self.last_col = max(self.last_col, last_col)

    @property
    def rows(self) -> int:
        return self.last_row - self.first_row + 1 if self.cells else 0

    @property
    def columns(self) -> int:
        return self.last_col - self.first_col + 1 if self.cells else 0

    @property
    def area(self) -> int:
        return self.rows * self.columns


def refuse(path: Path, what: str) -> InputError:
    """A whole-file refusal: «无法导入“名册.xlsx”：» and what is wrong."""
    return InputError(f"无法导入“{path.name}”：{what}")


def encrypted(path: Path) -> InputError:
    return refuse(path, "文件设置了打开密码。请在 Excel 或 WPS 中打开，取消密码后另存，再导入。")


def damaged(path: Path) -> InputError:
    return refuse(path, "文件已损坏或不完整，读取失败。请用 Excel 或 WPS 打开检查，另存为 .xlsx 后再导入。")


def too_many(path: Path, sheet: str, what: str) -> InputError:
    """A sheet a scanner stopped measuring: more than ``what`` (cells, merged ranges…)."""
    return refuse(path, f"工作表“{sheet}”中{what}，超过一次导入的上限，已拒绝读取。机关党委的名册通常只有几千行："
                         "请检查是否选错了文件，或把名册分成几个文件分别导入。")


def within(scan: SheetScan) -> bool:
    """Whether a sheet stays within every limit (:func:`check_scan` passes it)."""
    return (scan.last_row <= EXCEL_ROWS and scan.last_col <= EXCEL_COLUMNS and scan.merges <= MAX_MERGES
            and scan.area <= MAX_AREA and scan.rows <= MAX_ROWS and scan.cells <= MAX_CELLS)


def check_scan(path: Path, scan: SheetScan) -> None:
    """Refuse a sheet that calamine cannot read safely: cells outside Excel's grid, a rectangle that
    is mostly empty far out to the right or bottom, or more than an import can hold."""
    name, row, col = scan.name, scan.last_row, scan.last_col
    where = f"第 {row} 行、第 {col} 列"
    if row > EXCEL_ROWS or col > EXCEL_COLUMNS:
        raise refuse(path, f"工作表“{name}”中有超出 Excel 行列范围的单元格（{where}），文件可能已损坏，已拒绝读取。"
                            "请用 Excel 或 WPS 打开检查，另存为 .xlsx 后再导入。")
    if scan.merges > MAX_MERGES:
        raise too_many(path, name, f"有 {scan.merges} 处合并单元格")
    if within(scan):
        return
    if scan.cells * 10 < scan.area:
        raise refuse(path, f"工作表“{name}”的数据区域异常大（最远到{where}，即 {column_letters(col)}{row} 单元格），"
                            f"但只有 {scan.cells} 个单元格有内容：请在 Excel 或 WPS 中删除多余的空行空列，"
                            "或把名册复制到新工作表后另存，再导入。")
    raise refuse(path, f"工作表“{name}”有 {scan.rows} 行、{scan.columns} 列（{scan.cells} 个单元格有内容），"
                        f"超过一次导入的上限（{MAX_ROWS} 行、{MAX_CELLS} 个单元格）。机关党委的名册通常只有几千行："
                        "请检查是否选错了文件，或把名册分成几个文件分别导入。")


def check_workbook(path: Path, scans: list[SheetScan]) -> None:
    """The limits for all the sheets of one file together: calamine reads every sheet of an ``.xls``
    or ``.ods`` as it opens it, and the rows of every sheet are kept for the plan."""
    cells, area = sum(s.cells for s in scans), sum(s.area for s in scans)
    if len(scans) > 1 and (cells > MAX_CELLS or area > MAX_AREA):
        raise refuse(path, f"文件的 {len(scans)} 个工作表合计有 {cells} 个单元格有内容（数据区域合计 {area} 个"
                           f"单元格），超过一次导入的上限（{MAX_CELLS} 个单元格）。请把名册分成几个文件分别导入，"
                           "或删除不需要导入的工作表后再导入。")
