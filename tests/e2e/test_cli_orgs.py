"""``djdesk orgs list`` and ``djdesk reminders`` end to end on the demo 机关党委 (R-ORG-5, R-ORG-7).

In this process through ``djdesk.cli.main(argv)``, and once as a real ``python -m djdesk`` child process.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

from djdesk.cli import EXIT_INPUT, EXIT_OK, EXIT_USAGE
from djdesk.domain.dates import add_years
from djdesk.paths import DataPaths
from djdesk.services import demo
from tests.e2e.cli_helpers import Cli
from tests.e2e.cli_helpers import json_output as _json

HAN = re.compile(r"[\u4e00-\u9fff]")
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ON = demo.reference_date(2025).isoformat()


def test_r_org_7_orgs_list_json_has_term_end_and_status(cli: Cli) -> None:
    rows = _json(cli("orgs", "list", "--json", "--on", ON))
    assert len(rows) == 23
    kinds = [r["kind"] for r in rows]
    assert kinds.count("党小组") == 12 and kinds.count("党支部") == 8  # the null case is really exercised
    for row in rows:
        assert {"term_end", "term_status", "term_number", "term_elected_on"} <= row.keys()
        if row["kind"] == "党小组":
            assert row["term_end"] is None and row["term_status"] is None
        else:
            assert ISO.match(row["term_end"]), row
            assert row["term_status"] in ("正常", "即将届满", "已超期")
    statuses = {r["short_name"]: r["term_status"] for r in rows if r["term_status"] not in (None, "正常")}
    assert statuses == {demo.OVERDUE_BRANCH: "已超期", demo.DUE_SOON_BRANCH: "即将届满"}


def test_r_org_5_orgs_list_term_end_is_three_or_five_years_after_the_election(cli: Cli) -> None:
    rows = _json(cli("orgs", "list", "--json", "--on", ON))
    for row in rows:
        if row["kind"] == "党小组":
            continue
        years = 5 if row["kind"] == "机关党委" else 3
        elected = dt.date.fromisoformat(row["term_elected_on"])
        assert row["term_end"] == add_years(elected, years).isoformat(), row
    overdue = next(r for r in rows if r["short_name"] == demo.OVERDUE_BRANCH)
    assert overdue["term_end"] == "2024-09-20"


def test_orgs_list_plain_text(cli: Cli) -> None:
    result = cli("orgs", "list", "--on", ON)
    assert result.code == EXIT_OK
    overdue = next(line for line in result.out.splitlines() if demo.OVERDUE_BRANCH.removesuffix("支部") in line)
    assert "已超期" in overdue


def test_r_org_7_reminders_json_lists_the_two_demo_branches(cli: Cli) -> None:
    found = _json(cli("reminders", "--on", ON, "--json", "--topic", "换届", "--topic", "组织设置", "--topic", "班子"))
    assert [(r["organisation"], r["severity"], r["rule"], r["topic"]) for r in found] == [
        (demo.OVERDUE_BRANCH, "紧急", "R-ORG-7", "换届"),  # 紧急 first, then 注意
        (demo.DUE_SOON_BRANCH, "注意", "R-ORG-7", "换届"),
    ]
    assert [r["deadline"] for r in found] == ["2024-09-20", "2026-03-10"]
    assert "已超期" in found[0]["text"] and "2024年9月20日" in found[0]["text"]
    assert "届满" in found[1]["text"]
    assert all(isinstance(r["org_id"], int) for r in found)


def test_r_org_7_reminders_on_an_impossible_date_is_a_usage_error(cli: Cli) -> None:
    result = cli("reminders", "--on", "2025-13-01")
    assert result.code == EXIT_USAGE
    assert result.out == ""
    assert HAN.search(result.err)
    assert "参数有误" in result.err and "2025年13月1日" in result.err
    assert "error:" not in result.err and "invalid" not in result.err


def test_r_org_7_reminders_plain_text_marks_urgent(cli: Cli) -> None:
    result = cli("reminders", "--on", ON, "--topic", "换届")
    assert result.code == EXIT_OK
    lines = result.out.splitlines()
    assert lines[0].startswith("【紧急】") and demo.OVERDUE_BRANCH in lines[0]  # 紧急 first
    assert lines[1].startswith("【注意】") and demo.DUE_SOON_BRANCH in lines[1]
    assert lines[-1] == "共 2 条提醒"


def test_r_org_7_reminders_default_to_today(cli: Cli) -> None:
    """Without --on the real date is used; the overdue demo branch stays overdue until its 换届."""
    result = cli("reminders")
    assert result.code == EXIT_OK
    assert any(line.startswith("【紧急】") and demo.OVERDUE_BRANCH in line for line in result.out.splitlines())


def test_r_org_7_reminders_in_a_real_process(demo_paths: DataPaths, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONIOENCODING": "utf-8",
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path / "home"),  # never the real user data dir
        "XDG_DATA_HOME": str(tmp_path / "home" / "share"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "djdesk", "--data-dir", str(demo_paths.root), "reminders", "--on", ON,
         "--topic", "换届"],
        capture_output=True, text=True, encoding="utf-8", cwd=tmp_path, env=env, timeout=120, check=False,
    )
    assert done.returncode == EXIT_OK, done.stderr
    assert "【紧急】" in done.stdout and demo.OVERDUE_BRANCH in done.stdout
    assert "【注意】" in done.stdout and demo.DUE_SOON_BRANCH in done.stdout
    assert done.stdout.splitlines()[-1] == "共 2 条提醒"


def test_r_meet_1_reminders_also_list_missing_organisational_life(cli: Cli) -> None:
    """Without --topic, the demo's deliberately missing meetings are reminded too (R-MEET-1 … R-MEET-11)."""
    found = _json(cli("reminders", "--on", ON, "--json"))
    topics = {r["topic"] for r in found}
    assert "换届" in topics and "组织生活" in topics
    assert any(r["rule"].startswith("R-MEET") for r in found if r["topic"] == "组织生活")


def test_remind_letter_for_a_branch_not_due_is_refused(cli: Cli, tmp_path: Path) -> None:
    """R-ORG-7: only a term due within the reminder period (or overdue) gets a 换届提醒函."""
    out = tmp_path / "提醒函.docx"
    result = cli("orgs", "remind-letter", "办公室支部", str(out), "--on", "2025-10-01")
    assert result.code == EXIT_INPUT
    assert "还不到换届提醒的时间" in result.err and "R-" not in result.err
    assert not out.exists()
    due = cli("orgs", "remind-letter", demo.DUE_SOON_BRANCH, str(out), "--on", "2025-10-01")
    assert due.code == EXIT_OK, due.err
    assert out.exists()
