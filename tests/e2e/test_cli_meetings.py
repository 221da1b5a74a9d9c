"""``djdesk meetings list`` end to end on the demo 机关党委 (R-MEET-1 … R-MEET-11 kinds), and the hook through
which ``meeting_docs`` and ``compliance`` add their own ``meetings`` subcommands.

In this process through ``djdesk.cli.main(argv)``, and once as a real ``python -m djdesk`` child process.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import types
from collections import Counter
from typing import Any

import pytest

from djdesk.cli import EXIT_INPUT, EXIT_OK, EXIT_USAGE, build_parser
from djdesk.commands import meetings as meetings_command
from djdesk.domain.enums import MeetingKind
from djdesk.paths import DataPaths
from djdesk.services import demo
from tests.e2e.cli_helpers import Cli
from tests.e2e.cli_helpers import json_output as _json

HAN = re.compile(r"[\u4e00-\u9fff]")
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def test_r_meet_1_meetings_list_json(cli: Cli) -> None:
    """R-MEET-1 … R-MEET-11: every demo meeting, newest first, with its kind label, organisation, ISO date and
    应到/实到."""
    items = _json(cli("meetings", "list", "--json"))
    assert len(items) > 300
    first = items[0]
    for key in ("id", "kind", "title", "organisation", "organisation_full", "date", "expected", "present", "held"):
        assert key in first, key
    assert all(ISO.match(i["date"]) for i in items)
    assert [i["date"] for i in items] == sorted((i["date"] for i in items), reverse=True)
    assert {i["kind"] for i in items} <= set(MeetingKind.labels())
    assert all(0 <= i["present"] <= i["expected"] for i in items)
    assert all(i["held"] is True and i["deleted"] is False for i in items)


def test_r_meet_4_meetings_list_filters(cli: Cli) -> None:
    """R-MEET-4: the 党课 of one branch by Chinese label or enum name; a branch with a gap has none (DEMO_GAPS)."""
    by_label = _json(cli("meetings", "list", "--year", "2025", "--branch", "办公室支部", "--kind", "党课", "--json"))
    by_name = _json(cli("meetings", "list", "--branch", "办公室支部", "--kind", "PARTY_LECTURE", "--json"))
    assert by_label == by_name and len(by_label) == 4
    assert {(i["kind"], i["organisation"]) for i in by_label} == {("党课", "办公室支部")}
    gap = next(b for b, kinds in demo.DEMO_GAPS.items() if MeetingKind.PARTY_LECTURE in kinds)
    assert _json(cli("meetings", "list", "--branch", gap, "--kind", "党课", "--json")) == []
    assert _json(cli("meetings", "list", "--year", "2024", "--json")) == []
    # A 党总支 lists its own meetings and its branches'.
    general = Counter(i["organisation"] for i in _json(cli("meetings", "list", "--branch", "综合管理总支", "--json")))
    assert set(general) == {"综合管理总支", "办公室支部", "综合规划处支部", "财务审计处支部",
                            "办公室第一党小组", "办公室第二党小组", "综合规划处第一党小组", "综合规划处第二党小组"}


def test_r_meet_6_meetings_list_text(cli: Cli) -> None:
    """R-MEET-6: the text listing names each 组织生活会 with 应到/实到 and a total line."""
    result = cli("meetings", "list", "--kind", "组织生活会")
    assert result.code == EXIT_OK, result.err
    lines = result.out.strip().splitlines()
    assert lines[-1] == "共 8 次会议"
    assert all("组织生活会" in line and "应到" in line and "实到" in line for line in lines[:-1])
    empty = cli("meetings", "list", "--year", "2024")
    assert (empty.code, empty.out.strip()) == (EXIT_OK, "没有符合条件的会议。")


def test_meetings_list_refusals_and_exit_codes(cli: Cli) -> None:
    """An unknown kind is a usage error (exit 2) listing the kinds; an unknown organisation exits 1."""
    kind = cli("meetings", "list", "--kind", "座谈会")
    assert kind.code == EXIT_USAGE and kind.out == ""
    assert "“座谈会”不是会议类型" in kind.err and "支部党员大会" in kind.err and "理论学习中心组学习" in kind.err
    branch = cli("meetings", "list", "--branch", "不存在的支部")
    assert branch.code == EXIT_INPUT and "找不到党组织“不存在的支部”" in branch.err
    bare = cli("meetings")
    assert bare.code == EXIT_USAGE and HAN.search(bare.err)


def test_meetings_subcommands_of_other_modules_are_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """``meeting_docs`` and ``compliance`` add their subcommands through ``register_into(meetings_sub)``."""
    seen: list[str] = []

    def fake(name: str, command: str) -> types.ModuleType:
        module = types.ModuleType(name)

        def register_into(meetings_sub: Any) -> None:
            seen.append(name)
            meetings_sub.add_parser(command).set_defaults(func=lambda _args: EXIT_OK)

        module.register_into = register_into  # type: ignore[attr-defined]
        return module

    for name, command in zip(meetings_command.EXTENSIONS, ("print", "check"), strict=True):
        monkeypatch.setitem(sys.modules, name, fake(name, command))
    parser = build_parser()
    assert seen == list(meetings_command.EXTENSIONS)
    args = parser.parse_args(["meetings", "check"])
    assert isinstance(args, argparse.Namespace) and args.meetings_command == "check"


def test_missing_extension_module_is_skipped_but_a_broken_one_is_not(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    real = importlib.import_module

    def missing_all(name: str, package: str | None = None) -> types.ModuleType:
        if name in meetings_command.EXTENSIONS:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", missing_all)
    assert build_parser().parse_args(["meetings", "list"]).meetings_command == "list"

    def broken(name: str, package: str | None = None) -> types.ModuleType:
        if name in meetings_command.EXTENSIONS:
            raise ModuleNotFoundError("No module named 'docxtpl'", name="docxtpl")
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", broken)
    with pytest.raises(ModuleNotFoundError):
        build_parser()


def test_meetings_list_as_a_child_process(demo_paths: DataPaths) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "djdesk", "--data-dir", str(demo_paths.root), "meetings", "list", "--json",
         "--kind", "LIFE_MEETING"],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=120, check=False,
    )
    assert done.returncode == EXIT_OK, done.stderr
    items = json.loads(done.stdout)
    assert len(items) == 8 and {i["kind"] for i in items} == {"组织生活会"}
