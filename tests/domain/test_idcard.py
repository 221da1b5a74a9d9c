"""公民身份号码: rules R-ID-1 to R-ID-4 (rules.md §7)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from djdesk.domain.idcard import (
    EXCEL_NUMBER_MESSAGE,
    Gender,
    IdInfo,
    IdNumberError,
    age_on,
    check_char,
    id_warnings,
    is_valid_id,
    make_id,
    mask_id,
    normalize_id,
    parse_id,
)

TODAY = date(2025, 6, 30)

areas = st.text(alphabet="0123456789", min_size=6, max_size=6)
births = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
sequences = st.integers(min_value=0, max_value=999)


def _first17(area: str, birth: date, seq: int) -> str:
    return f"{area}{birth:%Y%m%d}{seq:03d}"


def _error(raw: object) -> IdNumberError:
    with pytest.raises(IdNumberError) as caught:
        parse_id(raw, today=TODAY)
    return caught.value


# R-ID-1 ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "birth", "gender"),
    [
        ("11010519491231002X", date(1949, 12, 31), "女"),
        ("440524188001010014", date(1880, 1, 1), "男"),
    ],
)
def test_r_id_1_the_published_examples_are_valid(number: str, birth: date, gender: Gender) -> None:
    info = parse_id(number, today=TODAY)
    assert info == IdInfo(number=number, birth_date=birth, gender=gender)
    assert info.area_code == number[:6]
    assert check_char(number[:17]) == number[17]
    assert is_valid_id(number)


@given(areas, births, sequences)
def test_r_id_1_computed_check_char_always_validates(area: str, birth: date, seq: int) -> None:
    first17 = _first17(area, birth, seq)
    number = first17 + check_char(first17)
    info = parse_id(number, today=TODAY)
    assert info.number == number
    assert info.birth_date == birth
    assert make_id(area, birth, seq) == number


@given(areas, births, sequences, st.sampled_from("0123456789X"))
def test_r_id_1_any_other_check_char_fails(area: str, birth: date, seq: int, last: str) -> None:
    first17 = _first17(area, birth, seq)
    if last == check_char(first17):
        return
    error = _error(first17 + last)
    # A number ending in 000 gets the R-ID-4 explanation, any other the check one.
    assert error.reason in ("check", "excel_number")
    assert not is_valid_id(first17 + last)


@given(areas, births, sequences, st.integers(0, 16), st.integers(1, 9))
def test_r_id_1_one_mistyped_digit_is_always_caught(
    area: str, birth: date, seq: int, position: int, shift: int
) -> None:
    number = make_id(area, birth, seq)
    wrong = str((int(number[position]) + shift) % 10)
    typo = number[:position] + wrong + number[position + 1 :]
    with pytest.raises(IdNumberError):
        parse_id(typo, today=TODAY)


@given(areas, births, sequences, st.integers(0, 15))
def test_r_id_1_two_swapped_neighbours_are_always_caught(
    area: str, birth: date, seq: int, position: int
) -> None:
    number = make_id(area, birth, seq)
    a, b = number[position], number[position + 1]
    if a == b:
        return
    swapped = number[:position] + b + a + number[position + 2 :]
    with pytest.raises(IdNumberError):
        parse_id(swapped, today=TODAY)


def test_r_id_1_lowercase_x_is_accepted_and_stored_uppercase() -> None:
    assert parse_id("11010519491231002x", today=TODAY).number == "11010519491231002X"
    assert normalize_id("11010519491231002x") == "11010519491231002X"


@pytest.mark.parametrize(
    "typed",
    [
        " 11010519491231002X ",
        "110105 19491231 002X",
        "110105\u300019491231\u3000002X",  # ideographic spaces
        "１１０１０５１９４９１２３１００２Ｘ",  # full-width digits and letter
        "１１０１０５１９４９１２３１００２ｘ",
        "\ufeff11010519491231002X",  # BOM at the start of a CSV file
        "'11010519491231002X",  # CSV text marker
        "\t11010519491231002X",
    ],
)
def test_r_id_1_spaces_and_full_width_forms_are_normalised(typed: str) -> None:
    assert normalize_id(typed) == "11010519491231002X"
    assert parse_id(typed, today=TODAY).number == "11010519491231002X"


@pytest.mark.parametrize("raw", ["11010519491231002", "1101051949123100", "11010519491231002X1"])
def test_r_id_1_wrong_length_is_refused_with_the_length(raw: str) -> None:
    error = _error(raw)
    assert error.reason == "length"
    assert "18 位" in error.message
    assert f"{len(raw)} 位" in error.message


@pytest.mark.parametrize(("raw", "shown"), [("11010519491231002Y", "Y"), ("110105-19491231-002X", "-")])
def test_r_id_1_illegal_characters_are_named(raw: str, shown: str) -> None:
    error = _error(raw)
    assert error.reason == "characters"
    assert f"“{shown}”" in error.message


def test_r_id_1_x_only_in_the_last_place() -> None:
    error = _error("1101051949123100X2")
    assert error.reason == "characters"
    assert "最后一位" in error.message


def test_r_id_1_wrong_check_char_asks_to_verify_the_number() -> None:
    error = _error("110105194912310021")
    assert error.reason == "check"
    assert "校验" in error.message
    assert "核对" in error.message


@pytest.mark.parametrize("raw", [None, "", "   ", "\u3000"])
def test_r_id_1_empty_is_refused(raw: object) -> None:
    assert _error(raw).reason == "empty"


def test_r_id_1_check_char_needs_17_digits() -> None:
    with pytest.raises(ValueError, match="17 位数字"):
        check_char("1234")


# R-ID-2 ---------------------------------------------------------------------


@given(areas, births, sequences)
def test_r_id_2_gender_follows_the_17th_digit(area: str, birth: date, seq: int) -> None:
    info = parse_id(make_id(area, birth, seq), today=TODAY)
    assert info.gender == ("男" if seq % 2 == 1 else "女")


def test_r_id_2_gender_mismatch_is_a_warning() -> None:
    info = parse_id("11010519491231002X", today=TODAY)  # a woman
    warnings = id_warnings(info, "男", None)
    assert len(warnings) == 1
    assert "性别" in warnings[0]
    assert "第 17 位" in warnings[0]
    assert id_warnings(info, "女", None) == []
    assert id_warnings(info, " 女性 ", None) == []
    assert id_warnings(info, None, None) == []
    assert id_warnings(info, "", None) == []


def test_r_id_2_birth_date_mismatch_is_a_warning_in_chinese_dates() -> None:
    info = parse_id("11010519491231002X", today=TODAY)
    warnings = id_warnings(info, "女", date(1949, 12, 30))
    assert warnings == ["出生日期填的是 1949年12月30日，与身份证号中的 1949年12月31日 不一致，请核对。"]
    assert id_warnings(info, "女", date(1949, 12, 31)) == []


def test_r_id_2_year_month_birth_dates_compare_year_and_month_only() -> None:
    info = parse_id("11010519491231002X", today=TODAY)
    assert id_warnings(info, None, date(1949, 12, 1), birth_partial=True) == []
    warnings = id_warnings(info, None, date(1949, 11, 1), birth_partial=True)
    assert len(warnings) == 1
    assert "1949年11月" in warnings[0]


def test_r_id_2_both_mismatches_give_two_warnings() -> None:
    info = parse_id("440524188001010014", today=TODAY)
    assert len(id_warnings(info, "女", date(1880, 1, 2))) == 2


def test_r_id_2_future_birth_date_is_refused() -> None:
    number = make_id("110105", TODAY + timedelta(days=1), 21)
    error = _error(number)
    assert error.reason == "birth_future"
    assert "晚于今天" in error.message
    # The same number is fine once that day has come.
    assert parse_id(number, today=TODAY + timedelta(days=1)).birth_date == TODAY + timedelta(days=1)


@pytest.mark.parametrize("birth", ["19490230", "19491301", "19490001", "20230229", "00000101"])
def test_r_id_2_impossible_birth_date_is_refused(birth: str) -> None:
    first17 = f"110105{birth}002"
    error = _error(first17 + check_char(first17))
    assert error.reason == "birth_invalid"
    assert birth in error.message
    assert "出生日期" in error.message


def test_r_id_2_parse_id_uses_the_real_date_by_default() -> None:
    assert parse_id("11010519491231002X").birth_date == date(1949, 12, 31)
    tomorrow = date.today() + timedelta(days=1)
    assert not is_valid_id(make_id("110105", tomorrow, 1))


# R-ID-3 ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "legacy",
    [
        "110105491231002",
        110105491231002,
        110105491231002.0,
        "110105491231002.0",
        "１１０１０５４９１２３１００２",
    ],
)
def test_r_id_3_fifteen_digits_become_eighteen(legacy: object) -> None:
    assert normalize_id(legacy) == "11010519491231002X"
    info = parse_id(legacy, today=TODAY)
    assert info.number == "11010519491231002X"
    assert info.birth_date == date(1949, 12, 31)
    assert info.gender == "女"


@given(areas, st.dates(min_value=date(1900, 1, 1), max_value=date(1999, 12, 31)), sequences)
def test_r_id_3_upgrade_matches_the_18_digit_number(area: str, birth: date, seq: int) -> None:
    legacy = f"{area}{birth:%y%m%d}{seq:03d}"
    assert normalize_id(legacy) == make_id(area, birth, seq)


# R-ID-4 ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "damaged",
    [
        "1.10105E+17",
        "1.10105e+17",
        "1.10105194912310E+17",
        1.1010519491231e17,
        110105194912310000,
        "110105194912310000",
        "110105194912310000.0",
        float(110105194912310020),
        "４４０５２４１８８００１０１００００",
    ],
)
def test_r_id_4_numbers_damaged_by_excel_are_refused_with_the_fix(damaged: object) -> None:
    error = _error(damaged)
    assert error.reason == "excel_number"
    assert error.message == EXCEL_NUMBER_MESSAGE
    assert "Excel" in error.message
    assert "文本" in error.message  # how to fix it: format the column as text
    assert "丢失" in error.message  # what happened


def test_r_id_4_normalize_refuses_numbers_too() -> None:
    with pytest.raises(IdNumberError) as caught:
        normalize_id(1.1010519491231e17)
    assert caught.value.reason == "excel_number"


def test_r_id_4_a_real_number_ending_in_000_is_accepted() -> None:
    # Sequence 100 and a birth date whose check character is 0: ends in "000".
    birth = date(1980, 1, 1)
    while not make_id("110105", birth, 100).endswith("000"):
        birth += timedelta(days=1)
    number = make_id("110105", birth, 100)
    assert parse_id(number, today=TODAY).number == number


@pytest.mark.parametrize("raw", [1101.5, float("nan"), float("inf"), True, -110105491231002])
def test_r_id_4_other_numbers_are_not_id_numbers(raw: object) -> None:
    assert _error(raw).reason == "characters"


# Helpers ----------------------------------------------------------------------


def test_r_id_2_age_on_counts_full_years() -> None:
    birth = date(2006, 7, 1)
    assert age_on(birth, date(2024, 6, 30)) == 17
    assert age_on(birth, date(2024, 7, 1)) == 18
    assert age_on(date(2004, 2, 29), date(2022, 2, 28)) == 17
    assert age_on(date(2004, 2, 29), date(2022, 3, 1)) == 18
    with pytest.raises(ValueError):
        age_on(birth, date(2006, 6, 30))


def test_r_id_1_mask_hides_the_birth_date() -> None:
    assert mask_id("11010519491231002X") == "110105********002X"
    assert mask_id("110105491231002") == "110105******002"
    assert mask_id("12345") == "*****"


def test_r_id_1_make_id_checks_its_arguments() -> None:
    with pytest.raises(ValueError, match="地区码"):
        make_id("11010", date(2000, 1, 1), 1)
    with pytest.raises(ValueError, match="顺序码"):
        make_id("110105", date(2000, 1, 1), 1000)
