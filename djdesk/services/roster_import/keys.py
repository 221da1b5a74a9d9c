"""Pinyin search keys for bulk inserts, equal to ``names.pinyin_initials``/``pinyin_full``.

The ORM event that fills ``Member.name_initials``/``name_pinyin`` does not run for Core inserts,
so the import computes them. pypinyin costs about 15 µs a name (segmentation against its phrase
dictionary, then conversion); a 10,000-row roster would spend more time there than reading the
file. Most names contain no word of the phrase dictionary, and pypinyin then converts each
character alone (its segmenter yields dictionary words or single characters): for those the
syllables come from a per-character table, filled from pypinyin once per process for the
characters met (like pypinyin's own dictionaries, loaded once). Names with a dictionary word in
them, or with anything but Chinese characters, go through ``djdesk.domain.names`` itself. A test
checks that both ways agree.
"""

from __future__ import annotations

import re
from collections.abc import Container
from operator import itemgetter
from typing import Final

from djdesk.domain.names import SURNAME_READINGS, pinyin_full, pinyin_initials

_HAN: Final = re.compile("[\u4e00-\u9fff]+")
# Character (code point) → its syllable as names.pinyin_full writes it ("" when pypinyin has none),
# and → that syllable's first letter: str.translate tables, filled once per process as characters come.
_SYLLABLES: dict[int, str] = {}
_INITIALS: dict[int, str] = {}


def _learn(text: str) -> None:
    from pypinyin import Style, lazy_pinyin

    for code in {ord(ch) for ch in set(text)} - _SYLLABLES.keys():
        items = lazy_pinyin(chr(code), style=Style.NORMAL)
        raw = items[0] if items else ""
        _SYLLABLES[code] = syllable = "".join(c for c in raw.lower() if c.isascii() and c.isalnum())
        _INITIALS[code] = syllable[:1]


def _has_phrase(name: str, phrases: Container[str]) -> bool:
    """Whether a word of pypinyin's phrase dictionary (two characters or more) occurs in ``name``."""
    n = len(name)
    if n == 2:
        return name in phrases
    if n == 3:
        return name in phrases or name[:2] in phrases or name[1:] in phrases
    return any(name[i:j] in phrases for i in range(n - 1) for j in range(i + 2, n + 1))


class SearchKeys:
    """(initials, full pinyin) of names, cached per name for one import."""

    def __init__(self) -> None:
        from pypinyin.constants import PHRASES_DICT

        self._phrases: Container[str] = PHRASES_DICT
        self._names: dict[str, tuple[str, str]] = {}

    def __call__(self, name: str) -> tuple[str, str]:
        hit = self._names.get(name)
        if hit is None:
            self._convert([name])
            hit = self._names[name]
        return hit

    def _convert(self, names: list[str]) -> None:
        """Fill the cache for ``names`` (distinct, not yet cached)."""
        phrases = self._phrases
        # Only Chinese characters: clean_name leaves the name as it is; pypinyin goes by character.
        han = names if all(names) and _HAN.fullmatch("".join(names)) else [n for n in names if _HAN.fullmatch(n)]
        simple = [n for n in han if not _has_phrase(n, phrases)]
        done = set(simple)
        self._names.update((n, (pinyin_initials(n), pinyin_full(n))) for n in names if n not in done)
        if not simple:
            return
        _learn("".join(simple))
        text = "\n".join(simple)  # every name at once: one translation for all their characters
        initials, full = text.translate(_INITIALS).split("\n"), text.translate(_SYLLABLES).split("\n")
        for i in [i for i, name in enumerate(simple) if name[0] in SURNAME_READINGS]:
            first = simple[i][0]  # read as a surname
            reading, code = SURNAME_READINGS[first], ord(first)
            initials[i] = reading[0] + initials[i][len(_INITIALS[code]):]
            full[i] = reading + full[i][len(_SYLLABLES[code]):]
        self._names.update(zip(simple, zip(initials, full, strict=True), strict=True))

    def many(self, names: list[str]) -> tuple[list[str], list[str]]:
        """The initials and the full pinyin of each name, each distinct name computed once."""
        cache = self._names
        self._convert([n for n in set(names) if n not in cache])
        pairs = list(map(cache.__getitem__, names))
        return list(map(itemgetter(0), pairs)), list(map(itemgetter(1), pairs))
