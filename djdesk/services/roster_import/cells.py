"""Cleaning cells and telling data rows from the rows a roster carries around them (issue points 6, 7).

Cells themselves are cleaned by :class:`djdesk.domain.member_check.RecordParser` (trimmed,
full-width digits and letters as ASCII); numbers and dates are kept as the reader gave them: the
domain parsers know what a float in an ID column (R-ID-4) or a date column (1985.07) means.

Rows that are not members and are ignored, not reported as errors: blank rows, repeated header
rows (a long roster printed with the header on every page), footers (合计, 总计, 小计, 填表人,
审核人, 制表…, 注：…) and the row of column numbers (1, 2, 3…) some official forms put under the
header.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from typing import Final

from djdesk.services.roster_import.headers import ALIASES, is_header_row

FOOTER_PREFIXES: Final[tuple[str, ...]] = (
    "合计", "总计", "小计", "共计", "填表人", "填报人", "审核人", "制表", "填表日期", "填报日期", "负责人",
    "注:", "注：", "说明:", "说明：", "备注:", "备注：",
)
_BLANKS: Final[dict[int, None]] = dict.fromkeys(map(ord, " \t\r\n\u3000\u00a0"))
# Characters dropped before looking a cell up among the header names (a repeated header row).
_HEADER_JUNK: Final[dict[int, None]] = dict.fromkeys(map(ord, " \t\r\n\u3000*＊:："))
_JUNK: Final = re.compile("[" + re.escape("".join(map(chr, _HEADER_JUNK))) + "]")


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
            text = value.translate(_BLANKS)
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
    if type(cell) is str and cell.translate(_HEADER_JUNK) in ALIASES and is_header_row(row):
        return "重复的表头行"
    return None


# First characters after which a cell needs a closer look: a footer's, a bracket's, a digit's, a blank.
_FOOTER_STARTS: Final[frozenset[str]] = frozenset(p[0] for p in FOOTER_PREFIXES) | frozenset("(（")


def _plain_lead(value: object) -> bool:
    """A first cell that by itself makes a row neither blank, a footer nor a row of column numbers."""
    if type(value) is not str or not value:
        return False
    first = value[0]
    if first not in _FOOTER_STARTS and not first.isspace() and not first.isdigit():
        return True  # text that no footer starts with: the footer and number tests stop at it
    text = value.translate(_BLANKS)
    return bool(value.strip()) and not text.startswith(FOOTER_PREFIXES) and not value.strip().strip("()（）").isdigit()


def _header_name(value: object) -> bool:
    """A cell that is a recognised header name (``*``, colons and blanks aside)."""
    if type(value) is not str:
        return False
    return (value if _JUNK.search(value) is None else value.translate(_HEADER_JUNK)) in ALIASES


def _data_lead(value: object) -> bool:
    """:func:`_plain_lead`, and not a header name (for a first cell that is also the probe cell)."""
    return _plain_lead(value) and not _header_name(value)


def ignore_reasons(rows: Sequence[Sequence[object]], columns: Sequence[int], probe: int) -> list[str | None]:
    """:func:`ignore_reason` of each row, with each distinct first and probe cell judged once.

    A row whose first cell is imported, holds text that no footer starts with and is not a column
    number, and whose probe cell is no header name, is a data row; the others are examined whole.
    """
    width = min(map(len, rows), default=0)
    if not rows or 0 not in columns or probe >= width:
        return [ignore_reason(r, columns, probe) for r in rows]
    try:
        if probe == 0:
            firsts = [r[0] for r in rows]
            lead = {v: _data_lead(v) for v in set(firsts)}
            return [None if lead[a] else ignore_reason(r, columns, probe) for r, a in zip(rows, firsts, strict=True)]
        firsts, probes = [r[0] for r in rows], [r[probe] for r in rows]
        plain = {v: _plain_lead(v) for v in set(firsts)}
        named = {v: not _header_name(v) for v in set(probes)}
        return [None if plain[a] and named[b] else ignore_reason(r, columns, probe)
                for r, a, b in zip(rows, firsts, probes, strict=True)]
    except (TypeError, KeyError):  # an unhashable cell, or one unequal to itself
        return [ignore_reason(r, columns, probe) for r in rows]


def excel_general(value: float) -> str:
    """A number as Excel and WPS show it in a cell of the General format (at most 11 characters): whole
    numbers of up to 11 digits in full, longer ones in scientific notation with 6 significant digits.
    An ID number Excel stored as a number (R-ID-4) thus reads ``1.10105E+17``, as the clerk saw it."""
    if value != value or value in (math.inf, -math.inf):
        return str(value)
    if value.is_integer() and abs(value) < 1e11:
        return str(int(value))
    if 1e-4 <= abs(value) < 1e11:
        return f"{value:.10g}"
    mantissa, exponent = f"{value:.5E}".split("E")
    mantissa = mantissa.rstrip("0").rstrip(".")
    sign, digits = exponent[0], exponent[1:].lstrip("0") or "0"
    return f"{mantissa}E{sign}{digits.zfill(2)}"


def display(value: object) -> str:
    """A raw cell as the clerk saw it, for a report: numbers as Excel shows them (:func:`excel_general`),
    dates without a time."""
    if value is None:
        return ""
    if type(value) is float:
        return excel_general(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)
