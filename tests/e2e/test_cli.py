"""The command line end to end: ``djdesk.cli.main(argv)`` in this process and ``python -m djdesk``
in a real child process.

Exit codes (cli.py): 0 done; 1 input refused, nothing written; 2 usage error; 3 environment problem
(database locked, corrupt, newer schema, folder not writable).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from djdesk import APP_NAME, __version__
from djdesk.cli import EXIT_ENV, EXIT_INPUT, EXIT_OK, EXIT_USAGE
from djdesk.domain.enums import Gender, MemberCategory, OrgKind
from djdesk.paths import DataPaths
from djdesk.services.database import open_store
from djdesk.store.models import Member, Organization
from tests.e2e.cli_helpers import Cli, cli_runner, djdesk
from tests.store.db_files import member_names, sha256

HAN = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_ARGPARSE = ("invalid choice", "error:", "the following arguments", "unrecognized arguments")


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """``djdesk ...`` in this process, with no --data-dir added (overrides the demo ``cli`` of conftest.py)."""
    return cli_runner(capsys)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def filled(data_dir: Path) -> DataPaths:
    """A database with a small tree: 机关党委 → 第一党支部 (张三, 李四), 第二党支部 (王五)."""
    paths = DataPaths(data_dir)
    store = open_store(paths)
    try:
        with store.sessions() as session:
            root = Organization(kind=OrgKind.ORGAN_COMMITTEE, name="示例机关党委")
            first = Organization(kind=OrgKind.BRANCH, name="第一党支部", parent=root, sort_order=1)
            second = Organization(kind=OrgKind.BRANCH, name="第二党支部", parent=root, sort_order=2)
            session.add_all([
                root, first, second,
                Member(name="张三", gender=Gender.MALE, category=MemberCategory.FULL, organization=first,
                       id_number="110101199003074514", joined_on=dt.date(2015, 7, 1),
                       confirmed_on=dt.date(2016, 7, 1)),
                Member(name="李四", gender=Gender.FEMALE, category=MemberCategory.PROBATIONARY,
                       organization=first, joined_on=dt.date(2025, 6, 1)),
                Member(name="王五", category=MemberCategory.FULL, organization=second),
            ])
            session.commit()
    finally:
        store.close()
    return paths


@pytest.fixture
def lock_holder(filled: DataPaths) -> Iterator[sqlite3.Connection]:
    """Another program holding a write transaction on the database."""
    conn = sqlite3.connect(filled.database, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    yield conn
    conn.execute("ROLLBACK")
    conn.close()


def make_newer(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute("UPDATE alembic_version SET version_num = 'ffff_newer'")
    conn.commit()
    conn.close()


def unwritable_data_dir(tmp_path: Path) -> Path:
    """A data folder that cannot be created or written to.

    Tests run as root here, where chmod does not stop writes: then the folder's parent is a
    regular file, so creating it fails the way a read-only or missing drive would.
    """
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        blocker = tmp_path / "afile"
        blocker.write_text("不是文件夹", encoding="utf-8")
        return blocker / "data"
    folder = tmp_path / "readonly"
    folder.mkdir()
    folder.chmod(0o555)
    return folder / "data"


# ---------------------------------------------------------------------------------------------
# usage


def test_version(cli: Cli) -> None:
    result = cli("--version")
    assert result.code == EXIT_OK
    assert APP_NAME in result.out
    assert __version__ in result.out


def test_unknown_subcommand_is_a_usage_error_in_chinese(cli: Cli) -> None:
    result = cli("frobnicate")
    assert result.code == EXIT_USAGE
    assert "参数有误" in result.err
    assert "frobnicate" in result.err
    assert not any(text in result.err for text in ENGLISH_ARGPARSE)


def test_missing_operation_is_a_usage_error_in_chinese(cli: Cli, data_dir: Path) -> None:
    result = cli("--data-dir", str(data_dir), "db")
    assert result.code == EXIT_USAGE
    assert "缺少必需的参数" in result.err
    assert not data_dir.exists()  # a usage error writes nothing


def test_bad_year_is_a_usage_error(cli: Cli, data_dir: Path) -> None:
    result = cli("--data-dir", str(data_dir), "demo", "--year", "二〇二五")
    assert result.code == EXIT_USAGE
    assert "不是有效的整数" in result.err
    assert not data_dir.exists()


def test_help_is_in_chinese(cli: Cli) -> None:
    result = cli("-h")
    assert result.code == EXIT_OK
    for english in ("usage:", "options:", "positional arguments", "show this help message"):
        assert english not in result.out


# ---------------------------------------------------------------------------------------------
# db


def test_db_path_prints_the_database_under_data_dir(cli: Cli, data_dir: Path) -> None:
    result = cli("--data-dir", str(data_dir), "db", "path")
    assert result.code == EXIT_OK
    assert Path(result.out.strip()) == data_dir.resolve() / "djdesk.sqlite3"
    assert not data_dir.exists()  # only tells, creates nothing


def test_db_check_on_an_empty_folder(cli: Cli, data_dir: Path) -> None:
    result = cli("--data-dir", str(data_dir), "db", "check")
    assert result.code == EXIT_OK
    assert "尚未创建" in result.out


def test_db_check_on_a_sound_database(cli: Cli, filled: DataPaths) -> None:
    before = sha256(filled.database)
    result = cli("--data-dir", str(filled.root), "db", "check")
    assert result.code == EXIT_OK
    assert "完好" in result.out
    assert sha256(filled.database) == before


@pytest.mark.parametrize("damage", ["random", "truncated"])
def test_db_check_on_a_corrupt_database(cli: Cli, filled: DataPaths, damage: str) -> None:
    whole = filled.database.read_bytes()
    filled.database.write_bytes(os.urandom(len(whole)) if damage == "random" else whole[: len(whole) // 2])
    before = sha256(filled.database)
    result = cli("--data-dir", str(filled.root), "db", "check")
    assert result.code == EXIT_ENV
    assert "损坏" in result.err
    assert sha256(filled.database) == before


@pytest.mark.parametrize("command", [("db", "check"), ("members", "list"), ("orgs", "list")])
def test_newer_schema_is_refused_untouched(cli: Cli, filled: DataPaths, command: tuple[str, ...]) -> None:
    make_newer(filled.database)
    before = sha256(filled.database)
    result = cli("--data-dir", str(filled.root), *command)
    assert result.code == EXIT_ENV
    assert "更新版本" in result.err
    assert sha256(filled.database) == before
    assert list(filled.backups.iterdir()) == []


def test_backup_then_restore(cli: Cli, filled: DataPaths, tmp_path: Path) -> None:
    usb = tmp_path / "U盘" / "党建备份.sqlite3"
    result = cli("--data-dir", str(filled.root), "db", "backup", str(usb))
    assert result.code == EXIT_OK, result.err
    assert usb.is_file()
    assert str(usb) in result.out

    store = open_store(filled)
    with store.sessions() as session:
        org = session.query(Organization).filter_by(name="第二党支部").one()
        session.add(Member(name="赵六", category=MemberCategory.FULL, organization=org))
        session.commit()
    store.close()

    result = cli("--data-dir", str(filled.root), "db", "restore", str(usb))
    assert result.code == EXIT_OK, result.err
    assert "恢复" in result.out
    assert member_names(filled.database) == ["张三", "李四", "王五"]
    safety = [p for p in filled.backups.glob("before-restore-*.sqlite3")]
    assert len(safety) == 1
    assert member_names(safety[0]) == ["张三", "李四", "王五", "赵六"]
    assert str(safety[0]) in result.out


def test_backup_into_a_folder_gets_a_dated_name(cli: Cli, filled: DataPaths, tmp_path: Path) -> None:
    folder = tmp_path / "备份文件夹"
    folder.mkdir()
    result = cli("--data-dir", str(filled.root), "db", "backup", str(folder))
    assert result.code == EXIT_OK
    [copy] = list(folder.glob("*.sqlite3"))
    assert re.fullmatch(r"djdesk-backup-\d{8}-\d{6}\.sqlite3", copy.name)
    assert member_names(copy) == ["张三", "李四", "王五"]


def test_backup_leaves_exactly_one_file(cli: Cli, filled: DataPaths, tmp_path: Path) -> None:
    usb = tmp_path / "U盘"
    usb.mkdir()
    result = cli("--data-dir", str(filled.root), "db", "backup", str(usb / "党建备份.sqlite3"))
    assert result.code == EXIT_OK
    assert sorted(p.name for p in usb.iterdir()) == ["党建备份.sqlite3"]


def test_backup_without_a_database_is_refused(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    result = cli("--data-dir", str(data_dir), "db", "backup", str(tmp_path / "x.sqlite3"))
    assert result.code == EXIT_INPUT
    assert HAN.search(result.err)
    assert not (tmp_path / "x.sqlite3").exists()


def test_backup_to_an_unwritable_place_is_an_environment_problem(
    cli: Cli, filled: DataPaths, tmp_path: Path
) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("x", encoding="utf-8")
    result = cli("--data-dir", str(filled.root), "db", "backup",
                 str(blocker / "sub" / "x.sqlite3"))
    assert result.code == EXIT_ENV
    assert HAN.search(result.err)


@pytest.mark.parametrize(
    "content",
    [b"", "这是一个文本文件，不是备份。\n".encode(), b"SQLite format 3\x00" + bytes(200)],
    ids=["empty", "text", "bad-header"],
)
def test_restore_of_a_non_database_is_refused(
    cli: Cli, filled: DataPaths, tmp_path: Path, content: bytes
) -> None:
    bogus = tmp_path / "not-a-db.txt"
    bogus.write_bytes(content)
    before = sha256(filled.database)
    result = cli("--data-dir", str(filled.root), "db", "restore", str(bogus))
    assert result.code == EXIT_INPUT
    assert "备份文件" in result.err
    assert sha256(filled.database) == before
    assert list(filled.backups.iterdir()) == []


def test_restore_of_a_newer_backup_is_refused(cli: Cli, filled: DataPaths, tmp_path: Path) -> None:
    newer = tmp_path / "newer.sqlite3"
    src, dst = sqlite3.connect(filled.database), sqlite3.connect(newer)
    src.backup(dst)
    src.close()
    dst.close()
    make_newer(newer)
    before = sha256(filled.database)
    result = cli("--data-dir", str(filled.root), "db", "restore", str(newer))
    assert result.code == EXIT_INPUT
    assert sha256(filled.database) == before


def test_restore_of_a_missing_file(cli: Cli, filled: DataPaths, tmp_path: Path) -> None:
    result = cli("--data-dir", str(filled.root), "db", "restore", str(tmp_path / "无.sqlite3"))
    assert result.code == EXIT_INPUT
    assert "找不到" in result.err


# ---------------------------------------------------------------------------------------------
# environment problems


@pytest.mark.parametrize("command", [("members", "list"), ("orgs", "list"), ("db", "restore", "x.sqlite3")])
def test_unwritable_data_folder(cli: Cli, tmp_path: Path, command: tuple[str, ...]) -> None:
    folder = unwritable_data_dir(tmp_path)
    result = cli("--data-dir", str(folder), *command)
    assert result.code == EXIT_ENV
    assert "数据文件夹" in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize("command", [("members", "list"), ("db", "check")])
def test_locked_database(
    cli: Cli, filled: DataPaths, lock_holder: sqlite3.Connection, command: tuple[str, ...]
) -> None:
    result = cli("--data-dir", str(filled.root), *command)
    assert result.code == EXIT_ENV
    assert "占用" in result.err


# ---------------------------------------------------------------------------------------------
# listing


def test_members_list_of_an_unknown_branch_is_refused(cli: Cli, filled: DataPaths) -> None:
    before = sha256(filled.database)
    result = cli("--data-dir", str(filled.root), "members", "list", "--branch", "不存在的支部")
    assert result.code == EXIT_INPUT
    assert "不存在的支部" in result.err
    assert "找不到" in result.err
    assert sha256(filled.database) == before


def test_members_list_text(cli: Cli, filled: DataPaths) -> None:
    result = cli("--data-dir", str(filled.root), "members", "list", "--branch", "第一党支部")
    assert result.code == EXIT_OK
    assert "张三" in result.out
    assert "李四" in result.out
    assert "王五" not in result.out
    assert "共 2 名党员" in result.out


MEMBER_KEYS = {"name", "gender", "id_number", "branch", "category", "joined_on", "confirmed_on"}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def check_member_items(items: list[dict[str, object]]) -> None:
    assert items
    for item in items:
        assert MEMBER_KEYS <= set(item)
        assert item["gender"] in ("男", "女", None)
        assert item["category"] in ("正式党员", "预备党员")
        for key in ("joined_on", "confirmed_on"):
            assert item[key] is None or ISO_DATE.fullmatch(str(item[key])), item[key]


def test_members_list_json(cli: Cli, filled: DataPaths) -> None:
    result = cli("--data-dir", str(filled.root), "members", "list", "--json")
    assert result.code == EXIT_OK
    items = json.loads(result.out)
    check_member_items(items)
    by_name = {i["name"]: i for i in items}
    assert by_name["张三"] == {**by_name["张三"], "gender": "男", "branch": "第一党支部", "category": "正式党员",
                              "id_number": "110101199003074514", "joined_on": "2015-07-01",
                              "confirmed_on": "2016-07-01"}
    assert by_name["李四"]["category"] == "预备党员"
    assert by_name["李四"]["confirmed_on"] is None
    assert by_name["王五"]["gender"] is None


def test_orgs_list_json(cli: Cli, filled: DataPaths) -> None:
    result = cli("--data-dir", str(filled.root), "orgs", "list", "--json")
    assert result.code == EXIT_OK
    items = json.loads(result.out)
    for item in items:
        assert {"name", "kind", "parent", "members"} <= set(item)
    by_name = {i["name"]: i for i in items}
    assert by_name["示例机关党委"]["parent"] is None
    assert by_name["示例机关党委"]["kind"] == "机关党委"
    assert by_name["示例机关党委"]["members"] == 3
    assert by_name["第一党支部"] == {**by_name["第一党支部"], "kind": "党支部", "parent": "示例机关党委",
                                 "members": 2}


def test_listing_organisations_warns_nothing(cli: Cli, filled: DataPaths) -> None:
    result = cli("--data-dir", str(filled.root), "orgs", "list")
    assert result.code == EXIT_OK
    assert "示例机关党委" in result.out


def test_process_prints_no_warnings(tmp_path: Path, filled: DataPaths) -> None:
    result = djdesk(tmp_path, "--data-dir", str(filled.root), "members", "list")
    assert result.code == EXIT_OK
    assert result.err == ""


# ---------------------------------------------------------------------------------------------
# a real child process: python -m djdesk


def test_process_version(tmp_path: Path) -> None:
    result = djdesk(tmp_path, "--version")
    assert result.code == EXIT_OK
    assert f"{APP_NAME} {__version__}" in result.out


def test_process_unknown_subcommand(tmp_path: Path) -> None:
    result = djdesk(tmp_path, "frobnicate")
    assert result.code == EXIT_USAGE
    assert "参数有误" in result.err
    assert "Traceback" not in result.err


def test_process_check_corrupt_database(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    db = data / "djdesk.sqlite3"
    db.write_bytes(os.urandom(32 * 1024))
    before = sha256(db)
    result = djdesk(tmp_path, "--data-dir", str(data), "db", "check")
    assert result.code == EXIT_ENV
    assert "损坏" in result.err
    assert "Traceback" not in result.err
    assert sha256(db) == before


def test_process_locked_by_another_process(
    tmp_path: Path, filled: DataPaths, lock_holder: sqlite3.Connection
) -> None:
    result = djdesk(tmp_path, "--data-dir", str(filled.root), "members", "list")
    assert result.code == EXIT_ENV
    assert "占用" in result.err


def test_process_list_members_and_restore(tmp_path: Path, filled: DataPaths) -> None:
    result = djdesk(tmp_path, "--data-dir", str(filled.root), "members", "list", "--json")
    assert result.code == EXIT_OK, result.err
    check_member_items(json.loads(result.out))
    bogus = tmp_path / "not-a-db.txt"
    bogus.write_text("不是备份", encoding="utf-8")
    before = sha256(filled.database)
    result = djdesk(tmp_path, "--data-dir", str(filled.root), "db", "restore", str(bogus))
    assert result.code == EXIT_INPUT
    assert sha256(filled.database) == before


# ---------------------------------------------------------------------------------------------
# demo data


def _has_demo() -> bool:
    return (Path(__file__).resolve().parents[2] / "djdesk" / "services" / "demo.py").exists()


needs_demo = pytest.mark.skipif(not _has_demo(), reason="djdesk/services/demo.py not written yet")


@needs_demo
def test_demo_fills_an_empty_database_once(cli: Cli, data_dir: Path) -> None:
    result = cli("--data-dir", str(data_dir), "demo", "--year", "2025")
    assert result.code == EXIT_OK, result.err
    assert "2025" in result.out
    db = data_dir / "djdesk.sqlite3"
    members = member_names(db)
    assert len(members) > 0
    before = sha256(db)

    again = cli("--data-dir", str(data_dir), "demo", "--year", "2025")
    assert again.code == EXIT_INPUT
    assert HAN.search(again.err)
    assert member_names(db) == members
    assert sha256(db) == before

    listed = cli("--data-dir", str(data_dir), "members", "list", "--json")
    assert listed.code == EXIT_OK
    items = json.loads(listed.out)
    check_member_items(items)
    assert {i["gender"] for i in items} == {"男", "女"}
    assert {i["category"] for i in items} == {"正式党员", "预备党员"}

    orgs = cli("--data-dir", str(data_dir), "orgs", "list", "--json")
    assert orgs.code == EXIT_OK
    org_items = json.loads(orgs.out)
    assert [o for o in org_items if o["parent"] is None]
    for item in org_items:
        assert {"name", "kind", "parent", "members"} <= set(item)
    roots = [o for o in org_items if o["parent"] is None]
    assert sum(o["members"] for o in roots) == len(items)


@needs_demo
def test_demo_refuses_a_database_with_data(cli: Cli, filled: DataPaths) -> None:
    before = member_names(filled.database)
    result = cli("--data-dir", str(filled.root), "demo", "--year", "2025")
    assert result.code == EXIT_INPUT
    assert HAN.search(result.err)
    assert member_names(filled.database) == before


def test_a_reader_that_stops_early_gets_no_traceback(demo_paths: DataPaths) -> None:
    """``djdesk members list --json | head``: the pipe closes while djdesk still writes."""
    proc = subprocess.Popen([sys.executable, "-m", "djdesk", "--data-dir", str(demo_paths.root), "members", "list",
                             "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(100)  # the first members arrive …
    proc.stdout.close()  # … then the reader goes away
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    assert proc.wait(timeout=60) == EXIT_INPUT
    assert "Traceback" not in err and "BrokenPipe" not in err, err
