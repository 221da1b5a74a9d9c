"""Names: cleaning, pinyin search (``zs`` finds 张三) and 姓氏笔画 ordering."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from djdesk.domain.names import (
    UNKNOWN_STROKES,
    clean_name,
    matches,
    pinyin_full,
    pinyin_initials,
    stroke_sort_key,
    surname_strokes,
    to_ascii,
)
from djdesk.domain.strokes_data import _BY_STROKES, STROKES


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("张　三", "张三"),  # ideographic space padding a two-character name
        (" 张 三 ", "张三"),
        ("\t王五\n", "王五"),
        ("李ＡＢ", "李AB"),
        ("阿卜杜拉·买买提", "阿卜杜拉·买买提"),
        ("阿卜杜拉・买买提", "阿卜杜拉·买买提"),  # katakana middle dot
        ("阿卜杜拉•买买提", "阿卜杜拉·买买提"),  # bullet
        ("阿卜杜拉.买买提", "阿卜杜拉·买买提"),  # full stop typed on an English keyboard
        ("阿卜杜拉．买买提", "阿卜杜拉·买买提"),  # full-width full stop
        ("阿卜杜拉 · 买买提", "阿卜杜拉·买买提"),
        ("", ""),
    ],
)
def test_clean_name(raw: str, clean: str) -> None:
    assert clean_name(raw) == clean


# Issue 12 point 10: copied from a web page or a chat, a name can carry characters that show nothing.
INVISIBLE = {
    "\u200b": "zero-width space", "\u200c": "zero-width non-joiner", "\u200d": "zero-width joiner",
    "\u2060": "word joiner", "\ufeff": "byte order mark", "\u200e": "left-to-right mark",
    "\u200f": "right-to-left mark", "\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF", "\u202d": "LRO",
    "\u202e": "RLO", "\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI",
}


@pytest.mark.parametrize("ch", list(INVISIBLE), ids=list(INVISIBLE.values()))
def test_clean_name_drops_zero_width_and_bidi_characters(ch: str) -> None:
    assert clean_name(f"{ch}张{ch}三{ch}") == "张三"
    assert clean_name(f"阿卜杜拉{ch}·{ch}买买提") == "阿卜杜拉·买买提"
    assert pinyin_initials(f"{ch}张三") == "zs"


def test_to_ascii_converts_full_width_forms() -> None:
    assert to_ascii("ＡＢＣ１２３　ｘ（）") == "ABC123 x()"
    assert to_ascii("张三") == "张三"


@given(st.text())
def test_clean_name_is_idempotent_and_has_no_spaces(raw: str) -> None:
    once = clean_name(raw)
    assert clean_name(once) == once
    assert not any(ch.isspace() for ch in once)


def test_pinyin_of_a_name() -> None:
    assert pinyin_initials("张三") == "zs"
    assert pinyin_full("张三") == "zhangsan"
    assert pinyin_full("张　三") == "zhangsan"
    assert pinyin_full("吕布") == "lvbu"  # ü is typed as v
    assert pinyin_initials("阿卜杜拉·买买提") == "abdlmmt"
    assert pinyin_full("") == ""
    assert pinyin_initials("") == ""


@pytest.mark.parametrize(
    ("name", "full"),
    [
        ("单田芳", "shantianfang"),
        ("曾国藩", "zengguofan"),
        ("解缙", "xiejin"),
        ("仇英", "qiuying"),
        ("朴正义", "piaozhengyi"),
        ("查良镛", "zhaliangyong"),
        ("区小明", "ouxiaoming"),
        ("乐嘉", "yuejia"),
    ],
)
def test_surnames_are_read_as_surnames(name: str, full: str) -> None:
    assert pinyin_full(name) == full
    assert pinyin_initials(name)[0] == full[0]


def test_a_surname_character_inside_the_given_name_keeps_its_ordinary_reading() -> None:
    assert pinyin_full("王曾") == "wangceng"


def test_search_matches_name_initials_pinyin_and_id() -> None:
    name = "张三"
    initials, full = pinyin_initials(name), pinyin_full(name)
    number = "11010519491231002X"

    def found(query: str) -> bool:
        return matches(query, name, initials, full, number)

    assert found("zs")
    assert found("ZS")
    assert found("z")
    assert found("张")
    assert found("张三")
    assert found("张 三")
    assert found("zhang")
    assert found("zhangsan")
    assert found("ZhangS")
    assert found("19491231")
    assert found("002x")  # lowercase x finds the uppercase X
    assert found("００２Ｘ")  # full-width digits
    assert found("")  # an empty box shows everyone
    assert not found("ls")
    assert not found("李")
    assert not found("lisi")
    assert not found("12345")
    assert not matches("0519", name, initials, full, None)


def test_stroke_counts_of_common_surnames() -> None:
    assert surname_strokes("丁一") == 2
    assert surname_strokes("王五") == 4
    assert surname_strokes("李四") == 7
    assert surname_strokes("张三") == 7
    assert surname_strokes("赵六") == 9
    assert surname_strokes("黄河") == 11
    assert surname_strokes("魏征") == 17


def test_double_surnames_count_their_first_character() -> None:
    assert surname_strokes("欧阳修") == surname_strokes("欧") == 8
    assert surname_strokes("司马光") == 5
    assert surname_strokes("诸葛亮") == 10
    assert surname_strokes("上官婉儿") == 3


def test_unknown_surname_counts_as_very_many_strokes() -> None:
    assert surname_strokes("Tom") == UNKNOWN_STROKES
    assert surname_strokes("") == UNKNOWN_STROKES


def test_official_list_order_by_surname_strokes() -> None:
    names = ["赵六", "李四", "张三", "王五", "丁一"]
    ordered = sorted(names, key=stroke_sort_key)
    assert ordered[0] == "丁一"
    assert ordered[1] == "王五"
    assert set(ordered[2:4]) == {"李四", "张三"}
    assert ordered[4] == "赵六"


def test_official_list_keeps_one_surname_together_and_unknown_last() -> None:
    names = ["李明", "张三", "李四", "Tom", "张", "王五"]
    ordered = sorted(names, key=stroke_sort_key)
    assert ordered[0] == "王五"
    surnames = [name[0] for name in ordered[1:5]]
    assert surnames in (["李", "李", "张", "张"], ["张", "张", "李", "李"])
    assert ordered[-1] == "Tom"


def test_the_brief_stroke_counts() -> None:
    expected = {
        2: "丁卜",
        3: "马于",
        4: "王方孔尹邓毛",
        5: "石田叶龙史白冯卢",
        6: "刘孙朱任江许",
        7: "何吴宋张李杨苏邱沈陈",
        8: "罗周金孟林郑",
        9: "胡赵钟姜段侯施俞",
        10: "高夏唐徐袁贾郭",
        11: "黄曹梁崔萧",
        12: "彭韩程傅曾董谢蒋",
        13: "雷",
        14: "蔡谭",
        15: "潘黎",
        17: "魏",
    }
    for count, chars in expected.items():
        for char in chars:
            assert STROKES[char] == count, char


def test_the_stroke_table_is_well_formed() -> None:
    all_chars = "".join(_BY_STROKES.values())
    assert len(all_chars) == len(set(all_chars)), "a character is listed twice"
    assert len(STROKES) >= 300
    for char, count in STROKES.items():
        assert len(char) == 1
        assert "\u4e00" <= char <= "\u9fff"
        assert 1 <= count <= 30
