"""Files the clerk owns are never overwritten by surprise (issue 12, point 6), on the command line.

Every command that writes a file refuses (exit 1, nothing written) a target that already exists
unless ``--force`` is given, and refuses always the database, its side files and anything inside
the data folder; ``members import --report`` also refuses the roster it reads. Each refusal leaves
the target byte-identical (and the database unchanged).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from djdesk.cli import EXIT_INPUT, EXIT_OK
from djdesk.domain.enums import MeetingKind
from djdesk.paths import DataPaths
from djdesk.services import demo
from tests.e2e.cli_helpers import Cli
from tests.e2e.test_cli_meeting_docs import _meeting
from tests.services.test_roster_import_support import HEADER, member_row, pid, write_xlsx

EXISTS = "已存在。要覆盖它请加 --force，或换一个文件名。"
BYTES = b"the clerk's own file: not to be lost\n"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def database_state(paths: DataPaths) -> dict[str, str]:
    """The database and its side files as they are on disk."""
    return {p.name: sha(p) for p in sorted(paths.root.glob("djdesk.sqlite3*"))}


# Each exporting command as argv (without the target), from the demo data.
Argv = Callable[[DataPaths], list[str]]
EXPORTS: dict[str, tuple[Argv, str]] = {
    "members export": (lambda p: ["members", "export"], ".xlsx"),
    "members template": (lambda p: ["members", "template"], ".xlsx"),
    "orgs export": (lambda p: ["orgs", "export"], ".xlsx"),
    "orgs remind-letter": (lambda p: ["orgs", "remind-letter", demo.DUE_SOON_BRANCH], ".docx"),
    "meetings minutes": (lambda p: ["meetings", "minutes", str(_meeting(p, MeetingKind.GENERAL_ASSEMBLY)[0])],
                         ".docx"),
    "meetings signin": (lambda p: ["meetings", "signin", str(_meeting(p, MeetingKind.GENERAL_ASSEMBLY)[0])],
                        ".docx"),
    "meetings notice": (lambda p: ["meetings", "notice", str(_meeting(p, MeetingKind.GENERAL_ASSEMBLY)[0])],
                        ".docx"),
    "meetings book": (lambda p: ["meetings", "book", "--year", "2025", "--branch", "财务审计处支部"], ".docx"),
    "meetings compliance": (lambda p: ["meetings", "compliance", "--year", "2025"], ".xlsx"),
    "assessments export": (lambda p: ["assessments", "export", "2025"], ".xlsx"),
    "assessments ballot": (lambda p: ["assessments", "ballot", "--year", "2025", "--branch",
                                      demo.EXCELLENT_HEAVY_BRANCH], ".docx"),
    "assessments nomination": (lambda p: ["assessments", "nomination", "1"], ".docx"),
}


@pytest.fixture(params=sorted(EXPORTS))
def export(request: pytest.FixtureRequest, demo_paths: DataPaths) -> tuple[list[str], str]:
    argv, suffix = EXPORTS[request.param]
    return argv(demo_paths), suffix


def test_an_existing_file_is_kept_without_force(cli: Cli, export: tuple[list[str], str], tmp_path: Path,
                                                demo_paths: DataPaths) -> None:
    argv, suffix = export
    target = tmp_path / f"已有的文件{suffix}"
    target.write_bytes(BYTES)
    before = database_state(demo_paths)
    result = cli(*argv, str(target))
    assert result.code == EXIT_INPUT, result
    assert result.err.strip() == f"文件“{target}”{EXISTS}"
    assert target.read_bytes() == BYTES
    assert database_state(demo_paths) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [target.name]  # no temporary file left


def test_force_replaces_the_file(cli: Cli, export: tuple[list[str], str], tmp_path: Path) -> None:
    argv, suffix = export
    target = tmp_path / f"已有的文件{suffix}"
    target.write_bytes(BYTES)
    result = cli(*argv, str(target), "--force")
    assert result.code == EXIT_OK, result.err
    assert target.read_bytes() != BYTES and target.stat().st_size > 1000


@pytest.mark.parametrize("name", ["djdesk.sqlite3", "djdesk.sqlite3-wal", "djdesk.sqlite3-shm", "backups/新的.x",
                                  "新的.x", "forms/会议记录.x"])
def test_the_database_and_the_data_folder_are_refused_even_with_force(
        cli: Cli, export: tuple[list[str], str], demo_paths: DataPaths, name: str) -> None:
    argv, suffix = export
    target = demo_paths.root / name.replace(".x", suffix)
    before = database_state(demo_paths)
    existed = target.read_bytes() if target.exists() else None
    files = sorted(p for p in demo_paths.root.rglob("*") if p.is_file())
    result = cli(*argv, str(target), "--force")
    assert result.code == EXIT_INPUT, result
    assert "数据库文件" in result.err or "数据文件夹" in result.err, result.err
    assert database_state(demo_paths) == before
    assert (target.read_bytes() if target.exists() else None) == existed
    assert sorted(p for p in demo_paths.root.rglob("*") if p.is_file()) == files


def test_a_database_file_elsewhere_is_refused_too(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "U盘" / "djdesk.sqlite3"
    target.parent.mkdir()
    target.write_bytes(BYTES)
    result = cli("members", "export", str(target), "--force")
    assert result.code == EXIT_INPUT and "数据库文件" in result.err
    assert target.read_bytes() == BYTES


# --- members import --report -----------------------------------------------------------------


def bad_roster(tmp_path: Path) -> Path:
    """One good row and one with an invalid ID: the report has something to say."""
    return write_xlsx(tmp_path / "名册.xlsx", {"Sheet1": [HEADER, member_row("张三", pid(1980)),
                                                          member_row("王五", "110105198005060118")]})


def test_the_report_may_not_overwrite_the_roster(cli: Cli, tmp_path: Path, demo_paths: DataPaths) -> None:
    roster = bad_roster(tmp_path)
    original, before = roster.read_bytes(), database_state(demo_paths)
    for report in (roster, tmp_path / "." / "名册.xlsx"):
        result = cli("members", "import", str(roster), "--skip-invalid", "--report", str(report), "--force")
        assert result.code == EXIT_INPUT, result
        assert "正在读取的文件本身" in result.err
        assert roster.read_bytes() == original
    assert database_state(demo_paths) == before  # nothing imported either


def test_the_report_may_not_overwrite_the_database(cli: Cli, tmp_path: Path, demo_paths: DataPaths) -> None:
    roster = bad_roster(tmp_path)
    before = database_state(demo_paths)
    result = cli("members", "import", str(roster), "--skip-invalid", "--report", str(demo_paths.database), "--force")
    assert result.code == EXIT_INPUT and "数据库文件" in result.err
    assert database_state(demo_paths) == before


def test_an_existing_report_is_kept_and_nothing_imported(cli: Cli, tmp_path: Path, demo_paths: DataPaths) -> None:
    roster, report = bad_roster(tmp_path), tmp_path / "报告.xlsx"
    report.write_bytes(BYTES)
    before = database_state(demo_paths)
    result = cli("members", "import", str(roster), "--skip-invalid", "--report", str(report))
    assert result.code == EXIT_INPUT and result.err.strip() == f"文件“{report}”{EXISTS}"
    assert report.read_bytes() == BYTES
    assert database_state(demo_paths) == before
    forced = cli("members", "import", str(roster), "--skip-invalid", "--report", str(report), "--force", "--json")
    assert forced.code == EXIT_OK, forced.err
    assert json.loads(forced.out)["written"] is True and report.read_bytes() != BYTES


# --- db backup ---------------------------------------------------------------------------------


def test_an_older_backup_is_kept_without_force(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "备份.sqlite3"
    target.write_bytes(BYTES)
    result = cli("db", "backup", str(target))
    assert result.code == EXIT_INPUT and result.err.strip() == f"文件“{target}”{EXISTS}"
    assert target.read_bytes() == BYTES
    assert cli("db", "backup", str(target), "--force").code == EXIT_OK
    assert target.read_bytes()[:15] == b"SQLite format 3"
    # A folder gets a new, time-stamped file: nothing is replaced.
    assert cli("db", "backup", str(tmp_path)).code == EXIT_OK
