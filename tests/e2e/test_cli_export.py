"""``djdesk members export`` end to end on the demo 机关党委: in this process, and once as a child process."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import openpyxl

from djdesk.cli import EXIT_ENV, EXIT_INPUT, EXIT_OK
from djdesk.domain.config import ROSTER_PRINT_DEFAULT
from djdesk.domain.enums import OrgKind
from djdesk.paths import DataPaths
from djdesk.services.members import list_members
from djdesk.services.orgs import list_orgs
from djdesk.services.roster_export import FULL_SHEET, HEADERS
from tests.e2e.cli_helpers import Cli

HAN = re.compile(r"[\u4e00-\u9fff]")
HEADER_ROW = 3


def _body_rows(ws: openpyxl.worksheet.worksheet.Worksheet) -> int:
    """Member rows: numbered (not the 制表人 line under the printed table)."""
    return sum(1 for r in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True) if isinstance(r[0], int))


def _headers(ws: openpyxl.worksheet.worksheet.Worksheet) -> list[str]:
    return [str(c.value) for c in ws[HEADER_ROW]]


def test_export_writes_the_roster_and_says_so_in_chinese(cli: Cli, demo_paths: DataPaths, tmp_path: Path) -> None:
    out = tmp_path / "党员花名册.xlsx"
    result = cli("members", "export", str(out))
    assert result.code == EXIT_OK, result.err
    assert HAN.search(result.out) and str(out) in result.out
    count = len(list_members(demo_paths.database))
    assert f"{count} 名党员" in result.out
    book = openpyxl.load_workbook(out)
    assert _headers(book.active) == list(ROSTER_PRINT_DEFAULT)  # the printed roster
    assert _body_rows(book.active) == count
    assert _headers(book[FULL_SHEET]) == list(HEADERS)  # and the full record
    assert _body_rows(book[FULL_SHEET]) == count


def test_export_by_branch_one_sheet_each(cli: Cli, demo_paths: DataPaths, tmp_path: Path) -> None:
    out = tmp_path / "分支部.xlsx"
    result = cli("members", "export", str(out), "--by-branch")
    assert result.code == EXIT_OK, result.err
    wb = openpyxl.load_workbook(out)
    branches = [o for o in list_orgs(demo_paths.database) if o.kind is OrgKind.BRANCH]
    assert wb.sheetnames == [*(o.display_name for o in branches), FULL_SHEET]
    for org in branches:
        assert _body_rows(wb[org.display_name]) == len(list_members(demo_paths.database, branch=org.name))
    assert f"{len(branches)} 个工作表" in result.out


def test_export_one_branch(cli: Cli, demo_paths: DataPaths, tmp_path: Path) -> None:
    branch = next(o for o in list_orgs(demo_paths.database) if o.kind is OrgKind.BRANCH)
    out = tmp_path / "一个支部.xlsx"
    assert branch.short_name is not None
    result = cli("members", "export", str(out), "--branch", branch.short_name)
    assert result.code == EXIT_OK, result.err
    ws = openpyxl.load_workbook(out).active
    assert _body_rows(ws) == len(list_members(demo_paths.database, branch=branch.name))


def test_unknown_branch_exit_1_and_no_file(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "无.xlsx"
    result = cli("members", "export", str(out), "--branch", "不存在的支部")
    assert result.code == EXIT_INPUT
    assert "不存在的支部" in result.err and HAN.search(result.err)
    assert not out.exists()


def test_wrong_extension_exit_1(cli: Cli, tmp_path: Path) -> None:
    result = cli("members", "export", str(tmp_path / "名册.xls"))
    assert result.code == EXIT_INPUT and ".xlsx" in result.err
    assert list(tmp_path.glob("名册*")) == []


def test_unwritable_folder_exit_3_and_no_file(cli: Cli, tmp_path: Path) -> None:
    blocker = tmp_path / "不是文件夹"
    blocker.write_text("x", encoding="utf-8")
    result = cli("members", "export", str(blocker / "花名册.xlsx"))
    assert result.code == EXIT_ENV
    assert "不是文件夹" in result.err and HAN.search(result.err)
    assert blocker.read_text(encoding="utf-8") == "x"


def test_help_is_chinese(cli: Cli) -> None:
    result = cli("members", "export", "--help")
    assert result.code == EXIT_OK
    assert "--by-branch" in result.out and "每个支部" in result.out


def test_export_as_a_child_process(demo_paths: DataPaths, tmp_path: Path) -> None:
    out = tmp_path / "花名册.xlsx"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "djdesk", "--data-dir", str(demo_paths.root), "members", "export", str(out)],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=120, check=False,
    )
    assert done.returncode == EXIT_OK, done.stderr
    assert out.exists() and "已导出" in done.stdout


def test_columns_and_with_id(cli: Cli, demo_paths: DataPaths, tmp_path: Path) -> None:
    out = tmp_path / "选列.xlsx"
    result = cli("members", "export", str(out), "--columns", "序号，姓名、联系电话", "--with-id")
    assert result.code == EXIT_OK, result.err
    ws = openpyxl.load_workbook(out).active
    assert _headers(ws) == ["序号", "姓名", "公民身份号码", "联系电话"]
    assert _body_rows(ws) == len(list_members(demo_paths.database))


def test_unknown_column_exit_1_and_no_file(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "错列.xlsx"
    result = cli("members", "export", str(out), "--columns", "序号,姓名,籍贯")
    assert result.code == EXIT_INPUT
    assert "籍贯" in result.err and "可以打印的列" in result.err and HAN.search(result.err)
    assert not out.exists() and list(tmp_path.glob("*.xlsx")) == [] and list(tmp_path.glob(".~*")) == []
