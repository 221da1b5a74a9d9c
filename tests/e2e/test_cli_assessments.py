"""``djdesk assessments …`` end to end on the demo 机关党委 (R-EVAL-1 … R-EVAL-5), through ``djdesk.cli.main``.

``djdesk/cli.py`` registers ``djdesk.commands.assessments``; until it does, the fixture adds the subcommand to
the parser the same way (a no-op once it is registered).
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest

from djdesk import cli as cli_module
from djdesk.cli import EXIT_INPUT, EXIT_OK, EXIT_USAGE
from djdesk.commands import assessments
from djdesk.services import demo
from djdesk.services.yearend_export import SHEETS
from tests.e2e.cli_helpers import Cli

HAN = re.compile(r"[\u4e00-\u9fff]")


def _with_assessments(build: Callable[[], Any]) -> Callable[[], Any]:
    def parser() -> Any:
        built = build()
        sub = next(a for a in built._actions if isinstance(a, argparse._SubParsersAction))
        if "assessments" not in sub.choices:
            assessments.register(sub)
        return built

    return parser


@pytest.fixture
def cli(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """The demo ``cli`` of tests/e2e/conftest.py, with the ``assessments`` subcommand in the parser."""
    monkeypatch.setattr(cli_module, "build_parser", _with_assessments(cli_module.build_parser))
    return cli


def test_export_writes_the_year_end_workbook(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "年终汇总.xlsx"
    result = cli("assessments", "export", "2025", str(out), "--on", "2026-01-20")
    assert result.code == EXIT_OK, result.err
    assert "已导出2025年民主评议" in result.out and str(out) in result.out
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == list(SHEETS)
    assert "制表日期：2026年1月20日" in "".join(str(c.value) for c in book[SHEETS[0]][2] if c.value)


@pytest.mark.parametrize(("argv", "code", "fragment"), [
    (("assessments", "export", "2025", "x.xls"), EXIT_INPUT, "应以 .xlsx 结尾"),
    (("assessments", "export", "25", "x.xlsx"), EXIT_USAGE, "四位数的年份"),
    (("assessments", "ballot", "--year", "2025", "--branch", "没有这个支部", "x.docx"), EXIT_INPUT, "找不到党组织"),
    (("assessments", "ballot", "--year", "2025", "--branch", "办公室支部", "x.pdf"), EXIT_INPUT, "应以 .docx 结尾"),
    (("assessments", "ballot", "--branch", "办公室支部", "x.docx"), EXIT_USAGE, "缺少必需的参数"),
    (("assessments", "ballot", "--year", "2099", "--branch", "办公室支部", "x.docx"), EXIT_INPUT, "2099年"),
    (("assessments", "nomination", "999", "x.docx"), EXIT_INPUT, "找不到这条评先评优记录"),
    (("assessments", "nomination", "一", "x.docx"), EXIT_USAGE, "不是有效的整数"),
])
def test_bad_input_gives_a_chinese_message_and_exit_code(cli: Cli, tmp_path: Path, argv: tuple[str, ...], code: int,
                                                         fragment: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli(*argv)
    assert result.code == code, (result.out, result.err)
    assert fragment in result.err and HAN.search(result.err)
    assert not any(tmp_path.glob("x.*"))


def test_r_eval_1_ballot(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "测评表.docx"
    result = cli("assessments", "ballot", "--year", "2025", "--branch", demo.EXCELLENT_HEAVY_BRANCH, str(out))
    assert result.code == EXIT_OK, result.err
    assert "民主评议党员测评表" in result.out
    assert len(docx.Document(str(out)).tables[0].rows) == 1 + 46


def test_r_eval_5_nominations_list_and_form(cli: Cli, tmp_path: Path) -> None:
    listed = cli("assessments", "nominations", "2025", "--json")
    assert listed.code == EXIT_OK, listed.err
    rows = json.loads(listed.out)
    assert len(rows) == 7 and rows[-1]["title"] == "先进基层党组织" and rows[-1]["status"] == "表彰"
    out = tmp_path / "审批表.docx"
    result = cli("assessments", "nomination", str(rows[0]["id"]), str(out))
    assert result.code == EXIT_OK, result.err
    assert out.is_file() and "评先评优推荐审批表" in result.out
    plain = cli("assessments", "nominations", "2026")
    assert plain.code == EXIT_OK and "还没有录入" in plain.out


def test_r_eval_2_results_warn_for_the_heavy_branch_only(cli: Cli) -> None:
    result = cli("assessments", "results", "2025", "--json")
    assert result.code == EXIT_OK, result.err
    rows = json.loads(result.out)
    assert [r["organisation"] for r in rows if r["warnings"]] == [demo.EXCELLENT_HEAVY_BRANCH]
    assert sum(r["counts"]["不合格"] for r in rows) == 1
    text = cli("assessments", "results", "2025", "--branch", demo.EXCELLENT_HEAVY_BRANCH)
    assert text.code == EXIT_OK and "【注意】" in text.out and "优秀一般不超过" in text.out


def test_checklist_is_created_from_the_work_plan_once(cli: Cli) -> None:
    first = cli("assessments", "checklist", "2025")
    assert first.code == EXIT_OK, first.err
    assert "已按年度党建工作要点建立默认考核表（26项）" in first.out and "政治建设" in first.out
    again = cli("assessments", "checklist", "2025", "--json")
    items = json.loads(again.out)
    assert len(items) == 26 and sum(i["max_points"] for i in items if i["kind"] == "基本项") == 100


def test_help_is_in_chinese(cli: Cli) -> None:
    result = cli("assessments", "-h")
    assert result.code == EXIT_OK and "用法" in result.out and "测评表" in result.out
