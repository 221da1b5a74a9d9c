"""The scrubber on its own (services/logs.py, domain/privacy.py ``mask_numbers``): the phone numbers
test_logs_scrub.py did not write, each with its expected line written out by hand.

Beside 010, a 02x area code (three digits) and four-digit ones; brackets; the ways a Chinese input method
types a number (full-width digits, brackets and hyphen, which keep their form once masked); dashes; other
groupings of a mobile's 11 digits; a landline after +86 or 0086; a number cell read as a float; the
parameters of a database error. Masking a masked line again changes nothing.
"""

from __future__ import annotations

import pytest

from djdesk.domain.privacy import mask_numbers
from djdesk.services.logs import scrub

MASKED = [
    # landlines: every kind of area code, brackets, 3-4 and 4-4 groups, an extension
    ("021-12345678", "021-********"),
    ("(021)12345678", "(021)********"),
    ("029 8765432", "029 ********"),
    ("0755-12345678", "0755-********"),
    ("0571-87654321", "0571-********"),
    ("(0571)87654321", "(0571)********"),
    ("010-6512 3456", "010-********"),
    ("0571-8765-4321", "0571-********"),
    ("010-12345678-801", "010-********-801"),
    ("电话：010-12345678转801", "电话：010-********转801"),
    # landlines after the country code: the area code without its 0
    ("+86 10 12345678", "+86 10 ********"),
    ("+86-21-12345678", "+86-21-********"),
    ("+86 (0)10 1234 5678", "+86 (0)10 ********"),
    ("0086 571 87654321", "0086 571 ********"),
    ("86-10-12345678", "86-10-********"),
    # mobiles: every second digit 3–9, other groupings, more separators and prefixes
    ("14712345678", "147****5678"),
    ("15012345678", "150****5678"),
    ("16612345678", "166****5678"),
    ("17012345678", "170****5678"),
    ("18912345678", "189****5678"),
    ("1381 234 5678", "138****5678"),
    ("138 123 45678", "138****5678"),
    ("138-1234 5678", "138****5678"),
    ("138\t1234\t5678", "138****5678"),
    ("138\u30001234\u30005678", "138****5678"),
    ("+86-138-1234-5678", "+86-138****5678"),
    ("(+86)13812345678", "(+86)138****5678"),
    ("0086 138 1234 5678", "0086 138****5678"),
    # dashes typed in place of a hyphen
    ("138–1234–5678", "138****5678"),
    ("138—1234—5678", "138****5678"),
    ("010–12345678", "010–********"),
    # as a Chinese input method types them: full-width digits, brackets, hyphen, plus
    ("１３８１２３４５６７８", "１３８****５６７８"),
    ("＋８６ １３８ １２３４ ５６７８", "＋８６ １３８****５６７８"),
    ("（010）12345678", "（010）********"),
    ("（0571）87654321", "（0571）********"),
    ("０１０－１２３４５６７８", "０１０－********"),
    ("１１０１０５１９４９１２３１００２Ｘ", "１１０１０５********００２Ｘ"),
    # where numbers turn up in a log line
    ("13812345678.0", "138****5678.0"),  # a number cell read as a float
    ("[parameters: ('张三', '13812345678', '0571-87654321')]",
     "[parameters: ('张三', '138****5678', '0571-********')]"),
    ("phone=13812345678&tel=01012345678", "phone=138****5678&tel=010********"),
    ("手机13812345678、13912345678；座机(010)12345678", "手机138****5678、139****5678；座机(010)********"),
    ("导入修改党员：张三（备注：新号码13812345678）", "导入修改党员：张三（备注：新号码138****5678）"),
]

KEPT = [
    "12345678",  # 8 digits without an area code: not known to be a phone number
    "02112345678901",  # too many digits for a landline
    "1381234567",  # 10 digits: not a mobile
    "138123456789",  # 12 digits: not a mobile
    "12812345678",  # no mobile starts 12
    "1949 1950 1951 1952",
    "共 86 人，其中 13 人",
    "（2026年12月8日）",
    "第（1）项",
    "2026—2027 学年",
]

@pytest.mark.parametrize(("text", "expected"), MASKED)
def test_every_form_of_phone_number_is_masked(text: str, expected: str) -> None:
    assert scrub(text) == expected
    assert mask_numbers(expected) == expected  # masking twice changes nothing


@pytest.mark.parametrize("text", KEPT)
def test_other_numbers_are_kept(text: str) -> None:
    assert scrub(text) == text
