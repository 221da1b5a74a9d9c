"""``djdesk meetings minutes|signin|notice|book`` end to end on the demo data (R-DOC-4, R-DOC-5).

Through ``djdesk.cli.main(argv)`` in this process, through a parser built from ``register_into`` alone,
and once as a real ``python -m djdesk`` child process.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from djdesk.cli import EXIT_INPUT, EXIT_OK, EXIT_USAGE
from djdesk.commands.common import ChineseParser, subparsers
from djdesk.commands.meeting_docs import register_into
from djdesk.domain.enums import MeetingKind
from djdesk.domain.errors import InputError
from djdesk.paths import DataPaths
from djdesk.services.database import open_store
from djdesk.services.documents import docx_text
from djdesk.store.models import Meeting, Organization
from tests.e2e.cli_helpers import Cli

REPO = Path(__file__).resolve().parents[2]


def _meeting(paths: DataPaths, kind: MeetingKind, short: str = "办公室支部") -> tuple[int, str]:
    store = open_store(paths)
    try:
        with store.sessions() as session:
            row = session.execute(
                select(Meeting.id, Meeting.title).join(Organization, Organization.id == Meeting.organization_id)
                .where(Organization.short_name == short, Meeting.kind == kind).order_by(Meeting.held_on)
            ).first()
            assert row is not None
            return int(row.id), str(row.title)
    finally:
        store.close()


def test_minutes_command_writes_the_minutes(cli: Cli, demo_paths: DataPaths, tmp_path: Path) -> None:
    meeting_id, title = _meeting(demo_paths, MeetingKind.GENERAL_ASSEMBLY)
    out = tmp_path / "会议记录.docx"
    result = cli("meetings", "minutes", str(meeting_id), str(out))
    assert result.code == EXIT_OK, result.err
    assert result.out.strip() == f"已生成会议记录：{out}"
    text = docx_text(out)
    assert text.startswith("办公室支部\n2025年第1次支部党员大会会议记录")
    assert f"会议名称：{title}" in text and "主持人（签字）：" in text


def test_signin_and_notice_commands(cli: Cli, demo_paths: DataPaths, tmp_path: Path) -> None:
    meeting_id, _title = _meeting(demo_paths, MeetingKind.COMMITTEE_MEETING)
    signin = cli("meetings", "signin", str(meeting_id), str(tmp_path / "签到表.docx"))
    assert signin.code == EXIT_OK and "已生成签到表" in signin.out
    assert docx_text(tmp_path / "签到表.docx").startswith("办公室支部委员会会议签到表")
    notice = cli("meetings", "notice", str(meeting_id), str(tmp_path / "通知.docx"), "--on", "2025-01-02")
    assert notice.code == EXIT_OK and "已生成会议通知" in notice.out
    text = docx_text(tmp_path / "通知.docx")
    assert text.startswith("关于召开支部委员会会议的通知") and "2025年1月2日" in text  # R-DOC-4


def test_book_command_by_short_name(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "记录本.docx"
    result = cli("meetings", "book", "--year", "2025", "--branch", "财务审计处支部", str(out))
    assert result.code == EXIT_OK, result.err
    assert "已生成会议记录本" in result.out
    assert "财务审计处支部2025年会议记录本" in docx_text(out)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("minutes", "999999", "x.docx"), "找不到编号为 999999 的会议"),
        (("signin", "999999", "x.docx"), "找不到编号为 999999 的会议"),
        (("notice", "999999", "x.docx"), "找不到编号为 999999 的会议"),
        (("book", "--year", "2025", "--branch", "不存在的支部", "x.docx"), "找不到党组织“不存在的支部”"),
        (("book", "--year", "1999", "--branch", "办公室支部", "x.docx"), "1999年没有已召开的会议"),
    ],
)
def test_unknown_meeting_or_branch_exits_1(cli: Cli, tmp_path: Path, argv: tuple[str, ...], message: str) -> None:
    result = cli("meetings", *[str(tmp_path / a) if a == "x.docx" else a for a in argv])
    assert result.code == EXIT_INPUT
    assert message in result.err and result.out == ""
    assert not (tmp_path / "x.docx").exists()


def test_bad_meeting_id_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    result = cli("meetings", "minutes", "abc", str(tmp_path / "x.docx"))
    assert result.code == EXIT_USAGE and "会议编号应为整数" in result.err


def test_default_template_flag_ignores_a_broken_copy(cli: Cli, demo_paths: DataPaths, tmp_path: Path) -> None:
    meeting_id, _title = _meeting(demo_paths, MeetingKind.THEME_DAY)
    demo_paths.forms.mkdir(parents=True, exist_ok=True)
    (demo_paths.forms / "会议记录.docx").write_bytes(b"not a docx")
    broken = cli("meetings", "minutes", str(meeting_id), str(tmp_path / "m.docx"))
    assert broken.code == EXIT_INPUT and "会议记录.docx" in broken.err
    fixed = cli("meetings", "minutes", str(meeting_id), str(tmp_path / "m.docx"), "--default-template")
    assert fixed.code == EXIT_OK


def test_register_into_builds_the_commands_on_any_meetings_parser(demo_paths: DataPaths, tmp_path: Path) -> None:
    """The commands work on a parser of their own (the meetings module calls ``register_into``)."""
    parser = ChineseParser(prog="djdesk")
    parser.add_argument("--data-dir")
    parser.add_argument("--portable", action="store_true")
    meetings = subparsers(parser, "command").add_parser("meetings")
    register_into(subparsers(meetings, "meetings_command"))
    meeting_id, _title = _meeting(demo_paths, MeetingKind.PARTY_LECTURE)
    args: Any = parser.parse_args(["--data-dir", str(demo_paths.root), "meetings", "minutes", str(meeting_id),
                                   str(tmp_path / "m.docx")])
    assert isinstance(args, argparse.Namespace) and args.func(args) == EXIT_OK
    assert "主讲人：" in docx_text(tmp_path / "m.docx")
    args = parser.parse_args(["--data-dir", str(demo_paths.root), "meetings", "minutes", "424242",
                              str(tmp_path / "x.docx")])
    with pytest.raises(InputError):
        args.func(args)


def test_python_m_djdesk_meetings_minutes(demo_paths: DataPaths, tmp_path: Path) -> None:
    meeting_id, _title = _meeting(demo_paths, MeetingKind.GENERAL_ASSEMBLY)
    out = tmp_path / "m.docx"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "djdesk", "--data-dir", str(demo_paths.root), "meetings", "minutes", str(meeting_id),
         str(out)], capture_output=True, text=True, cwd=REPO, env=env, timeout=120)
    assert result.returncode == EXIT_OK, result.stderr
    assert "已生成会议记录" in result.stdout and out.is_file()
    missing = subprocess.run(
        [sys.executable, "-m", "djdesk", "--data-dir", str(demo_paths.root), "meetings", "minutes", "999999",
         str(tmp_path / "missing.docx")], capture_output=True, text=True, cwd=REPO, env=env, timeout=120)
    assert missing.returncode == EXIT_INPUT and "找不到编号为 999999 的会议" in missing.stderr
