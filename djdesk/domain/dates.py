"""The one date parser and formatter used everywhere in djdesk.

Dates reach the program as typed text (``2022.7.1``, ``2022年7月1日``), as real
date cells from a spreadsheet reader, as Excel serial numbers (a date cell read
without its format, or a CSV exported from one) and as year-month forms that
rosters use for 入党时间 and the like (``2022.07``, ``202207``). All of them go
through :func:`parse_date`, so that every screen and every import accepts the
same forms and refuses the same mistakes with the same Chinese message.
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final

from djdesk.domain.errors import InputError
from djdesk.domain.names import to_ascii


class DateParseError(InputError, ValueError):
    """A date that cannot be read or does not exist; ``message`` is for the clerk."""

@dataclass(frozen=True)
class ParsedDate:
    """A parsed date. ``partial`` is True for a year-month form (value = 1st)."""

    value: date
    partial: bool


# Excel's 1900 date system: serial 1 is 1900-01-01 and serial 60 is the
# 1900-02-29 that never existed (Lotus 1-2-3 treated 1900 as a leap year and
# Excel kept the bug), so from serial 61 (1900-03-01) on, day 0 is 1899-12-30.
_EXCEL_EPOCH_BEFORE_LEAP_BUG: Final[date] = date(1899, 12, 31)
_EXCEL_EPOCH: Final[date] = date(1899, 12, 30)
EXCEL_SERIAL_MIN: Final[int] = 1
EXCEL_SERIAL_MAX: Final[int] = 80000  # 2119-01-11: later than any real record.

# A number below this is not taken as a serial (serials up to 2999 are dates in
# 1900-1908, which no record in this program has): it is a year typed alone or
# a year.month (see _from_number).
_SMALLEST_SERIAL_IN_CELLS: Final[int] = 3000

_YEAR_MIN: Final[int] = 1800
_YEARS_AFTER_TODAY: Final[int] = 100

_TIME: Final[str] = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_FULL_PATTERNS: Final[tuple[re.Pattern[str], ...]] = (
    # 2022-07-01, 2022/7/1, 2022.7.1, 2022-7-1 00:00:00 (same separator twice)
    re.compile(r"(?P<y>\d{4})\s*(?P<sep>[-/.])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<d>\d{1,2})" + _TIME),
    # 2022年7月1日, 2022年07月01日 (also 号 instead of 日, or nothing)
    re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]?" + _TIME),
    # 20220701
    re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})"),
)
_MONTH_PATTERNS: Final[tuple[re.Pattern[str], ...]] = (
    # 2022-07, 2022/7, 2022.07, 2022.7 (as text, 2022.1 is January)
    re.compile(r"(?P<y>\d{4})\s*[-/.]\s*(?P<m>\d{1,2})"),
    # 2022年7月
    re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月"),
    # 202207
    re.compile(r"(?P<y>\d{4})(?P<m>\d{2})"),
)
# A serial number as text: 44743 or 44743.0 (five digits, so 1927 onwards).
_SERIAL_TEXT: Final[re.Pattern[str]] = re.compile(r"(\d{5})(?:\.(\d+))?")


def _unrecognised(shown: str) -> DateParseError:
    return DateParseError(f"无法识别的日期“{shown}”，请写成 2022-07-01 或 2022年7月1日")


def _nonexistent(year: int, month: int, day: int | None) -> DateParseError:
    if day is None:
        return DateParseError(f"日期不存在：{year}年{month}月")
    return DateParseError(f"日期不存在：{year}年{month}月{day}日")


def _build(year: int, month: int, day: int | None, today: date) -> ParsedDate:
    latest = today.year + _YEARS_AFTER_TODAY
    if not _YEAR_MIN <= year <= latest:
        raise DateParseError(f"年份 {year} 不合理，请检查日期（应在 {_YEAR_MIN}–{latest} 年之间）")
    if not 1 <= month <= 12:
        raise _nonexistent(year, month, day)
    if day is None:
        return ParsedDate(date(year, month, 1), partial=True)
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise _nonexistent(year, month, day)
    return ParsedDate(date(year, month, day), partial=False)


def from_excel_serial(serial: float) -> date:
    """The date of an Excel serial number (1900 date system).

    The fraction (time of day) is dropped. Serial 60, Excel's 1900-02-29, does
    not exist and is refused, as is anything outside 1..80000.
    """
    if not math.isfinite(serial):
        raise _unrecognised(str(serial))
    day_number = math.floor(serial)
    if not EXCEL_SERIAL_MIN <= day_number <= EXCEL_SERIAL_MAX:
        raise _unrecognised(_number_text(serial))
    if day_number == 60:
        raise _nonexistent(1900, 2, 29)
    epoch = _EXCEL_EPOCH_BEFORE_LEAP_BUG if day_number < 60 else _EXCEL_EPOCH
    return epoch + timedelta(days=day_number)


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def _from_number(value: float, today: date, shown: str) -> ParsedDate:
    """A number from a spreadsheet cell.

    - 3000..80000: an Excel serial (a date cell read without its format).
    - A whole number above that: digits typed without separators, read like
      the text forms (20220701, 202207).
    - Below 3000 with a fraction: a year.month typed into a number cell, as
      rosters do for 出生年月 (1985.07 → July 1985). Excel stores no trailing
      zero, so a cell typed 1985.10 holds 1985.1: a one-digit fraction is
      therefore October, not January (January typed as a number is 1985.01).
      Text keeps what was typed and is read literally: "1985.1" is January.
    - Other numbers below 3000 (a year alone, a stray digit) are refused:
      as serials they would be dates in 1900-1908, which no record here has.
    """
    if not math.isfinite(value):
        raise _unrecognised(shown)
    if value.is_integer() and value > EXCEL_SERIAL_MAX:
        return _from_text(str(int(value)), shown, today)
    if value >= _SMALLEST_SERIAL_IN_CELLS:
        return ParsedDate(from_excel_serial(value), partial=False)
    hundredths = value * 100
    if value.is_integer() or value < _YEAR_MIN or abs(hundredths - round(hundredths)) > 1e-6:
        raise _unrecognised(shown)
    # Format with two decimals: 1985.07 is stored as 1985.0699999...
    year_text, _, month_text = f"{value:.2f}".partition(".")
    return _build(int(year_text), int(month_text), None, today)


def _from_text(text: str, shown: str, today: date) -> ParsedDate:
    for pattern in _FULL_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            year, month, day = match.group("y", "m", "d")
            return _build(int(year), int(month), int(day), today)
    for pattern in _MONTH_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            return _build(int(match["y"]), int(match["m"]), None, today)
    match = _SERIAL_TEXT.fullmatch(text)
    if match:
        return ParsedDate(from_excel_serial(float(text)), partial=False)
    raise _unrecognised(shown)


def parse_date(raw: object, *, today: date | None = None) -> ParsedDate | None:
    """Read a date from whatever a clerk typed or a spreadsheet gave.

    Returns None for an empty value (None, blank text, an empty cell read as
    NaN). Raises :class:`DateParseError` with a Chinese message for text that
    is not a date and for dates that do not exist (2022年2月30日). ``today``
    bounds plausible years (1800 to 100 years ahead) and defaults to the real
    date.
    """
    if today is None:
        today = date.today()
    if raw is None:
        return None
    if isinstance(raw, datetime):
        return ParsedDate(raw.date(), partial=False)
    if isinstance(raw, date):
        return ParsedDate(raw, partial=False)
    if isinstance(raw, bool):
        raise _unrecognised(str(raw))
    if isinstance(raw, int):
        if abs(raw) > 10**12:  # no date has that many digits; float() could overflow
            raise _unrecognised(str(raw))
        return _from_number(float(raw), today, str(raw))
    if isinstance(raw, float):
        if math.isnan(raw):
            return None
        return _from_number(raw, today, _number_text(raw))
    shown = str(raw).strip()
    text = to_ascii(shown).strip()
    if not text:
        return None
    return _from_text(text, shown, today)


def format_cn(d: date) -> str:
    """``2022年7月1日``: Arabic numerals, full year, no zero padding (R-DOC-4)."""
    # R-DOC-4: dates in Arabic numerals with the full year, no zero padding.
    return f"{d.year}年{d.month}月{d.day}日"


def ensure_not_future(value: date | None, what: str, today: date) -> None:
    """Refuse a date after ``today`` for something that has already happened (选举, 任职, 述职 …)."""
    if value is not None and value > today:
        raise InputError(f"{what}{format_cn(value)}在今天之后。请填写实际发生的日期。")


def format_cn_month(d: date) -> str:
    """``2022年7月`` for a year-month value (R-DOC-4: no zero padding)."""
    return f"{d.year}年{d.month}月"


def add_months(d: date, months: int) -> date:
    """``d`` plus ``months`` calendar months; a day past the month end is clamped.

    2022-01-31 + 1 month is 2022-02-28; 2024-03-31 - 1 month is 2024-02-29.
    """
    index = d.year * 12 + (d.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    day = min(d.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def add_years(d: date, years: int) -> date:
    """``d`` plus ``years`` years; 29 February becomes 28 February if needed."""
    return add_months(d, 12 * years)
