"""The start-up password guards the command line too (issue 12, point 9).

With a password set, every command that reads, prints or writes the records (all that open the
database, and ``db backup``/``db restore``) asks for it: from ``--password-stdin`` (one line, the
option before the command), else on the terminal, else it is refused with exit code 3, having
printed and written nothing. Five wrong tries lock it out for 30 seconds, the window's login too.
Unguarded, because they show no record: ``--version``, ``-h``, ``db path``, ``db check`` (the file's
soundness only, the rescue tool when the database is damaged) and ``members template`` (an empty form).
"""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
from pathlib import Path

import pytest

from djdesk.cli import EXIT_ENV, EXIT_OK
from djdesk.commands.common import PASSWORD_HOW
from djdesk.domain.enums import MeetingKind
from djdesk.domain.password import MAX_TRIES
from djdesk.paths import DataPaths
from djdesk.services import demo
from djdesk.services.database import open_store
from djdesk.services.login import LOCKOUT_FILENAME, LoginGuard
from djdesk.services.security import set_password
from djdesk.store.backup import backup_to
from tests.e2e.cli_helpers import Result, child_env, run_main
from tests.e2e.test_cli_meeting_docs import _meeting
from tests.services.test_roster_import_support import HEADER, member_row, pid, write_xlsx

PASSWORD = "党建2026"


@pytest.fixture
def protected(demo_paths: DataPaths) -> DataPaths:
    store = open_store(demo_paths)
    try:
        set_password(store.sessions, PASSWORD)
    finally:
        store.close()
    return demo_paths


def files(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` and its bytes' hash, but the lock-out's own state and what SQLite
    makes to read a database: its shared-memory index and an empty write-ahead log (a log with
    pages in it would be a write, and is compared)."""
    def kept(p: Path) -> bool:
        if not p.is_file() or p.name == LOCKOUT_FILENAME or p.name.endswith("-shm"):
            return False
        return not (p.name.endswith("-wal") and p.stat().st_size == 0)

    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if kept(p)}


def guarded(paths: DataPaths, out: Path) -> dict[str, list[str]]:
    """Each guarded command, writing (if it writes) under ``out``."""
    roster = write_xlsx(out / "名册.xlsx", {"Sheet1": [HEADER, member_row("新同志", pid(1990)),
                                                       member_row("错的", "110105198005060118")]})
    backup = backup_to(paths.database, out / "备份" / "旧.sqlite3")
    meeting = str(_meeting(paths, MeetingKind.GENERAL_ASSEMBLY)[0])
    return {
        "members list": ["members", "list"],
        "members list --json": ["members", "list", "--json"],
        "members export": ["members", "export", str(out / "花名册.xlsx")],
        "members import": ["members", "import", str(roster), "--skip-invalid"],
        "members import --report": ["members", "import", str(roster), "--dry-run", "--skip-invalid", "--report",
                                    str(out / "报告.xlsx")],
        "db backup": ["db", "backup", str(out / "新备份.sqlite3")],
        "db restore": ["db", "restore", str(backup)],
        "meetings list": ["meetings", "list"],
        "meetings minutes": ["meetings", "minutes", meeting, str(out / "记录.docx")],
        "meetings signin": ["meetings", "signin", meeting, str(out / "签到.docx")],
        "meetings notice": ["meetings", "notice", meeting, str(out / "通知.docx")],
        "meetings book": ["meetings", "book", "--year", "2025", "--branch", "财务审计处支部", str(out / "本.docx")],
        "meetings compliance": ["meetings", "compliance", "--year", "2025", str(out / "统计.xlsx")],
        "orgs list": ["orgs", "list"],
        "orgs add": ["orgs", "add", "--kind", "党支部", "--name", "中共测试处支部委员会", "--parent", "机关党委"],
        "orgs export": ["orgs", "export", str(out / "组织.xlsx")],
        "orgs remind-letter": ["orgs", "remind-letter", demo.DUE_SOON_BRANCH, str(out / "函.docx")],
        "reminders": ["reminders"],
        "assessments export": ["assessments", "export", "2025", str(out / "汇总.xlsx")],
        "assessments ballot": ["assessments", "ballot", "--year", "2025", "--branch", demo.EXCELLENT_HEAVY_BRANCH,
                               str(out / "测评.docx")],
        "assessments nomination": ["assessments", "nomination", "1", str(out / "审批.docx")],
        "assessments results": ["assessments", "results", "2025"],
        "assessments nominations": ["assessments", "nominations", "2025"],
        "settings list": ["settings", "list"],
        "settings set": ["settings", "set", "unit.clerk_name", "李四"],
        "demo --remove": ["demo", "--remove"],
    }


GUARDED = sorted([  # the keys of guarded(), for the test ids
    "members list", "members list --json", "members export", "members import", "members import --report",
    "db backup", "db restore", "meetings list", "meetings minutes", "meetings signin", "meetings notice",
    "meetings book", "meetings compliance", "orgs list", "orgs add", "orgs export", "orgs remind-letter",
    "reminders", "assessments export", "assessments ballot", "assessments nomination", "assessments results",
    "assessments nominations", "settings list", "settings set", "demo --remove"])


def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, paths: DataPaths, argv: list[str],
        *, stdin: str | None = None) -> Result:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin or ""))
    prefix = ["--data-dir", str(paths.root), *(["--password-stdin"] if stdin is not None else [])]
    return run_main(capsys, [*prefix, *argv])


@pytest.mark.parametrize("name", GUARDED)
def test_refused_without_the_password_printing_and_writing_nothing(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, protected: DataPaths, tmp_path: Path,
        name: str) -> None:
    argv = guarded(protected, tmp_path)[name]
    before, outside = files(protected.root), files(tmp_path)
    result = run(capsys, monkeypatch, protected, argv)
    assert result.code == EXIT_ENV, result
    assert result.err.strip() == PASSWORD_HOW
    assert result.out == ""
    assert files(protected.root) == before and files(tmp_path) == outside
    assert not (protected.root / LOCKOUT_FILENAME).exists()  # no try was made


@pytest.mark.parametrize("name", GUARDED)
def test_accepted_with_password_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                      protected: DataPaths, tmp_path: Path, name: str) -> None:
    argv = guarded(protected, tmp_path)[name]
    if name == "demo --remove":  # refuses: the demo data has been changed (the password was set)
        result = run(capsys, monkeypatch, protected, argv, stdin=PASSWORD + "\n")
        assert result.code == 1 and "示例数据" in result.err, result
        return
    result = run(capsys, monkeypatch, protected, argv, stdin=PASSWORD + "\n")
    assert result.code == EXIT_OK, result


def test_a_wrong_password_is_refused_and_five_lock_out_the_window_too(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, protected: DataPaths) -> None:
    for left in range(MAX_TRIES - 1, 0, -1):
        result = run(capsys, monkeypatch, protected, ["members", "list"], stdin="党建2025\n")
        assert result.code == EXIT_ENV and result.out == ""
        assert result.err.strip() == f"启动密码不正确，命令没有执行。密码不正确，还可以再试 {left} 次。"
    result = run(capsys, monkeypatch, protected, ["members", "list"], stdin="错\n")
    assert result.code == EXIT_ENV and "连续 5 次密码错误，请等待 30 秒后再试。" in result.err
    # Even the right password waits, here and in the window's login.
    result = run(capsys, monkeypatch, protected, ["members", "list"], stdin=PASSWORD + "\n")
    assert result.code == EXIT_ENV and result.out == "" and "请等待" in result.err
    assert 25 <= LoginGuard(protected).wait_left() <= 30


def test_the_window_login_shares_the_lock_out(qtbot: object, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch, protected: DataPaths) -> None:
    from djdesk.domain.password import make_record
    from djdesk.ui.login_dialog import LoginDialog

    for _ in range(MAX_TRIES):
        run(capsys, monkeypatch, protected, ["reminders"], stdin="错\n")
    dialog = LoginDialog(make_record(PASSWORD), guard=LoginGuard(protected))
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    assert not dialog.password.isEnabled() and "请等待" in dialog.message.text()
    dialog.timer.stop()


def test_an_empty_stdin_is_no_password(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                       protected: DataPaths) -> None:
    result = run(capsys, monkeypatch, protected, ["members", "list"], stdin="")
    assert result.code == EXIT_ENV and "没有从标准输入读到启动密码" in result.err
    assert not (protected.root / LOCKOUT_FILENAME).exists()


def test_on_a_terminal_it_is_asked_for(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                       protected: DataPaths) -> None:
    import getpass

    answers = iter(["错的", PASSWORD])
    asked: list[str] = []

    def fake_getpass(prompt: str = "") -> str:
        asked.append(prompt)
        return next(answers)

    monkeypatch.setattr(getpass, "getpass", fake_getpass)
    tty = io.StringIO("")
    monkeypatch.setattr(tty, "isatty", lambda: True)
    monkeypatch.setattr(sys, "stdin", tty)
    result = run_main(capsys, ["--data-dir", str(protected.root), "members", "list"])
    assert result.code == EXIT_OK, result
    assert asked == ["请输入启动密码：", "请输入启动密码："]
    assert "密码不正确，还可以再试 4 次。" in result.err and "共 " in result.out


@pytest.mark.parametrize("argv", [["--version"], ["db", "path"], ["db", "check"], ["members", "template", "T"]])
def test_unguarded_commands_show_no_record(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                           protected: DataPaths, tmp_path: Path, argv: list[str]) -> None:
    argv = [str(tmp_path / "模板.xlsx") if a == "T" else a for a in argv]
    result = run(capsys, monkeypatch, protected, argv)
    assert result.code == EXIT_OK, result


def test_without_a_password_nothing_is_asked(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                             demo_paths: DataPaths) -> None:
    result = run(capsys, monkeypatch, demo_paths, ["members", "list"])
    assert result.code == EXIT_OK and "共 " in result.out


def test_a_real_process_reads_the_password_from_its_stdin(protected: DataPaths, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "djdesk", "--data-dir", str(protected.root)]
    env = child_env(tmp_path / "home")
    given = subprocess.run([*command, "--password-stdin", "members", "list"], input=PASSWORD + "\n",
                           capture_output=True, text=True, encoding="utf-8", env=env, timeout=120, check=False)
    assert given.returncode == EXIT_OK, given.stderr
    assert "共 " in given.stdout
    refused = subprocess.run([*command, "members", "list"], stdin=subprocess.DEVNULL, capture_output=True, text=True,
                             encoding="utf-8", env=env, timeout=120, check=False)
    assert refused.returncode == EXIT_ENV and refused.stdout == ""
    assert PASSWORD_HOW in refused.stderr


def test_a_backup_from_a_read_only_folder_still_asks_for_the_password(protected: DataPaths, tmp_path: Path) -> None:
    """Rescuing a copy out of a read-only data folder works, with the password and only with it."""
    from tests.e2e.test_faults import members_of, read_only

    usb = tmp_path / "U盘"
    usb.mkdir()
    command = [sys.executable, "-m", "djdesk", "--data-dir", str(protected.root)]
    backup = ["db", "backup", str(usb / "抢救.sqlite3")]
    env = child_env(tmp_path / "home")
    with read_only(protected.root):
        refused = subprocess.run([*command, *backup], stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                 encoding="utf-8", env=env, timeout=120, check=False)
        given = subprocess.run([*command, "--password-stdin", *backup], input=PASSWORD + "\n", capture_output=True,
                               text=True, encoding="utf-8", env=env, timeout=120, check=False)
    assert refused.returncode == EXIT_ENV and PASSWORD_HOW in refused.stderr
    assert given.returncode == EXIT_OK, given.stderr
    assert members_of(usb / "抢救.sqlite3") == members_of(protected.database)
