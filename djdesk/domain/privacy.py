"""Personal numbers kept out of the 操作日志, the program's log and the command line's change lists.

* :data:`SECRET_MEMBER_FIELDS`: the member fields whose values are never written anywhere but the
  record itself (the 操作日志 says 已修改; the import's change list too). The one definition: the
  ``Member`` model and the roster import both use it.
* :func:`mask_numbers`: anything in free text shaped like a 公民身份号码 (18 or 15 characters,
  rules.md R-ID-1, R-ID-3) or a phone number (a mainland mobile, with or without ``+86``/``0086``
  and with hyphens, dashes or spaces between its groups; a landline with its area code, in brackets
  or not, or after ``+86``) is masked: ``110105********002X``, ``138****5678``, ``010-********``.
  Full-width digits and brackets (``（010）１２３４５６７８``, as a Chinese input method types them) are
  found as well, and keep their form. A number glued to letters (``ID110105…``) is still a number.
  Dates, counts, 6-digit area or postal codes and shorter numbers are left as they are.
"""

from __future__ import annotations

import re
from typing import Final

SECRET_MEMBER_FIELDS: Final = frozenset({"id_number", "phone", "address"})

# No digit may touch a number on either side: a longer run of digits is something else. An ID
# starts with its area code (never 0), so 0086… is a phone number. The patterns are tried in this
# order at each place (an ID before a phone number); each names the parts a masked number keeps.
_ID18: Final = r"(?P<id18>[1-9]\d{5})\d{8}(?P<id18_end>\d{3}[0-9Xx])"
_ID15: Final = r"(?P<id15>[1-9]\d{5})\d{6}(?P<id15_end>\d{3})"
# A mobile: 3 + 4 + 4 digits, a hyphen or a space allowed between any two (3-4-4, 4-3-4, 3-3-5…).
_MOBILE: Final = r"(?P<cc>(?:\+|00)?86[-\s]?)?(?P<mobile>1[3-9]\d)(?:[-\s]?\d){4}[-\s]?(?P<mobile_end>\d{4})"
# A landline with its area code (010 and 02x have three digits, the others four), or after +86, 0086
# or "86 " without its 0: 7 or 8 digits, written whole or as 3-4 or 4-4.
_LANDLINE: Final = (r"(?P<area>(?:(?:(?:\+|00)86[-\s]?|86[-\s])(?:\(0\)[-\s]?)?(?:10|2\d|[3-9]\d{2})"
                    r"|\(?(?:010|02\d|0[3-9]\d{2})\)?)[-\s]?)\d{3,4}[-\s]?\d{4}")
_NUMBER: Final = re.compile("|".join(f"(?<!\\d)(?:{p})(?!\\d)" for p in (_ID18, _ID15, _MOBILE, _LANDLINE)))
_CANDIDATE: Final = re.compile(r"\d{3}")  # nothing to mask without three digits in a row
# What the patterns are written for, from what a clerk may type instead: full-width digits, Ｘ,
# brackets, plus and hyphen, and the dashes put between the groups of a number. One character for
# one, so a number found in the plain copy is at the same place in the text, which keeps its own.
_PLAIN: Final = str.maketrans({**{chr(0xFF10 + d): str(d) for d in range(10)}, "Ｘ": "X", "ｘ": "x",
                               "（": "(", "）": ")", "＋": "+",
                               **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uff0d", "-")})


def _masked(found: re.Match[str], text: str) -> str:
    def kept(group: str) -> str:
        start, end = found.span(group)
        return text[start:end] if start >= 0 else ""

    if found.group("id18") is not None:
        return f"{kept('id18')}********{kept('id18_end')}"
    if found.group("id15") is not None:
        return f"{kept('id15')}******{kept('id15_end')}"
    if found.group("mobile") is not None:
        return f"{kept('cc')}{kept('mobile')}****{kept('mobile_end')}"
    return f"{kept('area')}********"


def mask_numbers(text: str) -> str:
    """``text`` with every ID and phone number masked (idempotent)."""
    if not _CANDIDATE.search(text):
        return text
    parts: list[str] = []
    last = 0
    for found in _NUMBER.finditer(text.translate(_PLAIN)):
        parts += (text[last:found.start()], _masked(found, text))
        last = found.end()
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


__all__ = ["SECRET_MEMBER_FIELDS", "mask_numbers"]
