"""Personal numbers kept out of the 操作日志, the program's log and the command line's change lists.

* :data:`SECRET_MEMBER_FIELDS`: the member fields whose values are never written anywhere but the
  record itself (the 操作日志 says 已修改; the import's change list too). The one definition: the
  ``Member`` model and the roster import both use it.
* :func:`mask_numbers`: anything in free text shaped like a 公民身份号码 (18 or 15 characters,
  rules.md R-ID-1, R-ID-3) or a phone number (a mainland mobile, with or without ``+86``/``0086``
  and with hyphens or spaces; a landline with its area code) is masked: ``110105********002X``,
  ``138****5678``, ``010-********``. A number glued to letters (``ID110105…``) is still a number.
  Dates, counts, 6-digit area or postal codes and shorter numbers are left as they are.
"""

from __future__ import annotations

import re
from typing import Final

SECRET_MEMBER_FIELDS: Final = frozenset({"id_number", "phone", "address"})

# No digit may touch a number on either side: a longer run of digits is something else. An ID
# starts with its area code (never 0), so 0086… is a phone number.
_ID18: Final = re.compile(r"(?<!\d)([1-9]\d{5})\d{8}(\d{3}[0-9Xx])(?!\d)")
_ID15: Final = re.compile(r"(?<!\d)([1-9]\d{5})\d{6}(\d{3})(?!\d)")
_MOBILE: Final = re.compile(r"(?<!\d)((?:\+|00)?86[-\s]?)?(1[3-9]\d)[-\s]?\d{4}[-\s]?(\d{4})(?!\d)")
# Area codes: 010 and 02x have three digits, the others four.
_LANDLINE: Final = re.compile(r"(?<!\d)(\(?(?:010|02\d|0[3-9]\d{2})\)?[-\s]?)\d{7,8}(?!\d)")
_CANDIDATE: Final = re.compile(r"\d{3}")  # nothing to mask without three digits in a row


def mask_numbers(text: str) -> str:
    """``text`` with every ID and phone number masked (idempotent)."""
    if not _CANDIDATE.search(text):
        return text
    text = _ID18.sub(lambda m: f"{m.group(1)}********{m.group(2)}", text)
    text = _ID15.sub(lambda m: f"{m.group(1)}******{m.group(2)}", text)
    text = _MOBILE.sub(lambda m: f"{m.group(1) or ''}{m.group(2)}****{m.group(3)}", text)
    return _LANDLINE.sub(lambda m: f"{m.group(1)}********", text)


__all__ = ["SECRET_MEMBER_FIELDS", "mask_numbers"]
