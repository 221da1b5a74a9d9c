"""Cleaning cells and telling data rows from the rows a roster carries around them (issue points 6, 7).

A cell is trimmed (ASCII, ideographic U+3000, no-break and zero-width spaces), its full-width
digits and letters become ASCII (``１２３ＡＢ`` → ``123AB``) and an empty one becomes None.
Numbers and dates are kept as the reader gave them: the domain parsers know what a float in an
ID column (R-ID-4) or a date column (a serial, 1985.07) means.

Rows that are not members and are ignored, not reported as errors: blank rows, repeated header
rows (a long roster printed with the header on every page), footers (合计, 总计, 小计, 填表人,
审核人, 制表…, 注：…) and the row of column numbers (1, 2, 3…) some official forms put under the
header.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Final

from djdesk.services.roster_import.headers import is_header_row, recognise

# Full-width digits and letters only: full-width punctuation (（），：) is kept in Chinese text.
_FULLWIDTH: Final[dict[int, int]] = {
    **{c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)},
    **{c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)},
    **{c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)},
    0x3000: 0x20,
    0x00A0: 0x20,
    0x200B: None,  # type: ignore[dict-item]
    0x200C: None,  # type: ignore[dict-item]
    0x200D: None,  # type: ignore[dict-item]
    0xFEFF: None,  # type: ignore[dict-item]
}
_SPACES: Final[str] = " \t\r\n\u3000\u00a0\u200b\ufeff"
FOOTER_PREFIXES: Final[tuple[str, ...]] = (
    "合计", "总计", "小计", "共计", "填表人", "填报人", "审核人", "制表", "填表日期", "填报日期", "负责人",
    "注:", "注：", "说明:", "说明：", "备注:", "备注：",
)
_BLANKS: Final = re.compile(r"[\s\u3000]+")


def clean_cell(value: object) -> object:
    """A cell trimmed and with ASCII digits and letters; None when empty."""
    if type(value) is str:
        if value.isascii():
            value = value.strip()
            return value or None
        value = value.translate(_FULLWIDTH).strip(_SPACES)
        return value or None
    if value is None or value == "":
        return None
    if type(value) is float and value != value:  # NaN
        return None
    if isinstance(value, dt.timedelta | dt.time):
        return str(value)
    return value


def is_blank(row: Sequence[object], columns: Sequence[int]) -> bool:
    """No value in any of the imported columns (a row with only a 序号 is blank too)."""
    width = len(row)
    for col in columns:
        if col < width:
            value = row[col]
            if value is not None and value != "" and not (type(value) is str and not value.strip()):
                return False
    return True


def _first_text(row: Sequence[object]) -> str:
    for value in row:
        if value is None or value == "":
            continue
        if type(value) is str:
            text = _BLANKS.sub("", value)
            if text:
                return text
            continue
        return ""
    return ""


def is_footer(row: Sequence[object]) -> bool:
    """A 合计/填表人/审核人/制表… row below the table."""
    return _first_text(row).startswith(FOOTER_PREFIXES)


def is_column_numbers(row: Sequence[object]) -> bool:
    """A row of column numbers 1, 2, 3… (or （1）, （2）…) printed under the header."""
    numbers: list[int] = []
    for value in row:
        if value is None or value == "":
            continue
        text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
        text = text.strip().strip("()（）")
        if not text.isdigit():
            return False
        numbers.append(int(text))
    return len(numbers) >= 3 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def ignore_reason(row: Sequence[object], columns: Sequence[int], probe: int) -> str | None:
    """Why a row is not a member row ("空行", "重复的表头行"…), or None for a data row.

    ``probe`` is the column checked first for a repeated header (the 姓名 column): only a row
    whose cell there is itself a header name is examined as a whole.
    """
    if is_footer(row):
        return "表尾（合计、填表人等）"
    if is_blank(row, columns):
        return "空行"
    if is_column_numbers(row):
        return "列序号行"
    cell = row[probe] if probe < len(row) else None
    if type(cell) is str and recognise(cell) is not None and is_header_row(row):
        return "重复的表头行"
    return None


def display(value: object) -> str:
    """A raw cell as text for a report: whole floats without ``.0``, dates without a time."""
    if value is None:
        return ""
    if type(value) is float:
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)
