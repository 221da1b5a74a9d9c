"""One member record from a roster (djdesk.domain.member_check): cells to values, rules across fields."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from djdesk.domain.enums import Employment, Gender, MemberCategory, PartyStanding
from djdesk.domain.idcard import IdNumberError, check_char, make_id, parse_id
from djdesk.domain.member_check import (
    FIELDS,
    STANDARD_FIELDS,
    RecordParser,
    _fast_id,
    check_member,
    parse_fields,
    party_age,
)

TODAY = dt.date(2026, 6, 1)
MAN = make_id("110105", dt.date(1980, 5, 6), 11)
WOMAN = make_id("110105", dt.date(1990, 2, 3), 22)


def check(**cells: object) -> object:
    return check_member({"name": "张三", **cells}, today=TODAY)


def messages(result: object, level: str) -> list[tuple[str, str]]:
    return [(i.field, i.message) for i in result.issues if i.level == level]  # type: ignore[attr-defined]


def test_standard_fields_follow_rules_section_7() -> None:
    labels = [f.label for f in FIELDS if f.key in STANDARD_FIELDS]
    assert labels[:4] == ["姓名", "性别", "民族", "公民身份号码"]
    assert labels[13:] == ["党籍状态", "是否为失联党员", "失去联系日期", "是否为流动党员", "外出流向"]


def test_cells_are_trimmed_and_full_width_becomes_ascii() -> None:
    """张　三 → 张三; full-width digits in IDs and dates; lowercase x is stored as X (R-ID-1)."""
    full_width_id = WOMAN.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    result = check_member({"name": " 张　三 ", "id_number": full_width_id, "joined_on": "２０１２－０３－０１"},
                          today=TODAY)
    assert result.values["name"] == "张三"
    assert result.values["id_number"] == WOMAN
    assert result.values["joined_on"] == dt.date(2012, 3, 1)
    lower = make_id("110105", dt.date(1949, 12, 31), 2)
    assert lower.endswith("X")
    assert check(id_number=lower.lower()).values["id_number"] == lower


@pytest.mark.parametrize("ch", ["\u200b", "\ufeff", "\u200e", "\u200f", "\u202a", "\u202e", "\u2066", "\u2069"])
def test_cells_lose_zero_width_and_bidi_characters(ch: str) -> None:
    """Issue 12 point 10: the same characters clean_name drops go from every cell (an ID, a phone)."""
    result = check_member({"name": f"{ch}张{ch}三", "id_number": f"{ch}{WOMAN}{ch}", "phone": f"138{ch}00000000{ch}"},
                          today=TODAY)
    assert result.values["name"] == "张三"
    assert result.values["id_number"] == WOMAN
    assert result.values["phone"] == "13800000000"


def test_missing_name_is_an_error() -> None:
    result = check_member({"id_number": MAN}, today=TODAY)
    assert ("name", "姓名为空，请填写党员姓名") in messages(result, "error")


@pytest.mark.parametrize(("raw", "fragment"), [
    ("11010519800506011", "18 位"),
    ("1101051980050601A7", "不允许的字符"),
    (MAN[:-1] + ("0" if MAN[-1] != "0" else "1"), "校验位"),
    ("11010519801399011" + check_char("11010519801399011"), "出生日期“19801399”不存在"),
])
def test_r_id_1_invalid_numbers_are_errors(raw: str, fragment: str) -> None:
    errors = messages(check(id_number=raw), "error")
    assert errors and errors[0][0] == "id_number"
    assert fragment in errors[0][1]


def test_r_id_4_number_cell_says_digits_lost_and_format_as_text() -> None:
    errors = messages(check(id_number=110105198005060117.0), "error")
    assert len(errors) == 1
    assert "末尾几位已丢失" in errors[0][1] and "文本" in errors[0][1]


def test_r_id_2_gender_and_birth_mismatch_are_warnings_and_missing_ones_come_from_the_id() -> None:
    result = check(id_number=MAN, gender="女", birth_date="1980-05-07")
    warnings = dict(messages(result, "warning"))
    assert "第 17 位" in warnings["gender"]
    assert "不一致" in warnings["birth_date"]
    assert not messages(result, "error")
    filled = check(id_number=MAN)
    assert filled.values["gender"] is Gender.MALE
    assert filled.values["birth_date"] == dt.date(1980, 5, 6)
    partial = check(id_number=MAN, birth_date="1980.05")
    assert partial.values["birth_date"] == dt.date(1980, 5, 6)  # a year-month 出生年月 is taken from the ID


def test_year_month_date_is_the_first_of_the_month_with_a_warning() -> None:
    result = check(id_number=MAN, joined_on="2005.07", confirmed_on=None)
    assert result.values["joined_on"] == dt.date(2005, 7, 1)
    assert any("只填了年月" in m for _f, m in messages(result, "warning"))


@pytest.mark.parametrize(("raw", "fragment"), [("2022-02-30", "日期不存在"), ("2027-01-01", "晚于今天"),
                                               ("明年", "无法识别")])
def test_impossible_and_future_dates_are_errors(raw: str, fragment: str) -> None:
    errors = messages(check(id_number=MAN, joined_on=raw), "error")
    assert errors and errors[0][0] == "joined_on" and fragment in errors[0][1]


def test_r_dev_1_joined_before_18_is_an_error() -> None:
    """R-DEV-1: born 1990-02-03, joined 2008-02-02 (17 years old)."""
    errors = messages(check(id_number=WOMAN, joined_on="2008-02-02", confirmed_on="2009-02-02"), "error")
    assert [f for f, _m in errors] == ["joined_on"]
    assert "18 周岁" in errors[0][1]
    assert not messages(check(id_number=WOMAN, joined_on="2008-02-03", confirmed_on="2009-02-03"), "error")


def test_confirmed_before_joining_is_an_error() -> None:
    errors = messages(check(id_number=MAN, joined_on="2010-07-01", confirmed_on="2010-06-30"), "error")
    assert errors == [("confirmed_on", errors[0][1])] and "早于入党日期" in errors[0][1]


@pytest.mark.parametrize(("confirmed", "level"), [
    ("2011-07-01", None),  # the 预备期 ends a year after joining: the 转正 date
    ("2011-07-02", "warning"),  # a day late: the meeting's date, not the end of the 预备期
    ("2011-03-01", "warning"),  # before the 预备期 ended
    ("2011-12-31", "warning"),  # under six months after it: no extension is that short
    ("2012-01-01", "note"),  # six months' extension
    ("2012-07-01", "note"),  # twelve months' extension
    ("2012-07-02", "warning"),  # more than the longest extension
    ("2013-07-01", "warning"),
])
def test_r_dev_10_r_dev_11_confirmation_ends_probation_or_an_extension(confirmed: str, level: str | None) -> None:
    """R-DEV-10: 转正 is the end of the one-year 预备期 (joined 2010-07-01 → 2011-07-01), even if the meeting is
    later; R-DEV-11: after one extension, 6 to 12 months after that (2012-01-01 … 2012-07-01). Else a warning."""
    result = check(id_number=MAN, joined_on="2010-07-01", confirmed_on=confirmed)
    found = [i for i in result.issues if i.field == "confirmed_on"]
    assert [i.level for i in found] == ([level] if level else [])
    if level == "warning":
        assert "2011年7月1日" in found[0].message and "2012年1月1日至2012年7月1日" in found[0].message


def test_r_dev_1_born_on_29_february_is_18_on_1_march() -> None:
    """R-DEV-1 with the one age function: born 2004-02-29, 18 on 2022-03-01 (not on 28 February)."""
    number = make_id("110105", dt.date(2004, 2, 29), 11)
    on_28 = check(id_number=number, joined_on="2022-02-28", confirmed_on="2023-02-28")
    assert any(i.field == "joined_on" and i.level == "error" for i in on_28.issues)
    on_1 = check(id_number=number, joined_on="2022-03-01", confirmed_on="2023-03-01")
    assert not any(i.field == "joined_on" for i in on_1.issues)


def test_inferred_full_member_without_confirmation_is_a_warning_saying_why() -> None:
    """No 人员类别: joined over a year ago → 正式党员, and without 转正日期 that is the form's warning, saying
    it was inferred from the 入党 date."""
    inferred = check(id_number=MAN, joined_on="2010-07-01")
    assert inferred.values["category"] is MemberCategory.FULL
    warnings = messages(inferred, "warning")
    assert warnings and warnings[0][0] == "category"
    assert "推定" in warnings[0][1] and "2010年7月1日" in warnings[0][1] and "转正日期" in warnings[0][1]
    nothing = check(id_number=MAN)
    assert [f for f, _m in messages(nothing, "warning")] == ["category"]
    with_date = check(id_number=MAN, joined_on="2010-07-01", confirmed_on="2011-07-01")
    assert not messages(with_date, "warning") and with_date.values["category"] is MemberCategory.FULL


def test_category_and_confirmation_date_must_agree() -> None:
    probationary = check(id_number=MAN, category="预备党员", joined_on="2010-07-01", confirmed_on="2011-07-01")
    assert any("预备党员" in m for _f, m in messages(probationary, "warning"))
    full = check(id_number=MAN, category="正式党员", joined_on="2010-07-01")
    assert any("没有转正日期" in m for _f, m in messages(full, "warning"))
    inferred = check(id_number=MAN, joined_on="2026-01-01")
    assert inferred.values["category"] is MemberCategory.PROBATIONARY


@pytest.mark.parametrize(("key", "raw", "allowed"), [
    ("gender", "男的", "男、女"), ("category", "积极分子", "正式党员、预备党员"),
    ("standing", "暂停", "正常、停止党籍"), ("lost_contact", "不知道", "是、否"),
    ("employment", "兼职", "在职、离退休"),
])
def test_unknown_enumerated_value_is_an_error_naming_the_allowed_values(key: str, raw: str, allowed: str) -> None:
    errors = messages(check(id_number=MAN, **{key: raw}), "error")
    assert len(errors) == 1 and errors[0][0] == key and allowed in errors[0][1]


def test_enumerated_values_and_synonyms() -> None:
    values = check(id_number=MAN, gender="男性", standing="停止党籍", employment="退休", floating="是",
                   floating_to="广东深圳").values
    assert values["gender"] is Gender.MALE
    assert values["standing"] is PartyStanding.SUSPENDED
    assert values["employment"] is Employment.RETIRED
    assert values["floating"] is True


def test_r_eval_7_lost_contact_date_is_stored_and_asked_for() -> None:
    """R-EVAL-7: the 失联 date is stored; a 失联党员 without one gets a warning."""
    dated = check(id_number=MAN, lost_contact_on="2025-10-01")
    assert dated.values["lost_contact"] is True and dated.values["lost_contact_on"] == dt.date(2025, 10, 1)
    undated = check(id_number=MAN, lost_contact="是")
    assert any(f == "lost_contact_on" for f, _m in messages(undated, "warning"))


def test_update_rules_use_the_stored_member() -> None:
    """A 转正 date alone is checked against the stored 入党 date."""
    result = check_member({"name": "张三", "id_number": MAN, "confirmed_on": "2009-01-01"}, today=TODAY,
                          existing={"joined_on": dt.date(2010, 7, 1), "category": MemberCategory.FULL})
    assert [f for f, _m in messages(result, "error")] == ["confirmed_on"]


def test_text_too_long_is_an_error() -> None:
    errors = messages(check(id_number=MAN, education="很" * 30), "error")
    assert errors and "最多 20 个字" in errors[0][1]


def test_r_dev_12_party_age_counts_from_confirmation() -> None:
    """R-DEV-12: 党龄 from the 转正 date, in full years; none before it."""
    assert party_age(dt.date(2011, 7, 1), dt.date(2026, 6, 30)) == 14
    assert party_age(dt.date(2011, 7, 1), dt.date(2026, 7, 1)) == 15
    assert party_age(None, TODAY) is None
    assert party_age(dt.date(2027, 1, 1), TODAY) is None


def test_parse_rows_equals_parse_per_record() -> None:
    rows = [["张三", MAN, "2010-07-01"], ["李四", "bad", "2030-01-01"], ["", WOMAN, "1985.07"],
            ["王五", MAN, dt.date(2010, 7, 1)]]
    columns = [(0, "name"), (1, "id_number"), (2, "joined_on")]
    parser = RecordParser(TODAY)
    bulk = parser.parse_rows(rows, columns)
    for row, got in zip(rows, bulk, strict=True):
        one = parse_fields({k: row[c] for c, k in columns}, today=TODAY)
        assert got.values == one.values and got.issues == one.issues and got.partial == one.partial


@given(st.text(alphabet="0123456789X", min_size=18, max_size=18))
def test_r_id_1_fast_path_accepts_only_what_parse_id_accepts(number: str) -> None:
    fast = _fast_id(number, TODAY)
    try:
        full = parse_id(number, TODAY)
    except IdNumberError:
        full = None
    if fast is not None:
        assert full == fast


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY), st.integers(0, 999))
def test_r_id_1_fast_path_accepts_every_valid_number(birth: dt.date, seq: int) -> None:
    number = make_id("440524", birth, seq)
    assert _fast_id(number, TODAY) == parse_id(number, TODAY)
