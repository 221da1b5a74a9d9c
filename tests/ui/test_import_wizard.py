"""导入党员名册 through the wizard, on the demo database (rules.md §7; R-ID-1, R-ID-4, R-DEV-10).

The clerk's file is messy: a merged title, a 填报单位 subtitle, a blank row, then the header with
the variants rosters use (身份证号, 入党时间, 转正时间, 手机号码); valid rows, one ID Excel stored as a
number (R-ID-4), one date in the future, a 合计 footer. Nothing is written before 导入; a cancelled
import and a file that is not a spreadsheet leave the database as it was (all member rows and the
number of 操作日志 entries compared before and after).
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from PySide6.QtWidgets import QMessageBox

from djdesk.domain.idcard import make_id
from djdesk.paths import DataPaths
from djdesk.services.database import Store, open_store
from djdesk.services.orgs import list_orgs
from djdesk.services.roster_import import remembered_mapping
from djdesk.ui import import_wizard
from djdesk.ui.import_wizard import ImportWizard
from tests.services.test_roster_import_bounds import two_cells
from tests.services.test_roster_import_mends import no_permission
from tests.ui.helpers import choose_file, member_snapshot, saved_messages
from tests.ui.wizard_child import inspect_in_child

HAN = re.compile(r"[\u4e00-\u9fff]")
HEADER = ["序号", "姓名", "性别", "身份证号", "所在党支部", "入党时间", "转正时间", "人员类别", "手机号码", "备注"]
EXPECTED_MAPPING = [None, "name", "gender", "id_number", "branch", "joined_on", "confirmed_on", "category", "phone",
                    "note"]
IDS = {name: make_id("320102", born, seq) for name, born, seq in [
    ("测甲", dt.date(1985, 4, 1), 101), ("测乙", dt.date(1990, 5, 2), 202), ("测丙", dt.date(1988, 6, 3), 303),
    ("测丁", dt.date(1987, 7, 4), 405), ("测戊", dt.date(1986, 8, 5), 507), ("测己", dt.date(1984, 9, 6), 609),
]}
VALID = ["测甲", "测乙", "测丙", "测己"]
INVALID = ["测丁", "测戊"]  # R-ID-4 float ID; a date after today


@pytest.fixture
def store(demo_paths: DataPaths) -> Iterator[Store]:
    opened = open_store(demo_paths)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    """The messy roster: title, subtitle, blank row, header on row 4, six members, a 合计 footer."""
    path = tmp_path / "2026年党员名册.xlsx"
    future = dt.date.today() + dt.timedelta(days=30)
    rows: list[list[object]] = [
        ["1", "测甲", "男", IDS["测甲"], "办公室支部", dt.date(2010, 7, 1), dt.date(2011, 7, 1), "正式党员",
         "13800000001", "备注一"],
        ["2", "测乙", "女", IDS["测乙"], "财务审计处支部", "2015.7.1", "2016年7月1日", "正式党员", "13800000002", ""],
        ["3", "测丙", "男", IDS["测丙"], "公路管理处支部", "2025-12-01", None, "预备党员", None, None],
        ["4", "测丁", "男", float(IDS["测丁"]), "办公室支部", "2010-07-01", "2011-07-01", "正式党员", None, None],
        ["5", "测戊", "男", IDS["测戊"], "办公室支部", future.isoformat(), None, "预备党员", None, None],
        ["6", "测己", "女", IDS["测己"], "离退休支部", "2005-07-01", "2006-01-01", "正式党员", None, None],  # R-DEV-10
    ]
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("党员名册")
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.merge_range(0, 0, 0, len(HEADER) - 1, "中共示例省交通运输厅直属机关委员会党员名册")
    sheet.write_string(1, 0, "填报单位：机关党委")
    sheet.write_string(1, 7, "填报日期：2026年11月")
    for c, text in enumerate(HEADER):
        sheet.write_string(3, c, text)
    for r, row in enumerate(rows, start=4):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), date_format)
            elif isinstance(value, float):
                sheet.write_number(r, c, value)  # R-ID-4: the ID column not formatted as text
            elif value is not None:
                sheet.write_string(r, c, value)
    sheet.write_string(4 + len(rows) + 1, 0, "合计：6人")
    book.close()
    return path


def _members(store: Store) -> dict[str, dict[str, Any]]:
    conn = sqlite3.connect(store.paths.database)
    conn.row_factory = sqlite3.Row
    try:
        rows = conn.execute("SELECT * FROM members WHERE deleted_at IS NULL").fetchall()
    finally:
        conn.close()
    return {r["name"]: dict(r) for r in rows}


def _wizard(qtbot: Any, path: Path, store: Store) -> ImportWizard:
    branches = [(r.id, r.short_name or r.name) for r in list_orgs(store.sessions) if r.kind.is_branch]
    wizard = ImportWizard(path, store.sessions, branches)
    qtbot.addWidget(wizard)
    return wizard


def _columns_page(qtbot: Any, path: Path, store: Store) -> ImportWizard:
    wizard = _wizard(qtbot, path, store)
    qtbot.waitUntil(lambda: bool(wizard.mapping_boxes), timeout=10000)
    return wizard


def _preview(qtbot: Any, wizard: ImportWizard) -> None:
    wizard.make_plan()
    qtbot.waitUntil(lambda: wizard.plan is not None and wizard.pages.currentIndex() == 1, timeout=10000)


def _shown_rows(wizard: ImportWizard) -> list[list[str]]:
    model = wizard.rows
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


@pytest.fixture
def quiet(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """QMessageBox.information/warning/critical recorded instead of shown (they would block)."""
    shown: list[str] = []
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda _p, title, text, *_a, _n=name: shown.append(f"{title}|{text}"))
    return shown


def test_columns_found_under_title_subtitle_and_blank_row(qtbot: Any, roster: Path, store: Store) -> None:
    wizard = _columns_page(qtbot, roster, store)
    boxes = wizard.mapping_boxes["党员名册"]
    assert [boxes[c].currentData() for c in range(len(HEADER))] == EXPECTED_MAPPING
    assert boxes[0].currentText() == "（不导入）" and boxes[3].currentText() == "公民身份号码"
    assert wizard.sheet_tabs.count() == 1
    assert wizard.sheet_tabs.tabText(0) == "党员名册（6 行）"  # title, subtitle, blank row and 合计 not counted
    assert "读取了 1 个工作表" in wizard.status.text()
    assert wizard.pages.isEnabled() and wizard.pages.currentIndex() == 0


def test_changed_column_is_remembered_for_the_next_file(
    qtbot: Any, roster: Path, store: Store, quiet: list[str]
) -> None:
    wizard = _columns_page(qtbot, roster, store)
    note = wizard.mapping_boxes["党员名册"][9]
    note.setCurrentIndex(note.findText("（不导入）"))
    _preview(qtbot, wizard)
    info = wizard.infos[0]
    remembered = remembered_mapping(store.sessions, info.headers)
    assert remembered is not None and remembered[9] is None and remembered[3] == "id_number"
    # A second wizard on the same headers uses the remembered choice and says so.
    again = _columns_page(qtbot, roster, store)
    assert "已使用上次的设置" in again.sheet_tabs.tabText(0)
    assert again.mapping_boxes["党员名册"][9].currentData() is None
    assert again.mapping_boxes["党员名册"][8].currentData() == "phone"
    # The import then leaves 备注 out.
    _preview(qtbot, again)
    again.do_import()
    qtbot.waitUntil(lambda: again.imported, timeout=10000)
    imported = _members(store)
    assert imported["测甲"]["note"] is None and imported["测甲"]["phone"] == "13800000001"
    assert [s.split("|")[0] for s in quiet] == ["导入完成"]


def test_r_id_4_preview_counts_errors_and_filter(qtbot: Any, roster: Path, store: Store) -> None:
    before = member_snapshot(store.paths)
    wizard = _columns_page(qtbot, roster, store)
    _preview(qtbot, wizard)
    status = wizard.status.text()
    for part in ("预览（尚未写入）", "新增 4 名", "更新 0 名", "错误 2 行", "警告 1 行", "忽略 2 行",
                 "有错误的行不会导入"):
        assert part in status, (part, status)
    rows = _shown_rows(wizard)
    by_name = {r[3]: r for r in rows if r[3]}
    assert {n: by_name[n][2] for n in IDS} == {"测甲": "新增", "测乙": "新增", "测丙": "新增", "测丁": "错误",
                                               "测戊": "错误", "测己": "警告"}
    assert by_name["测丁"][1] == "8" and by_name["测丁"][6] == "办公室支部"  # the row number the clerk sees
    # R-ID-4: the message says the digits are lost and to format the column as 文本.
    r_id_4 = by_name["测丁"][-1]
    assert "身份证号：" in r_id_4 and "末尾几位已丢失" in r_id_4 and "文本" in r_id_4
    assert "入党时间：" in by_name["测戊"][-1] and "晚于今天" in by_name["测戊"][-1]
    assert "转正" in by_name["测己"][-1] and "预备期满" in by_name["测己"][-1]  # R-DEV-10: a warning only
    ignored = [r for r in rows if r[2] == "忽略"]
    assert sorted(r[-1] for r in ignored) == ["空行", "表尾（合计、填表人等）"]
    wizard.filter.setCurrentText("错误")
    errors = _shown_rows(wizard)
    assert sorted(r[3] for r in errors) == sorted(INVALID) and {r[2] for r in errors} == {"错误"}
    wizard.filter.setCurrentText("新增")
    assert sorted(r[3] for r in _shown_rows(wizard)) == ["测丙", "测乙", "测甲"]
    wizard.filter.setCurrentText("全部")
    assert len(_shown_rows(wizard)) == len(rows)
    assert wizard.import_button.isEnabled() and wizard.report_button.isEnabled()
    assert member_snapshot(store.paths)[0] == before[0]  # previewing writes no member


def test_error_report_lists_the_error_rows_with_a_problem_column(
    qtbot: Any, roster: Path, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quiet: list[str]
) -> None:
    from openpyxl import load_workbook

    wizard = _columns_page(qtbot, roster, store)
    _preview(qtbot, wizard)
    target = tmp_path / "错误报告.xlsx"
    offered = choose_file(monkeypatch, target)
    said = saved_messages(monkeypatch)
    wizard.save_report()
    assert offered and offered[0].suggested == "2026年党员名册-错误报告.xlsx"
    assert offered[0].folder == roster.parent  # beside the roster
    assert target.exists() and any("错误报告已保存" in s for s in said)
    book = load_workbook(target, read_only=True)
    try:
        cells = [[c for c in row] for ws in book.worksheets for row in ws.iter_rows(values_only=True)]
    finally:
        book.close()
    header = next(r for r in cells if "问题" in r)
    problem = header.index("问题")
    assert "身份证号" in header and "姓名" in header
    body = [r for r in cells if r and r[header.index("姓名")] in IDS]
    assert sorted(r[header.index("姓名")] for r in body) == sorted(INVALID)
    by_name = {r[header.index("姓名")]: r for r in body}
    assert "文本" in by_name["测丁"][problem] and "晚于今天" in by_name["测戊"][problem]


def test_import_writes_only_the_valid_rows(qtbot: Any, roster: Path, store: Store, quiet: list[str]) -> None:
    before = _members(store)
    audit_before = member_snapshot(store.paths)[1]
    wizard = _columns_page(qtbot, roster, store)
    _preview(qtbot, wizard)
    wizard.do_import()
    qtbot.waitUntil(lambda: wizard.imported, timeout=10000)
    after = _members(store)
    assert len(after) == len(before) + len(VALID)
    assert set(after) - set(before) == set(VALID)
    assert (after["测甲"]["id_number"], after["测甲"]["joined_on"]) == (IDS["测甲"], "2010-07-01")
    assert (after["测乙"]["joined_on"], after["测乙"]["confirmed_on"]) == ("2015-07-01", "2016-07-01")
    assert after["测丙"]["category"] == "PROBATIONARY" and after["测甲"]["note"] == "备注一"
    assert after["测己"]["confirmed_on"] == "2006-01-01"  # a warning does not keep the row out
    orgs = {r.id: r.short_name for r in list_orgs(store.sessions)}
    assert orgs[after["测乙"]["organization_id"]] == "财务审计处支部"
    assert member_snapshot(store.paths)[1] > audit_before
    assert any(s.startswith("导入完成|") and "已新增 4 名" in s and "2 行有错误未导入" in s for s in quiet)
    assert wizard.result() == ImportWizard.DialogCode.Accepted


class _CancelAtOnce:
    """Stands in for QProgressDialog: the clerk presses 取消 before the first row is written."""

    class _Pressed:
        def connect(self, slot: Any) -> None:
            slot()

    def __init__(self, *_args: Any) -> None:
        self.canceled = self._Pressed()
        self.closed = False

    def setWindowTitle(self, _text: str) -> None:
        pass

    def setMinimumDuration(self, _ms: int) -> None:
        pass

    def setValue(self, _value: int) -> None:
        pass

    def close(self) -> bool:
        self.closed = True
        return True


def test_cancelled_import_leaves_the_database_unchanged(
    qtbot: Any, roster: Path, store: Store, monkeypatch: pytest.MonkeyPatch, quiet: list[str]
) -> None:
    wizard = _columns_page(qtbot, roster, store)
    _preview(qtbot, wizard)
    before = member_snapshot(store.paths)
    monkeypatch.setattr(import_wizard, "QProgressDialog", _CancelAtOnce)
    wizard.do_import()
    qtbot.waitUntil(lambda: any(s.startswith("已取消|") for s in quiet), timeout=10000)
    assert any("数据库没有任何改动" in s for s in quiet)
    assert not wizard.imported and wizard.result() != ImportWizard.DialogCode.Accepted
    assert member_snapshot(store.paths) == before
    assert not set(VALID) & set(_members(store))


def test_file_that_is_not_a_spreadsheet_is_refused(
    qtbot: Any, tmp_path: Path, store: Store, quiet: list[str]
) -> None:
    before = member_snapshot(store.paths)
    fake = tmp_path / "名册.xlsx"
    fake.write_text("姓名,身份证号\n张三,110105198005060117\n", encoding="utf-8")
    wizard = _wizard(qtbot, fake, store)
    qtbot.waitUntil(lambda: bool(quiet), timeout=10000)
    assert len(quiet) == 1
    _title, message = quiet[0].split("|", 1)
    assert HAN.search(message) and "不是电子表格" in message and "名册.xlsx" in message
    assert wizard.status.text() == "没有导入任何数据。"
    assert wizard.mapping_boxes == {} and wizard.plan is None
    assert member_snapshot(store.paths) == before


def test_a_sheet_reaching_xfd1048576_is_refused_not_an_abort(data_paths: DataPaths, tmp_path: Path) -> None:
    """Issue 12 point 4: the wizard's file inspection died with the reader (SIGABRT). Run in a child
    process (tests/ui/wizard_child.py), so that an abort fails this test and not the test run."""
    file = two_cells(tmp_path / "远.xlsx", "XFD1048576")
    code, report, stderr = inspect_in_child(data_paths.root, file)
    assert code == 0, (code, stderr)
    assert len(report["shown"]) == 1 and report["sheets"] == [] and report["unchanged"] is True
    _title, message = report["shown"][0].split("|", 1)
    assert "数据区域异常大" in message and "第 1048576 行、第 16384 列" in message and "远.xlsx" in message
    assert report["status"] == "没有导入任何数据。"


def test_an_unreadable_file_is_refused_in_chinese(qtbot: Any, tmp_path: Path, store: Store, quiet: list[str],
                                                   roster: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 12 point 10: no permission to read the file (simulated, the tests run as root). Before: the
    «程序遇到问题» box with a PermissionError's English text."""
    no_permission(monkeypatch, roster)
    before = member_snapshot(store.paths)
    wizard = _wizard(qtbot, roster, store)
    qtbot.waitUntil(lambda: bool(quiet), timeout=10000)
    title, message = quiet[0].split("|", 1)
    assert title == "无法完成" and "没有读取这个文件的权限" in message and "Errno" not in message
    assert wizard.mapping_boxes == {} and member_snapshot(store.paths) == before


def test_sheet_branch_from_title_shown_and_changeable(qtbot: Any, store: Store, tmp_path: Path,
                                                      quiet: list[str]) -> None:
    """A sheet without a branch column: the wizard says its branch came from the title and lets the clerk change
    it; the preview shows each row's values as stored; 返回修改列 drops the preview, and 预览 recomputes it."""
    import xlsxwriter

    path = tmp_path / "花名册.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Sheet1")
    for r, values in enumerate([["机关第三党支部党员花名册"], ["姓名", "性别", "公民身份号码", "入党时间", "转正时间"],
                                ["测甲", "男", IDS["测甲"], "2010-07-01", "2011-07-01"]]):
        for c, value in enumerate(values):
            sheet.write_string(r, c, value)
    book.close()
    wizard = _columns_page(qtbot, path, store)
    box = wizard.branch_boxes["Sheet1"]
    assert box.currentText() == "机关第三党支部"
    _preview(qtbot, wizard)
    shown = _shown_rows(wizard)[0]
    assert shown[3:10] == ["测甲", "男", "1985-04-01", "机关第三党支部", "正式党员", "2010-07-01", "2011-07-01"]
    assert "机关第三党支部" in wizard.status.text() and "将新建的党组织" in wizard.status.text()
    wizard.back_to_columns()
    assert wizard.plan is None and wizard.pages.currentIndex() == 0 and _shown_rows(wizard) == []
    box.setCurrentText("办公室支部")
    _preview(qtbot, wizard)
    assert _shown_rows(wizard)[0][6] == "办公室支部" and "将新建的党组织" not in wizard.status.text()
