"""Smaller mends of the roster reader found by hostile tests (issue 12 point 10).

A file is read by its content whatever its name says; a file the system will not let us read is
refused in Chinese; names lose the invisible bidi controls; a CSV cut off in its last row reports
that row instead of making a branch of its half cell; a date cell holding Excel's serial 60 (the
1900-02-29 that never existed) is an error, not 1900-02-28.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter

from djdesk.paths import DataPaths
from djdesk.services.roster_import import apply_import, error_lines, plan_import
from tests.services.test_roster_import_files import refused
from tests.services.test_roster_import_support import (
    FIXTURES,
    HEADER,
    TODAY,
    member_row,
    members_by_name,
    open_fresh,
    pid,
    snapshot,
    write_xlsx,
)

BIDI = ["\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


@pytest.mark.parametrize("fixture", ["small.xls", "small.ods"])
def test_a_workbook_named_xlsx_is_read_by_its_content(data_paths: DataPaths, tmp_path: Path, fixture: str) -> None:
    """Before: calamine chose its reader by the extension and the file was «已损坏»."""
    file = tmp_path / "名册.xlsx"
    shutil.copyfile(FIXTURES / fixture, file)
    store, _ids = open_fresh(data_paths)
    try:
        plan = plan_import(store.sessions, file, today=TODAY)
    finally:
        store.close()
    assert [(r.row, r.name, r.branch) for r in plan.rows] == [(4, "赵一", "第一支部"), (5, "钱二", "第一支部")]


def test_an_xlsx_named_xls_is_read_by_its_content(data_paths: DataPaths, tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", {"名册": [HEADER, member_row("张三", pid(1980))]})
    file = tmp_path / "名册.xls"
    shutil.copyfile(good, file)
    store, _ids = open_fresh(data_paths)
    try:
        plan = plan_import(store.sessions, file, today=TODAY)
    finally:
        store.close()
    assert [(r.name, r.status.label) for r in plan.rows] == [("张三", "新增")]


def no_permission(monkeypatch: pytest.MonkeyPatch, file: Path) -> None:
    """``file`` cannot be opened, as under chmod 000 for another user. The tests run as root, whom
    chmod 000 does not stop, so ``Path.open`` (every read of the reader goes through it) is patched."""
    original = Path.open

    def refuse(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == file:
            raise PermissionError(13, "Permission denied", str(self))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)


def test_a_file_without_read_permission_is_refused_in_chinese(data_paths: DataPaths, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: a PermissionError traceback."""
    file = write_xlsx(tmp_path / "名册.xlsx", {"名册": [HEADER, member_row("张三", pid(1980))]})
    no_permission(monkeypatch, file)
    message = refused(data_paths, file, "名册.xlsx", "没有读取这个文件的权限")
    assert "Permission" not in message and "Errno" not in message


def test_bidi_controls_are_dropped_from_imported_names(data_paths: DataPaths, tmp_path: Path) -> None:
    """U+202E (right-to-left override) and the like come along when a name is copied from a web page
    or chat; the stored name, the search keys and the duplicate checks must not see them."""
    names = [f"{BIDI[i]}张{BIDI[-1 - i]}三{BIDI[(i + 3) % len(BIDI)]}" for i in range(len(BIDI))]
    rows = [HEADER, *(member_row(name, pid(1980 + i, seq=11 + 2 * i)) for i, name in enumerate(names))]
    file = write_xlsx(tmp_path / "名册.xlsx", {"名册": rows})
    store, _ids = open_fresh(data_paths)
    try:
        plan = plan_import(store.sessions, file, today=TODAY)
        assert {r.name for r in plan.rows} == {"张三"} and plan.invalid == 0
        apply_import(store.sessions, plan)
        stored = members_by_name(store.sessions)
    finally:
        store.close()
    assert set(stored) == {"张三"}
    assert {(m["name_initials"], m["name_pinyin"]) for m in stored.values()} == {("zs", "zhangsan")}


def _csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _csv_plan(data_paths: DataPaths, file: Path) -> tuple[Any, tuple[Any, ...], tuple[Any, ...]]:
    store, _ids = open_fresh(data_paths)
    try:
        before = snapshot(store.sessions)
        plan = plan_import(store.sessions, file, today=TODAY)
        after = snapshot(store.sessions)
    finally:
        store.close()
    return plan, before, after


def _lines(*rows: list[object]) -> str:
    return "\r\n".join(",".join(str(v) for v in row) for row in rows)


def test_a_csv_cut_off_in_its_last_row_reports_that_row(data_paths: DataPaths, tmp_path: Path) -> None:
    """A file still being written: the last line has fewer fields than the header and no line end.
    Before: its half cell «办公» became a new branch to create."""
    text = _lines(HEADER, member_row("张三", pid(1980))) + "\r\n" + f"李四,女,{pid(1985, seq=12)},办公"
    plan, before, after = _csv_plan(data_paths, _csv(tmp_path / "名册.csv", text))
    assert after == before
    assert [(r.row, r.status.label) for r in plan.rows] == [(2, "新增"), (3, "错误")]
    assert plan.new_branches == [] and plan.organisations_to_create() == []
    assert error_lines(plan) == [
        "名册 第3行：这一行看起来被截断了（只有 4 项，表头有 7 项，且文件末尾没有换行），可能文件还没有保存完："
        "请等文件保存完毕或重新导出后再导入"]


def test_a_csv_ending_inside_a_quoted_field_reports_the_last_row(data_paths: DataPaths, tmp_path: Path) -> None:
    text = _lines(HEADER, member_row("张三", pid(1980))) + "\r\n" + f'李四,女,{pid(1985, seq=12)},"办公室\r\n'
    plan, _before, _after = _csv_plan(data_paths, _csv(tmp_path / "名册.csv", text))
    assert [(r.row, r.status.label) for r in plan.rows] == [(2, "新增"), (3, "错误")]
    assert "最后一项的引号没有闭合" in plan.rows[1].errors[0].message
    assert plan.new_branches == []


@pytest.mark.parametrize("ending", ["", "\r\n"])
def test_a_complete_csv_last_row_is_imported_with_or_without_a_line_end(data_paths: DataPaths, tmp_path: Path,
                                                                       ending: str) -> None:
    """The check does not bite a whole last row; a quoted field with a line break is whole too."""
    last = member_row("李四", pid(1985, seq=12), gender="女", branch='"财务处\r\n支部"')
    text = _lines(HEADER, member_row("张三", pid(1980)), last) + ending
    plan, _before, _after = _csv_plan(data_paths, _csv(tmp_path / "名册.csv", text))
    assert [(r.name, r.status.label) for r in plan.rows] == [("张三", "新增"), ("李四", "新增")]


def _serial_roster(path: Path) -> Path:
    """加入党组织日期 as date cells holding the serials 60, 59 and 40000."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("第一支部")
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, HEADER)
    for r, (name, number, serial) in enumerate(
            [("赵一", pid(1980), 60), ("钱二", pid(1985, seq=12), 59), ("孙三", pid(1970, seq=13), 40000)], start=1):
        sheet.write_row(r, 0, [name, "女" if r == 2 else "男", number, "第一支部"])
        sheet.write_number(r, 4, serial, date)
        sheet.write_string(r, 6, "预备党员")
    book.close()
    return path


@pytest.mark.parametrize("source", ["xlsx", "xls"])
def test_a_date_cell_holding_serial_60_is_the_day_that_never_was(data_paths: DataPaths, tmp_path: Path,
                                                                source: str) -> None:
    """Excel and WPS show serial 60 as 1900-02-29; calamine gives 1900-02-28, as for serial 59.
    (serial60.xls is the same roster saved by LibreOffice as .xls.)"""
    file = _serial_roster(tmp_path / "名册.xlsx") if source == "xlsx" else FIXTURES / "serial60.xls"
    store, _ids = open_fresh(data_paths)
    try:
        plan = plan_import(store.sessions, file, today=TODAY)
    finally:
        store.close()
    joined = {r.name: [m.message for m in r.errors if m.field == "joined_on"] for r in plan.rows}
    assert joined["赵一"] == ["日期不存在：1900年2月29日"]
    assert not any("2月29日" in m for m in joined["钱二"])  # serial 59 is 1900-02-28 (before birth: another error)
    assert joined["孙三"] == [] and plan.rows[2].values["joined_on"] == dt.date(2009, 7, 6)
