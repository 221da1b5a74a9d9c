"""R-ID-1 against an oracle written here, not taken from djdesk (style.md practice 11).

djdesk computes the GB 11643 check character one way only, fast (``int(first17, 13) * 2 % 11`` in
:mod:`djdesk.domain.idcard`). These tests compute it the way the standard states it: a loop over the
weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, the sum mod 11 indexing "1 0 X 9 8 7 6 5 4 3 2". Every
number here has first digits that differ (the two published examples start 11… and 44…, so swapping
the first two weights changes nothing for them), and the generated ones cover every area code from
110000 to 659999.

One number worked by hand, 31010419850612034?: 3×7 + 1×9 + 0×10 + 1×5 + 0×8 + 4×4 + 1×2 + 9×1 + 8×6
+ 5×3 + 0×7 + 6×9 + 1×10 + 2×5 + 0×8 + 3×4 + 4×2 = 219; 219 mod 11 = 10 → "2".
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from djdesk.domain.idcard import IdNumberError, check_char, id_facts, make_id, parse_id

TODAY = dt.date(2026, 1, 1)
GB_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
GB_CHECKS = "10X98765432"


def oracle_check(first17: str) -> str:
    """The check character as GB 11643-1999 states it: a weighted sum, mod 11."""
    total = 0
    for position in range(17):
        total += int(first17[position]) * GB_WEIGHTS[position]
    return GB_CHECKS[total % 11]


# Worked with the loop above and frozen: (number, birth date, gender). First two digits unequal in
# every one; check characters 0, 1, X and most digits.
KNOWN = [
    ("310104198506120342", dt.date(1985, 6, 12), "女"),
    ("450103199202291176", dt.date(1992, 2, 29), "男"),
    ("510107197611052283", dt.date(1976, 11, 5), "女"),
    ("620102200107300098", dt.date(2001, 7, 30), "男"),
    ("130102196301014516", dt.date(1963, 1, 1), "男"),
    ("210102195809178824", dt.date(1958, 9, 17), "女"),
    ("650102199903116136", dt.date(1999, 3, 11), "男"),
    ("370102194410012769", dt.date(1944, 10, 1), "女"),
    ("320106197001010017", dt.date(1970, 1, 1), "男"),
    ("530102198808088884", dt.date(1988, 8, 8), "女"),
    ("120101194910010038", dt.date(1949, 10, 1), "男"),
    ("23010219801231999X", dt.date(1980, 12, 31), "男"),
    ("410102198304151010", dt.date(1983, 4, 15), "男"),
    ("410102198304151061", dt.date(1983, 4, 15), "女"),
    ("520102197705201040", dt.date(1977, 5, 20), "女"),
]


@pytest.mark.parametrize(("number", "birth", "gender"), KNOWN)
def test_r_id_1_known_numbers_with_unequal_first_digits(number: str, birth: dt.date, gender: str) -> None:
    assert number[0] != number[1]
    assert oracle_check(number[:17]) == number[17]  # the oracle agrees with the frozen table
    assert check_char(number[:17]) == number[17]
    assert make_id(number[:6], birth, int(number[14:17])) == number
    info = parse_id(number, today=TODAY)
    assert (info.number, info.birth_date, info.gender) == (number, birth, gender)
    assert id_facts(number, TODAY) == (birth, gender)


@pytest.mark.parametrize(("number", "birth", "gender"), KNOWN)
def test_r_id_1_known_numbers_with_any_other_check_character_are_refused(
    number: str, birth: dt.date, gender: str
) -> None:
    for other in GB_CHECKS.replace(number[17], ""):
        wrong = number[:17] + other
        with pytest.raises(IdNumberError):
            parse_id(wrong, today=TODAY)
        assert id_facts(wrong, TODAY) is None


area_codes = st.integers(min_value=110000, max_value=659999).map(str)
birth_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 12, 31))
sequences = st.integers(min_value=0, max_value=999)


def _first17(area: str, birth: dt.date, seq: int) -> str:
    return area + str(birth.year).zfill(4) + str(birth.month).zfill(2) + str(birth.day).zfill(2) + str(seq).zfill(3)


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_r_id_1_check_char_is_the_weighted_sum_for_any_17_digits(first17: str) -> None:
    assert check_char(first17) == oracle_check(first17)


@given(area_codes, birth_dates, sequences)
def test_r_id_1_every_area_date_and_sequence_agrees_with_the_oracle(area: str, birth: dt.date, seq: int) -> None:
    first17 = _first17(area, birth, seq)
    number = first17 + oracle_check(first17)
    gender = "男" if seq % 2 == 1 else "女"  # R-ID-2
    assert check_char(first17) == number[17]
    assert make_id(area, birth, seq) == number
    info = parse_id(number, today=TODAY)
    assert (info.number, info.birth_date, info.gender) == (number, birth, gender)
    assert id_facts(number, TODAY) == (birth, gender)
    if number[17] == "X":
        assert parse_id(number.lower(), today=TODAY).number == number  # R-ID-1: lowercase x accepted


@given(area_codes, birth_dates, sequences, st.integers(0, 17), st.integers(1, 10))
def test_r_id_1_one_changed_character_is_always_refused(
    area: str, birth: dt.date, seq: int, position: int, shift: int
) -> None:
    first17 = _first17(area, birth, seq)
    number = first17 + oracle_check(first17)
    alphabet = "0123456789X" if position == 17 else "0123456789"
    current = alphabet.index(number[position])
    changed = alphabet[(current + shift) % len(alphabet)]
    if changed == number[position]:  # shift 10 on a digit position: the same digit
        return
    typo = number[:position] + changed + number[position + 1:]
    with pytest.raises(IdNumberError):
        parse_id(typo, today=TODAY)
    assert id_facts(typo, TODAY) is None


@given(st.one_of(
    st.text(alphabet="0123456789Xx", min_size=18, max_size=18),
    st.text(min_size=15, max_size=20),
    st.builds(lambda a, b, s, c: _first17(a, b, s) + c, area_codes, birth_dates, sequences,
              st.sampled_from(GB_CHECKS)),
))
def test_r_id_1_fast_facts_equal_parse_id_on_any_input(value: str) -> None:
    """``id_facts`` (the import's fast path) accepts only what ``parse_id`` accepts unchanged, with the same facts;
    every canonical 18-character number ``parse_id`` accepts, it accepts too."""
    try:
        info = parse_id(value, today=TODAY)
    except IdNumberError:
        info = None
    facts = id_facts(value, TODAY)
    if info is not None and info.number == value:
        assert facts == (info.birth_date, info.gender)
    else:
        assert facts is None
