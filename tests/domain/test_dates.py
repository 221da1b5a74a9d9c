"""The one date parser (every form a roster or a clerk uses) and R-DOC-4 formatting."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from djdesk.domain.dates import (
    DateParseError,
    ParsedDate,
    add_months,
    add_years,
    format_cn,
    format_cn_month,
    from_excel_serial,
    parse_date,
)

TODAY = date(2025, 6, 30)
JULY_1 = ParsedDate(date(2022, 7, 1), partial=False)
JULY = ParsedDate(date(2022, 7, 1), partial=True)
EXCEL_DAY_ZERO = date(1899, 12, 30)  # valid for serials from 61 on


def _parse(raw: object) -> ParsedDate | None:
    return parse_date(raw, today=TODAY)


def _error(raw: object) -> str:
    with pytest.raises(DateParseError) as caught:
        _parse(raw)
    return caught.value.message


@pytest.mark.parametrize(
    "raw",
    [
        "2022-07-01",
        "2022/7/1",
        "2022/07/01",
        "2022.07.01",
        "2022.7.1",
        "2022-7-1",
        "2022年7月1日",
        "2022年07月01日",
        "2022年7月1号",
        "2022 年 7 月 1 日",
        "20220701",
        "2022-7-1 00:00:00",
        "2022-07-01 08:30",
        "2022-07-01T00:00:00",
        "2022/7/1 0:00:00",
        "  2022-07-01  ",
        "\u30002022年7月1日\u3000",
        "２０２２－０７－０１",  # full-width digits and dash
        "２０２２年７月１日",
        "２０２２．７．１",
        date(2022, 7, 1),
        datetime(2022, 7, 1),
        datetime(2022, 7, 1, 23, 59, 59),
        44743,
        44743.0,
        44743.75,  # the time of day is dropped
        "44743",
        "44743.0",
        20220701,  # digits typed into a number cell
    ],
)
def test_every_full_date_form_reads_as_1_july_2022(raw: object) -> None:
    assert _parse(raw) == JULY_1


@pytest.mark.parametrize(
    "raw",
    [
        "2022.07",
        "2022.7",
        "2022-07",
        "2022-7",
        "2022/07",
        "2022/7",
        "2022年7月",
        "2022年07月",
        "202207",
        202207,
    ],
)
def test_year_month_forms_are_partial_on_the_first(raw: object) -> None:
    assert _parse(raw) == JULY


@pytest.mark.parametrize("raw", [None, "", "   ", "\u3000", float("nan")])
def test_empty_is_none(raw: object) -> None:
    assert _parse(raw) is None


def test_excel_serial_epoch() -> None:
    assert from_excel_serial(1) == date(1900, 1, 1)
    assert from_excel_serial(59) == date(1900, 2, 28)
    assert from_excel_serial(61) == date(1900, 3, 1)
    assert from_excel_serial(44743) == date(2022, 7, 1)
    assert from_excel_serial(44743.999) == date(2022, 7, 1)
    assert from_excel_serial(80000) == date(2119, 1, 11)


def test_excel_serial_60_is_the_fake_29_february_1900() -> None:
    with pytest.raises(DateParseError) as caught:
        from_excel_serial(60)
    assert caught.value.message == "日期不存在：1900年2月29日"


@pytest.mark.parametrize("serial", [0, -1, 80001, 1e9, float("inf")])
def test_excel_serial_outside_the_plausible_range_is_refused(serial: float) -> None:
    with pytest.raises(DateParseError):
        from_excel_serial(serial)


@given(st.dates(min_value=date(1908, 3, 18), max_value=date(2119, 1, 11)))
def test_excel_serials_read_back_to_the_date(day: date) -> None:
    serial = (day - EXCEL_DAY_ZERO).days
    assert _parse(serial) == ParsedDate(day, partial=False)
    assert _parse(float(serial) + 0.5) == ParsedDate(day, partial=False)


@given(st.dates(min_value=date(1800, 1, 1), max_value=date(2125, 12, 31)))
def test_every_written_form_of_a_date_reads_back(day: date) -> None:
    expected = ParsedDate(day, partial=False)
    assert _parse(format_cn(day)) == expected
    assert _parse(day.isoformat()) == expected
    assert _parse(f"{day.year}.{day.month}.{day.day}") == expected
    assert _parse(f"{day.year}/{day.month}/{day.day}") == expected
    assert _parse(day.strftime("%Y%m%d").zfill(8)) == expected
    assert _parse(f"{day.year}年{day.month:02d}月{day.day:02d}日") == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (1985.07, date(1985, 7, 1)),
        (1985.01, date(1985, 1, 1)),
        (1985.12, date(1985, 12, 1)),
        # Excel drops the trailing zero of 1985.10: a one-digit fraction is October.
        (1985.1, date(1985, 10, 1)),
    ],
)
def test_year_month_numbers_from_spreadsheet_cells(cell: float, expected: date) -> None:
    assert _parse(cell) == ParsedDate(expected, partial=True)


def test_year_month_text_is_read_as_typed() -> None:
    assert _parse("1985.1") == ParsedDate(date(1985, 1, 1), partial=True)
    assert _parse("1985.10") == ParsedDate(date(1985, 10, 1), partial=True)


@pytest.mark.parametrize(
    "raw", ["abc", "明年七一", "2022", 2022, 2022.0, 1, 60, "1.5", 1985.123, "2022-07-01-02", "2022-7/1"]
)
def test_unreadable_dates_say_how_to_write_them(raw: object) -> None:
    message = _error(raw)
    assert message.startswith("无法识别的日期“")
    assert message.endswith("”，请写成 2022-07-01 或 2022年7月1日")


def test_unreadable_message_quotes_what_was_typed() -> None:
    assert _error("abc") == "无法识别的日期“abc”，请写成 2022-07-01 或 2022年7月1日"


def test_a_bool_is_not_a_date() -> None:
    with pytest.raises(DateParseError):
        _parse(True)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("2022年2月30日", "日期不存在：2022年2月30日"),
        ("2022-02-30", "日期不存在：2022年2月30日"),
        ("2022.2.29", "日期不存在：2022年2月29日"),
        ("20220431", "日期不存在：2022年4月31日"),
        ("2022-13-01", "日期不存在：2022年13月1日"),
        ("2022-07-00", "日期不存在：2022年7月0日"),
        ("2022.13", "日期不存在：2022年13月"),
        ("2022年0月", "日期不存在：2022年0月"),
        ("202213", "日期不存在：2022年13月"),
    ],
)
def test_nonexistent_dates_are_refused(raw: str, message: str) -> None:
    assert _error(raw) == message


def test_leap_day_exists_in_leap_years() -> None:
    assert _parse("2024-02-29") == ParsedDate(date(2024, 2, 29), partial=False)


@pytest.mark.parametrize("raw", ["0000-01-01", "1799-12-31", "2300-01-01"])
def test_implausible_years_are_refused(raw: str) -> None:
    assert "年份" in _error(raw)


def test_today_defaults_to_the_real_date() -> None:
    next_year = date.today().year + 1
    assert parse_date(f"{next_year}-01-01") == ParsedDate(date(next_year, 1, 1), partial=False)


def test_r_doc_4_format_cn_has_no_zero_padding() -> None:
    assert format_cn(date(2022, 7, 1)) == "2022年7月1日"
    assert format_cn(date(2022, 10, 12)) == "2022年10月12日"
    assert format_cn(date(1949, 10, 1)) == "1949年10月1日"
    assert format_cn_month(date(2022, 7, 1)) == "2022年7月"


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2022, 1, 31), 1, date(2022, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2022, 7, 1), 6, date(2023, 1, 1)),
        (date(2022, 7, 1), -6, date(2022, 1, 1)),
        (date(2022, 3, 31), -1, date(2022, 2, 28)),
        (date(2022, 8, 31), 1, date(2022, 9, 30)),
        (date(2022, 12, 15), 0, date(2022, 12, 15)),
        (date(2022, 12, 15), 1, date(2023, 1, 15)),
    ],
)
def test_add_months_clamps_to_the_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_add_years() -> None:
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert add_years(date(2022, 7, 1), 3) == date(2025, 7, 1)
    assert add_years(date(2022, 7, 1), -1) == date(2021, 7, 1)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)), st.integers(-600, 600))
def test_add_months_lands_in_the_right_month_never_later_than_the_day(day: date, months: int) -> None:
    result = add_months(day, months)
    assert result.year * 12 + result.month == day.year * 12 + day.month + months
    assert result.day <= day.day
    assert result.day == day.day or (result + timedelta(days=1)).day == 1
