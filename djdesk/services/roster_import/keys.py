"""Pinyin search keys for bulk inserts, equal to ``names.pinyin_initials``/``pinyin_full``.

The ORM event that fills ``Member.name_initials``/``name_pinyin`` does not run for Core inserts,
so the import computes them. pypinyin costs about 15 µs a name (segmentation against its phrase
dictionary, then conversion); a 10,000-row roster would spend more time there than reading the
file. Most names contain no word of the phrase dictionary, and pypinyin then converts each
character alone (its segmenter yields dictionary words or single characters): for those the
syllables are taken from a per-character cache. Names with a dictionary word in them, or with
anything but Chinese characters, go through ``djdesk.domain.names`` itself. A test checks that
both ways agree.
"""

from __future__ import annotations

from typing import Any

from djdesk.domain.names import SURNAME_READINGS, clean_name, pinyin_full, pinyin_initials


class SearchKeys:
    """(initials, full pinyin) of names, cached per name and per character for one import."""

    def __init__(self) -> None:
        from pypinyin import Style, lazy_pinyin
        from pypinyin.constants import PHRASES_DICT

        self._lazy = lazy_pinyin
        self._style = Style.NORMAL
        self._phrases: Any = PHRASES_DICT
        self._chars: dict[str, str] = {}
        self._names: dict[str, tuple[str, str]] = {}

    def _char(self, ch: str) -> str:
        syllable = self._chars.get(ch)
        if syllable is None:
            items = self._lazy(ch, style=self._style)
            raw = items[0] if items else ""
            syllable = "".join(c for c in raw.lower() if c.isascii() and c.isalnum())
            self._chars[ch] = syllable
        return syllable

    def _simple(self, name: str) -> bool:
        """Only CJK ideographs, and no phrase-dictionary word inside (pypinyin then goes by character)."""
        if not all("\u4e00" <= ch <= "\u9fff" for ch in name):
            return False
        phrases = self._phrases
        n = len(name)
        return not any(name[i:j] in phrases for i in range(n - 1) for j in range(i + 2, n + 1))

    def __call__(self, name: str) -> tuple[str, str]:
        hit = self._names.get(name)
        if hit is not None:
            return hit
        cleaned = clean_name(name)
        if cleaned and self._simple(cleaned):
            syllables = [self._char(ch) for ch in cleaned]
            if cleaned[0] in SURNAME_READINGS:
                syllables[0] = SURNAME_READINGS[cleaned[0]]
            kept = [s for s in syllables if s]
            result = ("".join(s[0] for s in kept), "".join(kept))
        else:
            result = (pinyin_initials(cleaned), pinyin_full(cleaned))
        self._names[name] = result
        return result
