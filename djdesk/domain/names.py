"""Personal names: cleaning, pinyin for search, and 姓氏笔画 ordering.

The roster search box matches a name, its pinyin initials (``zs`` finds 张三),
its full pinyin and the ID number (design.md, GUI). Official lists are printed
"按姓氏笔画排序", which :func:`stroke_sort_key` provides.

pypinyin takes a noticeable time to import and to load its dictionaries, so it
is imported lazily inside the functions that need it, and their results are
cached: a roster of thousands of names is converted once.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from djdesk.domain.strokes_data import STROKES

# Full-width forms U+FF01..U+FF5E map to ASCII U+0021..U+007E; U+3000 is the
# ideographic space that Chinese input methods produce.
_FULLWIDTH_TABLE: Final[dict[int, int]] = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH_TABLE[0x3000] = 0x20

INVISIBLE: Final[str] = (
    "\u200b\u200c\u200d\u2060\ufeff"  # zero-width space, non-joiner, joiner, word joiner, BOM
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # bidi marks, embeddings, overrides, isolates
)
"""Characters that show nothing but are kept in a copied or exported text: zero-width spaces and the
bidirectional controls (U+200E/U+200F, U+202A–U+202E, U+2066–U+2069), which can also reorder how a
name or number is displayed. Every name and every imported cell loses them (one definition: the
cell cleaning of :mod:`djdesk.domain.member_check` and :mod:`djdesk.domain.idcard` use this one)."""
INVISIBLE_TABLE: Final[dict[int, None]] = dict.fromkeys(map(ord, INVISIBLE))

MIDDLE_DOT: Final[str] = "\u00b7"
"""The separator of transliterated (e.g. Uyghur) names: 阿卜杜拉·买买提."""

# Characters people type instead of the middle dot: katakana middle dot,
# half-width katakana middle dot, bullet, hyphenation point, bullet operator,
# dot operator, Greek ano teleia, one-dot leader. A name also loses the invisible characters.
_DOT_VARIANTS: Final[str] = "\u30fb\uff65\u2022\u2027\u2219\u22c5\u0387\u2024"
_NAME_TABLE: Final[dict[int, str | None]] = {ord(ch): MIDDLE_DOT for ch in _DOT_VARIANTS} | INVISIBLE_TABLE

# An ASCII full stop between two non-ASCII characters is a middle dot typed on
# an English keyboard (阿卜杜拉.买买提); in a Latin name it stays a full stop.
_DOT_BETWEEN_HAN: Final[re.Pattern[str]] = re.compile(r"(?<=[^\x00-\x7f])\s*\.\s*(?=[^\x00-\x7f])")
_SPACES_AROUND_DOT: Final[re.Pattern[str]] = re.compile(r"\s*\u00b7\s*")
_WHITESPACE: Final[re.Pattern[str]] = re.compile(r"\s+")

# Surnames whose reading differs from the character's everyday reading.
# pypinyin reads the character as a common word (单 dan, 曾 ceng...); as the
# first character of a name it is the surname reading that people type.
SURNAME_READINGS: Final[dict[str, str]] = {
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "查": "zha",
    "区": "ou",
    "乐": "yue",
    "盖": "ge",
    "缪": "miao",
    "翟": "zhai",
    "覃": "qin",
    "种": "chong",
    "重": "chong",
    "秘": "bi",
    "繁": "po",
    "召": "shao",
    "员": "yun",
    "折": "she",
    "阚": "kan",
    "都": "du",
    "隗": "wei",
    "卜": "bu",
    "句": "gou",
    "能": "nai",
    "粘": "nian",
    "祭": "zhai",
    "洗": "xian",
    "蔚": "yu",
    "藏": "zang",
    "佴": "nai",
}

UNKNOWN_STROKES: Final[int] = 99
"""Stroke count used for a character missing from the table: sorts last."""


def to_ascii(s: str) -> str:
    """Convert full-width characters (U+FF01–U+FF5E) and U+3000 to ASCII."""
    return s.translate(_FULLWIDTH_TABLE)


def clean_name(raw: str) -> str:
    """Normalise a name as typed or imported.

    Trims, removes every inner space (ASCII or ideographic: ``张　三`` → ``张三``;
    Chinese names are written without spaces and rosters often pad two-character
    names to the width of three) and the characters of :data:`INVISIBLE`,
    converts full-width letters and digits to ASCII and normalises the separator
    of minority names to ``·`` (U+00B7).
    """
    text = to_ascii(raw).translate(_NAME_TABLE)
    text = _DOT_BETWEEN_HAN.sub(MIDDLE_DOT, text.strip())
    text = _SPACES_AROUND_DOT.sub(MIDDLE_DOT, text)
    return _WHITESPACE.sub("", text)


@lru_cache(maxsize=65536)
def _syllables(name: str) -> tuple[str, ...]:
    """Pinyin syllables of ``name`` (no tones, ``ü`` as ``v``), lower case.

    Non-Chinese runs (Latin letters, digits) come back as they are, lower-cased;
    spaces and punctuation such as ``·`` are dropped.
    """
    from pypinyin import Style, lazy_pinyin

    cleaned = clean_name(name)
    if not cleaned:
        return ()
    items: list[str] = list(lazy_pinyin(cleaned, style=Style.NORMAL))
    if items and cleaned[0] in SURNAME_READINGS:
        items[0] = SURNAME_READINGS[cleaned[0]]
    result: list[str] = []
    for item in items:
        kept = "".join(ch for ch in item.lower() if ch.isascii() and ch.isalnum())
        if kept:
            result.append(kept)
    return tuple(result)


def pinyin_full(name: str) -> str:
    """Full pinyin without tones or spaces: ``张三`` → ``zhangsan``."""
    return "".join(_syllables(name))


def pinyin_initials(name: str) -> str:
    """First letter of each syllable: ``张三`` → ``zs``, ``单田芳`` → ``stf``."""
    return "".join(syllable[0] for syllable in _syllables(name))


def _fold(s: str) -> str:
    return _WHITESPACE.sub("", to_ascii(s)).casefold()


def matches(
    query: str,
    name: str,
    initials: str,
    full: str,
    id_number: str | None,
) -> bool:
    """Whether a roster search ``query`` finds this person.

    Case-insensitive, spaces and full-width characters ignored. An empty query
    matches everyone. It matches when the query is part of the name, of the
    pinyin initials (``zs``), of the full pinyin (``zhangs``) or of the ID number
    (``0519`` or ``002x``).
    """
    q = _fold(query)
    if not q:
        return True
    return (
        q in _fold(name)
        or q in initials.casefold()
        or q in full.casefold()
        or (id_number is not None and q in _fold(id_number))
    )


def char_strokes(char: str) -> int:
    """Strokes of one surname character, :data:`UNKNOWN_STROKES` if unknown."""
    return STROKES.get(char, UNKNOWN_STROKES)


def surname_strokes(name: str) -> int:
    """Number of strokes of the surname (the first character).

    For a double surname (欧阳, 司马, 诸葛, 上官...) official lists order by the
    first character too, so the first character is all that is needed. An
    unknown character, or an empty name, gives :data:`UNKNOWN_STROKES` so that
    it sorts after the known ones.
    """
    cleaned = clean_name(name)
    return char_strokes(cleaned[0]) if cleaned else UNKNOWN_STROKES


def stroke_sort_key(name: str) -> tuple[int, str, str, int, str, str]:
    """Sort key for an official list ordered by 姓氏笔画.

    The order is: strokes of the surname; then, among different surnames with
    the same count (李 and 张 both have 7), the surname's pinyin, so that people
    of one surname stay together (official practice breaks this tie by the
    shape of the first stroke, 横竖撇点折; pinyin approximates it); then the
    strokes of the second character when the table knows it (unknown ones sort
    after known ones); then the full pinyin, and finally the name itself so the
    order is total and stable.
    """
    cleaned = clean_name(name)
    if not cleaned:
        return (UNKNOWN_STROKES, "", "", UNKNOWN_STROKES, "", "")
    surname = cleaned[0]
    syllables = _syllables(cleaned)
    surname_pinyin = syllables[0] if syllables else ""
    second = char_strokes(cleaned[1]) if len(cleaned) > 1 else 0
    return (
        char_strokes(surname),
        surname_pinyin,
        surname,
        second,
        "".join(syllables),
        cleaned,
    )
