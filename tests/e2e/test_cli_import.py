"""``djdesk members import`` and ``djdesk members template`` end to end (issue points 12, 14)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from djdesk.cli import EXIT_INPUT, EXIT_OK
from djdesk.paths import DataPaths
from tests.e2e.cli_helpers import Result, djdesk, run_main
from tests.services.test_roster_import_bounds import two_cells
from tests.services.test_roster_import_mends import no_permission
from tests.services.test_roster_import_support import (
    HEADER,
    member_row,
    members_by_name,
    open_fresh,
    pid,
    snapshot,
    write_xlsx,
)


def run(capsys: pytest.CaptureFixture[str], paths: DataPaths, *argv: str) -> Result:
    """``djdesk --data-dir <paths> members <argv>`` in this process; a ``SystemExit`` is not expected here."""
    return run_main(capsys, ["--data-dir", str(paths.root), "members", *argv], catch_exit=False)


@pytest.fixture
def prepared(data_paths: DataPaths) -> DataPaths:
    store, _ids = open_fresh(data_paths)
    store.close()
    return data_paths


def state(paths: DataPaths) -> tuple[object, ...]:
    from djdesk.services.database import open_store

    store = open_store(paths)
    try:
        return snapshot(store.sessions)
    finally:
        store.close()


def mixed(tmp_path: Path) -> Path:
    """Two good rows, one invalid ID (row 4) and one future date (row 5)."""
    return write_xlsx(tmp_path / "名册.xlsx", {"Sheet1": [
        HEADER, member_row("张三", pid(1980)), member_row("李四", pid(1985, seq=12), gender="女"),
        member_row("王五", "110105198005060118"), member_row("赵六", pid(1982, seq=13), joined="2099-01-01"),
    ]})


def test_row_errors_refuse_everything_and_are_printed(capsys: pytest.CaptureFixture[str], prepared: DataPaths,
                                                       tmp_path: Path) -> None:
    before = state(prepared)
    code, _out, err = run(capsys, prepared, "import", str(mixed(tmp_path)))
    assert code == EXIT_INPUT
    assert "Sheet1 第4行 公民身份号码：" in err and "Sheet1 第5行 加入党组织日期：" in err
    assert "未导入任何数据" in err and "--skip-invalid" in err
    assert state(prepared) == before


def test_skip_invalid_writes_the_valid_rows(capsys: pytest.CaptureFixture[str], prepared: DataPaths,
                                            tmp_path: Path) -> None:
    code, out, _err = run(capsys, prepared, "import", str(mixed(tmp_path)), "--skip-invalid")
    assert code == EXIT_OK
    assert "Sheet1 第4行 公民身份号码：" in out and "已导入：新增 2 名" in out
    from djdesk.services.database import open_store

    store = open_store(prepared)
    try:
        assert set(members_by_name(store.sessions)) == {"张三", "李四"}
    finally:
        store.close()


def test_dry_run_writes_nothing(capsys: pytest.CaptureFixture[str], prepared: DataPaths, tmp_path: Path) -> None:
    file = write_xlsx(tmp_path / "a.xlsx", {"Sheet1": [HEADER, member_row("张三", pid(1980))]})
    before = state(prepared)
    code, out, _err = run(capsys, prepared, "import", str(file), "--dry-run")
    assert code == EXIT_OK and "试运行：未写入数据库" in out and "新增 1 名" in out
    assert state(prepared) == before


def test_json_output_shape(capsys: pytest.CaptureFixture[str], prepared: DataPaths, tmp_path: Path) -> None:
    code, out, _err = run(capsys, prepared, "import", str(mixed(tmp_path)), "--json", "--dry-run", "--skip-invalid")
    assert code == EXIT_OK
    data = json.loads(out)
    for key in ("created", "updated", "unchanged", "invalid", "ignored", "warnings", "new_branches",
                "skipped_sheets", "errors"):
        assert key in data
    assert (data["created"], data["invalid"], data["new_branches"], data["skipped_sheets"]) == (2, 2, [], [])
    assert [(e["sheet"], e["row"], e["column"]) for e in data["errors"]] == [("Sheet1", 4, "公民身份号码"),
                                                                            ("Sheet1", 5, "加入党组织日期")]
    assert all(set(e) == {"sheet", "row", "column", "message"} for e in data["errors"])


def test_report_lists_the_error_rows(capsys: pytest.CaptureFixture[str], prepared: DataPaths, tmp_path: Path) -> None:
    report = tmp_path / "错误.xlsx"
    before = state(prepared)
    code, _out, _err = run(capsys, prepared, "import", str(mixed(tmp_path)), "--report", str(report))
    assert code == EXIT_INPUT and state(prepared) == before
    book = openpyxl.load_workbook(report, read_only=True)
    rows = [r for r in book.active.iter_rows(values_only=True)]
    book.close()
    header = next(r for r in rows if r and "问题" in r)
    problems = [r for r in rows[rows.index(header) + 1:] if isinstance(r[0], int | float)]
    assert [int(r[0]) for r in problems] == [4, 5]
    assert all(r[header.index("问题")] for r in problems)


def test_branch_option_and_unknown_branch_listed(capsys: pytest.CaptureFixture[str], prepared: DataPaths,
                                                 tmp_path: Path) -> None:
    file = write_xlsx(tmp_path / "a.xlsx", {"Sheet1": [HEADER, member_row("张三", pid(1980), branch="档案室支部")]})
    code, out, _err = run(capsys, prepared, "import", str(file), "--dry-run")
    assert code == EXIT_OK and "将新建的党组织：党支部“档案室支部”" in out
    code, out, _err = run(capsys, prepared, "import", str(file), "--branch", "财务处支部", "--json")
    assert code == EXIT_OK and json.loads(out)["new_branches"] == []


def test_whole_file_refusal_exit_1_one_message(capsys: pytest.CaptureFixture[str], prepared: DataPaths,
                                               tmp_path: Path) -> None:
    file = tmp_path / "假的.xlsx"
    file.write_text("not a workbook", encoding="utf-8")
    before = state(prepared)
    code, out, err = run(capsys, prepared, "import", str(file))
    assert code == EXIT_INPUT and out == "" and err.count("\n") == 1 and "不是电子表格" in err
    assert state(prepared) == before


def test_unreadable_file_exit_1_one_chinese_message(capsys: pytest.CaptureFixture[str], prepared: DataPaths,
                                                    tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 12 point 10: no permission to read the file (simulated: the tests run as root, whom chmod 000
    does not stop). Before: a PermissionError traceback."""
    file = write_xlsx(tmp_path / "名册.xlsx", {"Sheet1": [HEADER, member_row("张三", pid(1980))]})
    no_permission(monkeypatch, file)
    before = state(prepared)
    code, out, err = run(capsys, prepared, "import", str(file), "--dry-run")
    assert code == EXIT_INPUT and out == "" and err.count("\n") == 1
    assert "没有读取这个文件的权限" in err and "Traceback" not in err and "Errno" not in err
    assert state(prepared) == before


def test_a_sheet_reaching_xfd1048576_is_refused_not_an_abort(prepared: DataPaths, tmp_path: Path) -> None:
    """Issue 12 point 4, the command of the report: ``python -m djdesk --data-dir DIR members import FILE
    --dry-run`` on a 2 KB file with cells at A1 and XFD1048576. Before: SIGABRT (exit -6)."""
    file = two_cells(tmp_path / "远.xlsx", "XFD1048576")
    before = state(prepared)
    code, out, err = djdesk(tmp_path, "--data-dir", str(prepared.root), "members", "import", str(file), "--dry-run")
    assert (code, out) == (EXIT_INPUT, ""), (code, err)
    assert "数据区域异常大" in err and "第 1048576 行、第 16384 列" in err and err.count("\n") == 1
    assert state(prepared) == before


def test_template_then_import(capsys: pytest.CaptureFixture[str], prepared: DataPaths, tmp_path: Path) -> None:
    out_file = tmp_path / "模板.xlsx"
    code, out, _err = run(capsys, prepared, "template", str(out_file))
    assert code == EXIT_OK and "导入模板" in out and out_file.is_file()
    book = openpyxl.load_workbook(out_file)
    sheet = book["党员名册"]
    for c, value in enumerate(["张三", "男", "汉族", pid(1980), None, "大学本科", "正式党员", "办公室支部",
                               "2010-07-01", "2011-07-01"], start=1):
        if value is not None:
            sheet.cell(row=2, column=c, value=value)
    book.save(out_file)
    code, out, _err = run(capsys, prepared, "import", str(out_file))
    assert code == EXIT_OK and "已导入：新增 1 名" in out and "填写说明" in out


def test_members_list_still_works(capsys: pytest.CaptureFixture[str], prepared: DataPaths) -> None:
    code, out, _err = run(capsys, prepared, "list")
    assert code == EXIT_OK and "共 0 名党员" in out
