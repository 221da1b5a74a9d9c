"""The log scrubber (issue 12, point 8): every form of ID and phone number a clerk's data holds is
masked; dates, counts, area codes and other numbers are left as they are."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from djdesk.services.logs import scrub, setup_logging

MASKED = [
    # 18-digit IDs, X and x, alone, in text, glued to letters or Chinese
    ("11010519491231002X", "110105********002X"),
    ("11010519491231002x", "110105********002x"),
    ("440524188001010014", "440524********0014"),
    ("身份证号110105196001010025，", "身份证号110105********0025，"),
    ("ID110105196001010025", "ID110105********0025"),
    ("id_number=110105196001010025;", "id_number=110105********0025;"),
    ("('李一', '110105196001010025')", "('李一', '110105********0025')"),
    # 15-digit legacy IDs
    ("110105491231002", "110105******002"),
    ("旧号码110105491231002。", "旧号码110105******002。"),
    # mobiles: plain, +86 / 0086 / 86, hyphens, spaces
    ("13812345678", "138****5678"),
    ("电话13812345678", "电话138****5678"),
    ("王芳 13812345678", "王芳 138****5678"),
    ("+8613812345678", "+86138****5678"),
    ("+86 13812345678", "+86 138****5678"),
    ("008613812345678", "0086138****5678"),
    ("8613812345678", "86138****5678"),
    ("138-1234-5678", "138****5678"),
    ("138 1234 5678", "138****5678"),
    ("tel:199-0000-1111.", "tel:199****1111."),
    # landlines with an area code
    ("010-12345678", "010-********"),
    ("0571-8765432", "0571-********"),
    ("(010)12345678", "(010)********"),
    ("01012345678", "010********"),
    ("010 12345678", "010 ********"),
    ("0571 87654321", "0571 ********"),
]

KEPT = [
    "2026-12-08",
    "2026-12-08 09:30:00",
    "20261208",
    "2026年12月8日",
    "共 10000 名党员",
    "110105",  # a 6-digit area code alone
    "邮编 100101",
    "第 12 行，3 列",
    "1234567",  # seven digits: neither an ID nor a phone
    "12345678901234567890123",  # a long run of digits is not an ID (too long)
    "版本 6.11.3",
    "0.12345678",
    "12:34:56",
    "ratio 1.38",
    "bd2f1e93a7c44e4d",  # hex, no long run of digits
]


@pytest.mark.parametrize(("text", "expected"), MASKED)
def test_numbers_are_masked(text: str, expected: str) -> None:
    assert scrub(text) == expected


@pytest.mark.parametrize("text", KEPT)
def test_other_numbers_are_kept(text: str) -> None:
    assert scrub(text) == text


def test_several_in_one_line_and_masking_twice_changes_nothing() -> None:
    line = "张三 11010519491231002X 13812345678；李四 440524188001010014 010-12345678"
    once = scrub(line)
    assert once == "张三 110105********002X 138****5678；李四 440524********0014 010-********"
    assert scrub(once) == once


def test_the_log_file_is_scrubbed_tracebacks_included(tmp_path: Path) -> None:
    logger = logging.getLogger("djdesk")
    before = list(logger.handlers)
    path = setup_logging(tmp_path / "logs")
    try:
        try:
            raise ValueError("坏的号码 ID110105196001010025 +8613812345678")
        except ValueError:
            logger.exception("读取 138-1234-5678 时")
    finally:
        for handler in [h for h in logger.handlers if h not in before]:
            logger.removeHandler(handler)
            handler.close()
    text = path.read_text(encoding="utf-8")
    assert "ValueError" in text and "ID110105********0025" in text and "+86138****5678" in text
    assert "138****5678" in text
    for raw in ("110105196001010025", "13812345678", "1234-5678"):
        assert raw not in text
