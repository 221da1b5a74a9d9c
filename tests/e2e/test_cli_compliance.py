"""``djdesk meetings compliance --year Y OUT.xlsx [--on DATE]`` end to end on the demo 机关党委
(R-MEET-1 … R-MEET-8, R-MEET-11), through ``djdesk.cli.main(argv)``.

``djdesk/commands/meetings.py`` adds the subcommand through :func:`register_into`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from djdesk.cli import EXIT_INPUT, EXIT_OK, EXIT_USAGE
from djdesk.commands.compliance import reference_date
from djdesk.domain.errors import InputError
from djdesk.paths import DataPaths
from djdesk.services.compliance_export import MISSING_SHEET, SUMMARY_SHEET
from tests.e2e.cli_helpers import Cli

HAN = re.compile(r"[\u4e00-\u9fff]")


def test_r_meet_1_compliance_writes_the_table_and_exits_0(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "组织生活统计.xlsx"
    result = cli("meetings", "compliance", "--year", "2025", str(out), "--on", "2026-11-26")
    assert result.code == EXIT_OK, result.err
    assert "已导出2025年组织生活开展情况统计表" in result.out and str(out) in result.out
    assert "截至2025年12月31日，共有 43 项组织生活未按要求开展" in result.out
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == SUMMARY_SHEET and book.sheetnames[-1] == MISSING_SHEET
    assert "截至2025年12月31日" in book[SUMMARY_SHEET]["A2"].value


def test_r_meet_5_compliance_of_a_past_year_defaults_to_its_last_day(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "2025.xlsx"
    result = cli("meetings", "compliance", "--year", "2025", str(out))
    assert result.code == EXIT_OK, result.err
    if dt.date.today().year > 2025:  # December and the year itself are judged, not left running
        assert "截至2025年12月31日，共有 43 项" in result.out
        assert "截至2025年12月31日" in openpyxl.load_workbook(out)[SUMMARY_SHEET]["A2"].value
    on_last_day = cli("meetings", "compliance", "--year", "2025", str(out), "--on", "2025-12-31", "--force")
    assert "截至2025年12月31日，共有 43 项" in on_last_day.out


def test_reference_date_defaults() -> None:
    """A past year (or --on its last day or later) is judged whole: the grid gets the day after it."""
    today = dt.date(2026, 11, 26)
    assert reference_date(2025, None, today) == dt.date(2026, 1, 1)
    assert reference_date(2025, dt.date(2025, 12, 31), today) == dt.date(2026, 1, 1)
    assert reference_date(2026, None, today) == today
    assert reference_date(2025, dt.date(2025, 6, 1), today) == dt.date(2025, 6, 1)
    with pytest.raises(InputError, match="还没有开始"):
        reference_date(2027, None, today)
    with pytest.raises(InputError, match="早于 2025 年"):
        reference_date(2025, dt.date(2024, 12, 31), today)


@pytest.mark.parametrize("year", ["25", "2025x", "二〇二五", "0999"])
def test_compliance_with_a_malformed_year_is_a_usage_error(cli: Cli, tmp_path: Path, year: str) -> None:
    out = tmp_path / "x.xlsx"
    result = cli("meetings", "compliance", "--year", year, str(out))
    assert result.code == EXIT_USAGE
    assert "参数有误" in result.err and "四位数的年份" in result.err and HAN.search(result.err)
    assert not out.exists()


@pytest.mark.parametrize(("argv", "words"), [
    (("--year", "2099"), "还没有开始"),
    (("--year", "2025", "--on", "2024-12-31"), "早于 2025 年"),
])
def test_r_meet_11_compliance_refuses_impossible_dates_with_exit_1(
    cli: Cli, tmp_path: Path, argv: tuple[str, ...], words: str
) -> None:
    out = tmp_path / "x.xlsx"
    result = cli("meetings", "compliance", *argv, str(out))
    assert result.code == EXIT_INPUT and words in result.err
    assert not out.exists() and result.out == ""


def test_compliance_refuses_a_file_that_is_not_xlsx(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "x.xls"
    result = cli("meetings", "compliance", "--year", "2025", str(out))
    assert result.code == EXIT_INPUT and ".xlsx" in result.err and not out.exists()


def test_r_meet_3_compliance_in_a_real_process(demo_paths: DataPaths, tmp_path: Path) -> None:
    """``python -m djdesk meetings compliance``: the subcommand is reachable from the real entry point."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "QT_QPA_PLATFORM": "offscreen",
           "HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(tmp_path / "home" / "share")}
    out = tmp_path / "统计表.xlsx"
    done = subprocess.run(
        [sys.executable, "-m", "djdesk", "--data-dir", str(demo_paths.root), "meetings", "compliance",
         "--year", "2025", str(out), "--on", "2026-11-26"],
        capture_output=True, text=True, encoding="utf-8", cwd=tmp_path, env=env, timeout=120, check=False,
    )
    assert done.returncode == EXIT_OK, done.stderr
    assert "共有 43 项" in done.stdout and out.exists()


def test_compliance_help_is_chinese(cli: Cli) -> None:
    result = cli("meetings", "compliance", "-h")
    assert result.code == EXIT_OK
    assert result.out.startswith("用法：") and "--year YYYY" in result.out and "统计截止日期" in result.out
